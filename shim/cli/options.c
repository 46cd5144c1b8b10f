/* options: parsing a verb's options from its table, its --help, usage
 * errors, and the table of verbs that main() registers.
 *
 * The verbs depend on this file, and main.c on the verbs; this file never
 * names a verb, so the table reaches it from main.c at start. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define EXIT_USAGE 2

static const struct verb *const *registered_verbs;
static size_t registered_count;

void cli_register_verbs(const struct verb *const *verbs, size_t count)
{
	registered_verbs = verbs;
	registered_count = count;
}

const struct verb *const *cli_verbs(size_t *count)
{
	*count = registered_count;
	return registered_verbs;
}

const struct verb *cli_find_verb(const char *name)
{
	for (size_t i = 0; i < registered_count; i++)
		if (strcmp(name, registered_verbs[i]->name) == 0)
			return registered_verbs[i];
	return NULL;
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

int cli_usage_error(const char *verb, const char *format, ...)
{
	const struct verb *known = verb ? cli_find_verb(verb) : NULL;
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
