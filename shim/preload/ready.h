/* ready: a policy the shim can load without compiling it.
 *
 * A built-in profile compiled at build time, a compiled policy file, or a
 * policy file whose compiled form is in the cache: none of them needs
 * libconfig or libseccomp, so libpreseal.so handles them alone.  Anything
 * else is a miss, left to the compiler module (module.h) with what was
 * already read.
 */
#ifndef PRESEAL_READY_H
#define PRESEAL_READY_H

#include <stddef.h>

#include "cache.h"
#include "compile.h"
#include "diag.h"
#include "select.h"

struct ready {
	struct cache_key key; /* for a policy file: its path, trusted text and cache */
	char *text;	      /* that text, owned here */
};

/* Fills FILTER from SELECTION when no compiling is needed and returns 0;
 * returns 1 on a miss (for a file, READY then holds its text and cache key)
 * and a negative errno with DIAGS when the policy cannot be used.  No probe
 * is added. */
int ready_read(const struct selection *selection, struct ready *ready, struct filter *filter,
	       struct diag_list *diags);

void ready_free(struct ready *ready);

#endif
