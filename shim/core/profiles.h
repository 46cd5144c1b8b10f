/* profiles: the built-in profiles, embedded at build time from config/profiles. */
#ifndef PRESEAL_PROFILES_H
#define PRESEAL_PROFILES_H

#include <stddef.h>

/* The names alone: the shim's fast path selects a built-in profile by name
 * and loads it compiled (precompiled.h), so the texts, which only the
 * compiler needs, are kept apart and stay out of libpreseal.so. */
struct builtin_profile {
	const char *name;   /* "baseline" */
	unsigned index;	    /* into profiles_texts */
	size_t copy_length; /* the text's length when a copy of it may stand for it
			     * (it includes no other file), else 0 */
};

/* The built-in profile NAME, or NULL. */
const struct builtin_profile *profiles_find(const char *name);
/* All of them, sorted by name. */
const struct builtin_profile *profiles_all(size_t *count);
/* PROFILE's policy, as in config/profiles/NAME.cfg. */
const char *profiles_text(const struct builtin_profile *profile);
/* The built-in profile whose text is exactly TEXT (LENGTH bytes), or NULL.
 * An installed copy of a built-in profile, unchanged, compiles to that
 * profile's filter wherever it lies, since it includes no other file; an
 * edited copy, even by one byte, is no match. */
const struct builtin_profile *profiles_with_text(const char *text, size_t length);

/* Generated data. */
extern const struct builtin_profile profiles_data[];
extern const unsigned long profiles_data_count;
extern const char *const profiles_texts[];

#endif
