/* policy_internal: the reader's entry points that only preseal itself (the
 * compiler module, the fuzzer) calls besides policy.h's. */
#ifndef PRESEAL_POLICY_INTERNAL_H
#define PRESEAL_POLICY_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

/* A copy of TEXT owned by POLICY (one copy per distinct string), or NULL. */
const char *policy_intern(struct policy *policy, const char *text);

/* Reads policy TEXT of LENGTH bytes (NUL-terminated) named NAME. */
struct policy *policy_read_text(const char *text, size_t length, const char *name,
				const char *include_dir, struct diag_list *diags);

/* Reads the text of the file at PATH that policy_load_file returned. */
struct policy *policy_read_loaded(const char *path, const char *text, size_t length, unsigned flags,
				  struct diag_list *diags);

/* How messages name a libconfig type (CONFIG_TYPE_*): "a string", … */
const char *policy_type_name(int type);

struct config_setting_t;
/* Where SETTING was read: the included file that holds it (a string of
 * POLICY), or TOP_FILE for the policy file itself. */
struct source policy_setting_source(struct policy *policy, const char *top_file,
				    const struct config_setting_t *setting);
/* An error in DIAGS at SETTING's file and line. */
void policy_setting_verror(struct policy *policy, const char *top_file, struct diag_list *diags,
			   const struct config_setting_t *setting, const char *format,
			   va_list args);
/* Each member of GROUP that KEYS does not name is an error "unknown key
 * ... in WHERE", with the closest key as a guess.  False when there was
 * one. */
bool policy_check_keys(struct policy *policy, const char *top_file, struct diag_list *diags,
		       const struct config_setting_t *group, const char *const *keys,
		       size_t key_count, const char *where);
/* True for a libconfig array [ ] or list ( ). */
bool policy_setting_is_sequence(const struct config_setting_t *setting);

/* Reads paths, paths_rules, path_groups, network, scope and landlock from
 * the policy's ROOT setting into POLICY->landlock (policy_landlock.c).
 * TOP_FILE names the policy file in messages. */
void policy_read_landlock(struct policy *policy, const struct config_setting_t *root,
			  const char *top_file, struct diag_list *diags);

#endif
