/* lint: warnings for policies that are weaker than they look.
 *
 * A valid policy can still leave a door open: default allow with a short
 * deny list, ptrace or io_uring allowed, clone3 answered with EPERM (glibc
 * then fails instead of falling back to clone).  (Argument rules a 32-bit
 * caller could bypass through socketcall are refused by the compiler.)  Each warning points at the
 * line that opens the door.  The answers come from policy_decide(), the
 * same model the verifier holds the filter to.
 */
#include "lint.h"

#include <errno.h>
#include <linux/mman.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Fewer deny rules than this beside a default allow is "short". */
#define SHORT_DENY_LIST 40

static const struct risky {
	const char *syscall;
	const char *why;
} risky_syscalls[] = {
	{ "add_key", "the kernel keyring is shared across the user's processes" },
	{ "bpf", "eBPF programs run in the kernel" },
	{ "finit_module", "it loads kernel modules" },
	{ "init_module", "it loads kernel modules" },
	{ "io_uring_setup", "io_uring performs I/O that seccomp never sees" },
	{ "kexec_file_load", "it replaces the running kernel" },
	{ "kexec_load", "it replaces the running kernel" },
	{ "keyctl", "the kernel keyring is shared across the user's processes" },
	{ "mount", "it changes what the file system shows" },
	{ "process_vm_writev", "it writes into other processes' memory" },
	{ "ptrace", "a tracer can make its tracee do anything" },
	{ "request_key", "the kernel keyring is shared across the user's processes" },
	{ "setns", "entering namespaces is a common start of kernel exploits" },
	{ "unshare", "new namespaces expose kernel code to unprivileged users" },
	{ "userfaultfd", "it is a common tool of kernel exploits" },
};

static bool lets_through(struct action action)
{
	return action.kind == ACTION_ALLOW || action.kind == ACTION_LOG ||
	       action.kind == ACTION_TRACE;
}

/* Where the answer for SYSCALL with ARGS comes from. */
static struct source source_of(const struct policy *policy, const char *syscall,
			       const uint64_t args[6], struct action *action)
{
	const struct rule *rule = NULL;

	*action = policy_decide(policy, syscall, args, &rule);
	return rule ? rule->where : policy->default_where;
}

static void warn_default_allow(const struct policy *policy, struct diag_list *diags)
{
	size_t denials = 0;

	if (policy->default_action.kind != ACTION_ALLOW)
		return;
	for (size_t i = 0; i < policy->rule_count; i++)
		denials += !lets_through(policy->rules[i].action);
	if (denials < SHORT_DENY_LIST)
		diag_warning(diags, policy->default_where.file, policy->default_where.line,
			     "default_action is allow with only %zu denied syscall%s: everything "
			     "else, including syscalls newer than this policy, is allowed; an "
			     "allow-list with a denying default is safer",
			     denials, denials == 1 ? "" : "s");
}

static void warn_risky(const struct policy *policy, struct diag_list *diags)
{
	const uint64_t zero[6] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(risky_syscalls); i++) {
		struct action action;
		struct source where = source_of(policy, risky_syscalls[i].syscall, zero, &action);

		if (lets_through(action))
			diag_warning(diags, where.file, where.line, "allows %s: %s",
				     risky_syscalls[i].syscall, risky_syscalls[i].why);
	}
}

static bool has_unconditional_allow(const struct policy *policy, const char *syscall)
{
	const struct rule *end = policy_rules_end(policy);
	const struct rule *rule = policy_first_rule(policy, syscall);

	if (!rule)
		return lets_through(policy->default_action);
	for (; rule < end && strcmp(rule->syscall, syscall) == 0; rule++)
		if (rule->arg_count == 0 && lets_through(rule->action))
			return true;
	return false;
}

static void warn_personality(const struct policy *policy, struct diag_list *diags)
{
	const uint64_t zero[6] = { 0 };
	struct action action;
	struct source where = source_of(policy, "personality", zero, &action);

	if (has_unconditional_allow(policy, "personality"))
		diag_warning(diags, where.file, where.line,
			     "allows personality without argument rules: READ_IMPLIES_EXEC and "
			     "ADDR_NO_RANDOMIZE weaken the program's memory protections");
}

static void warn_write_execute(const struct policy *policy, struct diag_list *diags)
{
	static const char *const calls[] = { "mmap", "mprotect", "pkey_mprotect" };
	uint64_t args[6] = { 0, 0, PROT_WRITE | PROT_EXEC, 0, 0, 0 };

	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		struct action action;
		struct source where = source_of(policy, calls[i], args, &action);

		if (lets_through(action))
			diag_warning(diags, where.file, where.line,
				     "allows %s with PROT_WRITE|PROT_EXEC: memory that is writable "
				     "and executable at once (a masked_eq rule on argument 2 can "
				     "refuse it)",
				     calls[i]);
	}
}

static void warn_clone3(const struct policy *policy, struct diag_list *diags)
{
	const uint64_t zero[6] = { 0 };
	struct action clone3;
	struct source where = source_of(policy, "clone3", zero, &clone3);
	const struct rule *end = policy_rules_end(policy);
	bool clone_allowed = lets_through(policy_decide(policy, "clone", zero, NULL));

	for (const struct rule *rule = policy_first_rule(policy, "clone");
	     rule && rule < end && strcmp(rule->syscall, "clone") == 0; rule++)
		clone_allowed = clone_allowed || lets_through(rule->action);
	if (clone_allowed && clone3.kind == ACTION_ERRNO && clone3.data != ENOSYS)
		diag_warning(diags, where.file, where.line,
			     "clone3 is refused with an errno other than ENOSYS: glibc falls back "
			     "to clone only on ENOSYS, so threads and fork fail; use "
			     "errno(ENOSYS)");
}

void lint_policy(const struct policy *policy, struct diag_list *diags)
{
	warn_default_allow(policy, diags);
	warn_risky(policy, diags);
	warn_personality(policy, diags);
	warn_write_execute(policy, diags);
	warn_clone3(policy, diags);
}
