/* region: sets of seccomp_data inputs, as the verifier's walk meets them.
 *
 * A region is a conjunction of constraints, each on one 32-bit word of
 * struct seccomp_data: (word & mask) OP value.  That is exactly what a
 * seccomp program's loads, AND-immediates and conditional jumps can say
 * about its input, and what a policy check says about either half of a
 * 64-bit argument.  The words are independent, so a region is empty when
 * one word's constraints cannot all hold, which region_word_value decides
 * exactly.  Never prints, never loads anything.
 */
#ifndef PRESEAL_REGION_H
#define PRESEAL_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* seccomp_data's 64 bytes as 32-bit words: nr, arch, instruction_pointer,
 * then two per argument. */
#define REGION_WORDS 16

enum word_op { WORD_EQ, WORD_NE, WORD_LT, WORD_LE, WORD_GT, WORD_GE };

struct word_constraint {
	unsigned word; /* 0..REGION_WORDS-1 */
	enum word_op op;
	uint32_t mask;
	uint32_t value;
	unsigned long replaced; /* the word's version before this constraint came */
	uint32_t fixed_before;	/* and its fixed bits (see struct region) */
	uint32_t bits_before;
};

struct region_slot {
	unsigned long stamp;
	size_t entry;
};

struct region {
	struct word_constraint *items;
	size_t count;
	size_t capacity;
	unsigned long steps;	  /* search steps spent so far */
	unsigned long step_limit; /* past it every question answers REGION_OVER_BUDGET */
	/* per word: a version that changes with its constraints, and the
	 * smallest value found at some version */
	unsigned long clock;
	unsigned long version[REGION_WORDS];
	unsigned long found_at[REGION_WORDS];
	uint32_t found[REGION_WORDS];
	/* per word: the bits its equalities fix, and their values */
	uint32_t fixed[REGION_WORDS];
	uint32_t bits[REGION_WORDS];
	/* the solver's memory of states with no solution, reused between calls */
	uint64_t *dead;
	size_t dead_capacity;
	struct region_slot *table; /* REGION_TABLE_SIZE slots, valid at their search's stamp */
	unsigned long search_stamp;
};

#define REGION_OVER_BUDGET (-1)
#define REGION_NO_MEMORY   (-2)

/* The constraint that holds exactly where C does not. */
struct word_constraint word_constraint_negate(struct word_constraint c);

bool word_constraint_holds(const struct word_constraint *c, uint32_t word);

/* Adds C; 0, or REGION_NO_MEMORY.  region_truncate(REGION, COUNT) drops
 * everything added after the region had COUNT constraints. */
int region_push(struct region *region, struct word_constraint c);
void region_truncate(struct region *region, size_t count);

/* 1 with the smallest value of WORD that meets every constraint on it in
 * *VALUE, 0 when there is none, or a negative REGION_ code. */
int region_word_value(struct region *region, unsigned word, uint32_t *value);

/* 1 when the region holds a point where C holds and another where it does
 * not (so C splits it), 0 when C is constant over it, or a negative code. */
int region_splits(struct region *region, struct word_constraint c);

void region_free(struct region *region);

#endif
