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

/* Network rights (ABI 4). */
#define LL_NET_BIND_TCP	   (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)

/* Scopes (ABI 6). */
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL		      (1ULL << 1)

/* Where a key or an entry came from (same meaning as struct source in
 * policy.h; FILE points into policy->files). */
struct landlock_source {
	const char *file;
	int line;
};

/* One path and the rights granted beneath it (or on it, for a file).
 * PATH is absolute and normalised ("//", "/./" and a trailing "/" removed;
 * "~" and "$HOME" are expanded by the reader when the policy allows it). */
struct landlock_path_rule {
	const char *path;
	uint64_t access; /* LL_FS_* */
	struct landlock_source where;
	const char *comment; /* the entry's comment, or NULL */
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
	bool present; /* any of the keys was written */
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
};

/* The lowest Landlock ABI that knows every right in FS, NET and SCOPED. */
int landlock_abi_needed(uint64_t fs, uint64_t net, uint64_t scoped);

/* The running kernel's Landlock ABI: 0 when Landlock is absent or disabled. */
int landlock_abi_running(void);

/* Right names, as written in `paths_rules` ("read_file", "make_reg", …):
 * the name of one LL_FS_* bit, or NULL; and the bit for a name, or 0. */
const char *landlock_fs_right_name(uint64_t bit);
uint64_t landlock_fs_right_parse(const char *name);

#endif
