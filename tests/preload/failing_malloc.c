/* failing_malloc: an LD_PRELOAD allocator that fails the shim's allocations.
 *
 * Built at test time (cc -shared) and preloaded before libpreseal.so.  Only
 * calls made from code inside libpreseal.so (the shim with libseccomp and
 * libconfig linked in) are counted; ld.so, libc and the program allocate
 * as usual.
 *
 *   FAILING_MALLOC_FROM=N   the Nth counted call and every later one fail
 *                           (ENOMEM), as when memory runs out;
 *   FAILING_MALLOC_COUNT=FILE  at exit, the number of counted calls is
 *                           written to FILE (not to stderr: coreutils close
 *                           it before the library's destructor runs).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *pointer, size_t size);

static __thread int inside;
static unsigned long counted;

/* True when this call, from CALLER, should fail. */
static int should_fail(const void *caller)
{
	static long from = -1;
	Dl_info info;
	const char *text;
	int from_shim;

	if (inside)
		return 0;
	inside = 1;
	from_shim = dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libpreseal");
	inside = 0;
	if (!from_shim)
		return 0;
	counted++;
	if (from < 0) {
		text = getenv("FAILING_MALLOC_FROM");
		from = text ? strtol(text, NULL, 10) : 0;
	}
	return from > 0 && counted >= (unsigned long)from;
}

void *malloc(size_t size)
{
	if (should_fail(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
	if (should_fail(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size)
{
	if (should_fail(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(pointer, size);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("FAILING_MALLOC_COUNT");
	char line[64];
	int length, fd;

	if (!path)
		return;
	length = snprintf(line, sizeof(line), "%lu\n", counted);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)!write(fd, line, (size_t)length);
		close(fd);
	}
}
