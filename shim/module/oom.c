/* oom: the shim's backstop when memory runs out inside code it does not own.
 *
 * libconfig 1.5 and libseccomp do not check every allocation: libconfig's
 * parser dereferences NULL and its scanner calls exit(2).  So libpreseal.so
 * is linked with --wrap=malloc,calloc,realloc (see the Makefile): every
 * allocation made by code inside the shim comes here first, and one that
 * fails ends the program, before main, with one line and status 125, as
 * any other failure to confine does.  The program's own allocations are
 * never wrapped, and the command and the tests are linked without --wrap,
 * so these functions are unused there.
 */
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#define EXIT_NOT_CONFINED 125

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);

static __attribute__((noreturn)) void out_of_memory(void)
{
	static const char line[] = "preseal: out of memory\n";

	/* Checked only now: a constructor of ours that made a syscall on
	 * every start would break the rule that, after an exec, the shim makes
	 * none the policy did not grant before it decides to skip.  A file
	 * the shim opened itself under number 2 is read-only or its own memfd,
	 * so the line cannot land anywhere that matters. */
	if (fcntl(STDERR_FILENO, F_GETFD) >= 0)
		(void)!write(STDERR_FILENO, line, sizeof(line) - 1);
	_exit(EXIT_NOT_CONFINED);
}

void *__wrap_malloc(size_t size)
{
	void *result = __real_malloc(size);

	if (!result)
		out_of_memory();
	return result;
}

void *__wrap_calloc(size_t count, size_t size)
{
	void *result = __real_calloc(count, size);

	if (!result && count && size)
		out_of_memory();
	return result;
}

void *__wrap_realloc(void *pointer, size_t size)
{
	void *result = __real_realloc(pointer, size);

	if (!result && size)
		out_of_memory();
	return result;
}
