/* lint: warnings for policies that are weaker than they look. */
#ifndef PRESEAL_LINT_H
#define PRESEAL_LINT_H

#include "diag.h"
#include "policy.h"

/* Adds a DIAG_WARNING for each open door, at the line that opens it. */
void lint_policy(const struct policy *policy, struct diag_list *diags);

/* The same for paths, network and scope (lint_landlock.c), ABI being the
 * running kernel's Landlock ABI (landlock_abi_running()). */
void lint_landlock(const struct policy *policy, int abi, struct diag_list *diags);

#endif
