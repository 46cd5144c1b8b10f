/* fuzz_compiled: libFuzzer target over the compiled-policy loader.
 *
 * The first byte chooses how the rest is used:
 *   2 mod 4: as the Landlock part of a compiled policy, handed to
 *         landlock_rules_decode() past the checksum that guards it in a
 *         file; what it accepts must encode back to the same bytes;
 *   other even: as a file handed to compiled_read() as it is (corrupt
 *         headers, truncation, bad checksums);
 *   odd:  as the fields of a filter (flags, architectures, program) that
 *         compiled_write() saves with a valid checksum, so the fuzzer gets
 *         past the checksum to the program checks.
 * A program compiled_read() accepts must be safe to run: it is run in
 * preseal's interpreter on a few calls of each architecture it names.
 */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bpf.h"
#include "compile.h"
#include "compiled.h"
#include "diag.h"
#include "landlock_apply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_accepted(const struct filter *filter)
{
	static const int numbers[] = { 0, 1, 59, 231, 435, 0x3ffe, 0x40000000, -1 };

	for (size_t a = 0; a < filter->arch_count; a++) {
		for (size_t n = 0; n < sizeof(numbers) / sizeof(numbers[0]); n++) {
			struct seccomp_data call = { .nr = numbers[n],
						     .arch = filter->arches[a],
						     .args = { 1, 2, 3, (uint64_t)-1 } };

			bpf_run(filter->program, filter->length, &call);
		}
	}
}

static void read_and_run(const char *bytes, size_t size)
{
	struct diag_list diags = { 0 };
	struct filter filter;

	if (compiled_read(bytes, size, "fuzz.pbf", &filter, &diags) == 0) {
		if (filter.length == 0 || filter.arch_count == 0 || diags.count != 0)
			abort();
		run_accepted(&filter);
	} else if (!diag_failed(&diags)) {
		abort(); /* refused without saying why */
	}
	filter_free(&filter);
	diag_free(&diags);
}

/* Builds a filter from DATA's fields and saves it as compiled_write does. */
static void write_then_read(const uint8_t *data, size_t size)
{
	struct filter filter = { 0 };
	uint32_t fields[3];
	size_t program_size;
	int fd;
	off_t written;
	char *bytes;

	if (size < sizeof(fields))
		return;
	memcpy(fields, data, sizeof(fields));
	data += sizeof(fields);
	size -= sizeof(fields);
	filter.flags = fields[0];
	filter.no_new_privs = fields[1] & 1;
	filter.arch_count = fields[2] % (POLICY_MAX_ARCHES + 2);
	if (filter.arch_count > POLICY_MAX_ARCHES)
		filter.arch_count = POLICY_MAX_ARCHES;
	for (size_t i = 0; i < filter.arch_count && size >= 4; i++, data += 4, size -= 4)
		memcpy(&filter.arches[i], data, 4);
	program_size = size - size % sizeof(struct sock_filter);
	filter.length = program_size / sizeof(struct sock_filter);
	filter.program = malloc(program_size ? program_size : 1);
	fd = memfd_create("fuzz-compiled", MFD_CLOEXEC);
	if (!filter.program || fd < 0) {
		free(filter.program);
		if (fd >= 0)
			close(fd);
		return;
	}
	memcpy(filter.program, data, program_size);
	if (compiled_write(&filter, fd) == 0 && (written = lseek(fd, 0, SEEK_CUR)) > 0) {
		bytes = malloc((size_t)written);
		if (bytes && pread(fd, bytes, (size_t)written, 0) == written)
			read_and_run(bytes, (size_t)written);
		free(bytes);
	}
	close(fd);
	filter_free(&filter);
}

/* The Landlock part alone, at an odd address (UBSan sees misaligned reads). */
static void decode_rules(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size + 1), *again = NULL;
	struct landlock_rules *rules = NULL;
	size_t again_size = 0;

	if (!copy)
		return;
	memcpy(copy + 1, data, size);
	if (landlock_rules_decode(copy + 1, size, &rules) == 0) {
		for (size_t i = 0; i < rules->path_count; i++)
			if (rules->paths[i].path[0] != '/' || !rules->paths[i].access ||
			    (rules->paths[i].access & ~rules->handled_fs))
				abort();
		/* Text not named by any path is dropped, so only the paths
		 * are compared. */
		if (landlock_rules_encode(rules, &again, &again_size) == 0) {
			struct landlock_rules *back = NULL;

			if (landlock_rules_decode(again, again_size, &back) != 0 ||
			    back->path_count != rules->path_count ||
			    back->port_count != rules->port_count)
				abort();
			for (size_t i = 0; i < back->path_count; i++)
				if (strcmp(back->paths[i].path, rules->paths[i].path) != 0)
					abort();
			landlock_rules_free(back);
		}
	}
	free(again);
	landlock_rules_free(rules);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		write_then_read(data + 1, size - 1);
		return 0;
	}
	if ((data[0] & 3) == 2) {
		decode_rules(data + 1, size - 1);
		return 0;
	}
	/* A copy of exactly the input, so that ASan sees any read past it, at
	 * an odd address, as in a cache entry, so that UBSan sees any
	 * misaligned read. */
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy + 1, data + 1, size - 1);
	read_and_run(copy + 1, size - 1);
	free(copy);
	return 0;
}
