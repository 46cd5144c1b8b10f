/* text: joining strings without stdio.
 *
 * The shim's fast path runs at every process start, where the first call
 * into stdio's formatting costs page faults in libc that most programs
 * never pay otherwise (a tenth of a millisecond on a virtual machine).
 * These cover what that path formats: names joined, and 64-bit tokens.
 */
#ifndef PRESEAL_TEXT_H
#define PRESEAL_TEXT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The strings after SIZE, up to a NULL, joined into BUFFER (always
 * terminated when SIZE > 0).  Returns the length of the whole join, as
 * snprintf does: the result was cut when it is SIZE or more. */
static inline size_t text_join(char *buffer, size_t size, ...)
{
	size_t length = 0;
	const char *part;
	va_list parts;

	va_start(parts, size);
	while ((part = va_arg(parts, const char *)))
		for (; *part; part++, length++)
			if (length + 1 < size)
				buffer[length] = *part;
	va_end(parts);
	if (size)
		buffer[length < size ? length : size - 1] = '\0';
	return length;
}

/* getenv(NAME) without calling into libc: the first NAME=value in environ,
 * as glibc's getenv finds it. */
static inline const char *text_getenv(const char *name)
{
	extern char **environ;

	for (char **entry = environ; entry && *entry; entry++) {
		const char *a = *entry, *b = name;

		while (*b && *a == *b)
			a++, b++;
		if (!*b && *a == '=')
			return a + 1;
	}
	return NULL;
}

/* strdup(TEXT) through malloc, which in libpreseal.so is its own (see
 * arena.c): libc's strdup would call libc's malloc directly. */
static inline char *text_dup(const char *text)
{
	size_t size = strlen(text) + 1;
	char *copy = malloc(size);

	return copy ? memcpy(copy, text, size) : NULL;
}

/* VALUE as 16 lowercase hex digits and a NUL, as "%016" PRIx64 writes it. */
static inline void text_hex64(char out[17], uint64_t value)
{
	for (int i = 15; i >= 0; i--, value >>= 4)
		out[i] = "0123456789abcdef"[value & 15];
	out[16] = '\0';
}

#endif
