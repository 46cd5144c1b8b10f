/* decision: a graph of decisions on seccomp_data words, and its BPF.
 *
 * A node either returns a SECCOMP_RET_* value, or loads one 32-bit word of
 * struct seccomp_data (the number, the architecture, half of an argument),
 * masks it, and goes on to another node by the value: by ranges (searched
 * as a binary tree of JGE and JEQ) or by a list of values tested in order.
 * Equal nodes are made once, so a graph is a DAG and shared code is emitted
 * once.  This stage knows nothing of policies; generate.c builds the graph.
 */
#ifndef PRESEAL_DECISION_H
#define PRESEAL_DECISION_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A node of a graph.  DECISION_FAILED stands for a node that could not be
 * made (out of memory): every function passes it on, and the graph
 * remembers the failure (decision_graph_failed). */
typedef uint32_t decision_t;
#define DECISION_FAILED UINT32_MAX

/* No mask: the word is compared as loaded. */
#define DECISION_WHOLE_WORD UINT32_MAX

struct decision_graph;

struct decision_graph *decision_graph_new(void);
void decision_graph_free(struct decision_graph *graph);
bool decision_graph_failed(const struct decision_graph *graph);
/* Records that a node could not be made (out of memory); returns
 * DECISION_FAILED. */
decision_t decision_failed(struct decision_graph *graph);

/* Returns VALUE (a SECCOMP_RET_* value). */
decision_t decision_return(struct decision_graph *graph, uint32_t value);

/* Loads the word at OFFSET in struct seccomp_data, ands it with MASK, and
 * goes to TARGETS[i] for values from STARTS[i] up to STARTS[i + 1] - 1
 * (the last range up to UINT32_MAX).  STARTS[0] is 0 and STARTS ascends. */
decision_t decision_ranges(struct decision_graph *graph, uint32_t offset, uint32_t mask,
			   size_t count, const uint32_t *starts, const decision_t *targets);

/* The same for the 64-bit argument INDEX anded with MASK: STARTS are 64-bit,
 * tested high word first, then the low word where a range starts inside a
 * high word.  When NARROW (a 32-bit architecture), only the low word is
 * loaded, and only the ranges starting below 2^32 matter. */
decision_t decision_ranges64(struct decision_graph *graph, unsigned index, uint64_t mask,
			     bool narrow, size_t count, const uint64_t *starts,
			     const decision_t *targets);

/* Loads the word at OFFSET and goes to TARGETS[i] for the first VALUES[i]
 * it equals, tested in this order; to FALLBACK when none does. */
decision_t decision_list(struct decision_graph *graph, uint32_t offset, size_t count,
			 const uint32_t *values, const decision_t *targets, decision_t fallback);

/* About how many instructions the nodes reachable from ROOT take, each
 * counted once (returns and trampolines left out), or SIZE_MAX when that
 * cannot be counted (out of memory). */
size_t decision_size(struct decision_graph *graph, decision_t root);

/* True when NODE returns a constant (and then *VALUE is it). */
bool decision_is_return(const struct decision_graph *graph, decision_t node, uint32_t *value);

/* The program that starts at ROOT: at most LIMIT instructions, or -E2BIG.
 * Every jump is forward; one that would be longer than 8-bit offsets allow
 * goes through a JA (whose offset has 32 bits).  Returns 0 with *PROGRAM
 * allocated, -E2BIG, or -ENOMEM. */
int decision_emit(struct decision_graph *graph, decision_t root, size_t limit,
		  struct sock_filter **program, size_t *length);

#endif
