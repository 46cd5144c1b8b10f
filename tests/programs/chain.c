/* chain: re-executes itself, then shows how it is confined.
 *
 *   chain N     execs /proc/self/exe with N-1 until N is 0, then prints the
 *               "Seccomp:", "Seccomp_filters:" and "NoNewPrivs:" lines of
 *               /proc/self/status and "chain done".  Exits 1 when an exec or
 *               the read fails, saying which on stderr.
 *
 * Under the shim every exec loads libpreseal.so again: the test checks that
 * the last program still carries exactly one filter.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int show_status(void)
{
	FILE *status = fopen("/proc/self/status", "r");
	char line[256];

	if (!status) {
		fprintf(stderr, "chain: /proc/self/status: %s\n", strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), status))
		if (strncmp(line, "Seccomp", 7) == 0 || strncmp(line, "NoNewPrivs:", 11) == 0)
			fputs(line, stdout);
	fclose(status);
	puts("chain done");
	return 0;
}

int main(int argc, char **argv)
{
	long left = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	char next[32];

	if (left <= 0)
		return show_status();
	snprintf(next, sizeof(next), "%ld", left - 1);
	execl("/proc/self/exe", "chain", next, (char *)NULL);
	fprintf(stderr, "chain: exec with %ld left: %s\n", left, strerror(errno));
	return 1;
}
