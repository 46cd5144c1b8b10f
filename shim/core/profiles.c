/* profiles: lookup of the built-in profiles embedded from config/profiles. */
#include "profiles.h"

#include <string.h>

const struct builtin_profile *profiles_find(const char *name)
{
	for (unsigned long i = 0; i < profiles_data_count; i++)
		if (strcmp(profiles_data[i].name, name) == 0)
			return &profiles_data[i];
	return NULL;
}

const struct builtin_profile *profiles_all(size_t *count)
{
	*count = profiles_data_count;
	return profiles_data;
}

const char *profiles_text(const struct builtin_profile *profile)
{
	return profiles_texts[profile->index];
}

const struct builtin_profile *profiles_with_text(const char *text, size_t length)
{
	/* The lengths first: a text is read only when its length matches. */
	for (unsigned long i = 0; i < profiles_data_count; i++)
		if (profiles_data[i].copy_length == length && length > 0 &&
		    memcmp(profiles_texts[profiles_data[i].index], text, length) == 0)
			return &profiles_data[i];
	return NULL;
}
