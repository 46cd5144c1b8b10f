/* fuzz_policy: libFuzzer target over the whole policy path.
 *
 * Each input is policy text.  It is read and modelled (libconfig and
 * policy.c), linted, compiled by preseal's generator and verified in its own
 * interpreter (compile.c, verify.c), exactly as `preseal check` and the shim
 * do; an accepted filter is also written and read back as a compiled policy.
 * Every message is formatted, so the diagnostics are exercised too.  The
 * path must write nothing to the standard output (in the shim it is the
 * program's): it is a memory file here, checked after every input.
 *
 * Includes are resolved in tests/fuzz/includes and nowhere else (see
 * confine.c), so the fuzzer never reads /dev/zero or the machine's files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compile.h"
#include "compiled.h"
#include "diag.h"
#include "lint.h"
#include "policy.h"
#include "policy_internal.h"
#include "confine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = memfd_create("fuzz-stdout", MFD_CLOEXEC);

	(void)argc;
	(void)argv;
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		abort();
	close(fd);
	return 0;
}

/* Nothing may have reached the standard output. */
static void check_stdout(void)
{
	fflush(stdout);
	if (lseek(STDOUT_FILENO, 0, SEEK_END) != 0) {
		fprintf(stderr, "fuzz-policy: the policy path wrote to stdout\n");
		abort();
	}
}

static void format_all(const struct diag_list *diags)
{
	char line[1024];

	for (size_t i = 0; i < diags->count; i++)
		if (diag_format(&diags->items[i], line, sizeof(line)) < 0)
			abort();
}

/* A compiled policy written from FILTER must read back as the same program. */
static void round_trip(const struct filter *filter)
{
	struct diag_list diags = { 0 };
	struct filter back;
	int fd = memfd_create("fuzz-compiled", MFD_CLOEXEC);
	char *bytes;
	off_t size;

	if (fd < 0)
		return;
	if (compiled_write(filter, fd) < 0 || (size = lseek(fd, 0, SEEK_CUR)) <= 0)
		abort();
	bytes = malloc((size_t)size);
	if (!bytes || pread(fd, bytes, (size_t)size, 0) != size)
		abort();
	if (compiled_read(bytes, (size_t)size, "fuzz.pbf", &back, &diags) < 0 ||
	    back.length != filter->length ||
	    memcmp(back.program, filter->program, filter->length * sizeof(*filter->program)) != 0)
		abort();
	filter_free(&back);
	diag_free(&diags);
	free(bytes);
	close(fd);
}

/* What the reader promises of the Landlock model it returns: every path
 * absolute and normalised, every right known, nothing without a key. */
static void check_landlock_model(const struct landlock_policy *model)
{
	for (size_t i = 0; i < model->path_count; i++) {
		const char *path = model->paths[i].path;
		size_t length = strlen(path);

		if (path[0] != '/' || strstr(path, "//") || strstr(path, "/./") ||
		    strstr(path, "/../") || (length > 1 && path[length - 1] == '/') ||
		    (length >= 2 && strcmp(path + length - 2, "/.") == 0) ||
		    (length >= 3 && strcmp(path + length - 3, "/..") == 0))
			abort();
		if (!model->paths[i].access || (model->paths[i].access & ~LL_FS_ALL))
			abort();
	}
	for (size_t i = 0; i < model->port_count; i++)
		if (!model->ports[i].access || (model->ports[i].access & ~LL_NET_ALL))
			abort();
	if ((model->scoped & ~LL_SCOPE_ALL) || (model->path_count && !model->handled_fs) ||
	    (model->port_count && !model->handled_net) ||
	    (!model->present && (model->handled_fs || model->handled_net || model->scoped)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = { 0 };
	struct policy *policy;
	struct filter filter;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	policy = policy_read_text(text, size, "fuzz.cfg", fuzz_include_dir(), &diags);
	if (policy) {
		check_landlock_model(&policy->landlock);
		lint_policy(policy, &diags);
		if (compile_policy(policy, NULL, &filter, &diags) == 0) {
			round_trip(&filter);
			filter_free(&filter);
		}
		policy_free(policy);
	} else if (!diag_failed(&diags)) {
		abort(); /* refused without saying why */
	}
	format_all(&diags);
	diag_free(&diags);
	free(text);
	check_stdout();
	return 0;
}
