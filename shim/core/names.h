/* names: the data preseal knows by name.
 *
 * Errno names, constants usable as argument values, and the built-in syscall
 * groups.  All of it is written as data in config/ and turned into sorted
 * tables at build time (scripts/gen-names.sh); lookups are binary searches.
 * Nothing here allocates, and nothing here knows about libseccomp.
 */
#ifndef PRESEAL_NAMES_H
#define PRESEAL_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* Names are held in place, not by pointer: a table of pointers costs one
 * relocation per entry, written by ld.so into the shim at every start of
 * every program. */
#define NAMES_NAME_SIZE 40

struct name_value {
	char name[NAMES_NAME_SIZE];
	uint64_t value;
};

struct syscall_group {
	const char *name;	    /* without the leading '@' */
	const char *description;    /* one line */
	const char *const *members; /* syscall names, or "@group" for a nested group */
	size_t member_count;
};

/* "EPERM" -> 1.  Returns 0, or -ENOENT for an unknown name. */
int names_errno(const char *name, int *value);
/* 1 -> "EPERM", or NULL when no name is known. */
const char *names_errno_name(int value);

/* "AF_UNIX" -> 1.  Returns 0, or -ENOENT. */
int names_constant(const char *name, uint64_t *value);

/* Parses an argument value: numbers (decimal, 0x hex, 0 octal, a leading '-'
 * for two's complement) and constant names, joined with '|', spaces allowed
 * around '|'.  Returns 0; -ENOENT with *bad set to the first unknown token
 * (pointing into EXPR, length *bad_length); -EINVAL for an empty token or a
 * number out of range (also reported through *bad). */
int names_parse_value(const char *expr, uint64_t *value, const char **bad, size_t *bad_length);

/* Built-in groups, by name without '@'.  NULL when unknown. */
const struct syscall_group *names_group(const char *name);
/* Every built-in group, sorted by name. */
const struct syscall_group *names_groups(size_t *count);

/* The whole tables, sorted by name, for tests and for `preseal groups`. */
const struct name_value *names_errno_table(size_t *count);
const struct name_value *names_constant_table(size_t *count);

#endif
