/* rules: precedence among a policy's rules (rules.c), for the reader. */
#ifndef PRESEAL_RULES_H
#define PRESEAL_RULES_H

#include "diag.h"
#include "policy.h"

/* Appends RULE to POLICY's rules with its own copy of RULE->syscall and
 * the next sequence number.  Returns the rule in place, or NULL when
 * memory runs out (the rules are unchanged). */
struct rule *policy_append_rule(struct policy *policy, const struct rule *rule);

/* Sorts the rules by syscall, applies precedence (rules named directly
 * override rules a group brought in), reports contradictions, and drops
 * rules the default action already implies. */
void policy_resolve(struct policy *policy, struct diag_list *diags);

#endif
