/* landlock_apply: a policy's Landlock part, resolved, carried and applied.
 *
 * The compiler resolves struct landlock_policy (landlock.h) into struct
 * landlock_rules: kernel access bits, ports, scopes, the handled masks and
 * the mode, with nothing that needs libconfig.  It travels beside the
 * seccomp program in struct filter, in compiled files, cache entries and
 * the built-in profiles (compiled.c), and the shim and `preseal run` apply
 * it before the seccomp filter: a Landlock domain on every thread of the
 * process, or the program does not start.
 *
 * A policy without Landlock keys has no rules (NULL): no Landlock syscall
 * is made and its compiled form is what it always was.
 */
#ifndef PRESEAL_LANDLOCK_APPLY_H
#define PRESEAL_LANDLOCK_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "landlock.h"

/* LANDLOCK_RESTRICT_SELF_TSYNC (Linux 7.0, ABI 8): one call restricts every
 * thread of the process. */
#define LL_RESTRICT_SELF_TSYNC (1U << 3)
#define LL_ABI_TSYNC	       8

struct landlock_rules_path {
	uint64_t access; /* LL_FS_* */
	const char *path;
};

struct landlock_rules_port {
	uint64_t access; /* LL_NET_* */
	uint64_t port;
};

/* One block: this header, the paths, the ports, then the path strings. */
struct landlock_rules {
	enum landlock_mode mode;
	uint64_t handled_fs, handled_net, scoped;
	size_t path_count, port_count;
	struct landlock_rules_path *paths;
	struct landlock_rules_port *ports;
};

/* The rules for POLICY, or NULL with *OUT when the policy has no Landlock
 * part.  Returns 0 or -ENOMEM. */
int landlock_rules_from_policy(const struct landlock_policy *policy, struct landlock_rules **out);

/* A copy of RULES (NULL for NULL) into *OUT.  Returns 0 or -ENOMEM. */
int landlock_rules_copy(const struct landlock_rules *rules, struct landlock_rules **out);

void landlock_rules_free(struct landlock_rules *rules);

/* RULES with EXTRA (COUNT paths) granted too, each cut to the rights RULES
 * handles, into *OUT.  Returns 0 or -ENOMEM. */
int landlock_rules_with(const struct landlock_rules *rules, const struct landlock_rules_path *extra,
			size_t count, struct landlock_rules **out);

/* The bytes that stand for RULES in a compiled policy: *SIZE bytes at *OUT
 * (malloc; free it).  Returns 0 or -ENOMEM. */
int landlock_rules_encode(const struct landlock_rules *rules, unsigned char **out, size_t *size);

/* RULES from the SIZE bytes at DATA (any alignment), checked: NULL and
 * -EINVAL when they are not what landlock_rules_encode writes. */
int landlock_rules_decode(const unsigned char *data, size_t size, struct landlock_rules **out);

/* Whether Landlock ABI ABI (0: none) can enforce RULES: 0, with what
 * best_effort drops described in DROPPED (when not NULL; empty: nothing),
 * or in strict mode -EOPNOTSUPP with a line in DIAGS naming the right and
 * the ABI it needs.  No syscall. */
int landlock_rules_fit(const struct landlock_rules *rules, int abi, char *dropped,
		       size_t dropped_size, struct diag_list *diags);

/* Applies RULES to every thread of the calling process: a ruleset of the
 * paths that exist (opened with O_PATH, symlinks followed), the ports and
 * the scopes; no_new_privs first when NO_NEW_PRIVS.  In strict mode a right
 * the running kernel cannot enforce is an error naming it and the ABI it
 * needs; in best_effort mode what the kernel lacks is dropped and, when
 * DROPPED is not NULL, described there (empty: nothing dropped).  Returns
 * 0, or a negative errno with the reason in DIAGS: then some threads may
 * be restricted and others not, and the caller must not let the program
 * run.  Leaves no descriptor open and no signal handler changed. */
int landlock_rules_apply(const struct landlock_rules *rules, bool no_new_privs, char *dropped,
			 size_t dropped_size, struct diag_list *diags);

/* landlock_rules_apply() of RULES (nothing when NULL), and what best_effort
 * dropped said in one line "WHO: landlock = "best_effort": ..." on the
 * log LOG names (report_open_log(): NULL is stderr), which stays open
 * when it is stderr.  Returns 0, or a negative errno with DIAGS. */
int landlock_rules_apply_noted(const struct landlock_rules *rules, bool no_new_privs,
			       const char *who, const char *log, struct diag_list *diags);

#endif
