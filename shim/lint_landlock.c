/* lint_landlock: warnings for paths, network and scope that are weaker
 * than they look, or that this machine cannot honour.
 *
 * A listed "/" makes the rest of `paths` pointless; a path that does not
 * exist grants nothing; a best_effort policy runs with less than it says
 * on an older kernel, and a strict one does not start there.  Each warning
 * points at the entry or key it is about.  Only stat() is called on the
 * listed paths: nothing is opened.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lint.h"

static void warn_root(const struct landlock_path_rule *rule, struct diag_list *diags)
{
	const uint64_t writes = LL_FS_WRITE_FILE | LL_FS_REMOVE_FILE | LL_FS_REMOVE_DIR |
				LL_FS_MAKE_REG | LL_FS_MAKE_DIR | LL_FS_TRUNCATE;

	if (strcmp(rule->path, "/") != 0)
		return;
	if (rule->access & writes)
		diag_warning(diags, rule->where.file, rule->where.line,
			     "'/' is writable: every file this user may write stays writable, so "
			     "the rest of 'paths' protects nothing from being changed");
	else if (rule->access & LL_FS_READ_FILE)
		diag_warning(diags, rule->where.file, rule->where.line,
			     "'/' is readable: every file this user may read stays readable "
			     "(~/.ssh, ~/.aws, …), so the rest of 'paths' hides nothing");
}

static bool short_form(uint64_t access)
{
	return access == LL_FS_SHORT_READ || access == LL_FS_SHORT_EXECUTE ||
	       access == LL_FS_SHORT_WRITE;
}

static void warn_missing(const struct landlock_path_rule *rule, struct diag_list *diags)
{
	struct stat st;
	char rights[256];

	if (stat(rule->path, &st) == 0) {
		/* The short form is documented to mean only file rights on a file;
		 * rights named one by one in paths_rules are worth the warning. */
		if (!S_ISDIR(st.st_mode) && !short_form(rule->access) &&
		    (rule->access & ~LL_FS_FILE_RIGHTS))
			diag_warning(diags, rule->where.file, rule->where.line,
				     "'%s' is not a folder: only its file rights apply (%s)",
				     rule->path,
				     landlock_fs_rights_format(rule->access & LL_FS_FILE_RIGHTS,
							       rights, sizeof(rights)));
		return;
	}
	diag_warning(diags, rule->where.file, rule->where.line,
		     "'%s' does not exist here: it grants nothing, and a file created there later "
		     "is denied (Landlock attaches a rule to an existing file or folder)",
		     rule->path);
}

/* What ABI lacks of what the policy handles, as one sentence into TEXT;
 * false when it lacks nothing. */
static bool describe_missing(const struct landlock_policy *model, int abi, char *text, size_t size)
{
	uint64_t fs = model->handled_fs & ~landlock_fs_rights_of_abi(abi);
	uint64_t net = model->handled_net & ~landlock_net_rights_of_abi(abi);
	uint64_t scoped = model->scoped & ~landlock_scopes_of_abi(abi);
	size_t used;

	if (!fs && !net && !scoped)
		return false;
	if (abi == 0) {
		snprintf(text, size, "this kernel has no Landlock: paths, network and scope");
		return true;
	}
	used = (size_t)snprintf(text, size, "this kernel (Landlock ABI %d) lacks ", abi);
	if (fs && used < size)
		landlock_fs_rights_format(fs, text + used, size - used);
	used = strlen(text);
	if (net && used < size)
		used += (size_t)snprintf(text + used, size - used, "%snetwork (ABI 4)",
					 fs ? ", " : "");
	if (scoped && used < size)
		snprintf(text + used, size - used, "%sscope (ABI 6)", fs || net ? ", " : "");
	return true;
}

static void warn_kernel(const struct landlock_policy *model, int abi, struct diag_list *diags)
{
	const struct landlock_source *where = model->handled_fs	   ? &model->paths_where
					      : model->handled_net ? &model->network_where
								   : &model->scope_where;
	char missing[512];

	if (!describe_missing(model, abi, missing, sizeof(missing)))
		return;
	if (model->mode == LANDLOCK_BEST_EFFORT)
		diag_warning(diags, model->mode_where.file ? model->mode_where.file : where->file,
			     model->mode_where.file ? model->mode_where.line : where->line,
			     "best_effort: %s; they are not enforced here", missing);
	else
		diag_warning(diags, where->file, where->line,
			     "%s: the program will not start here (landlock = \"best_effort\" "
			     "would run it without them)",
			     missing);
}

void lint_landlock(const struct policy *policy, int abi, struct diag_list *diags)
{
	const struct landlock_policy *model = &policy->landlock;

	if (!model->present) {
		if (model->mode_where.file)
			diag_warning(
				diags, model->mode_where.file, model->mode_where.line,
				"'landlock' without paths, network or scope: nothing to apply");
		return;
	}
	for (size_t i = 0; i + model->implied_count < model->path_count; i++) {
		warn_root(&model->paths[i], diags);
		warn_missing(&model->paths[i], diags);
	}
	warn_kernel(model, abi, diags);
}
