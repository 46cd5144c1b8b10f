/* preload: the constructor of libpreseal.so.
 *
 * Runs inside somebody else's program, before its main: select the policy,
 * get its filter, load it.  On any failure the program never reaches main:
 * one line on stderr, exit status 125.  On success it prints nothing,
 * leaves no descriptor open and frees what it allocated.
 *
 * This is the fast path, paid at every process start: a built-in profile
 * compiled at build time, a compiled policy file or a cache hit (ready.c)
 * needs neither libconfig nor libseccomp, and this library links neither.
 * A policy that must be compiled, and the complain and learn modes, go to
 * the compiler module (module.h), opened only then.
 *
 * After an exec the kernel keeps the filter and ld.so loads this library
 * again.  The environment then carries PRESEAL_FILTER, the token of the
 * selection in force; it is trusted only when the kernel confirms it: every
 * preseal filter answers a probe syscall for its own token.  A forged
 * marker therefore costs one ENOSYS and the policy is applied as usual.
 *
 * A policy with paths, network or scope (landlock_apply.h) gets its
 * Landlock domain first, on every thread, and the seccomp filter second;
 * the probe then also vouches for the domain, which was applied before the
 * filter that answers it.
 *
 * A kill is the kernel's kill; with PRESEAL_REPORT=kills, enforce mode names
 * each one first (report.c), unless PRESEAL_LOG=off.
 *
 * The shim reads the environment the program was started with, not what
 * the constructors that ran before this one made of environ (select.h);
 * in secure-execution mode it reads none of the caller's variables.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "landlock_apply.h"
#include "load.h"
#include "module.h"
#include "ready.h"
#include "report.h"
#include "report_rules.h"
#include "select.h"
#include "source_hash.h"
#include "stack.h"
#include "text.h"
#include "transform.h"

#define EXIT_NOT_CONFINED 125
#define MARKER		  "PRESEAL_FILTER"
#define MARKER_REPORTS	  "+r" /* the filter traps kills: install the handler */

/* 0: not confined; 1: confined; 2: confined by a filter that reports. */
static int already_confined(uint64_t token)
{
	const char *marker = text_getenv(MARKER);
	char expected[17];
	size_t length = sizeof(expected) - 1;

	if (!marker)
		return 0;
	text_hex64(expected, token);
	if (strncmp(marker, expected, length) != 0 ||
	    (marker[length] && strcmp(marker + length, MARKER_REPORTS) != 0) || !load_probe(token))
		return 0;
	return marker[length] ? 2 : 1;
}

/* PRESEAL_FILTER=TOKEN[+r] into environ, for the programs this one
 * executes.  Not with setenv(): libc would copy the string, record the
 * copy in a search tree and grow the array with its own malloc, each a
 * page of libc or of a new heap faulted in at every start.  Here the string
 * is static, a marker already there is replaced in place, and a longer
 * array comes from the shim's arena.  Assigning environ is how POSIX lets a
 * program replace its environment; libc's setenv() later copies an array
 * it did not allocate rather than freeing it. */
static void mark_confined(uint64_t token, bool reports)
{
	static char variable[sizeof(MARKER "=") + 16 + sizeof(MARKER_REPORTS)];
	extern char **environ;
	size_t count = 0, length = sizeof(MARKER "=") - 1;
	char hex[17], **grown;

	text_hex64(hex, token);
	text_join(variable, sizeof(variable), MARKER "=", hex, reports ? MARKER_REPORTS : "",
		  (char *)NULL);
	for (; environ && environ[count]; count++)
		if (strncmp(environ[count], MARKER "=", length) == 0) {
			environ[count] = variable;
			return;
		}
	grown = malloc((count + 2) * sizeof(*grown));
	if (count)
		memcpy(grown, environ, count * sizeof(*grown));
	grown[count] = variable;
	grown[count + 1] = NULL;
	environ = grown;
}

/* The policy as a report names it, from the environment alone: a child
 * under an inherited filter makes no syscall it might be denied. */
static void describe_from_environment(const struct environment *environment, char *buffer,
				      size_t size)
{
	const char *policy = environment->policy;

	if (!policy || !*policy)
		text_join(buffer, size, "built-in ", PRESEAL_DEFAULT_PROFILE, (char *)NULL);
	else if (strchr(policy, '/'))
		text_join(buffer, size, policy, (char *)NULL);
	else
		text_join(buffer, size, "profile ", policy, (char *)NULL);
}

/* `preseal run` sets PRESEAL_READY_FD=gate for a dynamic program: its gate
 * is in force (the cache, cache.c, stays out of its way).  Run itself
 * learns from the kernel, not from this library, when the policy is
 * stacked, so nothing is sent back; the variable is only removed, on every
 * way into the program, so that the program never sees it. */
static void forget_run_gate(void)
{
	if (text_getenv("PRESEAL_READY_FD"))
		unsetenv("PRESEAL_READY_FD");
}

/* The compiler module, from beside this library (or the installed one):
 * NULL with DIAGS when it cannot be opened. */
static void *open_module(module_entry *entry, struct diag_list *diags)
{
	char path[PATH_MAX], installed[PATH_MAX];
	const char *slash;
	void *handle = NULL;
	Dl_info self;

	if (dladdr((void *)open_module, &self) && self.dli_fname &&
	    (slash = strrchr(self.dli_fname, '/'))) {
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - self.dli_fname),
			 self.dli_fname, MODULE_FILE);
		handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	}
	snprintf(installed, sizeof(installed), "%s/%s", PRESEAL_LIBDIR, MODULE_FILE);
	if (!handle)
		handle = dlopen(installed, RTLD_NOW | RTLD_LOCAL);
	if (handle) {
		*entry = (module_entry)dlsym(handle, MODULE_ENTRY);
		if (*entry)
			return handle;
		dlclose(handle);
	}
	diag_error(diags, NULL, 0,
		   "cannot open %s, which compiles policies, beside libpreseal.so or in %s; "
		   "install the two together, or load a built-in profile or a policy compiled "
		   "with `preseal compile`",
		   MODULE_FILE, PRESEAL_LIBDIR);
	return NULL;
}

/* Everything the fast path cannot do, done by the module.  It is closed
 * again only on success: on failure its messages may point into it, and
 * the program exits anyway.  The module allocates with libc's malloc, this
 * library from its arena (arena.c): it gets a list of its own to grow, and
 * blocks pass only one way, from the module to here, where free() tells
 * the two apart. */
static int call_module(struct module_call *call)
{
	struct diag_list *diags = call->diags, own = { 0 };
	module_entry entry;
	void *handle = open_module(&entry, diags);
	int result;

	if (!handle)
		return -ENOENT;
	call->build = PRESEAL_SOURCE_HASH;
	call->diags = &own;
	result = entry(call);
	call->diags = diags;
	if (own.count || own.out_of_memory) {
		diag_free(diags); /* nothing the fast path said is kept for the line */
		*diags = own;
	}
	if (result == 0 && own.count == 0)
		dlclose(handle);
	return result;
}

/* The variable that tells the programs this one executes the rules of its
 * reports (report_rules.h): they are under the same filter, and read it
 * without a syscall.  Set or replaced in environ, as mark_confined() does. */
static void put_environ(char *entry, size_t name_length)
{
	extern char **environ;
	size_t count = 0;
	char **grown;

	for (; environ && environ[count]; count++)
		if (strncmp(environ[count], entry, name_length + 1) == 0) {
			environ[count] = entry;
			return;
		}
	grown = malloc((count + 2) * sizeof(*grown));
	if (!grown)
		return;
	if (count)
		memcpy(grown, environ, count * sizeof(*grown));
	grown[count] = entry;
	grown[count + 1] = NULL;
	environ = grown;
}

static char *rules_entry; /* REPORT_RULES_VARIABLE=…, for environ */

/* RULES (from the module, or NULL) as the value of REPORT_RULES_VARIABLE,
 * put in environ once the startup environment is left: a stale value from
 * a parent under another policy must not stay.  Returns the value. */
static const char *keep_rules(char *rules)
{
	static char empty[] = REPORT_RULES_VARIABLE "=";
	size_t length = sizeof(REPORT_RULES_VARIABLE "=") - 1;
	char *entry = rules ? malloc(length + strlen(rules) + 1) : NULL;

	if (entry) {
		memcpy(entry, empty, length);
		memcpy(entry + length, rules, strlen(rules) + 1);
	}
	free(rules);
	rules_entry = entry ? entry : empty;
	return entry ? entry + length : NULL;
}

/* Which rule decided a reported call needs the policy's model: the compiler
 * module reads it, only when reports are on.  Returns the rules (kept for
 * the life of the process), or NULL when they cannot be had. */
static const char *describe_rules(const struct environment *environment,
				  const struct selection *selection)
{
	struct diag_list diags = { 0 };
	struct module_call call = { .environment = environment,
				    .selection = selection,
				    .describe = true,
				    .diags = &diags };

	if (call_module(&call) < 0)
		call.rules = NULL;
	diag_free(&diags);
	return keep_rules(call.rules);
}

/* With PRESEAL_REPORT=kills, kills become traps that preseal's handler names
 * before dying, unless PRESEAL_LOG=off or the policy traps on its own
 * account.  True when the filter reports. */
static int add_reports(struct filter *filter, const struct environment *environment,
		       const struct selection *selection, struct diag_list *diags)
{
	char policy[1024];
	const char *rules;
	unsigned wanted;
	bool off;
	int log_fd;

	if (report_parse(environment->report, &wanted) < 0) {
		diag_error(diags, NULL, 0,
			   "PRESEAL_REPORT=%s: expected none, or kills and denials joined by ','",
			   environment->report);
		return -EINVAL;
	}
	if (!(wanted & REPORT_KILLS))
		return 0;
	log_fd = report_open_log(environment->log, &off);
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
	if (filter_add_report_guard(filter, PRESEAL_REPORT_KEY, diags) < 0) {
		if (log_fd > STDERR_FILENO)
			close(log_fd);
		return -ENOMEM;
	}
	select_describe(selection, policy, sizeof(policy));
	rules = describe_rules(environment, selection);
	/* A handler that cannot be installed leaves the traps to kill. */
	(void)report_install(PRESEAL_REPORT_KEY, policy, rules, log_fd, environment->log);
	return 1;
}

/* The command line the program was started with (the constructor's). */
static int startup_argc;
static char **startup_argv;

/* The script the kernel started through its #! line, or NULL: AT_EXECFN is
 * the file execve was given, and for a script it is not the interpreter
 * (ARGV[0]) but one of the next two arguments (after the #! line's own
 * optional argument). */
static const char *started_script(void)
{
	const char *executed = (const char *)getauxval(AT_EXECFN);

	if (!executed || startup_argc < 2 || !startup_argv[0] ||
	    strcmp(startup_argv[0], executed) == 0)
		return NULL;
	for (int i = 1; i < startup_argc && i <= 2; i++)
		if (startup_argv[i] && strcmp(startup_argv[i], executed) == 0)
			return executed;
	return NULL;
}

/* A script wrapper (`#!/usr/bin/env bash`, pyenv's python3) under a policy
 * that refuses execve with an errno fails with only `/usr/bin/env: 'bash':
 * Operation not permitted`: the most puzzling of denials, so it is named
 * by default, once, before the filter is loaded (the line is written with
 * nothing refused yet), unless PRESEAL_LOG=off.  Costs a comparison of
 * strings for any other program, a run of the filter in preseal's
 * interpreter for a script. */
static void note_refused_exec(const struct filter *filter, const struct environment *environment,
			      const struct selection *selection)
{
	struct seccomp_data call = { .nr = __NR_execve, .arch = PRESEAL_NATIVE_ARCH };
	const char *script = started_script();
	char policy[1024], action[64];
	uint32_t answer;
	bool off;
	int fd;

	if (!script)
		return;
	answer = bpf_run(filter->program, filter->length, &call);
	if ((answer & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ERRNO)
		return;
	fd = report_open_log(environment->log, &off);
	if (fd < 0)
		return;
	select_describe(selection, policy, sizeof(policy));
	action_format(action_from_seccomp(answer), action, sizeof(action));
	dprintf(fd,
		"preseal: %s is a script run by %s, and policy %s answers execve with %s: a "
		"program it executes (the real program of a wrapper) fails with that error; "
		"confine the real program instead, or allow execve\n",
		script, startup_argv[0], policy, action);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* The policy's paths, ports and scopes, on every thread, before the
 * seccomp filter (which may refuse the Landlock syscalls).  In best_effort
 * mode what the kernel cannot enforce is said in one line on PRESEAL_LOG,
 * unless it is off: the program runs with less than its policy names. */
static int apply_landlock(const struct filter *filter, const struct environment *environment,
			  struct diag_list *diags)
{
	return landlock_rules_apply_noted(filter->landlock, filter->no_new_privs, "preseal",
					  environment->log, diags);
}

/* FILTER for SELECTION as compiled, with the probe for TOKEN unless it
 * is 0: built in, compiled or cached here, otherwise by the module. */
static int selection_filter(const struct environment *environment,
			    const struct selection *selection, uint64_t token,
			    struct filter *filter, struct diag_list *diags)
{
	struct ready ready;
	int result = ready_read(selection, &ready, filter, diags);

	if (result > 0) {
		struct module_call call = { .environment = environment,
					    .selection = selection,
					    .ready = &ready,
					    .token = token,
					    .filter = filter,
					    .diags = diags };

		result = call_module(&call);
	} else if (result == 0 && token) {
		result = filter_add_probe(filter, token, diags);
	}
	ready_free(&ready);
	return result;
}

/* Reports, then the load.  FILTER carries its probe. */
static int load_enforced(struct filter *filter, const struct environment *environment,
			 const struct selection *selection, bool *reports, struct diag_list *diags)
{
	int result = add_reports(filter, environment, selection, diags);

	*reports = result > 0;
	if (result >= 0) {
		note_refused_exec(filter, environment, selection);
		/* From here the program either runs confined or exits 125. */
		result = apply_landlock(filter, environment, diags);
		if (result >= 0)
			result = load_filter(filter, diags);
	}
	return result;
}

static int confine_enforce(const struct environment *environment, const struct selection *selection,
			   uint64_t token, bool *reports, struct diag_list *diags)
{
	struct filter filter = { 0 };
	int result = selection_filter(environment, selection, token, &filter, diags);

	if (result == 0)
		result = load_enforced(&filter, environment, selection, reports, diags);
	filter_free(&filter);
	return result;
}

/* PRESEAL_REPORT=denials: the module loads the filter with its errno
 * denials handed to a monitor that reports and answers them.  Returns 1
 * when that is what was asked (and done, or failed: *RESULT), else 0. */
static int confine_with_denials(const struct environment *environment,
				const struct selection *selection, uint64_t token, bool *reports,
				int *result, struct diag_list *diags)
{
	struct module_call call = {
		.environment = environment, .selection = selection, .token = token, .diags = diags
	};
	char policy[1024];
	unsigned wanted;
	bool off;
	int log_fd;

	if (selection->mode != MODE_ENFORCE || report_parse(environment->report, &wanted) < 0 ||
	    !(wanted & REPORT_DENIALS))
		return 0;
	log_fd = report_open_log(environment->log, &off);
	if (log_fd > STDERR_FILENO)
		close(log_fd);
	if (off)
		return 0;
	call.report = wanted;
	*result = call_module(&call);
	if (*result == 0 && call.reports) {
		select_describe(selection, policy, sizeof(policy));
		(void)report_install(PRESEAL_REPORT_KEY, policy, keep_rules(call.rules), -1,
				     environment->log);
		*reports = true;
	} else if (*result == 0) {
		(void)keep_rules(call.rules);
	}
	return 1;
}

/* PRESEAL_POLICY=A:B...: each policy compiled on its own, then stacked
 * into one filter that answers as the kernel would answer them loaded
 * one by one (stack.h), most restrictive first.  One filter, so that a
 * policy refusing seccomp(2) does not stop the next from loading; its
 * probe answers the token of the whole list. */
static int confine_layers(const struct environment *environment, uint64_t token, bool *reports,
			  struct diag_list *diags)
{
	struct filter layers[SELECT_MAX_LAYERS] = { 0 }, stacked = { 0 };
	struct selection whole = { .path = (char *)environment->policy };
	size_t count = 0;
	int result = 0;

	for (size_t i = 0; result == 0 && select_layer(environment->policy, i, NULL, 0) != -ENOENT;
	     i++) {
		struct environment layer = *environment;
		struct selection selection;
		char name[PATH_MAX];

		if (select_layer(environment->policy, i, name, sizeof(name)) < 0 ||
		    i == SELECT_MAX_LAYERS) {
			diag_error(diags, NULL, 0,
				   "PRESEAL_POLICY=%s: at most %d policies, each non-empty and "
				   "shorter than a path",
				   environment->policy, SELECT_MAX_LAYERS);
			result = -EINVAL;
			break;
		}
		layer.policy = name;
		result = select_policy(&layer, &selection, diags);
		if (result == 0 && selection.mode != MODE_ENFORCE) {
			diag_error(diags, NULL, 0,
				   "PRESEAL_MODE=%s takes one policy, not the list '%s'",
				   layer.mode, environment->policy);
			result = -EINVAL;
		}
		if (result == 0)
			result = selection_filter(&layer, &selection, 0, &layers[count++], diags);
		select_free(&selection);
	}
	if (result == 0)
		result = filter_stack(layers, count, BPF_MAXINSNS - PRESEAL_LOAD_PREFIX_MAX,
				      &stacked, diags);
	if (result == 0)
		result = filter_add_probe(&stacked, token, diags);
	/* Each layer's paths, ports and scopes are a Landlock domain of their
	 * own, stacked as the kernel stacks domains: what every one allows. */
	for (size_t i = 0; result == 0 && i < count; i++)
		result = apply_landlock(&layers[i], environment, diags);
	if (result == 0)
		result = load_enforced(&stacked, environment, &whole, reports, diags);
	filter_free(&stacked);
	for (size_t i = 0; i < count; i++)
		filter_free(&layers[i]);
	return result;
}

static int confine(const struct environment *environment, uint64_t token, bool *reports,
		   struct diag_list *diags)
{
	struct selection selection;
	int result;

	if (environment->policy && strchr(environment->policy, ':'))
		return confine_layers(environment, token, reports, diags);
	result = select_policy(environment, &selection, diags);
	if (result == 0 &&
	    confine_with_denials(environment, &selection, token, reports, &result, diags)) {
		/* done, or failed */
	} else if (result == 0) {
		if (selection.mode == MODE_ENFORCE) {
			result = confine_enforce(environment, &selection, token, reports, diags);
		} else {
			struct module_call call = { .environment = environment,
						    .selection = &selection,
						    .token = token,
						    .diags = diags };

			result = call_module(&call);
		}
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

/* The confinement proper, with environ the startup environment.  Returns
 * true when it loaded a filter, with its TOKEN and whether it REPORTS;
 * false when the kernel confirmed one already there.  Never returns when
 * the policy cannot be applied. */
static bool confine_from_startup(uint64_t *token, bool *reports)
{
	struct environment environment;
	struct diag_list diags = { 0 };
	int stderr_open, confined;

	select_read_environment(&environment);
	if (select_resolve(&environment, &diags) < 0) {
		report_failure(&diags, fcntl(STDERR_FILENO, F_GETFD) >= 0);
		_exit(EXIT_NOT_CONFINED);
	}
	*token = select_token(&environment);
	confined = already_confined(*token);
	if (confined) {
		forget_run_gate();
		if (confined == 2) {
			char policy[1024];

			describe_from_environment(&environment, policy, sizeof(policy));
			(void)report_install(PRESEAL_REPORT_KEY, policy,
					     text_getenv(REPORT_RULES_VARIABLE), -1,
					     environment.log);
		}
		return false;
	}
	stderr_open = fcntl(STDERR_FILENO, F_GETFD) >= 0;
	if (confine(&environment, *token, reports, &diags) < 0) {
		report_failure(&diags, stderr_open);
		_exit(EXIT_NOT_CONFINED);
	}
	diag_free(&diags);
	forget_run_gate(); /* only now: the cache looked for it */
	return true;
}

/* ld.so passes constructors the program's ARGC, ARGV and the environment
 * array it started with (glibc does; the ELF gABI allows it). */
__attribute__((constructor)) static void preseal_constructor(int argc, char **argv, char **envp)
{
	int saved_errno = errno;
	struct startup_environment startup;
	bool reports = false, loaded;
	uint64_t token;

	startup_argc = argc;
	startup_argv = argv;
	if (select_enter_startup_environment(&startup, argc, argv, envp) < 0) {
		report_failure(&(struct diag_list){ .out_of_memory = true },
			       fcntl(STDERR_FILENO, F_GETFD) >= 0);
		_exit(EXIT_NOT_CONFINED);
	}
	loaded = confine_from_startup(&token, &reports);
	select_leave_startup_environment(&startup);
	if (loaded)
		mark_confined(token, reports);
	if (loaded && rules_entry)
		put_environ(rules_entry, sizeof(REPORT_RULES_VARIABLE) - 1);
	errno = saved_errno;
}
