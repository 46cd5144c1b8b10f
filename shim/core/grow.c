/* grow: see grow.h. */
#include "grow.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int grow_array(void **items, size_t *capacity, size_t count, size_t size, size_t first)
{
	size_t wanted;
	void *grown;

	if (count < *capacity)
		return 0;
	wanted = *capacity ? *capacity * 2 : first;
	if (wanted <= count || wanted > SIZE_MAX / size)
		return -ENOMEM;
	grown = realloc(*items, wanted * size);
	if (!grown)
		return -ENOMEM;
	*items = grown;
	*capacity = wanted;
	return 0;
}
