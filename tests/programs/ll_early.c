/* ll_early: a thread that exists before the shim's constructor reads a file.
 *
 * One file, two roles (as tests/programs/early_thread.c):
 *
 *   cc -shared -fPIC -DEARLY_LIBRARY ll_early.c -o libllearly.so
 *       the library: its constructor starts a thread and returns once it
 *       runs; the thread waits until ll_early_read() wakes it, then opens
 *       and reads the file named by LL_EARLY_FILE (read at construction).
 *       With LL_EARLY_BLOCK set, the thread blocks every signal first.
 *   cc ll_early.c -L. -lllearly -o ll_early   (the Makefile builds it
 *       without the library: ll_early_read is then missing and it exits 3)
 *       the program: prints "early thread read ENAME" (or "ok").
 *
 * libllearly.so is a needed library and libpreseal.so a preload, so ld.so
 * runs the library's constructor, and starts the thread, before the shim's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef EARLY_LIBRARY

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

int ll_early_read(void);

static pthread_t thread;
static int go[2];
static int started, answer = -1;
static char target[4096];
static int block_signals;

static void *early_main(void *unused)
{
	char byte;
	int fd;

	(void)unused;
	if (block_signals) {
		sigset_t all;

		sigfillset(&all);
		pthread_sigmask(SIG_BLOCK, &all, NULL);
	}
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	if (read(go[0], &byte, 1) != 1)
		return NULL;
	fd = open(target, O_RDONLY | O_CLOEXEC);
	answer = fd < 0 ? errno : (read(fd, &byte, 1) < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
	return NULL;
}

__attribute__((constructor)) static void early_start(void)
{
	const char *file = getenv("LL_EARLY_FILE");

	snprintf(target, sizeof(target), "%s", file ? file : "/nonexistent");
	block_signals = getenv("LL_EARLY_BLOCK") != NULL;
	if (pipe(go) != 0 || pthread_create(&thread, NULL, early_main, NULL) != 0)
		abort();
	while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE))
		usleep(100);
}

__attribute__((visibility("default"))) int ll_early_read(void)
{
	if (write(go[1], "x", 1) != 1 || pthread_join(thread, NULL) != 0)
		return -1;
	return answer;
}

#else

int ll_early_read(void) __attribute__((weak));

int main(void)
{
	int answer;

	if (!ll_early_read)
		return 3;
	answer = ll_early_read();
	if (answer < 0)
		return 1;
	printf("early thread read %s\n", answer == 0 ? "ok" : strerrorname_np(answer));
	return 0;
}

#endif
