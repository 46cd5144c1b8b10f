/* stack: several filters as one, answering what the kernel would answer
 * with each loaded as its own filter.
 *
 * The kernel runs every stacked filter and keeps the most restrictive
 * action (the lowest as a signed 32-bit action; on a tie, the first
 * found).  One program does the same without a computed return: the
 * first layer runs as compiled, and each of its returns jumps to a copy of
 * the second layer made for that answer, whose returns jump to copies of
 * the third, and so on; the last layer's returns give the most restrictive
 * answer of the path, a constant.  Every return stays a `ret #k`, which
 * preseal run's gate and the report traps rewrite as for any policy, and
 * the copies are few: one per distinct answer so far.  One filter loads in
 * one seccomp(2) call, so a layer that refuses seccomp(2) cannot stop the
 * next from loading.
 */
#include "stack.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"

#define STACK_MAX_BLOCKS 256

/* The answer a stack of A (earlier layers) and B gives: the lower action
 * as the kernel compares them; A on a tie. */
uint32_t stack_stronger(uint32_t a, uint32_t b)
{
	int32_t action_a = (int32_t)(a & SECCOMP_RET_ACTION_FULL);
	int32_t action_b = (int32_t)(b & SECCOMP_RET_ACTION_FULL);

	return action_b < action_a ? b : a;
}

struct block {
	size_t layer;
	uint32_t answer; /* what the layers before LAYER answered */
	size_t start;	 /* where it was written */
};

struct stacker {
	const struct filter *layers;
	size_t count;
	struct block blocks[STACK_MAX_BLOCKS];
	size_t block_count;
	struct sock_filter *program;
	size_t length, capacity;
};

/* The block for LAYER after ANSWER, added to the queue when new. */
static int block_for(struct stacker *stacker, size_t layer, uint32_t answer)
{
	for (size_t i = 0; i < stacker->block_count; i++)
		if (stacker->blocks[i].layer == layer && stacker->blocks[i].answer == answer)
			return (int)i;
	if (stacker->block_count == STACK_MAX_BLOCKS)
		return -E2BIG;
	stacker->blocks[stacker->block_count] = (struct block){ .layer = layer, .answer = answer };
	return (int)stacker->block_count++;
}

/* Writes BLOCK: its layer's program, each return made a jump to the next
 * layer's block for the answer so far (the block's index in K until
 * patched), or for the last layer the answer itself. */
static int write_block(struct stacker *stacker, size_t index)
{
	const struct block block = stacker->blocks[index];
	const struct filter *layer = &stacker->layers[block.layer];
	bool last = block.layer + 1 == stacker->count;

	if (stacker->length + layer->length > stacker->capacity)
		return -E2BIG;
	stacker->blocks[index].start = stacker->length;
	for (size_t i = 0; i < layer->length; i++) {
		struct sock_filter insn = layer->program[i];

		if (insn.code == (BPF_RET | BPF_A))
			return -EINVAL; /* a computed answer: never from preseal's generator */
		if (insn.code == (BPF_RET | BPF_K)) {
			uint32_t answer = stack_stronger(block.answer, insn.k);

			if (last) {
				insn.k = answer;
			} else {
				int next = block_for(stacker, block.layer + 1, answer);

				if (next < 0)
					return next;
				insn = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
								    (uint32_t)next);
				insn.jt = 1; /* marks a jump still to patch */
			}
		}
		stacker->program[stacker->length++] = insn;
	}
	return 0;
}

/* Jumps to block indexes become jumps to where the blocks were written:
 * always forward, since a block is written after every block that
 * jumps to it. */
static void patch(struct stacker *stacker)
{
	for (size_t at = 0; at < stacker->length; at++) {
		struct sock_filter *insn = &stacker->program[at];

		if (insn->code == (BPF_JMP | BPF_JA) && insn->jt == 1) {
			insn->k = (uint32_t)(stacker->blocks[insn->k].start - at - 1);
			insn->jt = 0;
		}
	}
}

int filter_stack(const struct filter *layers, size_t count, size_t limit, struct filter *out,
		 struct diag_list *diags)
{
	struct stacker stacker = { .layers = layers, .count = count, .capacity = limit };
	char why[256];
	int result = 0;

	*out = (struct filter){ 0 };
	if (count == 0)
		return -EINVAL;
	/* A JA inside a layer's own code is never marked: the generator's
	 * jumps have jt 0, and ours are told apart by jt 1. */
	for (size_t l = 0; l < count; l++)
		for (size_t i = 0; i < layers[l].length; i++)
			if (layers[l].program[i].code == (BPF_JMP | BPF_JA) &&
			    layers[l].program[i].jt != 0)
				return -EINVAL;
	stacker.program = calloc(limit, sizeof(*stacker.program));
	if (!stacker.program) {
		diag_error(diags, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	block_for(&stacker, 0, SECCOMP_RET_ALLOW);
	for (size_t i = 0; i < stacker.block_count && result == 0; i++)
		result = write_block(&stacker, i);
	if (result == 0) {
		patch(&stacker);
		if (bpf_check(stacker.program, stacker.length, why, sizeof(why)) < 0) {
			diag_error(diags, NULL, 0,
				   "the stacked filter is not valid: %s (a bug in "
				   "preseal)",
				   why);
			result = -EINVAL;
		}
	} else if (result == -E2BIG) {
		diag_error(diags, NULL, 0,
			   "the %zu policies stacked need more than %zu instructions in one "
			   "filter; stack fewer or smaller policies",
			   count, limit);
	} else {
		diag_error(diags, NULL, 0,
			   "a policy to stack has a computed return (a bug in "
			   "preseal)");
	}
	if (result < 0) {
		free(stacker.program);
		return result;
	}
	*out = layers[0];
	out->program = stacker.program;
	out->length = stacker.length;
	out->probe_token = 0;
	/* Each layer's Landlock part stays the layer's: its callers apply them
	 * one by one, as domains of their own. */
	out->landlock = NULL;
	for (size_t l = 1; l < count; l++) {
		out->flags |= layers[l].flags;
		out->no_new_privs |= layers[l].no_new_privs;
	}
	return 0;
}
