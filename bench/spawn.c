/* spawn: interleaved start-up timing of several commands.
 *
 *   spawn ROUNDS WARMUP CASE [CASE…]
 *
 * A CASE is one argument, fields separated by '|':
 *   LABEL|VAR=VALUE VAR=VALUE …|N<FILE …|ARGV0 ARG …
 * (fields two and three may be empty; words are split on spaces; VAR=@
 * passes the runner's own value of VAR).  Every
 * round runs each case once, in turn, so that the machine's drift touches
 * all of them alike.  The time is from posix_spawn to waitpid.  Output, one
 * line per case: LABEL MEDIAN_US Q1_US Q3_US CPU_MEDIAN_US FAILURES FAULTS: wall
 * time from spawn to reaped, its quartiles, the child's own CPU time (user
 * and system, from wait4; less disturbed by other load, but coarse), the
 * runs that did not exit 0 (the first one's status goes to stderr), and the
 * mean of the child's minor page faults (wait4's ru_minflt; not timing at
 * all, so steady under load, though fault-around makes it vary by about one
 * as ASLR moves the libraries).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORDS 64
#define MAX_CASES 32

struct spawn_case {
	char *label;
	char *env[MAX_WORDS + 1];
	int fds[8];
	char *files[8];
	int fd_count;
	char *argv[MAX_WORDS + 1];
	double *times;
	double *cpu;
	double faults; /* minor page faults, summed over the rounds */
	int failures;
};

extern char **environ;

static int split(char *text, char **words, int max)
{
	int count = 0;

	for (char *word = strtok(text, " "); word && count < max; word = strtok(NULL, " "))
		words[count++] = word;
	words[count] = NULL;
	return count;
}

/* "NAME=@" takes NAME's value from this runner's own environment. */
static void inherit(char **word)
{
	size_t length = strlen(*word);
	const char *value;
	char *copy;

	if (length < 3 || strcmp(*word + length - 2, "=@") != 0)
		return;
	(*word)[length - 2] = '\0';
	value = getenv(*word);
	if (!value || asprintf(&copy, "%s=%s", *word, value) < 0) {
		fprintf(stderr, "spawn: %s is not set here\n", *word);
		exit(2);
	}
	*word = copy;
}

static void parse_case(char *spec, struct spawn_case *c, int rounds)
{
	char *fields[4] = { 0 };
	char *redirects[9];
	int count = 0;

	for (char *p = spec; count < 4; count++) {
		fields[count] = p;
		p = strchr(p, '|');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (count != 3) {
		fprintf(stderr, "spawn: a case is LABEL|ENV|REDIRECTS|ARGV\n");
		exit(2);
	}
	c->label = fields[0];
	split(fields[1], c->env, MAX_WORDS);
	for (char **word = c->env; *word; word++)
		inherit(word);
	c->fd_count = split(fields[2], redirects, 8);
	for (int i = 0; i < c->fd_count; i++) {
		char *arrow = strchr(redirects[i], '<');

		if (!arrow) {
			fprintf(stderr, "spawn: '%s' is not N<FILE\n", redirects[i]);
			exit(2);
		}
		c->fds[i] = atoi(redirects[i]);
		c->files[i] = arrow + 1;
	}
	if (split(fields[3], c->argv, MAX_WORDS) == 0) {
		fprintf(stderr, "spawn: case %s has no command\n", c->label);
		exit(2);
	}
	c->times = calloc((size_t)rounds, sizeof(double));
	c->cpu = calloc((size_t)rounds, sizeof(double));
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double run_once(struct spawn_case *c, int *ok, double *cpu, long *faults)
{
	posix_spawn_file_actions_t actions;
	double start, end;
	struct rusage usage;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
	for (int i = 0; i < c->fd_count; i++)
		posix_spawn_file_actions_addopen(&actions, c->fds[i], c->files[i], O_RDONLY, 0);
	start = now_us();
	if (posix_spawn(&pid, c->argv[0], &actions, NULL, c->argv, c->env) != 0) {
		perror(c->argv[0]);
		exit(2);
	}
	while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR)
		;
	end = now_us();
	*cpu = (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
	       (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
	*faults = usage.ru_minflt;
	posix_spawn_file_actions_destroy(&actions);
	*ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!*ok && c->failures == 0)
		fprintf(stderr, "spawn: %s: status 0x%x\n", c->label, status);
	return end - start;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double quantile(const double *sorted, int n, double q)
{
	double position = q * (n - 1);
	int low = (int)position;

	if (low + 1 >= n)
		return sorted[n - 1];
	return sorted[low] + (position - low) * (sorted[low + 1] - sorted[low]);
}

int main(int argc, char **argv)
{
	static struct spawn_case cases[MAX_CASES];
	int rounds, warmup, count = argc - 3, ok;

	if (argc < 4 || count > MAX_CASES) {
		fprintf(stderr, "usage: spawn ROUNDS WARMUP CASE…\n");
		return 2;
	}
	rounds = atoi(argv[1]);
	warmup = atoi(argv[2]);
	for (int i = 0; i < count; i++)
		parse_case(argv[i + 3], &cases[i], rounds);
	for (int r = -warmup; r < rounds; r++)
		for (int i = 0; i < count; i++) {
			/* Each round starts with a different case, so that none
			 * always runs right after the same neighbour. */
			struct spawn_case *c = &cases[(i + (r < 0 ? 0 : r)) % count];
			double cpu;
			long faults;
			double took = run_once(c, &ok, &cpu, &faults);

			if (r >= 0) {
				c->times[r] = took;
				c->cpu[r] = cpu;
				c->faults += (double)faults;
			}
			if (r >= 0 && !ok)
				c->failures++;
		}
	for (int i = 0; i < count; i++) {
		qsort(cases[i].times, (size_t)rounds, sizeof(double), compare);
		qsort(cases[i].cpu, (size_t)rounds, sizeof(double), compare);
		printf("%s %.1f %.1f %.1f %.1f %d %.1f\n", cases[i].label,
		       quantile(cases[i].times, rounds, 0.5),
		       quantile(cases[i].times, rounds, 0.25),
		       quantile(cases[i].times, rounds, 0.75), quantile(cases[i].cpu, rounds, 0.5),
		       cases[i].failures, cases[i].faults / rounds);
	}
	return 0;
}
