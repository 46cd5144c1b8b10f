/* cache: compiled policies kept between runs (see cache.h for the rules).
 *
 * An entry file, host byte order:
 *   struct entry_header (checksum: FNV-1a 64 over the header, checksum
 *   zeroed, and the key material that follows)
 *   the policy path, the policy text,
 *   per include: struct include_header, its path, its text
 *   a compiled policy (compiled.c), which carries its own checksum.
 * Nothing here reports an error: every problem is a miss.
 */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "compiled.h"
#include "hash.h"
#include "io.h"
#include "policy_internal.h"
#include "source_hash.h"
#include "text.h"

#define ENTRY_MAGIC	   "PRESEALC"
#define ENTRY_FORMAT	   1
#define ENTRY_MAX_BYTES	   (16u << 20)
#define ENTRY_MAX_INCLUDES 256
#define BUILD_SIZE	   40

struct entry_header {
	char magic[8];
	uint32_t format;
	uint32_t mode;
	uint32_t native_arch;
	uint32_t path_length;
	uint32_t text_length;
	uint32_t include_count;
	char build[BUILD_SIZE]; /* PRESEAL_SOURCE_HASH: which preseal compiled it */
	uint64_t checksum;
};

struct include_header {
	uint32_t path_length;
	uint32_t text_length;
};

const char *cache_dir(char *buffer, size_t size)
{
	const char *chosen = text_getenv("PRESEAL_CACHE");
	const char *base;
	int length;

	/* Under a filter preseal put in place (a parent's, or `preseal run`'s
	 * gate) the cache's own calls (geteuid, mkdir, rename…) may be refused
	 * or even kill: compile as without a cache. */
	if (text_getenv("PRESEAL_FILTER") || text_getenv("PRESEAL_READY_FD"))
		length = -1;
	else if (chosen)
		length = chosen[0] == '/' ? (int)text_join(buffer, size, chosen, (char *)NULL) : -1;
	else if (geteuid() == 0)
		length = (int)text_join(buffer, size, "/var/cache/preseal", (char *)NULL);
	else if (geteuid() != getuid())
		length = -1; /* $HOME is the real user's */
	else if ((base = text_getenv("XDG_CACHE_HOME")) && base[0] == '/')
		length = (int)text_join(buffer, size, base, "/preseal", (char *)NULL);
	else if ((base = text_getenv("HOME")) && base[0] == '/')
		length = (int)text_join(buffer, size, base, "/.cache/preseal", (char *)NULL);
	else
		length = -1;
	return length > 0 && (size_t)length < size ? buffer : NULL;
}

void cache_entry_name(const struct cache_key *key, char *buffer, size_t size)
{
	uint64_t hash = hash_fnv1a(HASH_FNV1A_START, &key->mode, sizeof(key->mode));
	char hex[17];

	hash = hash_fnv1a(hash, key->path, strlen(key->path) + 1);
	text_hex64(hex, hash);
	text_join(buffer, size, "p-", hex, (char *)NULL);
}

/* Only the user's own policies are cached in the user's own cache. */
static bool policy_is_own(const struct cache_key *key)
{
	struct stat st;

	return key->dir && key->path && stat(key->path, &st) == 0 && st.st_uid == geteuid();
}

/* A folder or file only this user can touch. */
static bool private_to_user(const struct stat *st)
{
	return st->st_uid == geteuid() && (st->st_mode & 077) == 0;
}

static int open_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) < 0 || !private_to_user(&st))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- Reading ---------------------------------------------------------------- */

static char *read_entry(int dir_fd, const char *name, size_t *size)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	char *data = NULL;
	struct stat st;
	size_t used = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !private_to_user(&st) ||
	    st.st_size < (off_t)sizeof(struct entry_header) || st.st_size > ENTRY_MAX_BYTES)
		goto out;
	data = malloc((size_t)st.st_size);
	while (data && used < (size_t)st.st_size) {
		ssize_t got = read(fd, data + used, (size_t)st.st_size - used);

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

static bool header_matches(const struct entry_header *header, const struct cache_key *key)
{
	char build[BUILD_SIZE] = PRESEAL_SOURCE_HASH;

	return memcmp(header->magic, ENTRY_MAGIC, sizeof(header->magic)) == 0 &&
	       header->format == ENTRY_FORMAT && header->mode == key->mode &&
	       header->native_arch == PRESEAL_NATIVE_ARCH &&
	       memcmp(header->build, build, BUILD_SIZE) == 0 &&
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

static uint64_t key_checksum(const struct entry_header *header, const char *material, size_t size)
{
	struct entry_header copy = *header;

	copy.checksum = 0;
	return hash_fnv1a(hash_fnv1a(HASH_FNV1A_START, &copy, sizeof(copy)), material, size);
}

/* On success FILTER owns DATA (compiled_take). */
static int parse_entry(char *data, size_t size, const struct cache_key *key, struct filter *filter)
{
	struct reader reader = { .data = data, .size = size };
	struct diag_list ignored = { 0 };
	struct entry_header header;
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
	char name[32];
	char *data;
	size_t size = 0;
	int dir_fd, result = -1;

	*filter = (struct filter){ 0 };
	if (!policy_is_own(key))
		return -1;
	dir_fd = open_dir(key->dir);
	if (dir_fd < 0)
		return -1;
	cache_entry_name(key, name, sizeof(name));
	data = read_entry(dir_fd, name, &size);
	close(dir_fd);
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
 * since the compile began may not be what libconfig read: no entry then. */
static bool append_includes(struct buffer *buffer, const struct policy *policy, time_t began)
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
			       const struct policy *policy)
{
	struct entry_header header = { .format = ENTRY_FORMAT,
				       .mode = key->mode,
				       .native_arch = PRESEAL_NATIVE_ARCH,
				       .path_length = (uint32_t)strlen(key->path),
				       .text_length = (uint32_t)key->length,
				       .include_count = (uint32_t)(policy->file_count - 1) };
	char build[BUILD_SIZE] = PRESEAL_SOURCE_HASH;
	/* The policy text is the very buffer that was compiled; the includes
	 * were read by libconfig after the lookup that missed. */
	time_t began = key->looked_up ? key->looked_up : time(NULL);

	if (policy->file_count - 1 > ENTRY_MAX_INCLUDES || key->length > ENTRY_MAX_BYTES)
		return false;
	memcpy(header.magic, ENTRY_MAGIC, sizeof(header.magic));
	memcpy(header.build, build, BUILD_SIZE);
	append(buffer, &header, sizeof(header));
	append(buffer, key->path, header.path_length);
	append(buffer, key->text, key->length);
	if (!append_includes(buffer, policy, began))
		return false;
	header.checksum =
		key_checksum(&header, buffer->data + sizeof(header), buffer->size - sizeof(header));
	memcpy(buffer->data, &header, sizeof(header));
	return true;
}

static int make_dir(const char *dir)
{
	char parent[4096];
	char *slash;

	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	/* ~/.cache itself may be missing on a fresh account. */
	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (errno != ENOENT || !slash || slash == parent)
		return -1;
	*slash = '\0';
	if (mkdir(parent, 0700) < 0 && errno != EEXIST)
		return -1;
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

static int write_entry(int dir_fd, const char *name, const struct buffer *buffer,
		       const struct filter *plain)
{
	char temporary[64];
	int fd, result;

	snprintf(temporary, sizeof(temporary), ".%s.%ld.tmp", name, (long)getpid());
	unlinkat(dir_fd, temporary, 0);
	fd = openat(dir_fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	result = io_write_all(fd, buffer->data, buffer->size) < 0 ? -1 : compiled_write(plain, fd);
	if (close(fd) < 0)
		result = -1;
	if (result == 0)
		result = renameat(dir_fd, temporary, dir_fd, name);
	if (result < 0)
		unlinkat(dir_fd, temporary, 0);
	return result < 0 ? -1 : 0;
}

int cache_store(const struct cache_key *key, const struct policy *policy,
		const struct filter *filter)
{
	struct buffer buffer = { 0 };
	struct filter plain;
	char name[32];
	int dir_fd, result = -1;

	if (!policy_is_own(key) || without_probe(filter, &plain) < 0 || make_dir(key->dir) < 0)
		return -1;
	dir_fd = open_dir(key->dir);
	if (dir_fd < 0)
		return -1;
	cache_entry_name(key, name, sizeof(name));
	if (build_key_material(&buffer, key, policy))
		result = write_entry(dir_fd, name, &buffer, &plain);
	free(buffer.data);
	close(dir_fd);
	return result;
}
