/* policy_internal: what the policy reader shares with the rule resolver. */
#ifndef PRESEAL_POLICY_INTERNAL_H
#define PRESEAL_POLICY_INTERNAL_H

#include <stdio.h>

#include "policy.h"

/* A copy of TEXT owned by POLICY (one copy per distinct string), or NULL. */
const char *policy_intern(struct policy *policy, const char *text);

/* Sorts the rules by syscall, applies precedence (rules named directly
 * override rules a group brought in), reports contradictions, and drops
 * rules the default action already implies. */
void policy_resolve(struct policy *policy, struct diag_list *diags);

struct policy *policy_read_stream(FILE *stream, const char *name, const char *include_dir,
				  struct diag_list *diags);

#endif
