/* cli: what the verbs of the `preseal` command share. */
#ifndef PRESEAL_CLI_H
#define PRESEAL_CLI_H

#include <stdarg.h>

#include "diag.h"
#include "policy.h"

struct verb {
	const char *name;
	const char *synopsis;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the verb */
};

/* Verbs defined in other files. */
extern const struct verb cli_verb_explain, cli_verb_groups, cli_verb_run, cli_verb_learn,
	cli_verb_import, cli_verb_export;

/* Prints "preseal VERB: message" and a hint; returns the usage status 2. */
int cli_usage_error(const char *verb, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Reads a policy named on the command line: a file, or a profile name. */
struct policy *cli_read_policy(const char *argument, struct diag_list *diags);
/* The same with policy_read_file's FLAGS (POLICY_TRUSTED_ONLY: the shim's
 * trust rules, judged for the user running preseal). */
struct policy *cli_read_policy_as(const char *argument, unsigned flags, struct diag_list *diags);

/* explain's answer for OPTION "--path" (SUBJECT a path, OPERATION read,
 * write or execute), "--connect" or "--bind" (SUBJECT a port), from
 * POLICY's Landlock model (cli_landlock.c).  0, or 2 on a bad question. */
int cli_explain_landlock(const struct policy *policy, const char *option, const char *subject,
			 const char *operation);

/* Shared by run and learn (cli_run.c). */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct filter;

/* Finds NAME as execvp would; 0, -ENOENT or -EACCES. */
int cli_resolve_command(const char *name, char *path, size_t size);
/* The libpreseal.so this preseal runs programs with; 0 or -ENOENT. */
int cli_find_shim(char *path, size_t size);
/* BASE with EXTRA's NAME=VALUE entries replacing or added (NULLs skipped). */
char **cli_environment_with(char **base, const char *const *extra, size_t extra_count);
/* From now on the signals a terminal or supervisor sends go to CHILD. */
void cli_forward_signals(pid_t child);
/* A wait status as a shell would give it: the code, or 128+N. */
int cli_exit_status(int status, const char *command);
/* Waits for CHILD and returns cli_exit_status() of it (125 when it cannot
 * be waited for), reaping whatever else ends meanwhile: as a container's
 * PID 1 (an entrypoint that execs `preseal run`), every orphan in the
 * container becomes this process's child, and one never waited for stays a
 * zombie.  Elsewhere CHILD is the only child there is. */
int cli_wait_reaping(pid_t child, const char *command);

/* Runs PATH with ARGV and ENVIRONMENT under FILTER (a user-notification
 * filter), this process being its monitor (cli_learn.c).  MONITOR is filled
 * in; returns the command's exit status, or 125 when it could not run
 * monitored. */
struct monitor;
int cli_run_monitored(const char *path, char **argv, char **environment,
		      const struct filter *filter, struct monitor *monitor);

#endif
