/* module: libpreseal-compiler.so, the shim's compiler (see module.h).
 *
 * Opened by libpreseal.so when the policy must be compiled: reads it with
 * libconfig, compiles it with libseccomp, verifies it and stores it in the
 * cache, then hands the filter back to the shim, which adds its reports and
 * loads it.  Complain and learn modes run here whole: they fork the monitor
 * (monitor.c) before loading a filter that hands calls to it; the monitor
 * is a grandchild that moves to its own session, so the program can neither
 * wait for it nor signal it by group.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "compile.h"
#include "landlock_apply.h"
#include "learn.h"
#include "load.h"
#include "module.h"
#include "monitor.h"
#include "policy.h"
#include "policy_internal.h"
#include "ready.h"
#include "report.h"
#include "report_rules.h"
#include "select.h"
#include "source_hash.h"
#include "transform.h"

#define LEARN_OUTPUT "PRESEAL_LEARN_OUTPUT"

int preseal_module_1(struct module_call *call) __attribute__((visibility("default")));

/* What ready_read() could not supply: the policy compiled from its text. */
static int compile_missed(const struct selection *selection, struct ready *ready,
			  const struct compile_options *options, struct filter *filter,
			  struct diag_list *diags)
{
	const char *name = selection->builtin ? selection->builtin->name : selection->path;
	const char *text = selection->builtin ? profiles_text(selection->builtin) : ready->key.text;
	struct policy *policy;
	int result;

	/* An include changed after this moment may not be what libconfig
	 * reads: cache_store() then leaves the entry out. */
	ready->key.looked_up = time(NULL);
	if (selection->inline_text)
		policy = policy_read_string(selection->inline_text, "deny=", NULL, diags);
	else if (selection->builtin)
		policy = policy_read_string(text, name, NULL, diags);
	else
		policy = policy_read_loaded(name, text, ready->key.length, POLICY_TRUSTED_ONLY,
					    diags);
	result = policy ? compile_policy(policy, options, filter, diags) : -EINVAL;
	if (result == 0 && !selection->builtin && !selection->inline_text)
		cache_store(&ready->key, policy, filter);
	policy_free(policy);
	return result;
}

/* The rules of SELECTION's policy as reports name them, or NULL. */
static char *describe_rules(const struct selection *selection)
{
	struct diag_list diags = { 0 };
	struct policy *policy;
	char *rules = NULL;

	if (selection->builtin)
		policy = policy_read_string(profiles_text(selection->builtin),
					    selection->builtin->name, NULL, &diags);
	else
		policy = policy_read_file(selection->path, POLICY_TRUSTED_ONLY, &diags);
	if (policy)
		rules = report_rules_for(policy);
	policy_free(policy);
	diag_free(&diags);
	return rules;
}

/* The filter SELECTION asks for, compiled only when nothing ready is. */
static int compile_selected(const struct selection *selection,
			    const struct compile_options *options, struct filter *filter,
			    struct diag_list *diags)
{
	struct ready ready;
	int result = ready_read(selection, &ready, filter, diags);

	if (result > 0)
		result = compile_missed(selection, &ready, options, filter, diags);
	else if (result == 0 && options->probe_token)
		result = filter_add_probe(filter, options->probe_token, diags);
	ready_free(&ready);
	return result;
}

/* ---- complain and learn: the monitor ------------------------------------ */

struct monitored {
	const struct environment *environment;
	const struct selection *selection;
	struct filter policy; /* complain: the filter as enforced */
	struct filter loaded; /* what is loaded: it notifies */
	enum monitor_mode mode;
	unsigned report; /* denials: REPORT_* bits */
	char *rules;	 /* denials: report_rules.h, or NULL */
	bool kills_trap; /* denials: the kills were made traps */
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
	struct learn_source source = { command, NULL, output, NULL };

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
	if (monitored->mode != MONITOR_LEARN)
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
	if (monitored->mode == MONITOR_DENIALS) {
		select_describe(monitored->selection, policy, sizeof(policy));
		monitor.log_fd = log_fd;
		monitor.policy_name = policy;
		monitor.rules = monitored->rules;
	}
	(void)monitor_run(&monitor);
	if (monitored->mode == MONITOR_LEARN) {
		monitor_learned(&monitor, output);
	} else if (log_fd >= 0) {
		char *rules = describe_rules(monitored->selection);

		select_describe(monitored->selection, policy, sizeof(policy));
		monitor_report(&monitor, log_fd, policy, rules);
		free(rules);
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

/* Errno denials handed to the monitor; the kills made traps for the shim's
 * handler too when PRESEAL_REPORT also asks for kills (and the policy does
 * not trap on its own account). */
static int build_denials(struct monitored *monitored, struct diag_list *diags)
{
	int traps = 0;

	if (filter_errnos_to_notify(&monitored->loaded) < 0)
		return -EINVAL;
	if (monitored->report & REPORT_KILLS)
		traps = filter_kills_to_traps(&monitored->loaded);
	if (traps == -EINVAL)
		return -EINVAL;
	if (traps > 0) {
		if (filter_add_report_guard(&monitored->loaded, PRESEAL_REPORT_KEY, diags) < 0)
			return -ENOMEM;
		monitored->kills_trap = true;
	}
	return 0;
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
		if (result == 0 && monitored->mode == MONITOR_DENIALS)
			result = build_denials(monitored, diags);
		else if (result == 0)
			result = filter_denials_to_notify(&monitored->loaded) < 0 ? -EINVAL : 0;
	}
	if (result == 0)
		result = filter_add_probe(&monitored->loaded, token, diags);
	return result;
}

static int confine_monitored(struct module_call *call)
{
	const struct environment *environment = call->environment;
	const struct selection *selection = call->selection;
	uint64_t token = call->token;
	struct diag_list *diags = call->diags;
	struct monitored monitored = { .environment = environment,
				       .selection = selection,
				       .mode = call->report		       ? MONITOR_DENIALS
					       : selection->mode == MODE_LEARN ? MONITOR_LEARN
									       : MONITOR_COMPLAIN,
				       .report = call->report };
	int channel = -1, lowest, listener, result = 0;

	if (monitored.mode == MONITOR_LEARN && !getenv(LEARN_OUTPUT)) {
		diag_error(diags, NULL, 0,
			   "PRESEAL_MODE=learn needs %s, the file to write the policy to",
			   LEARN_OUTPUT);
		return -EINVAL;
	}
	if (getpid() == 1 && monitored.mode == MONITOR_DENIALS) {
		diag_error(diags, NULL, 0,
			   "PRESEAL_REPORT=denials cannot run as PID 1: its monitor would be the "
			   "program's child; start it under an init such as tini, or use `preseal "
			   "run --log-denials`");
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
	if (monitored.mode == MONITOR_DENIALS)
		monitored.rules = describe_rules(selection);
	result = build_monitored(&monitored, token, diags);
	if (result == 0)
		result = channel = start_monitor(&monitored, diags);
	if (result >= 0) {
		lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
		close(lowest);
		result = write(channel, &lowest, sizeof(lowest)) == sizeof(lowest) ? 0 : -EPIPE;
	}
	/* Errno denials are reported, never allowed: the policy's paths, ports
	 * and scopes apply as in enforce mode (the monitor, started above, is
	 * outside them).  Complain and learn apply none: they allow. */
	if (result == 0 && monitored.mode == MONITOR_DENIALS)
		result = landlock_rules_apply_noted(monitored.policy.landlock, true, "preseal",
						    NULL, diags);
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
					   monitored.mode == MONITOR_DENIALS ? "denials"
					   : monitored.mode == MONITOR_LEARN ? "learn"
									     : "complain");
				result = -ECHILD;
			}
			close(listener);
		}
	}
	if (channel >= 0)
		close(channel);
	filter_free(&monitored.policy);
	filter_free(&monitored.loaded);
	call->reports = result == 0 && monitored.kills_trap;
	call->rules = monitored.rules;
	return result;
}

int preseal_module_1(struct module_call *call)
{
	struct compile_options options = { .probe_token = call->token };

	if (strcmp(call->build, PRESEAL_SOURCE_HASH) != 0) {
		diag_error(call->diags, NULL, 0,
			   "%s is from another build of preseal than libpreseal.so; install the "
			   "two together",
			   MODULE_FILE);
		return -EINVAL;
	}
	if (call->describe) {
		call->rules = describe_rules(call->selection);
		return 0;
	}
	if (call->selection->mode != MODE_ENFORCE || call->report)
		return confine_monitored(call);
	return compile_missed(call->selection, call->ready, &options, call->filter, call->diags);
}
