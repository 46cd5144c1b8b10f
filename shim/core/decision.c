/* decision: a graph of decisions on seccomp_data words, and its BPF.
 *
 * Nodes are hash-consed: asking twice for the same decision gives the same
 * node, so argument checks that many syscalls or many ranges share become
 * one block of code.  Emission lays the graph out backwards, from the last
 * instruction to the first: a node is placed after everything it jumps to,
 * so every jump is forward and its target already has an address.  Classic
 * BPF's conditional jumps reach 255 instructions; a target further away is
 * reached through a JA (32-bit offset), shared by the jumps near it, and a
 * return that far away is simply emitted again.  Never prints.
 */
#include "decision.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "grow.h"
#include "hash.h"

#define ARG_WORD(index, half) \
	((uint32_t)(offsetof(struct seccomp_data, args) + 8 * (index) + (half)))

/* Ends a hash bucket's chain. */
#define END_OF_CHAIN DECISION_FAILED

enum node_kind { NODE_RETURN, NODE_RANGES, NODE_LIST };

struct node {
	enum node_kind kind;
	uint32_t value;	     /* NODE_RETURN: what it returns */
	uint32_t offset;     /* the word loaded */
	uint32_t mask;	     /* and'ed with it, unless DECISION_WHOLE_WORD */
	uint32_t count;	     /* ranges, or listed values */
	size_t keys;	     /* in the pool: COUNT range starts, or the listed values */
	size_t targets;	     /* in the pool: COUNT nodes */
	decision_t fallback; /* NODE_LIST: where no listed value matches */
	uint64_t hash;
	decision_t chain; /* the next node in the same hash bucket */
	/* Emission.  LABEL: where the node starts, counted back from the
	 * program's end (a return: its nearest copy so far).  TRAMPOLINE: the
	 * nearest JA to it, when one was needed. */
	bool placed;
	size_t label;
	size_t trampoline;
	uint32_t counted; /* decision_size(): the count that last saw it */
};

struct decision_graph {
	struct node *nodes;
	size_t node_count, node_capacity;
	uint32_t *pool; /* range starts, values and targets of every node */
	size_t pool_count, pool_capacity;
	decision_t *buckets;
	size_t bucket_count; /* a power of two */
	uint32_t counts;     /* decision_size() calls so far */
	bool failed;
};

static int reserve_pool(struct decision_graph *graph, size_t more);

struct decision_graph *decision_graph_new(void)
{
	struct decision_graph *graph = calloc(1, sizeof(*graph));

	/* Never without a pool, so that pool + offset is always defined. */
	if (graph && reserve_pool(graph, 1) < 0) {
		free(graph);
		return NULL;
	}
	return graph;
}

void decision_graph_free(struct decision_graph *graph)
{
	if (!graph)
		return;
	free(graph->nodes);
	free(graph->pool);
	free(graph->buckets);
	free(graph);
}

bool decision_graph_failed(const struct decision_graph *graph)
{
	return graph->failed;
}

decision_t decision_failed(struct decision_graph *graph)
{
	graph->failed = true;
	return DECISION_FAILED;
}

/* ---- making nodes --------------------------------------------------------- */

/* FNV-1a over whole words: a hash table's, not an integrity check. */
static uint64_t mix(uint64_t hash, uint32_t word)
{
	return (hash ^ word) * HASH_FNV1A_PRIME;
}

static uint64_t node_hash(const struct node *node, const uint32_t *keys, const decision_t *targets)
{
	uint64_t hash = HASH_FNV1A_START;

	hash = mix(mix(mix(hash, node->kind), node->value), node->offset);
	hash = mix(mix(mix(hash, node->mask), node->count), node->fallback);
	for (uint32_t i = 0; i < node->count; i++)
		hash = mix(mix(hash, keys[i]), targets[i]);
	return hash;
}

static bool same_node(const struct decision_graph *graph, const struct node *known,
		      const struct node *wanted, const uint32_t *keys, const decision_t *targets)
{
	return known->hash == wanted->hash && known->kind == wanted->kind &&
	       known->value == wanted->value && known->offset == wanted->offset &&
	       known->mask == wanted->mask && known->count == wanted->count &&
	       known->fallback == wanted->fallback &&
	       (wanted->count == 0 || /* a return: KEYS and TARGETS may be NULL */
		(memcmp(graph->pool + known->keys, keys, wanted->count * sizeof(*keys)) == 0 &&
		 memcmp(graph->pool + known->targets, targets, wanted->count * sizeof(*targets)) ==
			 0));
}

static int rehash(struct decision_graph *graph, size_t bucket_count)
{
	decision_t *buckets = malloc(bucket_count * sizeof(*buckets));

	if (!buckets)
		return -ENOMEM;
	for (size_t i = 0; i < bucket_count; i++)
		buckets[i] = END_OF_CHAIN;
	for (size_t id = 0; id < graph->node_count; id++) {
		struct node *node = &graph->nodes[id];
		size_t bucket = node->hash & (bucket_count - 1);

		node->chain = buckets[bucket];
		buckets[bucket] = (decision_t)id;
	}
	free(graph->buckets);
	graph->buckets = buckets;
	graph->bucket_count = bucket_count;
	return 0;
}

static int reserve_pool(struct decision_graph *graph, size_t more)
{
	while (graph->pool_count + more > graph->pool_capacity)
		if (grow_array((void **)&graph->pool, &graph->pool_capacity, graph->pool_capacity,
			       sizeof(*graph->pool), 1024) < 0)
			return -ENOMEM;
	return 0;
}

/* The node equal to WANTED with KEYS and TARGETS: an existing one, or a
 * new one. */
static decision_t intern(struct decision_graph *graph, struct node *wanted, const uint32_t *keys,
			 const decision_t *targets)
{
	decision_t id;

	if (graph->failed)
		return DECISION_FAILED;
	wanted->hash = node_hash(wanted, keys, targets);
	if (graph->bucket_count == 0 && rehash(graph, 256) < 0)
		return decision_failed(graph);
	for (id = graph->buckets[wanted->hash & (graph->bucket_count - 1)]; id != END_OF_CHAIN;
	     id = graph->nodes[id].chain)
		if (same_node(graph, &graph->nodes[id], wanted, keys, targets))
			return id;
	if (graph->node_count >= DECISION_FAILED - 1 ||
	    GROW(graph->nodes, graph->node_count, graph->node_capacity, 256) < 0 ||
	    reserve_pool(graph, 2 * (size_t)wanted->count) < 0)
		return decision_failed(graph);
	wanted->keys = graph->pool_count;
	wanted->targets = graph->pool_count + wanted->count;
	if (wanted->count) { /* a return has no ranges, and KEYS may be NULL */
		memcpy(graph->pool + wanted->keys, keys, wanted->count * sizeof(*keys));
		memcpy(graph->pool + wanted->targets, targets, wanted->count * sizeof(*targets));
	}
	graph->pool_count += 2 * (size_t)wanted->count;
	id = (decision_t)graph->node_count++;
	wanted->chain = graph->buckets[wanted->hash & (graph->bucket_count - 1)];
	graph->buckets[wanted->hash & (graph->bucket_count - 1)] = id;
	graph->nodes[id] = *wanted;
	if (graph->node_count > graph->bucket_count && rehash(graph, graph->bucket_count * 2) < 0)
		return decision_failed(graph);
	return id;
}

decision_t decision_return(struct decision_graph *graph, uint32_t value)
{
	struct node wanted = { .kind = NODE_RETURN, .value = value, .fallback = DECISION_FAILED };

	return intern(graph, &wanted, NULL, NULL);
}

decision_t decision_ranges(struct decision_graph *graph, uint32_t offset, uint32_t mask,
			   size_t count, const uint32_t *starts, const decision_t *targets)
{
	struct node wanted = {
		.kind = NODE_RANGES, .offset = offset, .mask = mask, .fallback = DECISION_FAILED
	};
	uint32_t *kept_starts;
	decision_t *kept_targets, result = DECISION_FAILED;
	size_t kept = 0;

	if (count == 0)
		return decision_failed(graph);
	kept_starts = calloc(count, sizeof(*kept_starts));
	kept_targets = calloc(count, sizeof(*kept_targets));
	if (!kept_starts || !kept_targets)
		goto done;
	for (size_t i = 0; i < count; i++) {
		if (targets[i] == DECISION_FAILED)
			goto done;
		/* A word and'ed with MASK never exceeds it. */
		if (mask != DECISION_WHOLE_WORD && starts[i] > mask)
			break;
		if (kept && kept_targets[kept - 1] == targets[i])
			continue;
		kept_starts[kept] = starts[i];
		kept_targets[kept++] = targets[i];
	}
	wanted.count = (uint32_t)kept;
	result = kept == 1 ? kept_targets[0] : intern(graph, &wanted, kept_starts, kept_targets);
done:
	free(kept_starts);
	free(kept_targets);
	return result == DECISION_FAILED ? decision_failed(graph) : result;
}

/* The low-word decision inside one high word: the ranges FIRST..END-1 start
 * in it, and the one before FIRST covers its beginning unless FIRST starts
 * there itself. */
static decision_t low_word(struct decision_graph *graph, unsigned index, uint32_t mask,
			   const uint64_t *starts, const decision_t *targets, size_t first,
			   size_t end)
{
	uint32_t *low_starts = malloc((end - first + 1) * sizeof(*low_starts));
	decision_t *low_targets = malloc((end - first + 1) * sizeof(*low_targets));
	decision_t result = DECISION_FAILED;
	size_t count = 0;

	if (low_starts && low_targets) {
		if ((uint32_t)starts[first] != 0) {
			low_starts[count] = 0;
			low_targets[count++] = targets[first - 1];
		}
		for (size_t i = first; i < end; i++) {
			low_starts[count] = (uint32_t)starts[i];
			low_targets[count++] = targets[i];
		}
		result = decision_ranges(graph, ARG_WORD(index, BPF_LOW_HALF), mask, count,
					 low_starts, low_targets);
	}
	free(low_starts);
	free(low_targets);
	return result == DECISION_FAILED ? decision_failed(graph) : result;
}

static decision_t narrow_ranges(struct decision_graph *graph, unsigned index, uint32_t mask,
				size_t count, const uint64_t *starts, const decision_t *targets)
{
	uint32_t *low_starts = malloc(count * sizeof(*low_starts));
	decision_t result = DECISION_FAILED;
	size_t kept = 0;

	if (low_starts) {
		for (; kept < count && starts[kept] <= UINT32_MAX; kept++)
			low_starts[kept] = (uint32_t)starts[kept];
		result = decision_ranges(graph, ARG_WORD(index, BPF_LOW_HALF), mask, kept,
					 low_starts, targets);
	}
	free(low_starts);
	return result == DECISION_FAILED ? decision_failed(graph) : result;
}

decision_t decision_ranges64(struct decision_graph *graph, unsigned index, uint64_t mask,
			     bool narrow, size_t count, const uint64_t *starts,
			     const decision_t *targets)
{
	uint32_t *high_starts;
	decision_t *high_targets, result = DECISION_FAILED;
	size_t high_count = 0;

	if (narrow)
		return narrow_ranges(graph, index, (uint32_t)mask, count, starts, targets);
	high_starts = malloc(2 * count * sizeof(*high_starts));
	high_targets = malloc(2 * count * sizeof(*high_targets));
	if (!high_starts || !high_targets)
		goto done;
	/* A high word in which no range starts but at its beginning needs no
	 * look at the low word: one target covers all of it. */
	for (size_t first = 0, end; first < count; first = end) {
		uint32_t high = (uint32_t)(starts[first] >> 32);

		for (end = first + 1; end < count && (uint32_t)(starts[end] >> 32) == high; end++)
			;
		high_starts[high_count] = high;
		if ((uint32_t)starts[first] == 0 && end == first + 1) {
			high_targets[high_count++] = targets[first];
			continue;
		}
		high_targets[high_count++] =
			low_word(graph, index, (uint32_t)mask, starts, targets, first, end);
		/* The last range goes on past this high word. */
		if (high < UINT32_MAX &&
		    (end == count || (uint32_t)(starts[end] >> 32) > high + 1)) {
			high_starts[high_count] = high + 1;
			high_targets[high_count++] = targets[end - 1];
		}
	}
	result = decision_ranges(graph, ARG_WORD(index, BPF_HIGH_HALF), (uint32_t)(mask >> 32),
				 high_count, high_starts, high_targets);
done:
	free(high_starts);
	free(high_targets);
	return result == DECISION_FAILED ? decision_failed(graph) : result;
}

decision_t decision_list(struct decision_graph *graph, uint32_t offset, size_t count,
			 const uint32_t *values, const decision_t *targets, decision_t fallback)
{
	uint32_t *kept_values = calloc(count + 1, sizeof(*kept_values));
	decision_t *kept_targets = calloc(count + 1, sizeof(*kept_targets));
	struct node wanted = { .kind = NODE_LIST,
			       .offset = offset,
			       .mask = DECISION_WHOLE_WORD,
			       .fallback = fallback };
	decision_t result = DECISION_FAILED;
	size_t kept = 0;

	if (!kept_values || !kept_targets || fallback == DECISION_FAILED)
		goto done;
	for (size_t i = 0; i < count; i++) {
		if (targets[i] == DECISION_FAILED)
			goto done;
		if (targets[i] == fallback)
			continue; /* the same either way */
		kept_values[kept] = values[i];
		kept_targets[kept++] = targets[i];
	}
	wanted.count = (uint32_t)kept;
	result = kept == 0 ? fallback : intern(graph, &wanted, kept_values, kept_targets);
done:
	free(kept_values);
	free(kept_targets);
	return result == DECISION_FAILED ? decision_failed(graph) : result;
}

/* A load, an and when masked, and a jump per boundary (or per value). */
static size_t node_size(const struct node *node)
{
	size_t jumps = node->kind == NODE_LIST ? node->count : node->count - 1;

	return 1 + (node->mask != DECISION_WHOLE_WORD) + jumps;
}

size_t decision_size(struct decision_graph *graph, decision_t root)
{
	decision_t *stack = NULL;
	size_t depth = 0, capacity = 0, size = 0;

	if (root == DECISION_FAILED)
		return SIZE_MAX;
	graph->counts++;
	if (GROW(stack, depth, capacity, 64) < 0)
		return SIZE_MAX;
	stack[depth++] = root;
	while (depth > 0) {
		struct node *node = &graph->nodes[stack[--depth]];
		const decision_t *targets = graph->pool + node->targets;

		if (node->kind == NODE_RETURN || node->counted == graph->counts)
			continue;
		node->counted = graph->counts;
		size += node_size(node);
		for (size_t i = 0; i <= node->count; i++) {
			decision_t next = i < node->count ? targets[i] : node->fallback;

			if (next == DECISION_FAILED)
				continue;
			if (GROW(stack, depth, capacity, 64) < 0) {
				free(stack);
				return SIZE_MAX;
			}
			stack[depth++] = next;
		}
	}
	free(stack);
	return size;
}

bool decision_is_return(const struct decision_graph *graph, decision_t node, uint32_t *value)
{
	if (node == DECISION_FAILED || graph->nodes[node].kind != NODE_RETURN)
		return false;
	*value = graph->nodes[node].value;
	return true;
}

/* ---- emission --------------------------------------------------------------- */

struct emitter {
	struct decision_graph *graph;
	struct sock_filter *code; /* backwards: code[0] is the program's last instruction */
	size_t count, capacity, limit;
	int error; /* -E2BIG or -ENOMEM once emission failed */
};

/* How far back a target may be from where a jump is about to go: an 8-bit
 * offset reaches 255 instructions, and reaching the jump's two targets may
 * place up to two instructions (a return's copy, a trampoline) between. */
#define REACH 254

/* What a jump goes to: a node, or (NODE == DECISION_FAILED) code already
 * placed at LABEL. */
struct target {
	decision_t node;
	size_t label;
};

static struct target to_node(decision_t node)
{
	return (struct target){ .node = node };
}

static struct target to_label(size_t label)
{
	return (struct target){ .node = DECISION_FAILED, .label = label };
}

/* Places INSTRUCTION in front of the code so far; returns its label.  After
 * a failure nothing more is placed and labels mean nothing. */
static size_t push(struct emitter *emitter, struct sock_filter instruction)
{
	if (!emitter->error && emitter->count >= emitter->limit)
		emitter->error = -E2BIG;
	if (!emitter->error && GROW(emitter->code, emitter->count, emitter->capacity, 256) < 0)
		emitter->error = -ENOMEM;
	if (emitter->error)
		return 0;
	emitter->code[emitter->count] = instruction;
	return emitter->count++;
}

/* LABEL if a jump placed now reaches it, else a JA that does. */
static size_t reach_label(struct emitter *emitter, size_t label, size_t *trampoline)
{
	if (emitter->count - label <= REACH)
		return label;
	if (trampoline && *trampoline != SIZE_MAX && emitter->count - *trampoline <= REACH)
		return *trampoline;
	label = push(emitter,
		     (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA,
						  (uint32_t)(emitter->count - label - 1), 0, 0));
	if (trampoline)
		*trampoline = label;
	return label;
}

static size_t reach(struct emitter *emitter, struct target target)
{
	struct node *node;

	if (target.node == DECISION_FAILED)
		return reach_label(emitter, target.label, NULL);
	node = &emitter->graph->nodes[target.node];
	if (node->kind != NODE_RETURN)
		return reach_label(emitter, node->label, &node->trampoline);
	if (!node->placed || emitter->count - node->label > REACH) {
		node->label =
			push(emitter, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, node->value));
		node->placed = true;
	}
	return node->label;
}

static size_t emit_jump(struct emitter *emitter, uint16_t op, uint32_t k, struct target if_true,
			struct target if_false)
{
	size_t to_true = reach(emitter, if_true);
	size_t to_false = reach(emitter, if_false);
	size_t here = emitter->count;

	return push(emitter, (struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k,
							  (uint8_t)(here - to_true - 1),
							  (uint8_t)(here - to_false - 1)));
}

/* A binary search over NODE's ranges FIRST..LAST. */
static struct target search(struct emitter *emitter, const struct node *node, size_t first,
			    size_t last)
{
	const uint32_t *starts = emitter->graph->pool + node->keys;
	const decision_t *targets = emitter->graph->pool + node->targets;
	struct target above, below;
	size_t middle;

	if (first == last)
		return to_node(targets[first]);
	/* One value inside a range that goes on past it: a single JEQ. */
	if (last - first == 2 && targets[first] == targets[last] &&
	    starts[first + 1] + 1 == starts[last])
		return to_label(emit_jump(emitter, BPF_JEQ, starts[first + 1],
					  to_node(targets[first + 1]), to_node(targets[first])));
	middle = first + (last - first + 1) / 2;
	above = search(emitter, node, middle, last);
	below = search(emitter, node, first, middle - 1);
	return to_label(emit_jump(emitter, BPF_JGE, starts[middle], above, below));
}

static void list(struct emitter *emitter, const struct node *node)
{
	const uint32_t *values = emitter->graph->pool + node->keys;
	const decision_t *targets = emitter->graph->pool + node->targets;
	struct target next = to_node(node->fallback);

	for (size_t i = node->count; i-- > 0;)
		next = to_label(emit_jump(emitter, BPF_JEQ, values[i], to_node(targets[i]), next));
}

static void place(struct emitter *emitter, decision_t id)
{
	struct node *node = &emitter->graph->nodes[id];

	if (node->kind == NODE_RANGES)
		search(emitter, node, 0, node->count - 1);
	else
		list(emitter, node);
	if (node->mask != DECISION_WHOLE_WORD)
		push(emitter, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, node->mask));
	node->label =
		push(emitter, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, node->offset));
	node->placed = true;
}

/* The K-th node NODE jumps to, in the order they are placed: the fallback
 * first, then the targets from the last range to the first, so that the
 * first ranges' code lies nearest. */
static decision_t child(const struct decision_graph *graph, const struct node *node, size_t k)
{
	const decision_t *targets = graph->pool + node->targets;

	if (node->kind == NODE_LIST) {
		if (k == 0)
			return node->fallback;
		k--;
	}
	return targets[node->count - 1 - k];
}

struct frame {
	decision_t node;
	size_t next_child;
};

/* Places every node reachable from ROOT after (that is, before, counting
 * backwards) the nodes it jumps to.  Iterative: a long chain of argument
 * checks must not cost the stack of the program the shim runs in. */
static void emit_graph(struct emitter *emitter, decision_t root)
{
	struct frame *stack = NULL;
	size_t depth = 0, capacity = 0;

	if (GROW(stack, depth, capacity, 64) < 0) {
		emitter->error = -ENOMEM;
		return;
	}
	stack[depth++] = (struct frame){ root, 0 };
	while (depth > 0 && !emitter->error) {
		struct frame *top = &stack[depth - 1];
		const struct node *node = &emitter->graph->nodes[top->node];
		size_t children = node->count + (node->kind == NODE_LIST);
		decision_t next;

		if (node->kind == NODE_RETURN || node->placed) {
			depth--;
			continue;
		}
		if (top->next_child == children) {
			place(emitter, top->node);
			depth--;
			continue;
		}
		next = child(emitter->graph, node, top->next_child++);
		if (GROW(stack, depth, capacity, 64) < 0) {
			emitter->error = -ENOMEM;
			break;
		}
		stack[depth++] = (struct frame){ next, 0 };
	}
	free(stack);
}

int decision_emit(struct decision_graph *graph, decision_t root, size_t limit,
		  struct sock_filter **program, size_t *length)
{
	struct emitter emitter = { .graph = graph, .limit = limit };

	if (graph->failed || root == DECISION_FAILED)
		return -ENOMEM;
	for (size_t i = 0; i < graph->node_count; i++) {
		graph->nodes[i].placed = false;
		graph->nodes[i].trampoline = SIZE_MAX;
	}
	emit_graph(&emitter, root);
	if (graph->nodes[root].kind == NODE_RETURN)
		reach(&emitter, to_node(root));
	if (emitter.error || !emitter.code) {
		free(emitter.code);
		return emitter.error ? emitter.error : -ENOMEM;
	}
	/* Backwards to forwards. */
	for (size_t i = 0, j = emitter.count - 1; i < j; i++, j--) {
		struct sock_filter swap = emitter.code[i];

		emitter.code[i] = emitter.code[j];
		emitter.code[j] = swap;
	}
	*program = emitter.code;
	*length = emitter.count;
	return 0;
}
