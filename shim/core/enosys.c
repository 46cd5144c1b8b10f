/* enosys: the ENOSYS ranges for syscalls newer than the policy.
 *
 * libseccomp cannot express "nr > N", and would only know the numbers in
 * its own table, while the numbers that matter most are those a newer
 * kernel added after it.  So the ranges are a raw BPF prefix of our own,
 * run before the policy's program: for each listed architecture, six
 * instructions that answer ENOSYS for HIGHEST < nr < END and fall through
 * otherwise.  The program (preseal's generator's or libseccomp's) starts
 * by loading the architecture itself, so it does not care what the prefix
 * left in the accumulator.
 * The verifier holds the result to enosys_applies().  Never loads, never
 * prints.
 */
#include "enosys.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "generate.h"

#define X32_SYSCALL_BIT 0x40000000u

long enosys_highest_named(const struct policy *policy, uint32_t token)
{
	long highest = -1;

	for (size_t i = 0; i < policy->named_count; i++) {
		/* A direct number where libseccomp has a pseudo-number. */
		int number = generate_syscall_number(token, policy->named[i]);

		/* Negative: not a syscall of this architecture. */
		if (number >= 0 && number > highest)
			highest = number;
	}
	return highest;
}

uint32_t enosys_range_end(uint32_t token)
{
	return token == SCMP_ARCH_X32 ? 0x80000000u : X32_SYSCALL_BIT;
}

bool enosys_applies(const struct policy *policy, uint32_t token, long highest, long number)
{
	return policy->unknown_enosys && highest >= 0 && number > highest &&
	       number < (long)enosys_range_end(token);
}

static uint32_t audit_arch(uint32_t token)
{
	return token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
}

/* One architecture's range; falls through to the next instruction after
 * the block when the call is not in it. */
static void write_block(struct sock_filter *block, uint32_t token, uint32_t highest)
{
	const struct sock_filter code[ENOSYS_BLOCK_LENGTH] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, audit_arch(token), 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, enosys_range_end(token), 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, highest, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
	};

	memcpy(block, code, sizeof(code));
}

int filter_add_enosys(const struct policy *policy, struct filter *filter, struct diag_list *diags)
{
	struct sock_filter *program;
	size_t blocks = 0;
	char why[256];

	if (!policy->unknown_enosys)
		return 0;
	program = malloc((filter->arch_count * ENOSYS_BLOCK_LENGTH + filter->length) *
			 sizeof(*program));
	if (!program) {
		diag_error(diags, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < filter->arch_count; i++) {
		long highest = enosys_highest_named(policy, filter->arches[i]);

		if (highest >= 0)
			write_block(program + ENOSYS_BLOCK_LENGTH * blocks++, filter->arches[i],
				    (uint32_t)highest);
	}
	memcpy(program + ENOSYS_BLOCK_LENGTH * blocks, filter->program,
	       filter->length * sizeof(*program));
	if (bpf_check(program, ENOSYS_BLOCK_LENGTH * blocks + filter->length, why, sizeof(why)) <
	    0) {
		diag_error(diags, policy->files[0], 0,
			   "the filter with the ENOSYS ranges is not valid: %s", why);
		free(program);
		return -EINVAL;
	}
	free(filter->program);
	filter->program = program;
	filter->length += ENOSYS_BLOCK_LENGTH * blocks;
	return 0;
}
