/* precompiled: the built-in profiles, compiled and verified at build time.
 *
 * Only the shim carries these (the command that produces them cannot):
 * scripts/gen-precompiled.sh runs `preseal compile --format preseal` on
 * each built-in profile and embeds the result.  Enforce mode on a built-in
 * profile then costs one checksum and one seccomp() call, with no
 * libconfig, no libseccomp and no cache file.
 */
#ifndef PRESEAL_PRECOMPILED_H
#define PRESEAL_PRECOMPILED_H

#include <stddef.h>

#include "compile.h"
#include "diag.h"

struct precompiled_profile {
	const char *name;	   /* "baseline" */
	const unsigned char *data; /* a compiled policy (compiled.h) */
	size_t size;
};

/* Fills FILTER with built-in profile NAME as compiled at build time.
 * Returns 1, 0 when there is none of that name, or a negative errno with
 * the reason in DIAGS (a damaged table: the caller must not go on). */
int precompiled_read(const char *name, struct filter *filter, struct diag_list *diags);

/* Generated data. */
extern const struct precompiled_profile precompiled_data[];
extern const unsigned long precompiled_data_count;

#endif
