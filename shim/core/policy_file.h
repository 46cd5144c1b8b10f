/* policy_file: opening a policy file that may be trusted (policy_file.c).
 *
 * Knows files, owners and modes, never the policy language: the reader
 * (policy.c) and the shim's cache lookup (ready.c, cache.c) call it. */
#ifndef PRESEAL_POLICY_FILE_H
#define PRESEAL_POLICY_FILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "diag.h"
#include "policy.h"

/* The whole of the file at PATH, NUL-terminated, or NULL with the reason in
 * DIAGS: bounded in size, refused when it holds a NUL byte. */
char *policy_slurp_path(const char *path, size_t *length, struct diag_list *diags);
/* Opens PATH, checks it may be trusted under FLAGS (see policy_read_file)
 * through the same descriptor, and returns its whole content. */
char *policy_load_file(const char *path, unsigned flags, size_t *length, struct diag_list *diags);
/* The same, and the file's status as checked into OPENED. */
char *policy_load_file_stat(const char *path, unsigned flags, size_t *length, struct stat *opened,
			    struct diag_list *diags);
/* The same through an open descriptor. */
char *policy_slurp_fd(int fd, const char *path, size_t *length, struct diag_list *diags);
/* Checks the COUNT files a policy included as the policy file itself was
 * checked under FLAGS; 0, or -EPERM with the reasons in DIAGS. */
int policy_check_included_files(const char *const *files, size_t count, unsigned flags,
				struct diag_list *diags);

#endif
