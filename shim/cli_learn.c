/* cli_learn: `preseal learn -o OUT.cfg [-p BASE] -- CMD [ARG…]`, and the
 * monitored runs that learn and `run --complain` share.
 *
 * The child loads a user-notification filter just before execve, so the
 * whole life of CMD is seen, ld.so and every program it executes included,
 * static ones too.  This process is the monitor: it takes the listener
 * from the child with pidfd_getfd() (it is the child's parent, which
 * ptrace restrictions such as yama's allow), answers every notification
 * with SECCOMP_USER_NOTIF_FLAG_CONTINUE, and when no process uses the
 * filter any more it writes what it saw.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "compile.h"
#include "landlock.h"
#include "learn.h"
#include "load.h"
#include "monitor.h"
#include "policy.h"
#include "select.h"
#include "transform.h"

#define EXIT_NOT_CONFINED   125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND	    127

/* Whether learn records paths and ports without --paths or --no-paths. */
#define LEARN_PATHS_BY_DEFAULT true

extern char **environ;

/* ---- the monitored child ------------------------------------------------ */

/* Single-threaded, so the listener the kernel creates takes the lowest free
 * descriptor, which is sent to the parent before the filter is loaded: once
 * it is, every syscall waits for the parent, which needs the number. */
static void monitored_child(const char *path, char **argv, char **environment,
			    const struct filter *filter, int channel)
{
	struct diag_list diags = { 0 };
	int lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (lowest < 0)
		_exit(EXIT_NOT_CONFINED);
	close(lowest);
	if (write(channel, &lowest, sizeof(lowest)) != sizeof(lowest))
		_exit(EXIT_NOT_CONFINED);
	if (load_filter_listener(filter, &diags) < 0) {
		diag_print(&diags, stderr, "preseal: ");
		_exit(EXIT_NOT_CONFINED);
	}
	/* A call the filter allows does not wait for the monitor: wait for
	 * its word that it holds the listener before anything else. */
	if (read(channel, &lowest, 1) != 1)
		_exit(EXIT_NOT_CONFINED);
	execve(path, argv, environment);
	fprintf(stderr, "preseal: %s: %s\n", path, strerror(errno));
	_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE);
}

int cli_run_monitored(const char *path, char **argv, char **environment,
		      const struct filter *filter, struct monitor *monitor)
{
	struct diag_list diags = { 0 };
	int channel[2], expected = -1, result;
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) < 0) {
		perror("preseal: socketpair");
		return EXIT_NOT_CONFINED;
	}
	child = fork();
	if (child == 0)
		monitored_child(path, argv, environment, filter, channel[1]);
	close(channel[1]);
	if (child < 0) {
		perror("preseal: fork");
		close(channel[0]);
		return EXIT_NOT_CONFINED;
	}
	cli_forward_signals(child);
	monitor->started = child;
	if (read(channel[0], &expected, sizeof(expected)) != sizeof(expected)) {
		close(channel[0]);
		return cli_wait_reaping(child, argv[0]);
	}
	/* The pipe closes when the child ends before its filter is loaded. */
	monitor->listener = monitor_attach(child, expected, channel[0], child, &diags);
	if (monitor->listener >= 0 && write(channel[0], "1", 1) != 1) {
		close(monitor->listener);
		monitor->listener = -EPIPE;
	}
	close(channel[0]);
	if (monitor->listener < 0) {
		diag_print(&diags, stderr, "preseal: ");
		diag_free(&diags);
		kill(child, SIGKILL);
		cli_wait_reaping(child, argv[0]);
		return EXIT_NOT_CONFINED;
	}
	result = monitor_run(monitor);
	close(monitor->listener);
	if (result < 0)
		fprintf(stderr, "preseal: the monitor failed: %s\n", strerror(-result));
	return cli_wait_reaping(child, argv[0]);
}

/* ---- learn -------------------------------------------------------------- */

struct learn_options {
	const char *output;
	const char *base;
	bool paths;	  /* record paths and ports (--paths, --no-paths) */
	bool paths_given; /* … as the command line said */
	char **command;
};

static int parse_learn(int argc, char **argv, struct learn_options *options)
{
	int i = 1;

	*options = (struct learn_options){ .paths = LEARN_PATHS_BY_DEFAULT };
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			options->output = argv[++i];
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			options->base = argv[++i];
		else if (strcmp(argv[i], "--paths") == 0)
			options->paths = options->paths_given = true;
		else if (strcmp(argv[i], "--no-paths") == 0)
			options->paths = false, options->paths_given = true;
		else if (argv[i][0] == '-')
			return cli_usage_error("learn", "unknown option '%s'", argv[i]);
		else
			break;
	}
	if (!options->output)
		return cli_usage_error("learn", "-o OUT.cfg is required");
	if (i >= argc)
		return cli_usage_error(
			"learn", "usage: preseal learn -o OUT.cfg [-p BASE] [--no-paths] -- CMD "
				 "[ARG…]");
	options->command = argv + i;
	return 0;
}

/* "sh -c 'ls | wc -l'" for the header comment. */
static void describe_command(char **command, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (char **word = command; *word && used < size; word++) {
		bool plain =
			**word && strspn(*word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
						"TUVWXYZ0123456789-_./=:,@%+") == strlen(*word);
		int wrote = snprintf(buffer + used, size - used, "%s%s%s%s", used ? " " : "",
				     plain ? "" : "'", *word, plain ? "" : "'");

		if (wrote < 0)
			break;
		used += (size_t)wrote;
	}
	for (char *c = buffer; *c; c++)
		if (*c == '\n')
			*c = ' ';
}

/* "#!/bin/sh" when PATH is a script, else "". */
static void script_line(const char *path, char *line, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, line, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	line[got > 0 ? got : 0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "#!", 2) != 0)
		line[0] = '\0';
}

/* Whether PATH, the last program the wrapper's process executed, is the
 * program it wraps: not a script, and not one of the interpreters its #!
 * LINE names ("#!/usr/bin/env bash": env, then bash). */
static bool wrapped_program(const char *path, const char *line)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char own[256], words[256];

	script_line(path, own, sizeof(own));
	if (own[0])
		return false;
	snprintf(words, sizeof(words), "%s", line + 2);
	for (char *word = strtok(words, " \t"); word; word = strtok(NULL, " \t")) {
		const char *word_base = strrchr(word, '/') ? strrchr(word, '/') + 1 : word;

		if (strcmp(word_base, base) == 0)
			return false;
	}
	return true;
}

/* A script wrapper (pyenv's python3 is one): what was learned is the
 * interpreter's and the program's it ran, all in one policy.  Says so, and
 * how to learn the program alone. */
static void name_a_wrapper(const char *path, const struct learn_options *options,
			   const struct monitor *monitor)
{
	char **program = monitor->started_last_exec;
	char line[256], command[1024] = "PROGRAM [ARG...]";

	script_line(path, line, sizeof(line));
	if (!line[0])
		return;
	if (program && program[0] && wrapped_program(program[0], line))
		describe_command(program, command, sizeof(command));
	fprintf(stderr,
		"preseal learn: %s is a script (%s); the policy covers the interpreter and what "
		"it ran; to learn the real program, run it directly: preseal learn -o %s -- %s\n",
		options->command[0], line, options->output, command);
}

/* The protected folders OUTPUT makes writable as a whole (/tmp, a home
 * folder), named in the summary: the comment in the file is easy to miss. */
static void name_whole_folders(const char *output)
{
	FILE *in = fopen(output, "re");
	char line[PATH_MAX + 256];

	while (in && fgets(line, sizeof(line), in)) {
		char *open_quote = strchr(line, '"'), *close_quote;

		if (!strstr(line, LEARN_WHOLE_FOLDER) || !open_quote)
			continue;
		close_quote = strchr(open_quote + 1, '"');
		if (close_quote)
			fprintf(stderr,
				"preseal learn: note: the program made files directly in %.*s, so "
				"the policy lets it read and write all of that folder\n",
				(int)(close_quote - open_quote - 1), open_quote + 1);
	}
	if (in)
		fclose(in);
}

/* What learn wrote must be a policy check accepts. */
static int check_written(const char *output)
{
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_file(output, 0, &diags);
	struct filter filter;
	int result = -EINVAL;

	if (policy && compile_policy(policy, NULL, &filter, &diags) == 0) {
		filter_free(&filter);
		result = 0;
	}
	if (result < 0) {
		fprintf(stderr,
			"preseal learn: %s does not pass `preseal check` (a bug in "
			"preseal):\n",
			output);
		diag_print(&diags, stderr, "  ");
	}
	policy_free(policy);
	diag_free(&diags);
	return result;
}

static int verb_learn(int argc, char **argv)
{
	struct learn_options options;
	struct monitor monitor = { .mode = MONITOR_LEARN };
	struct filter filter = { .no_new_privs = true };
	struct diag_list diags = { 0 };
	struct policy *base = NULL;
	char path[PATH_MAX], command[1024];
	int status, result;

	if (parse_learn(argc, argv, &options) != 0 || !options.command || !options.command[0])
		return 2;
	if (options.base) {
		/* The base confines nothing here, but learn -p is trusted
		 * as run -p is: a file the shim would refuse is refused. */
		base = cli_read_policy_as(options.base, POLICY_TRUSTED_ONLY, &diags);
		diag_print(&diags, stderr, "preseal learn: ");
		diag_free(&diags);
		if (!base)
			return EXIT_NOT_CONFINED;
	}
	result = cli_resolve_command(options.command[0], path, sizeof(path));
	if (result < 0) {
		fprintf(stderr, "preseal learn: %s: %s\n", options.command[0],
			result == -ENOENT ? "command not found" : "permission denied");
		policy_free(base);
		return result == -ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
	}
	if (filter_notify_all(&filter, &diags) < 0 ||
	    filter_add_probe(&filter,
			     select_token(&(struct environment){ .policy = "preseal learn" }),
			     &diags) < 0) {
		diag_print(&diags, stderr, "preseal learn: ");
		diag_free(&diags);
		policy_free(base);
		filter_free(&filter);
		return EXIT_NOT_CONFINED;
	}
	/* A policy with paths cannot run where Landlock is missing. */
	if (options.paths && landlock_abi_running() == 0) {
		fprintf(stderr, "preseal learn: this kernel has no Landlock: %s\n",
			options.paths_given ? "the policy's paths cannot be enforced here"
					    : "learning syscalls only (as with --no-paths)");
		options.paths = options.paths_given;
	}
	monitor.record_paths = options.paths;
	status = cli_run_monitored(path, options.command, environ, &filter, &monitor);
	filter_free(&filter);
	describe_command(options.command, command, sizeof(command));
	if (monitor.total == 0) {
		fprintf(stderr, "preseal learn: nothing was recorded; %s not written\n",
			options.output);
		result = -ENODATA;
	} else {
		struct learn_source source = { command, base, options.base, NULL };
		char shim[PATH_MAX], folder[PATH_MAX];

		/* realpath: the policy reader refuses "..". */
		if (monitor.record_paths && cli_find_shim(shim, sizeof(shim)) == 0 &&
		    realpath(shim, folder) && strrchr(folder, '/') != folder) {
			*strrchr(folder, '/') = '\0';
			source.shim_folder = folder;
		}

		result = learn_write_file(options.output, &monitor, &source);
		if (result < 0)
			fprintf(stderr, "preseal learn: cannot write %s: %s\n", options.output,
				strerror(-result));
		else
			result = check_written(options.output);
	}
	if (result == 0)
		fprintf(stderr,
			"preseal learn: wrote %s: %zu distinct calls, %llu in all, from %zu%s "
			"process%s (%s exited with status %d)\n",
			options.output, monitor.call_count, (unsigned long long)monitor.total,
			monitor.pid_count, monitor.pids_overflow ? "+" : "",
			monitor.pid_count == 1 ? "" : "es", options.command[0], status);
	if (result == 0 && monitor.record_paths)
		fprintf(stderr,
			"preseal learn: the policy names the files, folders and TCP ports the run "
			"used; under it anything else is refused with EACCES (add a run with -p "
			"%s, "
			"or learn with --no-paths for syscalls only)\n",
			options.output);
	if (result == 0 && monitor.record_paths)
		name_whole_folders(options.output);
	if (result == 0)
		name_a_wrapper(path, &options, &monitor);
	monitor_free(&monitor);
	policy_free(base);
	return result < 0 ? 1 : status;
}

const struct verb cli_verb_learn = {
	"learn", "-o OUT.cfg [-p BASE] [--no-paths] -- CMD [ARG…]",
	"run CMD, record its syscalls, paths and ports, write a policy", verb_learn
};
