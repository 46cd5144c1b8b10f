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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "enosys.h"
#include "generate.h"
#include "region.h"
#include "sysnames.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Syscall numbers scanned on each architecture (x86_64 ends near 460). */
#define SCAN_MAX 1024
/* The verifier's budget: regions of one syscall's arguments compared (a
 * point each), and steps of the search that decides whether a region is
 * empty, per syscall and in all.  Far above what any profile, the bench's
 * 2,000 rules or Docker's default need (see docs/design.md, "Verification"). */
#define PIECES_PER_SYSCALL (1u << 16)
#define PIECES_IN_ALL	   (1ul << 20)
#define STEPS_PER_SYSCALL  (1ul << 24)
/* Disagreements reported before giving up. */
#define REPORT_MAX 5

#define X32_SYSCALL_BIT 0x40000000u

/* Constraints that decide one check under every reading (check_atoms). */
#define ATOMS_MAX 12

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
	struct region region;	    /* where the current walk is */
	unsigned long pieces;	    /* regions compared, in all */
	unsigned long steps;	    /* search steps, in all */
	unsigned refused;	    /* syscalls that could not be verified */
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

/* Returns the filter's answer. */
static uint32_t expect(struct verifier *verifier, const struct seccomp_data *data, const char *name,
		       struct action expected, const struct rule *rule)
{
	uint32_t actual = bpf_run(verifier->filter->program, verifier->filter->length, data);
	uint32_t wanted = verifier->reference ? bpf_run(verifier->reference->program,
							verifier->reference->length, data)
					      : action_to_seccomp(expected);

	if (actual != wanted)
		report(verifier, data, name, action_from_seccomp(wanted), actual, rule);
	return actual;
}

/* Compares the filter's answer for one call with the model's (or the
 * reference filter's); returns the filter's. */
static uint32_t check_call(struct verifier *verifier, uint32_t arch, int number, const char *name,
			   const uint64_t args[6], uint64_t instruction_pointer)
{
	struct seccomp_data data = { .nr = number,
				     .arch = arch,
				     .instruction_pointer = instruction_pointer };
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
	return expect(verifier, &data, name, expected, rule);
}

/* ---- the walk: every path through the filter for one syscall number ----
 *
 * The number and the architecture are known; the arguments and the
 * instruction pointer are not.  A path collects what its jumps said about
 * them as constraints on single words (region.h), and a branch whose side
 * no input can take is not followed.  Each return ends a path: over the
 * region of inputs that reach it the filter gives that one answer. */

static struct word_constraint constraint(unsigned word, enum word_op op, uint32_t mask,
					 uint32_t value)
{
	return (struct word_constraint){ .word = word, .op = op, .mask = mask, .value = value };
}

/* What the accumulator or X holds: a known number, or a word of the
 * input ANDed with a mask. */
struct value {
	bool known;
	uint32_t number;
	unsigned word;
	uint32_t mask;
};

struct walk;
typedef int (*leaf_fn)(struct walk *walk);

struct walk {
	struct verifier *verifier;
	struct region *region;
	uint32_t arch;
	int number;
	const char *name;
	const struct rule **order; /* the syscall's rules, most restrictive first */
	size_t rule_count;
	unsigned readings[POLICY_MAX_ARGS]; /* per argument: how the model may read it */
	/* per rule in ORDER and check: its atoms (see check_atoms), computed once
	 * so that no frame of the deep recursion holds them */
	struct word_constraint (*atoms)[POLICY_MAX_ARGS][ATOMS_MAX];
	size_t (*atom_count)[POLICY_MAX_ARGS];
	uint32_t answer;	     /* the filter's answer over the region */
	unsigned long pieces;	     /* regions compared so far */
	const struct filter *walked; /* the program being walked */
	leaf_fn at_leaf;
	size_t refused_at; /* the instruction that stopped the walk */
	int why;	   /* 0, or how the walk stopped (WALK_*) */
};

enum { WALK_UNSUPPORTED = 1, WALK_OVER_BUDGET, WALK_NO_MEMORY, WALK_INCONSISTENT };

static int stop(struct walk *walk, int why)
{
	if (!walk->why)
		walk->why = why;
	return -1;
}

static int from_region(struct walk *walk, int found)
{
	if (found == REGION_OVER_BUDGET)
		return stop(walk, WALK_OVER_BUDGET);
	if (found < 0)
		return stop(walk, WALK_NO_MEMORY);
	return found;
}

static int push(struct walk *walk, struct word_constraint c)
{
	return region_push(walk->region, c) < 0 ? stop(walk, WALK_NO_MEMORY) : 0;
}

static struct value load_word(const struct walk *walk, uint32_t offset)
{
	if (offset == offsetof(struct seccomp_data, nr))
		return (struct value){ .known = true, .number = (uint32_t)walk->number };
	if (offset == offsetof(struct seccomp_data, arch))
		return (struct value){ .known = true, .number = walk->arch };
	return (struct value){ .word = offset / 4, .mask = UINT32_MAX };
}

/* The constraint a conditional jump's true side puts on a masked word. */
static struct word_constraint jump_constraint(const struct value *a, uint16_t code, uint32_t k)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return constraint(a->word, WORD_EQ, a->mask, k);
	case BPF_JGT:
		return constraint(a->word, WORD_GT, a->mask, k);
	case BPF_JGE:
		return constraint(a->word, WORD_GE, a->mask, k);
	default: /* BPF_JSET */
		return constraint(a->word, WORD_NE, a->mask & k, 0);
	}
}

static bool jump_holds(uint16_t code, uint32_t a, uint32_t k)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return a == k;
	case BPF_JGT:
		return a > k;
	case BPF_JGE:
		return a >= k;
	default:
		return (a & k) != 0;
	}
}

static int walk_from(struct walk *walk, size_t pc, struct value a, struct value x);

/* Follows both sides of a jump on an unknown word, or the only side any
 * input in the region can take. */
static int branch(struct walk *walk, struct value a, struct value x, struct word_constraint taken,
		  size_t if_true, size_t if_false)
{
	size_t mark = walk->region->count;
	uint32_t value;
	int splits = from_region(walk, region_splits(walk->region, taken));
	int rc;

	if (splits < 0)
		return -1;
	if (!splits) {
		if (from_region(walk, region_word_value(walk->region, taken.word, &value)) < 0)
			return -1;
		return walk_from(walk, word_constraint_holds(&taken, value) ? if_true : if_false, a,
				 x);
	}
	if (push(walk, taken) < 0)
		return -1;
	rc = walk_from(walk, if_true, a, x);
	region_truncate(walk->region, mark);
	if (rc < 0 || push(walk, word_constraint_negate(taken)) < 0)
		return -1;
	rc = walk_from(walk, if_false, a, x);
	region_truncate(walk->region, mark);
	return rc;
}

/* One instruction that neither jumps nor returns; false when the walk
 * cannot follow it. */
static bool step(const struct walk *walk, const struct sock_filter *insn, struct value *a,
		 struct value *x)
{
	switch (insn->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		*a = load_word(walk, insn->k);
		return true;
	case BPF_LD | BPF_IMM:
		*a = (struct value){ .known = true, .number = insn->k };
		return true;
	case BPF_LD | BPF_W | BPF_LEN:
		*a = (struct value){ .known = true, .number = sizeof(struct seccomp_data) };
		return true;
	case BPF_LDX | BPF_IMM:
		*x = (struct value){ .known = true, .number = insn->k };
		return true;
	case BPF_LDX | BPF_W | BPF_LEN:
		*x = (struct value){ .known = true, .number = sizeof(struct seccomp_data) };
		return true;
	case BPF_ALU | BPF_AND | BPF_K:
		a->number &= insn->k;
		a->mask &= insn->k;
		return true;
	case BPF_MISC | BPF_TAX:
		*x = *a;
		return true;
	case BPF_MISC | BPF_TXA:
		*a = *x;
		return true;
	default:
		return false;
	}
}

static int walk_from(struct walk *walk, size_t pc, struct value a, struct value x)
{
	const struct sock_filter *program = walk->walked->program;

	for (; pc < walk->walked->length; pc++) {
		const struct sock_filter *insn = &program[pc];
		uint32_t k = insn->k;

		if (BPF_CLASS(insn->code) == BPF_RET) {
			if (BPF_RVAL(insn->code) == BPF_A && !a.known)
				break;
			walk->answer = BPF_RVAL(insn->code) == BPF_A ? a.number : k;
			return walk->at_leaf(walk);
		}
		if (insn->code == (BPF_JMP | BPF_JA)) {
			pc += k;
			continue;
		}
		if (BPF_CLASS(insn->code) != BPF_JMP) {
			if (!step(walk, insn, &a, &x))
				break;
			continue;
		}
		if (BPF_SRC(insn->code) == BPF_X) {
			if (!x.known)
				break;
			k = x.number;
		}
		if (a.known) {
			pc += jump_holds(insn->code, a.number, k) ? insn->jt : insn->jf;
			continue;
		}
		return branch(walk, a, x, jump_constraint(&a, insn->code, k), pc + 1 + insn->jt,
			      pc + 1 + insn->jf);
	}
	walk->refused_at = pc;
	return stop(walk, WALK_UNSUPPORTED);
}

static unsigned low_word(unsigned index)
{
	return (unsigned)(offsetof(struct seccomp_data, args) + 8 * index + BPF_LOW_HALF) / 4;
}

static unsigned high_word(unsigned index)
{
	return (unsigned)(offsetof(struct seccomp_data, args) + 8 * index + BPF_HIGH_HALF) / 4;
}

static int word_value(struct walk *walk, unsigned word, uint32_t *value)
{
	int found = from_region(walk, region_word_value(walk->region, word, value));

	if (found == 0) /* the walk only keeps regions that hold a point */
		return stop(walk, WALK_INCONSISTENT);
	return found < 0 ? -1 : 0;
}

static int argument_value(struct walk *walk, unsigned index, uint64_t *argument)
{
	uint32_t low, high;

	if (word_value(walk, low_word(index), &low) < 0 ||
	    word_value(walk, high_word(index), &high) < 0)
		return -1;
	*argument = (uint64_t)high << 32 | low;
	return 0;
}

/* A point of the region, compared in check_call(), the one place that
 * compares; the walk's own answer must be what the interpreter says. */
static int compare_at_a_point(struct walk *walk)
{
	uint64_t args[6], ip;
	uint32_t actual;
	unsigned ip_low =
		(unsigned)(offsetof(struct seccomp_data, instruction_pointer) + BPF_LOW_HALF) / 4;
	unsigned ip_high =
		(unsigned)(offsetof(struct seccomp_data, instruction_pointer) + BPF_HIGH_HALF) / 4;
	uint32_t low, high;

	if (++walk->pieces > PIECES_PER_SYSCALL || ++walk->verifier->pieces > PIECES_IN_ALL)
		return stop(walk, WALK_OVER_BUDGET);
	for (unsigned i = 0; i < 6; i++)
		if (argument_value(walk, i, &args[i]) < 0)
			return -1;
	if (word_value(walk, ip_low, &low) < 0 || word_value(walk, ip_high, &high) < 0)
		return -1;
	ip = (uint64_t)high << 32 | low;
	actual = check_call(walk->verifier, walk->arch, walk->number, walk->name, args, ip);
	if (walk->walked == walk->verifier->filter && actual != walk->answer)
		return stop(walk, WALK_INCONSISTENT);
	return 0;
}

/* ---- the model over a region ----
 *
 * The model's answer is the first rule, most restrictive first, whose
 * checks all hold.  A check holds or not according to a few constraints on
 * its argument's words (its atoms): the region is split on every atom that
 * is not constant over it, one rule after the other, until the answer
 * cannot change inside a piece; one point of each piece is then compared.
 * A rule that holds throughout a piece ends its splitting: no later rule
 * can change the answer there.
 *
 * How wide a check compares is the model's business: the whole 64 bits,
 * only the low 32 bits against the value's low 32 bits (a 32-bit
 * architecture), or the kernel's view of an int, short or char argument
 * (the low 32, 16 or 8 bits, sign- or zero-extended, against the whole
 * value).  The atoms make the check constant under every one of these
 * readings, so the split is complete whichever policy_decide_width() uses;
 * a rule is taken to hold (or fail) throughout only when it does under
 * every reading. */

#define READINGS   8
#define READ_ALL   ((1u << READINGS) - 1)
#define READ_WHOLE 1u
#define READ_LOW   2u
/* the low WIDTH bits zero- or sign-extended: 32, 16 or 8 */
#define READ_UNSIGNED(width) (4u << 2 * ((width) == 16 ? 1 : (width) == 8 ? 2 : 0))
#define READ_SIGNED(width)   (READ_UNSIGNED(width) << 1)

/* The argument as each reading sees it: the whole, the low 32 bits against
 * the value's low 32 bits, then u32, s32, u16, s16, u8, s8 views compared
 * with the whole value.  Returns a bit per reading under which CHECK holds. */
static unsigned check_readings(const struct arg_check *check, uint64_t argument)
{
	static const unsigned widths[] = { 32, 16, 8 };
	struct arg_check low = *check;
	unsigned holds = 0, bit = 2;

	low.value &= UINT32_MAX;
	low.mask &= UINT32_MAX;
	holds |= arg_check_holds(check, argument) ? 1u : 0;
	holds |= arg_check_holds(&low, argument & UINT32_MAX) ? 2u : 0;
	for (size_t i = 0; i < ARRAY_SIZE(widths); i++) {
		uint64_t all = (1ull << widths[i]) - 1;
		uint64_t view = argument & all;
		uint64_t sign = 1ull << (widths[i] - 1);
		uint64_t extended = view & sign ? view | ~all : view;

		holds |= (arg_check_holds(check, view) ? 1u : 0) << bit++;
		holds |= (arg_check_holds(check, extended) ? 1u : 0) << bit++;
	}
	return holds & ((1u << READINGS) - 1);
}

/* The constraints that decide CHECK under every reading (see above). */
static size_t check_atoms(const struct arg_check *check, unsigned readings,
			  struct word_constraint *atoms)
{
	/* Narrow views first: once (w & 0xff) != v holds, (w & 0xffff) and w
	 * need no constraint of their own, so chains of rules stay short. */
	static const unsigned widths[] = { 8, 16, 32 };
	unsigned lo = low_word(check->index), hi = high_word(check->index);
	uint64_t value = check->value, mask = check->mask;
	bool masked = check->op == OP_MASKED_EQ || check->op == OP_MASKED_NE;
	bool equality = check->op == OP_EQ || check->op == OP_NE;
	size_t n = 0;

	if (!(readings & READ_WHOLE)) {
		/* the high word does not count */
	} else if (masked) {
		atoms[n++] = constraint(hi, WORD_EQ, (uint32_t)(mask >> 32),
					(uint32_t)((value & mask) >> 32));
	} else {
		atoms[n++] = constraint(hi, WORD_EQ, UINT32_MAX, (uint32_t)(value >> 32));
		if (!equality)
			atoms[n++] = constraint(hi, WORD_LT, UINT32_MAX, (uint32_t)(value >> 32));
	}
	for (size_t i = 0; i < ARRAY_SIZE(widths); i++) {
		uint64_t all = (1ull << widths[i]) - 1, sign = 1ull << (widths[i] - 1);
		struct word_constraint sign_clear = constraint(lo, WORD_EQ, (uint32_t)sign, 0);
		unsigned unsigned_view = READ_UNSIGNED(widths[i]),
			 signed_view = READ_SIGNED(widths[i]);

		if (!(readings & (unsigned_view | signed_view)))
			continue;
		if (!(readings & signed_view))
			sign_clear.mask = 0; /* no sign to split on: a constant */

		if (masked) {
			if (widths[i] < 32 && (mask & all))
				atoms[n++] = constraint(lo, WORD_EQ, (uint32_t)(mask & all),
							(uint32_t)(value & mask & all));
			if (mask & ~all)
				atoms[n++] = sign_clear;
			continue;
		}
		if (widths[i] < 32 && (value <= all || value >= (~all | sign))) {
			atoms[n++] =
				constraint(lo, WORD_EQ, (uint32_t)all, (uint32_t)(value & all));
			if (!equality)
				atoms[n++] = constraint(lo, WORD_LT, (uint32_t)all,
							(uint32_t)(value & all));
		}
		/* Equal views have equal signs: only an order needs the sign. */
		if (!equality && value > (all >> 1))
			atoms[n++] = sign_clear;
	}
	if (!(readings & (READ_WHOLE | READ_LOW | READ_UNSIGNED(32) | READ_SIGNED(32)))) {
		/* the whole low word does not count */
	} else if (masked) {
		atoms[n++] = constraint(lo, WORD_EQ, (uint32_t)mask, (uint32_t)(value & mask));
	} else {
		atoms[n++] = constraint(lo, WORD_EQ, UINT32_MAX, (uint32_t)value);
		if (!equality)
			atoms[n++] = constraint(lo, WORD_LT, UINT32_MAX, (uint32_t)value);
	}
	return n;
}

static int split_rules(struct walk *walk, size_t position);
static int walk_piece(struct walk *walk);
static int split_checks(struct walk *walk, size_t position, unsigned check, bool surely);

/* Splits the region on CHECK's atoms from FIRST on; in each piece the
 * check is then constant under every reading. */
static int split_atoms(struct walk *walk, size_t position, unsigned check, bool surely,
		       const struct word_constraint *atoms, size_t count, size_t first)
{
	const struct rule *rule = walk->order[position];
	const struct arg_check *checked = &rule->args[check];
	uint64_t argument;
	unsigned holds;

	for (size_t i = first; i < count; i++) {
		size_t mark = walk->region->count;
		int splits = from_region(walk, region_splits(walk->region, atoms[i]));
		int rc;

		if (splits < 0)
			return -1;
		if (!splits)
			continue;
		if (push(walk, atoms[i]) < 0)
			return -1;
		rc = split_atoms(walk, position, check, surely, atoms, count, i + 1);
		region_truncate(walk->region, mark);
		if (rc < 0 || push(walk, word_constraint_negate(atoms[i])) < 0)
			return -1;
		rc = split_atoms(walk, position, check, surely, atoms, count, i + 1);
		region_truncate(walk->region, mark);
		return rc;
	}
	if (argument_value(walk, checked->index, &argument) < 0)
		return -1;
	holds = check_readings(checked, argument) & walk->readings[checked->index];
	if (holds == 0) /* the rule fails throughout */
		return split_rules(walk, position + 1);
	return split_checks(walk, position, check + 1,
			    surely && holds == walk->readings[checked->index]);
}

static int split_checks(struct walk *walk, size_t position, unsigned check, bool surely)
{
	const struct rule *rule = walk->order[position];

	if (check == rule->arg_count)
		return surely ? walk_piece(walk) : split_rules(walk, position + 1);
	return split_atoms(walk, position, check, surely, walk->atoms[position][check],
			   walk->atom_count[position][check], 0);
}

/* 1 when one of RULE's checks is constant over the region and fails under
 * every reading (the rule fails throughout), 0 when none is known to, or -1. */
static int fails_throughout(struct walk *walk, size_t position)
{
	const struct rule *rule = walk->order[position];

	for (unsigned c = 0; c < rule->arg_count; c++) {
		const struct arg_check *check = &rule->args[c];
		const struct word_constraint *atoms = walk->atoms[position][c];
		size_t count = walk->atom_count[position][c];
		bool constant = true;
		uint64_t argument;

		for (size_t i = 0; constant && i < count; i++) {
			int splits = from_region(walk, region_splits(walk->region, atoms[i]));

			if (splits < 0)
				return -1;
			constant = !splits;
		}
		if (!constant)
			continue;
		if (argument_value(walk, check->index, &argument) < 0)
			return -1;
		if ((check_readings(check, argument) & walk->readings[check->index]) == 0)
			return 1;
	}
	return 0;
}

static int split_rules(struct walk *walk, size_t position)
{
	/* Rules that fail throughout are passed over here, not by recursion:
	 * a chain of thousands of them must not grow the stack. */
	for (; position < walk->rule_count; position++) {
		int fails = fails_throughout(walk, position);

		if (fails < 0)
			return -1;
		if (!fails)
			return split_checks(walk, position, 0, true);
	}
	return walk_piece(walk);
}

/* Inside a piece where the model's answer is constant: the filter's paths. */
static int walk_piece(struct walk *walk)
{
	return walk_from(walk, 0, (struct value){ .known = true }, (struct value){ .known = true });
}

/* With a reference filter: walk it inside the region the first one
 * reached, and compare a point of each region where both are constant. */
static int reference_leaf(struct walk *walk)
{
	uint32_t answer = walk->answer;
	int rc;

	walk->walked = walk->verifier->reference;
	walk->at_leaf = compare_at_a_point;
	rc = walk_from(walk, 0, (struct value){ .known = true }, (struct value){ .known = true });
	walk->walked = walk->verifier->filter;
	walk->at_leaf = reference_leaf;
	walk->answer = answer;
	return rc;
}

/* How the model reads argument INDEX of NAME: asks it about one-check
 * policies whose answers tell the readings apart, and keeps the readings
 * that agree with every answer.  When none or several do, all of them are
 * split on (complete, only slower). */
static unsigned model_readings(const struct verifier *verifier, const char *name, unsigned index)
{
	static const struct {
		uint64_t value, argument;
	} probes[] = {
		{ UINT64_MAX, 0xffffffffull },
		{ 0xffff, 0x1ffff },
		{ 0xff, 0x1ff },
		{ 0x1ffffffffull, 0x1ffffffffull },
		{ 0xffffffffull, 0x1ffffffffull },
		{ 0xffffffffffff8000ull, 0x8000 },
		{ 0xffffffffffffff80ull, 0x80 },
		{ 0x1ffffffffull, 0xffffffffull },
		{ 0xffffffff80000000ull, 0x80000000ull },
	};
	struct policy probe = *verifier->policy;
	struct rule rule = { .syscall = (char *)name,
			     .action = { .kind = ACTION_KILL_PROCESS },
			     .arg_count = 1 };
	unsigned readings = READ_ALL;

	probe.rules = &rule;
	probe.rule_count = 1;
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		uint64_t args[6] = { 0 };
		const struct rule *matched = NULL;
		unsigned holds;

		rule.args[0] =
			(struct arg_check){ .index = index, .op = OP_EQ, .value = probes[i].value };
		args[index] =
			verifier->narrow ? probes[i].argument & UINT32_MAX : probes[i].argument;
		policy_decide_width(&probe, name, args, verifier->narrow, &matched);
		holds = check_readings(&rule.args[0], args[index]);
		readings &= matched ? holds : ~holds;
	}
	return readings && !(readings & (readings - 1)) ? readings : READ_ALL;
}

/* The syscall's rules, most restrictive first, in policy order among
 * equals: the order in which policy_decide_width() lets them win. */
static const struct rule **rules_in_order(const struct policy *policy, const char *name,
					  size_t *count)
{
	const struct rule *first = name ? policy_first_rule(policy, name) : NULL;
	const struct rule *end = policy_rules_end(policy);
	const struct rule **order;
	size_t n = 0;

	*count = 0;
	if (!first)
		return NULL;
	while (first + n < end && strcmp(first[n].syscall, name) == 0)
		n++;
	if (n == 0)
		return NULL;
	order = malloc(n * sizeof(*order));
	if (!order)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0 &&
		       action_severity(order[j - 1]->action) > action_severity(first[i].action)) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = &first[i];
	}
	*count = n;
	return order;
}

static void refuse(struct verifier *verifier, const struct walk *walk)
{
	const struct rule *first =
		walk->name ? policy_first_rule(verifier->policy, walk->name) : NULL;
	const struct source where = first ? first->where : verifier->policy->default_where;
	char label[64];

	if (walk->name)
		snprintf(label, sizeof(label), "'%s'", walk->name);
	else
		snprintf(label, sizeof(label), "syscall %d", walk->number);
	verifier->refused++;
	switch (walk->why) {
	case WALK_UNSUPPORTED:
		diag_error(verifier->diags, where.file, where.line,
			   "the filter for %s (arch 0x%x) cannot be verified completely: "
			   "instruction %zu (code 0x%04x) is not one preseal's verifier follows",
			   label, walk->arch, walk->refused_at,
			   walk->refused_at < walk->walked->length
				   ? walk->walked->program[walk->refused_at].code
				   : 0);
		break;
	case WALK_OVER_BUDGET:
		diag_error(verifier->diags, where.file, where.line,
			   "the filter for %s (arch 0x%x) cannot be verified completely within "
			   "preseal's budget: more than %u regions of its arguments or %lu search "
			   "steps; split the rules into fewer syscalls or simpler conditions",
			   label, walk->arch, PIECES_PER_SYSCALL, STEPS_PER_SYSCALL);
		break;
	case WALK_INCONSISTENT:
		diag_error(verifier->diags, where.file, where.line,
			   "the filter for %s (arch 0x%x) cannot be verified completely: the "
			   "verifier's walk and its interpreter disagree (a bug in preseal)",
			   label, walk->arch);
		break;
	default:
		verifier->diags->out_of_memory = 1;
		break;
	}
}

static bool prepare_atoms(struct walk *walk)
{
	walk->atoms = calloc(walk->rule_count, sizeof(*walk->atoms));
	walk->atom_count = calloc(walk->rule_count, sizeof(*walk->atom_count));
	if (!walk->atoms || !walk->atom_count)
		return false;
	for (size_t r = 0; r < walk->rule_count; r++)
		for (unsigned c = 0; c < walk->order[r]->arg_count; c++) {
			const struct arg_check *check = &walk->order[r]->args[c];

			walk->atom_count[r][c] =
				check_atoms(check, walk->readings[check->index], walk->atoms[r][c]);
		}
	return true;
}

/* Every argument vector of one syscall number: the filter's paths, and
 * within each the model's pieces, compared one point each. */
static void verify_number(struct verifier *verifier, uint32_t arch, int number, const char *name)
{
	struct walk walk = { .verifier = verifier,
			     .region = &verifier->region,
			     .arch = arch,
			     .number = number,
			     .name = name,
			     .walked = verifier->filter,
			     .at_leaf = verifier->reference ? reference_leaf : compare_at_a_point };

	if (verifier->filter->probe_token && number == PRESEAL_PROBE_NR)
		return; /* checked by check_probe() */
	region_truncate(walk.region, 0);
	walk.region->steps = 0;
	walk.region->step_limit = STEPS_PER_SYSCALL;
	if (!verifier->reference) {
		walk.order = rules_in_order(verifier->policy, name, &walk.rule_count);
		for (unsigned i = 0; walk.order && i < POLICY_MAX_ARGS; i++)
			walk.readings[i] = model_readings(verifier, name, i);
		if (walk.order && !prepare_atoms(&walk)) {
			free(walk.order);
			free(walk.atoms);
			free(walk.atom_count);
			verifier->diags->out_of_memory = 1;
			return;
		}
		if (name && policy_first_rule(verifier->policy, name) && !walk.order) {
			verifier->diags->out_of_memory = 1;
			return;
		}
	}
	/* A 32-bit process cannot pass more than 32 bits per argument. */
	for (unsigned i = 0; verifier->narrow && i < POLICY_MAX_ARGS; i++)
		if (push(&walk, constraint(high_word(i), WORD_EQ, UINT32_MAX, 0)) < 0)
			break;
	if (!walk.why && verifier->reference)
		walk_piece(&walk);
	else if (!walk.why)
		split_rules(&walk, 0);
	verifier->steps += walk.region->steps;
	if (walk.why)
		refuse(verifier, &walk);
	free(walk.order);
	free(walk.atoms);
	free(walk.atom_count);
}
/* On x86 libseccomp resolves the socket and IPC calls to negative pseudo
 * numbers (it filters them through socketcall and ipc too), yet the kernel
 * also has them under real numbers, which the filter decides as well: the
 * generator's own lookup (generate_syscall_number) finds those. */
static int real_number(uint32_t token, const char *name)
{
	return generate_syscall_number(token, name);
}

/* Names whose number lies outside the scan of check_all_numbers (on x86,
 * libseccomp's negative pseudo numbers for the socket and IPC calls). */
static void check_named_syscalls(struct verifier *verifier, uint32_t token)
{
	const struct policy *policy = verifier->policy;
	uint32_t base = token == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0;

	for (size_t i = 0; i < policy->rule_count; i++) {
		const char *name = policy->rules[i].syscall;
		int number;

		if (i > 0 && strcmp(name, policy->rules[i - 1].syscall) == 0)
			continue;
		number = seccomp_syscall_resolve_name_arch(token, name);
		if (number < 0)
			number = real_number(token, name);
		if (number == __NR_SCMP_ERROR ||
		    (number >= (int)base && number < (int)(base + SCAN_MAX)))
			continue;
		verify_number(verifier, audit_arch(token), number, name);
	}
}

/* Every number of the architecture, with every argument vector: catches a
 * rule that landed on the wrong syscall or vanished, and any argument
 * decision that differs from the model's.  Only names the policy mentions
 * can have an action other than the default, so a map from their numbers
 * is all the naming this needs (libseccomp's number-to-name lookup is a
 * linear scan, far too slow to call a thousand times at every start). */
static void check_all_numbers(struct verifier *verifier, uint32_t token)
{
	const struct policy *policy = verifier->policy;
	uint32_t base = token == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0;
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
		verify_number(verifier, audit_arch(token), (int)(base + n), names[n]);
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

	for (size_t i = 0; i < ARRAY_SIZE(far); i++)
		verify_number(verifier, audit_arch(token), (int)(base + far[i]), NULL);
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
	region_free(&verifier->region);
	if (verifier->disagreements > REPORT_MAX)
		diag_error(verifier->diags, policy->files[0], 0, "... and %u more disagreements",
			   verifier->disagreements - REPORT_MAX);
	return verifier->disagreements || verifier->refused ? -EPROTO : 0;
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
