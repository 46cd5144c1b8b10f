/* policy_file: opening a policy file that may be trusted.
 *
 * Whoever can write the policy decides what the program may do, so a policy
 * file (and every file it includes) must be a regular file owned by root or
 * by the user running the program, and writable by nobody else.  The file
 * is checked through the descriptor that is then read, so it cannot be
 * swapped between the check and the read.
 *
 * Whoever can write a folder on the way to the policy can put another file
 * (or a symlink to another root-owned policy) under its name, so every
 * folder from / down to the file, along the path as given and along the
 * path it resolves to, must be owned by root or the user too, and writable
 * by nobody else unless it is sticky (like /tmp, where only an entry's
 * owner may replace it), as OpenSSH's StrictModes requires of
 * authorized_keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy_file.h"
#include "text.h"

/* Far above any real policy (2,000 rules is about 250 KiB). */
#define POLICY_MAX_BYTES (4u << 20)

/* Returns NULL when ST is acceptable, or why it is not. */
static const char *untrusted_reason(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return "is a directory, not a policy file";
	if (!S_ISREG(st->st_mode))
		return "is not a regular file";
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return "is owned by another user (it must belong to root or to you)";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "is writable by group or others (chmod go-w it)";
	return NULL;
}

int policy_check_file_stat(const struct stat *st, unsigned flags, const char **why)
{
	*why = NULL;
	if (S_ISDIR(st->st_mode)) {
		*why = "is a directory, not a policy file";
		return -EISDIR;
	}
	if (flags & POLICY_TRUSTED_ONLY)
		*why = untrusted_reason(st);
	else if (!S_ISREG(st->st_mode))
		*why = "is not a regular file";
	if (*why)
		return -EPERM;
	if ((size_t)st->st_size > POLICY_MAX_BYTES) {
		*why = "is larger than 4 MiB, too large to be a policy";
		return -EFBIG;
	}
	return 0;
}

/* Returns NULL when the folder FOLDER may hold a trusted policy. */
static const char *untrusted_folder_reason(const char *folder)
{
	struct stat st;

	if (stat(folder, &st) < 0)
		return "cannot be checked";
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return "is owned by another user (it must belong to root or to you)";
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		return "is writable by group or others (chmod go-w it)";
	return NULL;
}

/* Checks every folder above PATH, an absolute path: "/", "/a", "/a/b" for
 * "/a/b/file".  Each is cut out of PATH in place and PATH restored: no copy
 * on the stack (the shim's fast path runs this at every start with a policy
 * file, and each new stack page is a page fault).  The first untrusted
 * folder is reported in DIAGS. */
static int check_folders_of(char *path, const char *shown, struct diag_list *diags)
{
	const char *why;

	why = untrusted_folder_reason("/");
	if (why) {
		diag_error(diags, shown, 0, "its folder / %s", why);
		return -EPERM;
	}
	for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		why = untrusted_folder_reason(path);
		if (why)
			diag_error(diags, shown, 0, "its folder %s %s", path, why);
		*slash = '/';
		if (why)
			return -EPERM;
	}
	return 0;
}

/* The folders of PATH as given (made absolute) and as resolved. */
static int check_folders(const char *path, struct diag_list *diags)
{
	char absolute[PATH_MAX], resolved[PATH_MAX];
	int result, error;

	if (path[0] == '/') {
		if (text_join(absolute, sizeof(absolute), path, (char *)NULL) >= sizeof(absolute)) {
			diag_error(diags, path, 0,
				   "cannot check its folders: the path is too long");
			return -ENAMETOOLONG;
		}
	} else if (!getcwd(resolved, sizeof(resolved)) ||
		   text_join(absolute, sizeof(absolute), resolved, "/", path, (char *)NULL) >=
			   sizeof(absolute)) {
		diag_error(diags, path, 0, "cannot check its folders: the path is too long");
		return -ENAMETOOLONG;
	}
	result = check_folders_of(absolute, path, diags);
	if (result == 0 && !realpath(path, resolved)) {
		error = errno;
		diag_error(diags, path, 0, "cannot check its folders: %s", strerror(error));
		return -error;
	}
	if (result == 0 && strcmp(resolved, absolute) != 0)
		result = check_folders_of(resolved, path, diags);
	return result;
}

int policy_check_included_files(const char *const *files, size_t count, unsigned flags,
				struct diag_list *diags)
{
	int result = 0;

	for (size_t i = 0; i < count; i++) {
		struct stat st;
		const char *why;

		if (stat(files[i], &st) < 0) {
			diag_error(diags, files[i], 0, "cannot check included file: %s",
				   strerror(errno));
			result = -EPERM;
			continue;
		}
		if (policy_check_file_stat(&st, flags, &why) < 0) {
			diag_error(diags, files[i], 0, "included file %s", why);
			result = -EPERM;
		} else if ((flags & POLICY_TRUSTED_ONLY) && check_folders(files[i], diags) < 0)
			result = -EPERM;
	}
	return result;
}

char *policy_slurp_fd(int fd, const char *path, size_t *length, struct diag_list *diags)
{
	size_t capacity = 4096, used = 0;
	char *text = malloc(capacity + 1);

	while (text) {
		ssize_t got;

		if (used > POLICY_MAX_BYTES) {
			diag_error(diags, path, 0,
				   "is larger than 4 MiB, too large to be a policy");
			break;
		}
		if (used == capacity) {
			/* Up to one byte past the limit, to tell "exactly" from "over". */
			size_t grown = capacity * 2 > POLICY_MAX_BYTES ? POLICY_MAX_BYTES + 1
								       : capacity * 2;
			char *bigger = realloc(text, grown + 1);

			if (!bigger) {
				diag_error(diags, path, 0, "out of memory");
				break;
			}
			text = bigger;
			capacity = grown;
		}
		got = read(fd, text + used, capacity - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_error(diags, path, 0, "cannot read policy: %s", strerror(errno));
			break;
		}
		if (got == 0) {
			text[used] = '\0';
			*length = used;
			return text;
		}
		used += (size_t)got;
	}
	free(text);
	return NULL;
}

char *policy_slurp_path(const char *path, size_t *length, struct diag_list *diags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	char *text;

	if (fd < 0) {
		diag_error(diags, path, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	text = policy_slurp_fd(fd, path, length, diags);
	close(fd);
	return text;
}

char *policy_load_file(const char *path, unsigned flags, size_t *length, struct diag_list *diags)
{
	struct stat st;

	return policy_load_file_stat(path, flags, length, &st, diags);
}

char *policy_load_file_stat(const char *path, unsigned flags, size_t *length, struct stat *opened,
			    struct diag_list *diags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	const char *why = NULL;
	struct stat st;
	char *text;

	if (fd < 0) {
		diag_error(diags, path, 0, "cannot open policy: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || policy_check_file_stat(&st, flags, &why) < 0) {
		diag_error(diags, path, 0, "%s", why ? why : strerror(errno));
		close(fd);
		return NULL;
	}
	if ((flags & POLICY_TRUSTED_ONLY) && check_folders(path, diags) < 0) {
		close(fd);
		return NULL;
	}
	text = policy_slurp_fd(fd, path, length, diags);
	close(fd);
	*opened = st;
	return text;
}
