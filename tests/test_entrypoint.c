/* test_entrypoint: scripts/preseal-entrypoint, the container entrypoint.
 *
 * It runs the command confined (read back from the command's own
 * /proc/self/status) or refuses with one line and status 125: no policy,
 * a broken policy, no preseal, no shim.  A refused command must not run:
 * each would create a marker file.
 */
#include "harness.h"
#include "live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct entry_run {
	char dir[256];
	char entrypoint[4096];
	char marker[512];
	struct live_env env;
	struct live_output output;
	const char *cwd; /* for the next start, or NULL */
	bool ran;
};

static bool setup(struct entry_run *run)
{
	char preseal[4096];

	*run = (struct entry_run){ 0 };
	live_env_init(&run->env);
	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0 ||
	    live_temp_dir(run->dir, sizeof(run->dir)) < 0)
		return false;
	if (!getcwd(run->entrypoint, sizeof(run->entrypoint) - 40))
		return false;
	strcat(run->entrypoint, "/scripts/preseal-entrypoint");
	snprintf(run->marker, sizeof(run->marker), "%s/ran", run->dir);
	live_env_set(&run->env, "PRESEAL", "%s", preseal);
	live_env_set(&run->env, "PRESEAL_PATH", "%s", run->dir);
	return true;
}

static void teardown(struct entry_run *run)
{
	if (run->ran)
		live_output_free(&run->output);
	if (run->dir[0])
		live_remove_tree(run->dir);
	live_env_free(&run->env);
}

/* The entrypoint with ARGS (at most 8, NULL-terminated). */
static bool start(struct entry_run *run, const char *const *args)
{
	const char *argv[12] = { "/bin/sh", run->entrypoint };
	size_t count = 2;

	for (; *args && count < 11; args++)
		argv[count++] = *args;
	argv[count] = NULL;
	struct live_command command = { .argv = argv, .env = run->env.items, .cwd = run->cwd };

	if (run->ran)
		live_output_free(&run->output);
	run->ran = live_run(&command, &run->output) == 0;
	return run->ran;
}

static void expect_refused(struct entry_run *run, unsigned line, const char *message)
{
	LIVE_EXPECT_AT(line, live_exited_with(run->output.status, 125), "status; stderr [%s]",
		       run->output.err);
	LIVE_EXPECT_AT(line,
		       strncmp(run->output.err, "preseal-entrypoint: ", 20) == 0 &&
			       strstr(run->output.err, message) &&
			       strchr(run->output.err, '\n') ==
				       run->output.err + strlen(run->output.err) - 1,
		       "one line naming '%s': [%s]", message, run->output.err);
	LIVE_EXPECT_AT(line, !live_path_exists(run->marker), "the command ran: %s exists",
		       run->marker);
}

static void entrypoint_runs_the_command_confined_by_the_policy(void)
{
	struct entry_run run = { 0 };
	const char *args[] = { "-p", "read-only", "--", "/bin/cat", "/proc/self/status", NULL };

	if (setup(&run) && start(&run, args)) {
		LIVE_EXPECT(live_exited_with(run.output.status, 0), "status; stderr [%s]",
			    run.output.err);
		LIVE_EXPECT(live_status_field(run.output.out, "Seccomp") == 2 &&
				    live_status_field(run.output.out, "Seccomp_filters") ==
					    live_runner_field("Seccomp_filters") + 2 &&
				    live_status_field(run.output.out, "NoNewPrivs") == 1,
			    "the command's own status: [%s]", run.output.out);
	}
	teardown(&run);
}

static void entrypoint_takes_the_policy_from_preseal_policy(void)
{
	struct entry_run run = { 0 };
	const char *args[] = { "/usr/bin/touch", NULL, NULL };

	if (!setup(&run))
		goto out;
	args[1] = run.marker;
	live_env_set(&run.env, "PRESEAL_POLICY", "read-only");
	if (start(&run, args)) {
		/* read-only refuses to create the file: the policy applied. */
		LIVE_EXPECT(live_exited_with(run.output.status, 1) &&
				    strstr(run.output.err, "Operation not permitted"),
			    "touch under read-only: stderr [%s]", run.output.err);
		LIVE_EXPECT(!live_path_exists(run.marker), "%s was created", run.marker);
	}
out:
	teardown(&run);
}

/* A name without '/' is a profile, by the shim's rule: "own.cfg" in the
 * working folder is refused with a hint, and "./own.cfg" is that file. */
static void entrypoint_reads_a_policy_file_only_by_its_path(void)
{
	struct entry_run run = { 0 };
	char policy[512];
	const char *args[] = { "-p", "./own.cfg", "--", "/bin/mkdir", NULL, NULL };

	if (!setup(&run) ||
	    live_write_file(run.dir, "own.cfg",
			    "default_action = \"allow\";\ndeny = [ \"mkdir\", \"mkdirat\" ];\n"
			    "deny_action = \"errno(EROFS)\";\n",
			    0644, policy, sizeof(policy)) < 0)
		goto out;
	args[4] = run.marker;
	run.cwd = run.dir;
	if (start(&run, args)) {
		LIVE_EXPECT(live_exited_with(run.output.status, 1) &&
				    strstr(run.output.err, "Read-only file system"),
			    "mkdir under ./own.cfg: stderr [%s]", run.output.err);
		LIVE_EXPECT(!live_path_exists(run.marker), "%s was created", run.marker);
	}
	args[1] = "own.cfg";
	if (start(&run, args))
		expect_refused(&run, __LINE__, "use ./own.cfg");
out:
	teardown(&run);
}

static void entrypoint_help_describes_its_options(void)
{
	struct entry_run run = { 0 };
	const char *args[] = { "--help", NULL };

	if (setup(&run) && start(&run, args)) {
		LIVE_EXPECT(
			live_exited_with(run.output.status, 0) &&
				strstr(run.output.out, "usage: preseal-entrypoint [-p POLICY]") &&
				strstr(run.output.out, "-p, --policy POLICY") &&
				strstr(run.output.out, "-h, --help"),
			"out [%s] err [%s]", run.output.out, run.output.err);
		LIVE_EXPECT(!live_path_exists(run.marker), "ran");
	}
	teardown(&run);
}

static void entrypoint_refuses_without_a_policy(void)
{
	struct entry_run run = { 0 };
	const char *args[] = { "/usr/bin/touch", NULL, NULL };

	if (setup(&run)) {
		args[1] = run.marker;
		if (start(&run, args))
			expect_refused(&run, __LINE__, "no policy");
	}
	teardown(&run);
}

static void entrypoint_refuses_a_broken_policy(void)
{
	struct entry_run run = { 0 };
	char policy[512];
	const char *args[] = { "-p", policy, "/usr/bin/touch", NULL, NULL };

	if (setup(&run) && live_write_file(run.dir, "broken.cfg", "allow = [ \"opnat\" ];\n", 0644,
					   policy, sizeof(policy)) == 0) {
		args[3] = run.marker;
		if (start(&run, args))
			expect_refused(&run, __LINE__, "unknown syscall 'opnat'");
	}
	teardown(&run);
}

static void entrypoint_refuses_without_preseal(void)
{
	struct entry_run run = { 0 };
	const char *args[] = { "-p", "baseline", "/usr/bin/touch", NULL, NULL };

	if (setup(&run)) {
		args[3] = run.marker;
		live_env_set(&run.env, "PRESEAL", "%s/no-such-preseal", run.dir);
		if (start(&run, args))
			expect_refused(&run, __LINE__, "cannot find the preseal command");
	}
	teardown(&run);
}

/* preseal copied alone into a folder: it finds no libpreseal.so. */
static void entrypoint_refuses_when_the_shim_is_missing(void)
{
	struct entry_run run = { 0 };
	char source[4096], command[12288];
	const char *args[] = { "-p", "baseline", "/usr/bin/touch", NULL, NULL };

	if (access(PRESEAL_LIBDIR "/libpreseal.so", F_OK) == 0) {
		test_skip("a shim is installed in " PRESEAL_LIBDIR ": a lone preseal finds it");
		return;
	}
	if (!setup(&run) || live_build_path("preseal", source, sizeof(source)) < 0)
		goto out;
	snprintf(command, sizeof(command), "cp %s %s/preseal", source, run.dir);
	if (system(command) != 0)
		goto out;
	live_env_set(&run.env, "PRESEAL", "%s/preseal", run.dir);
	args[3] = run.marker;
	if (start(&run, args))
		expect_refused(&run, __LINE__, "cannot find libpreseal.so");
out:
	teardown(&run);
}

#define CASE(name)          \
	{                   \
#name, name \
	}

static const struct test_case cases[] = {
	CASE(entrypoint_runs_the_command_confined_by_the_policy),
	CASE(entrypoint_takes_the_policy_from_preseal_policy),
	CASE(entrypoint_reads_a_policy_file_only_by_its_path),
	CASE(entrypoint_help_describes_its_options),
	CASE(entrypoint_refuses_without_a_policy),
	CASE(entrypoint_refuses_a_broken_policy),
	CASE(entrypoint_refuses_without_preseal),
	CASE(entrypoint_refuses_when_the_shim_is_missing),
	{ NULL, NULL },
};

const struct test_suite suite_entrypoint = { "entrypoint", cases };
