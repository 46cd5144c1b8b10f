/* profiles: the built-in profiles, embedded at build time from config/profiles. */
#ifndef PRESEAL_PROFILES_H
#define PRESEAL_PROFILES_H

#include <stddef.h>

struct builtin_profile {
	const char *name; /* "baseline" */
	const char *text; /* the policy, as in config/profiles/NAME.cfg */
};

/* The built-in profile NAME, or NULL. */
const struct builtin_profile *profiles_find(const char *name);
/* All of them, sorted by name. */
const struct builtin_profile *profiles_all(size_t *count);

/* Generated data. */
extern const struct builtin_profile profiles_data[];
extern const unsigned long profiles_data_count;

#endif
