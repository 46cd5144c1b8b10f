/* policy_internal: what the policy reader shares with the rule resolver. */
#ifndef PRESEAL_POLICY_INTERNAL_H
#define PRESEAL_POLICY_INTERNAL_H

#include <stdio.h>
#include <sys/stat.h>

#include "policy.h"

/* A copy of TEXT owned by POLICY (one copy per distinct string), or NULL. */
const char *policy_intern(struct policy *policy, const char *text);

/* Appends RULE to POLICY's rules with its own copy of RULE->syscall and
 * the next sequence number.  Returns the rule in place, or NULL when
 * memory runs out (the rules are unchanged). */
struct rule *policy_append_rule(struct policy *policy, const struct rule *rule);

/* Sorts the rules by syscall, applies precedence (rules named directly
 * override rules a group brought in), reports contradictions, and drops
 * rules the default action already implies. */
void policy_resolve(struct policy *policy, struct diag_list *diags);

/* Reads policy TEXT of LENGTH bytes (NUL-terminated) named NAME. */
struct policy *policy_read_text(const char *text, size_t length, const char *name,
				const char *include_dir, struct diag_list *diags);

/* The whole of the file at PATH, NUL-terminated, or NULL with the reason in
 * DIAGS: bounded in size, refused when it holds a NUL byte. */
char *policy_slurp_path(const char *path, size_t *length, struct diag_list *diags);
/* Opens PATH, checks it may be trusted under FLAGS (see policy_read_file)
 * through the same descriptor, and returns its whole content. */
char *policy_load_file(const char *path, unsigned flags, size_t *length, struct diag_list *diags);
/* The same, and the file's status as checked into OPENED. */
char *policy_load_file_stat(const char *path, unsigned flags, size_t *length, struct stat *opened,
			    struct diag_list *diags);
/* Reads the text of the file at PATH that policy_load_file returned. */
struct policy *policy_read_loaded(const char *path, const char *text, size_t length, unsigned flags,
				  struct diag_list *diags);
/* The same through an open descriptor. */
char *policy_slurp_fd(int fd, const char *path, size_t *length, struct diag_list *diags);

/* How messages name a libconfig type (CONFIG_TYPE_*): "a string", … */
const char *policy_type_name(int type);

struct config_setting_t;
/* Reads paths, paths_rules, path_groups, network, scope and landlock from
 * the policy's ROOT setting into POLICY->landlock (policy_landlock.c).
 * TOP_FILE names the policy file in messages. */
void policy_read_landlock(struct policy *policy, const struct config_setting_t *root,
			  const char *top_file, struct diag_list *diags);

#endif
