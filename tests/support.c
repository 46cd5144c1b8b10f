/* support: helpers several suites share. */
#include "support.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

void test_show_diags(const struct diag_list *diags, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < diags->count && used < size; i++) {
		const struct diag *entry = &diags->items[i];

		used += (size_t)snprintf(buffer + used, size - used, "[%s:%d: %s] ",
					 entry->file ? entry->file : "(none)", entry->line,
					 entry->message);
	}
}

bool test_has_diag(const struct diag_list *diags, const char *file, int line, const char *needle)
{
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *entry = &diags->items[i];

		if (entry->severity == DIAG_ERROR &&
		    (file ? entry->file && strcmp(entry->file, file) == 0 : entry->file == NULL) &&
		    entry->line == line && strstr(entry->message, needle))
			return true;
	}
	return false;
}

bool test_libseccomp_older_than(unsigned major, unsigned minor, unsigned micro)
{
	const struct scmp_version *version = seccomp_version();

	if (version->major != major)
		return version->major < major;
	if (version->minor != minor)
		return version->minor < minor;
	return version->micro < micro;
}

void test_compile_at(unsigned line, const char *name, const char *text,
		     const struct compile_options *options, struct test_compiled *out)
{
	char shown[1024];

	*out = (struct test_compiled){ .result = -EINVAL };
	out->policy = policy_read_string(text, name, NULL, &out->diags);
	test_show_diags(&out->diags, shown, sizeof(shown));
	EXPECT_AT(line, out->policy != NULL, "the policy was refused: %s", shown);
	if (out->policy)
		out->result = compile_policy(out->policy, options, &out->filter, &out->diags);
}

void test_compiled_free(struct test_compiled *compiled)
{
	filter_free(&compiled->filter);
	policy_free(compiled->policy);
	diag_free(&compiled->diags);
}

const char test_libseccomp_merged_ge_policy[] =
	"default_action = \"allow\";\n"
	"architectures = [ \"native\", \"x86\" ];\n"
	"rules = ( { syscall = \"ioctl\"; action = \"kill_process\";\n"
	"            args = ( { index = 5; op = \"ge\"; value = 2; },\n"
	"                     { index = 1; op = \"lt\"; value = 3; } ); },\n"
	"          { syscall = \"ioctl\"; action = \"kill_process\";\n"
	"            args = ( { index = 3; op = \"ge\"; value = 1; },\n"
	"                     { index = 1; op = \"gt\"; value = 1; } ); },\n"
	"          { syscall = \"ioctl\"; action = \"kill_process\";\n"
	"            args = ( { index = 2; op = \"gt\"; value = 4; },\n"
	"                     { index = 4; op = \"lt\"; value = 2; } ); } );\n";
