/* lint: warnings for policies that are weaker than they look.
 *
 * A valid policy can still leave a door open: default allow with a short
 * deny list, ptrace or io_uring allowed, clone3 answered with EPERM (glibc
 * then fails instead of falling back to clone).  (Argument rules a 32-bit
 * caller could bypass through socketcall are refused by the compiler.)  A
 * check on an int argument written with a value an int cannot take is
 * one too.  Each warning points at the
 * line that opens the door.  The answers come from policy_decide(), the
 * same model the verifier holds the filter to.
 */
#include "lint.h"

#include <errno.h>
#include <linux/mman.h>
#include <stdio.h>
#include <string.h>

#include "argwidth.h"

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

/* The bits the kernel reads of WIDTH, for messages. */
static unsigned width_bits(enum arg_width width)
{
	return width == ARG_U16 ? 16 : 32;
}

/* A value no argument of its type can take: the kernel reads the low bits
 * and extends them, so an eq never holds and a ne always does. */
static void warn_value_width(const struct rule *rule, const struct arg_check *check,
			     enum arg_width width, struct diag_list *diags)
{
	const char *what = check->op == OP_EQ	? "this eq never holds"
			   : check->op == OP_NE ? "this ne always holds"
						: "compare with a value it can take";
	char hint[96] = "";

	if (width == ARG_S32 && check->value <= UINT32_MAX)
		snprintf(hint, sizeof(hint), "; for the int whose 32 bits those are, write %lld",
			 (long long)(int32_t)(uint32_t)check->value);
	diag_warning(diags, rule->where.file, rule->where.line,
		     "argument %u of '%s' is an %s: the kernel reads the low %u bits of its "
		     "register%s, which is never 0x%llx; %s%s",
		     check->index, rule->syscall, argwidth_name(width), width_bits(width),
		     width == ARG_S32 ? " as a signed number" : "",
		     (unsigned long long)check->value, what, hint);
}

static void warn_mask_width(const struct rule *rule, const struct arg_check *check,
			    enum arg_width width, struct diag_list *diags)
{
	diag_warning(diags, rule->where.file, rule->where.line,
		     "the mask 0x%llx of argument %u of '%s' reaches above the %u bits the kernel "
		     "reads of an %s: there they are %s, whatever the caller passes",
		     (unsigned long long)check->mask, check->index, rule->syscall,
		     width_bits(width), argwidth_name(width),
		     width == ARG_S32 ? "copies of its sign bit" : "0");
}

/* Checks on an argument the kernel reads as an int (or another narrow
 * type) written with a value or a mask that only a 64-bit argument has. */
static void warn_argument_width(const struct policy *policy, struct diag_list *diags)
{
	for (size_t i = 0; i < policy->rule_count; i++) {
		const struct rule *rule = &policy->rules[i];

		for (unsigned c = 0; c < rule->arg_count; c++) {
			const struct arg_check *check = &rule->args[c];
			enum arg_width width = argwidth_of(rule->syscall, check->index);
			bool masked = check->op == OP_MASKED_EQ || check->op == OP_MASKED_NE;

			if (width == ARG_WIDE)
				continue;
			if (masked && (check->mask & ~argwidth_bits(width)))
				warn_mask_width(rule, check, width, diags);
			else if (!masked && !argwidth_fits(width, check->value))
				warn_value_width(rule, check, width, diags);
		}
	}
}

void lint_policy(const struct policy *policy, struct diag_list *diags)
{
	warn_argument_width(policy, diags);
	warn_default_allow(policy, diags);
	warn_risky(policy, diags);
	warn_personality(policy, diags);
	warn_write_execute(policy, diags);
	warn_clone3(policy, diags);
	if (policy->landlock.present || policy->landlock.mode_where.file)
		lint_landlock(policy, landlock_abi_running(), diags);
}
