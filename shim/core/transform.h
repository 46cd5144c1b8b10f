/* transform: the filters of preseal's modes, made from an enforcing one.
 *
 * A compiled and verified filter is turned into what a mode loads by
 * rewriting only its return instructions, so every decision it makes is
 * still the verified one:
 *  - reports (enforce mode with PRESEAL_REPORT=kills): a kill becomes a
 *    SIGSYS trap whose data says which kill, so preseal's handler can name
 *    the call before dying;
 *  - complain: every denial becomes a user notification;
 *  - denials (PRESEAL_REPORT=denials): every errno becomes one, answered
 *    with that errno;
 *  - learn: nothing but a user notification.
 */
#ifndef PRESEAL_TRANSFORM_H
#define PRESEAL_TRANSFORM_H

#include <stdint.h>

#include "compile.h"

/* SECCOMP_RET_TRAP data: the signal's si_errno tells the handler why. */
#define PRESEAL_TRAP_KILL_PROCESS 0x5e01
#define PRESEAL_TRAP_KILL_THREAD  0x5e02
/* The program's own rt_sigaction(SIGSYS, …), for the handler to do. */
#define PRESEAL_TRAP_SIGACTION 0x5e03

/* What preseal's SIGSYS handler puts in arguments 4 and 5 of its own calls
 * for the report guard to let them through.  The same in every program of
 * a tree, so that a program that selects another policy than its parent's
 * still installs its handler through the parent's guard.  It is no secret
 * (nor was a token computed from the environment): a program that puts it
 * there takes SIGSYS from preseal's handler, which is why a reported kill
 * is a diagnostic and not the enforcement default (report.h). */
#define PRESEAL_REPORT_KEY 0x216c616573657270ull /* "preseal!" */

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
 * syscalls kill, rt_sigreturn and restart_syscall are allowed (preseal's
 * handler needs them whatever the policy says), getpid, gettid and
 * rt_sigprocmask carrying TOKEN in their fifth and
 * sixth arguments are allowed, and rt_sigaction(SIGSYS, …) is allowed when its fifth and sixth
 * arguments carry TOKEN (the shim's own) and otherwise trapped with PRESEAL_TRAP_SIGACTION:
 * preseal's handler does it on the disposition it records for the program.  So no program can take
 * SIGSYS from preseal's handler by the plain call; one that installs its own handler, or ignores
 * SIGSYS, gets what it asked for every SIGSYS that is not preseal's. */
int filter_add_report_guard(struct filter *filter, uint64_t token, struct diag_list *diags);

/* Rewrites every denial (kill, trap, errno, trace) as a user notification. */
int filter_denials_to_notify(struct filter *filter);

/* Rewrites every errno denial as a user notification: denials reported,
 * the monitor answering each with the policy's errno (monitor.h). */
int filter_errnos_to_notify(struct filter *filter);

/* Replaces FILTER's program with a single user notification: learn mode. */
int filter_notify_all(struct filter *filter, struct diag_list *diags);

/* COPY becomes an independent copy of FILTER. */
int filter_copy(struct filter *copy, const struct filter *filter, struct diag_list *diags);

#endif
