/* cli: reading a policy named on the command line, and the check and
 * compile verbs.
 *
 * Every verb reads policies through the same model and compiler as the
 * shim, so what `check` accepts is exactly what the shim loads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* A policy from standard input ("-"), named <stdin> in messages; an
 * @include in it is refused, as it would have no folder. */
static struct policy *read_standard_input(struct diag_list *diags)
{
	char *text = NULL;
	size_t size = 0;
	FILE *buffer = open_memstream(&text, &size);
	struct policy *policy = NULL;
	char chunk[4096];
	size_t got;

	if (!buffer) {
		diag_error(diags, NULL, 0, "out of memory");
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		fwrite(chunk, 1, got, buffer);
	if (ferror(stdin))
		diag_error(diags, "<stdin>", 0, "cannot read: %s", strerror(errno));
	if (fclose(buffer) == 0 && !ferror(stdin))
		policy = policy_read_string(text, "<stdin>", NULL, diags);
	free(text);
	return policy;
}

/* A regular file named ARGUMENT in the working folder, which a name
 * without '/' does not select. */
static bool file_here(const char *argument)
{
	struct stat st;

	return !strchr(argument, '/') && stat(argument, &st) == 0 && S_ISREG(st.st_mode);
}

/* A policy argument, by the shim's rule for PRESEAL_POLICY: with a '/' a
 * path, otherwise a profile name (NAME.cfg in PRESEAL_PATH, then the
 * built-in profiles); "-" is standard input.  A file of that name in the
 * working folder gets a hint, since the user may have meant it.  FLAGS
 * are policy_read_file's: POLICY_TRUSTED_ONLY judges the file as the shim
 * would, for the user running this command. */
struct policy *cli_read_policy_as(const char *argument, unsigned flags, struct diag_list *diags)
{
	struct environment environment = { .policy = argument, .path = getenv("PRESEAL_PATH") };
	struct diag_list found = { 0 };
	struct selection selection;
	struct policy *policy = NULL;

	if (strcmp(argument, "-") == 0)
		return read_standard_input(diags);
	if (select_policy(&environment, &selection, &found) < 0) {
		/* One line, the hint in it: scripts show only the first. */
		for (size_t i = 0; i < found.count; i++)
			diag_add(diags, found.items[i].severity, found.items[i].file,
				 found.items[i].line, "%s%s%s", found.items[i].message,
				 file_here(argument) ? "; a name without '/' is a profile, as in "
						       "PRESEAL_POLICY: for the file in the "
						       "working folder, use ./"
						     : "",
				 file_here(argument) ? argument : "");
		diag_free(&found);
		return NULL;
	}
	diag_free(&found);
	if (file_here(argument))
		fprintf(stderr,
			"preseal: note: '%s' is the profile %s; for the file in the working "
			"folder, use ./%s\n",
			argument, selection.path ? selection.path : "built in to preseal",
			argument);
	if (selection.path)
		policy = policy_read_file(selection.path, flags, diags);
	else if (selection.inline_text)
		policy = policy_read_string(selection.inline_text, argument, NULL, diags);
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
		/* An inline deny list allows everything else on purpose: it is
		 * stacked on a policy, which lint judges. */
		if (strncmp(argument, "deny=", 5) != 0)
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

/* A list A:B, as PRESEAL_POLICY takes it: each policy checked. */
static int check_list(const char *argument, bool quiet, bool strict)
{
	char entry[4096];
	int failed = 0, length;

	if (!strchr(argument, ':'))
		return check_one(argument, quiet, strict);
	for (size_t i = 0; (length = select_layer(argument, i, entry, sizeof(entry))) != -ENOENT;
	     i++) {
		if (length <= 0 || i == SELECT_MAX_LAYERS) {
			fprintf(stderr,
				"preseal: '%s': a ':' separates policies, each non-empty, %d at "
				"most\n",
				argument, SELECT_MAX_LAYERS);
			return 1;
		}
		failed |= check_one(entry, quiet, strict);
	}
	return failed;
}

static int verb_check(int argc, char **argv)
{
	struct cli_parser parser = { .verb = &cli_verb_check, .argc = argc, .argv = argv };
	bool quiet = false, strict = false;
	int failed = 0, key, count = 0;

	/* Options first, wherever they are; then each policy in turn. */
	while ((key = cli_next_option(&parser)) != CLI_DONE) {
		if (key == 'q')
			quiet = true;
		else if (key == 's')
			strict = true;
		else if (key == CLI_OPERAND)
			count++;
		else
			return cli_parse_status(key);
	}
	if (count == 0)
		return cli_usage_error("check", "name at least one policy");
	parser = (struct cli_parser){ .verb = &cli_verb_check, .argc = argc, .argv = argv };
	while ((key = cli_next_option(&parser)) != CLI_DONE)
		if (key == CLI_OPERAND)
			failed |= check_list(parser.value, quiet, strict);
	return failed ? 1 : 0;
}

/* ---- compile ---------------------------------------------------------- */

static int verb_compile(int argc, char **argv)
{
	struct cli_parser parser = { .verb = &cli_verb_compile, .argc = argc, .argv = argv };
	const char *output = NULL, *format = "bpf", *input = NULL;
	struct diag_list diags = { 0 };
	struct io_replacement replacement = { .fd = -1 };
	struct policy *policy;
	struct filter filter;
	int fd, status = 1, key;
	bool to_stdout;

	while ((key = cli_next_option(&parser)) != CLI_DONE) {
		if (key == 'o')
			output = parser.value;
		else if (key == 'f')
			format = parser.value;
		else if (key == CLI_OPERAND && !input)
			input = parser.value;
		else if (key == CLI_OPERAND)
			return cli_usage_error("compile", "one policy at a time");
		else
			return cli_parse_status(key);
	}
	if (!input || !output)
		return cli_usage_error("compile", "name a policy and the output: -o OUT");
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

/* ---- the entries ------------------------------------------------------ */

static const struct cli_option check_options[] = {
	{ 'q', "quiet", NULL, "print nothing for a valid policy" },
	{ 's', "strict", NULL, "fail on warnings too" },
	{ 0, NULL, NULL, NULL },
};
const struct verb cli_verb_check = {
	"check",
	"[OPTION...] POLICY...",
	"validate policies: errors and warnings as FILE:LINE: message",
	verb_check,
	check_options,
	"POLICY is a file when it has a '/' (./app.cfg), else a profile name, as for\n"
	"PRESEAL_POLICY; '-' reads a policy from standard input.  Exit status: 0 valid,\n"
	"1 an error (or a warning under --strict), 2 a usage error.\n",
};
static const struct cli_option compile_options[] = {
	{ 'o', "output", "OUT", "write to OUT ('-': standard output)" },
	{ 'f', "format", "FORMAT", "bpf (raw, for bwrap --seccomp), pfc, or preseal" },
	{ 0, NULL, NULL, NULL },
};
const struct verb cli_verb_compile = {
	"compile",
	"POLICY -o OUT [--format bpf|pfc|preseal]",
	"write raw BPF (for bwrap), libseccomp's PFC text, or a compiled policy the shim "
	"loads directly",
	verb_compile,
	compile_options,
	NULL,
};
