/* generate: the policy model → a classic BPF program, preseal's own.
 *
 * For every (architecture, number, arguments) the program returns what
 * policy_decide_width() says, bad_arch_action for any other architecture.
 * libseccomp still names the syscalls (seccomp_syscall_resolve_name_arch);
 * this generator builds every filter preseal loads, for every architecture
 * list (libseccomp's runs only for export and PFC, see compile.c).  The
 * verifier, not this stage, is what guarantees the result.  Never loads a
 * filter, never prints.
 */
#ifndef PRESEAL_GENERATE_H
#define PRESEAL_GENERATE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"

/* NAME's number on TOKEN (a libseccomp token), or -1.  libseccomp names
 * the socket and IPC calls of x86, s390 and ppc by negative pseudo-numbers
 * (socket is -101): their direct numbers, where the architecture has them
 * (359 on x86), are what the kernel sees; their way through socketcall and
 * ipc is the model's implied rules on those (rules.c). */
int generate_syscall_number(uint32_t token, const char *name);

/* POLICY's program for ARCHES (libseccomp tokens, as the compiler resolved
 * them), in at most LIMIT instructions.  Returns 0 with *PROGRAM allocated,
 * or a negative errno with the reason in DIAGS (-E2BIG: it does not fit). */
int generate_program(const struct policy *policy, const uint32_t *arches, size_t count,
		     size_t limit, struct sock_filter **program, size_t *length,
		     struct diag_list *diags);

#endif
