/* cli_landlock: `preseal explain POLICY --path PATH read|write|execute`
 * and `--connect PORT` / `--bind PORT`.
 *
 * Answers from the model as Landlock decides: a path's rights are the union
 * of the rights of every rule on the path itself (a file) or on one of its
 * folders, each rule attached where its path leads after symlinks, so the
 * asked path and every rule's path are resolved with realpath() first.
 * Every rule that grants the needed right is cited, with its line.  Nothing
 * is opened; only the paths' names and types are read.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "landlock.h"

/* The right an operation on a file, a folder or a missing path needs. */
static uint64_t needed_right(const char *operation, bool exists, bool folder)
{
	if (strcmp(operation, "read") == 0)
		return folder ? LL_FS_READ_DIR : LL_FS_READ_FILE;
	if (strcmp(operation, "execute") == 0)
		return LL_FS_EXECUTE;
	if (strcmp(operation, "write") == 0)
		return !exists || folder ? LL_FS_MAKE_REG : LL_FS_WRITE_FILE;
	return 0;
}

/* PATH resolved as the kernel would reach it: realpath() when it exists;
 * else its nearest existing folder resolved and the rest appended (the
 * file would be created there). */
static int resolve_asked(const char *path, char *resolved, bool *exists, bool *folder)
{
	char parent[PATH_MAX], real[PATH_MAX];
	struct stat st;
	const char *slash;

	*exists = realpath(path, resolved) != NULL && stat(resolved, &st) == 0;
	if (*exists) {
		*folder = S_ISDIR(st.st_mode);
		return 0;
	}
	*folder = false;
	slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= sizeof(parent))
		return -1;
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash - path), path);
	if (!realpath(parent[0] ? parent : "/", real))
		return -1;
	if ((size_t)snprintf(resolved, PATH_MAX, "%s/%s", strcmp(real, "/") == 0 ? "" : real,
			     slash + 1) >= PATH_MAX)
		return -1;
	return 0;
}

/* The rights RULE grants on RESOLVED (0 when it does not apply there). */
static uint64_t rule_grants(const struct landlock_path_rule *rule, const char *resolved)
{
	char target[PATH_MAX];
	struct stat st;

	if (!realpath(rule->path, target) || stat(target, &st) != 0)
		return 0; /* a missing path grants nothing */
	if (!S_ISDIR(st.st_mode))
		return strcmp(target, resolved) == 0 ? rule->access & LL_FS_FILE_RIGHTS : 0;
	return landlock_path_beneath(target, resolved) ? rule->access : 0;
}

static void print_rule(const struct landlock_path_rule *rule, uint64_t granted)
{
	char rights[512];

	landlock_fs_rights_format(granted, rights, sizeof(rights));
	if (rule->implied) {
		printf("  from: implied: %s (%s): %s\n", rule->path, rights, rule->implied);
		return;
	}
	printf("  from: %s:%d %s (%s)", rule->where.file, rule->where.line, rule->path, rights);
	if (rule->via_group)
		printf(" (via @%s)", rule->via_group);
	printf("\n");
}

/* What this kernel does with a right the policy handles, when it cannot. */
static void print_kernel_note(const struct landlock_policy *model, uint64_t needed)
{
	int abi = landlock_abi_running();

	if (landlock_fs_rights_of_abi(abi) & needed)
		return;
	if (model->mode == LANDLOCK_BEST_EFFORT)
		printf("  note: this kernel (Landlock ABI %d) cannot enforce %s: best_effort "
		       "allows it here\n",
		       abi, landlock_fs_right_name(needed));
	else
		printf("  note: this kernel (Landlock ABI %d) cannot enforce %s: the policy is "
		       "strict, so its program does not start here\n",
		       abi, landlock_fs_right_name(needed));
}

static int explain_path(const struct policy *policy, const char *path, const char *operation)
{
	const struct landlock_policy *model = &policy->landlock;
	char resolved[PATH_MAX], absolute[PATH_MAX], here[PATH_MAX];
	bool exists, folder, allowed = false;
	uint64_t needed;

	/* A relative PATH is taken from the working folder, as a shell's is. */
	if (path[0] != '/') {
		if (!getcwd(here, sizeof(here)) ||
		    (size_t)snprintf(absolute, sizeof(absolute), "%s/%s", here, path) >=
			    sizeof(absolute)) {
			fprintf(stderr, "preseal explain: '%s': the path is too long\n", path);
			return 2;
		}
		path = absolute;
	}
	if (resolve_asked(path, resolved, &exists, &folder) < 0) {
		fprintf(stderr, "preseal explain: '%s': no folder of it exists\n", path);
		return 2;
	}
	needed = needed_right(operation, exists, folder);
	if (!model->handled_fs) {
		printf("%s %s: allowed\n  not handled: allowed (the policy has no paths key)\n",
		       operation, path);
		return 0;
	}
	for (size_t i = 0; i < model->path_count; i++)
		allowed = allowed || (rule_grants(&model->paths[i], resolved) & needed);
	printf("%s %s: %s (needs %s%s)\n", operation, path, allowed ? "allowed" : "denied",
	       landlock_fs_right_name(needed),
	       !exists ? " on its folder: it does not exist, so writing creates it" : "");
	if (strcmp(resolved, path) != 0)
		printf("  resolved: %s (symlinks followed, as the kernel does)\n", resolved);
	for (size_t i = 0; i < model->path_count; i++) {
		uint64_t granted = rule_grants(&model->paths[i], resolved);

		if (granted & needed)
			print_rule(&model->paths[i], granted);
	}
	if (!allowed)
		printf("  not listed: denied (paths at %s:%d handles it)\n",
		       model->paths_where.file, model->paths_where.line);
	print_kernel_note(model, needed);
	return 0;
}

static int explain_port(const struct policy *policy, const char *text, uint64_t access)
{
	const struct landlock_policy *model = &policy->landlock;
	const char *verb = access == LL_NET_BIND_TCP ? "bind" : "connect";
	char *end;
	long port;
	bool allowed = false;

	errno = 0;
	port = strtol(text, &end, 10);
	if (errno || end == text || *end || port < 0 || port > 65535) {
		fprintf(stderr, "preseal explain: --%s needs a TCP port 0-65535, not '%s'\n", verb,
			text);
		return 2;
	}
	if (!model->handled_net) {
		printf("%s %ld: allowed\n  not handled: allowed (the policy has no network key)\n",
		       verb, port);
		return 0;
	}
	for (size_t i = 0; i < model->port_count; i++)
		allowed = allowed ||
			  (model->ports[i].port == port && (model->ports[i].access & access));
	printf("%s %ld: %s\n", verb, port, allowed ? "allowed" : "denied");
	for (size_t i = 0; i < model->port_count; i++)
		if (model->ports[i].port == port && (model->ports[i].access & access))
			printf("  from: %s:%d\n", model->ports[i].where.file,
			       model->ports[i].where.line);
	if (!allowed)
		printf("  not listed: denied (network at %s:%d handles it)\n",
		       model->network_where.file, model->network_where.line);
	if (landlock_abi_running() < 4)
		printf("  note: this kernel (Landlock ABI %d) cannot filter TCP ports: %s\n",
		       landlock_abi_running(),
		       model->mode == LANDLOCK_BEST_EFFORT
			       ? "best_effort allows it here"
			       : "the policy is strict, so its program does not start here");
	return 0;
}

int cli_explain_landlock(const struct policy *policy, const char *option, const char *subject,
			 const char *operation)
{
	if (strcmp(option, "--path") == 0)
		return explain_path(policy, subject, operation);
	return explain_port(policy, subject,
			    strcmp(option, "--bind") == 0 ? LL_NET_BIND_TCP : LL_NET_CONNECT_TCP);
}
