/* bpf: a classic-BPF interpreter for seccomp programs.
 *
 * bpf_check accepts exactly the programs the kernel accepts for seccomp:
 * net/core/filter.c bpf_check_classic() followed by kernel/seccomp.c
 * seccomp_check_filter().  bpf_run executes an accepted program over one
 * struct seccomp_data with the semantics of the kernel's converted program.
 *
 * Both are pure functions of their arguments.  This stage never loads a
 * filter, never allocates, never prints, and never reads outside the program
 * or the data it was given: a program that would make it do so ends with
 * SECCOMP_RET_KILL_PROCESS instead.
 */
#include "bpf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* What must hold of an instruction's operands besides its opcode. */
enum operand_rule {
	OPERAND_FREE = 1,      /* nothing */
	OPERAND_DATA_WORD,     /* k is an aligned 32-bit word inside seccomp_data */
	OPERAND_SCRATCH_LOAD,  /* k < BPF_MEMWORDS, written on every path here */
	OPERAND_SCRATCH_STORE, /* k < BPF_MEMWORDS */
	OPERAND_DIVISOR,       /* k != 0 */
	OPERAND_SHIFT,	       /* k < 32 */
	OPERAND_JUMP,	       /* pc + 1 + k is inside the program */
	OPERAND_BRANCHES,      /* pc + 1 + jt and pc + 1 + jf are inside the program */
	OPERAND_RETURN,	       /* nothing, and it may end the program */
};

/* The name is held in place: a pointer would cost ld.so a relocation per
 * entry, and the table a page written at every start of the shim. */
struct opcode {
	char name[12]; /* in bpf_asm syntax; empty when seccomp rejects the opcode */
	enum operand_rule rule;
};

/* Every opcode seccomp accepts fits in the low byte. */
#define OPCODE_TABLE_SIZE 256

/* seccomp_check_filter()'s list.  BPF_MOD is missing on purpose: classic BPF
 * has it, but seccomp never accepted it. */
static const struct opcode opcodes[OPCODE_TABLE_SIZE] = {
	[BPF_LD | BPF_W | BPF_ABS] = { "ld [k]", OPERAND_DATA_WORD },
	[BPF_LD | BPF_W | BPF_LEN] = { "ld #len", OPERAND_FREE },
	[BPF_LD | BPF_IMM] = { "ld #k", OPERAND_FREE },
	[BPF_LD | BPF_MEM] = { "ld M[k]", OPERAND_SCRATCH_LOAD },
	[BPF_LDX | BPF_W | BPF_LEN] = { "ldx #len", OPERAND_FREE },
	[BPF_LDX | BPF_IMM] = { "ldx #k", OPERAND_FREE },
	[BPF_LDX | BPF_MEM] = { "ldx M[k]", OPERAND_SCRATCH_LOAD },
	[BPF_ST] = { "st M[k]", OPERAND_SCRATCH_STORE },
	[BPF_STX] = { "stx M[k]", OPERAND_SCRATCH_STORE },
	[BPF_ALU | BPF_ADD | BPF_K] = { "add #k", OPERAND_FREE },
	[BPF_ALU | BPF_ADD | BPF_X] = { "add x", OPERAND_FREE },
	[BPF_ALU | BPF_SUB | BPF_K] = { "sub #k", OPERAND_FREE },
	[BPF_ALU | BPF_SUB | BPF_X] = { "sub x", OPERAND_FREE },
	[BPF_ALU | BPF_MUL | BPF_K] = { "mul #k", OPERAND_FREE },
	[BPF_ALU | BPF_MUL | BPF_X] = { "mul x", OPERAND_FREE },
	[BPF_ALU | BPF_DIV | BPF_K] = { "div #k", OPERAND_DIVISOR },
	[BPF_ALU | BPF_DIV | BPF_X] = { "div x", OPERAND_FREE },
	[BPF_ALU | BPF_AND | BPF_K] = { "and #k", OPERAND_FREE },
	[BPF_ALU | BPF_AND | BPF_X] = { "and x", OPERAND_FREE },
	[BPF_ALU | BPF_OR | BPF_K] = { "or #k", OPERAND_FREE },
	[BPF_ALU | BPF_OR | BPF_X] = { "or x", OPERAND_FREE },
	[BPF_ALU | BPF_XOR | BPF_K] = { "xor #k", OPERAND_FREE },
	[BPF_ALU | BPF_XOR | BPF_X] = { "xor x", OPERAND_FREE },
	[BPF_ALU | BPF_LSH | BPF_K] = { "lsh #k", OPERAND_SHIFT },
	[BPF_ALU | BPF_LSH | BPF_X] = { "lsh x", OPERAND_FREE },
	[BPF_ALU | BPF_RSH | BPF_K] = { "rsh #k", OPERAND_SHIFT },
	[BPF_ALU | BPF_RSH | BPF_X] = { "rsh x", OPERAND_FREE },
	[BPF_ALU | BPF_NEG] = { "neg", OPERAND_FREE },
	[BPF_JMP | BPF_JA] = { "ja", OPERAND_JUMP },
	[BPF_JMP | BPF_JEQ | BPF_K] = { "jeq #k", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JEQ | BPF_X] = { "jeq x", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JGT | BPF_K] = { "jgt #k", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JGT | BPF_X] = { "jgt x", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JGE | BPF_K] = { "jge #k", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JGE | BPF_X] = { "jge x", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JSET | BPF_K] = { "jset #k", OPERAND_BRANCHES },
	[BPF_JMP | BPF_JSET | BPF_X] = { "jset x", OPERAND_BRANCHES },
	[BPF_RET | BPF_K] = { "ret #k", OPERAND_RETURN },
	[BPF_RET | BPF_A] = { "ret a", OPERAND_RETURN },
	[BPF_MISC | BPF_TAX] = { "tax", OPERAND_FREE },
	[BPF_MISC | BPF_TXA] = { "txa", OPERAND_FREE },
};

/* One bit per scratch word. */
typedef uint16_t scratch_set;
#define SCRATCH_ALL ((scratch_set)0xffff)

_Static_assert(BPF_MEMWORDS <= 16, "scratch_set needs a bit per scratch word");

static const struct opcode *opcode_find(uint16_t code)
{
	if (code >= OPCODE_TABLE_SIZE || opcodes[code].name[0] == '\0')
		return NULL;
	return &opcodes[code];
}

/* Fills WHY with "instruction PC (NAME): ..." and returns -EINVAL. */
__attribute__((format(printf, 5, 6))) static int reject(char *why, size_t why_size, size_t pc,
							const char *name, const char *format, ...)
{
	va_list args;
	int used;

	if (why == NULL || why_size == 0)
		return -EINVAL;
	if (name != NULL)
		used = snprintf(why, why_size, "instruction %zu (%s): ", pc, name);
	else
		used = snprintf(why, why_size, "instruction %zu: ", pc);
	if (used < 0 || (size_t)used >= why_size)
		return -EINVAL;
	va_start(args, format);
	vsnprintf(why + used, why_size - (size_t)used, format, args);
	va_end(args);
	return -EINVAL;
}

/* The kernel's per-instruction checks.  AFTER counts the instructions that
 * follow PC, so every jump offset must be below it. */
static int check_operands(const struct sock_filter *insn, const struct opcode *op, size_t pc,
			  size_t after, char *why, size_t why_size)
{
	switch (op->rule) {
	case OPERAND_DATA_WORD:
		if (insn->k >= sizeof(struct seccomp_data) || insn->k % 4 != 0)
			return reject(why, why_size, pc, op->name,
				      "offset %u is not an aligned 32-bit word inside the "
				      "%zu-byte seccomp_data",
				      insn->k, sizeof(struct seccomp_data));
		return 0;
	case OPERAND_SCRATCH_LOAD:
	case OPERAND_SCRATCH_STORE:
		if (insn->k >= BPF_MEMWORDS)
			return reject(why, why_size, pc, op->name,
				      "scratch word %u does not exist; there are %d", insn->k,
				      BPF_MEMWORDS);
		return 0;
	case OPERAND_DIVISOR:
		if (insn->k == 0)
			return reject(why, why_size, pc, op->name, "divides by the constant 0");
		return 0;
	case OPERAND_SHIFT:
		if (insn->k >= 32)
			return reject(why, why_size, pc, op->name,
				      "shifts by %u bits; the limit is 31", insn->k);
		return 0;
	case OPERAND_JUMP:
		if (insn->k >= after)
			return reject(why, why_size, pc, op->name,
				      "jumps %u ahead, past the last instruction", insn->k);
		return 0;
	case OPERAND_BRANCHES:
		if (insn->jt >= after || insn->jf >= after)
			return reject(why, why_size, pc, op->name,
				      "branches %u or %u ahead, past the last instruction",
				      insn->jt, insn->jf);
		return 0;
	default:
		return 0;
	}
}

/* check_load_and_stores(): a forward data-flow pass over the scratch words
 * written on every path.  Each jump narrows its targets' entry sets and makes
 * the fall-through set "everything", since the next instruction is then
 * reached only by jumps.  Like the kernel, a return resets nothing: code after
 * a return is judged as if the return's state could fall into it, which
 * rejects a few harmless programs.  We must reject them too. */
static __attribute__((noinline)) int check_scratch_reads(const struct sock_filter *program,
							 size_t count, char *why, size_t why_size)
{
	scratch_set entry[BPF_MAXINSNS];
	scratch_set written = 0;

	/* SCRATCH_ALL everywhere: only the first COUNT entries are ever read
	 * (jumps were checked to land inside the program), and the shim runs
	 * this at every start, where each stack page touched is a page fault. */
	memset(entry, 0xff, count * sizeof(entry[0]));
	for (size_t pc = 0; pc < count; pc++) {
		const struct sock_filter *insn = &program[pc];
		const struct opcode *op = opcode_find(insn->code);

		written &= entry[pc];
		switch (op->rule) {
		case OPERAND_SCRATCH_STORE:
			written |= (scratch_set)(1u << insn->k);
			break;
		case OPERAND_SCRATCH_LOAD:
			if (!(written & (1u << insn->k)))
				return reject(why, why_size, pc, op->name,
					      "reads scratch word %u, which is not written on "
					      "every path to it",
					      insn->k);
			break;
		case OPERAND_JUMP:
			entry[pc + 1 + insn->k] &= written;
			written = SCRATCH_ALL;
			break;
		case OPERAND_BRANCHES:
			entry[pc + 1 + insn->jt] &= written;
			entry[pc + 1 + insn->jf] &= written;
			written = SCRATCH_ALL;
			break;
		default:
			break;
		}
	}
	return 0;
}

static bool reads_scratch(const struct sock_filter *program, size_t count)
{
	for (size_t pc = 0; pc < count; pc++)
		if (opcode_find(program[pc].code)->rule == OPERAND_SCRATCH_LOAD)
			return true;
	return false;
}

static int check_length(const struct sock_filter *program, size_t count, char *why, size_t why_size)
{
	if (count == 0 || count > BPF_MAXINSNS) {
		if (why != NULL && why_size > 0)
			snprintf(why, why_size,
				 "the program has %zu instructions; seccomp accepts 1 to %d", count,
				 BPF_MAXINSNS);
		return -EINVAL;
	}
	if (program == NULL) {
		if (why != NULL && why_size > 0)
			snprintf(why, why_size, "there is no program");
		return -EINVAL;
	}
	return 0;
}

int bpf_check(const struct sock_filter *program, size_t count, char *why, size_t why_size)
{
	const struct opcode *last;
	int rc;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	rc = check_length(program, count, why, why_size);
	if (rc != 0)
		return rc;
	for (size_t pc = 0; pc < count; pc++) {
		const struct opcode *op = opcode_find(program[pc].code);

		if (op == NULL)
			return reject(why, why_size, pc, NULL,
				      "opcode 0x%04x is not one seccomp accepts", program[pc].code);
		rc = check_operands(&program[pc], op, pc, count - pc - 1, why, why_size);
		if (rc != 0)
			return rc;
	}
	last = opcode_find(program[count - 1].code);
	if (last->rule != OPERAND_RETURN)
		return reject(why, why_size, count - 1, last->name,
			      "the last instruction must be a return");
	/* libseccomp never uses scratch memory: spare the 8 KiB table (and the
	 * stack pages it would touch at every start of the shim). */
	if (!reads_scratch(program, count))
		return 0;
	return check_scratch_reads(program, count, why, why_size);
}

/* The interpreter.  One step runs one instruction; a dispatch on the opcode
 * class picks the step. */

struct machine {
	const struct seccomp_data *data;
	size_t count; /* instructions in the program */
	size_t next;  /* index of the instruction to run next */
	uint32_t a;   /* accumulator */
	uint32_t x;   /* index register */
	uint32_t scratch[BPF_MEMWORDS];
	uint32_t result; /* what the program returned, once it has */
};

enum step { STEP_NEXT, STEP_RETURN, STEP_FAULT };

/* Loads read a native-endian word of seccomp_data, as the kernel's converted
 * program does, so the high half of an argument sits at +4 on little-endian
 * machines and at +0 on big-endian ones. */
static enum step load_data_word(const struct machine *m, uint32_t offset, uint32_t *value)
{
	if (offset % 4 != 0 || offset > sizeof(*m->data) - sizeof(*value))
		return STEP_FAULT;
	memcpy(value, (const unsigned char *)m->data + offset, sizeof(*value));
	return STEP_NEXT;
}

static enum step load_operand(const struct machine *m, const struct sock_filter *insn,
			      uint32_t *value)
{
	switch (BPF_MODE(insn->code)) {
	case BPF_ABS:
		return load_data_word(m, insn->k, value);
	case BPF_LEN:
		/* seccomp_check_filter() rewrites this to load the size. */
		*value = sizeof(*m->data);
		return STEP_NEXT;
	case BPF_IMM:
		*value = insn->k;
		return STEP_NEXT;
	case BPF_MEM:
		if (insn->k >= BPF_MEMWORDS)
			return STEP_FAULT;
		*value = m->scratch[insn->k];
		return STEP_NEXT;
	default:
		return STEP_FAULT;
	}
}

static enum step step_load(struct machine *m, const struct sock_filter *insn)
{
	uint32_t *target = BPF_CLASS(insn->code) == BPF_LD ? &m->a : &m->x;

	return load_operand(m, insn, target);
}

static enum step step_store(struct machine *m, const struct sock_filter *insn)
{
	if (insn->k >= BPF_MEMWORDS)
		return STEP_FAULT;
	m->scratch[insn->k] = BPF_CLASS(insn->code) == BPF_ST ? m->a : m->x;
	return STEP_NEXT;
}

static enum step step_alu(struct machine *m, const struct sock_filter *insn)
{
	uint32_t operand = BPF_SRC(insn->code) == BPF_X ? m->x : insn->k;

	switch (BPF_OP(insn->code)) {
	case BPF_ADD:
		m->a += operand;
		break;
	case BPF_SUB:
		m->a -= operand;
		break;
	case BPF_MUL:
		m->a *= operand;
		break;
	case BPF_AND:
		m->a &= operand;
		break;
	case BPF_OR:
		m->a |= operand;
		break;
	case BPF_XOR:
		m->a ^= operand;
		break;
	case BPF_NEG:
		m->a = -m->a;
		break;
	/* The kernel masks shift counts to 5 bits; only X can reach 32. */
	case BPF_LSH:
		m->a <<= operand & 31;
		break;
	case BPF_RSH:
		m->a >>= operand & 31;
		break;
	case BPF_DIV:
		/* The converted program ends the filter with 0 on a zero divisor. */
		if (operand == 0) {
			m->result = 0;
			return STEP_RETURN;
		}
		m->a /= operand;
		break;
	default:
		return STEP_FAULT;
	}
	return STEP_NEXT;
}

static bool jump_condition(const struct machine *m, const struct sock_filter *insn)
{
	uint32_t operand = BPF_SRC(insn->code) == BPF_X ? m->x : insn->k;

	switch (BPF_OP(insn->code)) {
	case BPF_JEQ:
		return m->a == operand;
	case BPF_JGT:
		return m->a > operand;
	case BPF_JGE:
		return m->a >= operand;
	default:
		return (m->a & operand) != 0; /* BPF_JSET */
	}
}

static enum step step_jump(struct machine *m, const struct sock_filter *insn)
{
	size_t after = m->count - m->next; /* instructions from the next one on */
	uint32_t offset;

	if (BPF_OP(insn->code) == BPF_JA)
		offset = insn->k;
	else
		offset = jump_condition(m, insn) ? insn->jt : insn->jf;
	if (offset >= after)
		return STEP_FAULT;
	m->next += offset;
	return STEP_NEXT;
}

static enum step step_return(struct machine *m, const struct sock_filter *insn)
{
	m->result = BPF_RVAL(insn->code) == BPF_A ? m->a : insn->k;
	return STEP_RETURN;
}

static enum step step_misc(struct machine *m, const struct sock_filter *insn)
{
	if (BPF_MISCOP(insn->code) == BPF_TAX)
		m->x = m->a;
	else
		m->a = m->x;
	return STEP_NEXT;
}

typedef enum step (*step_fn)(struct machine *m, const struct sock_filter *insn);

/* Indexed by BPF_CLASS(), which has eight values. */
static const step_fn steps[8] = {
	[BPF_LD] = step_load,	 [BPF_LDX] = step_load,	 [BPF_ST] = step_store,
	[BPF_STX] = step_store,	 [BPF_ALU] = step_alu,	 [BPF_JMP] = step_jump,
	[BPF_RET] = step_return, [BPF_MISC] = step_misc,
};

uint32_t bpf_run(const struct sock_filter *program, size_t count, const struct seccomp_data *data)
{
	struct machine m = { .data = data, .count = count };

	if (program == NULL || data == NULL)
		return SECCOMP_RET_KILL_PROCESS;
	/* Jumps only go forward, so this loop runs at most COUNT times. */
	while (m.next < count) {
		const struct sock_filter *insn = &program[m.next++];

		if (opcode_find(insn->code) == NULL)
			return SECCOMP_RET_KILL_PROCESS;
		switch (steps[BPF_CLASS(insn->code)](&m, insn)) {
		case STEP_NEXT:
			break;
		case STEP_RETURN:
			return m.result;
		case STEP_FAULT:
			return SECCOMP_RET_KILL_PROCESS;
		}
	}
	/* Ran off the end: bpf_check requires a final return. */
	return SECCOMP_RET_KILL_PROCESS;
}
