/* filter: what every path to a loadable filter shares, compiled or read.
 *
 * Kept apart from compile.c so that the shim's fast path (precompiled
 * profiles, compiled files, the cache) links neither libseccomp nor
 * libconfig.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "landlock_apply.h"

void filter_free(struct filter *filter)
{
	free(filter->program);
	landlock_rules_free(filter->landlock);
	*filter = (struct filter){ 0 };
}

/* The probe prefix: for PRESEAL_PROBE_NR on the native architecture, ERRNO
 * PRESEAL_PROBE_ERRNO when argument 0 is TOKEN and ALLOW otherwise (the
 * kernel then answers ENOSYS: the number is unassigned), so a probe for
 * another preseal filter stacked above this one is never killed here.
 * Everything else falls through to the policy's program, whose jumps are
 * relative and so unaffected. */
int filter_add_probe(struct filter *filter, uint64_t token, struct diag_list *diags)
{
	const struct sock_filter prefix[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PRESEAL_PROBE_NR, 0, 8),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PRESEAL_NATIVE_ARCH, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)token, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(token >> 32), 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | PRESEAL_PROBE_ERRNO),
	};
	size_t prefix_length = sizeof(prefix) / sizeof(prefix[0]);
	struct sock_filter *program;
	char why[256];

	/* The jump past the prefix lands on the policy's first instruction.
	 * Grown in place: the shim runs this at every start, where each new
	 * heap page is a page fault. */
	program = realloc(filter->program, (prefix_length + filter->length) * sizeof(*program));
	if (!program) {
		diag_error(diags, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	filter->program = program;
	memmove(program + prefix_length, program, filter->length * sizeof(*program));
	memcpy(program, prefix, sizeof(prefix));
	if (bpf_check(program, prefix_length + filter->length, why, sizeof(why)) < 0) {
		diag_error(diags, NULL, 0, "the filter with preseal's probe is not valid: %s", why);
		memmove(program, program + prefix_length, filter->length * sizeof(*program));
		return -EINVAL;
	}
	filter->length += prefix_length;
	filter->probe_token = token;
	return 0;
}
