/* cli_complete: `preseal __complete WHAT`, the words bash completion offers.
 *
 * Hidden from the help: the completion script (scripts/completion/preseal)
 * asks the command itself, so that verbs, options, profiles, groups and
 * syscalls are always those of the preseal that is installed.
 */
#include <dirent.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "names.h"
#include "profiles.h"
#include "select.h"

static void print_verbs(void)
{
	size_t count;
	const struct verb *const *verbs = cli_verbs(&count);

	for (size_t i = 0; i < count; i++)
		if (verbs[i]->summary[0] != '\0')
			printf("%s\n", verbs[i]->name);
}

static int print_options(const char *name)
{
	size_t count;
	const struct verb *const *verbs = cli_verbs(&count);

	for (size_t i = 0; i < count; i++) {
		if (strcmp(verbs[i]->name, name) != 0)
			continue;
		for (const struct cli_option *option = verbs[i]->options; option && option->key;
		     option++) {
			printf("--%s\n", option->name);
			if (option->key < CLI_LONG)
				printf("-%c\n", option->key);
		}
		printf("--help\n-h\n");
		return 0;
	}
	return 1;
}

static void print_profile_files(const char *folder, size_t length)
{
	char path[4096];
	struct dirent **entries = NULL;
	int count;

	snprintf(path, sizeof(path), "%.*s", (int)length, folder);
	count = scandir(path, &entries, NULL, alphasort);
	for (int i = 0; i < count; i++) {
		const char *name = entries[i]->d_name;
		size_t name_length = strlen(name);

		if (name_length > 4 && strcmp(name + name_length - 4, ".cfg") == 0)
			printf("%.*s\n", (int)(name_length - 4), name);
		free(entries[i]);
	}
	free(entries);
}

static void print_profiles(void)
{
	const char *search = getenv("PRESEAL_PATH");
	const struct builtin_profile *all;
	size_t count;

	if (!search || !*search)
		search = PRESEAL_DEFAULT_PATH;
	for (const char *folder = search; folder;
	     folder = strchr(folder, ':') ? strchr(folder, ':') + 1 : NULL)
		if (strcspn(folder, ":") > 0)
			print_profile_files(folder, strcspn(folder, ":"));
	all = profiles_all(&count);
	for (size_t i = 0; i < count; i++)
		printf("%s\n", all[i].name);
}

static void print_groups(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	for (size_t i = 0; i < count; i++)
		printf("@%s\n", groups[i].name);
}

static void print_syscalls(void)
{
	uint32_t native = seccomp_arch_native();

	for (int number = 0; number < 1024; number++) {
		char *name = seccomp_syscall_resolve_num_arch(native, number);

		if (name)
			printf("%s\n", name);
		free(name);
	}
}

static int verb_complete(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (strcmp(what, "verbs") == 0 && argc == 2)
		print_verbs();
	else if (strcmp(what, "options") == 0 && argc == 3)
		return print_options(argv[2]);
	else if (strcmp(what, "profiles") == 0 && argc == 2)
		print_profiles();
	else if (strcmp(what, "groups") == 0 && argc == 2)
		print_groups();
	else if (strcmp(what, "syscalls") == 0 && argc == 2)
		print_syscalls();
	else
		return cli_usage_error("__complete",
				       "give verbs, options VERB, profiles, groups or syscalls");
	return 0;
}

const struct verb cli_verb_complete = {
	"__complete", "verbs|options VERB|profiles|groups|syscalls", "", verb_complete, NULL, NULL,
};
