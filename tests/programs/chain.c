/* chain: re-executes itself, then shows how it is confined.
 *
 *   chain N     execs /proc/self/exe with N-1 until N is 0, then prints the
 *               "Seccomp:", "Seccomp_filters:" and "NoNewPrivs:" lines of
 *               /proc/self/status, "confined links: C of L" and "chain done".
 *               Exits 1 when an exec or the read fails, saying which on stderr.
 *
 * Under the shim every exec loads libpreseal.so again: the tests check that
 * the last program still carries exactly one filter, and that every link
 * was in seccomp mode 2 when its main ran (C counts those links, L all of
 * them; each link passes both on to the next in argv).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The "Seccomp:" mode of this process, or -1. */
static long seccomp_mode(void)
{
	FILE *status = fopen("/proc/self/status", "r");
	char line[256];
	long mode = -1;

	while (status && fgets(line, sizeof(line), status))
		if (strncmp(line, "Seccomp:", 8) == 0)
			mode = strtol(line + 8, NULL, 10);
	if (status)
		fclose(status);
	return mode;
}

static int show_status(long confined, long links)
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
	printf("confined links: %ld of %ld\n", confined, links);
	puts("chain done");
	return 0;
}

int main(int argc, char **argv)
{
	long left = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	long confined = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
	long links = argc > 3 ? strtol(argv[3], NULL, 10) : 0;
	char next[32], confined_text[32], links_text[32];

	confined += seccomp_mode() == 2;
	links++;
	if (left <= 0)
		return show_status(confined, links);
	snprintf(next, sizeof(next), "%ld", left - 1);
	snprintf(confined_text, sizeof(confined_text), "%ld", confined);
	snprintf(links_text, sizeof(links_text), "%ld", links);
	execl("/proc/self/exe", "chain", next, confined_text, links_text, (char *)NULL);
	fprintf(stderr, "chain: exec with %ld left: %s\n", left, strerror(errno));
	return 1;
}
