/* stack: several filters as one, answering what the kernel would answer
 * with each loaded as its own filter (stack.c). */
#ifndef PRESEAL_STACK_H
#define PRESEAL_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "compile.h"
#include "diag.h"

/* The kernel's answer for two stacked filters that answered A (the one it
 * ran first) and B: the more restrictive action, A on a tie. */
uint32_t stack_stronger(uint32_t a, uint32_t b);

/* OUT (allocated; filter_free it): one program whose answer to every call
 * is LAYERS[0]'s, LAYERS[1]'s... combined by stack_stronger, in at most
 * LIMIT instructions.  LAYERS carry no probe.  Flags and no_new_privs are
 * the union, the architectures the first layer's.  Returns 0, -E2BIG,
 * -ENOMEM or -EINVAL, with the reason in DIAGS. */
int filter_stack(const struct filter *layers, size_t count, size_t limit, struct filter *out,
		 struct diag_list *diags);

#endif
