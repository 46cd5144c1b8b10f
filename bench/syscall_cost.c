/* syscall_cost: nanoseconds per system call, under whatever filter is in
 * place (`make bench` runs it with and without the shim).
 *
 *   syscall_cost getppid|ioctl|openat|stat ITERATIONS [FILE]
 *
 * getppid is the cheapest call there is; ioctl(-1, FIONREAD) fails with
 * EBADF straight after the filter, so it measures the filter's argument
 * checks; openat (with close) and stat of FILE measure the path walk a
 * Landlock ruleset adds to.  The calls run in 200 batches and the fastest batch is printed,
 * in ns per call: on a shared machine other work only ever adds time, so
 * the fastest batch is the closest to the call's own cost.
 * Only write, exit_group and the vDSO clock are needed besides the call.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 200

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

enum call { CALL_GETPPID, CALL_IOCTL, CALL_OPENAT, CALL_STAT };

static const char *file = "/usr/bin/true";

static void call_many(enum call call, long count)
{
	struct stat st;

	for (long i = 0; i < count; i++) {
		switch (call) {
		case CALL_GETPPID:
			syscall(SYS_getppid);
			break;
		case CALL_IOCTL:
			syscall(SYS_ioctl, -1, FIONREAD, 0);
			break;
		case CALL_OPENAT:
			close((int)syscall(SYS_openat, AT_FDCWD, file, O_RDONLY | O_CLOEXEC));
			break;
		case CALL_STAT:
			syscall(SYS_newfstatat, AT_FDCWD, file, &st, 0);
			break;
		}
	}
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	double batches[BATCHES];
	static const char *const names[] = { "getppid", "ioctl", "openat", "stat" };
	long iterations, per_batch;
	enum call use_call = CALL_GETPPID;
	char line[64];
	int length, known = 0;

	for (int i = 0; i < 4 && argc >= 3; i++)
		if (strcmp(argv[1], names[i]) == 0) {
			use_call = (enum call)i;
			known = 1;
		}
	if (!known || argc > 4) {
		fprintf(stderr,
			"usage: syscall_cost getppid|ioctl|openat|stat ITERATIONS [FILE]\n");
		return 2;
	}
	if (argc == 4)
		file = argv[3];
	iterations = atol(argv[2]);
	per_batch = iterations / BATCHES > 0 ? iterations / BATCHES : 1;
	call_many(use_call, per_batch); /* warm up */
	for (int b = 0; b < BATCHES; b++) {
		double start = now_ns();

		call_many(use_call, per_batch);
		batches[b] = (now_ns() - start) / (double)per_batch;
	}
	qsort(batches, BATCHES, sizeof(batches[0]), compare);
	length = snprintf(line, sizeof(line), "%.2f\n", batches[0]);
	return write(STDOUT_FILENO, line, (size_t)length) == length ? 0 : 1;
}
