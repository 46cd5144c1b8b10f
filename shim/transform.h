/* transform: the filters of preseal's modes, made from an enforcing one.
 *
 * A compiled and verified filter is turned into what a mode loads by
 * rewriting only its return instructions, so every decision it makes is
 * still the verified one:
 *  - reports (enforce mode): a kill becomes a SIGSYS trap whose data says
 *    which kill, so preseal's handler can name the call before dying;
 *  - complain: every denial becomes a user notification;
 *  - learn: nothing but a user notification.
 */
#ifndef PRESEAL_TRANSFORM_H
#define PRESEAL_TRANSFORM_H

#include <stdint.h>

#include "compile.h"

/* SECCOMP_RET_TRAP data: the signal's si_errno tells the handler why. */
#define PRESEAL_TRAP_KILL_PROCESS 0x5e01
#define PRESEAL_TRAP_KILL_THREAD  0x5e02

/* Syscalls that a report guard answers with a kill: the handler's way to
 * die exactly as the policy said, whatever else the policy allows. */
#define PRESEAL_DIE_PROCESS_NR 0x3ffd
#define PRESEAL_DIE_THREAD_NR  0x3ffc

/* Rewrites FILTER's kills as traps.  Returns the number rewritten, 0 when
 * there is nothing to report, or -EEXIST when the filter traps already (the
 * policy wants SIGSYS for the program's own handler: no reports then) and
 * -EINVAL when a return is not a constant. */
int filter_kills_to_traps(struct filter *filter);

/* Prepends the report guard, for the native architecture: the two die
 * syscalls kill, getpid and gettid carrying TOKEN in their fifth and sixth
 * arguments are allowed, and rt_sigaction(SIGSYS, act != NULL, …) succeeds without
 * doing anything unless its fifth and sixth arguments carry TOKEN (the
 * shim's own installation, which is allowed).  So no program can take SIGSYS from preseal's
 * handler, or ignore it, and escape a kill; one that installs its own
 * handler believes it did. */
int filter_add_report_guard(struct filter *filter, uint64_t token, struct diag_list *diags);

/* Rewrites every denial (kill, trap, errno, trace) as a user notification. */
int filter_denials_to_notify(struct filter *filter);

/* Replaces FILTER's program with a single user notification: learn mode. */
int filter_notify_all(struct filter *filter, struct diag_list *diags);

/* COPY becomes an independent copy of FILTER. */
int filter_copy(struct filter *copy, const struct filter *filter, struct diag_list *diags);

#endif
