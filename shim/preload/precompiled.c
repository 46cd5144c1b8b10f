/* precompiled: built-in profiles compiled at build time (shim only). */
#include "precompiled.h"

#include <errno.h>
#include <string.h>

#include "compiled.h"

int precompiled_read(const char *name, struct filter *filter, struct diag_list *diags)
{
	for (unsigned long i = 0; i < precompiled_data_count; i++) {
		const struct precompiled_profile *profile = &precompiled_data[i];

		if (strcmp(profile->name, name) != 0)
			continue;
		/* The same checks as a compiled file: version, architecture,
		 * checksum and a valid program. */
		if (compiled_read((const char *)profile->data, profile->size, name, filter, diags) <
		    0)
			return -EINVAL;
		return 1;
	}
	return 0;
}
