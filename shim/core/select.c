/* select: which policy the environment asks for.
 *
 * Only names are resolved here; reading and trusting the file is the policy
 * stage's job.  A profile name is a plain name, never a path in disguise.
 */
#include "select.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "text.h"

void select_read_environment(struct environment *environment)
{
	environment->policy = text_getenv("PRESEAL_POLICY");
	environment->path = text_getenv("PRESEAL_PATH");
	environment->mode = text_getenv("PRESEAL_MODE");
	environment->log = text_getenv("PRESEAL_LOG");
	environment->report = text_getenv("PRESEAL_REPORT");
}

int select_layer(const char *policy, size_t index, char *name, size_t size)
{
	const char *start = policy, *end;
	size_t length;

	if (!policy)
		return index == 0 ? 0 : -ENOENT;
	for (; index > 0; index--) {
		start = strchr(start, ':');
		if (!start)
			return -ENOENT;
		start++;
	}
	end = strchr(start, ':');
	length = end ? (size_t)(end - start) : strlen(start);
	if (name && length >= size)
		return -EINVAL;
	if (name) {
		memcpy(name, start, length);
		name[length] = '\0';
	}
	return length == 0 && (end || start != policy) ? -EINVAL : (int)length;
}

/* Whether an entry of the list is a relative path: a '/', not first. */
bool select_lists_a_relative_path(const char *policy)
{
	for (const char *entry = policy; entry;
	     entry = strchr(entry, ':') ? strchr(entry, ':') + 1 : NULL) {
		size_t length = strcspn(entry, ":");

		if (length > 0 && entry[0] != '/' && memchr(entry, '/', length))
			return true;
	}
	return false;
}

int select_resolve(struct environment *environment, struct diag_list *diags)
{
	const char *policy = environment->policy;
	char folder[PATH_MAX];

	environment->folder = 0;
	if (!policy || !select_lists_a_relative_path(policy))
		return 0;
	if (!getcwd(folder, sizeof(folder))) {
		int error = errno;

		diag_error(diags, NULL, 0,
			   "PRESEAL_POLICY=%s is relative and the working folder cannot be read "
			   "(getcwd: %s); give the policy's absolute path",
			   policy, strerror(error));
		return -error;
	}
	environment->folder = hash_fnv1a(HASH_FNV1A_START, folder, strlen(folder)) | 1;
	return 0;
}

/* The strings the kernel wrote at exec lie one after the other: ARGV's,
 * the environment's, then the program's path, which AT_EXECFN points at;
 * the pointer arrays (ENVP among them) lie below them on the same stack.
 * Returns the first environment string and its count in *COUNT, or NULL
 * when the layout is not that (no AT_EXECFN, or a loader of its own). */
static char *startup_strings(int argc, char **argv, char **envp, size_t *count)
{
	char *end = (char *)getauxval(AT_EXECFN), *start, *text;

	if (!end || !envp)
		return NULL;
	if (argc > 0 && argv && argv[argc - 1])
		start = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
	else
		start = envp[0] ? envp[0] : end;
	/* Only then is every byte from START to END on the stack. */
	if (start <= (char *)envp || start > end)
		return NULL;
	*count = 0;
	for (text = start; text < end; text += strlen(text) + 1)
		(*count)++;
	return text == end ? start : NULL;
}

/* Whether ENVP still lists the COUNT strings from STRINGS, in order: what
 * it held at exec, unless a constructor changed it. */
static bool lists_exactly(char *const *envp, char *strings, size_t count)
{
	for (size_t i = 0; i < count; i++, strings += strlen(strings) + 1)
		if (envp[i] != strings)
			return false;
	return envp[count] == NULL;
}

int select_enter_startup_environment(struct startup_environment *startup, int argc, char **argv,
				     char **envp)
{
	static char cache_off[] = "PRESEAL_CACHE=off";
	static char *secure[] = { cache_off, NULL };
	extern char **environ;
	char *text;

	*startup = (struct startup_environment){ .program = environ, .array = envp };
	if (getauxval(AT_SECURE)) {
		startup->array = secure;
	} else if ((startup->strings = startup_strings(argc, argv, envp, &startup->count)) &&
		   !lists_exactly(envp, startup->strings, startup->count)) {
		/* Changed: a copy, which costs the heap only then. */
		startup->array = malloc((startup->count + 1) * sizeof(*startup->array));
		if (!startup->array)
			return -ENOMEM;
		startup->allocated = true;
		text = startup->strings;
		for (size_t i = 0; i < startup->count; i++, text += strlen(text) + 1)
			startup->array[i] = text;
		startup->array[startup->count] = NULL;
	}
	/* Otherwise ENVP: unchanged, or not the kernel's layout (no AT_EXECFN,
	 * a loader of its own), and then the array ld.so passed, at least. */
	environ = startup->array;
	return 0;
}

/* Whether ARRAY still holds the very string TEXT. */
static bool holds(char *const *array, const char *text)
{
	for (; array && *array; array++)
		if (*array == text)
			return true;
	return false;
}

void select_leave_startup_environment(struct startup_environment *startup)
{
	extern char **environ;
	char *text = startup->strings, name[256];

	environ = startup->program;
	for (size_t i = 0; text && i < startup->count; i++, text += strlen(text) + 1) {
		const char *equals = strchr(text, '=');
		size_t length = equals ? (size_t)(equals - text) : 0;

		if (strncmp(text, "PRESEAL_", 8) == 0 && length < sizeof(name) &&
		    !holds(startup->array, text)) {
			memcpy(name, text, length);
			name[length] = '\0';
			unsetenv(name);
		}
	}
	if (startup->allocated)
		free(startup->array);
	startup->array = NULL;
}

int select_valid_profile_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length > 128 || name[0] == '.' || name[0] == '-')
		return 0;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'))
			return 0;
	return 1;
}

static int parse_mode(const char *text, enum preseal_mode *mode, struct diag_list *diags)
{
	if (!text || !*text || strcmp(text, "enforce") == 0)
		*mode = MODE_ENFORCE;
	else if (strcmp(text, "complain") == 0)
		*mode = MODE_COMPLAIN;
	else if (strcmp(text, "learn") == 0)
		*mode = MODE_LEARN;
	else {
		diag_error(diags, NULL, 0,
			   "PRESEAL_MODE='%s' is not a mode (enforce, complain or learn)", text);
		return -EINVAL;
	}
	return 0;
}

/* FOLDER (LENGTH bytes), '/', NAME and ".cfg" into BUFFER of SIZE bytes,
 * which must hold them. */
static char *compose(char *buffer, const char *folder, size_t length, const char *name,
		     size_t name_length)
{
	memcpy(buffer, folder, length);
	buffer[length] = '/';
	memcpy(buffer + length + 1, name, name_length);
	memcpy(buffer + length + 1 + name_length, ".cfg", sizeof(".cfg"));
	return buffer;
}

/* Whether a candidate is chosen: anything there, even unreadable or too
 * long to be a path, is, so that reading it fails closed rather than the
 * search falling back to another folder or a built-in profile. */
static bool chosen(const char *candidate, size_t size)
{
	struct stat st;

	return size > PATH_MAX || stat(candidate, &st) == 0 || errno != ENOENT;
}

/* FOLDER/NAME.cfg, allocated, when it is chosen; otherwise NULL.  Composed
 * in a small buffer on the stack: at every start with a profile name this
 * runs before anything else needs the heap or a deeper stack, whose first
 * use costs page faults.  Longer candidates go to the heap. */
static char *candidate_in(const char *folder, size_t length, const char *name, size_t name_length)
{
	size_t size = length + 1 + name_length + sizeof(".cfg");
	char small[256], *large;

	if (size <= sizeof(small))
		return chosen(compose(small, folder, length, name, name_length), size)
			       ? text_dup(small)
			       : NULL;
	large = malloc(size);
	if (large && !chosen(compose(large, folder, length, name, name_length), size)) {
		free(large);
		large = NULL;
	}
	return large;
}

/* NAME.cfg in the first folder of SEARCH that has it, or NULL. */
static char *find_in_path(const char *search, const char *name)
{
	const char *folder = search;
	size_t name_length = strlen(name);

	while (folder) {
		const char *end = strchr(folder, ':');
		size_t length = end ? (size_t)(end - folder) : strlen(folder);
		char *found = length > 0 ? candidate_in(folder, length, name, name_length) : NULL;

		if (found)
			return found;
		folder = end ? end + 1 : NULL;
	}
	return NULL;
}

#define INLINE_DENY "deny="

/* "deny=@network-io,ptrace": a policy that allows everything else and
 * refuses those with EPERM.  The names are plain, so the text cannot be
 * anything but that policy; an unknown one fails as in a file. */
static int inline_deny(const char *entry, enum preseal_mode mode, struct selection *selection,
		       struct diag_list *diags)
{
	const char *names = entry + sizeof(INLINE_DENY) - 1;
	size_t length = strlen(names), used;
	char *text;

	if (mode != MODE_ENFORCE || length == 0 ||
	    strspn(names, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-@,") !=
		    length ||
	    names[0] == ',' || names[length - 1] == ',' || strstr(names, ",,")) {
		diag_error(diags, NULL, 0,
			   "PRESEAL_POLICY entry '%s': deny= takes syscall and @group names "
			   "separated by ',', in enforce mode",
			   entry);
		return -EINVAL;
	}
	text = malloc(length * 4 + 128);
	if (!text)
		return -ENOMEM;
	used = (size_t)sprintf(text, "default_action = \"allow\";\ndeny_action = "
				     "\"errno(EPERM)\";\ndeny = [ \"");
	for (const char *c = names; *c; c++)
		used += (size_t)sprintf(text + used, *c == ',' ? "\", \"" : "%c", *c);
	sprintf(text + used, "\" ];\n");
	selection->inline_text = text;
	return 0;
}

int select_policy(const struct environment *environment, struct selection *selection,
		  struct diag_list *diags)
{
	const char *name = environment->policy;
	const char *search =
		environment->path && *environment->path ? environment->path : PRESEAL_DEFAULT_PATH;

	*selection = (struct selection){ 0 };
	if (parse_mode(environment->mode, &selection->mode, diags) < 0)
		return -EINVAL;
	if (!name || !*name)
		name = PRESEAL_DEFAULT_PROFILE;
	if (strchr(name, '/')) {
		selection->path = text_dup(name);
		return selection->path ? 0 : -ENOMEM;
	}
	if (strncmp(name, INLINE_DENY, sizeof(INLINE_DENY) - 1) == 0)
		return inline_deny(name, selection->mode, selection, diags);
	if (!select_valid_profile_name(name)) {
		diag_error(
			diags, NULL, 0,
			"PRESEAL_POLICY='%s' is neither a path (it has no '/') nor a profile name "
			"(letters, digits, '.', '_', '-')",
			name);
		return -EINVAL;
	}
	selection->path = find_in_path(search, name);
	if (selection->path)
		return 0;
	selection->builtin = profiles_find(name);
	if (selection->builtin)
		return 0;
	diag_error(diags, NULL, 0,
		   "unknown profile '%s': no %s.cfg in %s, and no built-in profile "
		   "of that name",
		   name, name, search);
	return -ENOENT;
}

const char *select_describe(const struct selection *selection, char *buffer, size_t size)
{
	if (selection->path)
		text_join(buffer, size, selection->path, (char *)NULL);
	else if (selection->builtin)
		text_join(buffer, size, "built-in ", selection->builtin->name, (char *)NULL);
	else if (selection->inline_text)
		text_join(buffer, size, "an inline deny list", (char *)NULL);
	else
		text_join(buffer, size, "no policy", (char *)NULL);
	return buffer;
}

void select_free(struct selection *selection)
{
	free(selection->path);
	free(selection->inline_text);
	*selection = (struct selection){ 0 };
}

static uint64_t fnv1a(uint64_t hash, const char *text)
{
	if (text)
		hash = hash_fnv1a(hash, text, strlen(text));
	/* A separator, so ("ab", "c") and ("a", "bc") differ. */
	return (hash ^ 0xff) * HASH_FNV1A_PRIME;
}

uint64_t select_token(const struct environment *environment)
{
	uint64_t hash = HASH_FNV1A_START;

	hash = fnv1a(hash, "preseal " PRESEAL_VERSION);
	hash = fnv1a(hash, environment->policy);
	hash = fnv1a(hash, environment->path);
	hash = fnv1a(hash, environment->mode);
	if (environment->folder)
		hash = hash_fnv1a(hash, &environment->folder, sizeof(environment->folder));
	return hash ? hash : 1;
}
