/* report: naming what the filter stopped, when PRESEAL_REPORT asks.
 *
 * By default a kill is the kernel's: the filter returns KILL_PROCESS or
 * KILL_THREAD, preseal installs no handler and the program's own SIGSYS
 * handling is untouched.  With PRESEAL_REPORT=kills, in enforce mode, a kill
 * the policy asks for is compiled as a SIGSYS trap (transform.c), and the
 * handler here writes one line, the call's name, number, architecture,
 * arguments, the pid and the policy, with what to add to allow it, to
 * PRESEAL_LOG, and then dies through a syscall the report guard kills: the
 * end is the kill the policy asked for.  The call itself is never made, but
 * a trap is a signal, and a hostile program can survive it (a stack the
 * kernel cannot push the frame on becomes a SIGSEGV it may catch); a
 * reported kill is a diagnostic, not the enforcement default.  The handler
 * only makes async-signal-safe calls; if any of them is denied the nested
 * trap kills the process at once, without the line.
 *
 * The guard traps the program's rt_sigaction(SIGSYS, …) too; the handler
 * does it on a recorded disposition, and hands every SIGSYS that is not
 * preseal's own to what the program asked for.
 */
#ifndef PRESEAL_REPORT_H
#define PRESEAL_REPORT_H

#include <stdbool.h>
#include <stdint.h>

/* What PRESEAL_REPORT asks for, as a set of bits. */
#define REPORT_KILLS   1u
#define REPORT_DENIALS 2u

/* Parses PRESEAL_REPORT: unset, empty or "none" asks for nothing;
 * otherwise a comma-separated list of what to report: "kills", "denials".
 * Returns 0, or -EINVAL for anything else. */
int report_parse(const char *spec, unsigned *what);

/* Opens PRESEAL_LOG's value: NULL, empty or "stderr" → a copy of
 * descriptor 2 (-1 if it is closed); "off" → -1; a path → opened to append
 * (O_CLOEXEC).  *OFF says whether reports were turned off. */
int report_open_log(const char *spec, bool *off);

/* Installs the SIGSYS handler for a filter with a report guard for TOKEN
 * (PRESEAL_REPORT_KEY).
 * POLICY names the policy in the lines (copied); RULES, kept, say which rule
 * decided (report_rules.h), or NULL.  LOG_FD, from
 * report_open_log(), is kept; when it is -1, LOG_SPEC (PRESEAL_LOG) is
 * followed, a file being opened only when a report is written, so that a
 * child under an inherited filter makes no syscall before one.  Returns 0,
 * or a negative errno. */
int report_install(uint64_t token, const char *policy, const char *rules, int log_fd,
		   const char *log_spec);

/* Formats the report line for a call that got ACTION (a SECCOMP_RET_*
 * value: a kill, or an errno when denials are reported): the call decoded,
 * the rule that decided (from RULES, report_rules.h, when not NULL) and the
 * narrowest change that allows it.  Returns its length. */
int report_format(char *buffer, int size, int pid, uint32_t arch, int32_t nr,
		  const uint64_t args[6], const char *policy, const char *rules, uint32_t action);

#endif
