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

#include <stdbool.h>
#include <stddef.h>
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
	/* or an inline deny list, "deny=NAME,..." (enforce mode only): the
	 * policy text allowing everything else */
	char *inline_text;
	enum preseal_mode mode;
};

/* The environment's values as the shim saw them. */
struct environment {
	const char *policy; /* PRESEAL_POLICY */
	const char *path;   /* PRESEAL_PATH */
	const char *mode;   /* PRESEAL_MODE */
	const char *log;    /* PRESEAL_LOG */
	uint64_t folder;    /* for a relative PRESEAL_POLICY, a hash of the working folder */
	const char *report; /* PRESEAL_REPORT */
};

void select_read_environment(struct environment *environment);

/* A relative policy path (one with a '/' that does not start with it) names
 * a different file in every working folder: ENVIRONMENT->folder gets a hash
 * of the working folder, so that the token names the file.  Nothing else
 * costs a syscall.  Returns 0, or a negative errno with the reason in DIAGS
 * when the folder cannot be read (an inherited filter may refuse getcwd). */
int select_resolve(struct environment *environment, struct diag_list *diags);

/* The environment the program was started with, put in place of environ
 * while the shim reads it, so that every getenv() of the shim, the module's
 * included, sees what the kernel passed at exec and not what a constructor
 * that ran earlier made of it.  In secure-execution mode (AT_SECURE: setuid,
 * setgid, file capabilities) it is empty but for PRESEAL_CACHE=off: the
 * caller, less privileged than the program, chooses nothing. */
struct startup_environment {
	char **program; /* environ as the program's own constructors left it */
	char **array;	/* the startup environment, environ while the shim reads */
	char *strings;	/* the kernel's environment strings, or NULL */
	size_t count;	/* how many */
	bool allocated; /* ARRAY is a copy: ENVP no longer matched the strings */
};

/* ARGC, ARGV and ENVP are what ld.so passes to constructors.  Returns 0 or
 * -ENOMEM. */
int select_enter_startup_environment(struct startup_environment *startup, int argc, char **argv,
				     char **envp);
/* environ back to the program's; a PRESEAL_ variable the shim removed from
 * the startup environment (unsetenv) is removed from the program's too. */
void select_leave_startup_environment(struct startup_environment *startup);

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

/* PRESEAL_POLICY may list policies separated by ':' (as PATH lists
 * folders), which are stacked: each answers every call and the most
 * restrictive answer wins.  A path that holds ':' cannot be listed. */
#define SELECT_MAX_LAYERS 8

/* The INDEXth policy of the list POLICY into NAME (SIZE bytes; NAME may be
 * NULL to ask whether there is one).  Returns its length, or -ENOENT when
 * the list is shorter, or -EINVAL when the entry is empty or too long. */
int select_layer(const char *policy, size_t index, char *name, size_t size);

/* Whether an entry of the list POLICY is a relative path (a '/', not
 * first), which names a different file in every working folder. */
bool select_lists_a_relative_path(const char *policy);

/* True for a plain profile name: [A-Za-z0-9._-], not starting with '.' or '-'. */
int select_valid_profile_name(const char *name);

#endif
