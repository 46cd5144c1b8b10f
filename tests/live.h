/* live: helpers for the tests that load real filters and run real programs.
 *
 * A filter can never be unloaded, so nothing here loads one in the test
 * runner: live_fork() runs a body in a forked child, live_run() runs a
 * program through fork and execve with an environment built from nothing,
 * and both report how the child ended.  Every child has a deadline; a child
 * that misses it is killed with its whole process group and reported as
 * timed out, so a confined program that hangs fails its test instead of the
 * run.  Paths into the build come from PRESEAL_BUILD, which `make test` sets.
 */
#ifndef PRESEAL_TEST_LIVE_H
#define PRESEAL_TEST_LIVE_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "compile.h"
#include "policy.h"

/* Records one assertion with a formatted message: CUnit's own assertions
 * can only show the expression, and these tests need to say which program,
 * door or value failed and what the child printed.  The message is only
 * formatted when the assertion fails. */
void live_expect_at(const char *file, unsigned line, bool holds, const char *format, ...)
	__attribute__((format(printf, 4, 5)));
#define LIVE_EXPECT_AT(line, holds, ...) live_expect_at(__FILE__, (line), (holds), __VA_ARGS__)
#define LIVE_EXPECT(holds, ...)		 LIVE_EXPECT_AT(__LINE__, (holds), __VA_ARGS__)

/* Exit statuses a child uses for its own set-up failures, chosen apart from
 * the shim's 125 and the shell's 126 and 127. */
#define LIVE_EXIT_PREPARE_FAILED 120 /* live_command.prepare returned nonzero */
#define LIVE_EXIT_EXEC_FAILED	 121 /* execve itself failed */

/* Deadline for one child, in seconds. */
#define LIVE_TIMEOUT 20

/* How a child ended. */
struct live_status {
	bool exited;	/* it called exit: CODE holds the status */
	int code;	/* exit status when EXITED */
	int signal;	/* the signal that killed it, when not EXITED */
	bool timed_out; /* it missed its deadline and was killed */
};

bool live_exited_with(struct live_status status, int code);
bool live_killed_by(struct live_status status, int signal);
/* "exit 0", "signal 31 (Bad system call)", "timed out"… */
const char *live_describe(struct live_status status, char *buffer, size_t size);

/* Runs BODY(CONTEXT) in a forked child that exits with what BODY returns.
 * The child has LIVE_TIMEOUT seconds (an alarm survives any filter). */
struct live_status live_fork(int (*body)(void *context), void *context);

/* Which of the standard descriptors the child closes before execve. */
#define LIVE_CLOSE_STDIN  1u
#define LIVE_CLOSE_STDOUT 2u
#define LIVE_CLOSE_STDERR 4u

struct live_command {
	const char *const *argv; /* argv[0] is the path executed, never searched */
	char *const *env;	 /* the whole environment (see live_env) */
	const char *cwd;	 /* or NULL: the runner's */
	unsigned close;		 /* LIVE_CLOSE_* */
	/* Runs in the child just before execve, after its descriptors are set
	 * up (stdin /dev/null, stdout and stderr pipes, nothing else open).
	 * Nonzero: the child exits LIVE_EXIT_PREPARE_FAILED. */
	int (*prepare)(void *context);
	void *context;
};

/* What a program printed and how it ended.  OUT and ERR are NUL-terminated
 * and never NULL after live_run. */
struct live_output {
	struct live_status status;
	char *out;
	char *err;
};

/* Runs COMMAND and collects its output.  Returns 0, or -1 when the child
 * could not be started (recorded as a CUnit failure). */
int live_run(const struct live_command *command, struct live_output *output);
void live_output_free(struct live_output *output);

/* An environment built from nothing: PATH=/usr/bin:/bin, LC_ALL=C and
 * PRESEAL_CACHE=off, plus what the test sets.  ITEMS ends with NULL, ready for execve. */
#define LIVE_ENV_MAX 32
struct live_env {
	char *items[LIVE_ENV_MAX + 1];
	size_t count;
};

void live_env_init(struct live_env *env);
/* Sets NAME to the formatted value, replacing an earlier one. */
void live_env_set(struct live_env *env, const char *name, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
void live_env_unset(struct live_env *env, const char *name);
/* LD_PRELOAD=<build>/libpreseal.so.  Returns -1 after test_skip when the
 * library was not built. */
int live_env_preload(struct live_env *env);
void live_env_free(struct live_env *env);

/* Runs build/preseal with ARGS (NULL-terminated, at most 30) in ENV, or in
 * a plain environment (live_env_init) when ENV is NULL. */
int live_run_preseal(const char *const *args, struct live_env *env, struct live_output *output);

/* The absolute build folder: PRESEAL_BUILD, else ./build.  NULL (after
 * test_skip) when neither holds libpreseal.so. */
const char *live_build_dir(void);
/* <build>/RELATIVE into BUFFER; -1 after test_skip when it does not exist
 * ("tests/door": run `make test`, which builds the test programs). */
int live_build_path(const char *relative, char *buffer, size_t size);

/* A new private folder under /tmp, mode 0755 so that a child that dropped
 * to another user can still read what the test writes there.  -1 (recorded
 * as a CUnit failure) when it cannot be made. */
int live_temp_dir(char *buffer, size_t size);
/* Removes PATH and everything below it. */
void live_remove_tree(const char *path);
/* Writes TEXT to DIR/NAME with exactly MODE; the path goes to BUFFER. */
int live_write_file(const char *dir, const char *name, const char *text, mode_t mode, char *buffer,
		    size_t size);
bool live_path_exists(const char *path);

/* The number after "FIELD:" in TEXT, a /proc/PID/status, or -1. */
long live_status_field(const char *text, const char *field);

/* Reads policy TEXT and compiles it with PROBE_TOKEN (0: no probe rule).
 * Returns 0, or -1 with the diagnostics recorded as a CUnit failure.  The
 * caller frees both with policy_free() and filter_free(). */
int live_compile(const char *text, uint64_t probe_token, struct policy **policy,
		 struct filter *filter);

/* FIELD of the runner's own /proc/self/status ("Seccomp_filters",
 * "NoNewPrivs"), or -1.  The runner may itself run confined (a container's
 * filter, no_new_privs set by its parent): counts are checked relative to it. */
long live_runner_field(const char *field);

/* True when the runner itself is under no seccomp filter: only then does
 * an unconfined control run show what the kernel does without one. */
bool live_runner_unconfined(void);

#endif
