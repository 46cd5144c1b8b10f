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
#include "learn.h"
#include "load.h"
#include "monitor.h"
#include "policy.h"
#include "select.h"
#include "transform.h"

#define EXIT_NOT_CONFINED   125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND	    127

extern char **environ;

/* ---- learn -------------------------------------------------------------- */

struct learn_options {
	const char *output;
	const char *base;
	char **command;
};

static const struct cli_option learn_options[] = {
	{ 'o', "output", "OUT.cfg", "write the policy to OUT.cfg ('-': standard output)" },
	{ 'p', "policy", "BASE", "a policy to start from (a file with a '/', or a profile)" },
	{ 0, NULL, NULL, NULL },
};

static int parse_learn(int argc, char **argv, struct learn_options *options)
{
	struct cli_parser parser = {
		.verb = &cli_verb_learn, .argc = argc, .argv = argv, .stop_at_operand = true
	};
	int key;

	*options = (struct learn_options){ 0 };
	while ((key = cli_next_option(&parser)) != CLI_DONE) {
		if (key == 'o')
			options->output = parser.value;
		else if (key == 'p')
			options->base = parser.value;
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
	status = cli_run_monitored(path, options.command, environ, &filter, &monitor);
	filter_free(&filter);
	describe_command(options.command, command, sizeof(command));
	if (monitor.total == 0) {
		fprintf(stderr, "preseal learn: nothing was recorded; %s not written\n",
			options.output);
		result = -ENODATA;
	} else {
		struct learn_source source = { command, base, options.base };

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
	monitor_free(&monitor);
	policy_free(base);
	return result < 0 ? 1 : status;
}

const struct verb cli_verb_learn = {
	"learn",
	"-o OUT.cfg [-p BASE] [--] CMD [ARG...]",
	"run CMD, record its syscalls, write a policy",
	verb_learn,
	learn_options,
	"Options end at the first word that is not one, or at '--'.  Exit status:\n"
	"CMD's when the policy was written, 1 when it was not, 2 a usage error.\n",
};
