/* fuzz_selection: libFuzzer target over PRESEAL_POLICY as the shim reads it.
 *
 * Each input is the variable's value: a list of policies separated by ':'
 * (select_layer), each entry selected as the shim selects it (a path, a
 * profile name, or an inline "deny=NAME,..." list), the inline lists read
 * and compiled, and the compiled layers stacked into one program
 * (stack.c).  The stacked program must answer a spread of calls exactly as
 * the layers combined do; a difference aborts.  PRESEAL_PATH names no
 * folder and no file is opened, and built-in profiles are selected but not
 * compiled (the policy target covers their text).
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "confine.h"
#include "diag.h"
#include "policy.h"
#include "select.h"
#include "stack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every syscall number below 512 with first arguments 0 to 3. */
static void check_stacked(const struct filter *layers, size_t count, const struct filter *stacked)
{
	for (uint32_t nr = 0; nr < 512; nr++) {
		for (uint64_t arg = 0; arg < 4; arg++) {
			struct seccomp_data call = { .nr = (int)nr,
						     .arch = PRESEAL_NATIVE_ARCH,
						     .args = { arg } };
			uint32_t expected = SECCOMP_RET_ALLOW;

			for (size_t i = 0; i < count; i++)
				expected =
					stack_stronger(expected, bpf_run(layers[i].program,
									 layers[i].length, &call));
			if (bpf_run(stacked->program, stacked->length, &call) != expected)
				abort();
		}
	}
}

static int compile_layer(const struct selection *selection, struct filter *filter,
			 struct diag_list *diags)
{
	struct policy *policy;
	int result;

	if (!selection->inline_text)
		return -ENOENT;
	policy = policy_read_string(selection->inline_text, "deny=", NULL, diags);
	result = policy ? compile_policy(policy, NULL, filter, diags) : -EINVAL;
	policy_free(policy);
	return result;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter layers[SELECT_MAX_LAYERS] = { 0 }, stacked;
	struct diag_list diags = { 0 };
	char text[2048], name[1024];
	size_t count = 0;

	if (size >= sizeof(text) || memchr(data, '\0', size))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < SELECT_MAX_LAYERS; i++) {
		struct environment layer = { .path = "/nonexistent/preseal-fuzz" };
		struct selection selection;
		int length = select_layer(text, i, name, sizeof(name));

		if (length == -ENOENT)
			break;
		if (length < 0)
			continue;
		layer.policy = name;
		if (select_policy(&layer, &selection, &diags) == 0 &&
		    compile_layer(&selection, &layers[count], &diags) == 0)
			count++;
		select_free(&selection);
	}
	if (count > 0 && filter_stack(layers, count, BPF_MAXINSNS, &stacked, &diags) == 0) {
		check_stacked(layers, count, &stacked);
		filter_free(&stacked);
	}
	for (size_t i = 0; i < count; i++)
		filter_free(&layers[i]);
	for (size_t i = 0; i < diags.count; i++) {
		char line[1024];

		diag_format(&diags.items[i], line, sizeof(line));
	}
	diag_free(&diags);
	return 0;
}
