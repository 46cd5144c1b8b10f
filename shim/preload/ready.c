/* ready: a policy the shim can load without compiling it.  See ready.h. */
#include "ready.h"

#include <errno.h>
#include <stdlib.h>

#include "compiled.h"
#include "policy_file.h"
#include "precompiled.h"
#include "profiles.h"

int ready_read(const struct selection *selection, struct ready *ready, struct filter *filter,
	       struct diag_list *diags)
{
	struct cache_key *key = &ready->key;
	const struct builtin_profile *builtin;
	struct stat opened;
	int result;

	ready->key = (struct cache_key){ .path = selection->path, .mode = selection->mode };
	ready->text = NULL;
	if (selection->inline_text)
		return 1; /* compiled from its text by the module, never cached */
	if (selection->builtin) {
		/* Every mode starts from the filter as enforced: the one built in. */
		result = precompiled_read(selection->builtin->name, filter, diags);
		return result < 0 ? result : !result;
	}
	key->enabled = cache_enabled();
	ready->text = policy_load_file_stat(selection->path, POLICY_TRUSTED_ONLY, &key->length,
					    &opened, diags);
	if (!ready->text)
		return -EINVAL;
	key->device = opened.st_dev;
	key->inode = opened.st_ino;
	key->text = ready->text;
	if (compiled_is(key->text, key->length)) {
		/* Verified when it was compiled; read in place. */
		if (compiled_take(ready->text, 0, key->length, selection->path, filter, diags) < 0)
			return -EINVAL;
		ready->text = NULL; /* the filter's now */
		key->text = NULL;
		return 0;
	}
	/* An unchanged installed copy of a built-in profile (the default
	 * PRESEAL_PATH finds PREFIX/share/preseal/profiles/baseline.cfg first):
	 * the filter compiled at build time, with no compile and no cache entry,
	 * for every user.  Its file was read and trusted like any other. */
	builtin = profiles_with_text(key->text, key->length);
	if (builtin) {
		result = precompiled_read(builtin->name, filter, diags);
		if (result != 0)
			return result < 0 ? result : 0;
	}
	return cache_lookup(key, filter) == 0 ? 0 : 1;
}

void ready_free(struct ready *ready)
{
	free(ready->text);
	ready->text = NULL;
}
