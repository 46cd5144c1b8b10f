/* cli_run: `preseal run [-p POLICY] [--complain] -- CMD [ARG…]`.
 *
 * Runs CMD confined and never, by accident, unconfined:
 *  - before execve, the child loads a gate filter: the policy plus what
 *    executing and starting a program needs (listed below), with execve
 *    allowed only for the very path run passes;
 *  - a dynamic program also gets the shim by LD_PRELOAD.  ld.so is first
 *    asked, in a dry run that loads but never starts the program, whether
 *    the shim will load; then the shim itself confirms on a pipe before it
 *    stacks the exact policy on the gate.  With both filters the policy
 *    holds exactly as written;
 *  - a static, setuid/setgid, file-capability or foreign-architecture
 *    program, for which ld.so ignores or cannot honour LD_PRELOAD, runs
 *    under the gate alone, and one warning line lists what the gate adds.
 * run waits for CMD and passes its status through (128+N for signal N).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "compile.h"
#include "load.h"
#include "monitor.h"
#include "policy.h"
#include "report.h"
#include "select.h"
#include "transform.h"

#define EXIT_NOT_CONFINED   125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND	    127

extern char **environ;

/* What executing and starting any program needs, glibc's static start-up
 * included (measured with strace on Debian 12). */
static const char *const startup_syscalls[] = {
	"execve",
	"brk",
	"mmap",
	"munmap",
	"mprotect",
	"arch_prctl",
	"set_tid_address",
	"set_robust_list",
	"rseq",
	"prlimit64",
	"getrandom",
	"readlink",
	"newfstatat",
	"fstat",
	"openat",
	"read",
	"pread64",
	"close",
	"access",
	"exit_group",
	"futex",
};

/* What the shim needs, before its own filter, to read and load a policy. */
static const char *const shim_syscalls[] = {
	"seccomp",
	"prctl",
	"memfd_create",
	"write",
	"lseek",
	"fcntl",
	"sysinfo",
	"rt_sigaction",
	"getpid",
	"gettid",
	/* what the report guard lets preseal's SIGSYS handler use */
	"rt_sigreturn",
	"restart_syscall",
	"rt_sigprocmask",
};

struct program {
	char path[PATH_MAX];	  /* what execve gets */
	char inspected[PATH_MAX]; /* the ELF file ld.so would run: PATH or its #! interpreter */
	bool dynamic;		  /* ld.so honours LD_PRELOAD for it */
	const char *why_not;	  /* why LD_PRELOAD cannot work, when !dynamic */
};

struct run_options {
	const char *policy; /* -p, or NULL for the baseline */
	bool complain;
	char **command;
};

/* ---- finding things --------------------------------------------------- */

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

/* FOLDER + SUFFIX when it fits and is readable; a truncated path would
 * name another file. */
static int shim_candidate(char *path, size_t size, const char *folder, const char *suffix)
{
	size_t folder_length = strlen(folder), suffix_length = strlen(suffix);

	if (folder_length + suffix_length >= size)
		return -ENAMETOOLONG;
	memcpy(path, folder, folder_length);
	memcpy(path + folder_length, suffix, suffix_length + 1);
	return access(path, R_OK) == 0 ? 0 : -ENOENT;
}

/* The shim that belongs to this preseal: beside it (the build tree), in
 * ../lib/preseal (an installed prefix), or where it was configured. */
static int find_shim(char *path, size_t size)
{
	char self[PATH_MAX], *slash;
	ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (length <= 0)
		return -ENOENT;
	self[length] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	if (shim_candidate(path, size, self, "/libpreseal.so") == 0 ||
	    shim_candidate(path, size, self, "/../lib/preseal/libpreseal.so") == 0)
		return 0;
	return shim_candidate(path, size, PRESEAL_LIBDIR, "/libpreseal.so");
}

/* ---- what kind of program ----------------------------------------------- */

static int read_elf(const char *path, Elf64_Ehdr *header, bool *has_interpreter)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int result = -ENOEXEC;

	*has_interpreter = false;
	if (fd < 0)
		return -errno;
	if (pread(fd, header, sizeof(*header), 0) != sizeof(*header) ||
	    memcmp(header->e_ident, ELFMAG, SELFMAG) != 0)
		goto out;
	result = 0;
	if (header->e_ident[EI_CLASS] != ELFCLASS64)
		goto out;
	for (unsigned i = 0; i < header->e_phnum; i++) {
		Elf64_Phdr segment;

		if (pread(fd, &segment, sizeof(segment),
			  (off_t)(header->e_phoff + (Elf64_Off)i * header->e_phentsize)) !=
		    sizeof(segment))
			break;
		if (segment.p_type == PT_INTERP)
			*has_interpreter = true;
	}
out:
	close(fd);
	return result;
}

/* "#!/bin/sh -e" → "/bin/sh", so the interpreter is what gets inspected. */
static bool script_interpreter(const char *path, char *interpreter, size_t size)
{
	char line[PATH_MAX + 3] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;
	size_t length;

	if (fd < 0)
		return false;
	got = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (got < 3 || line[0] != '#' || line[1] != '!')
		return false;
	line[got] = '\0';
	char *start = line + 2 + strspn(line + 2, " \t");

	length = strcspn(start, " \t\n");
	snprintf(interpreter, size, "%.*s", (int)length, start);
	return length > 0;
}

static bool has_file_capabilities(const char *path)
{
	return getxattr(path, "security.capability", NULL, 0) > 0;
}

static void classify(struct program *program)
{
	Elf64_Ehdr header = { 0 }, own = { 0 };
	bool has_interpreter = false;
	struct stat st;

	snprintf(program->inspected, sizeof(program->inspected), "%s", program->path);
	if (script_interpreter(program->path, program->inspected, sizeof(program->inspected)) &&
	    access(program->inspected, X_OK) < 0)
		snprintf(program->inspected, sizeof(program->inspected), "%s", program->path);
	program->dynamic = false;
	if (stat(program->inspected, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)))
		program->why_not = "setuid or setgid";
	else if (has_file_capabilities(program->inspected))
		program->why_not = "given file capabilities";
	else if (read_elf(program->inspected, &header, &has_interpreter) < 0)
		program->why_not = "not an ELF program";
	else if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
		 read_elf("/proc/self/exe", &own, &(bool){ false }) < 0 ||
		 header.e_machine != own.e_machine)
		program->why_not = "built for another architecture";
	else if (!has_interpreter)
		program->why_not = "static";
	else
		program->dynamic = true;
}

/* ---- the gate ----------------------------------------------------------- */

static int add_allowances(struct policy *policy, const char *const *names, size_t count,
			  const char *execve_path, char *added, size_t added_size)
{
	for (size_t i = 0; i < count; i++) {
		struct arg_check exact = { .index = 0,
					   .op = OP_EQ,
					   .value = (uint64_t)(uintptr_t)execve_path };
		bool is_execve = strcmp(names[i], "execve") == 0;
		int changed = policy_force_allow(policy, names[i], is_execve ? &exact : NULL,
						 "preseal run");

		if (changed < 0)
			return -ENOMEM;
		if (changed > 0 && added) {
			size_t used = strlen(added);

			snprintf(added + used, added_size - used, "%s%s", used ? " " : "",
				 is_execve ? "execve (this path only)" : names[i]);
		}
	}
	return 0;
}

/* Whether the shim will name kills: PRESEAL_REPORT=kills, and a log. */
static bool reports_on(void)
{
	const char *log = getenv("PRESEAL_LOG");
	unsigned wanted;

	return report_parse(getenv("PRESEAL_REPORT"), &wanted) == 0 && (wanted & REPORT_KILLS) &&
	       !(log && strcmp(log, "off") == 0);
}

/* Compiles the gate: POLICY plus what starting PROGRAM needs. */
static int build_gate(struct policy *policy, const struct program *program, const char *execve_path,
		      struct filter *gate, char *added, size_t added_size)
{
	struct compile_options options = { .probe_token = select_token(&(struct environment){
						   .policy = "preseal run gate" }) };
	struct diag_list diags = { 0 };
	int result;

	added[0] = '\0';
	result = add_allowances(policy, startup_syscalls,
				sizeof(startup_syscalls) / sizeof(startup_syscalls[0]), execve_path,
				added, added_size);
	if (result == 0 && program->dynamic)
		result = add_allowances(policy, shim_syscalls,
					sizeof(shim_syscalls) / sizeof(shim_syscalls[0]), NULL,
					NULL, 0);
	if (result == 0)
		result = compile_policy(policy, &options, gate, &diags);
	/* With reports on, the shim names kills by trapping them; a kill in
	 * the gate would win over its trap, so the gate traps too.  Before the
	 * shim's handler is in place a trap ends the program as the kill
	 * would.  Otherwise the gate's kills stay kills. */
	if (result == 0 && program->dynamic && reports_on())
		(void)filter_kills_to_traps(gate);
	if (result < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		if (!diags.count)
			fprintf(stderr, "preseal run: cannot build the pre-exec filter\n");
	}
	diag_free(&diags);
	return result;
}

/* ---- asking ld.so ------------------------------------------------------- */

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

/* ld.so in trace mode loads the program and its preloads, prints where
 * each came from, and exits without running any of their code. */
static bool shim_loads(const struct program *program, const char *shim)
{
	char preload[PATH_MAX + 16], output[8192] = "";
	const char *extra[] = { preload, "LD_TRACE_LOADED_OBJECTS=1" };
	int channel[2], status;
	size_t used = 0;
	ssize_t got;
	pid_t child;
	char **environment;

	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", shim);
	environment = cli_environment_with(environ, extra, 2);
	if (!environment || pipe2(channel, O_CLOEXEC) < 0) {
		free(environment);
		return false;
	}
	child = fork();
	if (child == 0) {
		dup2(channel[1], STDOUT_FILENO);
		dup2(channel[1], STDERR_FILENO);
		char *arguments[] = { (char *)program->inspected, NULL };

		execve(program->inspected, arguments, environment);
		_exit(127);
	}
	close(channel[1]);
	while (child > 0 && used < sizeof(output) - 1 &&
	       (got = read(channel[0], output + used, sizeof(output) - 1 - used)) > 0)
		used += (size_t)got;
	output[used] = '\0';
	close(channel[0]);
	free(environment);
	if (child < 0 || waitpid(child, &status, 0) < 0)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(output, shim) &&
	       !strstr(output, "cannot be preloaded");
}

/* ---- running ------------------------------------------------------------ */

/* -p takes a file as check does: a path, or a name that exists here; the
 * environment of the program then carries its absolute path, since a name
 * without '/' there means a profile. */
static bool names_a_file(const char *argument)
{
	return strchr(argument, '/') || access(argument, F_OK) == 0;
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
		if (WTERMSIG(status) == SIGSYS && reports_on())
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

static void child_exec(const struct program *program, char **argv, char **environment,
		       const struct filter *gate, int ready_write)
{
	struct diag_list diags = { 0 };
	int status = EXIT_NOT_CONFINED;

	/* Every way out frees what the child owns, so that valgrind's leak
	 * check of the child is as clean as the parent's. */
	if (ready_write >= 0 && fcntl(ready_write, F_SETFD, 0) < 0)
		goto out;
	if (load_filter(gate, &diags) < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		goto out;
	}
	execve(program->path, argv, environment);
	status = errno == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
	fprintf(stderr, "preseal run: %s: %s\n", program->path, strerror(errno));
out:
	diag_free(&diags);
	free(environment);
	_exit(status);
}

/* Waits for the shim's byte.  Without it, a child that ended (execve
 * failed: 126/127; the shim refused: 125) passes its own status through; a
 * child still running after a short grace, whose shim never spoke, is
 * killed: it runs under the gate alone, not the exact policy.  The grace
 * covers the moment between the pipe closing and the child becoming
 * reapable.  Returns -1 when the shim confirmed. */
static int await_shim(int ready_read, pid_t child, const char *command)
{
	struct timespec pause = { .tv_nsec = 1000000 };
	int status;
	ssize_t got;
	char byte;

	do
		got = read(ready_read, &byte, 1);
	while (got < 0 && errno == EINTR);
	close(ready_read);
	if (got == 1)
		return -1;
	for (int waited = 0; waited < 200; waited++) {
		if (waitpid(child, &status, WNOHANG) == child) {
			if (!WIFEXITED(status) || WEXITSTATUS(status) != EXIT_NOT_CONFINED)
				fprintf(stderr,
					"preseal run: %s ended before the shim confirmed "
					"it was loaded\n",
					command);
			return cli_exit_status(status, command);
		}
		nanosleep(&pause, NULL);
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	fprintf(stderr, "preseal run: the shim did not confirm it was loaded; %s was stopped\n",
		command);
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

static int launch(const struct run_options *options, const struct program *program,
		  const char *shim, struct filter *gate)
{
	char preload[PATH_MAX + 16], ready[32], policy_env[PATH_MAX + 20], absolute[PATH_MAX];
	/* The mode is run's to choose, not the environment's. */
	const char *extra[4] = { NULL, NULL, NULL, "PRESEAL_MODE=enforce" };
	int channel[2] = { -1, -1 }, early;
	char **environment;
	pid_t child;

	if (program->dynamic) {
		if (pipe2(channel, O_CLOEXEC) < 0)
			return EXIT_NOT_CONFINED;
		snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", shim);
		snprintf(ready, sizeof(ready), "PRESEAL_READY_FD=%d", channel[1]);
		extra[0] = preload;
		extra[1] = ready;
		if (options->policy) {
			const char *policy = options->policy;

			if (names_a_file(policy) && realpath(policy, absolute))
				policy = absolute;
			snprintf(policy_env, sizeof(policy_env), "PRESEAL_POLICY=%s", policy);
			extra[2] = policy_env;
		} else {
			extra[2] = "PRESEAL_POLICY=";
		}
	}
	environment = cli_environment_with(environ, extra, 4);
	if (!environment)
		return EXIT_NOT_CONFINED;
	child = fork();
	if (child == 0)
		child_exec(program, options->command, environment, gate, channel[1]);
	free(environment);
	if (child < 0) {
		perror("preseal run: fork");
		return EXIT_NOT_CONFINED;
	}
	cli_forward_signals(child);
	if (program->dynamic) {
		close(channel[1]);
		early = await_shim(channel[0], child, options->command[0]);
		if (early >= 0)
			return early;
	}
	return cli_wait_reaping(child, options->command[0]);
}

/* ---- complain ------------------------------------------------------------ */

/* The policy's own filter with its denials handed to this process, loaded
 * just before execve: every program of the tree runs as if unconfined and
 * what the policy would deny is reported at the end.  Static programs too:
 * no shim is needed.  The environment names the mode and the policy, so a
 * shim preloaded further down trusts the filter instead of stacking one. */
static int run_complain(const struct run_options *options, const struct program *program,
			const struct policy *policy)
{
	char policy_env[PATH_MAX + 20], marker[64], absolute[PATH_MAX], name[PATH_MAX];
	const char *extra[4] = { "PRESEAL_MODE=complain", policy_env, marker, NULL };
	struct environment selected = { .mode = "complain", .path = getenv("PRESEAL_PATH") };
	struct monitor monitor = { .mode = MONITOR_COMPLAIN };
	struct filter enforced, notifying = { 0 };
	struct diag_list diags = { 0 };
	char **environment = NULL;
	int status = EXIT_NOT_CONFINED, log_fd;
	bool off;

	snprintf(name, sizeof(name), "%s", options->policy ? options->policy : "");
	if (options->policy && names_a_file(options->policy) && realpath(options->policy, absolute))
		snprintf(name, sizeof(name), "%s", absolute);
	snprintf(policy_env, sizeof(policy_env), "PRESEAL_POLICY=%s", name);
	selected.policy = name;
	snprintf(marker, sizeof(marker), "PRESEAL_FILTER=%016llx",
		 (unsigned long long)select_token(&selected));
	if (compile_policy(policy, NULL, &enforced, &diags) < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		diag_free(&diags);
		return EXIT_NOT_CONFINED;
	}
	if (filter_copy(&notifying, &enforced, &diags) == 0 &&
	    filter_denials_to_notify(&notifying) >= 0 &&
	    filter_add_probe(&notifying, select_token(&selected), &diags) == 0)
		environment = cli_environment_with(environ, extra, 3);
	if (environment) {
		monitor.program = enforced.program;
		monitor.length = enforced.length;
		status = cli_run_monitored(program->path, options->command, environment, &notifying,
					   &monitor);
		log_fd = report_open_log(getenv("PRESEAL_LOG"), &off);
		if (log_fd >= 0 && monitor.call_count == 0)
			dprintf(log_fd, "preseal: complain: %s made no call the policy denies\n",
				options->command[0]);
		else if (log_fd >= 0)
			monitor_report(&monitor, log_fd,
				       options->policy ? name
						       : "built-in " PRESEAL_DEFAULT_PROFILE);
		if (log_fd > STDERR_FILENO)
			close(log_fd);
	}
	diag_print(&diags, stderr, "preseal run: ");
	diag_free(&diags);
	free(environment);
	monitor_free(&monitor);
	filter_free(&enforced);
	filter_free(&notifying);
	return status;
}

/* ---- the verb ----------------------------------------------------------- */

/* PRESEAL_MODE=complain in the environment means --complain, as it would
 * for the shim; learn has its own verb. */
static int mode_from_environment(struct run_options *options)
{
	const char *mode = getenv("PRESEAL_MODE");

	if (!mode || !*mode || strcmp(mode, "enforce") == 0)
		return 0;
	if (strcmp(mode, "complain") == 0) {
		options->complain = true;
		return 0;
	}
	if (strcmp(mode, "learn") == 0)
		fprintf(stderr, "preseal run: PRESEAL_MODE=learn: use `preseal learn -o OUT.cfg -- "
				"CMD` to learn a policy\n");
	else
		fprintf(stderr,
			"preseal run: PRESEAL_MODE='%s' is not a mode (enforce, complain or "
			"learn)\n",
			mode);
	return -EINVAL;
}

static int parse_run(int argc, char **argv, struct run_options *options)
{
	int i = 1;

	*options = (struct run_options){ 0 };
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			options->policy = argv[++i];
		else if (strcmp(argv[i], "--complain") == 0)
			options->complain = true;
		else if (argv[i][0] == '-')
			return cli_usage_error("run", "unknown option '%s'", argv[i]);
		else
			break;
	}
	if (i >= argc)
		return cli_usage_error("run",
				       "usage: preseal run [-p POLICY] [--complain] -- CMD [ARG…]");
	options->command = argv + i;
	return 0;
}

static struct policy *read_run_policy(const char *argument)
{
	struct diag_list diags = { 0 };
	struct policy *policy =
		cli_read_policy(argument ? argument : PRESEAL_DEFAULT_PROFILE, &diags);

	diag_print(&diags, stderr, "preseal: ");
	diag_free(&diags);
	return policy;
}

static int verb_run(int argc, char **argv)
{
	struct run_options options;
	struct program program = { 0 };
	struct filter gate = { 0 };
	char shim[PATH_MAX] = "", added[1024];
	struct policy *policy;
	int result;

	if (parse_run(argc, argv, &options) != 0 || !options.command || !options.command[0])
		return 2;
	if (mode_from_environment(&options) < 0)
		return EXIT_NOT_CONFINED;
	result = cli_resolve_command(options.command[0], program.path, sizeof(program.path));
	if (result < 0) {
		fprintf(stderr, "preseal run: %s: %s\n", options.command[0],
			result == -ENOENT ? "command not found" : "permission denied");
		return result == -ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
	}
	classify(&program);
	if (program.dynamic && find_shim(shim, sizeof(shim)) < 0) {
		fprintf(stderr,
			"preseal run: cannot find libpreseal.so beside preseal or in %s; "
			"refusing to run %s unconfined\n",
			PRESEAL_LIBDIR, options.command[0]);
		return EXIT_NOT_CONFINED;
	}
	if (program.dynamic && !shim_loads(&program, shim)) {
		fprintf(stderr,
			"preseal run: ld.so cannot preload %s into %s; refusing to run it\n", shim,
			program.inspected);
		return EXIT_NOT_CONFINED;
	}
	policy = read_run_policy(options.policy);
	if (!policy)
		return EXIT_NOT_CONFINED;
	if (options.complain) {
		result = run_complain(&options, &program, policy);
		policy_free(policy);
		return result;
	}
	result = build_gate(policy, &program, program.path, &gate, added, sizeof(added));
	policy_free(policy);
	if (result < 0)
		return EXIT_NOT_CONFINED;
	if (!program.dynamic && added[0])
		fprintf(stderr,
			"preseal run: warning: %s is %s, so its filter is loaded before "
			"execve and also allows: %s%s\n",
			program.path, program.why_not, added,
			strstr(program.why_not, "setuid") ? " (and under no_new_privs it runs with "
							    "your privileges, not its owner's)"
							  : "");
	result = launch(&options, &program, shim, &gate);
	filter_free(&gate);
	return result;
}

const struct verb cli_verb_run = { "run", "[-p POLICY] [--complain] -- CMD [ARG…]",
				   "run CMD confined (static and setuid programs too)", verb_run };
