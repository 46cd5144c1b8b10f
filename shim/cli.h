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
extern const struct verb cli_verb_explain, cli_verb_groups, cli_verb_run;

/* Prints "preseal VERB: message" and a hint; returns the usage status 2. */
int cli_usage_error(const char *verb, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Reads a policy named on the command line: a file, or a profile name. */
struct policy *cli_read_policy(const char *argument, struct diag_list *diags);

#endif
