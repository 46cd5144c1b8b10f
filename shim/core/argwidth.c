/* argwidth: the widths of syscall arguments, from config/syscall-args.list
 * (a sorted table that scripts/gen-arg-widths.sh makes at build time), and
 * what a check on a narrow argument means on the bits the kernel reads.
 * Pure functions of their arguments: no allocation, no syscall, so the
 * shim's fast path may use them too. */
#include "argwidth.h"

#include <stdlib.h>
#include <string.h>

/* The name in place, not a pointer: a table of pointers in a shared object
 * is relocated, so written, at every start, a page at a time, though the
 * shim only reads it when a report is written (the generator refuses
 * names of 32 characters or more). */
struct syscall_args {
	char name[32];
	unsigned char count;
	unsigned char width[6]; /* enum arg_width */
};

#include "argwidth_data.c"

static int compare_name(const void *key, const void *element)
{
	return strcmp(key, ((const struct syscall_args *)element)->name);
}

static const struct syscall_args *find(const char *syscall)
{
	return bsearch(syscall, argwidth_data, sizeof(argwidth_data) / sizeof(argwidth_data[0]),
		       sizeof(argwidth_data[0]), compare_name);
}

enum arg_width argwidth_of(const char *syscall, unsigned index)
{
	const struct syscall_args *found = find(syscall);

	return found && index < found->count ? (enum arg_width)found->width[index] : ARG_WIDE;
}

void argwidth_of_all(const char *syscall, enum arg_width width[6])
{
	const struct syscall_args *found = find(syscall);

	for (unsigned i = 0; i < 6; i++)
		width[i] = found && i < found->count ? (enum arg_width)found->width[i] : ARG_WIDE;
}

bool argwidth_known(const char *syscall)
{
	return find(syscall) != NULL;
}

uint64_t argwidth_bits(enum arg_width width)
{
	switch (width) {
	case ARG_S32:
	case ARG_U32:
		return 0xffffffffu;
	case ARG_U16:
		return 0xffffu;
	case ARG_WIDE:
		break;
	}
	return UINT64_MAX;
}

uint64_t argwidth_canonical(enum arg_width width, uint64_t argument)
{
	if (width == ARG_S32)
		return (uint64_t)(int64_t)(int32_t)(uint32_t)argument;
	return argument & argwidth_bits(width);
}

bool argwidth_fits(enum arg_width width, uint64_t value)
{
	return argwidth_canonical(width, value) == value;
}

const char *argwidth_name(enum arg_width width)
{
	switch (width) {
	case ARG_S32:
		return "int";
	case ARG_U32:
		return "unsigned int";
	case ARG_U16:
		return "unsigned short";
	case ARG_WIDE:
		break;
	}
	return "64-bit value";
}

/* The first low value W (0 ..= BITS + 1) whose canonical form is >= VALUE,
 * or > VALUE when STRICT.  The canonical form grows with W. */
static uint64_t threshold(enum arg_width width, uint64_t value, bool strict)
{
	uint64_t low = 0, high = argwidth_bits(width) + 1;

	while (low < high) {
		uint64_t middle = low + (high - low) / 2;
		uint64_t seen = argwidth_canonical(width, middle);

		if (strict ? seen > value : seen >= value)
			high = middle;
		else
			low = middle + 1;
	}
	return low;
}

/* "the low bits are below LIMIT" (BELOW) or "at least LIMIT" (!BELOW). */
static enum argwidth_outcome order_check(const struct arg_check *check, enum arg_width width,
					 uint64_t limit, bool below, struct arg_check *out)
{
	uint64_t bits = argwidth_bits(width);

	if (limit == (below ? 0 : bits + 1))
		return ARGWIDTH_NEVER;
	if (limit == (below ? bits + 1 : 0))
		return ARGWIDTH_ALWAYS;
	*out = (struct arg_check){ .index = check->index,
				   .op = below ? OP_LT : OP_GE,
				   .value = limit };
	return ARGWIDTH_CHECK;
}

/* (canonical & MASK) == VALUE as a masked test of the low bits. */
static enum argwidth_outcome masked_check(const struct arg_check *check, enum arg_width width,
					  struct arg_check *out)
{
	uint64_t bits = argwidth_bits(width), mask = check->mask, value = check->value;
	uint64_t low_mask = mask & bits, low_value = value & bits;
	uint64_t high_mask = mask & ~bits, high_value = value & ~bits;

	if (value & ~mask)
		return ARGWIDTH_NEVER;
	if (high_mask && width == ARG_S32) {
		/* The upper half is all ones or all zeros, as bit 31 says. */
		uint64_t sign = high_value == high_mask ? 0x80000000u : 0;

		if (high_value != 0 && high_value != high_mask)
			return ARGWIDTH_NEVER;
		if ((low_mask & 0x80000000u) && (low_value & 0x80000000u) != sign)
			return ARGWIDTH_NEVER;
		low_mask |= 0x80000000u;
		low_value |= sign;
	} else if (high_value) {
		return ARGWIDTH_NEVER;
	}
	if (low_mask == 0)
		return ARGWIDTH_ALWAYS;
	*out = (struct arg_check){ .index = check->index,
				   .op = low_mask == bits ? OP_EQ : OP_MASKED_EQ,
				   .value = low_value,
				   .mask = low_mask == bits ? 0 : low_mask };
	return ARGWIDTH_CHECK;
}

enum argwidth_outcome argwidth_narrow_check(const struct arg_check *check, enum arg_width width,
					    struct arg_check *out)
{
	enum argwidth_outcome outcome;
	uint64_t bits = argwidth_bits(width);

	switch (check->op) {
	case OP_EQ:
	case OP_NE:
		if (!argwidth_fits(width, check->value))
			return check->op == OP_EQ ? ARGWIDTH_NEVER : ARGWIDTH_ALWAYS;
		*out = (struct arg_check){ .index = check->index,
					   .op = check->op,
					   .value = check->value & bits };
		return ARGWIDTH_CHECK;
	case OP_LT:
		return order_check(check, width, threshold(width, check->value, false), true, out);
	case OP_LE:
		return order_check(check, width, threshold(width, check->value, true), true, out);
	case OP_GT:
		return order_check(check, width, threshold(width, check->value, true), false, out);
	case OP_GE:
		return order_check(check, width, threshold(width, check->value, false), false, out);
	case OP_MASKED_EQ:
	case OP_MASKED_NE:
		outcome = masked_check(check, width, out);
		if (check->op == OP_MASKED_EQ)
			return outcome;
		if (outcome != ARGWIDTH_CHECK)
			return outcome == ARGWIDTH_NEVER ? ARGWIDTH_ALWAYS : ARGWIDTH_NEVER;
		out->op = out->op == OP_EQ ? OP_NE : OP_MASKED_NE;
		return ARGWIDTH_CHECK;
	}
	return ARGWIDTH_ALWAYS;
}

unsigned long argwidth_count(void)
{
	return sizeof(argwidth_data) / sizeof(argwidth_data[0]);
}

const char *argwidth_name_at(unsigned long i)
{
	return i < argwidth_count() ? argwidth_data[i].name : NULL;
}

int argwidth_arity(const char *syscall)
{
	const struct syscall_args *found = find(syscall);

	return found ? (int)found->count : -1;
}
