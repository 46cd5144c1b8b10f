/* landlock: the policy's paths, ports and scopes, and how they are applied.
 *
 * A policy may say *on what* its program acts, beside which syscalls it
 * makes: `paths` (the short form: read, execute, write), `paths_rules` (the
 * precise form, with Landlock's own right names), `network` (TCP ports to
 * bind and connect to), `scope` (abstract UNIX sockets, signals) and
 * `landlock` ("strict", the default, or "best_effort").  The policy reader
 * fills struct landlock_policy; the compiler carries it, resolved to
 * kernel access bits, beside the seccomp program; the shim and `preseal
 * run` apply it with Landlock before the seccomp filter, to every thread.
 *
 * A policy without any of these keys has present == false and is applied
 * exactly as before: no Landlock syscall is made.
 *
 * Access bits are the kernel's LANDLOCK_ACCESS_FS_*, LANDLOCK_ACCESS_NET_*
 * and LANDLOCK_SCOPE_* values.  Debian 12's <linux/landlock.h> (Linux 6.1)
 * lacks the newer ones, so they are defined here with the kernel's values.
 */
#ifndef PRESEAL_LANDLOCK_H
#define PRESEAL_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Filesystem rights (ABI 1 unless noted). */
#define LL_FS_EXECUTE	  (1ULL << 0)
#define LL_FS_WRITE_FILE  (1ULL << 1)
#define LL_FS_READ_FILE	  (1ULL << 2)
#define LL_FS_READ_DIR	  (1ULL << 3)
#define LL_FS_REMOVE_DIR  (1ULL << 4)
#define LL_FS_REMOVE_FILE (1ULL << 5)
#define LL_FS_MAKE_CHAR	  (1ULL << 6)
#define LL_FS_MAKE_DIR	  (1ULL << 7)
#define LL_FS_MAKE_REG	  (1ULL << 8)
#define LL_FS_MAKE_SOCK	  (1ULL << 9)
#define LL_FS_MAKE_FIFO	  (1ULL << 10)
#define LL_FS_MAKE_BLOCK  (1ULL << 11)
#define LL_FS_MAKE_SYM	  (1ULL << 12)
#define LL_FS_REFER	  (1ULL << 13) /* ABI 2 */
#define LL_FS_TRUNCATE	  (1ULL << 14) /* ABI 3 */
#define LL_FS_IOCTL_DEV	  (1ULL << 15) /* ABI 5 */

/* Every filesystem right preseal knows: what a policy with `paths` or
 * `paths_rules` handles (best_effort drops what the running kernel lacks). */
#define LL_FS_ALL ((LL_FS_IOCTL_DEV << 1) - 1)
/* The rights that mean something for a file rather than a folder: a rule
 * naming a file grants only these (Landlock refuses the others there). */
#define LL_FS_FILE_RIGHTS \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

/* The short form: paths = { read = [ … ]; execute = [ … ]; write = [ … ]; }. */
#define LL_FS_SHORT_READ    (LL_FS_READ_FILE | LL_FS_READ_DIR)
#define LL_FS_SHORT_EXECUTE (LL_FS_SHORT_READ | LL_FS_EXECUTE)
/* Creating, writing, truncating, renaming and removing beneath the folder;
 * not device nodes (make_char, make_block: name them in paths_rules). */
#define LL_FS_SHORT_WRITE                                                                       \
	(LL_FS_SHORT_READ | LL_FS_WRITE_FILE | LL_FS_REMOVE_DIR | LL_FS_REMOVE_FILE |           \
	 LL_FS_MAKE_DIR | LL_FS_MAKE_REG | LL_FS_MAKE_SOCK | LL_FS_MAKE_FIFO | LL_FS_MAKE_SYM | \
	 LL_FS_REFER | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

/* Network rights (ABI 4). */
#define LL_NET_BIND_TCP	   (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_NET_ALL	   (LL_NET_BIND_TCP | LL_NET_CONNECT_TCP)

/* Scopes (ABI 6). */
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL		      (1ULL << 1)
#define LL_SCOPE_ALL		      (LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL)

/* The newest ABI preseal knows (7: the logging flags). */
#define LL_ABI_KNOWN 7

/* Where a key or an entry came from (same meaning as struct source in
 * policy.h; FILE points into policy->files). */
struct landlock_source {
	const char *file;
	int line;
};

/* One path and the rights granted beneath it (or on it, for a file).
 * PATH is absolute and normalised ("//", "/./" and a trailing "/" removed;
 * a leading "~" or "$HOME" expanded from HOME; ".." and relative paths are
 * refused by the reader).  Applying a rule: open PATH with O_PATH, following
 * symlinks (the rule attaches to the target); a PATH that does not exist
 * grants nothing and is skipped; on a PATH that is not a folder only
 * ACCESS & LL_FS_FILE_RIGHTS is granted. */
struct landlock_path_rule {
	const char *path;
	uint64_t access; /* LL_FS_* */
	struct landlock_source where;
	const char *comment; /* the entry's comment, or NULL */
	const char
		*via_group; /* the path group ("runtime" for "@runtime") that named it, or NULL */
	const char *implied; /* why the model added this rule itself (ld.so, /dev/null…), or NULL */
};

/* One TCP port and what may be done with it. */
struct landlock_port_rule {
	uint16_t port;
	uint64_t access; /* LL_NET_* */
	struct landlock_source where;
};

enum landlock_mode {
	LANDLOCK_STRICT,      /* a right the kernel lacks: the program does not start */
	LANDLOCK_BEST_EFFORT, /* apply what the kernel has, say what was dropped */
};

struct landlock_policy {
	/* paths, paths_rules, network or scope was written: there is a ruleset
	 * to apply.  (`landlock` alone sets only mode.) */
	bool present;
	uint64_t
		handled_fs; /* rights the ruleset handles: all the kernel knows once paths is set */
	uint64_t handled_net; /* LL_NET_* the ruleset handles (network written) */
	uint64_t scoped;      /* LL_SCOPE_* */
	enum landlock_mode mode;
	struct landlock_path_rule *paths;
	size_t path_count;
	struct landlock_port_rule *ports;
	size_t port_count;
	struct landlock_source paths_where, network_where, scope_where, mode_where;
	/* A path used "~" or "$HOME": the model depends on HOME as it was when
	 * the policy was read (a cache of the compiled form must key on it). */
	bool uses_home;
	size_t implied_count; /* the last implied_count of PATHS are implied */
};

/* The lowest Landlock ABI that knows every right in FS, NET and SCOPED. */
int landlock_abi_needed(uint64_t fs, uint64_t net, uint64_t scoped);

/* The running kernel's Landlock ABI: 0 when Landlock is absent or disabled. */
int landlock_abi_running(void);

/* Right names, as written in `paths_rules` ("read_file", "make_reg", …):
 * the name of one LL_FS_* bit, or NULL; and the bit for a name, or 0. */
const char *landlock_fs_right_name(uint64_t bit);
uint64_t landlock_fs_right_parse(const char *name);
/* The right names, sorted by name (for listing, and "did you mean"). */
const char *const *landlock_fs_right_names(size_t *count);
/* The ABI that introduced BIT (an LL_FS_* right), or 0 when unknown. */
int landlock_fs_right_abi(uint64_t bit);

/* Scope names, as written in `scope`: "abstract_unix_socket", "signal". */
const char *landlock_scope_name(uint64_t bit);
uint64_t landlock_scope_parse(const char *name);

/* What a kernel of Landlock ABI ABI can handle (0: nothing). */
uint64_t landlock_fs_rights_of_abi(int abi);
uint64_t landlock_net_rights_of_abi(int abi);
uint64_t landlock_scopes_of_abi(int abi);

/* RIGHTS (LL_FS_*) as names joined by ", " into BUFFER ("none" for 0). */
const char *landlock_fs_rights_format(uint64_t rights, char *buffer, size_t size);

/* WRITTEN as a rule's path: "~" or "$HOME" at the start replaced by HOME
 * (NULL: not available), then normalised.  Returns 0 and the path in OUT,
 * or -1 with the reason in *WHY (relative, "..", empty, too long, "~user",
 * "~" without HOME). */
int landlock_path_normalise(const char *written, const char *home, char *out, size_t size,
			    const char **why);

struct policy;
/* Until the shim and `preseal run` apply the Landlock model, a policy that
 * has one must not run with its seccomp part alone: true, with an error in
 * DIAGS, when POLICY has paths, network or scope.  Its callers (module.c,
 * cli_run.c) ask only while LANDLOCK_APPLIED is 0: once the applier
 * (landlock_apply.h) is in the tree the check compiles out, and this
 * function and its calls can go. */
bool landlock_refuse_unapplied(const struct policy *policy, struct diag_list *diags);
#if __has_include("landlock_apply.h")
#define LANDLOCK_APPLIED 1
#else
#define LANDLOCK_APPLIED 0
#endif

/* True when rule path RULE is PATH or one of its folders (both normalised). */
bool landlock_path_beneath(const char *rule, const char *path);

#endif
