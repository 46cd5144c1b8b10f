/* support: helpers several suites share. */
#ifndef PRESEAL_TEST_SUPPORT_H
#define PRESEAL_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "diag.h"
#include "policy.h"

/* A policy read from text, with the filter compiled from it. */
struct test_compiled {
	struct policy *policy;
	struct filter filter;
	struct diag_list diags;
	int result; /* compile_policy()'s */
};

/* Reads TEXT as the file NAME (it must be a valid policy: a refusal is a
 * failure at LINE) and compiles it with OPTIONS into OUT. */
void test_compile_at(unsigned line, const char *name, const char *text,
		     const struct compile_options *options, struct test_compiled *out);
void test_compiled_free(struct test_compiled *compiled);

/* Every entry of DIAGS as "[FILE:LINE: message] …", for failure messages. */
void test_show_diags(const struct diag_list *diags, char *buffer, size_t size);

/* True when DIAGS holds an error at FILE:LINE (FILE NULL: an entry with no
 * file) whose message contains NEEDLE. */
bool test_has_diag(const struct diag_list *diags, const char *file, int line, const char *needle);

/* True when the libseccomp linked in is older than MAJOR.MINOR.MICRO. */
bool test_libseccomp_older_than(unsigned major, unsigned minor, unsigned micro);

/* Three two-argument ioctl rules, x86 listed, that libseccomp 2.5.4 merges
 * wrongly: its filter allows ioctl(0, 2, 0, 1, 0, 0) on x86 though the
 * second rule kills it. */
extern const char test_libseccomp_merged_ge_policy[];

#endif
