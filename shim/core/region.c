/* region: sets of seccomp_data inputs and an exact test for emptiness.
 *
 * Whether some 32-bit value meets a conjunction of (word & mask) OP value
 * constraints is decided by a search over its bits from the top: a
 * constraint compares the masked word with its value the way a number is
 * compared, by the first bit where they differ, so once that bit is chosen
 * it holds or fails for good, and until then it is still "equal so far".
 * A state of the search is the bit reached and the set of constraints still
 * equal so far; states that led nowhere are remembered, so no state is
 * searched twice.  Values are tried 0 first, so the first found is the
 * smallest.  Every state costs a step of the region's budget.
 */
#include "region.h"

#include <stdlib.h>
#include <string.h>

/* Slots for remembered dead states (half of them may fill). */
#define REGION_TABLE_SIZE 4096

struct word_constraint word_constraint_negate(struct word_constraint c)
{
	static const enum word_op opposite[] = {
		[WORD_EQ] = WORD_NE, [WORD_NE] = WORD_EQ, [WORD_LT] = WORD_GE,
		[WORD_LE] = WORD_GT, [WORD_GT] = WORD_LE, [WORD_GE] = WORD_LT,
	};

	c.op = opposite[c.op];
	return c;
}

/* Whether OP accepts a masked word that is below (-1), equal to (0) or
 * above (1) the value. */
static bool op_accepts(enum word_op op, int order)
{
	switch (op) {
	case WORD_EQ:
		return order == 0;
	case WORD_NE:
		return order != 0;
	case WORD_LT:
		return order < 0;
	case WORD_LE:
		return order <= 0;
	case WORD_GT:
		return order > 0;
	case WORD_GE:
		return order >= 0;
	}
	return false;
}

bool word_constraint_holds(const struct word_constraint *c, uint32_t word)
{
	uint32_t masked = word & c->mask;

	return op_accepts(c->op, masked < c->value ? -1 : masked > c->value ? 1 : 0);
}

int region_push(struct region *region, struct word_constraint c)
{
	if (region->count == region->capacity) {
		size_t capacity = region->capacity ? region->capacity * 2 : 64;
		struct word_constraint *items =
			realloc(region->items, capacity * sizeof(*region->items));

		if (!items)
			return REGION_NO_MEMORY;
		region->items = items;
		region->capacity = capacity;
	}
	c.replaced = region->version[c.word];
	c.fixed_before = region->fixed[c.word];
	c.bits_before = region->bits[c.word];
	if (c.op == WORD_EQ) {
		region->fixed[c.word] |= c.mask;
		region->bits[c.word] = (region->bits[c.word] & ~c.mask) | (c.value & c.mask);
	}
	region->version[c.word] = ++region->clock;
	/* The smallest value that met the others and meets C is still the smallest. */
	if (region->found_at[c.word] == c.replaced &&
	    word_constraint_holds(&c, c.replaced ? region->found[c.word] : 0)) {
		region->found[c.word] = c.replaced ? region->found[c.word] : 0;
		region->found_at[c.word] = region->version[c.word];
	}
	region->items[region->count++] = c;
	return 0;
}

void region_truncate(struct region *region, size_t count)
{
	while (region->count > count) {
		const struct word_constraint *c = &region->items[--region->count];

		region->version[c->word] = c->replaced;
		region->fixed[c->word] = c->fixed_before;
		region->bits[c->word] = c->bits_before;
	}
}

void region_free(struct region *region)
{
	free(region->items);
	free(region->dead);
	free(region->table);
	memset(region, 0, sizeof(*region));
}

/* One search: the constraints on one word, and per bit reached the set of
 * those still equal so far (one bit each, SET_WORDS uint64_t per set). */
struct search {
	struct region *region;
	const struct word_constraint *on;
	size_t count;
	size_t set_words;
	uint64_t *sets; /* 33 sets: the one entering bit 31, 30, …, 0, and past bit 0 */
	size_t *lists;	/* the same sets as lists of indices, COUNT slots per level */
	size_t lengths[33];
	size_t table_size;
	size_t dead_states;
	uint32_t value;
};

static uint64_t *set_at(const struct search *search, int level)
{
	return search->sets + (size_t)level * search->set_words;
}

static size_t state_hash(const struct search *search, int level)
{
	const uint64_t *set = set_at(search, level);
	uint64_t hash = 0x9e3779b97f4a7c15ull * (uint64_t)(level + 1);

	for (size_t i = 0; i < search->set_words; i++)
		hash = (hash ^ set[i]) * 0x100000001b3ull;
	return (size_t)(hash ^ (hash >> 29));
}

static bool state_is_dead(const struct search *search, int level)
{
	size_t entry_words = 1 + search->set_words;
	const uint64_t *set = set_at(search, level);

	const struct region *region = search->region;

	for (size_t slot = state_hash(search, level) & (search->table_size - 1);
	     region->table[slot].stamp == region->search_stamp;
	     slot = (slot + 1) & (search->table_size - 1)) {
		const uint64_t *entry = region->dead + region->table[slot].entry * entry_words;

		if (entry[0] == (uint64_t)level &&
		    memcmp(entry + 1, set, search->set_words * sizeof(*set)) == 0)
			return true;
	}
	return false;
}

/* Remembers a dead state; forgetting one for lack of memory only costs time. */
static void remember_dead(struct search *search, int level)
{
	struct region *region = search->region;
	size_t entry_words = 1 + search->set_words;
	size_t slot;

	if (search->dead_states * 2 >= search->table_size)
		return;
	if ((search->dead_states + 1) * entry_words > region->dead_capacity) {
		size_t capacity = region->dead_capacity ? region->dead_capacity * 2 : 1024;
		uint64_t *dead;

		while (capacity < (search->dead_states + 1) * entry_words)
			capacity *= 2;
		dead = realloc(region->dead, capacity * sizeof(*dead));
		if (!dead)
			return;
		region->dead = dead;
		region->dead_capacity = capacity;
	}
	memcpy(region->dead + search->dead_states * entry_words + 1, set_at(search, level),
	       search->set_words * sizeof(uint64_t));
	region->dead[search->dead_states * entry_words] = (uint64_t)level;
	for (slot = state_hash(search, level) & (search->table_size - 1);
	     region->table[slot].stamp == region->search_stamp;
	     slot = (slot + 1) & (search->table_size - 1))
		;
	region->table[slot].stamp = region->search_stamp;
	region->table[slot].entry = search->dead_states++;
}

/* Chooses BIT of the value at LEVEL (bit 31 - LEVEL): fills the next
 * level's set, or returns false when a decided constraint fails. */
static bool choose(struct search *search, int level, uint32_t bit)
{
	const uint64_t *now = set_at(search, level);
	uint64_t *next = set_at(search, level + 1);
	uint32_t position = 1u << (31 - level);

	const size_t *list = search->lists + (size_t)level * search->count;
	size_t *next_list = search->lists + (size_t)(level + 1) * search->count;
	size_t kept = 0;

	memcpy(next, now, search->set_words * sizeof(*next));
	for (size_t n = 0; n < search->lengths[level]; n++) {
		size_t i = list[n];
		const struct word_constraint *c = &search->on[i];
		uint32_t mine = c->mask & position ? bit : 0;
		uint32_t theirs = c->value & position ? 1 : 0;

		if (mine == theirs && (c->mask & (position - 1))) {
			next_list[kept++] = i;
			continue;
		}
		/* No masked bit below: the order is settled here. */
		if (mine == theirs) {
			if (!op_accepts(c->op, c->value & (position - 1) ? -1 : 0))
				return false;
			next[i / 64] &= ~(1ull << (i % 64));
			continue;
		}
		if (!op_accepts(c->op, mine < theirs ? -1 : 1))
			return false;
		next[i / 64] &= ~(1ull << (i % 64));
	}
	search->lengths[level + 1] = kept;
	return true;
}

static bool all_accept_equal(const struct search *search)
{
	const size_t *list = search->lists + 32 * search->count;

	for (size_t n = 0; n < search->lengths[32]; n++)
		if (!op_accepts(search->on[list[n]].op, 0))
			return false;
	return true;
}

/* 1 when some completion of the value's bits above LEVEL meets every
 * constraint, 0 when none does, or REGION_OVER_BUDGET. */
static int search_from(struct search *search, int level)
{
	if (++search->region->steps > search->region->step_limit)
		return REGION_OVER_BUDGET;
	if (level == 32)
		return all_accept_equal(search);
	if (state_is_dead(search, level))
		return 0;
	for (uint32_t bit = 0; bit <= 1; bit++) {
		int found;

		if (!choose(search, level, bit))
			continue;
		found = search_from(search, level + 1);
		if (found < 0)
			return found;
		if (found) {
			search->value |= bit << (31 - level);
			return 1;
		}
	}
	remember_dead(search, level);
	return 0;
}

static int search_word(struct region *region, const struct word_constraint *on, size_t count,
		       uint32_t *value)
{
	struct search search = { .region = region, .on = on, .count = count };
	int found;

	search.set_words = (count + 63) / 64;
	search.table_size = REGION_TABLE_SIZE;
	search.sets = calloc(33 * search.set_words, sizeof(uint64_t));
	search.lists = malloc(33 * count * sizeof(size_t));
	if (!region->table)
		region->table = calloc(REGION_TABLE_SIZE, sizeof(*region->table));
	if (!search.sets || !search.lists || !region->table) {
		free(search.sets);
		free(search.lists);
		return REGION_NO_MEMORY;
	}
	for (size_t i = 0; i < count; i++)
		search.lists[i] = i;
	search.lengths[0] = count;
	region->search_stamp++;
	for (size_t i = 0; i < count; i++)
		search.sets[i / 64] |= 1ull << (i % 64);
	found = search_from(&search, 0);
	free(search.sets);
	free(search.lists);
	if (found == 1)
		*value = search.value;
	return found;
}

/* Settles what the bits that equalities fix decide: 0 when two of them
 * disagree or a constraint on fixed bits only fails, else 1 with those
 * constraints dropped from ON (and *COUNT lowered). */
static int settle_fixed_bits(struct word_constraint *on, size_t *count)
{
	uint32_t fixed = 0, bits = 0;
	size_t kept = 0;

	for (size_t i = 0; i < *count; i++) {
		struct word_constraint *c = &on[i];

		/* A one-bit inequality fixes that bit the other way. */
		if (c->op == WORD_NE && c->mask && !(c->mask & (c->mask - 1)) &&
		    !(c->value & ~c->mask)) {
			c->op = WORD_EQ;
			c->value ^= c->mask;
		}
		if (c->op != WORD_EQ)
			continue;
		if ((c->value & ~c->mask) || ((bits ^ c->value) & fixed & c->mask))
			return 0;
		fixed |= c->mask;
		bits |= c->value;
	}
	for (size_t i = 0; i < *count; i++) {
		if ((on[i].mask & ~fixed) == 0) {
			if (!word_constraint_holds(&on[i], bits))
				return 0;
			continue;
		}
		on[kept++] = on[i];
	}
	/* the equalities were dropped above (their mask is fixed): one for all */
	if (fixed)
		on[kept++] =
			(struct word_constraint){ .op = WORD_EQ, .mask = fixed, .value = bits };
	*count = kept;
	return 1;
}

/* A mask of the word's top bits (0xffffffff, 0xffff0000, 0x80000000…):
 * the masked word equals VALUE exactly on [VALUE, VALUE | ~MASK]. */
static bool top_bits(uint32_t mask)
{
	return mask && ((~mask & (~mask + 1)) == 0);
}

struct span {
	uint32_t from, to;
};

static int compare_spans(const void *a, const void *b)
{
	const struct span *left = a, *right = b;

	return (left->from > right->from) - (left->from < right->from);
}

/* Constraints that compare the whole word, or test its top bits for
 * (in)equality, or that all compare the same low bits of it (what value
 * lists, ranges and sign tests on an argument give) need no search: they
 * leave an interval less some spans.  1 with its smallest point in *VALUE,
 * 0 when it is empty, NOT_AN_INTERVAL when some constraint is of another
 * kind (the search decides). */
#define NOT_AN_INTERVAL 2
static int interval_value(const struct word_constraint *on, size_t count, uint32_t *value)
{
	uint32_t low = 0, high = UINT32_MAX;
	struct span *excluded = NULL;
	size_t excluded_count = 0;
	int found = 1;

	/* All on the same low bits: the smallest word is the smallest value of
	 * those bits, the others 0, and every comparison is on that value. */
	bool low_bits = count > 0 && (on[0].mask & (on[0].mask + 1)) == 0;

	for (size_t i = 0; i < count && low_bits; i++)
		low_bits = on[i].mask == on[0].mask;
	if (low_bits)
		high = on[0].mask;
	for (size_t i = 0; i < count && !low_bits; i++)
		if (!top_bits(on[i].mask) ||
		    (on[i].mask != UINT32_MAX && on[i].op != WORD_EQ && on[i].op != WORD_NE))
			return NOT_AN_INTERVAL;
	for (size_t i = 0; i < count && found; i++) {
		uint32_t v = on[i].value, rest = low_bits ? 0 : ~on[i].mask;

		if (low_bits && (on[i].op == WORD_EQ || on[i].op == WORD_NE) && (v & ~on[i].mask)) {
			found = on[i].op == WORD_NE; /* the masked word never equals it */
			continue;
		}

		switch (on[i].op) {
		case WORD_EQ:
			if (v & rest) {
				found = 0;
				break;
			}
			low = v > low ? v : low;
			high = (v | rest) < high ? (v | rest) : high;
			break;
		case WORD_LT:
			if (v == 0)
				found = 0;
			else if (v - 1 < high)
				high = v - 1;
			break;
		case WORD_LE:
			high = v < high ? v : high;
			break;
		case WORD_GT:
			if (v == UINT32_MAX)
				found = 0;
			else if (v + 1 > low)
				low = v + 1;
			break;
		case WORD_GE:
			low = v > low ? v : low;
			break;
		case WORD_NE:
			if (v & rest)
				break; /* the masked word never equals it */
			if (!excluded)
				excluded = malloc(count * sizeof(*excluded));
			if (!excluded)
				return REGION_NO_MEMORY;
			excluded[excluded_count++] = (struct span){ v, v | rest };
			break;
		}
	}
	if (found && low > high)
		found = 0;
	if (found && excluded_count) {
		qsort(excluded, excluded_count, sizeof(*excluded), compare_spans);
		for (size_t i = 0; i < excluded_count && found; i++) {
			if (excluded[i].from > low)
				break;
			if (excluded[i].to >= low) {
				if (excluded[i].to >= high)
					found = 0;
				else
					low = excluded[i].to + 1;
			}
		}
	}
	free(excluded);
	if (found)
		*value = low;
	return found;
}

/* The constraints on WORD, plus EXTRA when given. */
static int word_value_with(struct region *region, unsigned word,
			   const struct word_constraint *extra, uint32_t *value)
{
	struct word_constraint *on = malloc((region->count + 2) * sizeof(*on));
	size_t count = 0;
	int found;

	if (!on)
		return REGION_NO_MEMORY;
	for (size_t i = 0; i < region->count; i++)
		if (region->items[i].word == word)
			on[count++] = region->items[i];
	if (extra)
		on[count++] = *extra;
	found = settle_fixed_bits(on, &count);
	if (found && count == 0)
		*value = 0;
	else if (found && count == 1 && on[0].op == WORD_EQ)
		*value = on[0].value; /* the fixed bits, the others 0 */
	else if (found && (found = interval_value(on, count, value)) == NOT_AN_INTERVAL)
		found = search_word(region, on, count, value);
	free(on);
	return found;
}

int region_word_value(struct region *region, unsigned word, uint32_t *value)
{
	int found;

	/* version 0 is a word without constraints, where 0 is the smallest */
	if (region->version[word] == region->found_at[word]) {
		*value = region->version[word] ? region->found[word] : 0;
		return 1;
	}
	found = word_value_with(region, word, NULL, value);
	if (found == 1) {
		region->found_at[word] = region->version[word];
		region->found[word] = *value;
	}
	return found;
}

/* Whether every constraint on C's word holds at VALUE, and C too. */
static bool all_hold_at(const struct region *region, const struct word_constraint *c,
			uint32_t value)
{
	if (!word_constraint_holds(c, value))
		return false;
	for (size_t i = 0; i < region->count; i++)
		if (region->items[i].word == c->word &&
		    !word_constraint_holds(&region->items[i], value))
			return false;
	return true;
}

int region_splits(struct region *region, struct word_constraint c)
{
	struct word_constraint other;
	uint32_t value = 0;
	uint32_t fixed = region->fixed[c.word], bits = region->bits[c.word];
	int found;

	/* What the fixed bits settle needs no search. */
	if ((c.mask & ~fixed) == 0)
		return 0;
	if ((c.op == WORD_EQ || c.op == WORD_NE) &&
	    ((c.value & ~c.mask) || ((c.value ^ bits) & c.mask & fixed)))
		return 0;
	found = region_word_value(region, c.word, &value);
	if (found <= 0)
		return found; /* an empty region is not split by anything */
	/* One side holds at VALUE; ask only whether the other side is possible. */
	other = word_constraint_holds(&c, value) ? word_constraint_negate(c) : c;
	if (other.op == WORD_EQ && other.mask == UINT32_MAX) /* one value to try */
		return all_hold_at(region, &other, other.value);
	return word_value_with(region, c.word, &other, &value);
}
