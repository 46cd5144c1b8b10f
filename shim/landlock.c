/* landlock: the model's names, ABIs and paths.
 *
 * The names a policy writes for Landlock's rights and scopes, the ABI that
 * introduced each, and how a written path becomes the absolute, normalised
 * path a rule holds.  Pure data and string work: no Landlock syscall is made
 * here, and nothing here reads the filesystem.
 */
#include "landlock.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct right {
	const char *name; /* lowercase of LANDLOCK_ACCESS_FS_* */
	uint64_t bit;
	int abi;
};

/* Sorted by name (test_policy checks it is sorted and covers LL_FS_ALL). */
static const struct right fs_rights[] = {
	{ "execute", LL_FS_EXECUTE, 1 },       { "ioctl_dev", LL_FS_IOCTL_DEV, 5 },
	{ "make_block", LL_FS_MAKE_BLOCK, 1 }, { "make_char", LL_FS_MAKE_CHAR, 1 },
	{ "make_dir", LL_FS_MAKE_DIR, 1 },     { "make_fifo", LL_FS_MAKE_FIFO, 1 },
	{ "make_reg", LL_FS_MAKE_REG, 1 },     { "make_sock", LL_FS_MAKE_SOCK, 1 },
	{ "make_sym", LL_FS_MAKE_SYM, 1 },     { "read_dir", LL_FS_READ_DIR, 1 },
	{ "read_file", LL_FS_READ_FILE, 1 },   { "refer", LL_FS_REFER, 2 },
	{ "remove_dir", LL_FS_REMOVE_DIR, 1 }, { "remove_file", LL_FS_REMOVE_FILE, 1 },
	{ "truncate", LL_FS_TRUNCATE, 3 },     { "write_file", LL_FS_WRITE_FILE, 1 },
};

static const char *const fs_right_names[] = {
	"execute",    "ioctl_dev",   "make_block", "make_char",	 "make_dir",  "make_fifo",
	"make_reg",   "make_sock",   "make_sym",   "read_dir",	 "read_file", "refer",
	"remove_dir", "remove_file", "truncate",   "write_file",
};

static const struct right scopes[] = {
	{ "abstract_unix_socket", LL_SCOPE_ABSTRACT_UNIX_SOCKET, 6 },
	{ "signal", LL_SCOPE_SIGNAL, 6 },
};

static int compare_right(const void *key, const void *entry)
{
	return strcmp(key, ((const struct right *)entry)->name);
}

uint64_t landlock_fs_right_parse(const char *name)
{
	const struct right *found = bsearch(name, fs_rights, ARRAY_SIZE(fs_rights),
					    sizeof(fs_rights[0]), compare_right);

	return found ? found->bit : 0;
}

static const struct right *fs_right_of(uint64_t bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_rights); i++)
		if (fs_rights[i].bit == bit)
			return &fs_rights[i];
	return NULL;
}

const char *landlock_fs_right_name(uint64_t bit)
{
	const struct right *right = fs_right_of(bit);

	return right ? right->name : NULL;
}

int landlock_fs_right_abi(uint64_t bit)
{
	const struct right *right = fs_right_of(bit);

	return right ? right->abi : 0;
}

const char *const *landlock_fs_right_names(size_t *count)
{
	*count = ARRAY_SIZE(fs_right_names);
	return fs_right_names;
}

const char *landlock_scope_name(uint64_t bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(scopes); i++)
		if (scopes[i].bit == bit)
			return scopes[i].name;
	return NULL;
}

uint64_t landlock_scope_parse(const char *name)
{
	const struct right *found =
		bsearch(name, scopes, ARRAY_SIZE(scopes), sizeof(scopes[0]), compare_right);

	return found ? found->bit : 0;
}

uint64_t landlock_fs_rights_of_abi(int abi)
{
	uint64_t rights = 0;

	for (size_t i = 0; i < ARRAY_SIZE(fs_rights); i++)
		if (abi >= fs_rights[i].abi)
			rights |= fs_rights[i].bit;
	return rights;
}

uint64_t landlock_net_rights_of_abi(int abi)
{
	return abi >= 4 ? LL_NET_ALL : 0;
}

uint64_t landlock_scopes_of_abi(int abi)
{
	return abi >= 6 ? LL_SCOPE_ALL : 0;
}

int landlock_abi_needed(uint64_t fs, uint64_t net, uint64_t scoped)
{
	int abi = fs || net || scoped ? 1 : 0;

	for (size_t i = 0; i < ARRAY_SIZE(fs_rights); i++)
		if ((fs & fs_rights[i].bit) && fs_rights[i].abi > abi)
			abi = fs_rights[i].abi;
	if (net && abi < 4)
		abi = 4;
	if (scoped && abi < 6)
		abi = 6;
	return abi;
}

const char *landlock_fs_rights_format(uint64_t rights, char *buffer, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return buffer;
	buffer[0] = '\0';
	if (!rights)
		snprintf(buffer, size, "none");
	/* In bit order: the order of LANDLOCK_ACCESS_FS_* in the kernel. */
	for (uint64_t bit = 1; bit <= LL_FS_IOCTL_DEV && used < size; bit <<= 1) {
		if (!(rights & bit))
			continue;
		int written = snprintf(buffer + used, size - used, "%s%s", used ? ", " : "",
				       landlock_fs_right_name(bit));

		if (written < 0)
			break;
		used += (size_t)written;
	}
	return buffer;
}

/* ---- paths ---------------------------------------------------------------- */

/* HOME in place of a leading "~" or "$HOME"; the rest of WRITTEN in *REST. */
static int expand_home(const char *written, const char *home, const char **prefix,
		       const char **rest, const char **why)
{
	*prefix = "";
	*rest = written;
	if (written[0] == '~') {
		if (written[1] != '\0' && written[1] != '/') {
			*why = "'~NAME' is not expanded: write the folder out (only a leading '~' "
			       "and '$HOME' are)";
			return -1;
		}
		*rest = written + 1;
	} else if (strncmp(written, "$HOME", 5) == 0 && (written[5] == '\0' || written[5] == '/')) {
		*rest = written + 5;
	} else {
		return 0;
	}
	if (!home) {
		*why = "'~' and '$HOME' need HOME set to an absolute path (and are never expanded "
		       "for a setuid or setgid program)";
		return -1;
	}
	*prefix = home;
	return 0;
}

/* Appends the components of TEXT to OUT (holding USED bytes): "" and "."
 * dropped, ".." refused. */
static int append_components(const char *text, char *out, size_t size, size_t *used,
			     const char **why)
{
	const char *at = text;

	while (*at) {
		const char *end = strchrnul(at, '/');
		size_t length = (size_t)(end - at);

		if (length == 2 && at[0] == '.' && at[1] == '.') {
			*why = "'..' is not allowed in a path: write the folder it means (through "
			       "a "
			       "symlink, '..' is not where it looks)";
			return -1;
		}
		if (length && !(length == 1 && at[0] == '.')) {
			if (*used + 1 + length >= size) {
				*why = "the path is too long";
				return -1;
			}
			out[(*used)++] = '/';
			memcpy(out + *used, at, length);
			*used += length;
			out[*used] = '\0';
		}
		at = *end ? end + 1 : end;
	}
	return 0;
}

int landlock_path_normalise(const char *written, const char *home, char *out, size_t size,
			    const char **why)
{
	const char *prefix, *rest;
	size_t used = 0;

	if (size < 2) {
		*why = "the path is too long";
		return -1;
	}
	if (written[0] == '\0') {
		*why = "the path is empty";
		return -1;
	}
	if (expand_home(written, home, &prefix, &rest, why) < 0)
		return -1;
	if (prefix[0] == '\0' && rest[0] != '/') {
		*why = "a relative path is not allowed: write it from '/' (or from '~'), so that "
		       "it "
		       "does not depend on the folder the program starts in";
		return -1;
	}
	if (prefix[0] != '\0' && prefix[0] != '/') {
		*why = "HOME is not an absolute path";
		return -1;
	}
	out[0] = '\0';
	if (append_components(prefix, out, size, &used, why) < 0 ||
	    append_components(rest, out, size, &used, why) < 0)
		return -1;
	if (used == 0) {
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}

bool landlock_path_beneath(const char *rule, const char *path)
{
	size_t length = strlen(rule);

	if (strcmp(rule, "/") == 0)
		return path[0] == '/';
	return strncmp(rule, path, length) == 0 && (path[length] == '\0' || path[length] == '/');
}
