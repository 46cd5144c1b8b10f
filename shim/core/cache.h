/* cache: compiled policies kept between runs, so that a policy file is
 * compiled and verified once, not at every start.
 *
 * An entry holds the verified program together with everything it was
 * compiled from: the policy's path and exact text, the path and exact text
 * of every file it included, the mode, the architecture and the build of
 * preseal.  It is used only when all of these are byte for byte what this
 * process reads now, so an edited include or another build of preseal is a
 * miss, never a stale filter.
 *
 * Checksums only prove an entry undamaged, not honest: whoever can write an
 * entry decides the filter.  So an entry lives beside its policy file, as
 * .NAME.preseal-MODE in the folder that holds the file, owned by the file's
 * owner, so that whoever can write the entry can already replace the policy
 * itself.  The entry is opened through that folder, must be a regular file
 * with one name, on the folder's mount, owned by the policy's owner and
 * writable by nobody else.  No entry is read or written when the policy
 * file is on another mount than its folder (a single-file bind mount),
 * when it is immutable or append-only (its owner cannot replace it but
 * could write an entry), when the folder is sticky and belongs to someone
 * else (like /tmp), or in the installed profiles folder.  Only the policy's
 * owner writes entries; other users (of a root-owned policy) read root's.
 * Anything wrong with an entry makes it a miss; the cache never makes a
 * start fail, and it is written before the filter is loaded.
 */
#ifndef PRESEAL_CACHE_H
#define PRESEAL_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "compile.h"
#include "policy.h"

/* The head of an entry file (cache.c says what follows it).  Here rather
 * than in cache.c so that the tests forge entries in the very format an
 * attacker would copy. */
#define CACHE_ENTRY_MAGIC  "PRESEALC"
#define CACHE_ENTRY_FORMAT 1
#define CACHE_BUILD_SIZE   40

struct cache_entry_header {
	char magic[8];
	uint32_t format;
	uint32_t mode;
	uint32_t native_arch;
	uint32_t path_length;
	uint32_t text_length;
	uint32_t include_count;
	char build[CACHE_BUILD_SIZE]; /* PRESEAL_SOURCE_HASH: which preseal compiled it */
	uint64_t checksum;	      /* FNV-1a 64 over this header (checksum 0) and the key */
};

struct cache_key {
	bool enabled;	  /* cache_enabled() */
	const char *path; /* the policy file as PRESEAL_POLICY selected it */
	const char *text; /* its text, exactly as read */
	size_t length;
	dev_t device; /* the file that text was read from */
	ino_t inode;
	unsigned mode;	  /* enum preseal_mode: another mode, another filter */
	time_t looked_up; /* when the compile that follows a miss began (set by its caller) */
};

/* Whether this process uses the cache: PRESEAL_CACHE unset, empty or "on".
 * "off" turns it off, and so does any other value (an absolute folder was
 * the cache's place before entries moved beside their policies: such a
 * setting asked for no writes beside the policy).  Off too when
 * PRESEAL_FILTER or PRESEAL_READY_FD says a preseal filter may already be
 * in force: its policy need not grant the cache's system calls. */
bool cache_enabled(void);

/* Fills FILTER (without a probe) from a valid entry for KEY.  Returns 0 on
 * a hit, -1 on a miss of any kind. */
int cache_lookup(struct cache_key *key, struct filter *filter);

/* Saves FILTER, compiled and verified from POLICY (read from KEY's text),
 * for the next start, when this process owns the policy file.  A probe
 * prefix in FILTER is left out.  Failures are silent: the next start
 * compiles again.  Returns 0 when stored. */
int cache_store(const struct cache_key *key, const struct policy *policy,
		const struct filter *filter);

/* The entry's file name for a policy file named BASE in MODE,
 * ".BASE.preseal-MODE", into BUFFER.  Returns -1 when it does not fit. */
int cache_entry_name(const char *base, unsigned mode, char *buffer, size_t size);

#endif
