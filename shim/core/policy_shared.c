/* policy_shared: what the parts of the policy reader share (policy.c
 * reads the syscall rules, policy_landlock.c the Landlock keys): the
 * strings a policy owns, where a setting was read, its errors and unknown
 * keys, and how messages name libconfig's types. */
#include <libconfig.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "policy_internal.h"
#include "suggest.h"

const char *policy_intern(struct policy *policy, const char *text)
{
	for (size_t i = 0; i < policy->string_count; i++)
		if (strcmp(policy->strings[i], text) == 0)
			return policy->strings[i];

	char **strings = realloc(policy->strings, (policy->string_count + 1) * sizeof(*strings));
	char *copy = strdup(text);

	if (strings)
		policy->strings = strings;
	if (!strings || !copy) {
		free(copy);
		return NULL;
	}
	policy->strings[policy->string_count++] = copy;
	return copy;
}

const char *policy_type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { ... }";
	case CONFIG_TYPE_INT:
		return "an integer";
	case CONFIG_TYPE_INT64:
		return "a 64-bit integer";
	case CONFIG_TYPE_FLOAT:
		return "a float";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ... ]";
	case CONFIG_TYPE_LIST:
		return "a list ( ... )";
	}
	return "nothing";
}

struct source policy_setting_source(struct policy *policy, const char *top_file,
				    const config_setting_t *setting)
{
	/* Our libconfig records each include by the path it opened
	 * (scripts/libconfig-1.5-includes.patch), so the name can be opened as
	 * it is; the top file is recorded as NULL. */
	const char *file = config_setting_source_file(setting);
	const char *interned = file ? policy_intern(policy, file) : NULL;

	return (struct source){ interned ? interned : top_file,
				(int)config_setting_source_line(setting) };
}

void policy_setting_verror(struct policy *policy, const char *top_file, struct diag_list *diags,
			   const config_setting_t *setting, const char *format, va_list args)
{
	struct source where = policy_setting_source(policy, top_file, setting);

	diag_addv(diags, DIAG_ERROR, where.file, where.line, format, args);
}

__attribute__((format(printf, 5, 6))) static void
setting_error(struct policy *policy, const char *top_file, struct diag_list *diags,
	      const config_setting_t *setting, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	policy_setting_verror(policy, top_file, diags, setting, format, args);
	va_end(args);
}

bool policy_check_keys(struct policy *policy, const char *top_file, struct diag_list *diags,
		       const config_setting_t *group, const char *const *keys, size_t key_count,
		       const char *where)
{
	bool ok = true;
	int count = config_setting_length(group);

	for (int i = 0; i < count; i++) {
		const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(member);
		bool known = false;

		for (size_t k = 0; k < key_count; k++)
			known = known || strcmp(name, keys[k]) == 0;
		if (known)
			continue;
		const char *guess = suggest_from_list(name, keys, key_count);

		if (guess)
			setting_error(policy, top_file, diags, member,
				      "unknown key '%.*s%s' in %s (did you mean '%s'?)",
				      DIAG_QUOTE(name), where, guess);
		else
			setting_error(policy, top_file, diags, member, "unknown key '%.*s%s' in %s",
				      DIAG_QUOTE(name), where);
		ok = false;
	}
	return ok;
}

bool policy_setting_is_sequence(const config_setting_t *setting)
{
	int type = config_setting_type(setting);

	return type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST;
}
