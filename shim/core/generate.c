/* generate: the policy model → a classic BPF program, preseal's own.
 *
 * libseccomp 2.5.4's generator takes time that grows with the square of the
 * program (0.4 s for 2,000 argument rules), tests one JEQ per syscall,
 * needs one rule per bit for masked_ne and merges lt/le comparisons
 * wrongly.  This one builds the decision itself, as a graph (decision.c):
 *
 *  - the architecture first, by a list of JEQs; others meet bad_arch_action;
 *  - per architecture, the syscall number: a binary search over ranges of
 *    numbers that share one outcome (optimize = "tree"), or a JEQ per
 *    syscall in the order the policy first names them ("priority");
 *  - per syscall with argument rules, a decision over the arguments' values
 *    in which the most restrictive matching rule wins, exactly as
 *    policy_decide_width() orders them (see build_rules).
 *
 * A syscall whose answer does not depend on its arguments is decided by
 * loads of nr and arch, constant jumps and a return only, which is what the
 * kernel's action cache (seccomp_cache_prepare) needs to skip the filter
 * for it.  Never loads a filter, never prints.
 */
#include "generate.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "argwidth.h"
#include "decision.h"
#include "grow.h"
#include "hash.h"
#include "sysnames.h"

#define X32_SYSCALL_BIT 0x40000000u

/* The decision for one syscall's rules may grow with the product of its
 * rules' checks (build_rules); past this much work it is written as a
 * plain chain of rules instead, which grows only with their sum.  Bounds
 * the time any policy can take, per syscall and in all. */
#define WORK_PER_SYSCALL (1u << 20)
#define WORK_IN_ALL	 (1u << 22)

/* What one check costs in a chain of rules, about: loads and a jump or
 * two per word compared. */
#define CHAIN_CHECK_WIDE   5
#define CHAIN_CHECK_NARROW 3

struct generator {
	const struct policy *policy;
	const uint32_t *arches;
	size_t arch_count;
	struct decision_graph *graph;
	decision_t default_action;
	uint32_t default_value;
	size_t work; /* spent on argument decisions so far */
};

/* The arch value the kernel puts in seccomp_data for a libseccomp token. */
static uint32_t audit_arch(uint32_t token)
{
	return token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
}

/* Architectures whose arguments libseccomp, and so the model and the
 * verifier, compare on their low 32 bits: the 32-bit ones, and the 64-bit
 * ABIs with 32-bit pointers (x32, MIPS n32). */
static bool narrow_arguments(uint32_t token)
{
	return !(token & __AUDIT_ARCH_64BIT) || token == SCMP_ARCH_MIPS64N32 ||
	       token == SCMP_ARCH_MIPSEL64N32;
}

/* ---- one syscall's rules ------------------------------------------------- */

/* A check as the generator tests it: on a 32-bit architecture narrowed to
 * the low words, on a 64-bit one narrowed to the bits the kernel reads of
 * a narrow argument, and a mask that covers the whole argument (or all of
 * those bits) turned into a plain comparison, so that the mask says what is
 * compared: MASK == TOP is the argument itself, MASK == 0xffffffff an int's
 * low word, each compared as an unsigned number. */
struct check {
	unsigned index;
	enum arg_op op;
	uint64_t value;
	uint64_t mask;
};

struct arg_rule {
	uint32_t action;   /* SECCOMP_RET_* */
	uint32_t severity; /* action_severity(): lower wins */
	unsigned sequence;
	unsigned check_count;
	struct check checks[POLICY_MAX_ARGS]; /* sorted, so that equal sets compare equal */
};

/* A rule in a decision under way, with the checks still to make. */
struct entry {
	const struct arg_rule *rule;
	unsigned remaining; /* bit i: rule->checks[i] */
};

/* What a decision splits on: argument INDEX and'ed with MASK. */
struct pivot {
	unsigned index;
	uint64_t mask;
};

/* A decision already built for a list of entries.  A split reaches the
 * same entries through ranges that are not neighbours (the values below and
 * above an equality; the masked values a one-bit mask cannot take), so
 * without this a syscall checked on N masks is built 2^N times over. */
struct memo {
	uint64_t hash;
	size_t first, count; /* its entries in builder->keys */
	decision_t decision;
};

struct builder {
	struct generator *generator;
	bool narrow;
	uint64_t top; /* the largest argument value */
	size_t work, budget;
	bool over_budget;
	struct memo *memos;
	size_t memo_count, memo_capacity;
	struct entry *keys;
	size_t key_count, key_capacity;
	size_t *slots; /* open addressing: a memo's index + 1, or 0 */
	size_t slot_count;
};

static int compare_checks(const void *a, const void *b)
{
	const struct check *left = a, *right = b;

	if (left->index != right->index)
		return left->index < right->index ? -1 : 1;
	if (left->op != right->op)
		return left->op < right->op ? -1 : 1;
	if (left->value != right->value)
		return left->value < right->value ? -1 : 1;
	return (left->mask > right->mask) - (left->mask < right->mask);
}

/* FROM as the generator tests it, in *OUT.  On a 64-bit architecture a
 * check on an argument the kernel reads as a narrower type becomes a check
 * on the bits it reads (argwidth_narrow_check): the pivot is then the
 * argument and'ed with those bits, and the filter loads only the low word.
 * Returns false when the check never holds. */
static bool convert_check(const struct rule *rule, const struct arg_check *from, bool narrow,
			  struct check *out, bool *always)
{
	uint64_t top = narrow ? UINT32_MAX : UINT64_MAX;
	enum arg_width width = narrow ? ARG_WIDE : argwidth_of(rule->syscall, from->index);
	struct arg_check low;
	bool masked;

	*always = false;
	if (width != ARG_WIDE) {
		switch (argwidth_narrow_check(from, width, &low)) {
		case ARGWIDTH_NEVER:
			return false;
		case ARGWIDTH_ALWAYS:
			*always = true;
			return true;
		case ARGWIDTH_CHECK:
			break;
		}
		masked = low.op == OP_MASKED_EQ || low.op == OP_MASKED_NE;
		*out = (struct check){ .index = low.index,
				       .op = low.op,
				       .value = low.value,
				       .mask = masked ? low.mask : argwidth_bits(width) };
		return true;
	}
	masked = from->op == OP_MASKED_EQ || from->op == OP_MASKED_NE;
	*out = (struct check){ .index = from->index,
			       .op = from->op,
			       .value = from->value & top,
			       .mask = masked ? from->mask & top : top };
	if (masked && out->mask == top)
		out->op = from->op == OP_MASKED_EQ ? OP_EQ : OP_NE;
	return true;
}

/* RULE as the generator tests it; false when it can never match. */
static bool convert_rule(const struct rule *rule, bool narrow, struct arg_rule *out)
{
	*out = (struct arg_rule){ .action = action_to_seccomp(rule->action),
				  .severity = action_severity(rule->action),
				  .sequence = rule->sequence };
	for (unsigned i = 0; i < rule->arg_count; i++) {
		bool always;

		if (!convert_check(rule, &rule->args[i], narrow, &out->checks[out->check_count],
				   &always))
			return false;
		if (!always)
			out->check_count++;
	}
	qsort(out->checks, out->check_count, sizeof(out->checks[0]), compare_checks);
	return true;
}

/* policy_decide_width() lets the most restrictive matching rule win:
 * tested in that order, the first rule that matches decides. */
static int compare_severity(const void *a, const void *b)
{
	const struct arg_rule *left = a, *right = b;

	if (left->severity != right->severity)
		return left->severity < right->severity ? -1 : 1;
	return (left->sequence > right->sequence) - (left->sequence < right->sequence);
}

/* The values of the pivot (the argument and'ed with CHECK's mask) for
 * which CHECK holds: up to two ranges, [LOW[i], HIGH[i]]. */
static size_t holding_ranges(const struct check *check, uint64_t top, uint64_t low[2],
			     uint64_t high[2])
{
	uint64_t value = check->value;
	size_t count = 0;

	switch (check->op) {
	case OP_EQ:
	case OP_MASKED_EQ:
		low[count] = value;
		high[count++] = value;
		break;
	case OP_NE:
	case OP_MASKED_NE:
	case OP_LT:
		if (value > 0) {
			low[count] = 0;
			high[count++] = value - 1;
		}
		if (check->op != OP_LT && value < top) {
			low[count] = value + 1;
			high[count++] = top;
		}
		break;
	case OP_LE:
		low[count] = 0;
		high[count++] = value;
		break;
	case OP_GT:
	case OP_GE:
		if (check->op == OP_GE || value < top) {
			low[count] = check->op == OP_GE ? value : value + 1;
			high[count++] = top;
		}
		break;
	}
	return count;
}

/* Of ENTRY's remaining checks, the one on PIVOT as a bit, or 0. */
static unsigned pivot_bit(const struct entry *entry, struct pivot pivot)
{
	for (unsigned i = 0; i < entry->rule->check_count; i++) {
		const struct check *check = &entry->rule->checks[i];

		if ((entry->remaining & (1u << i)) && check->index == pivot.index &&
		    check->mask == pivot.mask)
			return 1u << i;
	}
	return 0;
}

static bool same_entry(const struct entry *a, const struct entry *b)
{
	unsigned i = 0, j = 0;

	if (a->rule == b->rule && a->remaining == b->remaining)
		return true;
	if (a->rule->action != b->rule->action)
		return false;
	for (;;) {
		while (i < a->rule->check_count && !(a->remaining & (1u << i)))
			i++;
		while (j < b->rule->check_count && !(b->remaining & (1u << j)))
			j++;
		if (i == a->rule->check_count || j == b->rule->check_count)
			return i == a->rule->check_count && j == b->rule->check_count;
		if (compare_checks(&a->rule->checks[i++], &b->rule->checks[j++]) != 0)
			return false;
	}
}

static bool same_entries(const struct entry *a, size_t a_count, const struct entry *b,
			 size_t b_count)
{
	if (a_count != b_count)
		return false;
	for (size_t i = 0; i < a_count; i++)
		if (!same_entry(&a[i], &b[i]))
			return false;
	return true;
}

static int compare_values(const void *a, const void *b)
{
	uint64_t left = *(const uint64_t *)a, right = *(const uint64_t *)b;

	return (left > right) - (left < right);
}

/* Sorts VALUES and keeps each once; returns how many are left. */
static size_t sort_unique(uint64_t *values, size_t count)
{
	size_t kept = 0;

	qsort(values, count, sizeof(*values), compare_values);
	for (size_t i = 0; i < count; i++)
		if (kept == 0 || values[kept - 1] != values[i])
			values[kept++] = values[i];
	return kept;
}

#define PIVOTS_MAX 32

struct pivot_use {
	struct pivot pivot;
	size_t rules;	 /* entries with a check on it */
	size_t distinct; /* distinct values checked */
};

static size_t distinct_values(const struct entry *entries, size_t count, struct pivot pivot)
{
	uint64_t *values = malloc(count * sizeof(*values));
	size_t found = 0;

	if (!values)
		return 0;
	for (size_t i = 0; i < count; i++) {
		unsigned bit = pivot_bit(&entries[i], pivot);

		if (bit)
			values[found++] = entries[i].rule->checks[__builtin_ctz(bit)].value;
	}
	found = sort_unique(values, found);
	free(values);
	return found;
}

/* The argument to split on: the one most rules check, so that most checks
 * are made once for all; among those, the one with more distinct values,
 * whose ranges then lead to fewer, shared decisions on the others. */
static struct pivot choose_pivot(const struct entry *entries, size_t count)
{
	/* build_rules() calls this only with a check left to make, so there
	 * is at least one use. */
	struct pivot_use uses[PIVOTS_MAX] = { 0 };
	size_t use_count = 0, best = 0;

	for (size_t i = 0; i < count; i++)
		for (unsigned c = 0; c < entries[i].rule->check_count; c++) {
			const struct check *check = &entries[i].rule->checks[c];
			size_t u = 0;

			if (!(entries[i].remaining & (1u << c)))
				continue;
			while (u < use_count && (uses[u].pivot.index != check->index ||
						 uses[u].pivot.mask != check->mask))
				u++;
			if (u == use_count && use_count == PIVOTS_MAX)
				continue;
			if (u == use_count)
				uses[use_count++] =
					(struct pivot_use){ { check->index, check->mask }, 0, 0 };
			uses[u].rules++;
		}
	for (size_t u = 1; u < use_count; u++) {
		if (uses[u].rules < uses[best].rules)
			continue;
		if (uses[u].rules == uses[best].rules) {
			if (!uses[best].distinct)
				uses[best].distinct =
					distinct_values(entries, count, uses[best].pivot);
			uses[u].distinct = distinct_values(entries, count, uses[u].pivot);
			if (uses[u].distinct <= uses[best].distinct)
				continue;
		}
		best = u;
	}
	return uses[best].pivot;
}

static decision_t build_rules(struct builder *builder, struct entry *entries, size_t count);

/* Where each entry holds on the pivot, as events over the ranges between
 * boundaries: an entry becomes active at a range's index and stops at
 * another.  An entry that does not check the pivot holds everywhere. */
struct event {
	size_t at;
	size_t entry;
	bool on;
};

static int compare_events(const void *a, const void *b)
{
	const struct event *left = a, *right = b;

	return (left->at > right->at) - (left->at < right->at);
}

static size_t index_of(const uint64_t *starts, size_t count, uint64_t value)
{
	size_t low = 0, high = count;

	while (high - low > 1) {
		size_t middle = low + (high - low) / 2;

		if (starts[middle] <= value)
			low = middle;
		else
			high = middle;
	}
	return low;
}

/* The pivot's boundaries (STARTS, ascending from 0) and the events. */
static bool find_ranges(struct builder *builder, const struct entry *entries, size_t count,
			const unsigned *bits, uint64_t **starts, size_t *start_count,
			struct event **events, size_t *event_count)
{
	uint64_t low[2], high[2];

	*starts = malloc((4 * count + 1) * sizeof(**starts));
	*events = malloc(4 * count * sizeof(**events));
	*start_count = *event_count = 0;
	if (!*starts || !*events)
		return false;
	(*starts)[(*start_count)++] = 0;
	for (size_t i = 0; i < count; i++) {
		size_t ranges;

		if (!bits[i])
			continue;
		ranges = holding_ranges(&entries[i].rule->checks[__builtin_ctz(bits[i])],
					builder->top, low, high);
		for (size_t r = 0; r < ranges; r++) {
			(*starts)[(*start_count)++] = low[r];
			if (high[r] < builder->top)
				(*starts)[(*start_count)++] = high[r] + 1;
		}
	}
	*start_count = sort_unique(*starts, *start_count);
	for (size_t i = 0; i < count; i++) {
		size_t ranges =
			bits[i] ? holding_ranges(&entries[i].rule->checks[__builtin_ctz(bits[i])],
						 builder->top, low, high)
				: 1;

		if (!bits[i]) {
			low[0] = 0;
			high[0] = builder->top;
		}
		for (size_t r = 0; r < ranges; r++) {
			(*events)[(*event_count)++] =
				(struct event){ index_of(*starts, *start_count, low[r]), i, true };
			if (high[r] < builder->top)
				(*events)[(*event_count)++] = (struct event){
					index_of(*starts, *start_count, high[r] + 1), i, false
				};
		}
	}
	qsort(*events, *event_count, sizeof(**events), compare_events);
	return true;
}

/* A pass over the pivot's ranges in ascending order, keeping the set of
 * entries that hold in the current one. */
struct sweep {
	const struct entry *entries;
	const unsigned *bits; /* each entry's check on the pivot, or 0 */
	uint64_t *active;     /* a bit per entry */
	size_t words;
	const struct event *events;
	size_t event_count, next_event;
};

/* The entries active in range K, in order, up to the first that needs
 * nothing more (it always matches there: the rest cannot decide), without
 * their check on the pivot. */
static size_t entries_in_range(struct builder *builder, struct sweep *sweep, size_t k,
			       struct entry *out)
{
	size_t count = 0;

	for (; sweep->next_event < sweep->event_count && sweep->events[sweep->next_event].at == k;
	     sweep->next_event++) {
		size_t i = sweep->events[sweep->next_event].entry;

		if (sweep->events[sweep->next_event].on)
			sweep->active[i / 64] |= 1ull << (i % 64);
		else
			sweep->active[i / 64] &= ~(1ull << (i % 64));
	}
	builder->work += sweep->words;
	for (size_t w = 0; w < sweep->words; w++)
		for (uint64_t word = sweep->active[w]; word; word &= word - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(word);

			out[count].rule = sweep->entries[i].rule;
			out[count].remaining = sweep->entries[i].remaining & ~sweep->bits[i];
			builder->work++;
			if (out[count++].remaining == 0)
				return count;
		}
	return count;
}

struct split {
	uint64_t *starts; /* of the pivot's ranges */
	decision_t *targets;
	size_t count;
};

/* Over each range of the pivot's values, the entries that hold there;
 * equal neighbours are merged before their decision is built.  CURRENT and
 * CANDIDATE have room for every entry. */
static void split_ranges(struct builder *builder, struct sweep *sweep, const uint64_t *starts,
			 size_t start_count, struct entry *current, struct entry *candidate,
			 struct split *split)
{
	size_t current_count = 0, current_start = 0;

	for (size_t k = 0; k < start_count && !builder->over_budget; k++) {
		size_t candidate_count = entries_in_range(builder, sweep, k, candidate);
		struct entry *swap;

		builder->over_budget = builder->work > builder->budget;
		if (k > 0 && same_entries(current, current_count, candidate, candidate_count))
			continue;
		if (k > 0) {
			split->starts[split->count] = starts[current_start];
			split->targets[split->count++] =
				build_rules(builder, current, current_count);
		}
		swap = current;
		current = candidate;
		candidate = swap;
		current_count = candidate_count;
		current_start = k;
	}
	split->starts[split->count] = starts[current_start];
	split->targets[split->count++] = build_rules(builder, current, current_count);
}

/* Splits ENTRIES on PIVOT: one search over the pivot's ranges, each going
 * on to the decision among the entries that hold there, without that
 * check.  Returns the default decision when the work budget ran out (the
 * caller then writes a chain instead). */
static decision_t split_on(struct builder *builder, const struct entry *entries, size_t count,
			   struct pivot pivot)
{
	struct sweep sweep = { .entries = entries, .words = (count + 63) / 64 };
	unsigned *bits = malloc(count * sizeof(*bits));
	struct entry *current = malloc(count * sizeof(*current));
	struct entry *candidate = malloc(count * sizeof(*candidate));
	struct split split = { 0 };
	struct event *events = NULL;
	uint64_t *starts = NULL;
	size_t start_count = 0;
	decision_t result = DECISION_FAILED;

	sweep.active = calloc(sweep.words, sizeof(*sweep.active));
	if (!bits || !sweep.active || !current || !candidate)
		goto done;
	for (size_t i = 0; i < count; i++)
		bits[i] = pivot_bit(&entries[i], pivot);
	sweep.bits = bits;
	if (!find_ranges(builder, entries, count, bits, &starts, &start_count, &events,
			 &sweep.event_count))
		goto done;
	sweep.events = events;
	split.starts = malloc(start_count * sizeof(*split.starts));
	split.targets = malloc(start_count * sizeof(*split.targets));
	if (!split.starts || !split.targets)
		goto done;
	split_ranges(builder, &sweep, starts, start_count, current, candidate, &split);
	result = decision_ranges64(builder->generator->graph, pivot.index, pivot.mask,
				   builder->narrow, split.count, split.starts, split.targets);
done:
	free(bits);
	free(sweep.active);
	free(starts);
	free(events);
	free(current);
	free(candidate);
	free(split.starts);
	free(split.targets);
	if (builder->over_budget)
		return builder->generator->default_action;
	return result == DECISION_FAILED ? decision_failed(builder->generator->graph) : result;
}

static uint64_t entries_hash(const struct entry *entries, size_t count)
{
	uint64_t hash = HASH_FNV1A_START;

	for (size_t i = 0; i < count; i++) {
		hash = hash_fnv1a(hash, &entries[i].rule, sizeof(entries[i].rule));
		hash = hash_fnv1a(hash, &entries[i].remaining, sizeof(entries[i].remaining));
	}
	return hash;
}

/* The slot of ENTRIES' memo, or of the empty slot where it would go. */
static size_t memo_slot(const struct builder *builder, const struct entry *entries, size_t count,
			uint64_t hash)
{
	size_t slot = hash & (builder->slot_count - 1);

	for (; builder->slots[slot]; slot = (slot + 1) & (builder->slot_count - 1)) {
		const struct memo *memo = &builder->memos[builder->slots[slot] - 1];
		const struct entry *keys = &builder->keys[memo->first];
		size_t i = 0;

		if (memo->hash != hash || memo->count != count)
			continue;
		while (i < count && keys[i].rule == entries[i].rule &&
		       keys[i].remaining == entries[i].remaining)
			i++;
		if (i == count)
			break;
	}
	return slot;
}

static int memo_rehash(struct builder *builder, size_t slot_count)
{
	size_t *slots = calloc(slot_count, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	free(builder->slots);
	builder->slots = slots;
	builder->slot_count = slot_count;
	for (size_t m = 0; m < builder->memo_count; m++) {
		const struct memo *memo = &builder->memos[m];

		slots[memo_slot(builder, &builder->keys[memo->first], memo->count, memo->hash)] =
			m + 1;
	}
	return 0;
}

/* The decision built before for ENTRIES, or DECISION_FAILED. */
static decision_t memo_find(struct builder *builder, const struct entry *entries, size_t count,
			    uint64_t hash)
{
	size_t slot;

	builder->work += count;
	if (builder->slot_count == 0)
		return DECISION_FAILED;
	slot = memo_slot(builder, entries, count, hash);
	return builder->slots[slot] ? builder->memos[builder->slots[slot] - 1].decision
				    : DECISION_FAILED;
}

/* Remembers DECISION for ENTRIES.  Only a cache: when memory is short,
 * nothing is remembered and the decision is built again when needed. */
static void memo_add(struct builder *builder, const struct entry *entries, size_t count,
		     uint64_t hash, decision_t decision)
{
	if (2 * (builder->memo_count + 1) > builder->slot_count &&
	    memo_rehash(builder, builder->slot_count ? 2 * builder->slot_count : 64) < 0)
		return;
	while (builder->key_count + count > builder->key_capacity)
		if (GROW(builder->keys, builder->key_capacity, builder->key_capacity, 256) < 0)
			return;
	if (GROW(builder->memos, builder->memo_count, builder->memo_capacity, 64) < 0)
		return;
	memcpy(&builder->keys[builder->key_count], entries, count * sizeof(*entries));
	builder->memos[builder->memo_count] =
		(struct memo){ hash, builder->key_count, count, decision };
	builder->key_count += count;
	builder->slots[memo_slot(builder, entries, count, hash)] = ++builder->memo_count;
}

static void memo_free(struct builder *builder)
{
	free(builder->memos);
	free(builder->keys);
	free(builder->slots);
}

/* The decision among ENTRIES (most restrictive first): the first whose
 * remaining checks all hold gives its action, none the default.  Each
 * split makes one argument's checks for all entries at once, as a search
 * over that argument's ranges; the entries that hold in a range go on to
 * their other checks.  ENTRIES may be cut short here. */
static decision_t build_rules(struct builder *builder, struct entry *entries, size_t count)
{
	struct decision_graph *graph = builder->generator->graph;
	decision_t result;
	uint64_t hash;

	for (size_t i = 0; i < count; i++)
		if (entries[i].remaining == 0) {
			count = i + 1; /* it always matches: later ones never decide */
			break;
		}
	/* Falling through to the default does the same. */
	while (count > 0 && entries[count - 1].rule->action == builder->generator->default_value)
		count--;
	if (count == 0)
		return builder->generator->default_action;
	if (entries[0].remaining == 0)
		return decision_return(graph, entries[0].rule->action);
	if (builder->over_budget)
		return builder->generator->default_action;
	hash = entries_hash(entries, count);
	result = memo_find(builder, entries, count, hash);
	if (result != DECISION_FAILED)
		return result;
	result = split_on(builder, entries, count, choose_pivot(entries, count));
	if (!builder->over_budget && result != DECISION_FAILED)
		memo_add(builder, entries, count, hash, result);
	return result;
}

/* CHECK alone: YES where it holds, NO elsewhere. */
static decision_t check_decision(struct builder *builder, const struct check *check, decision_t yes,
				 decision_t no)
{
	uint64_t low[2], high[2], starts[5], position = 0;
	decision_t targets[5];
	size_t ranges = holding_ranges(check, builder->top, low, high), count = 0;
	bool to_the_top = false;

	for (size_t r = 0; r < ranges; r++) {
		if (low[r] > position) {
			starts[count] = position;
			targets[count++] = no;
		}
		starts[count] = low[r];
		targets[count++] = yes;
		to_the_top = high[r] == builder->top;
		position = high[r] + 1;
	}
	if (!to_the_top) {
		starts[count] = position;
		targets[count++] = no;
	}
	return decision_ranges64(builder->generator->graph, check->index, check->mask,
				 builder->narrow, count, starts, targets);
}

/* The rules one after another, each check by itself: what a syscall's
 * rules are written as where splitting them ran out of its work budget or
 * came out larger.  Its size is the sum of the checks, whatever they are. */
static decision_t build_chain(struct builder *builder, const struct arg_rule *rules, size_t count)
{
	struct decision_graph *graph = builder->generator->graph;
	decision_t next = builder->generator->default_action;

	for (size_t i = count; i-- > 0;) {
		decision_t node;

		if (rules[i].action == builder->generator->default_value &&
		    next == builder->generator->default_action)
			continue;
		node = decision_return(graph, rules[i].action);
		for (unsigned c = rules[i].check_count; c-- > 0;)
			node = check_decision(builder, &rules[i].checks[c], node, next);
		next = node;
	}
	return next;
}

static size_t chain_size(const struct builder *builder, const struct arg_rule *rules, size_t count)
{
	size_t checks = 0;

	for (size_t i = 0; i < count; i++)
		checks += rules[i].check_count;
	return checks * (builder->narrow ? CHAIN_CHECK_NARROW : CHAIN_CHECK_WIDE);
}

/* The decision for one syscall number from RULES, the policy's rules for
 * the name (or names) that have that number. */
static decision_t syscall_decision(struct generator *generator, const struct rule *const *rules,
				   size_t count, bool narrow)
{
	struct builder builder = {
		.generator = generator,
		.narrow = narrow,
		.top = narrow ? UINT32_MAX : UINT64_MAX,
		.budget = generator->work < WORK_IN_ALL ? WORK_IN_ALL - generator->work : 0,
	};
	struct arg_rule *converted = malloc(count * sizeof(*converted));
	struct entry *entries = malloc(count * sizeof(*entries));
	decision_t result = DECISION_FAILED;
	size_t kept = 0;

	if (builder.budget > WORK_PER_SYSCALL)
		builder.budget = WORK_PER_SYSCALL;
	if (converted && entries) {
		for (size_t i = 0; i < count; i++)
			if (convert_rule(rules[i], narrow, &converted[kept]))
				kept++;
		count = kept;
		qsort(converted, count, sizeof(*converted), compare_severity);
		for (size_t i = 0; i < count; i++)
			entries[i] = (struct entry){ &converted[i],
						     (1u << converted[i].check_count) - 1 };
		result = build_rules(&builder, entries, count);
		/* Splitting on one argument copies the rules that do not check
		 * it into every range: where that made the decision larger
		 * than the plain chain, or took too long, the chain it is. */
		if (builder.over_budget || decision_size(generator->graph, result) >
						   chain_size(&builder, converted, count))
			result = build_chain(&builder, converted, count);
		generator->work += builder.work;
	}
	memo_free(&builder);
	free(converted);
	free(entries);
	return result == DECISION_FAILED ? decision_failed(generator->graph) : result;
}

/* ---- syscall numbers -------------------------------------------------------- */

/* A rule under the number its syscall has on one architecture. */
struct numbered {
	uint32_t number;
	bool narrow;
	const struct rule *rule;
};

/* A syscall number and its decision. */
struct named {
	uint32_t number;
	decision_t decision;
	unsigned first_sequence; /* where the policy first names it */
};

struct section {
	struct numbered *rules;
	size_t rule_count, rule_capacity;
	struct named *named;
	size_t named_count;
	bool failed;
};

static int compare_numbered(const void *a, const void *b)
{
	const struct numbered *left = a, *right = b;

	if (left->number != right->number)
		return left->number < right->number ? -1 : 1;
	return (left->rule->sequence > right->rule->sequence) -
	       (left->rule->sequence < right->rule->sequence);
}

/* libseccomp's pseudo-numbers for the socket (-101 …) and IPC (-201 …)
 * calls of the architectures it multiplexes. */
#define MULTIPLEXED_PSEUDO_HIGHEST (-101)
#define MULTIPLEXED_PSEUDO_LOWEST  (-299)
/* Numbers scanned past an architecture's first (mips o32 starts at 4000). */
#define DIRECT_SCAN 1024

/* NAME's direct number on TOKEN from libseccomp's own table, where the
 * generated tables (sysnames) do not cover the architecture (s390, ppc,
 * mips): a scan of its numbers, run only for a multiplexed call. */
static int direct_number(uint32_t token, const char *name)
{
	int first = seccomp_syscall_resolve_name_arch(token, "read");

	if (first < 0)
		return -1;
	first -= first % 1000; /* 0, or 4000, 5000, 6000 on mips */
	for (int number = first; number < first + DIRECT_SCAN; number++) {
		char *known = seccomp_syscall_resolve_num_arch(token, number);
		bool same = known && strcmp(known, name) == 0;

		free(known);
		if (same)
			return number;
	}
	return -1;
}

int generate_syscall_number(uint32_t token, const char *name)
{
	int number = seccomp_syscall_resolve_name_arch(token, name);

	if (number >= 0)
		return number;
	if (number > MULTIPLEXED_PSEUDO_HIGHEST || number < MULTIPLEXED_PSEUDO_LOWEST)
		return -1;
	if (sysnames_arch(audit_arch(token), token == SCMP_ARCH_X32 ? (int32_t)X32_SYSCALL_BIT : 0))
		return sysnames_number(audit_arch(token),
				       token == SCMP_ARCH_X32 ? X32_SYSCALL_BIT : 0, name);
	return direct_number(token, name);
}

/* Every rule whose syscall exists on TOKEN, under its number there. */
static void number_rules(struct generator *generator, uint32_t token, struct section *section)
{
	const struct policy *policy = generator->policy;
	int number = -1;

	for (size_t i = 0; i < policy->rule_count; i++) {
		const struct rule *rule = &policy->rules[i];

		/* The rules are sorted by name: resolve each name once. */
		if (i == 0 || strcmp(rule->syscall, policy->rules[i - 1].syscall) != 0)
			number = generate_syscall_number(token, rule->syscall);
		if (number < 0)
			continue;
		if (GROW(section->rules, section->rule_count, section->rule_capacity, 64) < 0) {
			section->failed = true;
			return;
		}
		section->rules[section->rule_count++] =
			(struct numbered){ (uint32_t)number, narrow_arguments(token), rule };
	}
}

/* The decision of every number that has rules, but those that only give
 * the default. */
static void decide_numbers(struct generator *generator, struct section *section)
{
	const struct rule **rules;

	if (section->rule_count == 0)
		return;
	rules = malloc(section->rule_count * sizeof(*rules));
	section->named = calloc(section->rule_count, sizeof(*section->named));
	if (!rules || !section->named) {
		section->failed = true;
		free(rules);
		return;
	}
	qsort(section->rules, section->rule_count, sizeof(*section->rules), compare_numbered);
	for (size_t first = 0, end; first < section->rule_count; first = end) {
		const struct numbered *numbered = &section->rules[first];
		unsigned sequence = numbered->rule->sequence;
		decision_t decision;

		for (end = first;
		     end < section->rule_count && section->rules[end].number == numbered->number;
		     end++) {
			rules[end - first] = section->rules[end].rule;
			if (section->rules[end].rule->sequence < sequence)
				sequence = section->rules[end].rule->sequence;
		}
		decision = syscall_decision(generator, rules, end - first, numbered->narrow);
		if (decision != generator->default_action)
			section->named[section->named_count++] =
				(struct named){ numbered->number, decision, sequence };
	}
	free(rules);
}

/* Numbers that belong to no listed ABI.  On x86-64 without x32, those with
 * the x32 bit meet bad_arch_action (but -1, a tracer's skip, gets the
 * default); with x32 alone, the x86-64 numbers do.  As libseccomp does. */
static size_t number_zones(const struct generator *generator, bool x86_64, bool x32,
			   uint32_t starts[3], decision_t targets[3])
{
	decision_t bad = decision_return(generator->graph,
					 action_to_seccomp(generator->policy->bad_arch_action));

	if (x86_64 && !x32) {
		starts[0] = 0;
		targets[0] = generator->default_action;
		starts[1] = X32_SYSCALL_BIT;
		targets[1] = bad;
		starts[2] = UINT32_MAX;
		targets[2] = generator->default_action;
		return 3;
	}
	if (x32 && !x86_64) {
		starts[0] = 0;
		targets[0] = bad;
		starts[1] = X32_SYSCALL_BIT;
		targets[1] = generator->default_action;
		return 2;
	}
	starts[0] = 0;
	targets[0] = generator->default_action;
	return 1;
}

/* The decision of NUMBER: its own, or its zone's. */
static decision_t decision_at(const struct section *section, const uint32_t *zone_starts,
			      const decision_t *zone_targets, size_t zone_count, uint32_t number)
{
	size_t low = 0, high = section->named_count, zone = zone_count - 1;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (section->named[middle].number == number)
			return section->named[middle].decision;
		if (section->named[middle].number < number)
			low = middle + 1;
		else
			high = middle;
	}
	while (zone_starts[zone] > number)
		zone--;
	return zone_targets[zone];
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t left = *(const uint32_t *)a, right = *(const uint32_t *)b;

	return (left > right) - (left < right);
}

/* optimize = "tree": a search over the ranges of numbers that share a
 * decision, every named number and the one after it being a boundary. */
static decision_t number_tree(struct generator *generator, const struct section *section,
			      const uint32_t *zone_starts, const decision_t *zone_targets,
			      size_t zone_count)
{
	size_t most = 2 * section->named_count + zone_count, count = 0, kept = 0;
	uint32_t *starts = malloc(most * sizeof(*starts));
	decision_t *targets = malloc(most * sizeof(*targets)), result = DECISION_FAILED;

	if (starts && targets) {
		memcpy(starts, zone_starts, zone_count * sizeof(*starts));
		count = zone_count;
		for (size_t i = 0; i < section->named_count; i++) {
			starts[count++] = section->named[i].number;
			if (section->named[i].number < UINT32_MAX)
				starts[count++] = section->named[i].number + 1;
		}
		qsort(starts, count, sizeof(*starts), compare_u32);
		for (size_t i = 0; i < count; i++)
			if (kept == 0 || starts[kept - 1] != starts[i])
				starts[kept++] = starts[i];
		for (size_t i = 0; i < kept; i++)
			targets[i] = decision_at(section, zone_starts, zone_targets, zone_count,
						 starts[i]);
		result = decision_ranges(generator->graph, offsetof(struct seccomp_data, nr),
					 DECISION_WHOLE_WORD, kept, starts, targets);
	}
	free(starts);
	free(targets);
	return result == DECISION_FAILED ? decision_failed(generator->graph) : result;
}

static int compare_first_named(const void *a, const void *b)
{
	const struct named *left = a, *right = b;

	if (left->first_sequence != right->first_sequence)
		return left->first_sequence < right->first_sequence ? -1 : 1;
	return (left->number > right->number) - (left->number < right->number);
}

/* optimize = "priority": one JEQ per syscall, in the order the policy first
 * names them, so that the calls named first are decided first; then the
 * zones. */
static decision_t number_list(struct generator *generator, struct section *section,
			      const uint32_t *zone_starts, const decision_t *zone_targets,
			      size_t zone_count)
{
	uint32_t *numbers = malloc((section->named_count + 1) * sizeof(*numbers));
	decision_t *decisions = malloc((section->named_count + 1) * sizeof(*decisions));
	decision_t zones, result = DECISION_FAILED;

	zones = decision_ranges(generator->graph, offsetof(struct seccomp_data, nr),
				DECISION_WHOLE_WORD, zone_count, zone_starts, zone_targets);
	if (numbers && decisions) {
		if (section->named_count)
			qsort(section->named, section->named_count, sizeof(*section->named),
			      compare_first_named);
		for (size_t i = 0; i < section->named_count; i++) {
			numbers[i] = section->named[i].number;
			decisions[i] = section->named[i].decision;
		}
		result = decision_list(generator->graph, offsetof(struct seccomp_data, nr),
				       section->named_count, numbers, decisions, zones);
	}
	free(numbers);
	free(decisions);
	return result == DECISION_FAILED ? decision_failed(generator->graph) : result;
}

/* Everything a call with arch value AUDIT meets: the listed ABIs that
 * share it (x86-64 and x32) in one section of numbers. */
static decision_t build_section(struct generator *generator, uint32_t audit)
{
	struct section section = { 0 };
	uint32_t zone_starts[3];
	decision_t zone_targets[3], result = DECISION_FAILED;
	bool x86_64 = false, x32 = false;
	size_t zone_count;

	for (size_t i = 0; i < generator->arch_count; i++) {
		if (audit_arch(generator->arches[i]) != audit)
			continue;
		x86_64 = x86_64 || generator->arches[i] == SCMP_ARCH_X86_64;
		x32 = x32 || generator->arches[i] == SCMP_ARCH_X32;
		number_rules(generator, generator->arches[i], &section);
	}
	if (!section.failed)
		decide_numbers(generator, &section);
	if (!section.failed) {
		zone_count = number_zones(generator, x86_64, x32, zone_starts, zone_targets);
		result = generator->policy->optimize == OPTIMIZE_PRIORITY
				 ? number_list(generator, &section, zone_starts, zone_targets,
					       zone_count)
				 : number_tree(generator, &section, zone_starts, zone_targets,
					       zone_count);
	}
	free(section.rules);
	free(section.named);
	return result == DECISION_FAILED ? decision_failed(generator->graph) : result;
}

/* The architecture first: a JEQ per listed arch value, in the policy's
 * order, then bad_arch_action. */
static decision_t build_root(struct generator *generator)
{
	uint32_t values[POLICY_MAX_ARCHES];
	decision_t sections[POLICY_MAX_ARCHES];
	size_t count = 0;

	for (size_t i = 0; i < generator->arch_count && i < POLICY_MAX_ARCHES; i++) {
		uint32_t audit = audit_arch(generator->arches[i]);
		bool seen = false;

		for (size_t j = 0; j < count; j++)
			seen = seen || values[j] == audit;
		if (seen)
			continue;
		values[count] = audit;
		sections[count++] = build_section(generator, audit);
	}
	return decision_list(
		generator->graph, offsetof(struct seccomp_data, arch), count, values, sections,
		decision_return(generator->graph,
				action_to_seccomp(generator->policy->bad_arch_action)));
}

int generate_program(const struct policy *policy, const uint32_t *arches, size_t count,
		     size_t limit, struct sock_filter **program, size_t *length,
		     struct diag_list *diags)
{
	struct generator generator = { .policy = policy,
				       .arches = arches,
				       .arch_count = count,
				       .graph = decision_graph_new(),
				       .default_value = action_to_seccomp(policy->default_action) };
	decision_t root;
	int result = -ENOMEM;

	if (generator.graph) {
		generator.default_action =
			decision_return(generator.graph, generator.default_value);
		root = build_root(&generator);
		result = decision_emit(generator.graph, root, limit, program, length);
	}
	if (result == -E2BIG)
		diag_error(diags, policy->files[0], 0,
			   "the policy does not fit in a seccomp filter: its program needs more "
			   "than %zu instructions (the kernel takes %d, and preseal keeps %zu for "
			   "its own checks); use fewer argument rules, or values that form ranges",
			   limit, BPF_MAXINSNS, (size_t)BPF_MAXINSNS - limit);
	else if (result < 0)
		diag_error(diags, NULL, 0, "out of memory");
	decision_graph_free(generator.graph);
	return result;
}
