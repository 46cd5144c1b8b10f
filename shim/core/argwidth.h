/* argwidth: how many bits of each syscall argument the kernel reads.
 *
 * The kernel's syscall wrappers receive six 64-bit registers and cast each
 * to the argument's declared type: an int argument is the low 32 bits of
 * its register, whatever the upper ones hold, while seccomp sees all 64.
 * The widths come from config/syscall-args.list (the kernel's prototypes).
 * On a 64-bit architecture the model compares a narrow argument's checks
 * with the value the kernel reads, as its canonical 64-bit extension:
 * sign-extended for signed types, zero-extended for unsigned ones.
 */
#ifndef PRESEAL_ARGWIDTH_H
#define PRESEAL_ARGWIDTH_H

#include <stdbool.h>
#include <stdint.h>

#include "policy.h"

enum arg_width {
	ARG_WIDE, /* all 64 bits: long, size_t, pointers, or not known */
	ARG_S32,  /* int, pid_t, clockid_t, …: the low 32 bits, sign-extended */
	ARG_U32,  /* unsigned int, uid_t, …: the low 32 bits, zero-extended */
	ARG_U16,  /* umode_t: the low 16 bits, zero-extended */
};

/* The width of SYSCALL's argument INDEX on a 64-bit architecture; ARG_WIDE
 * for a syscall or argument the list does not know. */
enum arg_width argwidth_of(const char *syscall, unsigned index);

/* The widths of all six arguments of SYSCALL, in WIDTH: one lookup. */
void argwidth_of_all(const char *syscall, enum arg_width width[6]);

/* The bits the kernel reads: 0xffffffff, 0xffff, or all of them. */
uint64_t argwidth_bits(enum arg_width width);

/* ARGUMENT as the kernel reads it, extended to 64 bits. */
uint64_t argwidth_canonical(enum arg_width width, uint64_t argument);

/* True when some argument reads as VALUE (VALUE is its own canonical form). */
bool argwidth_fits(enum arg_width width, uint64_t value);

enum argwidth_outcome {
	ARGWIDTH_CHECK,	 /* the check is *OUT */
	ARGWIDTH_ALWAYS, /* it holds for every argument */
	ARGWIDTH_NEVER,	 /* it holds for none */
};

/* CHECK on an argument of WIDTH (not ARG_WIDE), on a 64-bit architecture,
 * as a check on the bits the kernel reads: *OUT holds where CHECK holds on
 * the argument's canonical value.  *OUT's comparisons (eq … ge) are made on
 * argument & argwidth_bits(WIDTH), its masked ones as written, with a mask
 * inside those bits.  The extension is monotone, so an order comparison
 * stays one; a mask that reaches above the width becomes a test of the
 * sign bit (s32) or of nothing; a value that no canonical argument takes
 * makes eq never hold and ne always. */
enum argwidth_outcome argwidth_narrow_check(const struct arg_check *check, enum arg_width width,
					    struct arg_check *out);

/* "int", "unsigned int", "unsigned short" or "64-bit value". */
const char *argwidth_name(enum arg_width width);

/* True when config/syscall-args.list lists SYSCALL. */
bool argwidth_known(const char *syscall);

/* How many arguments SYSCALL takes, or -1 when the list does not know it. */
int argwidth_arity(const char *syscall);

/* The number of syscalls listed, and the I-th name (for the tests). */
unsigned long argwidth_count(void);
const char *argwidth_name_at(unsigned long i);

#endif
