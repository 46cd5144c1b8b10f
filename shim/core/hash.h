/* hash: FNV-1a, 64 bits.  For integrity checks and tokens, never for
 * authentication: trust comes from file ownership, not from the hash. */
#ifndef PRESEAL_HASH_H
#define PRESEAL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV1A_START 0xcbf29ce484222325ull
#define HASH_FNV1A_PRIME 0x100000001b3ull

/* HASH continued over SIZE bytes of DATA. */
static inline uint64_t hash_fnv1a(uint64_t hash, const void *data, size_t size)
{
	const unsigned char *byte = data;

	for (size_t i = 0; i < size; i++)
		hash = (hash ^ byte[i]) * HASH_FNV1A_PRIME;
	return hash;
}

#endif
