/* names: errno names, argument constants and syscall groups, looked up by name.
 *
 * The tables come from the lists in config/ through scripts/gen-names.sh, which
 * writes names_data.c (build/gen/) sorted by name in byte order; this file
 * only searches them and parses argument values such as "O_WRONLY | O_CREAT".
 * It must never allocate, print or keep state: the shim calls it inside
 * somebody else's program, before main.  The tables are static, so the
 * shared object exports none of them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "names.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "names_data.c"

#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))

/* A name looked for, which need not be NUL-terminated: a token of an
 * argument value is searched for where it stands in the expression. */
struct token {
	const char *text;
	size_t length;
};

/* bsearch comparators, in the byte order the generator sorted by. */
static int compare_name_value(const void *key, const void *element)
{
	const struct token *token = key;
	const struct name_value *entry = element;
	int order = strncmp(token->text, entry->name, token->length);

	if (order != 0)
		return order;
	return entry->name[token->length] == '\0' ? 0 : -1;
}

static int compare_group(const void *key, const void *element)
{
	const struct syscall_group *group = element;

	return strcmp(key, group->name);
}

static const struct name_value *find_name(const struct name_value *table, size_t count,
					  const char *text, size_t length)
{
	struct token token = { text, length };

	return bsearch(&token, table, count, sizeof(*table), compare_name_value);
}

int names_errno(const char *name, int *value)
{
	const struct name_value *entry =
		find_name(names_errno_data, ARRAY_SIZE(names_errno_data), name, strlen(name));

	if (!entry)
		return -ENOENT;
	*value = (int)entry->value;
	return 0;
}

const char *names_errno_name(int value)
{
	if (value < 0 || (size_t)value >= ARRAY_SIZE(names_errno_by_value) ||
	    !names_errno_by_value[value][0])
		return NULL;
	return names_errno_by_value[value];
}

static int find_constant(const char *text, size_t length, uint64_t *value)
{
	const struct name_value *entry =
		find_name(names_constant_data, ARRAY_SIZE(names_constant_data), text, length);

	if (!entry)
		return -ENOENT;
	*value = entry->value;
	return 0;
}

int names_constant(const char *name, uint64_t *value)
{
	return find_constant(name, strlen(name), value);
}

const struct syscall_group *names_group(const char *name)
{
	return bsearch(name, names_group_data, ARRAY_SIZE(names_group_data),
		       sizeof(names_group_data[0]), compare_group);
}

const struct syscall_group *names_groups(size_t *count)
{
	*count = ARRAY_SIZE(names_group_data);
	return names_group_data;
}

const struct name_value *names_errno_table(size_t *count)
{
	*count = ARRAY_SIZE(names_errno_data);
	return names_errno_data;
}

const struct name_value *names_constant_table(size_t *count)
{
	*count = ARRAY_SIZE(names_constant_data);
	return names_constant_data;
}

/* Argument values.  A token is what lies between two '|' (or an end),
 * without the blanks around it.  A token that starts with a digit or '-' is
 * a number, and one that is not well formed is -EINVAL like one out of
 * range; any other token is a constant name. */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int digit_value(char c, unsigned base)
{
	unsigned digit;

	if (c >= '0' && c <= '9')
		digit = (unsigned)(c - '0');
	else if (c >= 'a' && c <= 'f')
		digit = (unsigned)(c - 'a' + 10);
	else if (c >= 'A' && c <= 'F')
		digit = (unsigned)(c - 'A' + 10);
	else
		return -1;
	return digit < base ? (int)digit : -1;
}

/* The magnitude of the digits in TEXT[0..LENGTH), with its 0x or 0 prefix.
 * -EINVAL when a character is not a digit of the base or the value does not
 * fit in 64 bits. */
static int parse_magnitude(const char *text, size_t length, uint64_t *magnitude)
{
	unsigned base = 10;
	uint64_t result = 0;
	size_t i = 0;

	if (length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (length > 1 && text[0] == '0') {
		base = 8;
		i = 1;
	}
	for (; i < length; i++) {
		int digit = digit_value(text[i], base);

		if (digit < 0 || result > (UINT64_MAX - (uint64_t)digit) / base)
			return -EINVAL;
		result = result * base + (uint64_t)digit;
	}
	*magnitude = result;
	return 0;
}

/* A number, with an optional leading '-' for two's complement: -1 is
 * UINT64_MAX, and -9223372036854775808 is the most negative that fits. */
static int parse_number(const char *text, size_t length, uint64_t *value)
{
	int negative = text[0] == '-';
	uint64_t magnitude;

	if (negative) {
		text++;
		length--;
	}
	if (length == 0 || parse_magnitude(text, length, &magnitude) < 0)
		return -EINVAL;
	if (negative && magnitude > (uint64_t)1 << 63)
		return -EINVAL;
	*value = negative ? (uint64_t)0 - magnitude : magnitude;
	return 0;
}

static int parse_token(const char *text, size_t length, uint64_t *value)
{
	if (length == 0)
		return -EINVAL;
	if ((text[0] >= '0' && text[0] <= '9') || text[0] == '-')
		return parse_number(text, length, value);
	return find_constant(text, length, value);
}

int names_parse_value(const char *expr, uint64_t *value, const char **bad, size_t *bad_length)
{
	uint64_t result = 0;
	const char *cursor = expr;

	for (;;) {
		const char *start = cursor, *end;
		uint64_t token_value;
		int error;

		while (is_blank(*start))
			start++;
		cursor = start + strcspn(start, "|");
		end = cursor;
		while (end > start && is_blank(end[-1]))
			end--;
		error = parse_token(start, (size_t)(end - start), &token_value);
		if (error < 0) {
			*bad = start;
			*bad_length = (size_t)(end - start);
			return error;
		}
		result |= token_value;
		if (*cursor == '\0')
			break;
		cursor++;
	}
	*value = result;
	*bad = NULL;
	*bad_length = 0;
	return 0;
}
