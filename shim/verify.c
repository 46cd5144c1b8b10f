/* verify: hold the compiled filter to what the policy says.
 *
 * A generator can be wrong: libseccomp 2.5.4 generates a weaker filter than
 * asked when it merges lt/le comparisons (GHSA-4q85-33p6-j5g6) and silently
 * lets an unconditional rule swallow argument rules, and preseal's own
 * generator is code too.  So the program is run in preseal's own
 * interpreter over the inputs that matter, and every answer is compared with
 * the model's: every syscall number of every listed architecture, each
 * argument rule's boundary values, architectures the policy does not list,
 * and x32 numbers.  Any disagreement is an error; nothing is loaded.  The
 * same inputs can also hold one filter to another (verify_same_answers).
 */
#include <errno.h>
#include <stdbool.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "enosys.h"
#include "generate.h"
#include "sysnames.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Syscall numbers scanned on each architecture (x86_64 ends near 460). */
#define SCAN_MAX 1024
/* Argument vectors tried per syscall before falling back to per-rule ones. */
#define VECTORS_MAX 4096
/* Values tried per argument index. */
#define CANDIDATES_MAX 48
/* Disagreements reported before giving up. */
#define REPORT_MAX 5

#define X32_SYSCALL_BIT 0x40000000u

struct verifier {
	const struct policy *policy;
	const struct filter *filter;
	const struct filter *reference; /* answers in place of the model, or NULL */
	struct diag_list *diags;
	unsigned disagreements;
	const char *last_reported;  /* one line per syscall is enough */
	const struct source *blame; /* where to point when no rule decided */
	bool narrow;		    /* the architecture has 32-bit arguments */
	uint32_t token;		    /* the architecture being scanned */
	long highest;		    /* the highest number the policy names on it */
};

struct candidates {
	uint64_t values[POLICY_MAX_ARGS][CANDIDATES_MAX];
	size_t count[POLICY_MAX_ARGS];
};

/* The arch value the kernel puts in seccomp_data for a libseccomp token. */
static uint32_t audit_arch(uint32_t token)
{
	return token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
}

/* Architectures whose syscall arguments are 32 bits wide.  x32 is not one:
 * it passes 64-bit registers (the compiler refuses argument rules there). */
static bool is_narrow(uint32_t token)
{
	static const uint32_t narrow[] = { SCMP_ARCH_X86,	SCMP_ARCH_X32,
					   SCMP_ARCH_ARM,	SCMP_ARCH_MIPS,
					   SCMP_ARCH_MIPSEL,	SCMP_ARCH_PPC,
					   SCMP_ARCH_S390,	SCMP_ARCH_PARISC,
					   SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL64N32 };

	for (size_t i = 0; i < ARRAY_SIZE(narrow); i++)
		if (narrow[i] == token)
			return true;
	return false;
}

static void report(struct verifier *verifier, const struct seccomp_data *data, const char *name,
		   struct action expected, uint32_t actual, const struct rule *rule)
{
	char want[64], got[64], *looked_up = NULL;
	const struct source where = rule	      ? rule->where
				    : verifier->blame ? *verifier->blame
						      : verifier->policy->default_where;
	const char *hint = "this libseccomp cannot express the policy as written";

	if (++verifier->disagreements > REPORT_MAX ||
	    (name && verifier->last_reported && strcmp(verifier->last_reported, name) == 0))
		return;
	verifier->last_reported = name;
	if (!name) {
		/* Named only here: the lookup is a linear scan in libseccomp. */
		uint32_t token = data->arch == AUDIT_ARCH_X86_64 && (data->nr & X32_SYSCALL_BIT)
					 ? SCMP_ARCH_X32
					 : data->arch;

		looked_up = seccomp_syscall_resolve_num_arch(token, data->nr);
		name = looked_up;
	}
	if (rule && action_equal(rule->action, verifier->policy->default_action))
		hint = "this rule repeats the default action, which libseccomp cannot add, so an "
		       "overlapping less restrictive rule wins; make that rule exclude these "
		       "values (masked_ne, or a narrower comparison)";
	action_format(expected, want, sizeof(want));
	action_format(action_from_seccomp(actual), got, sizeof(got));
	if (verifier->reference)
		hint = "the two generators differ";
	diag_error(verifier->diags, where.file, where.line,
		   "the compiled filter disagrees with the %s: %s (nr %d, arch 0x%x, args "
		   "0x%llx 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx) gives %s but the %s says %s; %s",
		   verifier->reference ? "reference filter" : "policy", name ? name : "?", data->nr,
		   data->arch, (unsigned long long)data->args[0], (unsigned long long)data->args[1],
		   (unsigned long long)data->args[2], (unsigned long long)data->args[3],
		   (unsigned long long)data->args[4], (unsigned long long)data->args[5], got,
		   verifier->reference ? "reference" : "policy", want, hint);
	free(looked_up);
}

static void expect(struct verifier *verifier, const struct seccomp_data *data, const char *name,
		   struct action expected, const struct rule *rule)
{
	uint32_t actual = bpf_run(verifier->filter->program, verifier->filter->length, data);
	uint32_t wanted = verifier->reference ? bpf_run(verifier->reference->program,
							verifier->reference->length, data)
					      : action_to_seccomp(expected);

	if (actual != wanted)
		report(verifier, data, name, action_from_seccomp(wanted), actual, rule);
}

static void check_call(struct verifier *verifier, uint32_t arch, int number, const char *name,
		       const uint64_t args[6])
{
	struct seccomp_data data = { .nr = number, .arch = arch };
	const struct rule *rule = NULL;
	struct action expected = verifier->policy->default_action;

	uint64_t seen[6];

	/* A 32-bit process cannot pass more than 32 bits per argument. */
	for (unsigned i = 0; i < 6; i++)
		data.args[i] = seen[i] = verifier->narrow ? args[i] & 0xffffffffu : args[i];
	if (name)
		expected =
			policy_decide_width(verifier->policy, name, seen, verifier->narrow, &rule);
	else if (enosys_applies(verifier->policy, verifier->token, verifier->highest, number))
		expected = (struct action){ .kind = ACTION_ERRNO, .data = ENOSYS };
	if (verifier->filter->probe_token && number == PRESEAL_PROBE_NR)
		return; /* checked by check_probe() */
	expect(verifier, &data, name, expected, rule);
}

static void add_candidate(struct candidates *set, unsigned index, uint64_t value)
{
	for (size_t i = 0; i < set->count[index]; i++)
		if (set->values[index][i] == value)
			return;
	if (set->count[index] < CANDIDATES_MAX)
		set->values[index][set->count[index]++] = value;
}

/* Boundary values of one check: where its answer changes, and the upper
 * 32 bits that an int argument may carry. */
static void add_boundaries(struct candidates *set, const struct arg_check *check)
{
	uint64_t value = check->value;

	add_candidate(set, check->index, value);
	add_candidate(set, check->index, value - 1);
	add_candidate(set, check->index, value + 1);
	add_candidate(set, check->index, value ^ (1ull << 32));
	add_candidate(set, check->index, value | 0xffffffff00000000ull);
	if (check->op == OP_MASKED_EQ || check->op == OP_MASKED_NE) {
		uint64_t lowest = check->mask & -check->mask;

		add_candidate(set, check->index, value ^ lowest);
		add_candidate(set, check->index, value | ~check->mask);
		add_candidate(set, check->index, check->mask);
	}
}

static void gather_candidates(const struct policy *policy, const char *name, struct candidates *set)
{
	const struct rule *end = policy_rules_end(policy);

	/* An argument no rule checks gets 0 only; the all-ones vector is
	 * tried on its own in check_named_syscalls(). */
	for (unsigned i = 0; i < POLICY_MAX_ARGS; i++) {
		set->count[i] = 0;
		add_candidate(set, i, 0);
	}
	for (const struct rule *rule = policy_first_rule(policy, name);
	     rule && rule < end && strcmp(rule->syscall, name) == 0; rule++)
		for (unsigned i = 0; i < rule->arg_count; i++) {
			add_candidate(set, rule->args[i].index, UINT64_MAX);
			add_boundaries(set, &rule->args[i]);
		}
}

/* Every combination of the candidates, when there are few enough. */
static bool check_product(struct verifier *verifier, uint32_t arch, int number, const char *name,
			  const struct candidates *set)
{
	size_t total = 1, position[POLICY_MAX_ARGS] = { 0 };
	uint64_t args[6];

	for (unsigned i = 0; i < POLICY_MAX_ARGS; i++) {
		total *= set->count[i];
		if (total > VECTORS_MAX)
			return false;
	}
	for (size_t n = 0; n < total; n++) {
		size_t rest = n;

		for (unsigned i = 0; i < POLICY_MAX_ARGS; i++) {
			position[i] = rest % set->count[i];
			rest /= set->count[i];
			args[i] = set->values[i][position[i]];
		}
		check_call(verifier, arch, number, name, args);
	}
	return true;
}

/* Otherwise each candidate of each index, the other arguments zero. */
static void check_each(struct verifier *verifier, uint32_t arch, int number, const char *name,
		       const struct candidates *set)
{
	for (unsigned i = 0; i < POLICY_MAX_ARGS; i++)
		for (size_t c = 0; c < set->count[i]; c++) {
			uint64_t args[6] = { 0 };

			args[i] = set->values[i][c];
			check_call(verifier, arch, number, name, args);
		}
}

/* On x86 libseccomp resolves the socket and IPC calls to negative pseudo
 * numbers (it filters them through socketcall and ipc too), yet the kernel
 * also has them under real numbers, which the filter decides as well: the
 * generator's own lookup (generate_syscall_number) finds those. */
static int real_number(uint32_t token, const char *name)
{
	return generate_syscall_number(token, name);
}

static void check_named_syscalls(struct verifier *verifier, uint32_t token)
{
	const struct policy *policy = verifier->policy;
	const uint64_t all_ones[6] = { UINT64_MAX, UINT64_MAX, UINT64_MAX,
				       UINT64_MAX, UINT64_MAX, UINT64_MAX };
	struct candidates *set = malloc(sizeof(*set));

	if (!set) {
		verifier->diags->out_of_memory = 1;
		return;
	}
	for (size_t i = 0; i < policy->rule_count; i++) {
		const char *name = policy->rules[i].syscall;
		int number;

		if (i > 0 && strcmp(name, policy->rules[i - 1].syscall) == 0)
			continue;
		number = seccomp_syscall_resolve_name_arch(token, name);
		if (number < 0)
			number = real_number(token, name);
		if (number < 0)
			continue;
		gather_candidates(policy, name, set);
		if (!check_product(verifier, audit_arch(token), number, name, set))
			check_each(verifier, audit_arch(token), number, name, set);
		check_call(verifier, audit_arch(token), number, name, all_ones);
	}
	free(set);
}

/* Every number of the architecture, arguments zero: catches a rule that
 * landed on the wrong syscall or vanished.  Only names the policy mentions
 * can have an action other than the default, so a map from their numbers
 * is all the naming this needs (libseccomp's number-to-name lookup is a
 * linear scan, far too slow to call a thousand times at every start). */
static void check_all_numbers(struct verifier *verifier, uint32_t token)
{
	const struct policy *policy = verifier->policy;
	uint32_t base = token == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0;
	const uint64_t zero[6] = { 0 };
	const char **names = calloc(SCAN_MAX, sizeof(*names));

	if (!names) {
		verifier->diags->out_of_memory = 1;
		return;
	}
	for (size_t i = 0; i < policy->rule_count; i++) {
		int number = seccomp_syscall_resolve_name_arch(token, policy->rules[i].syscall);

		if (number < 0)
			number = real_number(token, policy->rules[i].syscall);
		if (number >= (int)base && number < (int)(base + SCAN_MAX))
			names[number - (int)base] = policy->rules[i].syscall;
	}
	for (uint32_t n = 0; n < SCAN_MAX; n++)
		check_call(verifier, audit_arch(token), (int)(base + n), names[n], zero);
	free(names);
}

/* Numbers beyond the scan, up to where the architecture's range ends:
 * the ENOSYS range (when the policy asks for it) must reach them, since a
 * newer kernel's syscalls are what it is for; otherwise they get the
 * default.  (0x3f00-0x3fff is left out: preseal's own probe numbers.) */
static void check_far_numbers(struct verifier *verifier, uint32_t token)
{
	static const uint32_t far[] = { SCAN_MAX, 4095, 0x10000, 0x3fffffff };
	uint32_t base = token == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0;
	const uint64_t zero[6] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(far); i++)
		check_call(verifier, audit_arch(token), (int)(base + far[i]), NULL, zero);
}

static bool filter_has_arch(const struct filter *filter, uint32_t token)
{
	for (size_t i = 0; i < filter->arch_count; i++)
		if (filter->arches[i] == token)
			return true;
	return false;
}

/* Architectures the policy does not list meet bad_arch_action; so do x32
 * numbers from a 64-bit x86 process when x32 is not listed. */
static void check_other_arches(struct verifier *verifier)
{
	static const uint32_t others[] = {
		SCMP_ARCH_X86_64,  SCMP_ARCH_X86,   SCMP_ARCH_AARCH64, SCMP_ARCH_ARM,
		SCMP_ARCH_PPC64LE, SCMP_ARCH_S390X, SCMP_ARCH_RISCV64, SCMP_ARCH_MIPSEL64,
	};
	static const int x32_numbers[] = { 0, 1, 59, 101, 322, 435 };
	const uint64_t zero[6] = { 0 };
	struct action bad = verifier->policy->bad_arch_action;

	verifier->blame = &verifier->policy->bad_arch_where;

	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		struct seccomp_data data = { .nr = 1, .arch = others[i] };

		if (!filter_has_arch(verifier->filter, others[i]))
			expect(verifier, &data, "any syscall of an unlisted architecture", bad,
			       NULL);
	}
	if (!filter_has_arch(verifier->filter, SCMP_ARCH_X86_64) ||
	    filter_has_arch(verifier->filter, SCMP_ARCH_X32))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(x32_numbers); i++) {
		struct seccomp_data data = { .nr = (int)(X32_SYSCALL_BIT |
							 (uint32_t)x32_numbers[i]),
					     .arch = AUDIT_ARCH_X86_64 };

		memcpy(data.args, zero, sizeof(zero));
		expect(verifier, &data, "an x32 syscall", bad, NULL);
	}
}

static void check_probe(struct verifier *verifier)
{
	uint64_t token = verifier->filter->probe_token;
	struct seccomp_data data = { .nr = PRESEAL_PROBE_NR, .arch = PRESEAL_NATIVE_ARCH };
	struct action mine = { .kind = ACTION_ERRNO, .data = PRESEAL_PROBE_ERRNO };
	struct action other = { .kind = ACTION_ALLOW };

	if (!token)
		return;
	data.args[0] = token;
	expect(verifier, &data, "preseal's probe", mine, NULL);
	data.args[0] = token + 1;
	expect(verifier, &data, "preseal's probe for another filter", other, NULL);
}

static int run_verifier(struct verifier *verifier)
{
	const struct policy *policy = verifier->policy;
	const struct filter *filter = verifier->filter;

	for (size_t i = 0; i < filter->arch_count; i++) {
		verifier->narrow = is_narrow(filter->arches[i]);
		verifier->token = filter->arches[i];
		verifier->highest = enosys_highest_named(policy, filter->arches[i]);
		check_all_numbers(verifier, filter->arches[i]);
		check_named_syscalls(verifier, filter->arches[i]);
		check_far_numbers(verifier, filter->arches[i]);
	}
	verifier->narrow = false;
	check_other_arches(verifier);
	check_probe(verifier);
	if (verifier->disagreements > REPORT_MAX)
		diag_error(verifier->diags, policy->files[0], 0, "… and %u more disagreements",
			   verifier->disagreements - REPORT_MAX);
	return verifier->disagreements ? -EPROTO : 0;
}

int verify_filter(const struct policy *policy, const struct filter *filter, struct diag_list *diags)
{
	struct verifier verifier = { .policy = policy, .filter = filter, .diags = diags };

	return run_verifier(&verifier);
}

int verify_same_answers(const struct policy *policy, const struct filter *filter,
			const struct filter *reference, struct diag_list *diags)
{
	struct verifier verifier = {
		.policy = policy, .filter = filter, .reference = reference, .diags = diags
	};

	return run_verifier(&verifier);
}
