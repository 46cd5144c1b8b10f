/* The one CUnit runner: every suite, counted skips, a plain closing line. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

extern const struct test_suite suite_names, suite_bpf, suite_policy, suite_compile, suite_live,
	suite_shim, suite_cli, suite_modes, suite_oci, suite_profiles, suite_entrypoint,
	suite_escape, suite_faults, suite_cache, suite_generate, suite_reports, suite_usage,
	suite_landlock;

static const struct test_suite *const suites[] = {
	&suite_names,	 &suite_bpf,	    &suite_policy,   &suite_compile, &suite_generate,
	&suite_live,	 &suite_shim,	    &suite_cli,	     &suite_modes,   &suite_oci,
	&suite_profiles, &suite_entrypoint, &suite_escape,   &suite_faults,  &suite_cache,
	&suite_reports,	 &suite_usage,	    &suite_landlock,
};

static unsigned skipped;

void test_skip(const char *why)
{
	skipped++;
	fprintf(stderr, "\n    SKIP: %s\n", why);
}

static int register_suite(const struct test_suite *suite, const char *only)
{
	CU_pSuite registered;

	if (only && strcmp(only, suite->name) != 0)
		return 0;
	registered = CU_add_suite(suite->name, NULL, NULL);
	if (!registered)
		return -1;
	for (const struct test_case *test = suite->cases; test->name; test++)
		if (!CU_add_test(registered, test->name, test->run))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	unsigned failed, run;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (register_suite(suites[i], only) < 0)
			return 2;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed();
	run = CU_get_number_of_tests_run();
	printf("\n%u passed, %u failed, %u skipped\n", run - failed - skipped, failed, skipped);
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
