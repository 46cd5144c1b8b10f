/* compile: the policy model → a verified BPF program.
 *
 * Architectures are resolved, syscall names and rules checked against each
 * of them, and the program is generated: by preseal's own generator
 * (generate.c), or by libseccomp where a listed architecture multiplexes
 * socket and IPC calls (its socketcall and ipc handling is kept) or where
 * asked to (compile_options.libseccomp).  The program then gets the ENOSYS
 * ranges and goes to the verifier.  What leaves this stage is exactly what
 * will be loaded: the shim loads these instructions itself.  libseccomp's
 * filter context is built only for its generator and the PFC text; the
 * names of syscalls always come from its tables.  Nothing here loads a
 * filter or prints.
 */
#include "compile.h"

#include <errno.h>
#include <linux/audit.h>
#include <stddef.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "argwidth.h"
#include "bpf.h"
#include "enosys.h"
#include "generate.h"
#include "suggest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Syscall numbers scanned for "did you mean" suggestions. */
#define SUGGEST_SCAN_MAX 1024

struct compiler {
	const struct policy *policy;
	const struct compile_options *options;
	struct diag_list *diags;
	scmp_filter_ctx context; /* libseccomp's generator and PFC only */
	uint32_t arches[POLICY_MAX_ARCHES];
	const char *arch_names[POLICY_MAX_ARCHES]; /* as the policy wrote them */
	size_t arch_count;
};

static const enum scmp_compare compare_ops[] = {
	[OP_EQ] = SCMP_CMP_EQ,
	[OP_NE] = SCMP_CMP_NE,
	[OP_LT] = SCMP_CMP_LT,
	[OP_LE] = SCMP_CMP_LE,
	/* Written by compile_runtime_rules() as one masked_eq per bit. */
	[OP_MASKED_NE] = SCMP_CMP_MASKED_EQ,
	[OP_GT] = SCMP_CMP_GT,
	[OP_GE] = SCMP_CMP_GE,
	[OP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

static int set_attribute(struct compiler *compiler, enum scmp_filter_attr attribute, uint32_t value,
			 const char *what)
{
	int result = seccomp_attr_set(compiler->context, attribute, value);

	if (result < 0)
		diag_error(compiler->diags, compiler->policy->files[0], 0,
			   "libseccomp refused %s: %s", what, strerror(-result));
	return result;
}

/* The policy's architectures as libseccomp tokens, "native" resolved,
 * each once. */
static int resolve_architectures(struct compiler *compiler)
{
	const struct policy *policy = compiler->policy;
	uint32_t native = seccomp_arch_native();

	for (size_t i = 0; i < policy->arch_count; i++) {
		uint32_t token = strcmp(policy->arches[i], "native") == 0
					 ? native
					 : seccomp_arch_resolve_name(policy->arches[i]);
		bool seen = false;

		if (token == 0) {
			diag_error(compiler->diags, policy->files[0], 0,
				   "architecture '%s' is not known to this libseccomp",
				   policy->arches[i]);
			return -EINVAL;
		}
		/* seccomp_data is in the machine's byte order: a filter that
		 * names both orders is refused, as libseccomp refuses it. */
		if ((token & __AUDIT_ARCH_LE) != (native & __AUDIT_ARCH_LE)) {
			diag_error(compiler->diags, policy->files[0], 0,
				   "architecture '%s' has another byte order than this machine's: "
				   "one filter cannot serve both",
				   policy->arches[i]);
			return -EINVAL;
		}
		for (size_t j = 0; j < compiler->arch_count; j++)
			seen = seen || compiler->arches[j] == token;
		if (seen)
			continue;
		compiler->arch_names[compiler->arch_count] = policy->arches[i];
		compiler->arches[compiler->arch_count++] = token;
	}
	return 0;
}

static int add_architectures(struct compiler *compiler)
{
	uint32_t native = seccomp_arch_native();
	bool keep_native = false;
	int result;

	for (size_t i = 0; i < compiler->arch_count; i++) {
		if (compiler->arches[i] == native) {
			keep_native = true;
			continue;
		}
		result = seccomp_arch_add(compiler->context, compiler->arches[i]);
		if (result < 0 && result != -EEXIST) {
			diag_error(compiler->diags, compiler->policy->files[0], 0,
				   "libseccomp cannot add architecture '%s': %s",
				   compiler->arch_names[i], strerror(-result));
			return result;
		}
	}
	if (!keep_native) {
		result = seccomp_arch_remove(compiler->context, native);
		if (result < 0)
			return result;
	}
	return 0;
}

static int set_attributes(struct compiler *compiler)
{
	const struct policy *policy = compiler->policy;
	int result = 0;

	result |= set_attribute(compiler, SCMP_FLTATR_ACT_BADARCH,
				action_to_seccomp(policy->bad_arch_action), "bad_arch_action");
	result |= set_attribute(compiler, SCMP_FLTATR_CTL_NNP, 0, "no_new_privs");
	result |= set_attribute(compiler, SCMP_FLTATR_CTL_OPTIMIZE,
				policy->optimize == OPTIMIZE_TREE ? 2 : 1, "optimize");
	if (policy->allow_negative_syscalls)
		result |= set_attribute(compiler, SCMP_FLTATR_API_TSKIP, 1,
					"allow_negative_syscalls");
	return result < 0 ? -EINVAL : 0;
}

/* Known syscall names of the first architecture, for suggestions. */
static const char *closest_syscall(struct compiler *compiler, const char *name)
{
	static char best[64];
	const char *names[SUGGEST_SCAN_MAX];
	size_t count = 0;
	const char *guess;

	for (int number = 0; number < SUGGEST_SCAN_MAX; number++) {
		char *known = seccomp_syscall_resolve_num_arch(compiler->arches[0], number);

		if (known)
			names[count++] = known;
	}
	guess = suggest_from_list(name, names, count);
	best[0] = '\0';
	if (guess)
		snprintf(best, sizeof(best), "%s", guess);
	for (size_t i = 0; i < count; i++)
		free((void *)names[i]);
	return best[0] ? best : NULL;
}

/* True when NAME is a real syscall on at least one of the filter's arches. */
static bool known_somewhere(const struct compiler *compiler, const char *name)
{
	for (size_t i = 0; i < compiler->arch_count; i++)
		if (seccomp_syscall_resolve_name_arch(compiler->arches[i], name) >= 0)
			return true;
	return false;
}

/* True when NAME is a syscall of any architecture libseccomp knows.  A
 * group may name calls some architectures lack (_llseek), never one that
 * none has: that is a typo. */
static bool known_anywhere(const char *name)
{
	static const uint32_t arches[] = {
		SCMP_ARCH_X86_64,  SCMP_ARCH_X86,      SCMP_ARCH_X32,	  SCMP_ARCH_ARM,
		SCMP_ARCH_AARCH64, SCMP_ARCH_MIPS,     SCMP_ARCH_MIPS64,  SCMP_ARCH_MIPS64N32,
		SCMP_ARCH_PPC,	   SCMP_ARCH_PPC64,    SCMP_ARCH_S390,	  SCMP_ARCH_S390X,
		SCMP_ARCH_PARISC,  SCMP_ARCH_PARISC64, SCMP_ARCH_RISCV64,
	};

	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (seccomp_syscall_resolve_name_arch(arches[i], name) >= 0)
			return true;
	return false;
}

static void unknown_syscall(struct compiler *compiler, const struct rule *rule)
{
	const char *guess = closest_syscall(compiler, rule->syscall);
	char group[80] = "";

	if (rule->from_group && rule->via_group)
		snprintf(group, sizeof(group), " in group '@%s'", rule->via_group);
	if (guess)
		diag_error(compiler->diags, rule->where.file, rule->where.line,
			   "unknown syscall '%s'%s (did you mean '%s'?)", rule->syscall, group,
			   guess);
	else
		diag_error(compiler->diags, rule->where.file, rule->where.line,
			   "unknown syscall '%s'%s on the policy's architectures", rule->syscall,
			   group);
}

static void to_libseccomp(const struct arg_check *check, struct scmp_arg_cmp *out)
{
	*out = (struct scmp_arg_cmp){ .arg = check->index, .op = compare_ops[check->op] };
	if (check->op == OP_MASKED_EQ) {
		out->datum_a = check->mask;
		out->datum_b = check->value;
	} else {
		out->datum_a = check->value;
	}
}

static int add_checks(struct compiler *compiler, const struct rule *rule, int number,
		      unsigned count, const struct scmp_arg_cmp *checks)
{
	char action[64];
	int result = seccomp_rule_add_array(compiler->context, action_to_seccomp(rule->action),
					    number, count, checks);

	if (result == -EEXIST) {
		action_format(rule->action, action, sizeof(action));
		diag_error(compiler->diags, rule->where.file, rule->where.line,
			   "libseccomp refused the rule %s for '%s': another rule for it tests a "
			   "subset of the same arguments with another action; make the two "
			   "disjoint",
			   action, rule->syscall);
	} else if (result < 0) {
		action_format(rule->action, action, sizeof(action));
		diag_error(compiler->diags, rule->where.file, rule->where.line,
			   "libseccomp refused the rule %s for '%s': %s", action, rule->syscall,
			   strerror(-result));
	}
	return result;
}

/* Calls a 32-bit x86 (or s390, ppc) process can also make through
 * socketcall or ipc, where libseccomp copies the rule without its argument
 * checks: the filter would be weaker than written. */
static const char *const multiplexed[] = {
	"accept",   "accept4",	"bind",	  "connect",	"getpeername", "getsockname", "getsockopt",
	"listen",   "msgctl",	"msgget", "msgrcv",	"msgsnd",      "recv",	      "recvfrom",
	"recvmmsg", "recvmsg",	"semctl", "semget",	"semop",       "semtimedop",  "send",
	"sendmmsg", "sendmsg",	"sendto", "setsockopt", "shmat",       "shmctl",      "shmdt",
	"shmget",   "shutdown", "socket", "socketpair",
};

static bool filter_lists(const struct compiler *compiler, uint32_t token)
{
	for (size_t i = 0; i < compiler->arch_count; i++)
		if (compiler->arches[i] == token)
			return true;
	return false;
}

static bool multiplexes(const struct compiler *compiler)
{
	return filter_lists(compiler, SCMP_ARCH_X86) || filter_lists(compiler, SCMP_ARCH_S390) ||
	       filter_lists(compiler, SCMP_ARCH_S390X) || filter_lists(compiler, SCMP_ARCH_PPC) ||
	       filter_lists(compiler, SCMP_ARCH_PPC64) || filter_lists(compiler, SCMP_ARCH_PPC64LE);
}

/* Argument rules libseccomp cannot enforce as written are refused. */
static bool argument_rule_enforceable(struct compiler *compiler, const struct rule *rule)
{
	if (rule->arg_count == 0)
		return true;
	if (filter_lists(compiler, SCMP_ARCH_X32)) {
		diag_error(compiler->diags, rule->where.file, rule->where.line,
			   "argument rule on '%s' with x32 listed: x32 passes 64-bit registers "
			   "but libseccomp compares only their low 32 bits, so the rule would be "
			   "weaker than written",
			   rule->syscall);
		return false;
	}
	if (!multiplexes(compiler))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(multiplexed); i++)
		if (strcmp(rule->syscall, multiplexed[i]) == 0) {
			diag_error(
				compiler->diags, rule->where.file, rule->where.line,
				"argument rule on '%s' with a 32-bit architecture listed: such a "
				"caller can make it through socketcall or ipc, where the filter "
				"cannot see its arguments; list only 64-bit architectures, or "
				"drop the argument checks",
				rule->syscall);
			return false;
		}
	return true;
}

/* Architectures whose arguments libseccomp and the model compare on their
 * low 32 bits (as generate.c and verify.c count them). */
static bool narrow_arch(uint32_t token)
{
	return !(token & __AUDIT_ARCH_64BIT) || token == SCMP_ARCH_MIPS64N32 ||
	       token == SCMP_ARCH_MIPSEL64N32;
}

/* A check as a 32-bit architecture compares it: (low word & MASK) == VALUE
 * when EQUAL, != otherwise. */
struct low_test {
	uint32_t mask, value;
	bool equal;
};

static bool low_test_of(const struct arg_check *check, struct low_test *out)
{
	bool masked = check->op == OP_MASKED_EQ || check->op == OP_MASKED_NE;

	if (check->op != OP_EQ && check->op != OP_NE && !masked)
		return false;
	*out = (struct low_test){ .mask = masked ? (uint32_t)check->mask : UINT32_MAX,
				  .value = (uint32_t)check->value,
				  .equal = check->op == OP_EQ || check->op == OP_MASKED_EQ };
	return true;
}

/* The alternatives of one check, each a check libseccomp can write. */
struct alternatives {
	struct arg_check check[64];
	size_t count;
};

static void add_alternative(struct alternatives *set, unsigned index, uint64_t mask, uint64_t value)
{
	set->check[set->count++] = (struct arg_check){
		.index = index, .op = OP_MASKED_EQ, .value = value, .mask = mask
	};
}

/* (argument & MASK) != VALUE: some bit of the mask differs, one
 * masked_eq per bit (they overlap, which libseccomp takes). */
static void add_bits_differ(struct alternatives *set, unsigned index, uint64_t mask, uint64_t value)
{
	for (unsigned bit = 0; bit < 64; bit++)
		if (mask & (1ull << bit))
			add_alternative(set, index, 1ull << bit, ~value & (1ull << bit));
}

/* The bits the kernel reads (BITS) below LIMIT (BELOW) or from LIMIT up:
 * the highest bit where a value differs from LIMIT decides, one masked_eq
 * per such bit, and LIMIT itself for "from LIMIT up". */
static void add_range(struct alternatives *set, unsigned index, uint64_t bits, uint64_t limit,
		      bool below)
{
	if (!below)
		add_alternative(set, index, bits, limit);
	for (unsigned bit = 64; bit-- > 0;) {
		uint64_t one = 1ull << bit, above = ~(one | (one - 1));

		if (!(bits & one) || (limit & one) != (below ? one : 0))
			continue;
		add_alternative(set, index, bits & ~(one - 1),
				(limit & above & bits) | (below ? 0 : one));
	}
}

static int runtime_refused(struct diag_list *diags, const struct rule *rule,
			   const struct arg_check *check, const char *why)
{
	if (diags)
		diag_error(diags, rule->where.file, rule->where.line,
			   "argument %u of '%s' is an %s, of which the kernel reads only the low "
			   "bits, but %s",
			   check->index, rule->syscall,
			   argwidth_name(argwidth_of(rule->syscall, check->index)), why);
	return -EINVAL;
}

/* CHECK's alternatives in SET.  Returns 1, 0 when the check never holds,
 * or -EINVAL. */
static int check_alternatives(const struct rule *rule, const struct arg_check *check, bool wide,
			      bool narrow, struct alternatives *set, struct diag_list *diags)
{
	enum arg_width width = wide ? argwidth_of(rule->syscall, check->index) : ARG_WIDE;
	uint64_t bits = argwidth_bits(width);
	struct low_test before, after;
	enum argwidth_outcome outcome;
	struct arg_check low;

	set->count = 0;
	if (width == ARG_WIDE) {
		if (check->op == OP_MASKED_NE)
			add_bits_differ(set, check->index, check->mask, check->value);
		else
			set->check[set->count++] = *check;
		return 1;
	}
	outcome = argwidth_narrow_check(check, width, &low);
	if (narrow) {
		/* One libseccomp rule serves both widths: it must mean on the
		 * 32-bit architectures what it meant there before. */
		if (outcome == ARGWIDTH_CHECK && (low.op == OP_EQ || low.op == OP_NE)) {
			low.op = low.op == OP_EQ ? OP_MASKED_EQ : OP_MASKED_NE;
			low.mask = bits;
		}
		if (outcome != ARGWIDTH_CHECK || !low_test_of(check, &before) ||
		    !low_test_of(&low, &after) || before.mask != after.mask ||
		    before.value != after.value || before.equal != after.equal)
			return runtime_refused(
				diags, rule, check,
				"libseccomp writes one rule for the 32-bit and the 64-bit "
				"architectures listed, and this check cannot mean the same on "
				"both; "
				"compare with eq, ne or a mask within the low 32 bits, with a "
				"value "
				"the argument can take");
	}
	if (outcome == ARGWIDTH_NEVER)
		return 0;
	if (outcome == ARGWIDTH_ALWAYS)
		return 1;
	switch (low.op) {
	case OP_EQ:
		add_alternative(set, check->index, bits, low.value);
		break;
	case OP_NE:
		add_bits_differ(set, check->index, bits, low.value);
		break;
	case OP_MASKED_EQ:
		add_alternative(set, check->index, low.mask, low.value);
		break;
	case OP_MASKED_NE:
		add_bits_differ(set, check->index, low.mask, low.value);
		break;
	case OP_LT:
	case OP_GE:
		add_range(set, check->index, bits, low.value, low.op == OP_LT);
		break;
	case OP_LE:
	case OP_GT:
		break; /* argwidth_narrow_check() writes lt and ge only */
	}
	return 1;
}

int compile_runtime_rules(const struct rule *rule, const uint32_t *arches, size_t arch_count,
			  struct runtime_rule **out, size_t *count, struct diag_list *diags)
{
	struct alternatives *sets = calloc(POLICY_MAX_ARGS, sizeof(*sets));
	bool wide = false, narrow = false;
	size_t total = 1, kept = 0;
	unsigned used[POLICY_MAX_ARGS] = { 0 };
	int result = 0;

	*out = NULL;
	*count = 0;
	if (!sets)
		return -ENOMEM;
	for (size_t i = 0; i < arch_count; i++) {
		narrow = narrow || narrow_arch(arches[i]);
		wide = wide || !narrow_arch(arches[i]);
	}
	for (unsigned i = 0; i < rule->arg_count && result == 0; i++) {
		int holds = check_alternatives(rule, &rule->args[i], wide, narrow, &sets[i], diags);

		if (holds < 0)
			result = holds;
		else if (holds == 0)
			total = 0;
		else if (sets[i].count)
			total *= sets[i].count;
		if (total > RUNTIME_RULES_MAX && result == 0) {
			if (diags)
				diag_error(
					diags, rule->where.file, rule->where.line,
					"this rule for '%s' takes libseccomp more than %d rules "
					"(one per bit of a masked_ne, and of a ne on an int; up to "
					"33 for lt, le, gt or ge on an int); split it",
					rule->syscall, RUNTIME_RULES_MAX);
			result = -EINVAL;
		}
	}
	if (result == 0 && total > 0) {
		*out = calloc(total, sizeof(**out));
		if (!*out)
			result = -ENOMEM;
	}
	/* Every combination of one alternative per check, like an odometer. */
	while (result == 0 && kept < total) {
		struct runtime_rule *made = &(*out)[kept++];
		unsigned i;

		for (i = 0; i < rule->arg_count; i++)
			if (sets[i].count)
				made->args[made->arg_count++] = sets[i].check[used[i]];
		for (i = 0; i < rule->arg_count; i++) {
			if (sets[i].count == 0 || ++used[i] < sets[i].count)
				break;
			used[i] = 0;
		}
	}
	if (result == 0)
		*count = total;
	free(sets);
	return result;
}

static bool wants_libseccomp(const struct compiler *compiler);

/* What every rule must pass, whichever generator builds the filter.
 * Returns 1 when the rule goes into the filter, 0 when it has nothing to
 * add there, or a negative errno with the reason in the diagnostics. */
static int check_rule(struct compiler *compiler, const struct rule *rule)
{
	if (!known_somewhere(compiler, rule->syscall)) {
		/* A group may name syscalls that some architectures lack. */
		if (rule->from_group && known_anywhere(rule->syscall))
			return 0;
		unknown_syscall(compiler, rule);
		return -ENOENT;
	}
	/* The model kept a rule that repeats the default only where it must
	 * win over an overlapping one: preseal's generator tests it there,
	 * libseccomp refuses to add it, and the verifier checks the result. */
	if (action_equal(rule->action, compiler->policy->default_action))
		return 0;
	if (!argument_rule_enforceable(compiler, rule))
		return -EINVAL;
	if (wants_libseccomp(compiler)) {
		struct runtime_rule *rules;
		size_t count;
		int result = compile_runtime_rules(rule, compiler->arches, compiler->arch_count,
						   &rules, &count, compiler->diags);

		free(rules);
		if (result < 0)
			return result;
	}
	return 1;
}

/* libseccomp's generator: a rule check_rule() let in, as the rules
 * compile_runtime_rules() makes of it (masked_ne one per bit, narrow
 * arguments compared on the bits the kernel reads). */
static int add_rule(struct compiler *compiler, const struct rule *rule)
{
	struct scmp_arg_cmp checks[POLICY_MAX_ARGS];
	struct runtime_rule *rules;
	size_t count;
	int number, result;

	if (!known_somewhere(compiler, rule->syscall) ||
	    action_equal(rule->action, compiler->policy->default_action))
		return 0;
	/* check_rule() reported the refusals already when libseccomp builds
	 * the filter; PFC output reports them here. */
	result = compile_runtime_rules(rule, compiler->arches, compiler->arch_count, &rules, &count,
				       wants_libseccomp(compiler) ? NULL : compiler->diags);
	number = seccomp_syscall_resolve_name(rule->syscall);
	for (size_t r = 0; r < count && result == 0; r++) {
		for (unsigned i = 0; i < rules[r].arg_count; i++)
			to_libseccomp(&rules[r].args[i], &checks[i]);
		result = add_checks(compiler, rule, number, rules[r].arg_count, checks);
	}
	free(rules);
	return result;
}

/* The names of rules the model dropped for repeating the default action
 * (deny = [ "ptrce" ] under an errno(EPERM) default) are checked too. */
static int check_dropped_names(struct compiler *compiler)
{
	const struct policy *policy = compiler->policy;
	int result = 0;

	for (size_t i = 0; i < policy->dropped_count; i++) {
		const struct rule *rule = &policy->dropped[i];

		if (known_somewhere(compiler, rule->syscall) ||
		    policy_first_rule(policy, rule->syscall))
			continue; /* known, or reported with the rule that stayed */
		unknown_syscall(compiler, rule);
		result = -ENOENT;
	}
	return result;
}

/* Calls VISIT for every rule, most restrictive first: where libseccomp's
 * argument rules of one syscall overlap, the one added first tends to be
 * tested first (the verifier, not this order, is what guarantees the
 * result), and the messages come in the same order either way.  One pass
 * per distinct action, in the policy's own order within each. */
static int visit_rules(struct compiler *compiler,
		       int (*visit)(struct compiler *compiler, const struct rule *rule))
{
	const struct policy *policy = compiler->policy;
	uint32_t level = 0;
	bool first = true;
	int failed = 0;

	for (;;) {
		bool found = false;
		uint32_t next = UINT32_MAX;

		for (size_t i = 0; i < policy->rule_count; i++) {
			uint32_t rank = action_severity(policy->rules[i].action);

			if ((first || rank > level) && rank <= next) {
				next = rank;
				found = true;
			}
		}
		if (!found)
			break;
		for (size_t i = 0; i < policy->rule_count; i++)
			if (action_severity(policy->rules[i].action) == next)
				failed |= visit(compiler, &policy->rules[i]) < 0;
		level = next;
		first = false;
	}
	return failed ? -EINVAL : 0;
}

/* Everything that can be wrong with the policy on its architectures, all
 * of it reported; no filter is built here. */
static int check_policy(struct compiler *compiler)
{
	int failed = 0;

	if (resolve_architectures(compiler) < 0)
		return -EINVAL;
	failed |= visit_rules(compiler, check_rule) < 0;
	failed |= check_dropped_names(compiler) < 0;
	return failed ? -EINVAL : 0;
}

/* libseccomp's filter context for a policy check_policy() accepted. */
static int build_context(struct compiler *compiler)
{
	const struct policy *policy = compiler->policy;

	/* libseccomp only generates code here; loading is load.c's, and the
	 * kernel judges the filter then.  Without this, libseccomp probes the
	 * kernel with nine seccomp() calls at every start, and refuses to
	 * generate anything where seccomp() is denied or unknown (an outer
	 * filter, valgrind) — so `preseal check` would fail there. */
	seccomp_api_set(6);
	compiler->context = seccomp_init(action_to_seccomp(policy->default_action));
	if (!compiler->context) {
		diag_error(compiler->diags, policy->default_where.file, policy->default_where.line,
			   "libseccomp cannot start a filter with this default action");
		return -EINVAL;
	}
	if (add_architectures(compiler) < 0 || set_attributes(compiler) < 0)
		return -EINVAL;
	return visit_rules(compiler, add_rule);
}

/* libseccomp 2.5 exports only to a descriptor: use an anonymous file. */
static int export_program(struct compiler *compiler, struct filter *filter)
{
	int fd = memfd_create("preseal-bpf", MFD_CLOEXEC);
	off_t size;
	int result;

	if (fd < 0) {
		diag_error(compiler->diags, NULL, 0, "memfd_create: %s", strerror(errno));
		return -errno;
	}
	result = seccomp_export_bpf(compiler->context, fd);
	size = lseek(fd, 0, SEEK_END);
	if (result < 0 || size <= 0 || size % sizeof(struct sock_filter) != 0) {
		diag_error(compiler->diags, compiler->policy->files[0], 0,
			   "libseccomp could not generate the filter: %s",
			   strerror(result < 0 ? -result : EINVAL));
		close(fd);
		return -EINVAL;
	}
	filter->length = (size_t)size / sizeof(struct sock_filter);
	filter->program = malloc((size_t)size);
	if (!filter->program || pread(fd, filter->program, (size_t)size, 0) != size) {
		diag_error(compiler->diags, NULL, 0, "cannot read the generated filter");
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

static void describe_filter(const struct compiler *compiler, struct filter *filter)
{
	const struct policy *policy = compiler->policy;

	filter->no_new_privs = policy->no_new_privs;
	filter->flags = 0;
	if (policy->thread_sync)
		filter->flags |= SECCOMP_FILTER_FLAG_TSYNC;
	if (policy->log)
		filter->flags |= SECCOMP_FILTER_FLAG_LOG;
	if (policy->disable_ssb)
		filter->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	memcpy(filter->arches, compiler->arches, sizeof(filter->arches));
	filter->arch_count = compiler->arch_count;
}

/* The instructions the policy's own program may take: the kernel's limit,
 * less what goes in front of it (the ENOSYS ranges here, the probe and the
 * report guard when the shim loads it). */
static size_t program_limit(const struct compiler *compiler)
{
	size_t ranges =
		compiler->policy->unknown_enosys ? ENOSYS_BLOCK_LENGTH * compiler->arch_count : 0;

	return BPF_MAXINSNS - PRESEAL_LOAD_PREFIX_MAX - ranges;
}

static bool wants_libseccomp(const struct compiler *compiler)
{
	return (compiler->options && compiler->options->libseccomp) ||
	       !generate_supports(compiler->arches, compiler->arch_count);
}

static int generate_with_libseccomp(struct compiler *compiler, struct filter *filter)
{
	size_t limit = program_limit(compiler);
	int result = build_context(compiler);

	if (result == 0)
		result = export_program(compiler, filter);
	seccomp_release(compiler->context);
	compiler->context = NULL;
	if (result == 0 && filter->length > limit) {
		diag_error(compiler->diags, compiler->policy->files[0], 0,
			   "the policy does not fit in a seccomp filter: libseccomp's program "
			   "needs %zu instructions (the kernel takes %d, and preseal keeps %zu for "
			   "its own checks); use fewer argument rules, or values that form ranges",
			   filter->length, BPF_MAXINSNS, (size_t)BPF_MAXINSNS - limit);
		result = -E2BIG;
	}
	return result;
}

int compile_policy(const struct policy *policy, const struct compile_options *options,
		   struct filter *filter, struct diag_list *diags)
{
	struct compiler compiler = { .policy = policy, .options = options, .diags = diags };
	char why[256];
	int result;

	*filter = (struct filter){ 0 };
	result = check_policy(&compiler);
	if (result == 0 && wants_libseccomp(&compiler))
		result = generate_with_libseccomp(&compiler, filter);
	else if (result == 0)
		result = generate_program(policy, compiler.arches, compiler.arch_count,
					  program_limit(&compiler), &filter->program,
					  &filter->length, diags);
	if (result == 0 && bpf_check(filter->program, filter->length, why, sizeof(why)) < 0) {
		diag_error(diags, policy->files[0], 0, "the generated filter is not valid: %s",
			   why);
		result = -EINVAL;
	}
	if (result == 0) {
		describe_filter(&compiler, filter);
		result = filter_add_enosys(policy, filter, diags);
		if (result == 0 && options && options->probe_token)
			result = filter_add_probe(filter, options->probe_token, diags);
	}
	if (result == 0)
		result = verify_filter(policy, filter, diags);
	if (result < 0)
		filter_free(filter);
	return result;
}

int compile_pfc(const struct policy *policy, const struct compile_options *options, int fd,
		struct diag_list *diags)
{
	struct compiler compiler = { .policy = policy, .options = options, .diags = diags };
	int result = check_policy(&compiler);

	if (result == 0)
		result = build_context(&compiler);

	if (result == 0) {
		result = seccomp_export_pfc(compiler.context, fd);
		if (result < 0)
			diag_error(diags, NULL, 0, "libseccomp could not write PFC: %s",
				   strerror(-result));
	}
	seccomp_release(compiler.context);
	return result;
}
