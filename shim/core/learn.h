/* learn: what a monitored run did, written as a policy.
 *
 * The policy allows every syscall the run made on the native architecture
 * and kills everything else.  Counts go in comments; names are grouped
 * under the first built-in group that holds them.  Where arguments matter
 * and are stable, the rule is narrower than the name: socket by address
 * family, ioctl by request, clone without the CLONE_NEW* flags it never
 * used, mmap and mprotect without PROT_EXEC when the run never asked for
 * it.  With paths on (monitor.record_paths), the files and folders the
 * run used and the TCP ports it bound and connected to are written too, as
 * `paths` and `network` (see learn_paths.c).  A base policy is merged in: its allow-lists and those
 * argument rules widen what was seen; any other rule it has for a syscall is kept as written, and
 * wins for that syscall.
 */
#ifndef PRESEAL_LEARN_H
#define PRESEAL_LEARN_H

#include <stdio.h>

#include "diag.h"
#include "landlock.h"
#include "monitor.h"
#include "policy.h"

struct learn_source {
	const char *command;	   /* the command line, for the header comment */
	const struct policy *base; /* or NULL */
	const char *base_name;	   /* how to name it in comments */
	const char *shim_folder;   /* libpreseal.so's folder, read by every program
				    * the policy runs under LD_PRELOAD, or NULL */
};

/* The comment on a `write` entry for a folder that confinement protects
 * (/tmp, a home folder…), granted whole because files were made in it. */
#define LEARN_WHOLE_FOLDER "files were made here, which needs all of it"

/* Writes the `paths` and `network` sections (and `paths_rules` for folders
 * only listed) from TOUCHED, merged with BASE (or NULL) named BASE_NAME in
 * comments, and SHIM_FOLDER (or NULL) readable (learn_paths.c).  Returns 0, or a negative errno. */
int learn_write_paths(FILE *out, const struct touched *touched, const struct landlock_policy *base,
		      const char *base_name, const char *shim_folder);

/* Writes the learned policy to OUT.  Returns 0, or a negative errno. */
int learn_write(const struct monitor *monitor, const struct learn_source *source, FILE *out);

/* The same into the file OUTPUT, through a temporary file renamed over it,
 * so a failed write never leaves half a policy where a good one was. */
int learn_write_file(const char *output, const struct monitor *monitor,
		     const struct learn_source *source);

#endif
