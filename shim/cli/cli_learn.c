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

/* ---- learn -------------------------------------------------------------- */

struct learn_options {
	const char *output;
	const char *base;
	bool paths;	  /* record paths and ports (--paths, --no-paths) */
	bool paths_given; /* … as the command line said */
	char **command;
};

static const struct cli_option learn_options[] = {
	{ 'o', "output", "OUT.cfg", "write the policy to OUT.cfg ('-': standard output)" },
	{ 'p', "policy", "BASE", "a policy to start from (a file with a '/', or a profile)" },
	{ CLI_LONG + 1, "paths", NULL,
	  "record paths and ports (the default; an error where Landlock is absent)" },
	{ CLI_LONG + 2, "no-paths", NULL, "record syscalls only" },
	{ 0, NULL, NULL, NULL },
};

static int parse_learn(int argc, char **argv, struct learn_options *options)
{
	struct cli_parser parser = {
		.verb = &cli_verb_learn, .argc = argc, .argv = argv, .stop_at_operand = true
	};
	int key;

	*options = (struct learn_options){ .paths = LEARN_PATHS_BY_DEFAULT };
	while ((key = cli_next_option(&parser)) != CLI_DONE) {
		if (key == 'o')
			options->output = parser.value;
		else if (key == 'p')
			options->base = parser.value;
		else if (key == CLI_LONG + 1)
			options->paths = options->paths_given = true;
		else if (key == CLI_LONG + 2)
			options->paths = false, options->paths_given = true;
		else
			return key == CLI_HELP ? -1 : cli_parse_status(key);
	}
	if (!options->output)
		return cli_usage_error("learn", "-o OUT.cfg is required");
	if (parser.index >= argc)
		return cli_usage_error("learn", "name the command to learn");
	options->command = argv + parser.index;
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

/* What learn wrote must be a policy check accepts: the file OUTPUT, or
 * TEXT when it goes to standard output. */
static int check_written(const char *output, const char *text)
{
	struct diag_list diags = { 0 };
	struct policy *policy = text ? policy_read_string(text, "<stdout>", NULL, &diags)
				     : policy_read_file(output, 0, &diags);
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

/* -o -: the policy, once checked, on standard output. */
static int write_standard_output(const struct monitor *monitor, const struct learn_source *source)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	int result = out ? learn_write(monitor, source, out) : -ENOMEM;

	if (out && fclose(out) != 0 && result == 0)
		result = -ENOMEM;
	if (result == 0 && check_written("-", text) < 0)
		result = -EINVAL;
	else if (result == 0 && (fwrite(text, 1, size, stdout) != size || fflush(stdout) != 0))
		result = -EIO;
	free(text);
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

	status = parse_learn(argc, argv, &options);
	if (status != 0 || !options.command || !options.command[0])
		return status < 0 ? 0 : status == 0 ? 2 : status; /* -1: --help */
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

		if (strcmp(options.output, "-") == 0) {
			result = write_standard_output(&monitor, &source);
			if (result < 0 && result != -EINVAL)
				fprintf(stderr, "preseal learn: cannot write the policy: %s\n",
					strerror(-result));
		} else {
			result = learn_write_file(options.output, &monitor, &source);
			if (result < 0)
				fprintf(stderr, "preseal learn: cannot write %s: %s\n",
					options.output, strerror(-result));
			else
				result = check_written(options.output, NULL);
		}
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
			"%s%s, or learn with --no-paths for syscalls only)\n",
			strchr(options.output, '/') ? "" : "./", options.output);
	if (result == 0 && monitor.record_paths)
		name_whole_folders(options.output);
	if (result == 0)
		name_a_wrapper(path, &options, &monitor);
	monitor_free(&monitor);
	policy_free(base);
	return result < 0 ? 1 : status;
}

const struct verb cli_verb_learn = {
	"learn",
	"-o OUT.cfg [-p BASE] [--no-paths] [--] CMD [ARG...]",
	"run CMD, record its syscalls, paths and ports, write a policy",
	verb_learn,
	learn_options,
	"Options end at the first word that is not one, or at '--'.  Exit status:\n"
	"CMD's when the policy was written, 1 when it was not, 2 a usage error.\n",
};
