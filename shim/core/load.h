/* load: hand a verified filter to the kernel.
 *
 * Sets no_new_privs when the policy asks, then installs the program with
 * seccomp(2) and the policy's flags (TSYNC, so threads that other
 * libraries' constructors started are covered too).  Once this returns 0
 * the filter can never be removed.
 */
#ifndef PRESEAL_LOAD_H
#define PRESEAL_LOAD_H

#include <stdint.h>

#include "compile.h"
#include "diag.h"

int load_filter(const struct filter *filter, struct diag_list *diags);

/* The same with a user-notification listener (learn and complain modes):
 * returns its descriptor, or a negative errno with DIAGS. */
int load_filter_listener(const struct filter *filter, struct diag_list *diags);

/* Asks the kernel whether the preseal filter carrying TOKEN is in place:
 * 1 yes, 0 no.  Costs one syscall, which preseal's own filters answer and
 * which the kernel otherwise answers with ENOSYS. */
int load_probe(uint64_t token);

#endif
