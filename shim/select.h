/* select: which policy the environment asks for.
 *
 * PRESEAL_POLICY unset or empty selects the built-in baseline; a value with
 * a '/' is a policy file; anything else is a profile name, NAME.cfg searched
 * in PRESEAL_PATH and then among the built-in profiles.  PRESEAL_MODE and
 * PRESEAL_LOG are read here too.  Nothing is opened except to see whether a
 * profile file exists.
 */
#ifndef PRESEAL_SELECT_H
#define PRESEAL_SELECT_H

#include <stdint.h>

#include "diag.h"
#include "profiles.h"

#define PRESEAL_DEFAULT_PROFILE "baseline"
#ifndef PRESEAL_PROFILEDIR
#define PRESEAL_PROFILEDIR "/usr/local/share/preseal/profiles"
#endif
#define PRESEAL_DEFAULT_PATH "/etc/preseal:" PRESEAL_PROFILEDIR

enum preseal_mode { MODE_ENFORCE, MODE_COMPLAIN, MODE_LEARN };

struct selection {
	char *path;			       /* a policy file, or NULL */
	const struct builtin_profile *builtin; /* or a built-in profile */
	enum preseal_mode mode;
};

/* The environment's values as the shim saw them. */
struct environment {
	const char *policy; /* PRESEAL_POLICY */
	const char *path;   /* PRESEAL_PATH */
	const char *mode;   /* PRESEAL_MODE */
	const char *log;    /* PRESEAL_LOG */
	const char *report; /* PRESEAL_REPORT */
};

void select_read_environment(struct environment *environment);

/* Resolves ENVIRONMENT into SELECTION.  Returns 0 or a negative errno with
 * the reason in DIAGS. */
int select_policy(const struct environment *environment, struct selection *selection,
		  struct diag_list *diags);

/* A name for the selection in messages: the path or "built-in NAME". */
const char *select_describe(const struct selection *selection, char *buffer, size_t size);

void select_free(struct selection *selection);

/* A 64-bit token naming what the environment selects, computed without a
 * single syscall, never 0. */
uint64_t select_token(const struct environment *environment);

/* True for a plain profile name: [A-Za-z0-9._-], not starting with '.' or '-'. */
int select_valid_profile_name(const char *name);

#endif
