/* grow: room for one more item in a growing array. */
#ifndef PRESEAL_GROW_H
#define PRESEAL_GROW_H

#include <stddef.h>

/* Makes *ITEMS (COUNT in use, *CAPACITY allocated, each SIZE bytes) hold
 * at least one more, doubling from FIRST.  Returns 0, or -ENOMEM with the
 * array unchanged. */
int grow_array(void **items, size_t *capacity, size_t count, size_t size, size_t first);

#define GROW(items, count, capacity, first) \
	grow_array((void **)&(items), &(capacity), (count), sizeof(*(items)), (first))

#endif
