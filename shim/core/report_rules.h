/* report_rules: which rule decided a denied call, and the narrowest change
 * that would allow it, for the lines of reports and complain mode.
 *
 * The compiled filter does not say which rule a return came from (equal
 * decisions are shared), so the rules that can deny are carried beside it as
 * text: report_rules_encode() writes them from the policy model (the
 * compiler module does, only when reports are asked for), and
 * report_rules_explain() reads that text again for one call without
 * allocating or making a syscall, inside the SIGSYS handler.  The text
 * travels to the programs the confined one executes in the environment
 * (PRESEAL_REPORT_RULES), so that their reports name rules too without a
 * syscall at their start.  It is a diagnostic: a program may change it,
 * and then misleads only its own reports.
 *
 * The text: entries separated by ';', fields by ','; strings have '%', ','
 * and ';' and control characters written as %XX.
 *   1                                  the version
 *   A,TOKEN…                           the architectures (libseccomp tokens)
 *   D,ACTION,FILE,LINE                 default_action and where it is set
 *   B,ACTION,FILE,LINE                 bad_arch_action and where it is set
 *   F,X32,MULTIPLEXED                  1 when argument rules keep x32 out
 *                                      (any), or the socketcall and ipc
 *                                      architectures (on those calls)
 *   R,NR,ACTION,FILE,LINE,KIND,GROUP,COMMENT,N[,INDEX,OP,VALUE,MASK]…
 *                                      a rule on the native architecture;
 *                                      KIND r (rules/deny/allow), g (via
 *                                      GROUP), i (implied), d (repeats the
 *                                      default); numbers in hex
 */
#ifndef PRESEAL_REPORT_RULES_H
#define PRESEAL_REPORT_RULES_H

#include <stdint.h>

#include "policy.h"

#define REPORT_RULES_VARIABLE "PRESEAL_REPORT_RULES"

/* The text for POLICY (malloc'd), or NULL when out of memory.  TOKENS are
 * the policy's architectures as libseccomp tokens, COUNT of them. */
char *report_rules_encode(const struct policy *policy, const uint32_t *tokens, unsigned count);

/* The same with the policy's own architectures (libseccomp resolves them). */
char *report_rules_for(const struct policy *policy);

/* Writes, for the call (AUDIT_ARCH, NR, ARGS) named NAME (NULL when
 * unknown) that got ACTION (a SECCOMP_RET_* value), which rule decided and
 * what to change to allow it, into BUFFER: "the rule at FILE:LINE (\"…\")
 * says ACTION; …".  RULES is the text, or NULL when there is none; POLICY
 * names the policy for `preseal explain`.  Never allocates; returns the
 * length. */
int report_rules_explain(char *buffer, int size, const char *rules, uint32_t audit_arch, int32_t nr,
			 const char *name, const uint64_t args[6], uint32_t action,
			 const char *policy);

/* Which entry of RULES decides the call: its offset in RULES, or -1 for
 * default_action (and when RULES is NULL).  Two calls decided by the same
 * rule get the same number. */
long report_rules_locate(const char *rules, uint32_t audit_arch, int32_t nr, const char *name,
			 const uint64_t args[6]);

#endif
