/* cache: compiled policies kept between runs, so that a policy file is
 * compiled and verified once, not at every start.
 *
 * An entry holds the verified program together with everything it was
 * compiled from: the policy's path and exact text, the path and exact text
 * of every file it included, the mode, the architecture and the build of
 * preseal.  It is used only when all of these are byte for byte what this
 * process reads now, so an edited include or another build of preseal is a
 * miss, never a stale filter.  It is trusted like a policy file and more:
 * the folder is the user's own with mode 0700, the entry a regular file the
 * user owns that nobody else may read or write, and the policy file itself
 * must belong to the user (a root-owned policy run by another user is never
 * cached: that user could otherwise weaken it through their own cache).
 * Anything wrong with an entry makes it a miss; the cache never makes a
 * start fail, and it is written before the filter is loaded.
 */
#ifndef PRESEAL_CACHE_H
#define PRESEAL_CACHE_H

#include <stddef.h>
#include <time.h>

#include "compile.h"
#include "policy.h"

struct cache_key {
	const char *dir;  /* the cache folder (cache_dir), or NULL: no cache */
	const char *path; /* the policy file as PRESEAL_POLICY selected it */
	const char *text; /* its text, exactly as read */
	size_t length;
	unsigned mode;	  /* enum preseal_mode: another mode, another filter */
	time_t looked_up; /* when the compile that follows a miss began (set by its caller) */
};

/* The cache folder for this process into BUFFER: PRESEAL_CACHE when it is
 * an absolute path, none when it is "off" (or anything else); otherwise
 * /var/cache/preseal for root and $XDG_CACHE_HOME/preseal or
 * $HOME/.cache/preseal for other users.  NULL when there is none, and when
 * PRESEAL_FILTER or PRESEAL_READY_FD says a preseal filter may already be in
 * force: its policy need not grant the cache's system calls. */
const char *cache_dir(char *buffer, size_t size);

/* Fills FILTER (without a probe) from a valid entry for KEY.  Returns 0 on
 * a hit, -1 on a miss of any kind. */
int cache_lookup(struct cache_key *key, struct filter *filter);

/* Saves FILTER, compiled and verified from POLICY (read from KEY's text),
 * for the next start.  A probe prefix in FILTER is left out.  Failures are
 * silent: the next start compiles again.  Returns 0 when stored. */
int cache_store(const struct cache_key *key, const struct policy *policy,
		const struct filter *filter);

/* The entry's file name for KEY, "p-" and 16 hex digits, into BUFFER. */
void cache_entry_name(const struct cache_key *key, char *buffer, size_t size);

#endif
