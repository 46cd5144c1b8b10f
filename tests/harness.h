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
#include <stdbool.h>
#include <stdio.h>

struct test_case {
	const char *name; /* the behaviour checked, e.g. "masked_eq_without_mask_is_an_error" */
	void (*run)(void);
};

struct test_suite {
	const char *name;
	const struct test_case *cases; /* ends with { NULL, NULL } */
};

/* Records one assertion with a formatted message, at LINE: CUnit's own
 * assertions can only show the expression, and a sweep needs to say which
 * value failed.  A macro rather than a variadic function, which clang-14's
 * analyzer misreads. */
#define EXPECT_AT(line, holds, ...)                                                                \
	do {                                                                                       \
		char expect_message[2048] = "";                                                    \
		bool expect_holds = (holds);                                                       \
                                                                                                   \
		if (!expect_holds)                                                                 \
			snprintf(expect_message, sizeof(expect_message), __VA_ARGS__);             \
		CU_assertImplementation(expect_holds ? CU_TRUE : CU_FALSE, (line), expect_message, \
					__FILE__, "", CU_FALSE);                                   \
	} while (0)
#define EXPECT(holds, ...) EXPECT_AT(__LINE__, (holds), __VA_ARGS__)

/* Ends the test when VALUE does not hold (leaking on the failure path is
 * acceptable, a crash is not). */
#define REQUIRE(value)                                  \
	do {                                            \
		if (!(value)) {                         \
			CU_FAIL("REQUIRE(" #value ")"); \
			return;                         \
		}                                       \
	} while (0)

/* Counted skips: a missing kernel feature or tool is reported, never a
 * silent pass.  Call it and return from the test. */
void test_skip(const char *why);

#endif
