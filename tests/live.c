/* live: children, programs, environments and temporary files for the live
 * tests (see live.h).  The runner never loads a filter: everything that
 * could confine runs after fork.
 */
#include "live.h"
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

void live_expect_at(const char *file, unsigned line, bool holds, const char *format, ...)
{
	char message[4096] = "";
	va_list args;

	if (!holds) {
		va_start(args, format);
		vsnprintf(message, sizeof(message), format, args);
		va_end(args);
	}
	CU_assertImplementation(holds ? CU_TRUE : CU_FALSE, line, message, file, "", CU_FALSE);
}

bool live_exited_with(struct live_status status, int code)
{
	return !status.timed_out && status.exited && status.code == code;
}

bool live_killed_by(struct live_status status, int signal)
{
	return !status.timed_out && !status.exited && status.signal == signal;
}

const char *live_describe(struct live_status status, char *buffer, size_t size)
{
	if (status.timed_out)
		snprintf(buffer, size, "timed out after %d s", LIVE_TIMEOUT);
	else if (status.exited)
		snprintf(buffer, size, "exit %d", status.code);
	else
		snprintf(buffer, size, "signal %d (%s)", status.signal, strsignal(status.signal));
	return buffer;
}

static struct live_status status_from_wait(int wait_status)
{
	struct live_status status = { 0 };

	if (WIFEXITED(wait_status)) {
		status.exited = true;
		status.code = WEXITSTATUS(wait_status);
	} else if (WIFSIGNALED(wait_status)) {
		status.signal = WTERMSIG(wait_status);
	}
	return status;
}

static double now_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Waits for CHILD until DEADLINE; then kills its process group. */
static struct live_status reap(pid_t child, double deadline)
{
	struct live_status status = { .timed_out = true };
	int wait_status;

	for (;;) {
		pid_t done = waitpid(child, &wait_status, WNOHANG);

		if (done == child)
			return status_from_wait(wait_status);
		if (done < 0 && errno != EINTR)
			return status;
		if (now_seconds() > deadline)
			break;
		usleep(2000);
	}
	kill(-child, SIGKILL);
	kill(child, SIGKILL);
	waitpid(child, &wait_status, 0);
	return status;
}

/* Ends a forked child with CODE through exit_group(2) itself.  Under
 * SANITIZE=1 the sanitizer's _exit() runs the leak checker first, which
 * needs syscalls (clone, ptrace) that the child's filter may refuse. */
static __attribute__((noreturn)) void child_exit(int code)
{
	for (;;)
		syscall(SYS_exit_group, code);
}

struct live_status live_fork(int (*body)(void *context), void *context)
{
	struct live_status failed = { .exited = true, .code = -1 };
	pid_t child;

	fflush(NULL);
	child = fork();
	if (child < 0) {
		LIVE_EXPECT(false, "fork: %s", strerror(errno));
		return failed;
	}
	if (child == 0) {
		setpgid(0, 0);
		alarm(LIVE_TIMEOUT);
		child_exit(body(context));
	}
	setpgid(child, child);
	return reap(child, now_seconds() + LIVE_TIMEOUT + 1);
}

/* ---- Running programs ---------------------------------------------------- */

static void close_from(int first)
{
	if (syscall(SYS_close_range, first, ~0u, 0) == 0)
		return;
	for (int fd = first; fd < 4096; fd++)
		close(fd);
}

/* In the child: stdin from /dev/null, stdout and stderr to the pipes, then
 * the descriptors the test wants closed, and nothing else open. */
static void child_descriptors(const struct live_command *command, int out, int err)
{
	int null = open("/dev/null", O_RDONLY);

	if (null >= 0 && null != STDIN_FILENO) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	close_from(3);
	if (command->close & LIVE_CLOSE_STDIN)
		close(STDIN_FILENO);
	if (command->close & LIVE_CLOSE_STDOUT)
		close(STDOUT_FILENO);
	if (command->close & LIVE_CLOSE_STDERR)
		close(STDERR_FILENO);
}

static __attribute__((noreturn)) void child_exec(const struct live_command *command, int out,
						 int err)
{
	setpgid(0, 0);
	child_descriptors(command, out, err);
	if (command->cwd && chdir(command->cwd) != 0)
		_exit(LIVE_EXIT_PREPARE_FAILED);
	if (command->prepare && command->prepare(command->context) != 0)
		_exit(LIVE_EXIT_PREPARE_FAILED);
	execve(command->argv[0], (char *const *)command->argv, command->env);
	_exit(LIVE_EXIT_EXEC_FAILED);
}

struct capture {
	int fd;
	char *text;
	size_t length;
	size_t capacity;
};

/* Reads what is there; returns false at end of file. */
static bool capture_more(struct capture *capture)
{
	char chunk[4096];
	ssize_t got = read(capture->fd, chunk, sizeof(chunk));

	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (got <= 0)
		return false;
	if (capture->length + (size_t)got + 1 > capture->capacity) {
		size_t capacity = (capture->capacity + (size_t)got) * 2 + 1;
		char *bigger = realloc(capture->text, capacity);

		if (!bigger)
			return false;
		capture->text = bigger;
		capture->capacity = capacity;
	}
	memcpy(capture->text + capture->length, chunk, (size_t)got);
	capture->length += (size_t)got;
	capture->text[capture->length] = '\0';
	return true;
}

/* Collects both pipes until both close or the deadline passes. */
static void collect(struct capture *captures, double deadline)
{
	for (;;) {
		struct pollfd fds[2];
		nfds_t count = 0;
		int timeout = (int)((deadline - now_seconds()) * 1000);

		for (int i = 0; i < 2; i++)
			if (captures[i].fd >= 0)
				fds[count++] =
					(struct pollfd){ .fd = captures[i].fd, .events = POLLIN };
		if (count == 0 || timeout <= 0)
			return;
		if (poll(fds, count, timeout) < 0 && errno != EINTR)
			return;
		for (nfds_t j = 0; j < count; j++) {
			if (!fds[j].revents)
				continue;
			for (int i = 0; i < 2; i++) {
				if (captures[i].fd != fds[j].fd || capture_more(&captures[i]))
					continue;
				close(captures[i].fd);
				captures[i].fd = -1;
			}
		}
	}
}

static char *taken(struct capture *capture)
{
	char *text = capture->text ? capture->text : strdup("");

	if (capture->fd >= 0)
		close(capture->fd);
	return text;
}

int live_run(const struct live_command *command, struct live_output *output)
{
	struct capture captures[2] = { { .fd = -1 }, { .fd = -1 } };
	int out[2], err[2];
	double deadline = now_seconds() + LIVE_TIMEOUT;
	pid_t child;

	*output = (struct live_output){ 0 };
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
		LIVE_EXPECT(false, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	child = fork();
	if (child == 0)
		child_exec(command, out[1], err[1]);
	close(out[1]);
	close(err[1]);
	captures[0].fd = out[0];
	captures[1].fd = err[0];
	if (child < 0) {
		LIVE_EXPECT(false, "fork: %s", strerror(errno));
		free(taken(&captures[0]));
		free(taken(&captures[1]));
		return -1;
	}
	setpgid(child, child);
	collect(captures, deadline);
	output->status = reap(child, deadline);
	/* What a killed process group left in the pipes. */
	kill(-child, SIGKILL);
	output->out = taken(&captures[0]);
	output->err = taken(&captures[1]);
	return 0;
}

void live_output_free(struct live_output *output)
{
	free(output->out);
	free(output->err);
	*output = (struct live_output){ 0 };
}

/* ---- Environments -------------------------------------------------------- */

void live_env_init(struct live_env *env)
{
	*env = (struct live_env){ 0 };
	live_env_set(env, "PATH", "/usr/bin:/bin");
	live_env_set(env, "LC_ALL", "C");
	/* No compiled-policy cache unless a test asks for one (tests/test_cache.c):
	 * the runner must not fill the user's cache with its temporary policies. */
	live_env_set(env, "PRESEAL_CACHE", "off");
}

void live_env_unset(struct live_env *env, const char *name)
{
	size_t length = strlen(name);

	for (size_t i = 0; i < env->count; i++) {
		if (strncmp(env->items[i], name, length) != 0 || env->items[i][length] != '=')
			continue;
		free(env->items[i]);
		env->items[i] = env->items[--env->count];
		env->items[env->count] = NULL;
		return;
	}
}

void live_env_set(struct live_env *env, const char *name, const char *format, ...)
{
	char value[PATH_MAX * 2];
	char *item;
	va_list args;

	va_start(args, format);
	vsnprintf(value, sizeof(value), format, args);
	va_end(args);
	live_env_unset(env, name);
	if (env->count == LIVE_ENV_MAX || asprintf(&item, "%s=%s", name, value) < 0) {
		LIVE_EXPECT(false, "cannot set %s in a test environment", name);
		return;
	}
	env->items[env->count++] = item;
	env->items[env->count] = NULL;
}

int live_env_preload(struct live_env *env)
{
	char library[PATH_MAX];

	if (live_build_path("libpreseal.so", library, sizeof(library)) < 0)
		return -1;
	live_env_set(env, "LD_PRELOAD", "%s", library);
	return 0;
}

void live_env_free(struct live_env *env)
{
	for (size_t i = 0; i < env->count; i++)
		free(env->items[i]);
	*env = (struct live_env){ 0 };
}

/* ---- The build folder and temporary files -------------------------------- */

const char *live_build_dir(void)
{
	static char folder[PATH_MAX];
	const char *given = getenv("PRESEAL_BUILD");
	char library[PATH_MAX + 32];

	if (!folder[0]) {
		if (!realpath(given && *given ? given : "build", folder))
			folder[0] = '\0';
	}
	snprintf(library, sizeof(library), "%s/libpreseal.so", folder);
	if (!folder[0] || access(library, R_OK) != 0) {
		test_skip("no libpreseal.so in $PRESEAL_BUILD or ./build: run `make test`");
		return NULL;
	}
	return folder;
}

int live_build_path(const char *relative, char *buffer, size_t size)
{
	const char *folder = live_build_dir();
	char why[PATH_MAX + 64];

	if (!folder)
		return -1;
	snprintf(buffer, size, "%s/%s", folder, relative);
	if (access(buffer, F_OK) == 0)
		return 0;
	snprintf(why, sizeof(why), "%s was not built: run `make test`", buffer);
	test_skip(why);
	return -1;
}

int live_temp_dir(char *buffer, size_t size)
{
	snprintf(buffer, size, "/tmp/preseal-test-XXXXXX");
	if (!mkdtemp(buffer) || chmod(buffer, 0755) != 0) {
		LIVE_EXPECT(false, "cannot make a temporary folder: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *where)
{
	(void)st;
	(void)where;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void live_remove_tree(const char *path)
{
	if (path && path[0])
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int live_write_file(const char *dir, const char *name, const char *text, mode_t mode, char *buffer,
		    size_t size)
{
	size_t length = strlen(text);
	int fd;

	snprintf(buffer, size, "%s/%s", dir, name);
	fd = open(buffer, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, length) != (ssize_t)length || fchmod(fd, mode) != 0) {
		LIVE_EXPECT(false, "cannot write %s: %s", buffer, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

bool live_path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* ---- /proc and policies -------------------------------------------------- */

long live_status_field(const char *text, const char *field)
{
	size_t length = strlen(field);

	for (const char *line = text; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, field, length) == 0 && line[length] == ':')
			return strtol(line + length + 1, NULL, 10);
	}
	return -1;
}

int live_compile(const char *text, uint64_t probe_token, struct policy **policy,
		 struct filter *filter)
{
	struct compile_options options = { .probe_token = probe_token };
	struct diag_list diags = { 0 };
	char first[1024] = "";
	int result = -1;

	*filter = (struct filter){ 0 };
	*policy = policy_read_string(text, "test-policy", NULL, &diags);
	if (*policy)
		result = compile_policy(*policy, &options, filter, &diags);
	if (diags.count > 0)
		diag_format(&diags.items[0], first, sizeof(first));
	LIVE_EXPECT(result == 0, "the test policy does not compile: %s", first);
	diag_free(&diags);
	if (result < 0) {
		policy_free(*policy);
		*policy = NULL;
	}
	return result;
}

long live_runner_field(const char *field)
{
	FILE *status = fopen("/proc/self/status", "r");
	char text[8192];
	size_t length;

	if (!status)
		return -1;
	length = fread(text, 1, sizeof(text) - 1, status);
	fclose(status);
	text[length] = '\0';
	return live_status_field(text, field);
}

bool live_runner_unconfined(void)
{
	return live_runner_field("Seccomp") == 0;
}

int live_run_preseal(const char *const *args, struct live_env *env, struct live_output *output)
{
	char preseal[4096];
	const char *argv[32];
	struct live_env plain;
	size_t count = 0;
	int result;

	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0)
		return -1;
	argv[count++] = preseal;
	for (; args[count - 1] && count < 31; count++)
		argv[count] = args[count - 1];
	argv[count] = NULL;
	if (!env)
		live_env_init(&plain);
	struct live_command command = { .argv = argv, .env = env ? env->items : plain.items };

	result = live_run(&command, output);
	if (!env)
		live_env_free(&plain);
	return result;
}
