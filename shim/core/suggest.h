/* suggest: "did you mean …?" for misspelt names.
 *
 * A misspelt key, action or syscall name in a security policy is an error;
 * naming the closest known word turns that error into a one-second fix.
 */
#ifndef PRESEAL_SUGGEST_H
#define PRESEAL_SUGGEST_H

#include <stddef.h>

/* The candidate closest to WORD by edit distance, or NULL when none is close
 * enough to be a plausible typo.  CANDIDATES are read through GET so any
 * table can be searched: GET(table, i) returns the i-th name. */
const char *suggest_closest(const char *word, const void *table, size_t count,
			    const char *(*get)(const void *table, size_t index));

/* The same over a plain array of strings. */
const char *suggest_from_list(const char *word, const char *const *candidates, size_t count);

#endif
