/* cache: compiled policies kept between runs (see cache.h for the rules).
 *
 * An entry file, host byte order:
 *   struct cache_entry_header (checksum: FNV-1a 64 over the header, checksum
 *   zeroed, and the key material that follows)
 *   the policy path, the policy text,
 *   per include: struct include_header, its path, its text
 *   a compiled policy (compiled.c), which carries its own checksum.
 * Nothing here reports an error: every problem is a miss.
 */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <linux/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "compiled.h"
#include "hash.h"
#include "io.h"
#include "policy_file.h"
#include "source_hash.h"
#include "text.h"

#define ENTRY_MAX_BYTES	   (16u << 20)
#define ENTRY_MAX_INCLUDES 256

struct include_header {
	uint32_t path_length;
	uint32_t text_length;
};

bool cache_enabled(void)
{
	const char *chosen = text_getenv("PRESEAL_CACHE");

	/* Under a filter preseal put in place (a parent's, or `preseal run`'s
	 * gate) the cache's own calls (statx, openat, rename…) may be refused
	 * or even kill: compile as without a cache. */
	if (text_getenv("PRESEAL_FILTER") || text_getenv("PRESEAL_READY_FD"))
		return false;
	return !chosen || chosen[0] == '\0' || strcmp(chosen, "on") == 0;
}

int cache_entry_name(const char *base, unsigned mode, char *buffer, size_t size)
{
	static const char *const modes[] = { "enforce", "complain", "learn" };
	size_t length;

	if (mode >= sizeof(modes) / sizeof(modes[0]))
		return -1;
	length = text_join(buffer, size, ".", base, ".preseal-", modes[mode], (char *)NULL);
	return length < size && length <= NAME_MAX ? 0 : -1;
}

/* ---- Where an entry may live ------------------------------------------------- */

/* The folder that holds the policy file, open, and what the entry there
 * must match. */
struct place {
	int dir_fd;
	uint64_t mount;	   /* the folder's mount */
	uid_t owner;	   /* the policy file's owner: the entry's too */
	gid_t group;	   /* the policy file's group: the entry's when it may read */
	mode_t permission; /* the policy file's permission bits */
	char name[NAME_MAX + 1];
};

/* The mount ID statx reports (Linux 5.8).  <linux/stat.h> (through
 * <linux/fs.h>) names the field that glibc 2.36 still calls padding. */
static uint64_t mount_id(const struct statx *st)
{
	return st->stx_mnt_id;
}

static int status_of(int fd, struct statx *st)
{
	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_MNT_ID,
		  st) < 0)
		return -1;
	return (st->stx_mask & STATX_MNT_ID) &&
			       (st->stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS
		       ? 0
		       : -1;
}

/* An immutable or append-only file cannot be replaced, even by its owner,
 * who could still write an entry beside it. */
static bool fixed_in_place(int fd, const struct statx *st)
{
	const uint64_t fixed = STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND;
	int flags = 0;

	if ((st->stx_attributes_mask & fixed) == fixed)
		return (st->stx_attributes & fixed) != 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		return errno != ENOTTY && errno != EOPNOTSUPP && errno != EINVAL;
	return (flags & (FS_IMMUTABLE_FL | FS_APPEND_FL)) != 0;
}

/* The installed copies of the built-in profiles are the package's: their
 * folder gets no entries, whatever path leads to it. */
static bool is_profiles_folder(const struct statx *folder)
{
	struct stat profiles;

	return stat(PRESEAL_PROFILEDIR, &profiles) == 0 && profiles.st_ino == folder->stx_ino &&
	       profiles.st_dev == makedev(folder->stx_dev_major, folder->stx_dev_minor);
}

/* Opens the folder that holds the file KEY's text was read from, when an
 * entry may live there.  Returns 0, or -1 (nothing open) when not. */
static int open_place(const struct cache_key *key, struct place *place)
{
	char resolved[PATH_MAX], base[NAME_MAX + 1];
	struct statx folder, file;
	char *slash;
	int fd = -1;
	bool allowed;

	place->dir_fd = -1;
	/* The file as opened: symlinks resolved, as the trust check does. */
	if (!key->enabled || !key->path || !realpath(key->path, resolved))
		return -1;
	slash = strrchr(resolved, '/');
	if (!slash || text_join(base, sizeof(base), slash + 1, (char *)NULL) >= sizeof(base) ||
	    cache_entry_name(base, key->mode, place->name, sizeof(place->name)) < 0)
		return -1;
	slash[slash == resolved] = '\0'; /* the folder, "/" for a policy in / */
	place->dir_fd = open(resolved, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (place->dir_fd >= 0)
		fd = openat(place->dir_fd, base,
			    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	allowed = fd >= 0 && status_of(place->dir_fd, &folder) == 0 && status_of(fd, &file) == 0 &&
		  S_ISREG(file.stx_mode) &&
		  makedev(file.stx_dev_major, file.stx_dev_minor) == key->device &&
		  file.stx_ino == key->inode && mount_id(&file) == mount_id(&folder) &&
		  (!(folder.stx_mode & S_ISVTX) || folder.stx_uid == file.stx_uid) &&
		  !fixed_in_place(fd, &file) && !is_profiles_folder(&folder);
	if (fd >= 0)
		close(fd);
	if (!allowed) {
		if (place->dir_fd >= 0)
			close(place->dir_fd);
		place->dir_fd = -1;
		return -1;
	}
	place->mount = mount_id(&folder);
	place->owner = file.stx_uid;
	place->group = file.stx_gid;
	place->permission = file.stx_mode & 07777;
	return 0;
}

/* ---- Reading ---------------------------------------------------------------- */

/* The entry: a regular file with one name, on the folder's mount, owned by
 * the policy's owner and writable by nobody else. */
static char *read_entry(const struct place *place, size_t *size)
{
	int fd = openat(place->dir_fd, place->name,
			O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	char *data = NULL;
	struct statx st;
	size_t used = 0;

	if (fd < 0)
		return NULL;
	if (status_of(fd, &st) < 0 || !S_ISREG(st.stx_mode) || st.stx_nlink != 1 ||
	    st.stx_uid != place->owner || (st.stx_mode & (S_IWGRP | S_IWOTH)) ||
	    mount_id(&st) != place->mount || st.stx_size < sizeof(struct cache_entry_header) ||
	    st.stx_size > ENTRY_MAX_BYTES)
		goto out;
	data = malloc((size_t)st.stx_size);
	while (data && used < (size_t)st.stx_size) {
		ssize_t got = read(fd, data + used, (size_t)st.stx_size - used);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			free(data);
			data = NULL;
			break;
		}
		used += (size_t)got;
	}
	*size = used;
out:
	close(fd);
	return data;
}

/* A cursor over the entry's bytes that never reads past the end. */
struct reader {
	const char *data;
	size_t size;
	size_t at;
};

static const char *take(struct reader *reader, size_t size)
{
	const char *here = reader->data + reader->at;

	if (size > reader->size - reader->at)
		return NULL;
	reader->at += size;
	return here;
}

static bool take_equal(struct reader *reader, const char *expected, size_t size)
{
	const char *bytes = take(reader, size);

	return bytes && memcmp(bytes, expected, size) == 0;
}

static bool header_matches(const struct cache_entry_header *header, const struct cache_key *key)
{
	char build[CACHE_BUILD_SIZE] = PRESEAL_SOURCE_HASH;

	return memcmp(header->magic, CACHE_ENTRY_MAGIC, sizeof(header->magic)) == 0 &&
	       header->format == CACHE_ENTRY_FORMAT && header->mode == key->mode &&
	       header->native_arch == PRESEAL_NATIVE_ARCH &&
	       memcmp(header->build, build, CACHE_BUILD_SIZE) == 0 &&
	       header->path_length == strlen(key->path) && header->text_length == key->length &&
	       header->include_count <= ENTRY_MAX_INCLUDES;
}

/* Each included file, read now under the policy's trust rules, must be
 * byte for byte what the entry was compiled from. */
static bool includes_unchanged(struct reader *reader, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		struct diag_list ignored = { 0 };
		struct include_header header;
		const char *bytes = take(reader, sizeof(header));
		char *path, *text;
		size_t length = 0;
		bool same;

		if (!bytes)
			return false;
		memcpy(&header, bytes, sizeof(header));
		bytes = take(reader, header.path_length);
		if (!bytes || header.path_length == 0 || header.path_length > 4096)
			return false;
		path = strndup(bytes, header.path_length);
		text = path ? policy_load_file(path, POLICY_TRUSTED_ONLY, &length, &ignored) : NULL;
		same = text && length == header.text_length &&
		       take_equal(reader, text, header.text_length);
		free(text);
		free(path);
		diag_free(&ignored);
		if (!same)
			return false;
	}
	return true;
}

static uint64_t key_checksum(const struct cache_entry_header *header, const char *material,
			     size_t size)
{
	struct cache_entry_header copy = *header;

	copy.checksum = 0;
	return hash_fnv1a(hash_fnv1a(HASH_FNV1A_START, &copy, sizeof(copy)), material, size);
}

/* On success FILTER owns DATA (compiled_take). */
static int parse_entry(char *data, size_t size, const struct cache_key *key, struct filter *filter)
{
	struct reader reader = { .data = data, .size = size };
	struct diag_list ignored = { 0 };
	struct cache_entry_header header;
	size_t material;
	int result;

	memcpy(&header, take(&reader, sizeof(header)), sizeof(header));
	if (!header_matches(&header, key) || !take_equal(&reader, key->path, header.path_length) ||
	    !take_equal(&reader, key->text, header.text_length))
		return -1;
	if (!includes_unchanged(&reader, header.include_count))
		return -1;
	material = reader.at - sizeof(header);
	if (key_checksum(&header, data + sizeof(header), material) != header.checksum)
		return -1;
	result = compiled_take(data, reader.at, size - reader.at, key->path, filter, &ignored);
	diag_free(&ignored);
	return result < 0 ? -1 : 0;
}

int cache_lookup(struct cache_key *key, struct filter *filter)
{
	struct place place;
	char *data;
	size_t size = 0;
	int result = -1;

	*filter = (struct filter){ 0 };
	if (open_place(key, &place) < 0)
		return -1;
	data = read_entry(&place, &size);
	close(place.dir_fd);
	if (data)
		result = parse_entry(data, size, key, filter);
	if (result < 0)
		free(data); /* otherwise the filter's program */
	return result;
}

/* ---- Writing ---------------------------------------------------------------- */

struct buffer {
	char *data;
	size_t size;
	size_t capacity;
	bool failed;
};

static void append(struct buffer *buffer, const void *data, size_t size)
{
	if (buffer->failed)
		return;
	if (buffer->size + size > ENTRY_MAX_BYTES) {
		buffer->failed = true;
		return;
	}
	if (buffer->size + size > buffer->capacity) {
		size_t capacity = (buffer->size + size) * 2;
		char *bigger = realloc(buffer->data, capacity);

		if (!bigger) {
			buffer->failed = true;
			return;
		}
		buffer->data = bigger;
		buffer->capacity = capacity;
	}
	memcpy(buffer->data + buffer->size, data, size);
	buffer->size += size;
}

/* The text of every included file, read again now.  An include changed
 * since the compile began may not be what libconfig read: no entry then.
 * READABLE keeps only the read permissions every include grants (group
 * read only from includes of GROUP): the entry holds their text. */
static bool append_includes(struct buffer *buffer, const struct policy *policy, time_t began,
			    gid_t group, mode_t *readable)
{
	for (size_t i = 1; i < policy->file_count; i++) {
		struct diag_list ignored = { 0 };
		struct include_header header;
		size_t length = 0;
		char *text =
			policy_load_file(policy->files[i], POLICY_TRUSTED_ONLY, &length, &ignored);
		struct stat st;
		bool fresh;

		diag_free(&ignored);
		/* Timestamps are coarse: a second's margin. */
		fresh = stat(policy->files[i], &st) < 0 || st.st_ctim.tv_sec + 1 >= began ||
			st.st_mtim.tv_sec + 1 >= began;
		if (!text || fresh) {
			free(text);
			return false;
		}
		*readable &= st.st_gid == group ? st.st_mode : st.st_mode & ~(mode_t)S_IRGRP;
		header = (struct include_header){ .path_length = (uint32_t)strlen(policy->files[i]),
						  .text_length = (uint32_t)length };
		append(buffer, &header, sizeof(header));
		append(buffer, policy->files[i], header.path_length);
		append(buffer, text, length);
		free(text);
	}
	return !buffer->failed;
}

/* FILTER without the probe prefix, which belongs to the loading process. */
static int without_probe(const struct filter *filter, struct filter *plain)
{
	struct filter probe_only = { 0 };
	struct sock_filter ret = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct diag_list ignored = { 0 };
	size_t prefix;
	int same;

	*plain = *filter;
	if (!filter->probe_token)
		return 0;
	probe_only.program = malloc(sizeof(ret));
	if (!probe_only.program)
		return -1;
	probe_only.program[0] = ret;
	probe_only.length = 1;
	if (filter_add_probe(&probe_only, filter->probe_token, &ignored) < 0) {
		diag_free(&ignored);
		filter_free(&probe_only);
		return -1;
	}
	prefix = probe_only.length - 1;
	same = filter->length > prefix &&
	       memcmp(filter->program, probe_only.program, prefix * sizeof(ret)) == 0;
	filter_free(&probe_only);
	if (!same)
		return -1;
	plain->program = filter->program + prefix;
	plain->length = filter->length - prefix;
	plain->probe_token = 0;
	return 0;
}

static bool build_key_material(struct buffer *buffer, const struct cache_key *key,
			       const struct policy *policy, gid_t group, mode_t *readable)
{
	struct cache_entry_header header = { .format = CACHE_ENTRY_FORMAT,
					     .mode = key->mode,
					     .native_arch = PRESEAL_NATIVE_ARCH,
					     .path_length = (uint32_t)strlen(key->path),
					     .text_length = (uint32_t)key->length,
					     .include_count = (uint32_t)(policy->file_count - 1) };
	char build[CACHE_BUILD_SIZE] = PRESEAL_SOURCE_HASH;
	/* The policy text is the very buffer that was compiled; the includes
	 * were read by libconfig after the lookup that missed. */
	time_t began = key->looked_up ? key->looked_up : time(NULL);

	if (policy->file_count - 1 > ENTRY_MAX_INCLUDES || key->length > ENTRY_MAX_BYTES)
		return false;
	memcpy(header.magic, CACHE_ENTRY_MAGIC, sizeof(header.magic));
	memcpy(header.build, build, CACHE_BUILD_SIZE);
	append(buffer, &header, sizeof(header));
	append(buffer, key->path, header.path_length);
	append(buffer, key->text, key->length);
	if (!append_includes(buffer, policy, began, group, readable))
		return false;
	header.checksum =
		key_checksum(&header, buffer->data + sizeof(header), buffer->size - sizeof(header));
	memcpy(buffer->data, &header, sizeof(header));
	return true;
}

/* Writes the entry under a name of its own and renames it into place, so
 * that a start never reads half an entry. */
static int write_entry(const struct place *place, const struct buffer *buffer,
		       const struct filter *plain, mode_t permission)
{
	char temporary[64], stamp[17];
	struct timespec now;
	int fd, result;

	clock_gettime(CLOCK_MONOTONIC, &now);
	text_hex64(stamp, (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec);
	snprintf(temporary, sizeof(temporary), ".preseal-%ld-%s.tmp", (long)getpid(), stamp);
	fd = openat(place->dir_fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		    0600);
	if (fd < 0)
		return -1;
	result = io_write_all(fd, buffer->data, buffer->size) < 0 ? -1 : compiled_write(plain, fd);
	/* Group read only for the policy's own group, when the owner may give it. */
	if ((permission & S_IRGRP) && fchown(fd, (uid_t)-1, place->group) < 0)
		permission &= ~(mode_t)S_IRGRP;
	if (result == 0)
		result = fchmod(fd, permission);
	if (close(fd) < 0)
		result = -1;
	if (result == 0)
		result = renameat(place->dir_fd, temporary, place->dir_fd, place->name);
	if (result < 0)
		unlinkat(place->dir_fd, temporary, 0);
	return result < 0 ? -1 : 0;
}

int cache_store(const struct cache_key *key, const struct policy *policy,
		const struct filter *filter)
{
	struct buffer buffer = { 0 };
	struct filter plain;
	struct place place;
	mode_t readable;
	int result = -1;

	/* "~" in a path is the HOME of each start: an entry would hand the
	 * first start's home to every later one. */
	if (policy->landlock.uses_home)
		return -1;
	if (without_probe(filter, &plain) < 0 || open_place(key, &place) < 0)
		return -1;
	/* Only the policy's owner: root for root's policies, a user for their own. */
	readable = place.permission;
	if (place.owner == geteuid() &&
	    build_key_material(&buffer, key, policy, place.group, &readable))
		result = write_entry(&place, &buffer, &plain, 0600 | (readable & 0044));
	free(buffer.data);
	close(place.dir_fd);
	return result;
}
