/* test_usage: the `preseal` command as Debian's conventions want it, and
 * `preseal status` agreeing with the kernel.
 *
 * Long options beside short ones, help for every verb with every option,
 * one-line usage errors with status 2, "-" for standard input and output,
 * plain ASCII under the C locale, `profiles`, explain's "did you mean",
 * one rule for policy names and paths, and bash completion.  The status
 * tests start a process in each state (the baseline, a policy file, none,
 * a forged marker) and hold what status says against /proc and the
 * filters.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "harness.h"
#include "live.h"
#include "policy.h"
#include "stack.h"

static char temp[256];

/* build/preseal with ARGS (at most 16) in the working folder CWD (or the
 * runner's), in ENV (or a plain one). */
static int preseal_in(const char *cwd, const char *const *args, struct live_env *env,
		      struct live_output *output)
{
	char preseal[4096];
	const char *argv[20];
	struct live_env plain;
	size_t count = 0;
	int result;

	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0)
		return -1;
	argv[count++] = preseal;
	for (; args[count - 1] && count < 19; count++)
		argv[count] = args[count - 1];
	argv[count] = NULL;
	live_env_init(&plain);
	struct live_command command = { .argv = argv,
					.env = env ? env->items : plain.items,
					.cwd = cwd };

	result = live_run(&command, output);
	live_env_free(&plain);
	return result;
}

/* sh -c SCRIPT with $P the preseal command and $R the repository root. */
static int shell(const char *script, struct live_output *output)
{
	char preseal[4096], root[4096];
	struct live_env env;
	int result;

	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0 || !getcwd(root, sizeof(root)))
		return -1;
	live_env_init(&env);
	live_env_set(&env, "P", "%s", preseal);
	live_env_set(&env, "R", "%s", root);
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	struct live_command command = { .argv = argv, .env = env.items };

	result = live_run(&command, output);
	live_env_free(&env);
	return result;
}

static bool ascii(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text >= 0x80)
			return false;
	return true;
}

static size_t lines(const char *text)
{
	size_t count = 0;

	for (; *text; text++)
		count += *text == '\n';
	return count;
}

static const char *const all_verbs[] = { "run",	   "learn",  "check",  "compile",  "explain",
					 "groups", "import", "export", "profiles", "status" };

/* ---- help, options, exit codes ------------------------------------------ */

static void every_verb_has_help_naming_each_option(void)
{
	static const char *const wanted[][4] = {
		{ "--policy", "--complain", NULL },
		{ "--output", "--policy", NULL },
		{ "--quiet", "--strict", NULL },
		{ "--output", "--format", NULL },
		{ "--arch", NULL },
		{ "--help", NULL },
		{ "--output", "--caps", "--arch", "--kernel" },
		{ "--output", NULL },
		{ "--help", NULL },
		{ "--all", NULL },
	};

	for (size_t v = 0; v < sizeof(all_verbs) / sizeof(all_verbs[0]); v++) {
		const char *dashed[] = { all_verbs[v], "--help", NULL };
		const char *help[] = { "help", all_verbs[v], NULL };
		struct live_output output, again;
		char usage[64];

		snprintf(usage, sizeof(usage), "usage: preseal %s ", all_verbs[v]);
		if (preseal_in(NULL, dashed, NULL, &output) < 0)
			return;
		LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.out, usage) &&
				    strstr(output.out, "-h, --help"),
			    "%s --help: %s", all_verbs[v], output.out);
		for (size_t o = 0; o < 4 && wanted[v][o]; o++)
			LIVE_EXPECT(strstr(output.out, wanted[v][o]) != NULL,
				    "%s --help lacks %s: %s", all_verbs[v], wanted[v][o],
				    output.out);
		if (preseal_in(NULL, help, NULL, &again) == 0) {
			LIVE_EXPECT(live_exited_with(again.status, 0) &&
					    strcmp(again.out, output.out) == 0,
				    "help %s: %s", all_verbs[v], again.out);
			live_output_free(&again);
		}
		live_output_free(&output);
	}
}

static void unknown_verbs_and_options_exit_2_with_one_line(void)
{
	const char *const cases[][4] = {
		{ "frobnicate", NULL },		{ "check", "--frobnicate", "baseline", NULL },
		{ "run", "-Z", "--", NULL },	{ "compile", "--output", NULL },
		{ "--frobnicate", NULL },	{ "status", "--all=yes", NULL },
		{ "help", "frobnicate", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct live_output output;

		if (preseal_in(NULL, cases[i], NULL, &output) < 0)
			return;
		LIVE_EXPECT(live_exited_with(output.status, 2) && lines(output.err) == 1 &&
				    output.out[0] == '\0',
			    "case %zu (%s %s): err %s", i, cases[i][0],
			    cases[i][1] ? cases[i][1] : "", output.err);
		live_output_free(&output);
	}
}

static void version_is_printed_with_exit_0(void)
{
	const char *args[] = { "--version", NULL };
	struct live_output output;

	if (preseal_in(NULL, args, NULL, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 0) &&
			    strcmp(output.out, "preseal " PRESEAL_VERSION "\n") == 0,
		    "out %s", output.out);
	live_output_free(&output);
}

static void long_options_and_attached_values_are_accepted(void)
{
	const char *quiet[] = { "check", "--quiet", "--strict", "stdio", NULL };
	const char *attached[] = { "run", "-pstdio", "--", "/bin/true", NULL };
	const char *equals[] = { "run", "--policy=stdio", "/bin/true", NULL };
	const char *format[] = { "compile", "baseline", "--output=-", "--format=pfc", NULL };
	const char *bundled[] = { "check", "-qs", "coreutils", NULL };
	struct live_output output;

	if (preseal_in(NULL, quiet, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && output.out[0] == '\0',
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	if (preseal_in(NULL, attached, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "err %s", output.err);
		live_output_free(&output);
	}
	if (preseal_in(NULL, equals, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "err %s", output.err);
		live_output_free(&output);
	}
	if (preseal_in(NULL, format, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.out, "# filter"),
			    "out %.200s err %s", output.out, output.err);
		live_output_free(&output);
	}
	if (preseal_in(NULL, bundled, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && output.out[0] == '\0', "err %s",
			    output.err);
		live_output_free(&output);
	}
}

static void check_dash_reads_standard_input(void)
{
	struct live_output output;

	if (shell("printf 'allow = [ \"read\" ];\\n' | \"$P\" check -; echo \"status $?\";"
		  "printf 'allow = [ \"raed\" ];\\n' | \"$P\" check -; echo \"status $?\"",
		  &output) < 0)
		return;
	LIVE_EXPECT(strstr(output.out, "-: ok") && strstr(output.out, "status 0\nstatus 1") &&
			    strstr(output.err, "<stdin>:1:") && strstr(output.err, "'read'"),
		    "out %s err %s", output.out, output.err);
	live_output_free(&output);
}

static void output_dash_is_standard_output_for_every_verb_that_writes(void)
{
	struct live_output output;

	if (shell("\"$P\" learn -o - -- /bin/true | grep -c '^default_action';"
		  "\"$P\" export baseline -o - | grep -c '\"defaultAction\"';"
		  "\"$P\" export baseline -o - > /tmp/preseal-usage-$$.json;"
		  "\"$P\" import /tmp/preseal-usage-$$.json -o - | grep -c '^default_action';"
		  "rm -f /tmp/preseal-usage-$$.json;"
		  "\"$P\" compile baseline -o - | wc -c | grep -vcx 0",
		  &output) < 0)
		return;
	LIVE_EXPECT(strcmp(output.out, "1\n1\n1\n1\n") == 0, "out %s err %s", output.out,
		    output.err);
	live_output_free(&output);
}

/* Every message a user meets: the helps, errors of check and explain. */
static void output_is_ascii_under_the_c_locale(void)
{
	struct live_output output;

	if (shell("export LC_ALL=C; \"$P\" --help; \"$P\" help; for v in $(\"$P\" __complete "
		  "verbs); do \"$P\" \"$v\" --help; done;"
		  "printf 'allow = [ \"raed\", @nope ];\\nfoo = 1;\\n' | \"$P\" check -;"
		  "printf 'allow = ( 1 );\\n' | \"$P\" check -;"
		  "printf "
		  "'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
		  "kkkkkkkkkkkkkkkkkkkk = 1;\\n' | \"$P\" check -;"
		  "\"$P\" explain baseline getpdi; \"$P\" explain; \"$P\" run; \"$P\" learn;"
		  "\"$P\" profiles; \"$P\" status $$; \"$P\" groups; \"$P\" frob; true",
		  &output) < 0)
		return;
	LIVE_EXPECT(ascii(output.out) && ascii(output.err), "out %s\nerr %s", output.out,
		    output.err);
	LIVE_EXPECT(strstr(output.out, "usage: preseal status") != NULL, "out %.300s", output.out);
	live_output_free(&output);
}

static void profiles_lists_each_profile_with_its_description(void)
{
	const char *args[] = { "profiles", NULL };
	struct live_output output;

	if (preseal_in(NULL, args, NULL, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 0), "err %s", output.err);
	LIVE_EXPECT(strstr(output.out, "baseline       preseal's built-in default: quick per-run "
				       "hardening.") &&
			    strstr(output.out, "nginx          Debian's nginx serving files") &&
			    strstr(output.out, "stdio          a pure computation"),
		    "out %s", output.out);
	live_output_free(&output);
}

static void explain_suggests_the_closest_syscall(void)
{
	const char *args[] = { "explain", "baseline", "getpdi", NULL };
	struct live_output output;

	if (preseal_in(NULL, args, NULL, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 2) &&
			    strstr(output.err, "(did you mean 'getpid'?)"),
		    "err %s", output.err);
	live_output_free(&output);
}

/* ---- one rule for names and paths ---------------------------------------- */

static void p_name_is_a_profile_beside_a_folder_of_that_name(void)
{
	const char *args[] = { "run", "-p", "stdio", "--", "/bin/true", NULL };
	char folder[512];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	snprintf(folder, sizeof(folder), "%s/stdio", temp);
	mkdir(folder, 0755);
	if (preseal_in(temp, args, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "err %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void p_name_beside_a_file_of_that_name_hints_at_the_file(void)
{
	const char *profile[] = { "run", "-p", "stdio", "--", "/bin/true", NULL };
	const char *unknown[] = { "check", "app.cfg", NULL };
	const char *path[] = { "check", "./app.cfg", NULL };
	char file[512];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "stdio", "default_action = \"kill_process\";\n", 0644, file,
			sizeof(file));
	live_write_file(temp, "app.cfg", "allow = [ \"read\" ];\n", 0644, file, sizeof(file));
	if (preseal_in(temp, profile, NULL, &output) == 0) {
		/* The profile, not the file that would kill /bin/true. */
		LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.err, "use ./stdio"),
			    "err %s", output.err);
		live_output_free(&output);
	}
	if (preseal_in(temp, unknown, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1) &&
				    strstr(output.err, "use ./app.cfg"),
			    "err %s", output.err);
		live_output_free(&output);
	}
	if (preseal_in(temp, path, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "err %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* ---- bash completion ---------------------------------------------------- */

static void bash_completion_offers_verbs_options_profiles_groups_syscalls(void)
{
	struct live_output output;

	if (access("/bin/bash", X_OK) != 0) {
		test_skip("no /bin/bash");
		return;
	}
	if (shell("exec /bin/bash -c '"
		  "PATH=$(dirname \"$P\"):$PATH; . \"$R/scripts/completion/preseal\";"
		  "complete -p preseal;"
		  "try() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=();"
		  " _preseal; echo \"${COMPREPLY[*]}\"; };"
		  "try preseal ch; try preseal compile --fo; try preseal run -p ngi;"
		  "try preseal groups @netw; try preseal explain baseline getpi;"
		  "try preseal groups @mou; try preseal status --a'",
		  &output) < 0)
		return;
	LIVE_EXPECT(strcmp(output.out, "complete -F _preseal preseal\ncheck\n--format\nnginx\n"
				       "@network-io\ngetpid\n@mount\n--all\n") == 0,
		    "out %s err %s", output.out, output.err);
	live_output_free(&output);
}

/* ---- status ------------------------------------------------------------- */

/* Starts sleep with ENV and waits until it runs sleep (and, when CONFINED,
 * has its filter).  Returns its pid, or -1. */
static pid_t start_sleeper(struct live_env *env, bool confined, const char *program)
{
	const char *argv[] = { program, "30", NULL };
	pid_t pid = fork();

	if (pid == 0) {
		execve(program, (char *const *)argv, env->items);
		_exit(127);
	}
	for (int i = 0; pid > 0 && i < 200; i++) {
		char path[64], exe[256] = "", status[4096] = "";
		ssize_t got;
		FILE *file;

		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		got = readlink(path, exe, sizeof(exe) - 1);
		exe[got > 0 ? got : 0] = '\0';
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
		file = fopen(path, "re");
		if (file) {
			status[fread(status, 1, sizeof(status) - 1, file)] = '\0';
			fclose(file);
		}
		if (strstr(exe, "sleep") &&
		    (!confined || live_status_field(status, "Seccomp") == 2))
			return pid;
		usleep(20000);
	}
	CU_FAIL("the sleeper did not start");
	return -1;
}

static void stop_sleeper(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

static int status_of(pid_t pid, struct live_output *output)
{
	char number[16];
	const char *args[] = { "status", number, NULL };

	snprintf(number, sizeof(number), "%d", (int)pid);
	return preseal_in(NULL, args, NULL, output);
}

static void status_confirms_the_baseline_from_the_kernel(void)
{
	struct live_env env;
	struct live_output output;
	pid_t pid;

	live_env_init(&env);
	if (live_env_preload(&env) < 0) {
		live_env_free(&env);
		return;
	}
	pid = start_sleeper(&env, true, "/bin/sleep");
	if (pid > 0 && status_of(pid, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "err %s", output.err);
		LIVE_EXPECT(
			strstr(output.out, "seccomp:    filter mode, 1 filter, no_new_privs on") &&
				strstr(output.out, "policy:     built-in baseline, mode enforce") &&
				strstr(output.out, "verdict:    confirmed: filter 0 answers"),
			"out %s", output.out);
		live_output_free(&output);
	}
	stop_sleeper(pid);
	live_env_free(&env);
}

static void status_confirms_a_policy_file_and_its_reports(void)
{
	struct live_env env;
	struct live_output output;
	char policy[512], expected[600];
	pid_t pid;

	live_env_init(&env);
	if (live_env_preload(&env) < 0 || live_temp_dir(temp, sizeof(temp)) < 0) {
		live_env_free(&env);
		return;
	}
	live_write_file(
		temp, "p.cfg",
		"default_action = \"kill_process\";\nallow = [ \"@default\", \"@basic-io\", "
		"\"@file-system\", \"@process\", \"@signal\", \"@timer\", \"@io-event\", "
		"\"@system-service\" ];\n",
		0644, policy, sizeof(policy));
	live_env_set(&env, "PRESEAL_POLICY", "%s", policy);
	live_env_set(&env, "PRESEAL_REPORT", "kills");
	pid = start_sleeper(&env, true, "/bin/sleep");
	snprintf(expected, sizeof(expected), "policy:     the file %s, mode enforce, reports on",
		 policy);
	if (pid > 0 && status_of(pid, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, expected) && strstr(output.out, ", reports kills") &&
				    strstr(output.out, "verdict:    confirmed"),
			    "out %s", output.out);
		live_output_free(&output);
	}
	stop_sleeper(pid);
	live_remove_tree(temp);
	live_env_free(&env);
}

static void status_says_an_unconfined_process_is_not_confined(void)
{
	struct live_env env;
	struct live_output output;
	pid_t pid;

	live_env_init(&env);
	pid = start_sleeper(&env, false, "/bin/sleep");
	if (pid > 0 && status_of(pid, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "seccomp:    off (not confined), 0 filters") &&
				    strstr(output.out, "verdict:    not confined\n"),
			    "out %s", output.out);
		live_output_free(&output);
	}
	stop_sleeper(pid);
	live_env_free(&env);
}

/* A marker and a policy name in the environment that no filter answers:
 * unconfined, and confined by the baseline while claiming nginx. */
static void status_does_not_believe_a_forged_marker(void)
{
	struct live_env env;
	struct live_output output;
	char script[4096];
	pid_t pid;

	live_env_init(&env);
	live_env_set(&env, "PRESEAL_POLICY", "nginx");
	live_env_set(&env, "PRESEAL_FILTER", "0123456789abcdef");
	pid = start_sleeper(&env, false, "/bin/sleep");
	if (pid > 0 && status_of(pid, &output) == 0) {
		LIVE_EXPECT(
			strstr(output.out, "off (not confined)") &&
				strstr(output.out, "marker:     PRESEAL_FILTER=0123456789abcdef") &&
				strstr(output.out, "claim what the kernel denies"),
			"out %s", output.out);
		live_output_free(&output);
	}
	stop_sleeper(pid);
	live_env_free(&env);
	/* The baseline's filter, then an exec without the shim that claims
	 * nginx. */
	live_env_init(&env);
	if (live_env_preload(&env) < 0) {
		live_env_free(&env);
		return;
	}
	snprintf(script, sizeof(script),
		 "exec /usr/bin/env -u LD_PRELOAD PRESEAL_POLICY=nginx PRESEAL_FILTER=%s "
		 "/bin/sleep 30",
		 "0123456789abcdef");
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	pid = fork();
	if (pid == 0) {
		execve("/bin/sh", (char *const *)argv, env.items);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		char path[64], exe[256] = "";
		ssize_t got;

		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		got = readlink(path, exe, sizeof(exe) - 1);
		exe[got > 0 ? got : 0] = '\0';
		if (strstr(exe, "sleep"))
			break;
		usleep(20000);
	}
	if (status_of(pid, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "filter mode, 1 filter") &&
				    strstr(output.out, "the profile nginx") &&
				    strstr(output.out, "not the policy the environment names"),
			    "out %s", output.out);
		LIVE_EXPECT(strstr(output.out, "confirmed:") == NULL, "out %s", output.out);
		live_output_free(&output);
	}
	stop_sleeper(pid);
	live_env_free(&env);
}

/* Without CAP_SYS_ADMIN the filters cannot be read: status says so and
 * confirms nothing, whatever the environment claims. */
static void status_without_cap_sys_admin_confirms_nothing(void)
{
	char shim[4096], script[8192];
	struct live_output output;

	if (live_build_path("libpreseal.so", shim, sizeof(shim)) < 0)
		return;
	if (access("/usr/sbin/runuser", X_OK) != 0) {
		test_skip("no runuser");
		return;
	}
	snprintf(script, sizeof(script),
		 "exec /usr/sbin/runuser -u nobody -- /bin/sh -c '"
		 "LD_PRELOAD=%s PRESEAL_CACHE=off /bin/sleep 30 & pid=$!; sleep 0.5; "
		 "\"$P\" status $pid; kill $pid'",
		 shim);
	if (shell(script, &output) < 0)
		return;
	LIVE_EXPECT(strstr(output.out, "filter mode, 1 filter") &&
			    strstr(output.out, "filters:    not read") &&
			    strstr(output.out, "which policy cannot be confirmed") &&
			    !strstr(output.out, "confirmed:"),
		    "out %s err %s", output.out, output.err);
	live_output_free(&output);
}

/* --all in a PID namespace of its own, where only this test's processes
 * are visible (and no other process is stopped to read its filters). */
static void status_all_lists_every_confined_process(void)
{
	char shim[4096], script[8192];
	struct live_output output;

	if (live_build_path("libpreseal.so", shim, sizeof(shim)) < 0)
		return;
	if (access("/usr/bin/unshare", X_OK) != 0) {
		test_skip("no unshare");
		return;
	}
	snprintf(script, sizeof(script),
		 "exec /usr/bin/unshare --pid --fork --mount-proc /bin/sh -c '"
		 "LD_PRELOAD=%s /bin/sleep 30 & sleep 30 & sleep 0.5; \"$P\" status --all; "
		 "kill %%1 %%2'",
		 shim);
	if (shell(script, &output) < 0)
		return;
	if (strstr(output.err, "unshare failed") || strstr(output.err, "Operation not permitted")) {
		test_skip("no PID namespaces here");
	} else {
		LIVE_EXPECT(strstr(output.out, "(sleep)") && strstr(output.out, "confirmed") &&
				    strstr(output.out, "not confined") == NULL,
			    "out %s err %s", output.out, output.err);
	}
	live_output_free(&output);
}

/* ---- combining policies -------------------------------------------------- */

static const char *const layer_texts[] = {
	/* errno(EPERM) by default; socket only for AF_UNIX; kills ptrace */
	"default_action = \"errno(EPERM)\";\nallow = [ \"read\", \"write\", \"getpid\", "
	"\"mkdir\", \"kill\" ];\nrules = ( { syscall = \"socket\"; action = \"allow\"; "
	"args = ( { index = 0; op = \"eq\"; value = \"AF_UNIX\"; } ); } );\n"
	"deny = [ \"ptrace\" ];\ndeny_action = \"kill_process\";\n",
	/* allows by default; refuses mkdir with EACCES, socket unless AF_INET */
	"default_action = \"allow\";\ndeny = [ \"mkdir\", \"getppid\" ];\n"
	"deny_action = \"errno(EACCES)\";\nrules = ( { syscall = \"socket\"; action = "
	"\"errno(EAFNOSUPPORT)\"; args = ( { index = 0; op = \"ne\"; value = \"AF_INET\"; } ); } "
	");\n",
	/* kills kill, traps getpid */
	"default_action = \"allow\";\nrules = ( { syscall = \"kill\"; action = "
	"\"kill_process\"; }, { syscall = \"getpid\"; action = \"trap\"; } );\n",
};

/* For every syscall number and a few first arguments, the stacked program
 * answers what the layers answer combined as the kernel combines them. */
static void stacked_filter_answers_the_most_restrictive_of_its_layers(void)
{
	struct filter layers[3] = { 0 }, stacked;
	struct policy *policies[3] = { NULL };
	struct diag_list diags = { 0 };
	size_t count = 0;

	for (; count < 3; count++)
		if (live_compile(layer_texts[count], 0, &policies[count], &layers[count]) < 0)
			goto out;
	for (size_t n = 1; n <= 3; n++) {
		if (filter_stack(layers, n, BPF_MAXINSNS, &stacked, &diags) < 0) {
			CU_FAIL("filter_stack failed");
			break;
		}
		for (uint32_t nr = 0; nr < 500; nr++) {
			for (uint64_t arg = 0; arg < 12; arg++) {
				struct seccomp_data data = { .nr = (int)nr,
							     .arch = PRESEAL_NATIVE_ARCH,
							     .args = { arg } };
				uint32_t expected = SECCOMP_RET_ALLOW, got;

				for (size_t l = 0; l < n; l++)
					expected = stack_stronger(expected,
								  bpf_run(layers[l].program,
									  layers[l].length, &data));
				got = bpf_run(stacked.program, stacked.length, &data);
				if (got != expected) {
					LIVE_EXPECT(got == expected,
						    "%zu layers, nr %u arg %llu: %#x, expected %#x",
						    n, nr, (unsigned long long)arg, got, expected);
					nr = 500;
					break;
				}
			}
		}
		filter_free(&stacked);
	}
out:
	for (size_t i = 0; i < count && i < 3; i++) {
		filter_free(&layers[i]);
		policy_free(policies[i]);
	}
	diag_free(&diags);
}

/* sh -c SCRIPT with the shim and PRESEAL_POLICY=POLICY, or through
 * `preseal run ARGS... -- sh -c SCRIPT` when ARGS is given. */
static int confined_shell(const char *policy, const char *const *run_args, const char *script,
			  struct live_output *output)
{
	struct live_env env;
	int result = -1;

	live_env_init(&env);
	if (run_args) {
		const char *args[16];
		size_t count = 0;

		for (; run_args[count] && count < 10; count++)
			args[count] = run_args[count];
		args[count++] = "--";
		args[count++] = "/bin/sh";
		args[count++] = "-c";
		args[count++] = script;
		args[count] = NULL;
		result = preseal_in(NULL, args, &env, output);
	} else if (live_env_preload(&env) == 0) {
		const char *argv[] = { "/bin/sh", "-c", script, NULL };
		struct live_command command = { .argv = argv, .env = env.items };

		live_env_set(&env, "PRESEAL_POLICY", "%s", policy);
		result = live_run(&command, output);
	}
	live_env_free(&env);
	return result;
}

static const char deny_mkdir[] = "default_action = \"allow\";\ndeny = [ \"mkdir\", "
				 "\"mkdirat\" ];\ndeny_action = \"errno(EROFS)\";\n";
static const char deny_unlink[] = "default_action = \"allow\";\ndeny = [ \"unlink\", "
				  "\"unlinkat\" ];\ndeny_action = \"errno(EACCES)\";\n";
static const char kill_mkdir[] = "default_action = \"allow\";\ndeny = [ \"mkdir\", "
				 "\"mkdirat\" ];\ndeny_action = \"kill_process\";\n";

static const char both_script[] = "mkdir \"$0/d\" 2>&1; touch \"$0/f\"; rm \"$0/f\" 2>&1; "
				  "grep Seccomp_filters /proc/self/status";

static void shim_stacks_every_policy_of_a_list(void)
{
	char a[512], b[512], list[1100], script[1024];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "a.cfg", deny_mkdir, 0644, a, sizeof(a));
	live_write_file(temp, "b.cfg", deny_unlink, 0644, b, sizeof(b));
	snprintf(list, sizeof(list), "%s:%s", a, b);
	snprintf(script, sizeof(script), "exec /bin/sh -c '%s' %s", both_script, temp);
	if (confined_shell(list, NULL, script, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "Read-only file system") &&
				    strstr(output.out, "Permission denied") &&
				    live_status_field(output.out, "Seccomp_filters") ==
					    live_runner_field("Seccomp_filters") + 1,
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* errno in one, kill in the other: the kill wins, whichever comes first. */
static void shim_list_gives_the_most_restrictive_answer(void)
{
	char a[512], b[512], list[1100], script[600];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "a.cfg", deny_mkdir, 0644, a, sizeof(a));
	live_write_file(temp, "b.cfg", kill_mkdir, 0644, b, sizeof(b));
	snprintf(list, sizeof(list), "%s:%s", a, b);
	snprintf(script, sizeof(script), "exec /bin/mkdir %s/d", temp);
	if (confined_shell(list, NULL, script, &output) == 0) {
		LIVE_EXPECT(live_killed_by(output.status, SIGSYS), "err %s", output.err);
		live_output_free(&output);
	}
	snprintf(list, sizeof(list), "%s:%s", b, a);
	if (confined_shell(list, NULL, script, &output) == 0) {
		LIVE_EXPECT(live_killed_by(output.status, SIGSYS), "err %s", output.err);
		live_output_free(&output);
	}
	LIVE_EXPECT(!live_path_exists(script + 16), "%s was made", script + 16);
	live_remove_tree(temp);
}

static void shim_refuses_a_list_with_an_empty_or_unknown_entry(void)
{
	const char *const lists[] = { "baseline::stdio", "baseline:no-such-profile",
				      "baseline:", ":stdio", "deny=\"x" };

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct live_output output;

		if (confined_shell(lists[i], NULL, "echo ran", &output) < 0)
			return;
		LIVE_EXPECT(live_exited_with(output.status, 125) && output.out[0] == '\0' &&
				    lines(output.err) == 1 &&
				    strncmp(output.err, "preseal: ", 9) == 0,
			    "%s: out %s err %s", lists[i], output.out, output.err);
		live_output_free(&output);
	}
}

static void run_p_twice_applies_both_policies(void)
{
	char a[512], b[512], script[1024];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "a.cfg", deny_mkdir, 0644, a, sizeof(a));
	live_write_file(temp, "b.cfg", deny_unlink, 0644, b, sizeof(b));
	snprintf(script, sizeof(script), "exec /bin/sh -c '%s' %s", both_script, temp);
	const char *args[] = { "run", "-p", a, "--policy", b, NULL };

	if (confined_shell(NULL, args, script, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    strstr(output.out, "Read-only file system") &&
				    strstr(output.out, "Permission denied"),
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* -p A:B is the list PRESEAL_POLICY=A:B, and check checks each policy. */
static void p_and_check_take_a_list_as_the_shim_does(void)
{
	char a[512], b[512], list[1100], script[1024];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "a.cfg", deny_mkdir, 0644, a, sizeof(a));
	live_write_file(temp, "b.cfg", deny_unlink, 0644, b, sizeof(b));
	snprintf(list, sizeof(list), "%s:%s", a, b);
	snprintf(script, sizeof(script), "exec /bin/sh -c '%s' %s", both_script, temp);
	const char *args[] = { "run", "-p", list, NULL };
	const char *check[] = { "check", list, NULL };
	const char *empty[] = { "check", "stdio::baseline", NULL };

	if (confined_shell(NULL, args, script, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "Read-only file system") &&
				    strstr(output.out, "Permission denied"),
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	if (preseal_in(NULL, check, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && lines(output.out) == 2 &&
				    strstr(output.out, "a.cfg: ok") &&
				    strstr(output.out, "b.cfg: ok"),
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	if (preseal_in(NULL, empty, NULL, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1) && lines(output.err) == 1,
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void run_deny_refuses_a_group_on_top_of_the_policy(void)
{
	const char *args[] = { "run", "-p", "baseline", "--deny", "@network-io", NULL };
	const char *unknown[] = { "run", "--deny", "no-such-call", NULL };
	struct live_output output;

	if (access("/usr/bin/python3", X_OK) != 0) {
		test_skip("no python3");
		return;
	}
	if (confined_shell(NULL, args,
			   "exec python3 -c 'import socket\ntry:\n socket.socket()\n"
			   "except PermissionError as e: print(\"refused\", e.errno)'",
			   &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.out, "refused 1"),
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	if (confined_shell(NULL, unknown, "echo ran", &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 125) && !strstr(output.out, "ran") &&
				    strstr(output.err, "deny=no-such-call:") &&
				    strstr(output.err, "'no-such-call'"),
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
}

static void status_confirms_a_stacked_list(void)
{
	struct live_env env;
	struct live_output output;
	pid_t pid;

	live_env_init(&env);
	if (live_env_preload(&env) < 0) {
		live_env_free(&env);
		return;
	}
	live_env_set(&env, "PRESEAL_POLICY", "baseline:deny=@network-io");
	pid = start_sleeper(&env, true, "/bin/sleep");
	if (pid > 0 && status_of(pid, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "the profile baseline:deny=@network-io") ||
				    strstr(output.out, "policies baseline:deny=@network-io"),
			    "out %s", output.out);
		LIVE_EXPECT(strstr(output.out, "verdict:    confirmed"), "out %s", output.out);
		live_output_free(&output);
	}
	stop_sleeper(pid);
	live_env_free(&env);
}

static const struct test_case cases[] = {
	{ "shim_stacks_every_policy_of_a_list", shim_stacks_every_policy_of_a_list },
	{ "shim_list_gives_the_most_restrictive_answer",
	  shim_list_gives_the_most_restrictive_answer },
	{ "shim_refuses_a_list_with_an_empty_or_unknown_entry",
	  shim_refuses_a_list_with_an_empty_or_unknown_entry },
	{ "run_p_twice_applies_both_policies", run_p_twice_applies_both_policies },
	{ "p_and_check_take_a_list_as_the_shim_does", p_and_check_take_a_list_as_the_shim_does },
	{ "run_deny_refuses_a_group_on_top_of_the_policy",
	  run_deny_refuses_a_group_on_top_of_the_policy },
	{ "status_confirms_a_stacked_list", status_confirms_a_stacked_list },
	{ "stacked_filter_answers_the_most_restrictive_of_its_layers",
	  stacked_filter_answers_the_most_restrictive_of_its_layers },
	{ "every_verb_has_help_naming_each_option", every_verb_has_help_naming_each_option },
	{ "unknown_verbs_and_options_exit_2_with_one_line",
	  unknown_verbs_and_options_exit_2_with_one_line },
	{ "version_is_printed_with_exit_0", version_is_printed_with_exit_0 },
	{ "long_options_and_attached_values_are_accepted",
	  long_options_and_attached_values_are_accepted },
	{ "check_dash_reads_standard_input", check_dash_reads_standard_input },
	{ "output_dash_is_standard_output_for_every_verb_that_writes",
	  output_dash_is_standard_output_for_every_verb_that_writes },
	{ "output_is_ascii_under_the_c_locale", output_is_ascii_under_the_c_locale },
	{ "profiles_lists_each_profile_with_its_description",
	  profiles_lists_each_profile_with_its_description },
	{ "explain_suggests_the_closest_syscall", explain_suggests_the_closest_syscall },
	{ "p_name_is_a_profile_beside_a_folder_of_that_name",
	  p_name_is_a_profile_beside_a_folder_of_that_name },
	{ "p_name_beside_a_file_of_that_name_hints_at_the_file",
	  p_name_beside_a_file_of_that_name_hints_at_the_file },
	{ "bash_completion_offers_verbs_options_profiles_groups_syscalls",
	  bash_completion_offers_verbs_options_profiles_groups_syscalls },
	{ "status_confirms_the_baseline_from_the_kernel",
	  status_confirms_the_baseline_from_the_kernel },
	{ "status_confirms_a_policy_file_and_its_reports",
	  status_confirms_a_policy_file_and_its_reports },
	{ "status_says_an_unconfined_process_is_not_confined",
	  status_says_an_unconfined_process_is_not_confined },
	{ "status_does_not_believe_a_forged_marker", status_does_not_believe_a_forged_marker },
	{ "status_without_cap_sys_admin_confirms_nothing",
	  status_without_cap_sys_admin_confirms_nothing },
	{ "status_all_lists_every_confined_process", status_all_lists_every_confined_process },
	{ NULL, NULL },
};

const struct test_suite suite_usage = { "usage", cases };
