/* module: libpreseal-compiler.so, the part of the shim that compiles.
 *
 * libpreseal.so is small on purpose: on its fast path (a built-in profile,
 * a compiled policy, a cache hit) every process start pays only for what it
 * runs.  A policy that must be read and compiled, and the complain and learn
 * modes, need libconfig, libseccomp and the monitor: those live in this
 * module, which the shim opens from beside itself only then, and closes
 * once the filter is built.  Both are built from the same sources; the
 * module refuses a caller from another build.
 */
#ifndef PRESEAL_MODULE_H
#define PRESEAL_MODULE_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "diag.h"
#include "ready.h"
#include "select.h"

#define MODULE_FILE  "libpreseal-compiler.so"
#define MODULE_ENTRY "preseal_module_1"

struct module_call {
	const char *build; /* the caller's PRESEAL_SOURCE_HASH */
	const struct environment *environment;
	const struct selection *selection;
	struct ready *ready; /* what ready_read() found: a miss */
	uint64_t token;	     /* the probe token */
	/* Enforce mode: the compiled, verified filter with its probe.
	 * Complain and learn: unused; the module loads the filter itself. */
	struct filter *filter;
	struct diag_list *diags;
	/* Set by the caller: only describe the policy's rules for reports
	 * (report_rules.h) into RULES (malloc'd; NULL when it cannot be read
	 * as a policy, a compiled one for instance). */
	bool describe;
	char *rules;
	/* Set by the caller: enforce with errno denials reported (REPORT_*
	 * bits of PRESEAL_REPORT): the module loads the filter and starts the
	 * monitor that answers them, and returns RULES and, in REPORTS, whether
	 * the kills were made traps for the shim's handler. */
	unsigned report;
	bool reports;
};

/* The module's one export.  Returns 0, or a negative errno with DIAGS. */
typedef int (*module_entry)(struct module_call *call);

#endif
