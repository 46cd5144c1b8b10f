/* transform: rewriting the returns of a verified filter.  See transform.h. */
#include "transform.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "arch.h"
#include "bpf.h"
#include "landlock_apply.h"

static bool is_return(const struct sock_filter *insn)
{
	return BPF_CLASS(insn->code) == BPF_RET;
}

/* Every return must be a constant for a rewrite to mean anything. */
static int constant_returns(const struct filter *filter)
{
	for (size_t i = 0; i < filter->length; i++)
		if (is_return(&filter->program[i]) && BPF_RVAL(filter->program[i].code) != BPF_K)
			return -EINVAL;
	return 0;
}

int filter_kills_to_traps(struct filter *filter)
{
	int changed = 0;

	if (constant_returns(filter) < 0)
		return -EINVAL;
	for (size_t i = 0; i < filter->length; i++)
		if (is_return(&filter->program[i]) &&
		    (filter->program[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRAP)
			return -EEXIST;
	for (size_t i = 0; i < filter->length; i++) {
		struct sock_filter *insn = &filter->program[i];
		uint32_t action = insn->k & SECCOMP_RET_ACTION_FULL;

		if (!is_return(insn))
			continue;
		if (action == SECCOMP_RET_KILL_PROCESS)
			insn->k = SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_PROCESS;
		else if (action == SECCOMP_RET_KILL_THREAD)
			insn->k = SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_THREAD;
		else
			continue;
		changed++;
	}
	return changed;
}

int filter_denials_to_notify(struct filter *filter)
{
	int changed = 0;

	if (constant_returns(filter) < 0)
		return -EINVAL;
	for (size_t i = 0; i < filter->length; i++) {
		struct sock_filter *insn = &filter->program[i];
		uint32_t action = insn->k & SECCOMP_RET_ACTION_FULL;

		if (!is_return(insn) || action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_LOG ||
		    action == SECCOMP_RET_USER_NOTIF)
			continue;
		insn->k = SECCOMP_RET_USER_NOTIF;
		changed++;
	}
	return changed;
}

int filter_notify_all(struct filter *filter, struct diag_list *diags)
{
	struct sock_filter *program = malloc(sizeof(*program));

	if (!program) {
		diag_error(diags, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	program[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	free(filter->program);
	filter->program = program;
	filter->length = 1;
	return 0;
}

static int prepend(struct filter *filter, const struct sock_filter *prefix, size_t count,
		   struct diag_list *diags)
{
	struct sock_filter *program = malloc((count + filter->length) * sizeof(*program));
	char why[256];

	if (!program) {
		diag_error(diags, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	memcpy(program, prefix, count * sizeof(*program));
	memcpy(program + count, filter->program, filter->length * sizeof(*program));
	if (bpf_check(program, count + filter->length, why, sizeof(why)) < 0) {
		diag_error(diags, NULL, 0,
			   "the filter with preseal's report guard is not valid: %s", why);
		free(program);
		return -EINVAL;
	}
	free(filter->program);
	filter->program = program;
	filter->length += count;
	return 0;
}

#define LOAD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(field))
#define ARG_LOW(n)	offsetof(struct seccomp_data, args[n])
#define ARG_HIGH(n)	(offsetof(struct seccomp_data, args[n]) + 4)
#define JEQ(k, yes, no) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(k), (yes), (no))
#define RETURN(k)	BPF_STMT(BPF_RET | BPF_K, (uint32_t)(k))

/* On the native architecture: the die numbers kill; rt_sigreturn and
 * restart_syscall are allowed (preseal's handler returns to the program
 * with the first, and a call its SIGSYS interrupted resumes with the
 * second, whatever the policy says of them); getpid, gettid and
 * rt_sigprocmask with the key in arguments 4 and 5 are allowed (the handler
 * names the pid, and has the kernel check the program's pointers, whatever
 * the policy says of them); rt_sigaction(SIGSYS, …) is allowed when
 * arguments 4 and 5 hold the key (the shim installs its handler so in every
 * program of the tree, whatever the policy says of rt_sigaction) and
 * otherwise trapped for the handler to do.  Every other call falls through
 * (the jumps to "next" land just past the guard, on the policy's first
 * instruction). */
int filter_add_report_guard(struct filter *filter, uint64_t token, struct diag_list *diags)
{
	const struct sock_filter guard[] = {
		/* 0 */ LOAD(offsetof(struct seccomp_data, arch)),
		/* 1 */ JEQ(PRESEAL_NATIVE_ARCH, 0, 24),
		/* 2 */ LOAD(offsetof(struct seccomp_data, nr)),
		/* 3 */ JEQ(PRESEAL_DIE_PROCESS_NR, 0, 1),
		/* 4 */ RETURN(SECCOMP_RET_KILL_PROCESS),
		/* 5 */ JEQ(PRESEAL_DIE_THREAD_NR, 0, 1),
		/* 6 */ RETURN(SECCOMP_RET_KILL_THREAD),
		/* 7 */ JEQ(__NR_rt_sigreturn, 8, 0),
		/* 8 */ JEQ(__NR_restart_syscall, 7, 0),
		/* 9 */ JEQ(__NR_getpid, 2, 0),
		/* 10 */ JEQ(__NR_gettid, 1, 0),
		/* 11 */ JEQ(__NR_rt_sigprocmask, 0, 5),
		/* 12 */ LOAD(ARG_LOW(4)),
		/* 13 */ JEQ((uint32_t)token, 0, 12),
		/* 14 */ LOAD(ARG_LOW(5)),
		/* 15 */ JEQ((uint32_t)(token >> 32), 0, 10),
		/* 16 */ RETURN(SECCOMP_RET_ALLOW),
		/* 17 */ JEQ(__NR_rt_sigaction, 0, 8),
		/* 18 */ LOAD(ARG_LOW(0)), /* the kernel reads an int */
		/* 19 */ JEQ(SIGSYS, 0, 6),
		/* 20 */ LOAD(ARG_LOW(4)),
		/* 21 */ JEQ((uint32_t)token, 0, 3),
		/* 22 */ LOAD(ARG_LOW(5)),
		/* 23 */ JEQ((uint32_t)(token >> 32), 0, 1),
		/* 24 */ RETURN(SECCOMP_RET_ALLOW),
		/* 25 */ RETURN(SECCOMP_RET_TRAP | PRESEAL_TRAP_SIGACTION),
		/* 26: next */
	};

	return prepend(filter, guard, sizeof(guard) / sizeof(guard[0]), diags);
}

int filter_copy(struct filter *copy, const struct filter *filter, struct diag_list *diags)
{
	*copy = *filter;
	copy->landlock = NULL;
	copy->program = malloc(filter->length * sizeof(*copy->program));
	if (!copy->program || landlock_rules_copy(filter->landlock, &copy->landlock) < 0) {
		free(copy->program);
		*copy = (struct filter){ 0 };
		diag_error(diags, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	memcpy(copy->program, filter->program, filter->length * sizeof(*copy->program));
	return 0;
}
