/* test_bpf: the seccomp BPF checker and interpreter (shim/core/bpf.c).
 *
 * Three kinds of evidence.  Hand-written programs pin down each instruction
 * and each rule of the kernel's checker.  Filters that libseccomp generates
 * are run over sweeps of boundary values and must give the action their
 * rule states.  And where the kernel lets a forked child load a filter, the
 * kernel itself is the oracle: it must accept what bpf_check accepts and
 * answer what bpf_run answers.  The runner never loads a filter itself.
 */
#include "bpf.h"
#include "harness.h"
#include "support.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

#define NR_WORD	    ((uint32_t)offsetof(struct seccomp_data, nr))
#define ARCH_WORD   ((uint32_t)offsetof(struct seccomp_data, arch))
#define IP_LOW	    ((uint32_t)(offsetof(struct seccomp_data, instruction_pointer) + BPF_LOW_HALF))
#define IP_HIGH	    ((uint32_t)(offsetof(struct seccomp_data, instruction_pointer) + BPF_HIGH_HALF))
#define ARG_LOW(i)  ((uint32_t)(offsetof(struct seccomp_data, args) + 8 * (i) + BPF_LOW_HALF))
#define ARG_HIGH(i) ((uint32_t)(offsetof(struct seccomp_data, args) + 8 * (i) + BPF_HIGH_HALF))

#define LD_ABS(offset) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offset))
#define LD_IMM(value)  BPF_STMT(BPF_LD | BPF_IMM, (value))
#define LDX_IMM(value) BPF_STMT(BPF_LDX | BPF_IMM, (value))
#define RET_K(value)   BPF_STMT(BPF_RET | BPF_K, (value))
#define RET_A	       BPF_STMT(BPF_RET | BPF_A, 0)
#define ALLOW	       RET_K(SECCOMP_RET_ALLOW)

static const struct seccomp_data sample = {
	.nr = 257,
	.arch = AUDIT_ARCH_X86_64,
	.instruction_pointer = 0x00007f0012345678,
	.args = { 0x1111111122222222, 0x3333333344444444, 0x5555555566666666, 0x7777777788888888,
		  0x99999999aaaaaaaa, 0xbbbbbbbbcccccccc },
};

/* Runs PROGRAM over DATA after asserting that bpf_check accepts it. */
static uint32_t run_checked(const struct sock_filter *program, size_t count,
			    const struct seccomp_data *data, unsigned int line)
{
	char why[256];
	int rc = bpf_check(program, count, why, sizeof(why));

	EXPECT_AT(line, rc == 0, "bpf_check rejected the program: %s", why);
	return bpf_run(program, count, data);
}
#define RUN(program, data) run_checked((program), COUNT(program), (data), __LINE__)

static void expect_rejected(const struct sock_filter *program, size_t count, size_t index,
			    unsigned int line)
{
	char why[256];
	char needle[32];
	int rc = bpf_check(program, count, why, sizeof(why));
	const char *named;

	EXPECT_AT(line, rc == -EINVAL, "bpf_check returned %d, not -EINVAL", rc);
	snprintf(needle, sizeof(needle), "instruction %zu", index);
	named = strstr(why, needle);
	if (named != NULL)
		named += strlen(needle);
	EXPECT_AT(line, named != NULL && (*named == ' ' || *named == ':'),
		  "WHY does not name %s: \"%s\"", needle, why);
}
#define EXPECT_REJECTED_AT(program, index) \
	expect_rejected((program), COUNT(program), (index), __LINE__)

static void expect_accepted(const struct sock_filter *program, size_t count, unsigned int line)
{
	char why[256];
	int rc = bpf_check(program, count, why, sizeof(why));

	EXPECT_AT(line, rc == 0, "bpf_check rejected the program: %s", why);
}
#define EXPECT_ACCEPTED(program) expect_accepted((program), COUNT(program), __LINE__)

/* ---- Loads ---- */

static void load_reads_syscall_number(void)
{
	const struct sock_filter program[] = { LD_ABS(NR_WORD), RET_A };

	CU_ASSERT_EQUAL(RUN(program, &sample), 257);
}

static void load_reads_arch(void)
{
	const struct sock_filter program[] = { LD_ABS(ARCH_WORD), RET_A };

	CU_ASSERT_EQUAL(RUN(program, &sample), AUDIT_ARCH_X86_64);
}

static void load_reads_both_halves_of_instruction_pointer(void)
{
	const struct sock_filter low[] = { LD_ABS(IP_LOW), RET_A };
	const struct sock_filter high[] = { LD_ABS(IP_HIGH), RET_A };

	CU_ASSERT_EQUAL(RUN(low, &sample), 0x12345678);
	CU_ASSERT_EQUAL(RUN(high, &sample), 0x00007f00);
}

static void load_reads_low_word_of_argument(void)
{
	const struct sock_filter program[] = { LD_ABS(ARG_LOW(2)), RET_A };

	CU_ASSERT_EQUAL(RUN(program, &sample), 0x66666666);
}

static void load_reads_high_word_of_argument(void)
{
	const struct sock_filter program[] = { LD_ABS(ARG_HIGH(2)), RET_A };

	CU_ASSERT_EQUAL(RUN(program, &sample), 0x55555555);
}

static void load_reads_each_argument_from_its_own_slot(void)
{
	for (unsigned int arg = 0; arg < 6; arg++) {
		const struct sock_filter program[] = { LD_ABS(ARG_LOW(arg)), RET_A };
		uint32_t expected = (uint32_t)sample.args[arg];

		EXPECT(RUN(program, &sample) == expected, "A%u did not read its own slot", arg);
	}
}

static void len_loads_size_of_seccomp_data_into_a_and_x(void)
{
	const struct sock_filter into_a[] = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_A };
	const struct sock_filter into_x[] = {
		BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		RET_A,
	};

	CU_ASSERT_EQUAL(RUN(into_a, &sample), sizeof(struct seccomp_data));
	CU_ASSERT_EQUAL(RUN(into_x, &sample), sizeof(struct seccomp_data));
}

static void ld_imm_loads_constant(void)
{
	const struct sock_filter program[] = { LD_IMM(0xdeadbeef), RET_A };

	CU_ASSERT_EQUAL(RUN(program, &sample), 0xdeadbeef);
}

static void tax_and_txa_copy_between_registers(void)
{
	const struct sock_filter a_to_x[] = {
		LD_IMM(7), BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_IMM(0), BPF_STMT(BPF_MISC | BPF_TXA, 0),
		RET_A,
	};
	const struct sock_filter x_to_a[] = { LDX_IMM(9), BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A };

	CU_ASSERT_EQUAL(RUN(a_to_x, &sample), 7);
	CU_ASSERT_EQUAL(RUN(x_to_a, &sample), 9);
}

/* ---- Arithmetic ---- */

/* A op OPERAND, with OPERAND in both k and X so one helper serves both forms. */
static uint32_t alu(uint16_t code, uint32_t a, uint32_t operand)
{
	const struct sock_filter program[] = {
		LDX_IMM(operand),
		LD_IMM(a),
		BPF_STMT(code, operand),
		RET_A,
	};

	return RUN(program, &sample);
}

static void add_wraps_at_32_bits(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_ADD | BPF_K, 0xffffffff, 2), 1);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_ADD | BPF_X, 0xffffffff, 2), 1);
}

static void sub_wraps_below_zero(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_SUB | BPF_K, 1, 2), 0xffffffff);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_SUB | BPF_X, 1, 2), 0xffffffff);
}

static void mul_keeps_low_32_bits(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_MUL | BPF_K, 0x10000, 0x10001), 0x10000);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_MUL | BPF_X, 0x10000, 0x10001), 0x10000);
}

static void div_is_unsigned_and_truncates(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_DIV | BPF_K, 0xffffffff, 2), 0x7fffffff);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_DIV | BPF_X, 7, 2), 3);
}

/* The kernel's converted program returns 0 (SECCOMP_RET_KILL_THREAD) from
 * the whole filter, rather than setting A to 0 and going on. */
static void div_by_zero_x_ends_the_filter_with_zero(void)
{
	const struct sock_filter program[] = {
		LDX_IMM(0),
		LD_IMM(10),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		ALLOW,
	};

	CU_ASSERT_EQUAL(RUN(program, &sample), 0);
}

static void and_or_xor_combine_bits(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_AND | BPF_K, 0xff00ff00, 0x0ff00ff0), 0x0f000f00);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_OR | BPF_X, 0xff00ff00, 0x0ff00ff0), 0xfff0fff0);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_XOR | BPF_K, 0xff00ff00, 0x0ff00ff0), 0xf0f0f0f0);
}

static void x_forms_take_the_operand_from_x_not_k(void)
{
	const struct sock_filter program[] = {
		LDX_IMM(3),
		LD_IMM(10),
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 7),
		RET_A,
	};

	CU_ASSERT_EQUAL(RUN(program, &sample), 7);
}

static void shifts_by_constant_move_bits(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_LSH | BPF_K, 0x80000001, 1), 2);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_RSH | BPF_K, 0x80000000, 31), 1);
}

/* Verified against the kernel below (kernel_agrees_with_interpreter_on_alu). */
static void shift_by_x_uses_low_five_bits(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_LSH | BPF_X, 3, 33), 6);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_RSH | BPF_X, 0x80, 32), 0x80);
}

static void neg_negates_accumulator(void)
{
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_NEG, 1, 0), 0xffffffff);
	CU_ASSERT_EQUAL(alu(BPF_ALU | BPF_NEG, 0, 0), 0);
}

/* ---- Jumps and returns ---- */

static bool takes_true_branch(uint16_t code, uint32_t a, uint32_t operand)
{
	const struct sock_filter program[] = {
		LDX_IMM(operand), LD_IMM(a), BPF_JUMP(code, operand, 1, 0), RET_K(0), RET_K(1),
	};

	return RUN(program, &sample) == 1;
}

static void jeq_takes_true_branch_only_when_equal(void)
{
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JEQ | BPF_K, 5, 5));
	CU_ASSERT_FALSE(takes_true_branch(BPF_JMP | BPF_JEQ | BPF_K, 5, 6));
}

static void jgt_compares_unsigned(void)
{
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JGT | BPF_K, 0x80000000, 1));
	CU_ASSERT_FALSE(takes_true_branch(BPF_JMP | BPF_JGT | BPF_K, 1, 0x80000000));
	CU_ASSERT_FALSE(takes_true_branch(BPF_JMP | BPF_JGT | BPF_K, 5, 5));
}

static void jge_takes_true_branch_when_equal(void)
{
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JGE | BPF_K, 5, 5));
	CU_ASSERT_FALSE(takes_true_branch(BPF_JMP | BPF_JGE | BPF_K, 4, 5));
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JGE | BPF_K, 0xffffffff, 0));
}

static void jset_takes_true_branch_when_bit_set(void)
{
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JSET | BPF_K, 0x10, 0x30));
}

static void jset_takes_false_branch_when_no_bit_shared(void)
{
	CU_ASSERT_FALSE(takes_true_branch(BPF_JMP | BPF_JSET | BPF_K, 0x0f, 0xf0));
}

static void jump_x_forms_compare_against_x_not_k(void)
{
	const struct sock_filter program[] = {
		LDX_IMM(5), LD_IMM(5), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 6, 1, 0),
		RET_K(0),   RET_K(1),
	};

	CU_ASSERT_EQUAL(RUN(program, &sample), 1);
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JGT | BPF_X, 6, 5));
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JGE | BPF_X, 5, 5));
	CU_ASSERT_TRUE(takes_true_branch(BPF_JMP | BPF_JSET | BPF_X, 6, 2));
}

static void ja_skips_k_instructions(void)
{
	const struct sock_filter program[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 2),
		RET_K(0),
		RET_K(1),
		RET_K(2),
	};

	CU_ASSERT_EQUAL(RUN(program, &sample), 2);
}

static void branch_offsets_count_from_next_instruction(void)
{
	const struct sock_filter program[] = {
		LD_ABS(NR_WORD),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 257, 0, 1),
		RET_K(10),
		RET_K(20),
	};
	struct seccomp_data other = sample;

	other.nr = 1;
	CU_ASSERT_EQUAL(RUN(program, &sample), 10);
	CU_ASSERT_EQUAL(RUN(program, &other), 20);
}

static void ret_k_returns_constant(void)
{
	const struct sock_filter program[] = { RET_K(SECCOMP_RET_ERRNO | 13) };

	CU_ASSERT_EQUAL(RUN(program, &sample), SECCOMP_RET_ERRNO | 13);
}

static void ret_a_returns_accumulator(void)
{
	const struct sock_filter program[] = {
		LD_ABS(NR_WORD),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_TRACE),
		RET_A,
	};

	CU_ASSERT_EQUAL(RUN(program, &sample), SECCOMP_RET_TRACE | 257);
}

static void scratch_memory_round_trips(void)
{
	for (uint32_t word = 0; word < BPF_MEMWORDS; word++) {
		uint32_t value = 0x01010101 * (word + 1);
		const struct sock_filter through_a[] = {
			LD_IMM(value), BPF_STMT(BPF_ST, word),
			LD_IMM(0),     BPF_STMT(BPF_LD | BPF_MEM, word),
			RET_A,
		};
		const struct sock_filter through_x[] = {
			LDX_IMM(value),
			BPF_STMT(BPF_STX, word),
			LDX_IMM(0),
			BPF_STMT(BPF_LDX | BPF_MEM, word),
			BPF_STMT(BPF_MISC | BPF_TXA, 0),
			RET_A,
		};

		EXPECT(RUN(through_a, &sample) == value, "st/ld M[%u] lost the value", word);
		EXPECT(RUN(through_x, &sample) == value, "stx/ldx M[%u] lost the value", word);
	}
}

/* ---- bpf_run on programs bpf_check would reject ---- */

#define RUN_UNCHECKED(program, data) bpf_run((program), COUNT(program), (data))

static void run_kills_when_jump_leaves_program(void)
{
	const struct sock_filter ja[] = { BPF_STMT(BPF_JMP | BPF_JA, 5), ALLOW };
	const struct sock_filter jeq[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 200, 200),
		ALLOW,
	};
	const struct sock_filter huge[] = { BPF_STMT(BPF_JMP | BPF_JA, 0xffffffff), ALLOW };

	CU_ASSERT_EQUAL(RUN_UNCHECKED(ja, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(RUN_UNCHECKED(jeq, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(RUN_UNCHECKED(huge, &sample), SECCOMP_RET_KILL_PROCESS);
}

static void run_kills_when_load_leaves_data(void)
{
	const struct sock_filter past_end[] = { LD_ABS(64), RET_A };
	const struct sock_filter wrapping[] = { LD_ABS(0xfffffffc), RET_A };
	const struct sock_filter unaligned[] = { LD_ABS(2), RET_A };

	CU_ASSERT_EQUAL(RUN_UNCHECKED(past_end, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(RUN_UNCHECKED(wrapping, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(RUN_UNCHECKED(unaligned, &sample), SECCOMP_RET_KILL_PROCESS);
}

static void run_kills_on_scratch_index_out_of_range(void)
{
	const struct sock_filter store[] = { BPF_STMT(BPF_ST, BPF_MEMWORDS), ALLOW };
	const struct sock_filter load[] = { BPF_STMT(BPF_LDX | BPF_MEM, 0x80000000), ALLOW };

	CU_ASSERT_EQUAL(RUN_UNCHECKED(store, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(RUN_UNCHECKED(load, &sample), SECCOMP_RET_KILL_PROCESS);
}

static void run_kills_when_program_has_no_return(void)
{
	const struct sock_filter program[] = { LD_IMM(SECCOMP_RET_ALLOW) };

	CU_ASSERT_EQUAL(RUN_UNCHECKED(program, &sample), SECCOMP_RET_KILL_PROCESS);
}

static void run_kills_on_opcode_seccomp_rejects(void)
{
	const struct sock_filter loads_a_byte[] = { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET_A };
	const struct sock_filter takes_modulo[] = { BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 2), RET_A };

	CU_ASSERT_EQUAL(RUN_UNCHECKED(loads_a_byte, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(RUN_UNCHECKED(takes_modulo, &sample), SECCOMP_RET_KILL_PROCESS);
}

static void run_kills_without_program_or_data(void)
{
	const struct sock_filter program[] = { ALLOW };

	CU_ASSERT_EQUAL(bpf_run(NULL, 1, &sample), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(bpf_run(program, 1, NULL), SECCOMP_RET_KILL_PROCESS);
}

/* ---- bpf_check ---- */

/* Each of these is also handed to the kernel by
 * kernel_agrees_with_check_on_sample_programs. */

static const struct sock_filter every_seccomp_instruction[] = {
	LD_ABS(NR_WORD),
	BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
	BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
	LD_IMM(1),
	LDX_IMM(2),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_STX, 1),
	BPF_STMT(BPF_LD | BPF_MEM, 0),
	BPF_STMT(BPF_LDX | BPF_MEM, 1),
	BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
	BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1),
	BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3),
	BPF_STMT(BPF_ALU | BPF_MUL | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 2),
	BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
	BPF_STMT(BPF_ALU | BPF_AND | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 0x100),
	BPF_STMT(BPF_ALU | BPF_OR | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 0x3),
	BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1),
	BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 1),
	BPF_STMT(BPF_ALU | BPF_RSH | BPF_X, 0),
	BPF_STMT(BPF_ALU | BPF_NEG, 0),
	BPF_STMT(BPF_MISC | BPF_TAX, 0),
	BPF_STMT(BPF_MISC | BPF_TXA, 0),
	BPF_STMT(BPF_JMP | BPF_JA, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 0),
	RET_A,
	ALLOW,
};
static const struct sock_filter last_word_load[] = { LD_ABS(60), ALLOW };
static const struct sock_filter unaligned_load[] = { LD_ABS(2), ALLOW };
static const struct sock_filter load_past_data[] = { LD_ABS(64), ALLOW };
static const struct sock_filter true_branch_past_end[] = {
	LD_ABS(NR_WORD),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 0),
	ALLOW,
};
static const struct sock_filter false_branch_past_end[] = {
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 1, 0, 2),
	ALLOW,
	ALLOW,
};
static const struct sock_filter ja_past_end[] = { BPF_STMT(BPF_JMP | BPF_JA, 1), ALLOW };
static const struct sock_filter jumps_to_last[] = {
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 1, 0),
	BPF_STMT(BPF_JMP | BPF_JA, 0),
	ALLOW,
};
static const struct sock_filter missing_final_return[] = { ALLOW, LD_ABS(NR_WORD) };
static const struct sock_filter division_by_zero_constant[] = {
	LD_ABS(NR_WORD),
	BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
	RET_A,
};
static const struct sock_filter shift_by_31[] = {
	BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 31),
	BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31),
	RET_A,
};
static const struct sock_filter left_shift_by_32[] = {
	BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32),
	RET_A,
};
static const struct sock_filter right_shift_by_32[] = {
	BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 32),
	RET_A,
};
static const struct sock_filter scratch_out_of_range[] = { BPF_STMT(BPF_STX, BPF_MEMWORDS), ALLOW };
static const struct sock_filter unwritten_scratch_load[] = {
	BPF_STMT(BPF_ST, 2),
	BPF_STMT(BPF_LD | BPF_MEM, 3),
	RET_A,
};
static const struct sock_filter scratch_written_on_one_branch[] = {
	LD_ABS(NR_WORD),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_LDX | BPF_MEM, 0),
	RET_A,
};
static const struct sock_filter scratch_written_on_every_branch[] = {
	LD_ABS(NR_WORD),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_JMP | BPF_JA, 1),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_LD | BPF_MEM, 0),
	RET_A,
};
/* Index 5 follows a branch whose own path never stored M[0], but only the
 * ja at 3, after the store, leads there. */
static const struct sock_filter scratch_read_reached_only_by_writers[] = {
	LD_ABS(NR_WORD),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_JMP | BPF_JA, 1),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 1, 1),
	BPF_STMT(BPF_LD | BPF_MEM, 0),
	ALLOW,
};
/* Index 5 is reached only from the ja at 3, after the store, but the kernel
 * carries the state before the return at 4 into it and rejects the read. */
static const struct sock_filter scratch_read_after_return[] = {
	LD_ABS(NR_WORD),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_JMP | BPF_JA, 1),
	RET_K(SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_MEM, 0),
	RET_A,
};
static const struct sock_filter byte_load[] = { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), ALLOW };
static const struct sock_filter modulo[] = {
	LD_ABS(NR_WORD),
	BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 2),
	RET_A,
};

static void check_accepts_every_seccomp_instruction(void)
{
	EXPECT_ACCEPTED(every_seccomp_instruction);
}

static void check_accepts_load_of_last_data_word(void)
{
	EXPECT_ACCEPTED(last_word_load);
}

static void check_rejects_unaligned_load(void)
{
	EXPECT_REJECTED_AT(unaligned_load, 0);
}

static void check_rejects_load_past_end_of_data(void)
{
	EXPECT_REJECTED_AT(load_past_data, 0);
}

static void check_rejects_jump_past_end(void)
{
	EXPECT_REJECTED_AT(true_branch_past_end, 1);
	EXPECT_REJECTED_AT(false_branch_past_end, 0);
	EXPECT_REJECTED_AT(ja_past_end, 0);
}

static void check_accepts_jumps_to_last_instruction(void)
{
	EXPECT_ACCEPTED(jumps_to_last);
}

static void check_rejects_missing_final_return(void)
{
	EXPECT_REJECTED_AT(missing_final_return, 1);
}

static void check_rejects_division_by_zero_constant(void)
{
	EXPECT_REJECTED_AT(division_by_zero_constant, 1);
}

static void check_rejects_shift_by_32_or_more(void)
{
	EXPECT_ACCEPTED(shift_by_31);
	EXPECT_REJECTED_AT(left_shift_by_32, 0);
	EXPECT_REJECTED_AT(right_shift_by_32, 0);
}

static void check_rejects_scratch_index_out_of_range(void)
{
	EXPECT_REJECTED_AT(scratch_out_of_range, 0);
}

static void check_rejects_unwritten_scratch_load(void)
{
	EXPECT_REJECTED_AT(unwritten_scratch_load, 1);
}

static void check_rejects_scratch_written_on_one_branch_only(void)
{
	EXPECT_REJECTED_AT(scratch_written_on_one_branch, 3);
}

static void check_accepts_scratch_written_on_every_branch(void)
{
	EXPECT_ACCEPTED(scratch_written_on_every_branch);
}

static void check_accepts_scratch_read_reached_only_by_writers(void)
{
	EXPECT_ACCEPTED(scratch_read_reached_only_by_writers);
}

static void check_rejects_scratch_read_after_return_as_kernel_does(void)
{
	EXPECT_REJECTED_AT(scratch_read_after_return, 5);
}

static void check_rejects_non_seccomp_opcode(void)
{
	EXPECT_REJECTED_AT(byte_load, 0);
}

static void check_rejects_modulo_which_seccomp_lacks(void)
{
	EXPECT_REJECTED_AT(modulo, 1);
}

static struct sock_filter long_program[BPF_MAXINSNS + 1];

static void fill_long_program(void)
{
	for (size_t i = 0; i < COUNT(long_program); i++)
		long_program[i] = (struct sock_filter)ALLOW;
}

static void check_rejects_empty_and_oversized_programs(void)
{
	char why[128];

	fill_long_program();
	CU_ASSERT_EQUAL(bpf_check(long_program, 0, why, sizeof(why)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "0 instructions"));
	CU_ASSERT_EQUAL(bpf_check(long_program, BPF_MAXINSNS + 1, why, sizeof(why)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "4097 instructions"));
}

static void check_accepts_maximum_length_program(void)
{
	fill_long_program();
	CU_ASSERT_EQUAL(bpf_check(long_program, BPF_MAXINSNS, NULL, 0), 0);
}

static void check_rejects_missing_program(void)
{
	CU_ASSERT_EQUAL(bpf_check(NULL, 1, NULL, 0), -EINVAL);
}

/* Written from kernel/seccomp.c seccomp_check_filter(), independently of
 * shim/core/bpf.c's table. */
static const uint16_t seccomp_opcodes[] = {
	BPF_LD | BPF_W | BPF_ABS,
	BPF_LD | BPF_W | BPF_LEN,
	BPF_LDX | BPF_W | BPF_LEN,
	BPF_RET | BPF_K,
	BPF_RET | BPF_A,
	BPF_ALU | BPF_ADD | BPF_K,
	BPF_ALU | BPF_ADD | BPF_X,
	BPF_ALU | BPF_SUB | BPF_K,
	BPF_ALU | BPF_SUB | BPF_X,
	BPF_ALU | BPF_MUL | BPF_K,
	BPF_ALU | BPF_MUL | BPF_X,
	BPF_ALU | BPF_DIV | BPF_K,
	BPF_ALU | BPF_DIV | BPF_X,
	BPF_ALU | BPF_AND | BPF_K,
	BPF_ALU | BPF_AND | BPF_X,
	BPF_ALU | BPF_OR | BPF_K,
	BPF_ALU | BPF_OR | BPF_X,
	BPF_ALU | BPF_XOR | BPF_K,
	BPF_ALU | BPF_XOR | BPF_X,
	BPF_ALU | BPF_LSH | BPF_K,
	BPF_ALU | BPF_LSH | BPF_X,
	BPF_ALU | BPF_RSH | BPF_K,
	BPF_ALU | BPF_RSH | BPF_X,
	BPF_ALU | BPF_NEG,
	BPF_LD | BPF_IMM,
	BPF_LDX | BPF_IMM,
	BPF_MISC | BPF_TAX,
	BPF_MISC | BPF_TXA,
	BPF_LD | BPF_MEM,
	BPF_LDX | BPF_MEM,
	BPF_ST,
	BPF_STX,
	BPF_JMP | BPF_JA,
	BPF_JMP | BPF_JEQ | BPF_K,
	BPF_JMP | BPF_JEQ | BPF_X,
	BPF_JMP | BPF_JGE | BPF_K,
	BPF_JMP | BPF_JGE | BPF_X,
	BPF_JMP | BPF_JGT | BPF_K,
	BPF_JMP | BPF_JGT | BPF_X,
	BPF_JMP | BPF_JSET | BPF_K,
	BPF_JMP | BPF_JSET | BPF_X,
};

static bool in_seccomp_list(uint16_t code)
{
	for (size_t i = 0; i < COUNT(seccomp_opcodes); i++)
		if (seccomp_opcodes[i] == code)
			return true;
	return false;
}

/* A program that passes every operand rule whatever the probed opcode: k = 4
 * is an aligned data offset, a written scratch word, a non-zero divisor, a
 * short shift and a jump that lands inside. */
static void build_opcode_probe(uint16_t code, struct sock_filter probe[7])
{
	probe[0] = (struct sock_filter)BPF_STMT(BPF_ST, 4);
	probe[1] = (struct sock_filter)BPF_JUMP(code, 4, 0, 0);
	for (size_t i = 2; i < 7; i++)
		probe[i] = (struct sock_filter)ALLOW;
}

static void check_accepts_exactly_the_seccomp_opcode_list(void)
{
	struct sock_filter probe[7];

	for (uint32_t code = 0; code <= UINT16_MAX; code++) {
		bool listed = in_seccomp_list((uint16_t)code);

		build_opcode_probe((uint16_t)code, probe);
		if ((bpf_check(probe, COUNT(probe), NULL, 0) == 0) != listed)
			EXPECT(false, "opcode 0x%04x: bpf_check %s it, seccomp %s it", code,
			       listed ? "rejects" : "accepts", listed ? "accepts" : "rejects");
	}
}

static void check_reports_through_any_why_buffer(void)
{
	char tiny[8];
	char why[128] = "stale";

	CU_ASSERT_EQUAL(bpf_check(unaligned_load, COUNT(unaligned_load), NULL, 0), -EINVAL);
	CU_ASSERT_EQUAL(bpf_check(unaligned_load, COUNT(unaligned_load), tiny, sizeof(tiny)),
			-EINVAL);
	CU_ASSERT_EQUAL(strlen(tiny), sizeof(tiny) - 1);
	CU_ASSERT_EQUAL(bpf_check(last_word_load, COUNT(last_word_load), why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(why, "");
}

/* ---- Filters generated by libseccomp ---- */

static const uint32_t x86_64_only[] = { SCMP_ARCH_X86_64, 0 };
static const uint32_t x86_64_and_x32[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X32, 0 };
static const uint32_t x32_only[] = { SCMP_ARCH_X32, 0 };
static const uint32_t x86_64_and_i386[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, 0 };
static const uint32_t i386_only[] = { SCMP_ARCH_X86, 0 };

#define DENIED	 SCMP_ACT_ERRNO(EPERM)
#define BAD_ARCH SCMP_ACT_TRAP
#define X32_BIT	 0x40000000u

/* libseccomp lays out x86 filters for little-endian words; so does this
 * interpreter, on a little-endian host only. */
static bool host_reads_x86_words(void)
{
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
		return true;
	test_skip("x86 filters are read in host byte order, and this host is big-endian");
	return false;
}

/* A context for exactly ARCHES (SCMP_ARCH_* tokens, ending with 0). */
static scmp_filter_ctx filter_new(uint32_t default_action, const uint32_t *arches)
{
	scmp_filter_ctx ctx = seccomp_init(default_action);
	bool keeps_native = false;

	if (ctx == NULL)
		return NULL;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, BAD_ARCH) != 0)
		goto fail;
	for (; *arches != 0; arches++) {
		int rc = seccomp_arch_add(ctx, *arches);

		if (rc != 0 && rc != -EEXIST)
			goto fail;
		keeps_native = keeps_native || *arches == seccomp_arch_native();
	}
	if (!keeps_native && seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) != 0)
		goto fail;
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

/* Rules name syscalls by their number on the host; libseccomp translates. */
static int host_nr(const char *name)
{
	return seccomp_syscall_resolve_name(name);
}

static uint32_t nr_on(uint32_t arch, const char *name)
{
	return (uint32_t)seccomp_syscall_resolve_name_arch(arch, name);
}

static struct seccomp_data call_on(uint32_t audit_arch, uint32_t nr)
{
	struct seccomp_data data = { .nr = (int)nr, .arch = audit_arch };

	return data;
}

struct compiled {
	struct sock_filter *program;
	size_t count;
};

static bool read_filter(int fd, struct compiled *out)
{
	struct stat status;

	if (fstat(fd, &status) != 0 || status.st_size <= 0 ||
	    status.st_size % (off_t)sizeof(struct sock_filter) != 0)
		return false;
	out->count = (size_t)status.st_size / sizeof(struct sock_filter);
	out->program = malloc((size_t)status.st_size);
	if (out->program == NULL)
		return false;
	if (pread(fd, out->program, (size_t)status.st_size, 0) == status.st_size)
		return true;
	free(out->program);
	out->program = NULL;
	return false;
}

/* Exports CTX's BPF through a memfd, reads it back, releases CTX, and asserts
 * that bpf_check accepts what libseccomp generated. */
static bool export_filter(scmp_filter_ctx ctx, struct compiled *out, unsigned int line)
{
	char why[256] = "";
	int fd = memfd_create("preseal-test-bpf", MFD_CLOEXEC);
	bool exported =
		ctx != NULL && fd >= 0 && seccomp_export_bpf(ctx, fd) == 0 && read_filter(fd, out);

	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	EXPECT_AT(line, exported, "could not build and export the filter");
	if (!exported)
		return false;
	EXPECT_AT(line, bpf_check(out->program, out->count, why, sizeof(why)) == 0,
		  "bpf_check rejected libseccomp's filter: %s", why);
	return true;
}
#define EXPORT(ctx, out) export_filter((ctx), (out), __LINE__)

static uint32_t run_on(const struct compiled *filter, const struct seccomp_data *data)
{
	return bpf_run(filter->program, filter->count, data);
}

static bool rule_holds(enum scmp_compare op, uint64_t arg, uint64_t datum_a, uint64_t datum_b)
{
	switch (op) {
	case SCMP_CMP_NE:
		return arg != datum_a;
	case SCMP_CMP_LT:
		return arg < datum_a;
	case SCMP_CMP_LE:
		return arg <= datum_a;
	case SCMP_CMP_EQ:
		return arg == datum_a;
	case SCMP_CMP_GE:
		return arg >= datum_a;
	case SCMP_CMP_GT:
		return arg > datum_a;
	case SCMP_CMP_MASKED_EQ:
		return (arg & datum_a) == datum_b;
	default:
		return false;
	}
}

#define HIGH_WORD_ONE 0x100000000ull

/* Values where a 64-bit comparison built from 32-bit halves could go wrong. */
static size_t probes_around(uint64_t datum, uint64_t probes[16])
{
	const uint64_t list[] = {
		0,
		1,
		datum - 1,
		datum,
		datum + 1,
		datum ^ HIGH_WORD_ONE,
		datum + HIGH_WORD_ONE,
		datum - HIGH_WORD_ONE,
		datum & 0xffffffff,
		datum | 0xffffffff00000000,
		UINT64_MAX,
		0xffffffff,
		HIGH_WORD_ONE,
		(datum & 0xffffffff) - 1,
	};

	memcpy(probes, list, sizeof(list));
	return COUNT(list);
}

static const uint64_t datums[] = {
	0x0000000123456789, 0xfffffffe00000001, 5, 0x80000000, 0xffffffff,
};

/* Masks with their values: both halves, one half, and the sign bit. */
static const uint64_t masked_cases[][2] = {
	{ 0xff00000000ff0000, 0x1200000000340000 }, { 0xffffffff00000000, 0x0000000100000000 },
	{ 0x000000000000000f, 0x0000000000000005 }, { UINT64_MAX, 0x0000000123456789 },
	{ 0x8000000000000001, 0x8000000000000000 },
};

static void expect_rule_over_probes(const struct compiled *filter, const struct scmp_arg_cmp *cmp,
				    const uint64_t *probes, size_t probe_count)
{
	for (size_t i = 0; i < probe_count; i++) {
		uint32_t write_nr = nr_on(SCMP_ARCH_X86_64, "write");
		struct seccomp_data data = call_on(AUDIT_ARCH_X86_64, write_nr);
		uint32_t wanted, got;

		for (unsigned int arg = 0; arg < 6; arg++)
			data.args[arg] = ~probes[i];
		data.args[cmp->arg] = probes[i];
		wanted = rule_holds(cmp->op, probes[i], cmp->datum_a, cmp->datum_b) ? SCMP_ACT_ALLOW
										    : DENIED;
		got = run_on(filter, &data);
		EXPECT(got == wanted,
		       "op %d on A%u with %#llx/%#llx: argument %#llx gave %#x, the rule says %#x",
		       cmp->op, cmp->arg, (unsigned long long)cmp->datum_a,
		       (unsigned long long)cmp->datum_b, (unsigned long long)probes[i], got,
		       wanted);
	}
}

static void sweep_one_rule(const struct scmp_arg_cmp *cmp, const uint64_t *probes,
			   size_t probe_count)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_only);
	struct compiled filter;

	if (ctx != NULL &&
	    seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, host_nr("write"), 1, cmp) != 0) {
		EXPECT(false, "libseccomp refused op %d on A%u", cmp->op, cmp->arg);
		seccomp_release(ctx);
		return;
	}
	if (!EXPORT(ctx, &filter))
		return;
	expect_rule_over_probes(&filter, cmp, probes, probe_count);
	free(filter.program);
}

/* One rule `write if A<i> OP datum` for every argument and datum. */
static void sweep_comparison(enum scmp_compare op)
{
	uint64_t probes[16];

	if (!host_reads_x86_words())
		return;
	for (unsigned int arg = 0; arg < 6; arg++) {
		for (size_t i = 0; i < COUNT(datums); i++) {
			struct scmp_arg_cmp cmp = { arg, op, datums[i], 0 };

			sweep_one_rule(&cmp, probes, probes_around(datums[i], probes));
		}
	}
}

static void libseccomp_eq_matches_only_the_exact_64bit_value(void)
{
	sweep_comparison(SCMP_CMP_EQ);
}

static void libseccomp_ne_matches_every_other_value(void)
{
	sweep_comparison(SCMP_CMP_NE);
}

static void libseccomp_lt_compares_all_64_bits(void)
{
	sweep_comparison(SCMP_CMP_LT);
}

static void libseccomp_le_compares_all_64_bits(void)
{
	sweep_comparison(SCMP_CMP_LE);
}

static void libseccomp_gt_compares_all_64_bits(void)
{
	sweep_comparison(SCMP_CMP_GT);
}

static void libseccomp_ge_compares_all_64_bits(void)
{
	sweep_comparison(SCMP_CMP_GE);
}

static void libseccomp_masked_eq_masks_both_halves(void)
{
	uint64_t probes[16];

	if (!host_reads_x86_words())
		return;
	for (unsigned int arg = 0; arg < 6; arg++) {
		for (size_t i = 0; i < COUNT(masked_cases); i++) {
			uint64_t mask = masked_cases[i][0], value = masked_cases[i][1];
			struct scmp_arg_cmp cmp = { arg, SCMP_CMP_MASKED_EQ, mask, value };
			size_t count = probes_around(value, probes);

			probes[count++] = value | ~mask; /* bits outside the mask do not matter */
			sweep_one_rule(&cmp, probes, count);
		}
	}
}

static void libseccomp_rule_with_two_arguments_needs_both(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_only);
	struct seccomp_data data = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "write"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("write"), 2,
				 SCMP_A0(SCMP_CMP_EQ, 1, 0), SCMP_A5(SCMP_CMP_GE, 0x700000000, 0));
	if (!EXPORT(ctx, &filter))
		return;
	data.args[0] = 1;
	data.args[5] = 0x700000000;
	CU_ASSERT_EQUAL(run_on(&filter, &data), SCMP_ACT_ALLOW);
	data.args[5] = 0x6ffffffff;
	CU_ASSERT_EQUAL(run_on(&filter, &data), DENIED);
	data.args[0] = 2;
	data.args[5] = 0x700000000;
	CU_ASSERT_EQUAL(run_on(&filter, &data), DENIED);
	free(filter.program);
}

static void libseccomp_allows_listed_call_and_denies_others(void)
{
	scmp_filter_ctx ctx = filter_new(SCMP_ACT_KILL_PROCESS, x86_64_only);
	struct seccomp_data read_call = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "read"));
	struct seccomp_data open_call =
		call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "openat"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("read"), 0);
	if (!EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &read_call), SCMP_ACT_ALLOW);
	CU_ASSERT_EQUAL(run_on(&filter, &open_call), SCMP_ACT_KILL_PROCESS);
	free(filter.program);
}

static void libseccomp_errno_action_keeps_errno_in_data(void)
{
	scmp_filter_ctx ctx = filter_new(SCMP_ACT_ALLOW, x86_64_only);
	struct seccomp_data data = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "ptrace"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), host_nr("ptrace"), 0);
	if (!EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &data), SECCOMP_RET_ERRNO | ENOSYS);
	free(filter.program);
}

static void libseccomp_wrong_arch_gets_bad_arch_action(void)
{
	scmp_filter_ctx ctx = filter_new(SCMP_ACT_ALLOW, x86_64_only);
	struct seccomp_data i386_call = call_on(AUDIT_ARCH_I386, 4);
	struct seccomp_data arm_call = call_on(AUDIT_ARCH_AARCH64, 64);
	struct compiled filter;

	if (!host_reads_x86_words() || !EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &i386_call), BAD_ARCH);
	CU_ASSERT_EQUAL(run_on(&filter, &arm_call), BAD_ARCH);
	free(filter.program);
}

static void libseccomp_x32_number_gets_bad_arch_action_without_x32(void)
{
	scmp_filter_ctx ctx = filter_new(SCMP_ACT_ALLOW, x86_64_only);
	struct seccomp_data x32_read = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "read"));
	struct seccomp_data x32_write = call_on(AUDIT_ARCH_X86_64, X32_BIT | 1);
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("read"), 0);
	if (!EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &x32_read), BAD_ARCH);
	CU_ASSERT_EQUAL(run_on(&filter, &x32_write), BAD_ARCH);
	free(filter.program);
}

/* libseccomp lets nr == -1 (what a tracer sets to skip a call) past the x32
 * check on purpose; it then gets the default action, not the bad-arch one. */
static void libseccomp_syscall_minus_one_skips_the_x32_check(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_only);
	struct seccomp_data skipped = call_on(AUDIT_ARCH_X86_64, 0xffffffff);
	struct compiled filter;

	if (!host_reads_x86_words() || !EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &skipped), DENIED);
	free(filter.program);
}

static void libseccomp_x32_rule_matches_x32_numbers(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_and_x32);
	struct seccomp_data x32_write = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "write"));
	struct seccomp_data x32_close = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "close"));
	struct seccomp_data native = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "write"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	CU_ASSERT_EQUAL(x32_write.nr, (int)(X32_BIT | 1));
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("write"), 0);
	if (!EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &x32_write), SCMP_ACT_ALLOW);
	CU_ASSERT_EQUAL(run_on(&filter, &native), SCMP_ACT_ALLOW);
	CU_ASSERT_EQUAL(run_on(&filter, &x32_close), DENIED);
	free(filter.program);
}

static void libseccomp_x32_only_filter_sends_x86_64_numbers_to_bad_arch(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x32_only);
	struct seccomp_data native = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "write"));
	struct seccomp_data x32_write = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "write"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("write"), 0);
	if (!EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &native), BAD_ARCH);
	CU_ASSERT_EQUAL(run_on(&filter, &x32_write), SCMP_ACT_ALLOW);
	free(filter.program);
}

static void libseccomp_i386_rule_uses_i386_numbers(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_and_i386);
	struct seccomp_data i386_write = call_on(AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "write"));
	/* 1 is write on x86-64 but exit on i386. */
	struct seccomp_data i386_exit = call_on(AUDIT_ARCH_I386, 1);
	struct seccomp_data native = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "write"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	CU_ASSERT_EQUAL(i386_write.nr, 4);
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("write"), 0);
	if (!EXPORT(ctx, &filter))
		return;
	CU_ASSERT_EQUAL(run_on(&filter, &i386_write), SCMP_ACT_ALLOW);
	CU_ASSERT_EQUAL(run_on(&filter, &native), SCMP_ACT_ALLOW);
	CU_ASSERT_EQUAL(run_on(&filter, &i386_exit), DENIED);
	free(filter.program);
}

/* Surprising: on a 32-bit arch libseccomp silently drops the datum's high
 * word, so `A0 < 0x100000005` (true of every 32-bit value) becomes A0 < 5. */
static void libseccomp_i386_rule_compares_only_low_word_of_datum(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_and_i386);
	struct seccomp_data i386_write = call_on(AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "write"));
	struct seccomp_data native = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "write"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("write"), 1,
				 SCMP_A0(SCMP_CMP_LT, 0x100000005, 0));
	if (!EXPORT(ctx, &filter))
		return;
	i386_write.args[0] = native.args[0] = 6;
	CU_ASSERT_EQUAL(run_on(&filter, &native), SCMP_ACT_ALLOW);
	CU_ASSERT_EQUAL(run_on(&filter, &i386_write), DENIED);
	i386_write.args[0] = 4;
	CU_ASSERT_EQUAL(run_on(&filter, &i386_write), SCMP_ACT_ALLOW);
	free(filter.program);
}

/* Surprising: the rule is copied to socketcall(SYS_SOCKET, args) without its
 * condition, because the real arguments sit behind a pointer.  An allow rule
 * for one socket domain allows every domain through socketcall. */
static void libseccomp_i386_socketcall_rule_drops_argument_condition(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, i386_only);
	struct seccomp_data socket_call = call_on(AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socket"));
	struct seccomp_data via_socketcall =
		call_on(AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("socket"), 1,
				 SCMP_A0(SCMP_CMP_EQ, AF_INET, 0));
	if (!EXPORT(ctx, &filter))
		return;
	socket_call.args[0] = AF_PACKET;
	CU_ASSERT_EQUAL(run_on(&filter, &socket_call), DENIED);
	via_socketcall.args[0] = 1; /* SYS_SOCKET; the domain is in memory at args[1] */
	CU_ASSERT_EQUAL(run_on(&filter, &via_socketcall), SCMP_ACT_ALLOW);
	via_socketcall.args[0] = 2; /* SYS_BIND */
	CU_ASSERT_EQUAL(run_on(&filter, &via_socketcall), DENIED);
	free(filter.program);
}

/* Surprising: SCMP_A0_32 only truncates the datum; the filter still demands
 * a zero high word, so a sign-extended int argument of -1 does not match. */
static void libseccomp_a0_32_still_compares_high_word(void)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_only);
	struct seccomp_data data = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "dup"));
	struct compiled filter;

	if (!host_reads_x86_words())
		return;
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr("dup"), 1,
				 SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)-1, 0));
	if (!EXPORT(ctx, &filter))
		return;
	data.args[0] = 0xffffffff;
	CU_ASSERT_EQUAL(run_on(&filter, &data), SCMP_ACT_ALLOW);
	data.args[0] = UINT64_MAX;
	CU_ASSERT_EQUAL(run_on(&filter, &data), DENIED);
	free(filter.program);
}

static const char *const tree_syscalls[] = {
	"read", "write", "close", "openat", "mmap",	  "brk",   "futex", "getpid", "dup",
	"pipe", "fstat", "lseek", "ioctl",  "exit_group", "uname", "kill",  "clone3",
};

static bool build_allow_list(int optimize, struct compiled *out)
{
	scmp_filter_ctx ctx = filter_new(DENIED, x86_64_only);

	if (ctx != NULL && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, optimize) != 0) {
		seccomp_release(ctx);
		ctx = NULL;
	}
	for (size_t i = 0; ctx != NULL && i < COUNT(tree_syscalls); i++)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr(tree_syscalls[i]), 0);
	if (ctx != NULL)
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), host_nr("socket"), 1,
				 SCMP_A0(SCMP_CMP_NE, AF_UNIX, 0));
	return EXPORT(ctx, out);
}

static uint32_t allow_list_says(uint32_t nr, uint64_t a0)
{
	for (size_t i = 0; i < COUNT(tree_syscalls); i++)
		if (nr == nr_on(SCMP_ARCH_X86_64, tree_syscalls[i]))
			return SCMP_ACT_ALLOW;
	if (nr == nr_on(SCMP_ARCH_X86_64, "socket") && a0 != AF_UNIX)
		return SCMP_ACT_ERRNO(EAFNOSUPPORT);
	return DENIED;
}

static void libseccomp_tree_filter_agrees_with_linear_filter(void)
{
	struct compiled linear, tree;

	if (!host_reads_x86_words() || !build_allow_list(1, &linear))
		return;
	if (build_allow_list(2, &tree)) {
		for (uint32_t nr = 0; nr < 600; nr++) {
			struct seccomp_data data = call_on(AUDIT_ARCH_X86_64, nr);
			uint32_t wanted = allow_list_says(nr, nr % 3);

			data.args[0] = nr % 3;
			EXPECT(run_on(&linear, &data) == wanted, "linear filter, syscall %u", nr);
			EXPECT(run_on(&tree, &data) == wanted, "tree filter, syscall %u", nr);
		}
		free(tree.program);
	}
	free(linear.program);
}

/* Two `lt` rules on one argument: libseccomp before 2.6.1
 * (GHSA-4q85-33p6-j5g6) jumps from the first chain's low-word test into the
 * second chain's high-word test without reloading A, so a0 == 2 escapes both
 * rules.  This is why preseal verifies compiled filters with bpf_run. */
static bool build_two_lt_rules(uint32_t arch, int nr, struct compiled *out)
{
	const uint32_t arches[] = { arch, 0 };
	scmp_filter_ctx ctx = filter_new(SCMP_ACT_ALLOW, arches);

	if (ctx != NULL) {
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(1), nr, 1, SCMP_A0(SCMP_CMP_LT, 2, 0));
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(1), nr, 1,
				 SCMP_A0(SCMP_CMP_LT, 0x100000002, 0));
	}
	return EXPORT(ctx, out);
}

static void libseccomp_lt_merge_bug_shows_in_interpreter_before_2_6_1(void)
{
	struct seccomp_data data = call_on(AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, "getppid"));
	struct compiled filter;
	uint32_t rules_say = SCMP_ACT_ERRNO(1); /* 2 < 0x100000002 */
	uint32_t expected = test_libseccomp_older_than(2, 6, 1) ? SCMP_ACT_ALLOW : rules_say;

	if (!host_reads_x86_words() ||
	    !build_two_lt_rules(SCMP_ARCH_X86_64, host_nr("getppid"), &filter))
		return;
	data.args[0] = 2;
	EXPECT(run_on(&filter, &data) == expected, "a0 == 2 gave %#x, expected %#x",
	       run_on(&filter, &data), expected);
	data.args[0] = 1;
	CU_ASSERT_EQUAL(run_on(&filter, &data), rules_say);
	free(filter.program);
}

static void libseccomp_filter_with_everything_passes_check(void)
{
	const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_X86,
				    SCMP_ARCH_AARCH64, 0 };
	scmp_filter_ctx ctx = filter_new(SCMP_ACT_KILL_PROCESS, arches);
	struct compiled filter;

	for (int op = SCMP_CMP_NE; ctx != NULL && op <= SCMP_CMP_MASKED_EQ; op++) {
		struct scmp_arg_cmp cmp = { (unsigned int)op % 6, op, 0xffff0000ffff, 0xff0000ff };

		seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO((unsigned int)op), host_nr("ioctl"), 1,
				       &cmp);
	}
	for (size_t i = 0; ctx != NULL && i < COUNT(tree_syscalls); i++)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, host_nr(tree_syscalls[i]), 0);
	if (EXPORT(ctx, &filter))
		free(filter.program);
}

/* ---- The kernel as oracle: filters loaded in forked children ---- */

/* 1 when a child could load PROGRAM, 0 when seccomp(2) said EINVAL, -1 when it
 * failed otherwise.  A loaded filter may kill the child on its way out; that
 * still means the kernel accepted it. */
static int kernel_loads(const struct sock_filter *program, size_t count)
{
	struct sock_fprog fprog = { (unsigned short)count, (struct sock_filter *)program };
	int status;
	pid_t child = fork();

	if (child == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
			_exit(2);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			_exit(errno == EINVAL ? 1 : 2);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return -1;
	if (WIFSIGNALED(status) || WEXITSTATUS(status) == 0)
		return 1;
	return WEXITSTATUS(status) == 1 ? 0 : -1;
}

static bool kernel_loads_filters(void)
{
	static int available = -1;
	const struct sock_filter allow_all[] = { ALLOW };

	if (available < 0)
		available = kernel_loads(allow_all, 1) == 1;
	if (!available)
		test_skip("this kernel does not let a child load a seccomp filter");
	return available;
}

struct kernel_answer {
	int signal; /* what killed the child, or 0 */
	long value; /* the errno the filter chose, or -1 when getppid was allowed */
};

/* Loads PROGRAM in a child, calls getppid(A0, A1) there, and reports what
 * happened.  PROGRAM must allow every other syscall. */
static struct kernel_answer kernel_answers(const struct sock_filter *program, size_t count,
					   uint64_t a0, uint64_t a1)
{
	struct sock_fprog fprog = { (unsigned short)count, (struct sock_filter *)program };
	struct kernel_answer answer = { 0, -2 };
	int channel[2], status;
	pid_t child;

	if (pipe(channel) != 0)
		return answer;
	child = fork();
	if (child == 0) {
		long rc = -2;

		close(channel[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0) {
			errno = 0;
			rc = syscall(SYS_getppid, a0, a1);
			rc = rc == -1 ? errno : rc == 0 ? 0 : -1;
		}
		_exit(write(channel[1], &rc, sizeof(rc)) == sizeof(rc) ? 0 : 1);
	}
	close(channel[1]);
	if (child > 0 && read(channel[0], &answer.value, sizeof(answer.value)) <= 0)
		answer.value = -2;
	close(channel[0]);
	if (child > 0 && waitpid(child, &status, 0) == child && WIFSIGNALED(status))
		answer.signal = WTERMSIG(status);
	return answer;
}

static struct seccomp_data getppid_call(uint64_t a0, uint64_t a1)
{
	struct seccomp_data data = { .nr = SYS_getppid, .arch = 0 };

	data.args[0] = a0;
	data.args[1] = a1;
	return data;
}

static void kernel_accepts_exactly_what_check_accepts_per_opcode(void)
{
	static const uint16_t beyond_a_byte[] = { 0x100, 0x106, 0x8006, 0xffff };
	struct sock_filter probe[7];

	if (!kernel_loads_filters())
		return;
	for (uint32_t code = 0; code < 256 + COUNT(beyond_a_byte); code++) {
		uint16_t opcode = code < 256 ? (uint16_t)code : beyond_a_byte[code - 256];
		int checked, loaded;

		build_opcode_probe(opcode, probe);
		checked = bpf_check(probe, COUNT(probe), NULL, 0) == 0;
		loaded = kernel_loads(probe, COUNT(probe));
		EXPECT(loaded == checked, "opcode 0x%04x: kernel says %d, bpf_check says %d",
		       opcode, loaded, checked);
	}
}

struct sample_program {
	const char *name;
	const struct sock_filter *program;
	size_t count;
};
#define SAMPLE(program)                           \
	{                                         \
#program, program, COUNT(program) \
	}

static const struct sample_program samples[] = {
	SAMPLE(every_seccomp_instruction),
	SAMPLE(last_word_load),
	SAMPLE(unaligned_load),
	SAMPLE(load_past_data),
	SAMPLE(true_branch_past_end),
	SAMPLE(false_branch_past_end),
	SAMPLE(ja_past_end),
	SAMPLE(jumps_to_last),
	SAMPLE(missing_final_return),
	SAMPLE(division_by_zero_constant),
	SAMPLE(shift_by_31),
	SAMPLE(left_shift_by_32),
	SAMPLE(right_shift_by_32),
	SAMPLE(scratch_out_of_range),
	SAMPLE(unwritten_scratch_load),
	SAMPLE(scratch_written_on_one_branch),
	SAMPLE(scratch_written_on_every_branch),
	SAMPLE(scratch_read_reached_only_by_writers),
	SAMPLE(scratch_read_after_return),
	SAMPLE(byte_load),
	SAMPLE(modulo),
};

static void kernel_agrees_with_check_on_sample_programs(void)
{
	if (!kernel_loads_filters())
		return;
	fill_long_program();
	for (size_t i = 0; i < COUNT(samples); i++) {
		int checked = bpf_check(samples[i].program, samples[i].count, NULL, 0) == 0;
		int loaded = kernel_loads(samples[i].program, samples[i].count);

		EXPECT(loaded == checked, "%s: kernel says %d, bpf_check says %d", samples[i].name,
		       loaded, checked);
	}
	CU_ASSERT_EQUAL(kernel_loads(long_program, BPF_MAXINSNS), 1);
	CU_ASSERT_EQUAL(kernel_loads(long_program, BPF_MAXINSNS + 1), 0);
	CU_ASSERT_EQUAL(kernel_loads(long_program, 0), 0);
}

/* getppid(A0, A1) returns errno (A0 op A1 or k) >> SLICE & 0xfff; anything
 * else is allowed. */
static void build_alu_probe(uint16_t code, uint32_t k, uint32_t slice, struct sock_filter out[11])
{
	const struct sock_filter program[] = {
		LD_ABS(NR_WORD),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 8),
		LD_ABS(ARG_LOW(1)),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		LD_ABS(ARG_LOW(0)),
		BPF_STMT(code, k),
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, slice),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfff),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		RET_A,
		ALLOW,
	};

	memcpy(out, program, sizeof(program));
}

struct alu_case {
	uint16_t code;
	uint32_t k;
	uint32_t a0;
	uint32_t a1;
};

static const struct alu_case alu_cases[] = {
	{ BPF_ALU | BPF_ADD | BPF_K, 2, 0xffffffff, 0 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0, 1, 2 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0x10001, 0x12345678, 0 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0, 0xfffffff0, 7 },
	{ BPF_ALU | BPF_DIV | BPF_K, 3, 0x80000001, 0 },
	{ BPF_ALU | BPF_AND | BPF_X, 0, 0xff00ff00, 0x0ff00ff0 },
	{ BPF_ALU | BPF_OR | BPF_K, 0x0ff00ff0, 0xff00ff00, 0 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0, 0xff00ff00, 0x0ff00ff0 },
	{ BPF_ALU | BPF_LSH | BPF_K, 31, 3, 0 },
	{ BPF_ALU | BPF_RSH | BPF_K, 4, 0x80000000, 0 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0, 3, 33 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0, 0x80000000, 63 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0, 0x12345678, 32 },
	{ BPF_ALU | BPF_NEG, 0, 5, 0 },
};

static void kernel_agrees_with_interpreter_on_alu(void)
{
	struct sock_filter program[11];

	if (!kernel_loads_filters())
		return;
	for (size_t i = 0; i < COUNT(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		struct seccomp_data data = getppid_call(c->a0, c->a1);

		for (uint32_t slice = 0; slice < 32; slice += 12) {
			struct kernel_answer answer;
			uint32_t predicted;

			build_alu_probe(c->code, c->k, slice, program);
			predicted = bpf_run(program, COUNT(program), &data) & SECCOMP_RET_DATA;
			answer = kernel_answers(program, COUNT(program), c->a0, c->a1);
			EXPECT(answer.signal == 0 && answer.value == (long)predicted,
			       "opcode 0x%04x on %#x, %#x, bits %u up: kernel %ld, interpreter %u",
			       c->code, c->a0, c->a1, slice, answer.value, predicted);
		}
	}
}

static void kernel_kills_on_division_by_zero_x_as_interpreter_predicts(void)
{
	struct sock_filter program[11];
	struct seccomp_data data = getppid_call(10, 0);
	struct kernel_answer answer;

	if (!kernel_loads_filters())
		return;
	build_alu_probe(BPF_ALU | BPF_DIV | BPF_X, 0, 0, program);
	CU_ASSERT_EQUAL(bpf_run(program, COUNT(program), &data), SECCOMP_RET_KILL_THREAD);
	answer = kernel_answers(program, COUNT(program), 10, 0);
	CU_ASSERT_EQUAL(answer.signal, SIGSYS);
}

/* The interpreter is the kernel's twin even where libseccomp is wrong. */
static void kernel_agrees_with_interpreter_on_libseccomp_lt_merge_bug(void)
{
	struct compiled filter;
	struct seccomp_data data = getppid_call(2, 0);
	uint32_t predicted;
	struct kernel_answer answer;

	if (!kernel_loads_filters() ||
	    !build_two_lt_rules(seccomp_arch_native(), SYS_getppid, &filter))
		return;
	data.arch = seccomp_arch_native();
	predicted = run_on(&filter, &data);
	answer = kernel_answers(filter.program, filter.count, 2, 0);
	if (predicted == SCMP_ACT_ALLOW) {
		CU_ASSERT_EQUAL(answer.value, -1);
	} else {
		CU_ASSERT_EQUAL(answer.value, (long)(predicted & SECCOMP_RET_DATA));
	}
	CU_ASSERT_EQUAL(answer.signal, 0);
	free(filter.program);
}

/* One behaviour per case; the name is the behaviour. */
#define CASE(test)          \
	{                   \
#test, test \
	}

static const struct test_case cases[] = {
	CASE(load_reads_syscall_number),
	CASE(load_reads_arch),
	CASE(load_reads_both_halves_of_instruction_pointer),
	CASE(load_reads_low_word_of_argument),
	CASE(load_reads_high_word_of_argument),
	CASE(load_reads_each_argument_from_its_own_slot),
	CASE(len_loads_size_of_seccomp_data_into_a_and_x),
	CASE(ld_imm_loads_constant),
	CASE(tax_and_txa_copy_between_registers),
	CASE(add_wraps_at_32_bits),
	CASE(sub_wraps_below_zero),
	CASE(mul_keeps_low_32_bits),
	CASE(div_is_unsigned_and_truncates),
	CASE(div_by_zero_x_ends_the_filter_with_zero),
	CASE(and_or_xor_combine_bits),
	CASE(x_forms_take_the_operand_from_x_not_k),
	CASE(shifts_by_constant_move_bits),
	CASE(shift_by_x_uses_low_five_bits),
	CASE(neg_negates_accumulator),
	CASE(jeq_takes_true_branch_only_when_equal),
	CASE(jgt_compares_unsigned),
	CASE(jge_takes_true_branch_when_equal),
	CASE(jset_takes_true_branch_when_bit_set),
	CASE(jset_takes_false_branch_when_no_bit_shared),
	CASE(jump_x_forms_compare_against_x_not_k),
	CASE(ja_skips_k_instructions),
	CASE(branch_offsets_count_from_next_instruction),
	CASE(ret_k_returns_constant),
	CASE(ret_a_returns_accumulator),
	CASE(scratch_memory_round_trips),
	CASE(run_kills_when_jump_leaves_program),
	CASE(run_kills_when_load_leaves_data),
	CASE(run_kills_on_scratch_index_out_of_range),
	CASE(run_kills_when_program_has_no_return),
	CASE(run_kills_on_opcode_seccomp_rejects),
	CASE(run_kills_without_program_or_data),
	CASE(check_accepts_every_seccomp_instruction),
	CASE(check_accepts_load_of_last_data_word),
	CASE(check_rejects_unaligned_load),
	CASE(check_rejects_load_past_end_of_data),
	CASE(check_rejects_jump_past_end),
	CASE(check_accepts_jumps_to_last_instruction),
	CASE(check_rejects_missing_final_return),
	CASE(check_rejects_division_by_zero_constant),
	CASE(check_rejects_shift_by_32_or_more),
	CASE(check_rejects_scratch_index_out_of_range),
	CASE(check_rejects_unwritten_scratch_load),
	CASE(check_rejects_scratch_written_on_one_branch_only),
	CASE(check_accepts_scratch_written_on_every_branch),
	CASE(check_accepts_scratch_read_reached_only_by_writers),
	CASE(check_rejects_scratch_read_after_return_as_kernel_does),
	CASE(check_rejects_non_seccomp_opcode),
	CASE(check_rejects_modulo_which_seccomp_lacks),
	CASE(check_rejects_empty_and_oversized_programs),
	CASE(check_accepts_maximum_length_program),
	CASE(check_rejects_missing_program),
	CASE(check_accepts_exactly_the_seccomp_opcode_list),
	CASE(check_reports_through_any_why_buffer),
	CASE(libseccomp_eq_matches_only_the_exact_64bit_value),
	CASE(libseccomp_ne_matches_every_other_value),
	CASE(libseccomp_lt_compares_all_64_bits),
	CASE(libseccomp_le_compares_all_64_bits),
	CASE(libseccomp_gt_compares_all_64_bits),
	CASE(libseccomp_ge_compares_all_64_bits),
	CASE(libseccomp_masked_eq_masks_both_halves),
	CASE(libseccomp_rule_with_two_arguments_needs_both),
	CASE(libseccomp_allows_listed_call_and_denies_others),
	CASE(libseccomp_errno_action_keeps_errno_in_data),
	CASE(libseccomp_wrong_arch_gets_bad_arch_action),
	CASE(libseccomp_x32_number_gets_bad_arch_action_without_x32),
	CASE(libseccomp_syscall_minus_one_skips_the_x32_check),
	CASE(libseccomp_x32_rule_matches_x32_numbers),
	CASE(libseccomp_x32_only_filter_sends_x86_64_numbers_to_bad_arch),
	CASE(libseccomp_i386_rule_uses_i386_numbers),
	CASE(libseccomp_i386_rule_compares_only_low_word_of_datum),
	CASE(libseccomp_i386_socketcall_rule_drops_argument_condition),
	CASE(libseccomp_a0_32_still_compares_high_word),
	CASE(libseccomp_tree_filter_agrees_with_linear_filter),
	CASE(libseccomp_lt_merge_bug_shows_in_interpreter_before_2_6_1),
	CASE(libseccomp_filter_with_everything_passes_check),
	CASE(kernel_accepts_exactly_what_check_accepts_per_opcode),
	CASE(kernel_agrees_with_check_on_sample_programs),
	CASE(kernel_agrees_with_interpreter_on_alu),
	CASE(kernel_kills_on_division_by_zero_x_as_interpreter_predicts),
	CASE(kernel_agrees_with_interpreter_on_libseccomp_lt_merge_bug),
	{ NULL, NULL },
};

const struct test_suite suite_bpf = { "bpf", cases };
