/* policy_shared: what the parts of the policy reader share (policy.c
 * reads the syscall rules, policy_landlock.c the Landlock keys): the
 * strings a policy owns, and how messages name libconfig's types. */
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "policy_internal.h"

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
