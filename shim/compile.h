/* compile: the policy model → a verified seccomp BPF program.
 *
 * preseal's own generator (generate.c) builds the filter, whatever the
 * architectures; the program is then checked against the model by running it in
 * preseal's own interpreter (verify.c) before anyone may load it.  This
 * stage never loads a filter.
 */
#ifndef PRESEAL_COMPILE_H
#define PRESEAL_COMPILE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"

struct landlock_rules;

struct filter {
	struct sock_filter *program;
	size_t length;
	unsigned flags;			    /* SECCOMP_FILTER_FLAG_* to pass to seccomp() */
	bool no_new_privs;		    /* set PR_SET_NO_NEW_PRIVS before loading */
	uint32_t arches[POLICY_MAX_ARCHES]; /* libseccomp arch tokens in the filter */
	size_t arch_count;
	uint64_t probe_token; /* see compile_options */
	/* The policy's paths, ports and scopes (landlock_apply.h), applied
	 * before the program is loaded; NULL when the policy has none. */
	struct landlock_rules *landlock;
};

struct compile_options {
	/* A rule every preseal filter carries so that the shim, loaded again
	 * after an exec, can ask the kernel whether this very filter is in
	 * place (see preload.c).  0: none. */
	uint64_t probe_token;
	/* Generate with libseccomp, as a container runtime would from the
	 * same rules (export, and the tests that hold the two generators to
	 * each other), in a child with a budget.  Never for a filter that is
	 * loaded. */
	bool libseccomp;
};

/* The syscall number the probe uses: far above any real syscall, so with
 * no preseal filter the kernel answers ENOSYS. */
#define PRESEAL_PROBE_NR 0x3ffe
/* The errno a filter answers its own probe with. */
#define PRESEAL_PROBE_ERRNO 3923

/* What the shim may put in front of a compiled program when it loads it:
 * the probe (filter_add_probe, 10 instructions) and the report guard
 * (filter_add_report_guard, 26).  A compiled program leaves room for both,
 * so that a policy that compiles always loads (the kernel takes at most
 * BPF_MAXINSNS instructions). */
#define PRESEAL_LOAD_PREFIX_MAX 36

/* Compiles and verifies POLICY.  Returns 0, or a negative errno with the
 * reasons in DIAGS. */
int compile_policy(const struct policy *policy, const struct compile_options *options,
		   struct filter *filter, struct diag_list *diags);

/* Writes libseccomp's PFC text for POLICY to FD (made in a child with a
 * budget: over it, a refusal in DIAGS and nothing written). */
int compile_pfc(const struct policy *policy, const struct compile_options *options, int fd,
		struct diag_list *diags);

/* One way a rule matches, as libseccomp and OCI runtimes compare: each
 * check eq, ne, lt, le, gt, ge or masked_eq, on all 64 bits. */
struct runtime_rule {
	unsigned arg_count;
	struct arg_check args[POLICY_MAX_ARGS];
};

#define RUNTIME_RULES_MAX 256

/* RULE as libseccomp (preseal's, or a runtime's through `export`) must be
 * given it on ARCHES (libseccomp tokens): the rule matches where any of the
 * *COUNT rules in *OUT (allocated; free it) does, and never when *COUNT is
 * 0.  A masked_ne becomes one masked_eq per bit of its mask; where a 64-bit
 * architecture is listed, a check on an argument the kernel reads as a
 * narrower type (argwidth.h) becomes masked_eq checks of the bits it reads:
 * eq one, ne one per bit, an order comparison one per bit that can decide
 * it.  Returns 0, -ENOMEM, or -EINVAL with the reason in DIAGS (when not
 * NULL): more than RUNTIME_RULES_MAX rules, or a narrow check that cannot
 * mean the same on the 32-bit architectures listed too. */
int compile_runtime_rules(const struct rule *rule, const uint32_t *arches, size_t arch_count,
			  struct runtime_rule **out, size_t *count, struct diag_list *diags);

void filter_free(struct filter *filter);

/* Prepends preseal's probe for TOKEN to FILTER's program (see
 * compile_options).  Returns 0, or a negative errno with DIAGS. */
int filter_add_probe(struct filter *filter, uint64_t token, struct diag_list *diags);

/* Checks that the compiled FILTER gives every call that matters the action
 * POLICY says.  Returns 0, or -EPROTO with each disagreement in DIAGS. */
int verify_filter(const struct policy *policy, const struct filter *filter,
		  struct diag_list *diags);

/* Runs FILTER and REFERENCE, two filters for POLICY, over the calls
 * verify_filter tries and checks that they answer alike.  Returns 0, or
 * -EPROTO with each difference in DIAGS. */
int verify_same_answers(const struct policy *policy, const struct filter *filter,
			const struct filter *reference, struct diag_list *diags);

#endif
