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

static const struct verb verb_check_entry;

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
	struct cli_parser parser = { .verb = &verb_check_entry, .argc = argc, .argv = argv };
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
	parser = (struct cli_parser){ .verb = &verb_check_entry, .argc = argc, .argv = argv };
	while ((key = cli_next_option(&parser)) != CLI_DONE)
		if (key == CLI_OPERAND)
			failed |= check_list(parser.value, quiet, strict);
	return failed ? 1 : 0;
}

/* ---- compile ---------------------------------------------------------- */

static const struct verb verb_compile_entry;

static int verb_compile(int argc, char **argv)
{
	struct cli_parser parser = { .verb = &verb_compile_entry, .argc = argc, .argv = argv };
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
out:
	diag_print(&diags, stderr, "");
	policy_free(policy);
	diag_free(&diags);
	return status;
}

/* ---- options ------------------------------------------------------------ */

static const struct cli_option *find_short(const struct verb *verb, int key)
{
	for (const struct cli_option *option = verb->options; option && option->key; option++)
		if (option->key == key)
			return option;
	return NULL;
}

static const struct cli_option *find_long(const struct verb *verb, const char *name, size_t length)
{
	for (const struct cli_option *option = verb->options; option && option->key; option++)
		if (strlen(option->name) == length && strncmp(option->name, name, length) == 0)
			return option;
	return NULL;
}

static int help_shown(const struct verb *verb)
{
	cli_print_verb_help(verb, stdout);
	return CLI_HELP;
}

/* The value of an option that takes one: the rest of its word, or the next. */
static int take_value(struct cli_parser *parser, const struct cli_option *option,
		      const char *attached)
{
	if (attached) {
		parser->value = attached;
		return option->key;
	}
	if (parser->index >= parser->argc) {
		cli_usage_error(parser->verb->name, "option '--%s' needs a value (%s)",
				option->name, option->argument);
		return CLI_BAD;
	}
	parser->value = parser->argv[parser->index++];
	return option->key;
}

static int short_option(struct cli_parser *parser)
{
	int key = (unsigned char)*parser->bundle++;
	const struct cli_option *option = key == 'h' ? NULL : find_short(parser->verb, key);

	if (key == 'h')
		return help_shown(parser->verb);
	if (!option) {
		cli_usage_error(parser->verb->name, "unknown option '-%c'", key);
		return CLI_BAD;
	}
	if (!option->argument)
		return key;
	if (*parser->bundle) {
		const char *attached = parser->bundle;

		parser->bundle = NULL;
		return take_value(parser, option, attached);
	}
	parser->bundle = NULL;
	return take_value(parser, option, NULL);
}

static int long_option(struct cli_parser *parser, const char *text)
{
	const char *equals = strchr(text, '=');
	size_t length = equals ? (size_t)(equals - text) : strlen(text);
	const struct cli_option *option = find_long(parser->verb, text, length);

	if (!equals && strcmp(text, "help") == 0)
		return help_shown(parser->verb);
	if (!option) {
		cli_usage_error(parser->verb->name, "unknown option '--%.*s'", (int)length, text);
		return CLI_BAD;
	}
	if (!option->argument && equals) {
		cli_usage_error(parser->verb->name, "option '--%s' takes no value", option->name);
		return CLI_BAD;
	}
	return option->argument ? take_value(parser, option, equals ? equals + 1 : NULL)
				: option->key;
}

/* "-" (standard input or output) and negative numbers (explain's
 * arguments) are operands: no option is a digit. */
static bool is_operand(const char *argument)
{
	return argument[0] != '-' || argument[1] == '\0' ||
	       (argument[1] >= '0' && argument[1] <= '9');
}

int cli_next_option(struct cli_parser *parser)
{
	const char *argument;

	if (parser->index == 0)
		parser->index = 1;
	if (parser->bundle && *parser->bundle)
		return short_option(parser);
	parser->bundle = NULL;
	if (parser->index >= parser->argc)
		return CLI_DONE;
	argument = parser->argv[parser->index];
	if (parser->operands_only || is_operand(argument)) {
		if (parser->stop_at_operand)
			return CLI_DONE;
		parser->value = argument;
		parser->index++;
		return CLI_OPERAND;
	}
	parser->index++;
	if (strcmp(argument, "--") == 0) {
		if (parser->stop_at_operand)
			return CLI_DONE;
		parser->operands_only = true;
		return cli_next_option(parser);
	}
	if (argument[1] == '-')
		return long_option(parser, argument + 2);
	parser->bundle = argument + 1;
	return short_option(parser);
}

int cli_parse_status(int key)
{
	return key == CLI_HELP ? 0 : EXIT_USAGE;
}

static void print_option(FILE *stream, int key, const char *name, const char *argument,
			 const char *help)
{
	char left[64];
	int length;

	if (key < CLI_LONG)
		length = snprintf(left, sizeof(left), "  -%c, --%s%s%s", key, name,
				  argument ? " " : "", argument ? argument : "");
	else
		length = snprintf(left, sizeof(left), "      --%s%s%s", name, argument ? " " : "",
				  argument ? argument : "");
	if (length < 28)
		fprintf(stream, "%-28s%s\n", left, help);
	else
		fprintf(stream, "%s\n%28s%s\n", left, "", help);
}

void cli_print_verb_help(const struct verb *verb, FILE *stream)
{
	fprintf(stream, "usage: preseal %s %s\n%s.\n\noptions:\n", verb->name, verb->synopsis,
		verb->summary);
	for (const struct cli_option *option = verb->options; option && option->key; option++)
		print_option(stream, option->key, option->name, option->argument, option->help);
	print_option(stream, 'h', "help", NULL, "show this help and exit");
	if (verb->details)
		fprintf(stream, "\n%s", verb->details);
}

/* ---- the verb table --------------------------------------------------- */

static int verb_help(int argc, char **argv);

static const struct cli_option check_options[] = {
	{ 'q', "quiet", NULL, "print nothing for a valid policy" },
	{ 's', "strict", NULL, "fail on warnings too" },
	{ 0, NULL, NULL, NULL },
};
static const struct verb verb_check_entry = {
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
static const struct verb verb_compile_entry = {
	"compile",
	"POLICY -o OUT [--format bpf|pfc|preseal]",
	"write raw BPF (for bwrap), libseccomp's PFC text, or a compiled policy the shim "
	"loads directly",
	verb_compile,
	compile_options,
	NULL,
};
static const struct verb verb_help_entry = {
	"help", "[VERB]", "this text, or the help of VERB", verb_help, NULL, NULL,
};

static const struct verb *const verbs[] = {
	&cli_verb_run,	   &cli_verb_learn,  &verb_check_entry,	 &verb_compile_entry,
	&cli_verb_explain, &cli_verb_groups, &cli_verb_profiles, &cli_verb_status,
	&cli_verb_import,  &cli_verb_export, &verb_help_entry,	 &cli_verb_complete,
};

#define VERB_COUNT (sizeof(verbs) / sizeof(verbs[0]))

static const struct verb *find_verb(const char *name)
{
	for (size_t i = 0; i < VERB_COUNT; i++)
		if (strcmp(name, verbs[i]->name) == 0)
			return verbs[i];
	return NULL;
}

const struct verb *const *cli_verbs(size_t *count)
{
	*count = VERB_COUNT;
	return verbs;
}

int cli_usage_error(const char *verb, const char *format, ...)
{
	const struct verb *known = verb ? find_verb(verb) : NULL;
	va_list args;

	fprintf(stderr, "preseal%s%s: ", verb ? " " : "", verb ? verb : "");
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	if (known)
		fprintf(stderr, " (usage: preseal %s %s; see 'preseal %s --help')\n", known->name,
			known->synopsis, known->name);
	else
		fprintf(stderr, " (usage: preseal VERB [ARG...]; see 'preseal help')\n");
	return EXIT_USAGE;
}

static void print_usage(FILE *stream)
{
	fprintf(stream, "usage: preseal VERB [ARG...]\n\n");
	for (size_t i = 0; i < VERB_COUNT; i++)
		if (verbs[i]->summary[0] != '\0')
			fprintf(stream, "  preseal %s %s\n      %s\n", verbs[i]->name,
				verbs[i]->synopsis, verbs[i]->summary);
	fprintf(stream, "\n'preseal VERB --help' or 'preseal help VERB' describes each option.\n"
			"Environment: PRESEAL_POLICY, PRESEAL_PATH, PRESEAL_MODE, PRESEAL_REPORT, "
			"PRESEAL_LOG.\n");
}

static int verb_help(int argc, char **argv)
{
	const struct verb *verb;

	if (argc < 2) {
		print_usage(stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage_error("help", "one verb at a time");
	verb = find_verb(argv[1]);
	if (!verb)
		return cli_usage_error(NULL, "unknown verb '%s'", argv[1]);
	cli_print_verb_help(verb, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const struct verb *verb;

	if (argc < 2)
		return cli_usage_error(NULL, "name a verb");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return verb_help(1, argv + 1);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("preseal %s\n", PRESEAL_VERSION);
		return 0;
	}
	if (argv[1][0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", argv[1]);
	verb = find_verb(argv[1]);
	if (!verb)
		return cli_usage_error(NULL, "unknown verb '%s'", argv[1]);
	return verb->run(argc - 1, argv + 1);
}
