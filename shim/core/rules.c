/* rules: precedence among a policy's rules, and the model's own verdict.
 *
 * After reading, every syscall's rules are gathered and made consistent:
 *  - a rule that names a syscall directly overrides what a group says of it;
 *  - where only groups speak of a syscall, the most restrictive one wins, so
 *    "allow @system-service; deny @keyring" subtracts;
 *  - two unconditional rules with different actions are an error;
 *  - an unconditional rule beside argument rules with another action is an
 *    error (libseccomp would let the unconditional rule swallow them);
 *  - rules whose action the default already gives are dropped.
 * policy_decide() then answers "what happens to this call" from the model
 * alone; the verifier holds the compiled filter to that answer.
 */
#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "argwidth.h"
#include "arch.h"
#include "grow.h"
#include "rules.h"

struct rule *policy_append_rule(struct policy *policy, const struct rule *rule)
{
	struct rule *added;
	char *syscall;

	if (GROW(policy->rules, policy->rule_count, policy->rule_capacity, 64) < 0)
		return NULL;
	syscall = strdup(rule->syscall);
	if (!syscall)
		return NULL;
	added = &policy->rules[policy->rule_count];
	*added = *rule;
	added->syscall = syscall;
	added->sequence = (unsigned)policy->rule_count++;
	return added;
}

static int compare_rules(const void *a, const void *b)
{
	const struct rule *left = a, *right = b;
	int by_name = strcmp(left->syscall, right->syscall);

	if (by_name)
		return by_name;
	/* qsort is not stable: the sequence keeps the policy's own order. */
	return (left->sequence > right->sequence) - (left->sequence < right->sequence);
}

static void describe(const struct rule *rule, char *buffer, size_t size)
{
	char action[64];

	action_format(rule->action, action, sizeof(action));
	if (rule->via_group)
		snprintf(buffer, size, "%s (via @%s) at %s:%d", action, rule->via_group,
			 rule->where.file, rule->where.line);
	else
		snprintf(buffer, size, "%s at %s:%d", action, rule->where.file, rule->where.line);
}

static bool same_check(const struct arg_check *a, const struct arg_check *b)
{
	return a->index == b->index && a->op == b->op && a->value == b->value && a->mask == b->mask;
}

/* The same checks, in whatever order they are written: each check of A is
 * one of B's, and they have as many. */
static bool same_checks(const struct rule *a, const struct rule *b)
{
	if (a->arg_count != b->arg_count)
		return false;
	for (unsigned i = 0; i < a->arg_count; i++) {
		bool found = false;

		for (unsigned j = 0; j < b->arg_count && !found; j++)
			found = same_check(&a->args[i], &b->args[j]);
		if (!found)
			return false;
	}
	return true;
}

/* Groups that overlap ("allow @system-service; deny @keyring") subtract:
 * among unconditional rules that only groups brought in, the most
 * restrictive action stays. */
static void keep_most_restrictive_group_rule(const struct policy *policy, struct rule *first,
					     struct rule *last, bool *drop)
{
	const struct rule *strictest = NULL;

	for (struct rule *rule = first; rule < last; rule++)
		if (rule->arg_count == 0 &&
		    (!strictest ||
		     action_severity(rule->action) < action_severity(strictest->action)))
			strictest = rule;
	for (struct rule *rule = first; rule < last; rule++)
		if (rule->arg_count == 0 && !action_equal(rule->action, strictest->action))
			drop[rule - policy->rules] = true;
}

/* Marks rules to drop in one syscall's run [first, last). */
static void resolve_run(struct policy *policy, struct rule *first, struct rule *last, bool *drop,
			struct diag_list *diags)
{
	const struct rule *unconditional = NULL, *conditional = NULL;
	bool explicit = false, less_restrictive_than_default = false;
	char one[256], other[256];

	for (struct rule *rule = first; rule < last; rule++)
		explicit = explicit || !rule->from_group;
	if (!explicit)
		keep_most_restrictive_group_rule(policy, first, last, drop);
	for (struct rule *rule = first; rule < last; rule++) {
		size_t at = (size_t)(rule - policy->rules);

		if (explicit && rule->from_group) {
			drop[at] = true;
			continue;
		}
		for (struct rule *earlier = first; earlier < rule && !drop[at]; earlier++) {
			if (drop[earlier - policy->rules] || !same_checks(earlier, rule))
				continue;
			if (action_equal(earlier->action, rule->action)) {
				drop[at] = true;
			} else if (rule->arg_count > 0) {
				describe(earlier, one, sizeof(one));
				describe(rule, other, sizeof(other));
				diag_error(diags, rule->where.file, rule->where.line,
					   "'%s' has two rules with the same argument checks and "
					   "different actions: %s and %s; keep one",
					   rule->syscall, one, other);
				drop[at] = true;
			}
		}
		if (drop[at])
			continue;
		if (rule->arg_count == 0 && unconditional &&
		    !action_equal(unconditional->action, rule->action)) {
			describe(unconditional, one, sizeof(one));
			describe(rule, other, sizeof(other));
			diag_error(diags, rule->where.file, rule->where.line,
				   "'%s' has two unconditional actions: %s and %s; keep one",
				   rule->syscall, one, other);
		}
		if (rule->arg_count == 0 && !unconditional)
			unconditional = rule;
		if (rule->arg_count > 0 && !conditional)
			conditional = rule;
		if (action_severity(rule->action) > action_severity(policy->default_action))
			less_restrictive_than_default = true;
	}
	for (struct rule *rule = first; rule < last; rule++) {
		size_t at = (size_t)(rule - policy->rules);

		if (drop[at] || rule->arg_count == 0 || !unconditional)
			continue;
		if (action_equal(rule->action, unconditional->action)) {
			drop[at] = true;
			continue;
		}
		describe(unconditional, one, sizeof(one));
		describe(rule, other, sizeof(other));
		diag_error(diags, rule->where.file, rule->where.line,
			   "'%s' has an unconditional rule (%s) and an argument rule with another "
			   "action (%s); express the exception as argument rules only (e.g. op "
			   "\"ne\" for the general case) or drop the unconditional one",
			   rule->syscall, one, other);
	}
	/* A rule that only repeats the default can go, unless it may overlap a
	 * less restrictive argument rule, where it must win; it then stays in
	 * the model and the verifier checks what libseccomp made of it. */
	for (struct rule *rule = first; rule < last; rule++) {
		size_t at = (size_t)(rule - policy->rules);

		if (action_equal(rule->action, policy->default_action) &&
		    (rule->arg_count == 0 || !less_restrictive_than_default || !conditional))
			drop[at] = true;
	}
}

/* Every distinct name among the (sorted) rules, before any is dropped: the
 * highest of them is where "syscalls newer than the policy" begin. */
static int record_names(struct policy *policy)
{
	policy->named = calloc(policy->rule_count ? policy->rule_count : 1, sizeof(*policy->named));
	if (!policy->named)
		return -1;
	for (size_t i = 0; i < policy->rule_count; i++) {
		const char *name = policy->rules[i].syscall;

		if (policy->named_count &&
		    strcmp(policy->named[policy->named_count - 1], name) == 0)
			continue;
		policy->named[policy->named_count] = strdup(name);
		if (!policy->named[policy->named_count])
			return -1;
		policy->named_count++;
	}
	return 0;
}

static int compare_names(const void *key, const void *element)
{
	return strcmp(key, *(char *const *)element);
}

bool policy_names(const struct policy *policy, const char *syscall)
{
	return policy->named_count && bsearch(syscall, policy->named, policy->named_count,
					      sizeof(*policy->named), compare_names) != NULL;
}

static int add_name(struct policy *policy, const char *syscall)
{
	char **named;
	size_t at = 0;

	if (policy_names(policy, syscall))
		return 0;
	named = realloc(policy->named, (policy->named_count + 1) * sizeof(*named));
	if (!named)
		return -1;
	policy->named = named;
	while (at < policy->named_count && strcmp(named[at], syscall) < 0)
		at++;
	memmove(named + at + 1, named + at, (policy->named_count - at) * sizeof(*named));
	named[at] = strdup(syscall);
	if (!named[at]) {
		memmove(named + at, named + at + 1, (policy->named_count - at) * sizeof(*named));
		return -1;
	}
	policy->named_count++;
	return 0;
}

static bool allows(struct action action)
{
	return action.kind == ACTION_ALLOW || action.kind == ACTION_LOG;
}

/* glibc tries clone3 first and falls back to clone only on ENOSYS.  clone3
 * passes its flags in memory, where seccomp cannot read them, so a policy
 * lets it through only by naming it; when it allows clone and says nothing
 * of clone3, clone3 answers ENOSYS rather than the default, which would
 * break every thread and posix_spawn (EPERM) or kill the program.  The
 * fallback, clone, is filtered as the policy says. */
static int imply_clone3_enosys(struct policy *policy)
{
	const struct rule *clone = policy_first_rule(policy, "clone");
	const struct rule *end = policy_rules_end(policy);
	const struct action enosys = { .kind = ACTION_ERRNO, .data = ENOSYS };
	bool clone_allowed = false;

	for (; clone && clone < end && strcmp(clone->syscall, "clone") == 0; clone++)
		clone_allowed = clone_allowed || allows(clone->action);
	if (!clone_allowed || policy_names(policy, "clone3") || allows(policy->default_action) ||
	    policy->default_action.kind == ACTION_TRACE ||
	    action_equal(policy->default_action, enosys))
		return 0;
	if (!policy_append_rule(policy,
				&(struct rule){
					.syscall = "clone3",
					.action = enosys,
					.where = { policy->files[0], 0 },
					/* skipped, not an error, where clone3 does not exist */
					.from_group = true,
					.implied = "clone is allowed and the policy does not name "
						   "clone3, so glibc may fall back to clone",
				}))
		return -1;
	qsort(policy->rules, policy->rule_count, sizeof(*policy->rules), compare_rules);
	/* Not added to the names the policy mentions: clone3 is newer than
	 * most of them, and counting it would move the ENOSYS range above
	 * syscalls the policy never heard of. */
	return 0;
}

/* On x86, s390 and ppc the socket and System V IPC calls are also made
 * through two multiplexers: socketcall(CALL, args) and ipc(CALL, …), whose
 * arguments the filter cannot see past the call number.  A rule on such a
 * call speaks for that path too: it implies a rule on the multiplexer for
 * its call number, so that the model, the generator and the verifier all
 * see that path like any syscall with argument rules.  socketcall takes
 * the call as an int (the low 32 bits); ipc() takes it from the low 16
 * bits, the version from the high 16, so the rule masks the rest off: a
 * version-shifted call is the same call. */
#define SOCKETCALL_MASK 0xffffffffull
#define IPC_MASK	0xffffull

struct multiplexed_call {
	const char *name;
	const char *multiplexer; /* "socketcall" or "ipc" */
	unsigned call;		 /* SYS_* of linux/net.h, or the IPC call of linux/ipc.h */
};

static const struct multiplexed_call multiplexed_calls[] = {
	{ "socket", "socketcall", 1 },
	{ "bind", "socketcall", 2 },
	{ "connect", "socketcall", 3 },
	{ "listen", "socketcall", 4 },
	{ "accept", "socketcall", 5 },
	{ "getsockname", "socketcall", 6 },
	{ "getpeername", "socketcall", 7 },
	{ "socketpair", "socketcall", 8 },
	{ "send", "socketcall", 9 },
	{ "recv", "socketcall", 10 },
	{ "sendto", "socketcall", 11 },
	{ "recvfrom", "socketcall", 12 },
	{ "shutdown", "socketcall", 13 },
	{ "setsockopt", "socketcall", 14 },
	{ "getsockopt", "socketcall", 15 },
	{ "sendmsg", "socketcall", 16 },
	{ "recvmsg", "socketcall", 17 },
	{ "accept4", "socketcall", 18 },
	{ "recvmmsg", "socketcall", 19 },
	{ "sendmmsg", "socketcall", 20 },
	{ "semop", "ipc", 1 },
	{ "semget", "ipc", 2 },
	{ "semctl", "ipc", 3 },
	{ "semtimedop", "ipc", 4 },
	{ "msgsnd", "ipc", 11 },
	{ "msgrcv", "ipc", 12 },
	{ "msgget", "ipc", 13 },
	{ "msgctl", "ipc", 14 },
	{ "shmat", "ipc", 21 },
	{ "shmdt", "ipc", 22 },
	{ "shmget", "ipc", 23 },
	{ "shmctl", "ipc", 24 },
};

static const struct multiplexed_call *multiplexed_call(const char *name)
{
	for (size_t i = 0; i < sizeof(multiplexed_calls) / sizeof(multiplexed_calls[0]); i++)
		if (strcmp(multiplexed_calls[i].name, name) == 0)
			return &multiplexed_calls[i];
	return NULL;
}

/* True when the policy lists an architecture whose processes can make
 * socket and IPC calls through socketcall and ipc (as libseccomp knows
 * them: x86, s390, s390x, ppc, ppc64, ppc64le, and MIPS o32). */
static bool lists_multiplexing_arch(const struct policy *policy)
{
	static const char *const names[] = { "x86",   "s390",	 "s390x", "ppc",
					     "ppc64", "ppc64le", "mips",  "mipsel" };
	static const uint32_t natives[] = { AUDIT_ARCH_I386, AUDIT_ARCH_S390,  AUDIT_ARCH_S390X,
					    AUDIT_ARCH_PPC,  AUDIT_ARCH_PPC64, AUDIT_ARCH_PPC64LE,
					    AUDIT_ARCH_MIPS, AUDIT_ARCH_MIPSEL };

	for (size_t i = 0; i < policy->arch_count; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(policy->arches[i], names[k]) == 0 ||
			    (strcmp(policy->arches[i], "native") == 0 &&
			     PRESEAL_NATIVE_ARCH == natives[k]))
				return true;
	return false;
}

static int imply_multiplexed_rules(struct policy *policy)
{
	size_t count = policy->rule_count;
	bool added = false;

	if (!lists_multiplexing_arch(policy))
		return 0;
	for (size_t i = 0; i < count; i++) {
		const struct rule *rule = &policy->rules[i];
		const struct multiplexed_call *call = multiplexed_call(rule->syscall);
		bool socketcall;
		struct rule implied;

		/* Argument rules on these calls are refused with such an
		 * architecture listed (compile.c); the default needs no rule. */
		if (!call || rule->arg_count > 0 ||
		    action_equal(rule->action, policy->default_action))
			continue;
		socketcall = strcmp(call->multiplexer, "socketcall") == 0;
		implied = (struct rule){
			.syscall = (char *)call->multiplexer,
			.action = rule->action,
			.arg_count = 1,
			.args = { { .index = 0,
				    .op = OP_MASKED_EQ,
				    .value = call->call,
				    .mask = socketcall ? SOCKETCALL_MASK : IPC_MASK } },
			.where = rule->where,
			/* skipped, not an error, where the multiplexer does not exist */
			.from_group = true,
			.implied =
				socketcall
					? "a rule on a socket call speaks for socketcall with its "
					  "call number too (x86, s390, ppc, mips o32)"
					: "a rule on a System V IPC call speaks for ipc with its "
					  "call number too (x86, s390, ppc, mips o32); the version "
					  "in the "
					  "high 16 bits is ignored, as the kernel ignores it",
		};
		if (!policy_append_rule(policy, &implied))
			return -1;
		added = true;
	}
	if (added)
		qsort(policy->rules, policy->rule_count, sizeof(*policy->rules), compare_rules);
	/* Not added to the names the policy mentions, as for clone3. */
	return 0;
}

/* Keeps a dropped rule's name for the compiler's check (see struct
 * policy); a group's names are checked where the group is defined. */
static void keep_dropped_name(struct policy *policy, struct rule *rule, struct diag_list *diags)
{
	struct rule *dropped;

	if (rule->from_group) {
		free(rule->syscall);
		return;
	}
	dropped = realloc(policy->dropped, (policy->dropped_count + 1) * sizeof(*dropped));
	if (!dropped) {
		free(rule->syscall);
		diags->out_of_memory = 1;
		return;
	}
	policy->dropped = dropped;
	policy->dropped[policy->dropped_count++] = *rule;
}

void policy_resolve(struct policy *policy, struct diag_list *diags)
{
	bool *drop;
	size_t kept = 0;

	if (policy->rule_count) /* rules is NULL then, which qsort() must not get */
		qsort(policy->rules, policy->rule_count, sizeof(*policy->rules), compare_rules);
	if (record_names(policy) < 0) {
		diags->out_of_memory = 1;
		return;
	}
	if (policy->rule_count == 0)
		return;
	drop = calloc(policy->rule_count, sizeof(*drop));
	if (!drop) {
		diags->out_of_memory = 1;
		return;
	}
	for (size_t start = 0, end; start < policy->rule_count; start = end) {
		for (end = start + 1;
		     end < policy->rule_count &&
		     strcmp(policy->rules[end].syscall, policy->rules[start].syscall) == 0;
		     end++)
			;
		resolve_run(policy, &policy->rules[start], &policy->rules[end], drop, diags);
	}
	for (size_t i = 0; i < policy->rule_count; i++) {
		if (drop[i]) {
			keep_dropped_name(policy, &policy->rules[i], diags);
			continue;
		}
		policy->rules[kept++] = policy->rules[i];
	}
	policy->rule_count = kept;
	free(drop);
	if (imply_clone3_enosys(policy) < 0 || imply_multiplexed_rules(policy) < 0)
		diags->out_of_memory = 1;
}

static int compare_name(const void *key, const void *element)
{
	return strcmp(key, ((const struct rule *)element)->syscall);
}

/* The first rule for SYSCALL in the sorted rules, or NULL. */
const struct rule *policy_first_rule(const struct policy *policy, const char *syscall)
{
	const struct rule *found;

	if (policy->rule_count == 0)
		return NULL; /* rules is NULL then, which bsearch() must not get */
	found = bsearch(syscall, policy->rules, policy->rule_count, sizeof(*policy->rules),
			compare_name);
	while (found && found > policy->rules && strcmp(found[-1].syscall, syscall) == 0)
		found--;
	return found;
}

/* On a 32-bit architecture a process passes 32-bit arguments and
 * libseccomp compares them with the low 32 bits of each value and mask.
 * On a 64-bit one, an argument the kernel reads as a narrower type (an int,
 * an unsigned int, a umode_t: WIDTH) is compared as the kernel will see it,
 * extended to 64 bits, whatever the upper bits of its register hold. */
static bool check_holds(const struct arg_check *check, uint64_t argument, bool narrow,
			enum arg_width width)
{
	struct arg_check low;

	if (!narrow)
		return arg_check_holds(check, argwidth_canonical(width, argument));
	low = *check;
	low.value &= 0xffffffffu;
	low.mask &= 0xffffffffu;
	return arg_check_holds(&low, argument & 0xffffffffu);
}

static bool rule_matches(const struct rule *rule, const uint64_t args[6], bool narrow,
			 const enum arg_width width[6])
{
	for (unsigned i = 0; i < rule->arg_count; i++) {
		const struct arg_check *check = &rule->args[i];

		if (!check_holds(check, args[check->index], narrow, width[check->index]))
			return false;
	}
	return true;
}

/* One past FIRST's run of rules for SYSCALL: the rules are sorted by name,
 * so a binary search finds it (the verifier asks about a syscall with a
 * thousand rules thousands of times). */
static const struct rule *run_end(const struct policy *policy, const struct rule *first,
				  const char *syscall)
{
	const struct rule *low = first, *high = policy_rules_end(policy);

	while (low < high) {
		const struct rule *middle = low + (high - low) / 2;

		if (strcmp(middle->syscall, syscall) == 0)
			low = middle + 1;
		else
			high = middle;
	}
	return low;
}

struct action policy_decide_width(const struct policy *policy, const char *syscall,
				  const uint64_t args[6], bool narrow, const struct rule **matched)
{
	const struct rule *rule = policy_first_rule(policy, syscall);
	const struct rule *best = NULL;
	const struct rule *end = rule ? run_end(policy, rule, syscall) : NULL;
	enum arg_width width[6] = { ARG_WIDE };
	bool widths_known = false;

	for (; rule && rule < end; rule++) {
		/* Looked up once, and only for a syscall with argument rules. */
		if (rule->arg_count && !widths_known) {
			argwidth_of_all(syscall, width);
			widths_known = true;
		}
		if (!rule_matches(rule, args, narrow, width))
			continue;
		if (!best || action_severity(rule->action) < action_severity(best->action))
			best = rule;
	}
	if (matched)
		*matched = best;
	return best ? best->action : policy->default_action;
}

struct action policy_decide(const struct policy *policy, const char *syscall,
			    const uint64_t args[6], const struct rule **matched)
{
	return policy_decide_width(policy, syscall, args, false, matched);
}

static bool unconditionally_allowed(const struct policy *policy, const char *syscall)
{
	const struct rule *end = policy_rules_end(policy);
	const struct rule *first = policy_first_rule(policy, syscall);

	/* The default speaks only for a syscall no rule names. */
	if (!first)
		return policy->default_action.kind == ACTION_ALLOW;
	for (const struct rule *rule = first; rule < end && strcmp(rule->syscall, syscall) == 0;
	     rule++)
		if (rule->arg_count == 0 && rule->action.kind == ACTION_ALLOW)
			return true;
	return false;
}

int policy_force_allow(struct policy *policy, const char *syscall, const struct arg_check *check,
		       const char *why)
{
	struct rule *added;
	size_t kept = 0;

	if (unconditionally_allowed(policy, syscall))
		return 0;
	for (size_t i = 0; i < policy->rule_count; i++) {
		if (strcmp(policy->rules[i].syscall, syscall) == 0) {
			free(policy->rules[i].syscall);
			continue;
		}
		policy->rules[kept++] = policy->rules[i];
	}
	policy->rule_count = kept;
	added = policy_append_rule(policy, &(struct rule){
						   .syscall = (char *)syscall,
						   .action = { .kind = ACTION_ALLOW },
						   .arg_count = check ? 1 : 0,
						   .where = { why, 0 },
					   });
	if (!added)
		return -1;
	if (check)
		added->args[0] = *check;
	qsort(policy->rules, policy->rule_count, sizeof(*policy->rules), compare_rules);
	return add_name(policy, syscall) < 0 ? -1 : 1;
}
