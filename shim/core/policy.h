/* policy: the policy model.
 *
 * Reads a policy written in libconfig syntax (a file, or the text of a
 * built-in profile) into a validated model: actions parsed, constants and
 * errno names resolved, groups expanded into one rule per syscall name, each
 * rule tied to the file and line it came from.  Every problem is reported to
 * the diag list; a policy with errors is never returned.  This stage knows
 * nothing of libseccomp: syscall names are checked by the compiler.
 */
#ifndef PRESEAL_POLICY_H
#define PRESEAL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "landlock.h"

/* Ordered from most to least restrictive, as the kernel ranks them. */
enum action_kind {
	ACTION_KILL_PROCESS,
	ACTION_KILL_THREAD,
	ACTION_TRAP,
	ACTION_ERRNO,
	ACTION_USER_NOTIF, /* used by learn mode only, never written in a policy */
	ACTION_TRACE,
	ACTION_LOG,
	ACTION_ALLOW,
};

struct action {
	enum action_kind kind;
	uint16_t data; /* errno for ACTION_ERRNO, message for ACTION_TRACE */
};

/* OP_MASKED_NE is preseal's own: libseccomp has no such comparison, so the
 * compiler writes it as one masked_eq rule per bit of the mask ("some bit
 * differs"), which never overlaps the matching masked_eq rule. */
enum arg_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MASKED_EQ, OP_MASKED_NE };

struct arg_check {
	unsigned index; /* 0..5 */
	enum arg_op op;
	uint64_t value;
	uint64_t mask; /* OP_MASKED_EQ and OP_MASKED_NE only */
};

#define POLICY_MAX_ARGS 6

/* Where a rule came from.  FILE points into policy->files. */
struct source {
	const char *file;
	int line;
};

struct rule {
	char *syscall; /* one syscall name: lists and groups are expanded */
	struct action action;
	struct arg_check args[POLICY_MAX_ARGS];
	unsigned arg_count;
	struct source where;
	const char *via_group; /* the group that named it, or NULL (points into static data or the
				  policy) */
	bool from_group;       /* true when named by a group rather than directly */
	unsigned sequence;     /* order of appearance in the policy */
	const char *implied;   /* why the model added this rule itself, or NULL */
	const char *comment;   /* the rule's comment key, or NULL (in strings) */
};

enum optimize { OPTIMIZE_TREE, OPTIMIZE_PRIORITY };

#define POLICY_MAX_ARCHES 16

struct policy {
	struct action default_action;
	struct action deny_action;
	struct action bad_arch_action;
	struct rule *rules;
	size_t rule_count;
	size_t rule_capacity;
	const char *
		arches[POLICY_MAX_ARCHES]; /* names as written; "native" resolved by the compiler */
	size_t arch_count;
	bool no_new_privs;
	bool thread_sync;
	bool log;
	bool disable_ssb;
	bool allow_negative_syscalls;
	enum optimize optimize;
	const char **files; /* the policy file first, then its includes (in strings) */
	size_t file_count;
	struct source default_where;  /* where default_action was set, or the file with line 0 */
	struct source bad_arch_where; /* likewise for bad_arch_action */
	/* unknown_syscalls: numbers above the highest syscall the policy names
	 * (on each architecture) answer ENOSYS rather than the default action.
	 * Set explicitly, or implied by an errno default. */
	bool unknown_enosys;
	bool unknown_explicit;	     /* unknown_syscalls was written, not implied */
	struct source unknown_where; /* where unknown_syscalls was set, or the default's place */
	char **named;		     /* every syscall name the policy mentions, sorted, distinct */
	size_t named_count;
	char **strings; /* every string the policy owns: file and group names */
	size_t string_count;
	/* Rules named directly that only repeated the default action: gone
	 * from the model, but their names are still checked by the compiler,
	 * so that a typo there is not silently accepted. */
	struct rule *dropped;
	size_t dropped_count;
	/* paths, paths_rules, network, scope, landlock (landlock.h) */
	struct landlock_policy landlock;
};

/* policy_read_file flags */
#define POLICY_TRUSTED_ONLY \
	1u /* the file and its includes: owned by root or the euid, not group/other-writable */

/* Reads PATH.  Returns NULL and fills DIAGS when the policy has any error. */
struct policy *policy_read_file(const char *path, unsigned flags, struct diag_list *diags);

struct stat;
/* 0 when a file with ST may be read as a policy under FLAGS, else a negative
 * errno with *WHY saying why ("is a directory, …"). */
int policy_check_file_stat(const struct stat *st, unsigned flags, const char **why);

/* Reads policy TEXT (a built-in profile) named NAME in messages.  Includes
 * are resolved in INCLUDE_DIR, or refused when it is NULL. */
struct policy *policy_read_string(const char *text, const char *name, const char *include_dir,
				  struct diag_list *diags);

void policy_free(struct policy *policy);

/* The action the policy gives SYSCALL with ARGS, computed from the model
 * alone: the most restrictive action among the rules that match, or the
 * default action.  The verifier compares it with the compiled filter.
 * ARGS are the six 64-bit registers; a check on an argument the kernel
 * reads as a 32- or 16-bit type (argwidth.h) compares the value the kernel
 * reads, sign- or zero-extended to 64 bits, so that the upper bits of its
 * register never change the answer. */
struct action policy_decide(const struct policy *policy, const char *syscall,
			    const uint64_t args[6], const struct rule **matched);

/* The same, for a 32-bit architecture when NARROW: arguments and the rules'
 * values and masks are compared on their low 32 bits, as libseccomp does
 * (whatever the argument's type). */
struct action policy_decide_width(const struct policy *policy, const char *syscall,
				  const uint64_t args[6], bool narrow, const struct rule **matched);

/* The first of SYSCALL's rules (they are sorted by syscall name), or NULL. */
const struct rule *policy_first_rule(const struct policy *policy, const char *syscall);

/* True when the policy mentions SYSCALL anywhere (a rule, a group it uses,
 * or a rule dropped because it repeats the default). */
bool policy_names(const struct policy *policy, const char *syscall);

/* One past the last rule.  (A policy without rules has none allocated, and
 * NULL + 0 is undefined in C, so it is not computed then.) */
static inline const struct rule *policy_rules_end(const struct policy *policy)
{
	return policy->rule_count ? policy->rules + policy->rule_count : policy->rules;
}

/* Makes SYSCALL allowed (only when CHECK holds, if given) whatever the
 * policy said of it, for `preseal run`'s pre-exec filter.  WHY must outlive
 * the policy.  Returns 1 when the policy changed, 0 when it already allowed
 * the call unconditionally, -1 on allocation failure. */
int policy_force_allow(struct policy *policy, const char *syscall, const struct arg_check *check,
		       const char *why);

/* Actions as text: "allow", "kill_process", "errno(EPERM)", "trace(7)", … */
int action_parse(const char *text, struct action *action, char *why, size_t why_size);
int action_format(struct action action, char *buffer, size_t size);
/* The kernel's SECCOMP_RET_* value for ACTION. */
uint32_t action_to_seccomp(struct action action);
/* The action for a SECCOMP_RET_* value. */
struct action action_from_seccomp(uint32_t value);
bool action_equal(struct action a, struct action b);
/* Lower is more restrictive, as the kernel ranks actions. */
uint32_t action_severity(struct action action);

const char *arg_op_name(enum arg_op op);
int arg_op_parse(const char *text, enum arg_op *op);
const char *const *arg_op_names(size_t *count);
bool arg_check_holds(const struct arg_check *check, uint64_t argument);

#endif
