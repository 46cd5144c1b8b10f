/* harness: how test files register with the one CUnit runner.
 *
 * Each tests/test_*.c defines one `const struct test_suite suite_NAME` and
 * tests/main.c lists it.  Tests that load a filter must do so in a forked
 * child (see live.h): a filter can never be unloaded, and the runner must
 * stay free.
 */
#ifndef PRESEAL_TEST_HARNESS_H
#define PRESEAL_TEST_HARNESS_H

#include <CUnit/CUnit.h>

struct test_case {
	const char *name; /* the behaviour checked, e.g. "masked_eq_without_mask_is_an_error" */
	void (*run)(void);
};

struct test_suite {
	const char *name;
	const struct test_case *cases; /* ends with { NULL, NULL } */
};

/* Counted skips: a missing kernel feature or tool is reported, never a
 * silent pass.  Call it and return from the test. */
void test_skip(const char *why);

#endif
