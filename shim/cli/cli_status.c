/* cli_status: `preseal status PID...` and `preseal status --all`.
 *
 * What confines a running process, each fact labelled with where it comes
 * from, because they are not equally trustworthy:
 *  - the kernel: /proc/PID/status (Seccomp, Seccomp_filters, NoNewPrivs),
 *    /proc/PID/stat (the start time), and, for a caller with CAP_SYS_ADMIN,
 *    the filters themselves (PTRACE_SECCOMP_GET_FILTER, which needs the
 *    process stopped for a moment, as a debugger's attach does).  Every
 *    preseal filter begins with a probe that answers one token; running
 *    the kernel's copy of each filter over the probe call says which token
 *    it answers, whether it traps kills to report them, and whether a
 *    listener decides some calls;
 *  - the process: /proc/PID/environ is the environment it was started
 *    with (PRESEAL_POLICY, PRESEAL_MODE, PRESEAL_REPORT, PRESEAL_FILTER),
 *    which whoever started it chose and which proves nothing.  The token
 *    that environment selects is confirmed only when a filter answers it.
 * Nothing here changes the process; it is only stopped while its filters
 * are read.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "cli.h"
#include "compile.h"
#include "hash.h"
#include "select.h"
#include "text.h"
#include "transform.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

#define MAX_FILTERS 64

/* What the kernel says of one filter. */
struct filter_facts {
	size_t length; /* instructions */
	bool probe;    /* a preseal probe: TOKEN is what it answers */
	uint64_t token;
	bool reports;  /* traps kills so that preseal's handler names them */
	bool listener; /* a user-notification listener decides some calls */
};

struct process_facts {
	pid_t pid;
	char name[64];
	long seccomp, filter_count, no_new_privs;
	time_t started;
	/* the filters, oldest first, when they could be read */
	struct filter_facts filters[MAX_FILTERS];
	size_t filters_read;
	int filters_error; /* why they could not be, or 0 */
	/* the startup environment, when it could be read */
	char *environ_text;
	size_t environ_size;
	bool environ_read;
};

/* ---- the kernel's side ------------------------------------------------- */

static int read_file(const char *path, char **text, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t used = 0, capacity = 4096;
	char *buffer;
	ssize_t got;

	*text = NULL;
	*size = 0;
	if (fd < 0)
		return -errno;
	buffer = malloc(capacity + 1);
	while (buffer && (got = read(fd, buffer + used, capacity - used)) > 0) {
		used += (size_t)got;
		if (used == capacity) {
			char *grown = realloc(buffer, capacity * 2 + 1);

			if (!grown)
				break;
			buffer = grown;
			capacity *= 2;
		}
	}
	close(fd);
	if (!buffer)
		return -ENOMEM;
	buffer[used] = '\0';
	*text = buffer;
	*size = used;
	return 0;
}

static long status_field(const char *text, const char *field)
{
	size_t length = strlen(field);

	for (const char *line = text; line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, field, length) == 0 && line[length] == ':')
			return strtol(line + length + 1, NULL, 10);
	return -1;
}

/* The start time: field 22 of /proc/PID/stat, ticks after boot. */
static time_t start_time(pid_t pid)
{
	char path[64], *text = NULL, *field;
	size_t size;
	unsigned long long ticks = 0, boot = 0;
	time_t started = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_file(path, &text, &size) < 0 || !text)
		return 0;
	field = strrchr(text, ')'); /* the name may hold spaces and parentheses */
	for (int i = 2; field && i < 22; i++)
		field = strchr(field + 1, ' ');
	if (field)
		ticks = strtoull(field + 1, NULL, 10);
	free(text);
	if (read_file("/proc/stat", &text, &size) < 0 || !text)
		return 0;
	field = strstr(text, "\nbtime ");
	if (field)
		boot = strtoull(field + 7, NULL, 10);
	free(text);
	if (boot && sysconf(_SC_CLK_TCK) > 0)
		started = (time_t)(boot + ticks / (unsigned long long)sysconf(_SC_CLK_TCK));
	return started;
}

/* The token the probe at the start of a preseal filter answers. */
static void find_probe(const struct sock_filter *program, size_t length, struct filter_facts *facts)
{
	for (size_t i = 0; i + 7 < length; i++) {
		struct seccomp_data probe = { .nr = PRESEAL_PROBE_NR, .arch = PRESEAL_NATIVE_ARCH };
		uint64_t token;

		if (program[i].code != (BPF_JMP | BPF_JEQ | BPF_K) ||
		    program[i].k != PRESEAL_PROBE_NR ||
		    program[i + 3].code != (BPF_LD | BPF_W | BPF_ABS) ||
		    program[i + 4].code != (BPF_JMP | BPF_JEQ | BPF_K) ||
		    program[i + 6].code != (BPF_JMP | BPF_JEQ | BPF_K))
			continue;
		token = (uint64_t)program[i + 6].k << 32 | program[i + 4].k;
		probe.args[0] = token;
		/* What the kernel would answer: the filter decides, not the
		 * pattern. */
		if (bpf_run(program, length, &probe) == (SECCOMP_RET_ERRNO | PRESEAL_PROBE_ERRNO)) {
			facts->probe = true;
			facts->token = token;
			return;
		}
	}
}

static void analyse(const struct sock_filter *program, size_t length, struct filter_facts *facts)
{
	*facts = (struct filter_facts){ .length = length };
	find_probe(program, length, facts);
	for (size_t i = 0; i < length; i++) {
		uint32_t k = program[i].k;

		if (program[i].code != (BPF_RET | BPF_K))
			continue;
		if (k == (SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_PROCESS) ||
		    k == (SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_THREAD))
			facts->reports = true;
		if ((k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF)
			facts->listener = true;
	}
}

static int read_filters(pid_t pid, struct process_facts *facts)
{
	int status, signal_number = 0;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 || waitpid(pid, &status, __WALL) < 0) {
		int error = errno;

		ptrace(PTRACE_DETACH, pid, 0, 0);
		return -error;
	}
	/* A signal that arrived meanwhile is delivered on detach. */
	if (WIFSTOPPED(status) && (status >> 16) == 0 && WSTOPSIG(status) != SIGTRAP)
		signal_number = WSTOPSIG(status);
	for (size_t i = 0; i < MAX_FILTERS; i++) {
		long length = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);
		struct sock_filter *program;

		if (length <= 0) {
			if (i == 0 && errno != ENOENT)
				facts->filters_error = errno;
			break;
		}
		program = calloc((size_t)length, sizeof(*program));
		if (!program ||
		    ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, program) != length) {
			free(program);
			break;
		}
		analyse(program, (size_t)length, &facts->filters[i]);
		facts->filters_read = i + 1;
		free(program);
	}
	ptrace(PTRACE_DETACH, pid, 0, (void *)(long)signal_number);
	return facts->filters_error ? -facts->filters_error : 0;
}

static int gather(pid_t pid, struct process_facts *facts)
{
	char path[64], *text = NULL;
	size_t size;
	int result;

	*facts = (struct process_facts){ .pid = pid };
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	result = read_file(path, &text, &size);
	if (result < 0 || !text)
		return result < 0 ? result : -ENOMEM;
	if (strncmp(text, "Name:\t", 6) == 0)
		snprintf(facts->name, sizeof(facts->name), "%.*s", (int)strcspn(text + 6, "\n"),
			 text + 6);
	facts->seccomp = status_field(text, "Seccomp");
	facts->filter_count = status_field(text, "Seccomp_filters");
	facts->no_new_privs = status_field(text, "NoNewPrivs");
	free(text);
	facts->started = start_time(pid);
	if (facts->seccomp == 2 && pid != getpid()) {
		result = read_filters(pid, facts);
		facts->filters_error = result < 0 ? -result : 0;
	}
	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	facts->environ_read = read_file(path, &facts->environ_text, &facts->environ_size) == 0;
	return 0;
}

/* ---- the process's side -------------------------------------------------- */

static const char *environ_value(const struct process_facts *facts, const char *name)
{
	size_t length = strlen(name);

	for (size_t at = 0; facts->environ_read && at < facts->environ_size;
	     at += strlen(facts->environ_text + at) + 1) {
		const char *entry = facts->environ_text + at;

		if (strncmp(entry, name, length) == 0 && entry[length] == '=')
			return entry + length + 1;
	}
	return NULL;
}

/* The token the shim computes for the environment the process was started
 * with; a relative policy path is taken from its working folder now. */
static uint64_t environment_token(const struct process_facts *facts)
{
	struct environment environment = { 0 };
	char path[64], folder[PATH_MAX];
	ssize_t length;

	environment.policy = environ_value(facts, "PRESEAL_POLICY");
	environment.path = environ_value(facts, "PRESEAL_PATH");
	environment.mode = environ_value(facts, "PRESEAL_MODE");
	if (environment.policy && select_lists_a_relative_path(environment.policy)) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)facts->pid);
		length = readlink(path, folder, sizeof(folder) - 1);
		if (length > 0)
			environment.folder =
				hash_fnv1a(HASH_FNV1A_START, folder, (size_t)length) | 1;
	}
	return select_token(&environment);
}

static void describe_selection(const struct process_facts *facts, char *buffer, size_t size)
{
	const char *policy = environ_value(facts, "PRESEAL_POLICY");

	if (!policy || !*policy)
		snprintf(buffer, size, "built-in %s", PRESEAL_DEFAULT_PROFILE);
	else if (strchr(policy, ':'))
		snprintf(buffer, size, "the policies %s, stacked", policy);
	else if (strchr(policy, '/'))
		snprintf(buffer, size, "the file %s", policy);
	else
		snprintf(buffer, size, "the profile %s", policy);
}

/* ---- printing ----------------------------------------------------------- */

/* Tokens of filters preseal itself loads, named. */
static const char *known_token(uint64_t token)
{
	if (token == select_token(&(struct environment){ .policy = "preseal run gate" }))
		return " (preseal run's gate)";
	if (token == select_token(&(struct environment){ .policy = "preseal learn" }))
		return " (preseal learn's recorder)";
	return "";
}

static void print_kernel(const struct process_facts *facts)
{
	char when[64] = "unknown";
	struct tm tm;

	if (facts->started && gmtime_r(&facts->started, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf("pid %d (%s)\n", (int)facts->pid, facts->name);
	printf("  started:    %s  [kernel: /proc/%d/stat]\n", when, (int)facts->pid);
	printf("  seccomp:    %s, %ld filter%s, no_new_privs %s  [kernel: /proc/%d/status]\n",
	       facts->seccomp == 2   ? "filter mode"
	       : facts->seccomp == 1 ? "strict mode"
	       : facts->seccomp == 0 ? "off (not confined)"
				     : "unknown",
	       facts->filter_count < 0 ? 0 : facts->filter_count,
	       facts->filter_count == 1 ? "" : "s", facts->no_new_privs == 1 ? "on" : "off",
	       (int)facts->pid);
	for (size_t i = 0; i < facts->filters_read; i++) {
		const struct filter_facts *filter = &facts->filters[i];

		printf("  filter %zu:   %zu instructions%s", i, filter->length,
		       i == 0 ? " (oldest)" : "");
		if (filter->probe)
			printf(", preseal token %016llx%s", (unsigned long long)filter->token,
			       known_token(filter->token));
		else
			printf(", not preseal's (no probe)");
		if (filter->reports)
			printf(", reports kills");
		if (filter->listener)
			printf(", a listener decides some calls");
		printf("  [kernel: PTRACE_SECCOMP_GET_FILTER]\n");
	}
	if (facts->seccomp == 2 && facts->filters_error)
		printf("  filters:    not read (%s%s): nothing below is confirmed\n",
		       strerror(facts->filters_error),
		       facts->filters_error == EPERM || facts->filters_error == EACCES
			       ? "; reading them needs CAP_SYS_ADMIN"
			       : "");
}

static void print_process_claims(const struct process_facts *facts)
{
	const char *mode = environ_value(facts, "PRESEAL_MODE");
	const char *report = environ_value(facts, "PRESEAL_REPORT");
	const char *log = environ_value(facts, "PRESEAL_LOG");
	const char *marker = environ_value(facts, "PRESEAL_FILTER");
	const char *preload = environ_value(facts, "LD_PRELOAD");
	char selection[PATH_MAX + 32];

	if (!facts->environ_read) {
		printf("  environment: not readable (another user's process)\n");
		return;
	}
	describe_selection(facts, selection, sizeof(selection));
	printf("  policy:     %s, mode %s, reports %s%s%s  [process: its startup environment, "
	       "forgeable]\n",
	       selection, mode && *mode ? mode : "enforce",
	       report && strcmp(report, "kills") == 0 ? "on" : "off", log && *log ? ", log " : "",
	       log && *log ? log : "");
	printf("  preload:    %s  [process]\n", preload && *preload ? preload : "(none)");
	if (marker && *marker)
		printf("  marker:     PRESEAL_FILTER=%s  [process]\n", marker);
}

/* The verdict: which token the environment selects, and whether a filter
 * the kernel holds answers it. */
static void print_verdict(const struct process_facts *facts)
{
	uint64_t token = facts->environ_read ? environment_token(facts) : 0;
	bool any_preseal = false;

	if (facts->seccomp == 0) {
		printf("  verdict:    not confined%s\n",
		       environ_value(facts, "PRESEAL_FILTER") ||
				       environ_value(facts, "PRESEAL_POLICY")
			       ? "; the environment's preseal variables claim what the kernel "
				 "denies"
			       : "");
		return;
	}
	if (facts->filters_read == 0) {
		printf("  verdict:    confined by %ld filter%s; which policy cannot be confirmed\n",
		       facts->filter_count, facts->filter_count == 1 ? "" : "s");
		return;
	}
	for (size_t i = 0; i < facts->filters_read; i++) {
		if (!facts->filters[i].probe)
			continue;
		any_preseal = true;
		if (token && facts->filters[i].token == token) {
			printf("  verdict:    confirmed: filter %zu answers token %016llx, the one "
			       "the environment's policy selects\n",
			       i, (unsigned long long)token);
			return;
		}
	}
	if (any_preseal)
		printf("  verdict:    a preseal filter, but not the policy the environment names "
		       "(token %016llx): forged or stale variables\n",
		       (unsigned long long)token);
	else
		printf("  verdict:    confined, by no preseal filter\n");
}

static int status_of(pid_t pid)
{
	struct process_facts facts;
	int result = gather(pid, &facts);

	if (result < 0) {
		fprintf(stderr, "preseal status: pid %d: %s\n", (int)pid, strerror(-result));
		return 1;
	}
	print_kernel(&facts);
	print_process_claims(&facts);
	print_verdict(&facts);
	free(facts.environ_text);
	return 0;
}

/* Every process the caller can see that has a seccomp filter. */
static int status_all(void)
{
	struct dirent **entries = NULL;
	int count = scandir("/proc", &entries, NULL, versionsort), shown = 0;

	for (int i = 0; i < count; i++) {
		char path[300], *text = NULL;
		size_t size;
		pid_t pid = (pid_t)atoi(entries[i]->d_name);

		snprintf(path, sizeof(path), "/proc/%s/status", entries[i]->d_name);
		if (pid > 0 && pid != getpid() && isdigit((unsigned char)entries[i]->d_name[0]) &&
		    read_file(path, &text, &size) == 0 && status_field(text, "Seccomp") > 0) {
			printf("%s", shown++ ? "\n" : "");
			status_of(pid);
		}
		free(text);
		free(entries[i]);
	}
	free(entries);
	if (!shown)
		printf("no confined process is visible\n");
	return 0;
}

static const struct cli_option status_options[] = {
	{ 'a', "all", NULL, "every process with a seccomp filter that the caller can see" },
	{ 0, NULL, NULL, NULL },
};

static int verb_status(int argc, char **argv)
{
	struct cli_parser parser = { .verb = &cli_verb_status, .argc = argc, .argv = argv };
	bool all = false;
	int key, failed = 0, count = 0;

	while ((key = cli_next_option(&parser)) != CLI_DONE) {
		char *end;

		if (key == 'a') {
			all = true;
		} else if (key != CLI_OPERAND) {
			return cli_parse_status(key);
		} else if (strtol(parser.value, &end, 10) <= 0 || *end) {
			return cli_usage_error("status", "'%s' is not a process id", parser.value);
		} else {
			count++;
		}
	}
	if (all == (count > 0))
		return cli_usage_error("status", "name process ids, or --all");
	if (all)
		return status_all();
	parser = (struct cli_parser){ .verb = &cli_verb_status, .argc = argc, .argv = argv };
	while ((key = cli_next_option(&parser)) != CLI_DONE)
		if (key == CLI_OPERAND) {
			printf("%s", count-- > 0 && parser.index > 2 ? "\n" : "");
			failed |= status_of((pid_t)atoi(parser.value));
		}
	return failed;
}

const struct verb cli_verb_status = {
	"status",
	"PID... | --all",
	"what confines a running process, from the kernel and from its environment",
	verb_status,
	status_options,
	"Each line says where it comes from.  [kernel]: /proc and the filters the\n"
	"kernel holds (reading them needs CAP_SYS_ADMIN and stops the process for a\n"
	"moment, as a debugger's attach does).  [process]: the environment it was\n"
	"started with, which proves nothing.  The verdict confirms the policy only\n"
	"when a filter answers the token that environment selects.  Exit status 1\n"
	"when a process cannot be read.\n",
};
