/* cli: the `preseal` command.
 *
 * A table of verbs, each a function taking its own arguments.  Every verb
 * reads policies through the same model and compiler as the shim, so what
 * `check` accepts is exactly what the shim loads.  Usage errors exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compile.h"
#include "io.h"
#include "compiled.h"
#include "lint.h"
#include "policy.h"
#include "profiles.h"
#include "select.h"

#define EXIT_USAGE 2

/* A policy argument: a path (it has a '/' or names an existing file), or a
 * profile name resolved as the shim resolves PRESEAL_POLICY.  FLAGS are
 * policy_read_file's: POLICY_TRUSTED_ONLY judges the file as the shim
 * would, for the user running this command. */
struct policy *cli_read_policy_as(const char *argument, unsigned flags, struct diag_list *diags)
{
	struct environment environment = { .policy = argument, .path = getenv("PRESEAL_PATH") };
	struct selection selection;
	struct policy *policy = NULL;

	if (!strchr(argument, '/') && access(argument, F_OK) == 0)
		return policy_read_file(argument, flags, diags);
	if (select_policy(&environment, &selection, diags) < 0)
		return NULL;
	if (selection.path)
		policy = policy_read_file(selection.path, flags, diags);
	else
		policy = policy_read_string(profiles_text(selection.builtin),
					    selection.builtin->name, NULL, diags);
	select_free(&selection);
	return policy;
}

struct policy *cli_read_policy(const char *argument, struct diag_list *diags)
{
	return cli_read_policy_as(argument, 0, diags);
}

/* ---- check ------------------------------------------------------------ */

/* A file the shim would refuse to trust fails here too, with the shim's
 * message: what check accepts, the shim loads (for the same user). */
static int check_one(const char *argument, bool quiet, bool strict)
{
	struct diag_list diags = { 0 };
	struct policy *policy = cli_read_policy_as(argument, POLICY_TRUSTED_ONLY, &diags);
	struct filter filter;
	int failed;

	if (policy && compile_policy(policy, NULL, &filter, &diags) == 0) {
		filter_free(&filter);
		lint_policy(policy, &diags);
	}
	diag_print(&diags, stderr, "");
	failed = diag_failed(&diags) || (strict && diags.count > 0);
	if (!failed && !quiet)
		printf("%s: ok (%zu rules, %zu warnings)\n", argument,
		       policy ? policy->rule_count : 0, diags.count);
	policy_free(policy);
	diag_free(&diags);
	return failed;
}

static int verb_check(int argc, char **argv)
{
	bool quiet = false, strict = false;
	int failed = 0, first = 1;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "-q") == 0 || strcmp(argv[first], "--quiet") == 0) {
			quiet = true;
		} else if (strcmp(argv[first], "--strict") == 0) {
			strict = true;
		} else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			return cli_usage_error("check", "unknown option '%s'", argv[first]);
		}
	}
	if (first == argc)
		return cli_usage_error("check", "name at least one policy");
	for (int i = first; i < argc; i++)
		failed |= check_one(argv[i], quiet, strict);
	return failed ? 1 : 0;
}

/* ---- compile ---------------------------------------------------------- */

static int verb_compile(int argc, char **argv)
{
	const char *output = NULL, *format = "bpf", *input = NULL;
	struct diag_list diags = { 0 };
	struct io_replacement replacement = { .fd = -1 };
	struct policy *policy;
	struct filter filter;
	int fd, status = 1;
	bool to_stdout;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			output = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("compile", "unknown option '%s'", argv[i]);
		else if (!input)
			input = argv[i];
		else
			return cli_usage_error("compile", "one policy at a time");
	}
	if (!input || !output)
		return cli_usage_error("compile",
				       "usage: preseal compile POLICY -o OUT [--format bpf|pfc]");
	if (strcmp(format, "bpf") != 0 && strcmp(format, "pfc") != 0 &&
	    strcmp(format, "preseal") != 0)
		return cli_usage_error("compile", "--format is bpf, pfc or preseal, not '%s'",
				       format);
	policy = cli_read_policy(input, &diags);
	if (!policy)
		goto out;
	/* A file is replaced only once the whole program is written: a
	 * policy that does not compile leaves an earlier OUT as it was. */
	to_stdout = strcmp(output, "-") == 0;
	if (to_stdout)
		fd = dup(STDOUT_FILENO);
	else
		fd = io_replace_begin(&replacement, output) == 0 ? replacement.fd : -1;
	if (fd < 0) {
		diag_error(&diags, output, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	if (strcmp(format, "pfc") == 0) {
		status = compile_pfc(policy, NULL, fd, &diags) < 0;
	} else if (strcmp(format, "preseal") == 0) {
		if (compile_policy(policy, NULL, &filter, &diags) == 0) {
			status = compiled_write(&filter, fd) < 0;
			if (status)
				diag_error(&diags, output, 0, "cannot write: %s", strerror(errno));
			filter_free(&filter);
		}
	} else if (compile_policy(policy, NULL, &filter, &diags) == 0) {
		status = io_write_all(fd, filter.program, filter.length * sizeof(*filter.program)) <
			 0;
		if (status)
			diag_error(&diags, output, 0, "cannot write: %s", strerror(errno));
		filter_free(&filter);
	}
	if (to_stdout) {
		close(fd);
	} else if (io_replace_end(&replacement, output, status ? -1 : 0) < 0 && !status) {
		diag_error(&diags, output, 0, "cannot write: %s", strerror(errno));
		status = 1;
	}
	/* Raw BPF and PFC have no place for paths, ports and scopes. */
	if (!status && policy->landlock.present && strcmp(format, "preseal") != 0)
		fprintf(stderr,
			"preseal compile: %s holds the seccomp part only: the policy's paths, "
			"network and scope are applied by the shim, `preseal run` or a file "
			"compiled with --format preseal\n",
			output);
out:
	diag_print(&diags, stderr, "");
	policy_free(policy);
	diag_free(&diags);
	return status;
}

/* ---- the verb table --------------------------------------------------- */

static int verb_help(int argc, char **argv);

static const struct verb verb_check_entry = {
	"check", "[--strict] [-q] POLICY…",
	"validate policies: errors and warnings as FILE:LINE: message", verb_check
};
static const struct verb verb_compile_entry = { "compile",
						"POLICY -o OUT [--format bpf|pfc|preseal]",
						"write raw BPF (for bwrap), libseccomp's PFC text, "
						"or a compiled policy the shim loads directly",
						verb_compile };
static const struct verb verb_help_entry = { "help", "", "this text", verb_help };

static const struct verb *const verbs[] = {
	&cli_verb_run,	     &cli_verb_learn,	&verb_check_entry,
	&verb_compile_entry, &cli_verb_explain, &cli_verb_groups,
	&cli_verb_import,    &cli_verb_export,	&verb_help_entry,
};

#define VERB_COUNT (sizeof(verbs) / sizeof(verbs[0]))

int cli_usage_error(const char *verb, const char *format, ...)
{
	va_list args;

	fprintf(stderr, "preseal%s%s: ", verb ? " " : "", verb ? verb : "");
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, "\n");
	for (size_t i = 0; i < VERB_COUNT; i++)
		if (verb && strcmp(verb, verbs[i]->name) == 0)
			fprintf(stderr, "usage: preseal %s %s\n", verbs[i]->name,
				verbs[i]->synopsis);
	if (!verb)
		fprintf(stderr, "usage: preseal "
				"{run|learn|check|compile|explain|groups|import|export|help} …\n");
	fprintf(stderr, "Try 'preseal %s%s--help'.\n", verb ? verb : "", verb ? " " : "");
	return EXIT_USAGE;
}

static void print_usage(FILE *stream)
{
	fprintf(stream, "usage: preseal VERB [ARGS…]\n\n");
	for (size_t i = 0; i < VERB_COUNT; i++)
		fprintf(stream, "  preseal %s %s\n      %s\n", verbs[i]->name, verbs[i]->synopsis,
			verbs[i]->summary);
	fprintf(stream,
		"\nEnvironment: PRESEAL_POLICY, PRESEAL_PATH, PRESEAL_MODE, PRESEAL_REPORT, "
		"PRESEAL_LOG.\n");
}

static int verb_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print_usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(NULL, "name a verb");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return verb_help(argc - 1, argv + 1);
	if (strcmp(argv[1], "--version") == 0) {
		printf("preseal %s\n", PRESEAL_VERSION);
		return 0;
	}
	for (size_t i = 0; i < VERB_COUNT; i++) {
		if (strcmp(argv[1], verbs[i]->name) != 0)
			continue;
		/* Only right after the verb: `preseal run ls --help` is ls's. */
		if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
			printf("usage: preseal %s %s\n  %s\n", verbs[i]->name, verbs[i]->synopsis,
			       verbs[i]->summary);
			return 0;
		}
		return verbs[i]->run(argc - 1, argv + 1);
	}
	return cli_usage_error(NULL, "unknown verb '%s'", argv[1]);
}
