/* preload: the constructor of libpreseal.so.
 *
 * Runs inside somebody else's program, before its main: select the policy,
 * read it, compile and verify it, load it.  On any failure the program
 * never reaches main: one line on stderr, exit status 125.  On success it
 * prints nothing, leaves no descriptor open and frees what it allocated.
 *
 * After an exec the kernel keeps the filter and ld.so loads this library
 * again.  The environment then carries PRESEAL_FILTER, the token of the
 * selection in force; it is trusted only when the kernel confirms it: every
 * preseal filter answers a probe syscall for its own token.  A forged
 * marker therefore costs one ENOSYS and the policy is applied as usual.
 *
 * Enforce mode names each kill (report.c) unless PRESEAL_LOG=off.  Complain
 * and learn modes fork a monitor (monitor.c) before loading a filter that
 * hands calls to it; the monitor is a grandchild that moves to its own
 * session, so the program can neither wait for it nor signal it by group.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache.h"
#include "compile.h"
#include "compiled.h"
#include "learn.h"
#include "load.h"
#include "monitor.h"
#include "policy.h"
#include "policy_internal.h"
#include "precompiled.h"
#include "report.h"
#include "select.h"
#include "transform.h"

#define EXIT_NOT_CONFINED 125
#define MARKER		  "PRESEAL_FILTER"
#define MARKER_REPORTS	  "+r" /* the filter traps kills: install the handler */
#define LEARN_OUTPUT	  "PRESEAL_LEARN_OUTPUT"

/* 0: not confined; 1: confined; 2: confined by a filter that reports. */
static int already_confined(uint64_t token)
{
	const char *marker = getenv(MARKER);
	char expected[32];
	size_t length;

	if (!marker)
		return 0;
	length = (size_t)snprintf(expected, sizeof(expected), "%016" PRIx64, token);
	if (strncmp(marker, expected, length) != 0 ||
	    (marker[length] && strcmp(marker + length, MARKER_REPORTS) != 0) || !load_probe(token))
		return 0;
	return marker[length] ? 2 : 1;
}

static void mark_confined(uint64_t token, bool reports)
{
	char value[32];

	snprintf(value, sizeof(value), "%016" PRIx64 "%s", token, reports ? MARKER_REPORTS : "");
	setenv(MARKER, value, 1);
}

/* The policy as a report names it, from the environment alone: a child
 * under an inherited filter makes no syscall it might be denied. */
static void describe_from_environment(const struct environment *environment, char *buffer,
				      size_t size)
{
	const char *policy = environment->policy;

	if (!policy || !*policy)
		snprintf(buffer, size, "built-in %s", PRESEAL_DEFAULT_PROFILE);
	else if (strchr(policy, '/'))
		snprintf(buffer, size, "%s", policy);
	else
		snprintf(buffer, size, "profile %s", policy);
}

/* `preseal run` waits for one byte on this pipe to know the shim really
 * loaded.  It is sent just before the filter is loaded, so no syscall the
 * policy might deny is needed for it; the program never sees the
 * descriptor or the variable. */
static void signal_ready(void)
{
	const char *text = getenv("PRESEAL_READY_FD");
	struct stat st;
	char *end;
	long fd;

	if (!text)
		return;
	fd = strtol(text, &end, 10);
	unsetenv("PRESEAL_READY_FD");
	if (*end || fd < 3 || fd > INT32_MAX || fstat((int)fd, &st) < 0 || !S_ISFIFO(st.st_mode))
		return;
	(void)!write((int)fd, "1", 1);
	close((int)fd);
}

/* A policy file: a compiled one as it is; a source through the cache. */
static int compile_file(const struct selection *selection, const struct compile_options *options,
			struct filter *filter, struct diag_list *diags)
{
	char dir[4096];
	struct cache_key key = { .dir = cache_dir(dir, sizeof(dir)),
				 .path = selection->path,
				 .mode = selection->mode };
	struct policy *policy = NULL;
	char *text;
	int result;

	text = policy_load_file(selection->path, POLICY_TRUSTED_ONLY, &key.length, diags);
	if (!text)
		return -EINVAL;
	key.text = text;
	if (compiled_is(text, key.length))
		/* Verified when it was compiled: no libconfig, no libseccomp. */
		result = compiled_read(text, key.length, selection->path, filter, diags);
	else if (cache_lookup(&key, filter) == 0)
		result = 0;
	else {
		policy = policy_read_loaded(selection->path, text, key.length, POLICY_TRUSTED_ONLY,
					    diags);
		result = policy ? compile_policy(policy, options, filter, diags) : -EINVAL;
		if (result == 0)
			cache_store(&key, policy, filter);
	}
	if (result == 0 && options->probe_token && !filter->probe_token)
		result = filter_add_probe(filter, options->probe_token, diags);
	policy_free(policy);
	free(text);
	return result;
}

static int compile_selected(const struct selection *selection,
			    const struct compile_options *options, struct filter *filter,
			    struct diag_list *diags)
{
	struct policy *policy;
	int result;

	if (!selection->builtin)
		return compile_file(selection, options, filter, diags);
	/* Every mode starts from the filter as enforced: the one built in. */
	result = precompiled_read(selection->builtin->name, filter, diags);
	if (result < 0)
		return result;
	if (result > 0)
		return options->probe_token ? filter_add_probe(filter, options->probe_token, diags)
					    : 0;
	policy =
		policy_read_string(selection->builtin->text, selection->builtin->name, NULL, diags);
	result = policy ? compile_policy(policy, options, filter, diags) : -EINVAL;
	policy_free(policy);
	return result;
}

/* Kills become traps that preseal's handler names before dying, unless
 * reports are off or the policy traps on its own account.  True when the
 * filter reports. */
static int add_reports(struct filter *filter, uint64_t token, const struct environment *environment,
		       const struct selection *selection, struct diag_list *diags)
{
	char policy[1024];
	bool off;
	int log_fd = report_open_log(environment->log, &off);

	if (off)
		return 0;
	if (log_fd < 0 && log_fd != -1) {
		diag_error(diags, NULL, 0, "PRESEAL_LOG=%s: %s", environment->log,
			   strerror(-log_fd));
		return log_fd;
	}
	if (filter_kills_to_traps(filter) <= 0) {
		if (log_fd > STDERR_FILENO)
			close(log_fd);
		return 0; /* nothing to report */
	}
	if (filter_add_report_guard(filter, token, diags) < 0) {
		if (log_fd > STDERR_FILENO)
			close(log_fd);
		return -ENOMEM;
	}
	select_describe(selection, policy, sizeof(policy));
	/* A handler that cannot be installed leaves the traps to kill. */
	(void)report_install(token, policy, log_fd, environment->log);
	return 1;
}

static int confine_enforce(const struct environment *environment, const struct selection *selection,
			   uint64_t token, bool *reports, struct diag_list *diags)
{
	struct compile_options options = { .probe_token = token };
	struct filter filter = { 0 };
	int result = compile_selected(selection, &options, &filter, diags);

	if (result == 0) {
		result = add_reports(&filter, token, environment, selection, diags);
		*reports = result > 0;
	}
	if (result >= 0) {
		/* From here the program either runs confined or exits 125. */
		signal_ready();
		result = load_filter(&filter, diags);
	}
	filter_free(&filter);
	return result;
}

/* ---- complain and learn: the monitor ------------------------------------ */

struct monitored {
	const struct environment *environment;
	const struct selection *selection;
	struct filter policy; /* complain: the filter as enforced */
	struct filter loaded; /* what is loaded: it notifies */
	enum monitor_mode mode;
};

static void close_all_but(const int *keep, size_t count)
{
	unsigned next = 3;

	/* KEEP is sorted; close the gaps between. */
	for (size_t i = 0; i <= count; i++) {
		unsigned until = i < count ? (unsigned)keep[i] : ~0u;

		if (until > next)
			close_range(next, until - 1, 0);
		next = until + 1;
	}
}

/* The monitor is a copy of the program: its command line is the program's. */
static void own_command_line(char *buffer, size_t size)
{
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, buffer, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (got <= 0) {
		snprintf(buffer, size, "a program run with PRESEAL_MODE=learn");
		return;
	}
	buffer[got] = '\0';
	for (ssize_t i = 0; i + 1 < got; i++)
		if (buffer[i] == '\0' || buffer[i] == '\n')
			buffer[i] = ' ';
}

static void monitor_learned(const struct monitor *monitor, const char *output)
{
	struct diag_list diags = { 0 };
	struct policy *base = NULL;
	char command[1024];
	struct learn_source source = { command, NULL, output };

	own_command_line(command, sizeof(command));
	/* Runs add up: what an earlier run wrote is the base of this one. */
	if (access(output, F_OK) == 0)
		base = policy_read_file(output, 0, &diags);
	source.base = base;
	if (learn_write_file(output, monitor, &source) < 0 && fcntl(2, F_GETFD) >= 0)
		dprintf(2, "preseal: learn: cannot write %s\n", output);
	policy_free(base);
	diag_free(&diags);
}

/* The monitor process: never returns. */
static void serve(struct monitored *monitored, pid_t target, int channel)
{
	struct monitor monitor = { .mode = monitored->mode,
				   .program = monitored->policy.program,
				   .length = monitored->policy.length };
	const struct environment *environment = monitored->environment;
	struct diag_list diags = { 0 };
	const char *output = getenv(LEARN_OUTPUT);
	int log_fd = -1, expected;
	pid_t self = getpid();
	bool off = false;
	char policy[1024];

	for (int signal_number = 1; signal_number < NSIG; signal_number++)
		if (signal_number != SIGKILL && signal_number != SIGSTOP &&
		    signal_number != SIGTERM && signal_number != SIGCHLD)
			signal(signal_number, SIG_IGN);
	if (monitored->mode == MONITOR_COMPLAIN)
		log_fd = report_open_log(environment->log, &off);
	if (log_fd > channel)
		close_all_but((int[]){ channel, log_fd }, 2);
	else if (log_fd > STDERR_FILENO)
		close_all_but((int[]){ log_fd, channel }, 2);
	else
		close_all_but((int[]){ channel }, 1);
	if (write(channel, &self, sizeof(self)) != sizeof(self) ||
	    read(channel, &expected, sizeof(expected)) != sizeof(expected))
		_exit(0);
	monitor.listener = monitor_attach(target, expected, channel, 0, &diags);
	if (monitor.listener < 0) {
		char line[512] = "";

		/* The target waits for an answer that will never come. */
		kill(target, SIGKILL);
		if (diags.count)
			diag_format(&diags.items[0], line, sizeof(line));
		if (fcntl(STDERR_FILENO, F_GETFD) >= 0)
			dprintf(STDERR_FILENO, "preseal: %s monitor: %s\n",
				monitored->mode == MONITOR_LEARN ? "learn" : "complain", line);
		_exit(1);
	}
	/* The target may close its copy now. */
	if (write(channel, "1", 1) != 1)
		_exit(1);
	close(channel);
	(void)monitor_run(&monitor);
	if (monitored->mode == MONITOR_LEARN) {
		monitor_learned(&monitor, output);
	} else if (log_fd >= 0) {
		select_describe(monitored->selection, policy, sizeof(policy));
		monitor_report(&monitor, log_fd, policy);
	}
	_exit(0);
}

/* Forks the monitor as a grandchild in a session of its own, and tells it
 * the pid allowed to take our descriptors.  Returns the channel to it. */
static int start_monitor(struct monitored *monitored, struct diag_list *diags)
{
	pid_t target = getpid(), helper, monitor = 0;
	int channel[2], status;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) < 0) {
		diag_error(diags, NULL, 0, "socketpair: %s", strerror(errno));
		return -errno;
	}
	helper = fork();
	if (helper == 0) {
		close(channel[0]);
		setsid();
		if (fork() == 0)
			serve(monitored, target, channel[1]);
		_exit(0);
	}
	close(channel[1]);
	if (helper < 0 || waitpid(helper, &status, 0) < 0 ||
	    read(channel[0], &monitor, sizeof(monitor)) != sizeof(monitor)) {
		diag_error(diags, NULL, 0, "cannot start the %s monitor",
			   monitored->mode == MONITOR_LEARN ? "learn" : "complain");
		close(channel[0]);
		return -ECHILD;
	}
	/* yama's ptrace_scope=1 lets only ancestors take descriptors. */
	(void)prctl(PR_SET_PTRACER, monitor, 0, 0, 0);
	return channel[0];
}

static int build_monitored(struct monitored *monitored, uint64_t token, struct diag_list *diags)
{
	struct compile_options options = { .probe_token = 0 };
	int result;

	if (monitored->mode == MONITOR_LEARN) {
		monitored->loaded = (struct filter){ .no_new_privs = true };
		monitored->loaded.flags = SECCOMP_FILTER_FLAG_TSYNC;
		result = filter_notify_all(&monitored->loaded, diags);
	} else {
		result =
			compile_selected(monitored->selection, &options, &monitored->policy, diags);
		if (result == 0)
			result = filter_copy(&monitored->loaded, &monitored->policy, diags);
		if (result == 0)
			result = filter_denials_to_notify(&monitored->loaded) < 0 ? -EINVAL : 0;
	}
	if (result == 0)
		result = filter_add_probe(&monitored->loaded, token, diags);
	return result;
}

static int confine_monitored(const struct environment *environment,
			     const struct selection *selection, uint64_t token,
			     struct diag_list *diags)
{
	struct monitored monitored = { .environment = environment,
				       .selection = selection,
				       .mode = selection->mode == MODE_LEARN ? MONITOR_LEARN
									     : MONITOR_COMPLAIN };
	int channel = -1, lowest, listener, result = 0;

	if (monitored.mode == MONITOR_LEARN && !getenv(LEARN_OUTPUT)) {
		diag_error(diags, NULL, 0,
			   "PRESEAL_MODE=learn needs %s, the file to write the policy to",
			   LEARN_OUTPUT);
		return -EINVAL;
	}
	if (getpid() == 1) {
		diag_error(diags, NULL, 0,
			   "PRESEAL_MODE=%s cannot run as PID 1: its monitor would be the "
			   "program's child; start it under an init such as tini, or use `preseal "
			   "%s`",
			   environment->mode,
			   monitored.mode == MONITOR_LEARN ? "learn" : "run --complain");
		return -EINVAL;
	}
	result = build_monitored(&monitored, token, diags);
	if (result == 0)
		result = channel = start_monitor(&monitored, diags);
	if (result >= 0) {
		lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
		close(lowest);
		result = write(channel, &lowest, sizeof(lowest)) == sizeof(lowest) ? 0 : -EPIPE;
	}
	if (result == 0) {
		listener = load_filter_listener(&monitored.loaded, diags);
		result = listener < 0 ? listener : 0;
		/* Wait until the monitor holds the listener: calls the policy
		 * allows do not wait for it, and closing the last copy would
		 * leave every notified call failing with ENOSYS. */
		if (listener >= 0) {
			char ack;

			if (read(channel, &ack, 1) != 1) {
				diag_error(diags, NULL, 0, "the %s monitor did not start",
					   environment->mode);
				result = -ECHILD;
			}
			close(listener);
		}
	}
	if (channel >= 0)
		close(channel);
	filter_free(&monitored.policy);
	filter_free(&monitored.loaded);
	return result;
}

static int confine(const struct environment *environment, uint64_t token, bool *reports,
		   struct diag_list *diags)
{
	struct selection selection;
	int result;

	result = select_policy(environment, &selection, diags);
	if (result == 0) {
		if (selection.mode == MODE_ENFORCE)
			result = confine_enforce(environment, &selection, token, reports, diags);
		else
			result = confine_monitored(environment, &selection, token, diags);
	}
	select_free(&selection);
	return result;
}

/* One line, written straight to the descriptor that was stderr when the
 * program started; never to a file that took its number since. */
static void report_failure(const struct diag_list *diags, int stderr_open)
{
	char line[1024], first[900] = "the policy could not be applied";
	size_t extra = diags->count > 1 ? diags->count - 1 : 0;
	int length;

	if (diags->count > 0)
		diag_format(&diags->items[0], first, sizeof(first));
	else if (diags->out_of_memory)
		snprintf(first, sizeof(first), "out of memory");
	if (extra)
		length = snprintf(line, sizeof(line),
				  "preseal: %s (and %zu more; `preseal check` lists them all)\n",
				  first, extra);
	else
		length = snprintf(line, sizeof(line), "preseal: %s\n", first);
	if (stderr_open && length > 0)
		(void)!write(STDERR_FILENO, line,
			     (size_t)length < sizeof(line) ? (size_t)length : sizeof(line) - 1);
}

__attribute__((constructor)) static void preseal_constructor(void)
{
	int saved_errno = errno;
	struct environment environment;
	struct diag_list diags = { 0 };
	uint64_t token;
	int stderr_open;

	bool reports = false;
	int confined;

	select_read_environment(&environment);
	token = select_token(&environment);
	confined = already_confined(token);
	if (confined) {
		if (confined == 2) {
			char policy[1024];

			describe_from_environment(&environment, policy, sizeof(policy));
			(void)report_install(token, policy, -1, environment.log);
		}
		errno = saved_errno;
		return;
	}
	stderr_open = fcntl(STDERR_FILENO, F_GETFD) >= 0;
	if (confine(&environment, token, &reports, &diags) < 0) {
		report_failure(&diags, stderr_open);
		_exit(EXIT_NOT_CONFINED);
	}
	diag_free(&diags);
	mark_confined(token, reports);
	errno = saved_errno;
}
