/* landlock_policy: a compiled policy with exactly the paths given, for
 * `make bench`'s Landlock rows.
 *
 *   landlock_policy OUT.pbf PATH…
 *
 * Writes what `preseal compile --format preseal` writes for a policy that
 * allows every syscall and grants read_file, read_dir and execute beneath
 * each PATH, handling every filesystem right the running kernel knows: the
 * same ruleset bench/filter_preload.c applies with BENCH_LANDLOCK, and
 * nothing a policy reader adds on its own.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compile.h"
#include "compiled.h"
#include "landlock_apply.h"
#include "policy.h"

int main(int argc, char **argv)
{
	struct landlock_path_rule paths[64];
	struct diag_list diags = { 0 };
	struct policy *policy;
	struct filter filter;
	int fd, result = -1;

	if (argc < 3 || argc - 2 > 64) {
		fprintf(stderr, "usage: landlock_policy OUT.pbf PATH… (at most 64)\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		paths[i - 2] = (struct landlock_path_rule){
			.path = argv[i], .access = LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_EXECUTE
		};
	policy = policy_read_string("default_action = \"allow\";\n", "bench", NULL, &diags);
	if (policy) {
		policy->landlock = (struct landlock_policy){
			.present = true,
			.handled_fs = landlock_fs_rights_of_abi(landlock_abi_running()),
			.paths = paths,
			.path_count = (size_t)(argc - 2),
		};
		result = compile_policy(policy, NULL, &filter, &diags);
		policy->landlock = (struct landlock_policy){ 0 };
		policy_free(policy);
	}
	if (result == 0) {
		fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		result = fd < 0 ? -1 : compiled_write(&filter, fd);
		if (fd >= 0)
			close(fd);
		filter_free(&filter);
	}
	diag_print(&diags, stderr, "landlock_policy: ");
	diag_free(&diags);
	return result == 0 ? 0 : 1;
}
