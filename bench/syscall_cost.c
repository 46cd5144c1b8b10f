/* syscall_cost: nanoseconds per system call, under whatever filter is in
 * place (`make bench` runs it with and without the shim).
 *
 *   syscall_cost getppid|ioctl ITERATIONS
 *
 * getppid is the cheapest call there is; ioctl(-1, FIONREAD) fails with
 * EBADF straight after the filter, so it measures the filter's argument
 * checks.  The calls run in 200 batches and the fastest batch is printed,
 * in ns per call: on a shared machine other work only ever adds time, so
 * the fastest batch is the closest to the call's own cost.
 * Only write, exit_group and the vDSO clock are needed besides the call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

static void call_many(int use_ioctl, long count)
{
	for (long i = 0; i < count; i++) {
		if (use_ioctl)
			syscall(SYS_ioctl, -1, FIONREAD, 0);
		else
			syscall(SYS_getppid);
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
	long iterations, per_batch;
	int use_ioctl;
	char line[64];
	int length;

	if (argc != 3 || (strcmp(argv[1], "getppid") && strcmp(argv[1], "ioctl"))) {
		fprintf(stderr, "usage: syscall_cost getppid|ioctl ITERATIONS\n");
		return 2;
	}
	use_ioctl = strcmp(argv[1], "ioctl") == 0;
	iterations = atol(argv[2]);
	per_batch = iterations / BATCHES > 0 ? iterations / BATCHES : 1;
	call_many(use_ioctl, per_batch); /* warm up */
	for (int b = 0; b < BATCHES; b++) {
		double start = now_ns();

		call_many(use_ioctl, per_batch);
		batches[b] = (now_ns() - start) / (double)per_batch;
	}
	qsort(batches, BATCHES, sizeof(batches[0]), compare);
	length = snprintf(line, sizeof(line), "%.2f\n", batches[0]);
	return write(STDOUT_FILENO, line, (size_t)length) == length ? 0 : 1;
}
