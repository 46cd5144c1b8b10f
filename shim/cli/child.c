/* child: what run and learn share about the program they start: finding
 * it, its environment, forwarding signals to it, waiting for it, and
 * running it under a user-notification monitor (learn, `run --complain`).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "compile.h"
#include "landlock_apply.h"
#include "load.h"
#include "monitor.h"
#include "report.h"

#define EXIT_NOT_CONFINED   125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND	    127

/* ---- finding the command ------------------------------------------------ */

int cli_resolve_command(const char *name, char *path, size_t size)
{
	const char *search = getenv("PATH");
	int error = ENOENT;

	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
		if (access(path, F_OK) < 0)
			return -ENOENT;
		return access(path, X_OK) < 0 ? -EACCES : 0;
	}
	if (!search || !*search)
		search = "/usr/local/bin:/usr/bin:/bin";
	for (const char *folder = search; folder;
	     folder = strchr(folder, ':') ? strchr(folder, ':') + 1 : NULL) {
		size_t length = strcspn(folder, ":");
		struct stat st;

		snprintf(path, size, "%.*s%s%s", (int)length, folder, length ? "/" : "", name);
		if (stat(path, &st) < 0 || S_ISDIR(st.st_mode))
			continue;
		if (access(path, X_OK) == 0)
			return 0;
		error = EACCES;
	}
	return -error;
}

bool cli_report_wanted(unsigned which)
{
	const char *log = getenv("PRESEAL_LOG");
	unsigned wanted;

	return report_parse(getenv("PRESEAL_REPORT"), &wanted) == 0 && (wanted & which) &&
	       !(log && strcmp(log, "off") == 0);
}

char **cli_environment_with(char **base, const char *const *extra, size_t extra_count)
{
	size_t count = 0;
	char **result;

	while (base && base[count])
		count++;
	result = calloc(count + extra_count + 1, sizeof(*result));
	if (!result)
		return NULL;
	size_t used = 0;

	for (size_t i = 0; i < count; i++) {
		bool replaced = false;

		for (size_t e = 0; e < extra_count && !replaced; e++) {
			if (!extra[e])
				continue;
			size_t name = strcspn(extra[e], "=");

			replaced = strncmp(base[i], extra[e], name + 1) == 0;
		}
		if (!replaced)
			result[used++] = base[i];
	}
	for (size_t e = 0; e < extra_count; e++)
		if (extra[e])
			result[used++] = (char *)extra[e];
	return result;
}

static volatile sig_atomic_t forwarded_child;

static void forward_signal(int signal_number)
{
	if (forwarded_child > 0)
		kill(forwarded_child, signal_number);
}

void cli_forward_signals(pid_t child)
{
	static const int forwarded[] = { SIGHUP,  SIGINT,  SIGQUIT, SIGTERM,
					 SIGUSR1, SIGUSR2, SIGWINCH };
	struct sigaction action = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };

	forwarded_child = child;
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaction(forwarded[i], &action, NULL);
}

int cli_exit_status(int status, const char *command)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGSYS && cli_report_wanted(REPORT_KILLS))
			fprintf(stderr,
				"preseal run: %s was killed by SIGSYS: it made a syscall the "
				"policy forbids\n",
				command);
		else if (WTERMSIG(status) == SIGSYS)
			fprintf(stderr,
				"preseal run: %s was killed by SIGSYS: it made a syscall the "
				"policy forbids; to have the call named, run it again with "
				"PRESEAL_REPORT=kills, or with `preseal run --complain`\n",
				command);
		return 128 + WTERMSIG(status);
	}
	return EXIT_NOT_CONFINED;
}

int cli_wait_reaping(pid_t child, const char *command)
{
	int status;

	for (;;) {
		pid_t ended = waitpid(-1, &status, 0);

		if (ended == child)
			return cli_exit_status(status, command);
		if (ended < 0 && errno != EINTR)
			return EXIT_NOT_CONFINED;
	}
}

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
	if (landlock_rules_apply_noted(filter->landlock, filter->no_new_privs, "preseal", NULL,
				       &diags) < 0) {
		diag_print(&diags, stderr, "preseal: ");
		_exit(EXIT_NOT_CONFINED);
	}
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
