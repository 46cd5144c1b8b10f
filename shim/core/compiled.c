/* compiled: a verified filter saved to a file, loaded without recompiling.
 *
 * Layout (host byte order; a file is only valid on the architecture that
 * wrote it, which the header records):
 *   magic[8] version native_arch flags no_new_privs arch_count arches[16]
 *   length checksum_low checksum_high, then LENGTH struct sock_filter.
 * The checksum is FNV-1a 64 over the header (checksum zeroed) and program.
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

#define COMPILED_VERSION 1

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

/* PROGRAM: the instructions' bytes, wherever they are. */
static uint64_t checksum(const struct compiled_header *header, const void *program)
{
	struct compiled_header copy = *header;

	copy.checksum_low = copy.checksum_high = 0;
	return hash_fnv1a(hash_fnv1a(HASH_FNV1A_START, &copy, sizeof(copy)), program,
			  (size_t)header->length * sizeof(struct sock_filter));
}

bool compiled_is(const char *text, size_t length)
{
	return length >= COMPILED_MAGIC_SIZE &&
	       memcmp(text, COMPILED_MAGIC, COMPILED_MAGIC_SIZE) == 0;
}

int compiled_write(const struct filter *filter, int fd)
{
	struct compiled_header header = {
		.version = COMPILED_VERSION,
		.native_arch = PRESEAL_NATIVE_ARCH,
		.flags = filter->flags,
		.no_new_privs = filter->no_new_privs,
		.arch_count = (uint32_t)filter->arch_count,
		.length = (uint32_t)filter->length,
	};
	uint64_t sum;

	if (filter->probe_token)
		return -EINVAL; /* the probe belongs to the loading process */
	memcpy(header.magic, COMPILED_MAGIC, COMPILED_MAGIC_SIZE);
	memcpy(header.arches, filter->arches, sizeof(header.arches));
	sum = checksum(&header, filter->program);
	header.checksum_low = (uint32_t)sum;
	header.checksum_high = (uint32_t)(sum >> 32);
	if (io_write_all(fd, &header, sizeof(header)) < 0 ||
	    io_write_all(fd, filter->program, filter->length * sizeof(*filter->program)) < 0)
		return -EIO;
	return 0;
}

static const char *header_problem(const struct compiled_header *header, size_t length)
{
	if (header->version != COMPILED_VERSION)
		return "was written by another version of preseal: compile it again";
	if (header->native_arch != PRESEAL_NATIVE_ARCH)
		return "was compiled on another architecture";
	if (header->length == 0 || header->length > BPF_MAXINSNS ||
	    length != sizeof(*header) + (size_t)header->length * sizeof(struct sock_filter))
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
	problem = header_problem(header, length);
	if (problem) {
		diag_error(diags, name, 0, "compiled policy %s", problem);
		return -EINVAL;
	}
	if (checksum(header, data + sizeof(*header)) !=
	    ((uint64_t)header->checksum_high << 32 | header->checksum_low)) {
		diag_error(diags, name, 0, "compiled policy is corrupt (checksum mismatch)");
		return -EINVAL;
	}
	return 0;
}

/* FILTER, whose PROGRAM holds HEADER's instructions (aligned), once they
 * pass the kernel's checks; on failure FILTER is left empty and PROGRAM is
 * the caller's. */
static int finish(const struct compiled_header *header, const char *name,
		  struct sock_filter *program, struct filter *filter, struct diag_list *diags)
{
	char why[256];

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
	return 0;
}

int compiled_read(const char *data, size_t length, const char *name, struct filter *filter,
		  struct diag_list *diags)
{
	struct compiled_header header;
	struct sock_filter *program;

	*filter = (struct filter){ 0 };
	if (validate(data, length, name, &header, diags) < 0)
		return -EINVAL;
	/* Copied before it is read as instructions: DATA may sit at any offset
	 * (a cache entry puts it after a key), and struct sock_filter must be
	 * aligned. */
	program = malloc(header.length * sizeof(*program));
	if (!program) {
		diag_error(diags, name, 0, "out of memory");
		return -ENOMEM;
	}
	memcpy(program, data + sizeof(header), header.length * sizeof(*program));
	if (finish(&header, name, program, filter, diags) < 0) {
		free(program);
		return -EINVAL;
	}
	return 0;
}

int compiled_take(char *buffer, size_t offset, size_t length, const char *name,
		  struct filter *filter, struct diag_list *diags)
{
	struct compiled_header header;

	*filter = (struct filter){ 0 };
	if (validate(buffer + offset, length, name, &header, diags) < 0)
		return -EINVAL;
	/* Moved to the front of the buffer, which malloc aligned. */
	memmove(buffer, buffer + offset + sizeof(header),
		header.length * sizeof(struct sock_filter));
	return finish(&header, name, (struct sock_filter *)(void *)buffer, filter, diags);
}
