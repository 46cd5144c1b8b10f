/* early_thread: a thread that exists before the shim's constructor runs.
 *
 * One file, two roles:
 *
 *   cc -shared -fPIC -DEARLY_LIBRARY early_thread.c -o libearly.so
 *       the library: its constructor starts a thread, waits until that
 *       thread has read its own "Seccomp:" line, and returns.  The thread
 *       then sleeps until early_report() wakes it, tries mkdir(DIR), and
 *       reads its "Seccomp:" line again.
 *   cc early_thread.c -L. -learly -o early_thread     (the Makefile builds
 *       it without -learly: early_report is then missing and it exits 3)
 *       the program: early_thread DIR prints the thread's report,
 *       "early thread: Seccomp 0 at start, mkdir EPERM, Seccomp 2 after".
 *
 * Why the thread is there before the filter: the program links libearly.so
 * (DT_NEEDED), and libpreseal.so comes in through LD_PRELOAD.  ld.so runs
 * constructors dependencies first; libearly.so and libpreseal.so do not
 * depend on each other, so they keep their load order, preloads before
 * needed libraries, and run in reverse: libc, then libearly.so, then
 * libpreseal.so, then the program.  The thread's first report ("Seccomp 0
 * at start") is read before its constructor returns, so the test can see
 * that the construction held.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef EARLY_LIBRARY

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

int early_report(const char *dir, char *report, size_t size);

static pthread_t thread;
static int go[2];
static int seccomp_at_start = -1, seccomp_after = -1;
static int mkdir_error = -1;
static const char *target;

static int own_seccomp_mode(void)
{
	FILE *status = fopen("/proc/thread-self/status", "r");
	char line[256];
	int mode = -1;

	if (!status)
		return -1;
	while (fgets(line, sizeof(line), status))
		if (strncmp(line, "Seccomp:", 8) == 0)
			mode = atoi(line + 8);
	fclose(status);
	return mode;
}

static void *early_main(void *unused)
{
	char byte;

	(void)unused;
	__atomic_store_n(&seccomp_at_start, own_seccomp_mode(), __ATOMIC_RELEASE);
	if (read(go[0], &byte, 1) != 1)
		return NULL;
	mkdir_error = mkdir(target, 0755) == 0 ? 0 : errno;
	seccomp_after = own_seccomp_mode();
	return NULL;
}

__attribute__((constructor)) static void early_start(void)
{
	if (pipe(go) != 0 || pthread_create(&thread, NULL, early_main, NULL) != 0)
		abort();
	while (__atomic_load_n(&seccomp_at_start, __ATOMIC_ACQUIRE) == -1)
		usleep(100);
}

__attribute__((visibility("default"))) int early_report(const char *dir, char *report, size_t size)
{
	target = dir;
	if (write(go[1], "g", 1) != 1 || pthread_join(thread, NULL) != 0)
		return -1;
	snprintf(report, size, "early thread: Seccomp %d at start, mkdir %s, Seccomp %d after",
		 seccomp_at_start,
		 mkdir_error == 0  ? "OK"
		 : mkdir_error > 0 ? strerrorname_np(mkdir_error)
				   : "?",
		 seccomp_after);
	return 0;
}

#else

int early_report(const char *dir, char *report, size_t size) __attribute__((weak));

int main(int argc, char **argv)
{
	char report[256];

	if (argc < 2) {
		fprintf(stderr, "usage: early_thread DIR\n");
		return 2;
	}
	if (!early_report) {
		fprintf(stderr, "early_thread: not linked with libearly.so\n");
		return 3;
	}
	if (early_report(argv[1], report, sizeof(report)) != 0)
		return 1;
	puts(report);
	return 0;
}

#endif
