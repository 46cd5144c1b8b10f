/* compile_time: how long preseal takes to turn a policy into a verified
 * filter, in process, without starting a program.
 *
 *   compile_time POLICY ROUNDS
 *
 * Prints "READ_MS COMPILE_MS VERIFY_MS TOTAL_MS INSTRUCTIONS": the medians
 * of reading the policy into the model (libconfig), compiling it (generator
 * and the verifier, as the shim does on a cache miss), the verifier alone,
 * and the sum of the first two.  Nothing is loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "compile.h"
#include "policy.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *values, int count)
{
	qsort(values, (size_t)count, sizeof(*values), compare);
	return values[count / 2];
}

int main(int argc, char **argv)
{
	int rounds = argc == 3 ? atoi(argv[2]) : 0;
	double *read_ms, *compile_ms, *verify_ms;
	size_t instructions = 0;

	if (rounds < 1) {
		fprintf(stderr, "usage: compile_time POLICY ROUNDS\n");
		return 2;
	}
	read_ms = calloc((size_t)rounds, sizeof(double));
	compile_ms = calloc((size_t)rounds, sizeof(double));
	verify_ms = calloc((size_t)rounds, sizeof(double));
	for (int r = 0; r < rounds; r++) {
		struct compile_options options = { .probe_token = 0x1234 };
		struct diag_list diags = { 0 };
		struct filter filter = { 0 };
		struct policy *policy;
		double start = now_ms();

		policy = policy_read_file(argv[1], POLICY_TRUSTED_ONLY, &diags);
		read_ms[r] = now_ms() - start;
		start = now_ms();
		if (!policy || compile_policy(policy, &options, &filter, &diags) < 0) {
			diag_print(&diags, stderr, "compile_time: ");
			return 1;
		}
		compile_ms[r] = now_ms() - start;
		start = now_ms();
		if (verify_filter(policy, &filter, &diags) < 0)
			return 1;
		verify_ms[r] = now_ms() - start;
		instructions = filter.length;
		filter_free(&filter);
		policy_free(policy);
		diag_free(&diags);
	}
	{
		double read = median(read_ms, rounds), compile = median(compile_ms, rounds);

		printf("%.2f %.2f %.2f %.2f %zu\n", read, compile, median(verify_ms, rounds),
		       read + compile, instructions);
	}
	free(read_ms);
	free(compile_ms);
	free(verify_ms);
	return 0;
}
