/* cli: what the verbs of the `preseal` command share. */
#ifndef PRESEAL_CLI_H
#define PRESEAL_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "policy.h"

/* One option of a verb: `-K VALUE`, `-KVALUE`, `--NAME VALUE` or
 * `--NAME=VALUE` when ARGUMENT names a value, `-K` or `--NAME` otherwise.
 * KEY is the short letter, or CLI_LONG + n for a long option alone.  The
 * same table parses, prints `preseal VERB --help` and feeds completion. */
struct cli_option {
	int key;
	const char *name;     /* the long name, without "--" */
	const char *argument; /* the value's name in help, or NULL for a flag */
	const char *help;     /* one line */
};

#define CLI_LONG 256

struct verb {
	const char *name;
	const char *synopsis;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the verb */
	const struct cli_option *options;  /* ends with a zero KEY; --help is implied */
	const char *details;		   /* more lines for --help, or NULL */
};

/* What cli_next_option() returns besides an option's KEY. */
enum {
	CLI_DONE = -1,	  /* no more: operands start at parser->index */
	CLI_OPERAND = -2, /* parser->value is an operand */
	CLI_HELP = -3,	  /* --help was printed: exit 0 */
	CLI_BAD = -4,	  /* a usage error was printed: exit 2 */
};

struct cli_parser {
	const struct verb *verb;
	int argc;
	char **argv;
	/* Stop at the first operand (run, learn: the rest is the command's)
	 * instead of returning it as CLI_OPERAND. */
	bool stop_at_operand;
	int index;	    /* the next argument to read */
	const char *value;  /* the option's value, or the operand */
	const char *bundle; /* the rest of "-qs" after -q */
	bool operands_only; /* after "--" */
};

/* The next option, operand or end of ARGV (from argv[1]); see the enum. */
int cli_next_option(struct cli_parser *parser);
/* The exit status for CLI_HELP or CLI_BAD. */
int cli_parse_status(int key);
/* The verb's help: usage, summary, every option described. */
void cli_print_verb_help(const struct verb *verb, FILE *stream);

/* The verbs, for main.c's table. */
extern const struct verb cli_verb_check, cli_verb_compile, cli_verb_explain, cli_verb_groups,
	cli_verb_run, cli_verb_learn, cli_verb_import, cli_verb_export, cli_verb_status,
	cli_verb_profiles, cli_verb_complete;

/* main() hands its table to the verbs that need it (help, completion,
 * usage lines) at start: they never name main.c's table themselves. */
void cli_register_verbs(const struct verb *const *verbs, size_t count);
/* The verb called NAME, or NULL. */
const struct verb *cli_find_verb(const char *name);

/* Prints "preseal VERB: message; usage: ..." on one line; returns the
 * usage status 2. */
int cli_usage_error(const char *verb, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Every verb, hidden ones (an empty summary) included. */
const struct verb *const *cli_verbs(size_t *count);

/* Reads a policy named on the command line: a file when it has a '/', else
 * a profile name, as the shim reads PRESEAL_POLICY; "-" is standard input. */
struct policy *cli_read_policy(const char *argument, struct diag_list *diags);
/* The same with policy_read_file's FLAGS (POLICY_TRUSTED_ONLY: the shim's
 * trust rules, judged for the user running preseal). */
struct policy *cli_read_policy_as(const char *argument, unsigned flags, struct diag_list *diags);

/* explain's answer for OPTION "--path" (SUBJECT a path, OPERATION read,
 * write or execute), "--connect" or "--bind" (SUBJECT a port), from
 * POLICY's Landlock model (cli_landlock.c).  0, or 2 on a bad question. */
int cli_explain_landlock(const struct policy *policy, const char *option, const char *subject,
			 const char *operation);

/* Shared by run and learn (child.c). */
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
/* Whether PRESEAL_REPORT asks for WHICH (REPORT_KILLS, REPORT_DENIALS) and
 * PRESEAL_LOG takes the lines: the shim names kills, run reports denials. */
bool cli_report_wanted(unsigned which);
/* A wait status as a shell would give it: the code, or 128+N. */
int cli_exit_status(int status, const char *command);
/* Waits for CHILD and returns cli_exit_status() of it (125 when it cannot
 * be waited for), reaping whatever else ends meanwhile: as a container's
 * PID 1 (an entrypoint that execs `preseal run`), every orphan in the
 * container becomes this process's child, and one never waited for stays a
 * zombie.  Elsewhere CHILD is the only child there is. */
int cli_wait_reaping(pid_t child, const char *command);

/* Runs PATH with ARGV and ENVIRONMENT under FILTER (a user-notification
 * filter), this process being its monitor.  MONITOR is filled
 * in; returns the command's exit status, or 125 when it could not run
 * monitored. */
struct monitor;
int cli_run_monitored(const char *path, char **argv, char **environment,
		      const struct filter *filter, struct monitor *monitor);

#endif
