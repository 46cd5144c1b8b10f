/* suggest: "did you mean …?" for misspelt names.
 *
 * Edit distance (insertions, deletions, substitutions, adjacent
 * transpositions) over short names; never allocates, so it is safe inside
 * the constructor.  Names longer than SUGGEST_MAX are never suggested.
 */
#include "suggest.h"

#include <stdint.h>
#include <string.h>

#define SUGGEST_MAX 64

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance, rows kept on the stack. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t before[SUGGEST_MAX + 1], previous[SUGGEST_MAX + 1], current[SUGGEST_MAX + 1];

	if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		previous[j] = j;
	before[0] = 0;
	for (size_t i = 1; i <= la; i++) {
		current[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			current[j] =
				min3(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    before[j - 2] + 1 < current[j])
				current[j] = before[j - 2] + 1;
		}
		memcpy(before, previous, sizeof(before));
		memcpy(previous, current, sizeof(previous));
	}
	return previous[lb];
}

const char *suggest_closest(const char *word, const void *table, size_t count,
			    const char *(*get)(const void *table, size_t index))
{
	size_t length = strlen(word);
	/* A third of the word, at least one and at most three edits. */
	size_t limit = length / 3 < 1 ? 1 : (length / 3 > 3 ? 3 : length / 3);
	size_t best_distance = limit + 1;
	const char *best = NULL;

	for (size_t i = 0; i < count; i++) {
		const char *candidate = get(table, i);
		size_t distance = edit_distance(word, candidate);

		if (distance < best_distance) {
			best_distance = distance;
			best = candidate;
		}
	}
	return best;
}

static const char *list_get(const void *table, size_t index)
{
	return ((const char *const *)table)[index];
}

const char *suggest_from_list(const char *word, const char *const *candidates, size_t count)
{
	return suggest_closest(word, candidates, count, list_get);
}
