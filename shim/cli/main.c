/* main: the `preseal` command: a table of verbs, each a function taking
 * its own arguments (cli.c, cli_*.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int verb_help(int argc, char **argv);

static const struct verb verb_help_entry = {
	"help", "[VERB]", "this text, or the help of VERB", verb_help, NULL, NULL,
};

static const struct verb *const verbs[] = {
	&cli_verb_run,	   &cli_verb_learn,  &cli_verb_check,	 &cli_verb_compile,
	&cli_verb_explain, &cli_verb_groups, &cli_verb_profiles, &cli_verb_status,
	&cli_verb_import,  &cli_verb_export, &verb_help_entry,	 &cli_verb_complete,
};

#define VERB_COUNT (sizeof(verbs) / sizeof(verbs[0]))

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
	verb = cli_find_verb(argv[1]);
	if (!verb)
		return cli_usage_error(NULL, "unknown verb '%s'", argv[1]);
	cli_print_verb_help(verb, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const struct verb *verb;

	cli_register_verbs(verbs, VERB_COUNT);
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
	verb = cli_find_verb(argv[1]);
	if (!verb)
		return cli_usage_error(NULL, "unknown verb '%s'", argv[1]);
	return verb->run(argc - 1, argv + 1);
}
