/* main: the `preseal` command's entry: a table of verbs, each a function
 * taking its own arguments (cli.c and cli_*.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int verb_help(int argc, char **argv);

static const struct verb verb_help_entry = { "help", "", "this text", verb_help };

static const struct verb *const verbs[] = {
	&cli_verb_run,	  &cli_verb_learn,  &cli_verb_check,  &cli_verb_compile, &cli_verb_explain,
	&cli_verb_groups, &cli_verb_import, &cli_verb_export, &verb_help_entry,
};

#define VERB_COUNT (sizeof(verbs) / sizeof(verbs[0]))

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
		cli_set_running_verb(verbs[i]);
		return verbs[i]->run(argc - 1, argv + 1);
	}
	return cli_usage_error(NULL, "unknown verb '%s'", argv[1]);
}
