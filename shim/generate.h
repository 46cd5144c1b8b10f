/* generate: the policy model → a classic BPF program, preseal's own.
 *
 * For every (architecture, number, arguments) the program returns what
 * policy_decide_width() says, bad_arch_action for any other architecture.
 * libseccomp still names the syscalls (seccomp_syscall_resolve_name_arch);
 * its generator is used only where this one does not go (see
 * generate_supports).  The verifier, not this stage, is what guarantees
 * the result.  Never loads a filter, never prints.
 */
#ifndef PRESEAL_GENERATE_H
#define PRESEAL_GENERATE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"

/* True when the generator handles all of ARCHES (libseccomp tokens): every
 * architecture but those that multiplex the socket and System V IPC calls
 * (x86, s390, s390x, ppc, ppc64, ppc64le), where libseccomp also filters
 * socketcall and ipc by their call number. */
bool generate_supports(const uint32_t *arches, size_t count);

/* POLICY's program for ARCHES (libseccomp tokens, as the compiler resolved
 * them), in at most LIMIT instructions.  Returns 0 with *PROGRAM allocated,
 * or a negative errno with the reason in DIAGS (-E2BIG: it does not fit). */
int generate_program(const struct policy *policy, const uint32_t *arches, size_t count,
		     size_t limit, struct sock_filter **program, size_t *length,
		     struct diag_list *diags);

#endif
