/* enosys: syscalls newer than the policy answer ENOSYS.
 *
 * libc falls back from a new syscall to an older one only when the kernel
 * answers ENOSYS (clone3 → clone, faccessat2, openat2, statx, …), and a
 * policy cannot name a syscall that did not exist when it was written.  So
 * when the policy asks for it (unknown_syscalls, implied by an errno
 * default), every number above the highest syscall the policy names on an
 * architecture answers ENOSYS instead of the default action.
 */
#ifndef PRESEAL_ENOSYS_H
#define PRESEAL_ENOSYS_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "policy.h"

/* Instructions of one architecture's range in the prefix. */
#define ENOSYS_BLOCK_LENGTH 6

/* The highest syscall number POLICY names on architecture TOKEN (a
 * libseccomp token), or -1 when it names none there: then nothing on that
 * architecture counts as newer than the policy. */
long enosys_highest_named(const struct policy *policy, uint32_t token);

/* Where the range of newer numbers ends on TOKEN (exclusive): the x32 bit
 * on every architecture but x32, whose numbers carry it; numbers with the
 * top bit set (negative) are never in the range. */
uint32_t enosys_range_end(uint32_t token);

/* True when POLICY answers NUMBER on TOKEN with ENOSYS because it is above
 * HIGHEST, the policy's highest named number there (enosys_highest_named,
 * computed once per architecture: the lookup is slow). */
bool enosys_applies(const struct policy *policy, uint32_t token, long highest, long number);

/* Puts the ENOSYS ranges in front of FILTER's program when POLICY asks for
 * them.  Returns 0, or a negative errno with the reason in DIAGS. */
int filter_add_enosys(const struct policy *policy, struct filter *filter, struct diag_list *diags);

#endif
