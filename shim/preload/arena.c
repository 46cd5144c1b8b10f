/* arena: libpreseal.so's allocator, and its backstop when memory runs out.
 *
 * Like oom.c (which the compiler module keeps), this is where every
 * allocation made by code inside libpreseal.so arrives first (the library
 * is linked with --wrap=malloc,calloc,realloc,free), and one that fails
 * ends the program with one line and status 125.  Unlike it, the fast
 * path's few allocations (the filter program, a path, the environment with
 * PRESEAL_FILTER) come from a bump arena in .bss.  libc's malloc costs a
 * start more than it gives here: its first call seeds its tcache with
 * getrandom(), grows the heap with brk() and faults in the heap's first
 * pages, each fault about 25 us on a virtual machine; a .bss page costs one
 * fault and nothing else.  What does not fit goes to libc.
 *
 * Only the constructor allocates, before main and before the program can
 * start a thread, so the arena takes no lock.  Blocks handed to libc or to
 * the program are never freed by them: the environment array replaces
 * environ, which libc's setenv() copies rather than frees.
 */
#include <fcntl.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define EXIT_NOT_CONFINED 125
#define ARENA_SIZE	  (64u * 1024)
#define HEADER		  16u /* holds the block's size; keeps blocks 16-aligned */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void __real_free(void *pointer);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);
void __wrap_free(void *pointer);

static alignas(16) unsigned char arena[ARENA_SIZE];
static size_t used;	    /* bytes of the arena handed out */
static unsigned char *last; /* the latest block: it may grow or be taken back */

static __attribute__((noreturn)) void out_of_memory(void)
{
	static const char line[] = "preseal: out of memory\n";

	if (fcntl(STDERR_FILENO, F_GETFD) >= 0)
		(void)!write(STDERR_FILENO, line, sizeof(line) - 1);
	_exit(EXIT_NOT_CONFINED);
}

static size_t rounded(size_t size)
{
	return (size + HEADER - 1) / HEADER * HEADER;
}

static bool in_arena(const void *pointer)
{
	uintptr_t at = (uintptr_t)pointer;

	return at >= (uintptr_t)arena && at < (uintptr_t)arena + ARENA_SIZE;
}

static size_t size_of(const unsigned char *block)
{
	size_t size;

	memcpy(&size, block - HEADER, sizeof(size));
	return size;
}

static void *take(size_t size)
{
	unsigned char *block;

	if (size > ARENA_SIZE - HEADER || rounded(size) + HEADER > ARENA_SIZE - used)
		return NULL;
	block = arena + used + HEADER;
	memcpy(block - HEADER, &size, sizeof(size));
	used += HEADER + rounded(size);
	last = block;
	return block;
}

void *__wrap_malloc(size_t size)
{
	void *result = take(size);

	if (!result)
		result = __real_malloc(size);
	if (!result)
		out_of_memory();
	return result;
}

void *__wrap_calloc(size_t count, size_t size)
{
	void *result;

	if (size && count > SIZE_MAX / size)
		out_of_memory();
	result = take(count * size);
	if (result)
		memset(result, 0, count * size); /* a block taken back may be reused */
	else
		result = __real_calloc(count, size);
	if (!result && count && size)
		out_of_memory();
	return result;
}

void __wrap_free(void *pointer)
{
	if (!in_arena(pointer)) {
		__real_free(pointer);
		return;
	}
	/* Only the latest block is taken back; the others stay until exit. */
	if (pointer == last) {
		used = (size_t)(last - arena) - HEADER;
		last = NULL;
	}
}

void *__wrap_realloc(void *pointer, size_t size)
{
	unsigned char *block = pointer;
	void *result;

	if (!pointer)
		return __wrap_malloc(size);
	if (!in_arena(pointer)) {
		result = __real_realloc(pointer, size);
		if (!result && size)
			out_of_memory();
		return result;
	}
	if (block == last && rounded(size) <= ARENA_SIZE - (size_t)(block - arena)) {
		/* The latest block grows or shrinks in place. */
		memcpy(block - HEADER, &size, sizeof(size));
		used = (size_t)(block - arena) + rounded(size);
		return block;
	}
	result = __wrap_malloc(size);
	memcpy(result, block, size < size_of(block) ? size : size_of(block));
	__wrap_free(block);
	return result;
}
