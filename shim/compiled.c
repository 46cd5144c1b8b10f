/* compiled: a verified filter saved to a file, loaded without recompiling.
 *
 * Layout (host byte order; a file is only valid on the architecture that
 * wrote it, which the header records):
 *   magic[8] version native_arch flags no_new_privs arch_count arches[16]
 *   length checksum_low checksum_high, then LENGTH struct sock_filter.
 * Version 2, a policy with a Landlock part, follows the program with the
 * size of its rules (uint64_t) and the rules as landlock_apply.h encodes
 * them; a policy without one is written as version 1, as it always was.
 * The checksum is FNV-1a 64 over the header (checksum zeroed), the program
 * and what follows it.
 */
#include "compiled.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "hash.h"
#include "io.h"
#include "landlock_apply.h"

#define COMPILED_VERSION	  1
#define COMPILED_VERSION_LANDLOCK 2

struct compiled_header {
	char magic[COMPILED_MAGIC_SIZE];
	uint32_t version;
	uint32_t native_arch;
	uint32_t flags;
	uint32_t no_new_privs;
	uint32_t arch_count;
	uint32_t arches[POLICY_MAX_ARCHES];
	uint32_t length;
	uint32_t checksum_low;
	uint32_t checksum_high;
};

/* PROGRAM: the instructions' bytes, wherever they are, then TAIL_SIZE
 * bytes of what follows them (the Landlock part). */
static uint64_t checksum(const struct compiled_header *header, const void *program,
			 size_t tail_size)
{
	struct compiled_header copy = *header;

	copy.checksum_low = copy.checksum_high = 0;
	return hash_fnv1a(hash_fnv1a(HASH_FNV1A_START, &copy, sizeof(copy)), program,
			  (size_t)header->length * sizeof(struct sock_filter) + tail_size);
}

static size_t program_size(const struct compiled_header *header)
{
	return (size_t)header->length * sizeof(struct sock_filter);
}

bool compiled_is(const char *text, size_t length)
{
	return length >= COMPILED_MAGIC_SIZE &&
	       memcmp(text, COMPILED_MAGIC, COMPILED_MAGIC_SIZE) == 0;
}

int compiled_write(const struct filter *filter, int fd)
{
	struct compiled_header header = {
		.version = filter->landlock ? COMPILED_VERSION_LANDLOCK : COMPILED_VERSION,
		.native_arch = PRESEAL_NATIVE_ARCH,
		.flags = filter->flags,
		.no_new_privs = filter->no_new_privs,
		.arch_count = (uint32_t)filter->arch_count,
		.length = (uint32_t)filter->length,
	};
	size_t body_size = filter->length * sizeof(*filter->program), rules_size = 0;
	unsigned char *body, *rules = NULL;
	uint64_t sum, size_field;
	int result = 0;

	if (filter->probe_token)
		return -EINVAL; /* the probe belongs to the loading process */
	if (filter->landlock && landlock_rules_encode(filter->landlock, &rules, &rules_size) < 0)
		return -ENOMEM;
	size_field = rules_size;
	/* The program and what follows it, in one piece for the checksum. */
	body = malloc(body_size + (rules ? sizeof(size_field) + rules_size : 0));
	if (!body) {
		free(rules);
		return -ENOMEM;
	}
	memcpy(body, filter->program, body_size);
	if (rules) {
		memcpy(body + body_size, &size_field, sizeof(size_field));
		memcpy(body + body_size + sizeof(size_field), rules, rules_size);
		body_size += sizeof(size_field) + rules_size;
	}
	memcpy(header.magic, COMPILED_MAGIC, COMPILED_MAGIC_SIZE);
	memcpy(header.arches, filter->arches, sizeof(header.arches));
	sum = checksum(&header, body, body_size - program_size(&header));
	header.checksum_low = (uint32_t)sum;
	header.checksum_high = (uint32_t)(sum >> 32);
	if (io_write_all(fd, &header, sizeof(header)) < 0 || io_write_all(fd, body, body_size) < 0)
		result = -EIO;
	free(body);
	free(rules);
	return result;
}

/* The size of the Landlock part after the program of DATA (LENGTH bytes,
 * HEADER already read): 0 for version 1, SIZE_MAX when it does not fit. */
static size_t tail_size(const struct compiled_header *header, const char *data, size_t length)
{
	size_t after = sizeof(*header) + program_size(header);
	uint64_t declared;

	if (header->version == COMPILED_VERSION)
		return length == after ? 0 : SIZE_MAX;
	if (length < after + sizeof(declared))
		return SIZE_MAX;
	memcpy(&declared, data + after, sizeof(declared));
	if (declared != length - after - sizeof(declared))
		return SIZE_MAX;
	return length - after;
}

static const char *header_problem(const struct compiled_header *header, const char *data,
				  size_t length)
{
	if (header->version != COMPILED_VERSION && header->version != COMPILED_VERSION_LANDLOCK)
		return "was written by another version of preseal: compile it again";
	if (header->native_arch != PRESEAL_NATIVE_ARCH)
		return "was compiled on another architecture";
	if (header->length == 0 || header->length > BPF_MAXINSNS ||
	    tail_size(header, data, length) == SIZE_MAX)
		return "is truncated or has trailing data";
	if (header->arch_count == 0 || header->arch_count > POLICY_MAX_ARCHES)
		return "is corrupt (architectures)";
	return NULL;
}

/* The checks a compiled policy must pass before its program is used: the
 * header into HEADER, and the offset of the program in DATA, or -EINVAL
 * with DIAGS. */
static int validate(const char *data, size_t length, const char *name,
		    struct compiled_header *header, struct diag_list *diags)
{
	const char *problem;

	if (length < sizeof(*header) || !compiled_is(data, length)) {
		diag_error(diags, name, 0, "is not a compiled preseal policy");
		return -EINVAL;
	}
	memcpy(header, data, sizeof(*header));
	problem = header_problem(header, data, length);
	if (problem) {
		diag_error(diags, name, 0, "compiled policy %s", problem);
		return -EINVAL;
	}
	if (checksum(header, data + sizeof(*header), tail_size(header, data, length)) !=
	    ((uint64_t)header->checksum_high << 32 | header->checksum_low)) {
		diag_error(diags, name, 0, "compiled policy is corrupt (checksum mismatch)");
		return -EINVAL;
	}
	return 0;
}

/* The Landlock part of DATA (LENGTH bytes, HEADER valid) into *RULES:
 * NULL for version 1.  Returns 0, or a negative errno with DIAGS. */
static int read_rules(const struct compiled_header *header, const char *data, size_t length,
		      const char *name, struct landlock_rules **rules, struct diag_list *diags)
{
	size_t tail = tail_size(header, data, length);
	int result;

	*rules = NULL;
	if (header->version == COMPILED_VERSION)
		return 0;
	result = landlock_rules_decode((const unsigned char *)data + length - tail +
					       sizeof(uint64_t),
				       tail - sizeof(uint64_t), rules);
	if (result < 0)
		diag_error(diags, name, 0, "compiled policy %s",
			   result == -ENOMEM ? "cannot be read: out of memory"
					     : "is corrupt (its paths, ports and scopes)");
	return result;
}

/* FILTER, whose PROGRAM holds HEADER's instructions (aligned), once they
 * pass the kernel's checks; on failure FILTER is left empty and PROGRAM is
 * the caller's. */
static int finish(const struct compiled_header *header, const char *name,
		  struct sock_filter *program, struct landlock_rules *rules, struct filter *filter,
		  struct diag_list *diags)
{
	char why[256];

	filter->landlock = NULL;
	if (bpf_check(program, header->length, why, sizeof(why)) < 0) {
		diag_error(diags, name, 0, "compiled policy holds an invalid program: %s", why);
		return -EINVAL;
	}
	filter->program = program;
	filter->length = header->length;
	filter->flags = header->flags;
	filter->no_new_privs = header->no_new_privs != 0;
	filter->arch_count = header->arch_count;
	memcpy(filter->arches, header->arches, sizeof(filter->arches));
	filter->landlock = rules;
	return 0;
}

int compiled_read(const char *data, size_t length, const char *name, struct filter *filter,
		  struct diag_list *diags)
{
	struct compiled_header header;
	struct sock_filter *program;
	struct landlock_rules *rules;

	*filter = (struct filter){ 0 };
	if (validate(data, length, name, &header, diags) < 0 ||
	    read_rules(&header, data, length, name, &rules, diags) < 0)
		return -EINVAL;
	/* Copied before it is read as instructions: DATA may sit at any offset
	 * (a cache entry puts it after a key), and struct sock_filter must be
	 * aligned. */
	program = malloc(header.length * sizeof(*program));
	if (!program) {
		landlock_rules_free(rules);
		diag_error(diags, name, 0, "out of memory");
		return -ENOMEM;
	}
	memcpy(program, data + sizeof(header), header.length * sizeof(*program));
	if (finish(&header, name, program, rules, filter, diags) < 0) {
		landlock_rules_free(rules);
		free(program);
		return -EINVAL;
	}
	return 0;
}

int compiled_take(char *buffer, size_t offset, size_t length, const char *name,
		  struct filter *filter, struct diag_list *diags)
{
	struct compiled_header header;
	struct landlock_rules *rules;

	*filter = (struct filter){ 0 };
	if (validate(buffer + offset, length, name, &header, diags) < 0 ||
	    read_rules(&header, buffer + offset, length, name, &rules, diags) < 0)
		return -EINVAL;
	/* Moved to the front of the buffer, which malloc aligned. */
	memmove(buffer, buffer + offset + sizeof(header),
		header.length * sizeof(struct sock_filter));
	if (finish(&header, name, (struct sock_filter *)(void *)buffer, rules, filter, diags) < 0) {
		landlock_rules_free(rules);
		return -EINVAL;
	}
	return 0;
}
