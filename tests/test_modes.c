/* Learn, complain and reports, on real programs: a python3 script and an
 * sh pipeline are learned, then run under what was learned with the same
 * output, and killed (by name) when they do what they never did; complain
 * mode lets a denied mkdir happen and reports it, from the environment and
 * through `preseal run`.  The transforms behind them are checked against
 * the interpreter without loading anything. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bpf.h"
#include "harness.h"
#include "learn.h"
#include "live.h"
#include "monitor.h"
#include "report.h"
#include "transform.h"

/* A script with one path it takes during learning and three it does not. */
static const char script_text[] =
	"import json, os, sys\n"
	"folder = sys.argv[1]\n"
	"print(json.dumps({'sum': sum(range(100)), 'files': sorted(os.listdir(folder))}))\n"
	"what = sys.argv[2] if len(sys.argv) > 2 else ''\n"
	"if what == 'handler':\n"
	"    import signal\n"
	"    signal.signal(signal.SIGSYS, signal.SIG_IGN)\n"
	"    what = 'mkdir'\n"
	"if what == 'mkdir':\n"
	"    os.mkdir(os.path.join(folder, 'made'))\n"
	"if what == 'socket':\n"
	"    import _socket\n"
	"    _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)\n"
	"print('done')\n";

struct bench {
	char dir[256];
	char script[512];
	char policy[512];
	char preseal[512];
	char library[512];
	char python[64];
};

static bool bench_setup(struct bench *bench)
{
	*bench = (struct bench){ .python = "/usr/bin/python3" };
	if (access(bench->python, X_OK) != 0) {
		test_skip("python3 is not installed");
		return false;
	}
	if (live_build_path("preseal", bench->preseal, sizeof(bench->preseal)) < 0 ||
	    live_build_path("libpreseal.so", bench->library, sizeof(bench->library)) < 0 ||
	    live_temp_dir(bench->dir, sizeof(bench->dir)) < 0)
		return false;
	if (live_write_file(bench->dir, "script.py", script_text, 0644, bench->script,
			    sizeof(bench->script)) < 0)
		return false;
	snprintf(bench->policy, sizeof(bench->policy), "%s/learned.cfg", bench->dir);
	return true;
}

static int run_argv(const char *const *argv, struct live_env *env, struct live_output *output)
{
	struct live_command command = { .argv = argv, .env = env->items };

	return live_run(&command, output);
}

/* preseal learn -o POLICY -- python3 SCRIPT DIR */
static bool learn_script(struct bench *bench, struct live_output *learned)
{
	const char *argv[] = { bench->preseal, "learn",	      "-o",	  bench->policy, "--",
			       bench->python,  bench->script, bench->dir, NULL };
	struct live_env env;
	int result;

	live_env_init(&env);
	result = run_argv(argv, &env, learned);
	live_env_free(&env);
	LIVE_EXPECT(result == 0 && live_exited_with(learned->status, 0) &&
			    live_path_exists(bench->policy),
		    "learn failed: %s", result == 0 ? learned->err : "not started");
	return result == 0 && live_exited_with(learned->status, 0);
}

/* python3 SCRIPT DIR [WHAT] under the learned policy, through LD_PRELOAD,
 * with PRESEAL_REPORT=REPORT and PRESEAL_LOG=LOG when they are given. */
static int run_preloaded(struct bench *bench, const char *what, const char *report, const char *log,
			 struct live_output *output)
{
	const char *argv[] = { bench->python, bench->script, bench->dir, what, NULL };
	struct live_env env;
	int result;

	live_env_init(&env);
	live_env_set(&env, "LD_PRELOAD", "%s", bench->library);
	live_env_set(&env, "PRESEAL_POLICY", "%s", bench->policy);
	if (report)
		live_env_set(&env, "PRESEAL_REPORT", "%s", report);
	if (log)
		live_env_set(&env, "PRESEAL_LOG", "%s", log);
	result = run_argv(argv, &env, output);
	live_env_free(&env);
	return result;
}

static void bench_teardown(struct bench *bench)
{
	if (bench->dir[0])
		live_remove_tree(bench->dir);
}

/* ---- learn -------------------------------------------------------------- */

static void python_script_learned_runs_the_same_under_its_policy(void)
{
	struct live_output learned = { 0 }, plain = { 0 }, confined = { 0 }, run = { 0 };
	struct bench bench;

	if (!bench_setup(&bench))
		goto out;
	if (!learn_script(&bench, &learned))
		goto out;
	const char *check[] = { bench.preseal, "check", bench.policy, NULL };
	struct live_output checked = { 0 };
	struct live_env env;

	live_env_init(&env);
	if (run_argv(check, &env, &checked) == 0)
		LIVE_EXPECT(live_exited_with(checked.status, 0),
			    "check refused what learn wrote: %s", checked.err);
	live_output_free(&checked);
	const char *argv[] = { bench.python, bench.script, bench.dir, NULL };
	const char *run_argv_[] = { bench.preseal, "run",	 "-p",	    bench.policy, "--",
				    bench.python,  bench.script, bench.dir, NULL };

	if (run_argv(argv, &env, &plain) == 0 &&
	    run_preloaded(&bench, NULL, NULL, NULL, &confined) == 0 &&
	    run_argv(run_argv_, &env, &run) == 0) {
		LIVE_EXPECT(live_exited_with(confined.status, 0) &&
				    strcmp(confined.out, plain.out) == 0,
			    "under LD_PRELOAD: %s / %s, expected %s", confined.out, confined.err,
			    plain.out);
		LIVE_EXPECT(live_exited_with(run.status, 0) && strcmp(run.out, plain.out) == 0,
			    "under preseal run: %s / %s, expected %s", run.out, run.err, plain.out);
		LIVE_EXPECT(strstr(learned.out, "\"sum\": 4950") != NULL,
			    "the learning run itself printed %s", learned.out);
	}
	live_env_free(&env);
out:
	live_output_free(&learned);
	live_output_free(&plain);
	live_output_free(&confined);
	live_output_free(&run);
	bench_teardown(&bench);
}

/* Something the learning run never did is killed, and named when
 * PRESEAL_REPORT=kills asks for it. */
static void expect_killed_for(const char *what, const char *call)
{
	struct live_output learned = { 0 }, output = { 0 };
	struct bench bench;
	char made[600];

	if (!bench_setup(&bench) || !learn_script(&bench, &learned))
		goto out;
	snprintf(made, sizeof(made), "%s/made", bench.dir);
	if (run_preloaded(&bench, what, "kills", NULL, &output) == 0) {
		char named[64];

		snprintf(named, sizeof(named), ": %s (", call);
		LIVE_EXPECT(live_killed_by(output.status, SIGSYS), "%s: %s, stderr %s", what,
			    live_describe(output.status, made, sizeof(made)), output.err);
		LIVE_EXPECT(strstr(output.err, "preseal: killed pid ") &&
				    strstr(output.err, named) && strstr(output.err, bench.policy),
			    "%s: the report does not name %s and the policy: %s", what, call,
			    output.err);
		LIVE_EXPECT(!strstr(output.out, "done"), "%s: the script went on: %s", what,
			    output.out);
	}
	snprintf(made, sizeof(made), "%s/made", bench.dir);
	LIVE_EXPECT(!live_path_exists(made), "%s: the folder was made", what);
out:
	live_output_free(&learned);
	live_output_free(&output);
	bench_teardown(&bench);
}

static void learned_policy_kills_an_unlearned_mkdir_by_name(void)
{
	expect_killed_for("mkdir", "mkdir");
}

static void learned_policy_kills_an_unlearned_socket_by_name(void)
{
	expect_killed_for("socket", "socket");
}

/* Without PRESEAL_REPORT a kill is the kernel's: the same death, no line. */
static void learned_policy_kills_without_a_line_by_default(void)
{
	struct live_output learned = { 0 }, output = { 0 };
	struct bench bench;
	char made[600], status[64];

	if (!bench_setup(&bench) || !learn_script(&bench, &learned))
		goto out;
	snprintf(made, sizeof(made), "%s/made", bench.dir);
	if (run_preloaded(&bench, "mkdir", NULL, NULL, &output) == 0)
		LIVE_EXPECT(live_killed_by(output.status, SIGSYS) &&
				    !strstr(output.err, "preseal: killed") &&
				    !strstr(output.out, "done"),
			    "mkdir by default: %s, stdout %s, stderr %s",
			    live_describe(output.status, status, sizeof(status)), output.out,
			    output.err);
	LIVE_EXPECT(!live_path_exists(made), "the folder was made");
out:
	live_output_free(&learned);
	live_output_free(&output);
	bench_teardown(&bench);
}

/* `preseal run` passes PRESEAL_REPORT on: without it the kill is the
 * kernel's and run says how to have it named; with it the shim names it. */
static void run_names_a_kill_only_when_preseal_report_asks(void)
{
	struct live_output learned = { 0 }, plain = { 0 }, named = { 0 };
	struct live_env env;
	struct bench bench;

	live_env_init(&env);
	if (!bench_setup(&bench) || !learn_script(&bench, &learned))
		goto out;
	const char *argv[] = { bench.preseal, "run",	    "-p",      bench.policy, "--",
			       bench.python,  bench.script, bench.dir, "mkdir",	     NULL };

	if (run_argv(argv, &env, &plain) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(plain.status, 128 + SIGSYS) &&
			    !strstr(plain.err, "preseal: killed") &&
			    strstr(plain.err, "PRESEAL_REPORT=kills") &&
			    strstr(plain.err, "preseal run --complain"),
		    "run without PRESEAL_REPORT: %s", plain.err);
	live_env_set(&env, "PRESEAL_REPORT", "kills");
	if (run_argv(argv, &env, &named) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(named.status, 128 + SIGSYS) &&
			    strstr(named.err, "preseal: killed pid ") &&
			    strstr(named.err, ": mkdir (83, x86_64)") &&
			    !strstr(named.err, "PRESEAL_REPORT=kills"),
		    "run with PRESEAL_REPORT=kills: %s", named.err);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&plain);
	live_output_free(&named);
	bench_teardown(&bench);
}

static void a_program_ignoring_sigsys_is_still_killed(void)
{
	expect_killed_for("handler", "mkdir");
}

static void sh_pipeline_learned_with_its_children(void)
{
	const char *pipeline = "ls /usr | wc -l";
	struct live_output learned = { 0 }, plain = { 0 }, run = { 0 };
	struct live_env env;
	struct bench bench;

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	const char *learn[] = { bench.preseal, "learn", "-o",	  bench.policy, "--",
				"/bin/sh",     "-c",	pipeline, NULL };
	const char *argv[] = { "/bin/sh", "-c", pipeline, NULL };
	const char *under[] = { bench.preseal, "run", "-p",	bench.policy, "--",
				"/bin/sh",     "-c",  pipeline, NULL };

	if (run_argv(learn, &env, &learned) < 0 || run_argv(argv, &env, &plain) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0), "learn: %s", learned.err);
	LIVE_EXPECT(strstr(learned.err, "from 3 processes") != NULL,
		    "sh, ls and wc were not all seen: %s", learned.err);
	struct live_command in_folder = { .argv = under, .env = env.items, .cwd = bench.dir };

	if (live_run(&in_folder, &run) == 0)
		LIVE_EXPECT(live_exited_with(run.status, 0) && strcmp(run.out, plain.out) == 0,
			    "under the learned policy: %s / %s, expected %s", run.out, run.err,
			    plain.out);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&plain);
	live_output_free(&run);
	bench_teardown(&bench);
}

/* -p BASE: a second run adds what it did to the first run's policy. */
static void learn_merges_with_a_base_policy(void)
{
	struct live_output first = { 0 }, second = { 0 }, both = { 0 };
	struct live_env env;
	struct bench bench;
	char merged[600];

	live_env_init(&env);
	if (!bench_setup(&bench) || !learn_script(&bench, &first))
		goto out;
	snprintf(merged, sizeof(merged), "%s/merged.cfg", bench.dir);
	const char *learn[] = { bench.preseal, "learn",	     "-o",     merged,
				"-p",	       bench.policy, "--",     bench.python,
				bench.script,  bench.dir,    "socket", NULL };
	const char *argv[] = { bench.python, bench.script, bench.dir, "socket", NULL };

	if (run_argv(learn, &env, &second) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(second.status, 0), "learn -p: %s", second.err);
	live_env_set(&env, "LD_PRELOAD", "%s", bench.library);
	live_env_set(&env, "PRESEAL_POLICY", "%s", merged);
	if (run_argv(argv, &env, &both) == 0)
		LIVE_EXPECT(live_exited_with(both.status, 0) && strstr(both.out, "done"),
			    "the merged policy does not allow the second run: %s", both.err);
out:
	live_env_free(&env);
	live_output_free(&first);
	live_output_free(&second);
	live_output_free(&both);
	bench_teardown(&bench);
}

/* The monitor writes when the last process of the tree has gone, which may
 * be just after the program's parent saw it end. */
static bool wait_for_text(const char *path, const char *text, char *content, size_t size)
{
	for (int tries = 0; tries < 200; tries++) {
		FILE *file = fopen(path, "r");
		size_t got = 0;

		if (file) {
			got = fread(content, 1, size - 1, file);
			fclose(file);
		}
		content[got] = '\0';
		if (strstr(content, text))
			return true;
		nanosleep(&(struct timespec){ .tv_nsec = 25 * 1000 * 1000 }, NULL);
	}
	return false;
}

/* -p BASE: the base's paths and ports are kept beside what the run used. */
static void learn_p_keeps_the_base_paths_and_ports(void)
{
	static const char base_text[] = "allow = [ \"read\" ];\n"
					"paths = { read = [ \"/usr/share/doc\" ]; };\n"
					"network = { connect = [ 443 ]; };\n";
	struct live_output learned = { 0 }, checked = { 0 };
	struct live_env env;
	struct bench bench;
	char base[600], content[16384];

	live_env_init(&env);
	if (!bench_setup(&bench) ||
	    live_write_file(bench.dir, "base.cfg", base_text, 0644, base, sizeof(base)) < 0)
		goto out;
	const char *learn[] = { bench.preseal, "learn", "--paths", "-o",	bench.policy,
				"-p",	       base,	"--",	   "/bin/true", NULL };
	const char *check[] = { bench.preseal, "check", bench.policy, NULL };

	if (run_argv(learn, &env, &learned) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0), "learn -p: %s", learned.err);
	LIVE_EXPECT(wait_for_text(bench.policy, "network", content, sizeof(content)) &&
			    strstr(content, "\"/usr/share/doc\"") && strstr(content, "443") &&
			    !strstr(content, "\"/dev/zero\""),
		    "the base's paths and ports are not kept (or its implied ones are):\n%s",
		    content);
	if (run_argv(check, &env, &checked) == 0)
		LIVE_EXPECT(live_exited_with(checked.status, 0), "check: %s", checked.err);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&checked);
	bench_teardown(&bench);
}

/* Under LD_PRELOAD the filter is loaded after the program's own execve:
 * a policy that allowed it would allow what the program never does. */
static void learned_policy_leaves_out_the_programs_own_first_execve(void)
{
	struct live_output learned = { 0 }, confined = { 0 };
	struct live_env env;
	struct bench bench;
	char content[16384];

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	const char *learn[] = {
		bench.preseal, "learn", "-o", bench.policy, "--", "/bin/true", NULL
	};
	const char *argv[] = { "/bin/true", NULL };

	if (run_argv(learn, &env, &learned) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0), "learn: %s", learned.err);
	LIVE_EXPECT(wait_for_text(bench.policy, "\"exit_group\"", content, sizeof(content)) &&
			    !strstr(content, "\"execve\""),
		    "the policy keeps preseal's own execve:\n%s", content);
	live_env_set(&env, "LD_PRELOAD", "%s", bench.library);
	live_env_set(&env, "PRESEAL_POLICY", "%s", bench.policy);
	if (run_argv(argv, &env, &confined) == 0)
		LIVE_EXPECT(live_exited_with(confined.status, 0), "true under its policy: %s",
			    confined.err);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&confined);
	bench_teardown(&bench);
}

/* docker stop and systemctl stop end a learning run with SIGTERM: the
 * program never exits by itself, and the policy must still let the next
 * run exit cleanly. */
static void learn_stopped_by_sigterm_writes_a_policy_whose_clean_exit_runs(void)
{
	struct live_output stopped = { 0 }, confined = { 0 };
	struct live_env env;
	struct bench bench;
	char script[4096], ready[600];

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	snprintf(ready, sizeof(ready), "%s/ready", bench.dir);
	/* preseal learn in the background; SIGTERM to it once the program is
	 * sleep, asleep (preseal forwards it, as a supervisor's stop expects). */
	snprintf(script, sizeof(script),
		 "%s learn -o %s -- /bin/sh -c ': > %s; exec sleep 30' & learn=$!\n"
		 "tries=0; while [ $tries -lt 400 ]; do\n"
		 "  for child in $(cat /proc/$learn/task/*/children 2>/dev/null); do\n"
		 "    case \"$(cat /proc/$child/syscall 2>/dev/null)\" in\n"
		 "    %d\\ *) break 2;; esac\n"
		 "  done; sleep 0.05; tries=$((tries+1))\n"
		 "done\n"
		 "kill -TERM $learn; wait $learn; echo \"learn: $?\"\n",
		 bench.preseal, bench.policy, ready, SYS_clock_nanosleep);
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	const char *again[] = { "/bin/sh", "-c", ": > ready; exec sleep 0", NULL };

	struct live_command learning = { .argv = argv, .env = env.items, .cwd = bench.dir };

	if (live_run(&learning, &stopped) < 0)
		goto out;
	LIVE_EXPECT(strstr(stopped.out, "learn: 143") && live_path_exists(bench.policy),
		    "learn stopped by SIGTERM: %s / %s", stopped.out, stopped.err);
	live_env_set(&env, "LD_PRELOAD", "%s", bench.library);
	live_env_set(&env, "PRESEAL_POLICY", "%s", bench.policy);
	live_env_set(&env, "PRESEAL_REPORT", "kills");
	/* as the learning run had it: without PWD, sh calls getcwd */
	live_env_set(&env, "PWD", "%s", bench.dir);
	struct live_command command = { .argv = again, .env = env.items, .cwd = bench.dir };

	if (live_run(&command, &confined) == 0) {
		char status[64];

		char content[16384];

		LIVE_EXPECT(live_exited_with(confined.status, 0),
			    "the clean exit under the policy: %s, %s, policy:\n%s",
			    live_describe(confined.status, status, sizeof(status)), confined.err,
			    wait_for_text(bench.policy, "allow", content, sizeof(content)) ? content
											   : "");
	}
out:
	live_env_free(&env);
	live_output_free(&stopped);
	live_output_free(&confined);
	bench_teardown(&bench);
}

/* pyenv's python3 is a script that execs the real one: learn says that
 * what it learned is the interpreter's, and how to learn the program (the
 * last one the script's process executed: env runs sh, sh runs it). */
static void learn_names_a_script_wrapper_and_its_real_program(void)
{
	struct live_output learned = { 0 };
	struct live_env env;
	struct bench bench;
	char wrapper[600];

	live_env_init(&env);
	if (!bench_setup(&bench) ||
	    live_write_file(bench.dir, "wrapper", "#!/usr/bin/env sh\nexec /bin/true \"$@\"\n",
			    0755, wrapper, sizeof(wrapper)) < 0)
		goto out;
	const char *learn[] = { bench.preseal, "learn", "-o",  bench.policy,
				"--",	       wrapper, "one", NULL };

	if (run_argv(learn, &env, &learned) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0), "learn: %s", learned.err);
	LIVE_EXPECT(strstr(learned.err, "is a script (#!/usr/bin/env sh)") &&
			    strstr(learned.err, "the policy covers the interpreter and what it "
						"ran") &&
			    strstr(learned.err, "run it directly: preseal learn -o ") &&
			    strstr(learned.err, "-- /bin/true one"),
		    "the wrapper is not named: %s", learned.err);
out:
	live_env_free(&env);
	live_output_free(&learned);
	bench_teardown(&bench);
}

static void learn_mode_from_the_environment_writes_a_policy(void)
{
	struct live_output output = { 0 }, checked = { 0 };
	struct live_env env;
	struct bench bench;
	char content[8192];

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	const char *argv[] = { "/bin/sh", "-c", "ls /usr | wc -l", NULL };
	const char *check[] = { bench.preseal, "check", bench.policy, NULL };

	live_env_set(&env, "LD_PRELOAD", "%s", bench.library);
	live_env_set(&env, "PRESEAL_MODE", "learn");
	live_env_set(&env, "PRESEAL_LEARN_OUTPUT", "%s", bench.policy);
	if (run_argv(argv, &env, &output) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(output.status, 0), "PRESEAL_MODE=learn: %s", output.err);
	LIVE_EXPECT(wait_for_text(bench.policy, "\"wait4\"", content, sizeof(content)),
		    "no policy with the shell's wait4 was written: %s", content);
	/* A second run adds to the first. */
	char made[600];
	const char *second[] = { "/bin/mkdir", made, NULL };

	snprintf(made, sizeof(made), "%s/made", bench.dir);
	live_output_free(&output);
	if (run_argv(second, &env, &output) < 0)
		goto out;
	LIVE_EXPECT(wait_for_text(bench.policy, "\"mkdir\"", content, sizeof(content)) &&
			    strstr(content, "\"pipe2\""),
		    "the second run was not merged with the first: %s", content);
	live_env_free(&env);
	live_env_init(&env);
	if (run_argv(check, &env, &checked) == 0)
		LIVE_EXPECT(live_exited_with(checked.status, 0), "check: %s", checked.err);
out:
	live_env_free(&env);
	live_output_free(&output);
	live_output_free(&checked);
	bench_teardown(&bench);
}

/* nginx learned under a few requests, then serving under what it learned:
 * scripts/nginx-learn.sh --quick (without --quick it also measures
 * throughput with wrk, for docs/performance.md). */
static void nginx_learned_then_serves_under_its_policy(void)
{
	struct live_output output = { 0 };
	struct live_env env;
	char build[512];
	const char *dir = live_build_dir();

	if (!dir)
		return;
	snprintf(build, sizeof(build), "%s", dir);
	const char *argv[] = { "/bin/sh", "scripts/nginx-learn.sh", "--quick", build, NULL };

	live_env_init(&env);
	live_env_set(&env, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
	if (run_argv(argv, &env, &output) == 0) {
		if (live_exited_with(output.status, 77))
			test_skip("nginx or curl is not installed");
		else
			LIVE_EXPECT(live_exited_with(output.status, 0) &&
					    strstr(output.out, "served its file under the "
							       "learned policy"),
				    "nginx-learn.sh --quick: %s%s", output.out, output.err);
	}
	live_env_free(&env);
	live_output_free(&output);
}

/* With descriptor 0 closed the listener is descriptor 0, which
 * libseccomp's seccomp_notify_fd() would take for "none". */
static void learn_and_complain_work_with_stdin_closed(void)
{
	struct live_output learned = { 0 }, complained = { 0 };
	struct live_env env;
	struct bench bench;
	char log[600], content[4096];

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	snprintf(log, sizeof(log), "%s/complain.log", bench.dir);
	const char *learn[] = { bench.preseal, "learn",	  "-o", bench.policy,
				"--",	       "/bin/sh", "-c", "ls /usr > /dev/null; echo ok",
				NULL };
	const char *unshare[] = { "/bin/sh", "-c", "unshare -U true; echo ok", NULL };
	struct live_command closed = { .argv = learn, .env = env.items, .close = LIVE_CLOSE_STDIN };

	if (live_run(&closed, &learned) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0) && strstr(learned.out, "ok") &&
			    live_path_exists(bench.policy),
		    "learn with stdin closed: %s", learned.err);
	live_env_set(&env, "LD_PRELOAD", "%s", bench.library);
	live_env_set(&env, "PRESEAL_MODE", "complain");
	live_env_set(&env, "PRESEAL_LOG", "%s", log);
	closed = (struct live_command){ .argv = unshare,
					.env = env.items,
					.close = LIVE_CLOSE_STDIN };
	if (live_run(&closed, &complained) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(complained.status, 0) && strstr(complained.out, "ok"),
		    "complain with stdin closed: %s", complained.err);
	LIVE_EXPECT(wait_for_text(log, "complain: unshare (272, x86_64) would get errno(EPERM)",
				  content, sizeof(content)),
		    "no report with stdin closed: %s", content);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&complained);
	bench_teardown(&bench);
}

/* Paths are learned unless --no-paths says syscalls only. */
static void learn_writes_paths_unless_no_paths(void)
{
	struct live_output with = { 0 }, without = { 0 };
	struct live_env env;
	struct bench bench;
	char second[600], content[16384];

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	if (syscall(SYS_landlock_create_ruleset, NULL, 0, 1u << 0) < 1) {
		test_skip("the kernel has no Landlock");
		goto out;
	}
	snprintf(second, sizeof(second), "%s/second.cfg", bench.dir);
	const char *learn[] = {
		bench.preseal, "learn", "-o", bench.policy, "--", "/bin/true", NULL
	};
	const char *no_paths[] = { bench.preseal, "learn", "--no-paths", "-o",
				   second,	  "--",	   "/bin/true",	 NULL };

	if (run_argv(learn, &env, &with) < 0 || run_argv(no_paths, &env, &without) < 0)
		goto out;
	LIVE_EXPECT(wait_for_text(bench.policy, "\npaths = {", content, sizeof(content)) &&
			    strstr(with.err, "anything else is refused with EACCES"),
		    "learn without options wrote no paths: %s\n%s", with.err, content);
	LIVE_EXPECT(wait_for_text(second, "exit_group", content, sizeof(content)) &&
			    !strstr(content, "paths") && !strstr(without.err, "EACCES"),
		    "learn --no-paths wrote paths: %s\n%s", without.err, content);
out:
	live_env_free(&env);
	live_output_free(&with);
	live_output_free(&without);
	bench_teardown(&bench);
}

/* A file made directly in a home folder makes the whole folder writable:
 * the summary says so, not only a comment in the file. */
static void learn_names_a_home_folder_made_writable(void)
{
	struct live_output learned = { 0 };
	struct live_env env;
	struct bench bench;
	char home[600], line[1024];

	live_env_init(&env);
	if (!bench_setup(&bench))
		goto out;
	if (syscall(SYS_landlock_create_ruleset, NULL, 0, 1u << 0) < 1) {
		test_skip("the kernel has no Landlock");
		goto out;
	}
	snprintf(home, sizeof(home), "%s/home", bench.dir);
	REQUIRE(mkdir(home, 0755) == 0);
	live_env_set(&env, "HOME", "%s", home);
	const char *learn[] = { bench.preseal, "learn",	  "-o", bench.policy,
				"--",	       "/bin/sh", "-c", ": > \"$HOME/made\"",
				NULL };

	if (run_argv(learn, &env, &learned) < 0)
		goto out;
	snprintf(line, sizeof(line),
		 "preseal learn: note: the program made files directly in %s, so the policy "
		 "lets it read and write all of that folder",
		 home);
	LIVE_EXPECT(live_exited_with(learned.status, 0) && strstr(learned.err, line),
		    "the home folder made writable is not named: %s", learned.err);
out:
	live_env_free(&env);
	live_output_free(&learned);
	bench_teardown(&bench);
}

/* Relative paths are resolved against the working folder and the dirfd
 * the call passed, read from the program's side as it made the call. */
static void learned_paths_resolve_the_working_folder_and_dirfd(void)
{
	static const char script[] = "import os, sys\n"
				     "d = sys.argv[1]\n"
				     "os.chdir(os.path.join(d, 'sub'))\n"
				     "open('../cwd.txt').read()\n"
				     "fd = os.open(os.path.join(d, 'other'), os.O_RDONLY)\n"
				     "os.close(os.open('dirfd.txt', os.O_RDONLY, dir_fd=fd))\n"
				     "os.mkdir('made')\n";
	struct live_output learned = { 0 };
	struct live_env env;
	struct bench bench;
	char path[600], folder[600], content[32768], line[700];

	live_env_init(&env);
	if (!bench_setup(&bench) ||
	    live_write_file(bench.dir, "paths.py", script, 0644, path, sizeof(path)) < 0 ||
	    live_write_file(bench.dir, "cwd.txt", "x", 0644, line, sizeof(line)) < 0)
		goto out;
	snprintf(folder, sizeof(folder), "%s/sub", bench.dir);
	REQUIRE(mkdir(folder, 0755) == 0);
	snprintf(folder, sizeof(folder), "%s/other", bench.dir);
	REQUIRE(mkdir(folder, 0755) == 0);
	if (live_write_file(folder, "dirfd.txt", "x", 0644, line, sizeof(line)) < 0)
		goto out;
	const char *learn[] = { bench.preseal, "learn",	     "--paths", "-o",	   bench.policy,
				"--",	       bench.python, path,	bench.dir, NULL };

	if (run_argv(learn, &env, &learned) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0), "learn: %s", learned.err);
	LIVE_EXPECT(wait_for_text(bench.policy, "paths", content, sizeof(content)),
		    "no paths were written:\n%s", content);
	snprintf(line, sizeof(line), "\"%s/cwd.txt\"", bench.dir);
	LIVE_EXPECT(strstr(content, line) != NULL, "../cwd.txt from sub is not %s:\n%s", line,
		    content);
	snprintf(line, sizeof(line), "\"%s/other/dirfd.txt\"", bench.dir);
	LIVE_EXPECT(strstr(content, line) != NULL, "dirfd.txt under the dirfd is not %s:\n%s", line,
		    content);
	snprintf(line, sizeof(line), "write = [\n\t\t\"%s/sub\"", bench.dir);
	LIVE_EXPECT(strstr(content, line) != NULL, "the folder made in sub is not writable:\n%s",
		    content);
out:
	live_env_free(&env);
	live_output_free(&learned);
	bench_teardown(&bench);
}

/* TCP ports from the socket address the call passed, for a TCP socket
 * only, whichever thread made the call. */
static void learned_network_has_the_port_a_thread_connected_to(void)
{
	static const char script[] = "import socket, threading\n"
				     "server = socket.socket()\n"
				     "server.bind(('127.0.0.1', 0))\n"
				     "server.listen()\n"
				     "port = server.getsockname()[1]\n"
				     "def connect():\n"
				     "    socket.create_connection(('127.0.0.1', port)).close()\n"
				     "    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
				     "    udp.connect(('127.0.0.1', 9))\n"
				     "thread = threading.Thread(target=connect)\n"
				     "thread.start()\n"
				     "thread.join()\n"
				     "print(port)\n";
	struct live_output learned = { 0 };
	struct live_env env;
	struct bench bench;
	char path[600], content[32768], line[128];

	live_env_init(&env);
	if (!bench_setup(&bench) ||
	    live_write_file(bench.dir, "connect.py", script, 0644, path, sizeof(path)) < 0)
		goto out;
	if (syscall(SYS_landlock_create_ruleset, NULL, 0, 1u << 0) < 4) {
		test_skip("the kernel has no Landlock with TCP ports (ABI 4)");
		goto out;
	}
	const char *learn[] = { bench.preseal, "learn",	     "-o", bench.policy,
				"--",	       bench.python, path, NULL };

	if (run_argv(learn, &env, &learned) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(learned.status, 0), "learn: %s", learned.err);
	snprintf(line, sizeof(line), "connect = [\n\t\t%ld ", strtol(learned.out, NULL, 10));
	LIVE_EXPECT(wait_for_text(bench.policy, "network", content, sizeof(content)) &&
			    strstr(content, line) && strstr(content, "bind = [\n\t\t0 ") &&
			    !strstr(content, "\t\t9 "),
		    "not the thread's TCP port %s (and no UDP port 9):\n%s", learned.out, content);
out:
	live_env_free(&env);
	live_output_free(&learned);
	bench_teardown(&bench);
}

/* ---- learn with paths, then enforce, on real programs ------------------- */

/* Runs SCRIPT with sh in a fresh folder DIR, with PRESEAL, LIB, DIR and
 * OTHER (a second folder, outside what the program is given) set. */
static bool run_learn_script(const char *what, const char *script, struct live_output *output)
{
	char dir[256] = "", other[256] = "", preseal[512], library[512];
	struct live_env env;
	bool ran = false;

	/* LANDLOCK_CREATE_RULESET_VERSION: the ABI, asked of the kernel itself */
	if (syscall(SYS_landlock_create_ruleset, NULL, 0, 1u << 0) < 4) {
		test_skip("the kernel has no Landlock with TCP ports (ABI 4)");
		return false;
	}
	if (access(what, X_OK) != 0) {
		test_skip("a program the test runs is not installed");
		return false;
	}
	live_env_init(&env);
	if (live_build_path("preseal", preseal, sizeof(preseal)) == 0 &&
	    live_build_path("libpreseal.so", library, sizeof(library)) == 0 &&
	    live_temp_dir(dir, sizeof(dir)) == 0 && live_temp_dir(other, sizeof(other)) == 0) {
		const char *argv[] = { "/bin/sh", "-c", script, NULL };
		struct live_command command = { .argv = argv, .env = env.items, .cwd = dir };

		live_env_set(&env, "PRESEAL", "%s", preseal);
		live_env_set(&env, "LIB", "%s", library);
		live_env_set(&env, "DIR", "%s", dir);
		live_env_set(&env, "OTHER", "%s", other);
		live_env_set(&env, "HOME", "%s", dir);
		ran = live_run(&command, output) == 0;
	}
	live_env_free(&env);
	if (dir[0])
		live_remove_tree(dir);
	if (other[0])
		live_remove_tree(other);
	return ran;
}

/* The steps every script below shares: the learned policy passes check. */
#define LEARN_CHECKED                                                                     \
	"\"$PRESEAL\" check \"$DIR/p.cfg\" >/dev/null 2>check.err && echo 'check ok' || " \
	"cat check.err\n"
#define UNDER_POLICY "LD_PRELOAD=\"$LIB\" PRESEAL_POLICY=\"$DIR/p.cfg\" "

static void tar_learned_with_paths_reruns_and_cannot_read_outside(void)
{
	static const char script[] =
		"mkdir data; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo $i > data/f$i; done\n"
		"echo secret > \"$OTHER/secret\"\n"
		"\"$PRESEAL\" learn --paths -o \"$DIR/p.cfg\" -- /usr/bin/tar czf out.tgz data "
		"2>learn.err || cat learn.err\n" LEARN_CHECKED "rm -f out.tgz\n" UNDER_POLICY
		"/usr/bin/tar czf out.tgz data 2>again.err; echo \"again $?\"; cat again.err\n"
		"[ -s out.tgz ] && echo 'archive made'\n" UNDER_POLICY
		"/usr/bin/tar czf out2.tgz data \"$OTHER/secret\" 2>&1; echo \"outside $?\"\n";
	struct live_output output = { 0 };

	if (!run_learn_script("/usr/bin/tar", script, &output))
		goto out;
	LIVE_EXPECT(strstr(output.out, "check ok") != NULL, "check: %s", output.out);
	LIVE_EXPECT(strstr(output.out, "again 0") && strstr(output.out, "archive made"),
		    "tar does not run again under what it learned: %s", output.out);
	LIVE_EXPECT(strstr(output.out, "secret: Cannot open: Permission denied") &&
			    strstr(output.out, "outside 2"),
		    "tar read a file outside what it learned: %s", output.out);
out:
	live_output_free(&output);
}

static void git_clone_learned_with_paths_reruns_and_cannot_clone_outside(void)
{
	static const char script[] =
		"commit() { git -c user.email=t@t -c user.name=t commit -qm \"$1\"; }\n"
		"git init -q src && (cd src && echo one > f1 && git add f1 && commit one)\n"
		"git init -q \"$OTHER/repo\" && (cd \"$OTHER/repo\" && echo s > s && git add s && "
		"commit s)\n"
		"\"$PRESEAL\" learn --paths -o \"$DIR/p.cfg\" -- /usr/bin/git clone -q src dst "
		"2>learn.err || cat learn.err\n" LEARN_CHECKED "rm -rf dst\n" UNDER_POLICY
		"/usr/bin/git clone -q src dst 2>&1; echo \"again $?\"\n"
		"[ -f dst/f1 ] && echo 'cloned'\n" UNDER_POLICY
		"/usr/bin/git clone -q \"$OTHER/repo\" dst2 2>&1; echo \"outside $?\"\n"
		"[ -f dst2/s ] && echo 'cloned outside'\n";
	struct live_output output = { 0 };

	if (!run_learn_script("/usr/bin/git", script, &output))
		goto out;
	LIVE_EXPECT(strstr(output.out, "check ok") != NULL, "check: %s", output.out);
	LIVE_EXPECT(strstr(output.out, "again 0") && strstr(output.out, "cloned\n"),
		    "git clone does not run again under what it learned: %s", output.out);
	LIVE_EXPECT(!strstr(output.out, "outside 0") && !strstr(output.out, "cloned outside"),
		    "git cloned a repository outside what it learned: %s", output.out);
out:
	live_output_free(&output);
}

/* The server is learned while curl fetches one page three times, stopped
 * with SIGTERM as a service manager would, then serves under what it
 * learned three requests: the same page, and nothing else from its folder
 * (each request is a thread of its own, so the number matters). */
static void http_server_learned_with_paths_serves_only_what_it_served(void)
{
	static const char script[] =
		"port=$((20000 + $$ % 20000))\n"
		"mkdir site && echo hello > site/index.html && echo secret > site/secret.txt\n"
		"cd site\n"
		"fetch() { curl -sS -o /dev/null -w '%{http_code}' "
		"\"http://127.0.0.1:$port/$1\" 2>>\"$DIR/curl.err\"; }\n"
		"ready() { for i in $(seq 160); do [ \"$(fetch index.html)\" = 200 ] && return; "
		"sleep 0.05; done; }\n"
		"\"$PRESEAL\" learn --paths -o \"$DIR/p.cfg\" -- /usr/bin/python3 -m http.server "
		"$port --bind 127.0.0.1 >/dev/null 2>\"$DIR/learn.err\" & server=$!\n"
		"ready; fetch index.html >/dev/null; fetch index.html >/dev/null\n"
		"kill -TERM $server; wait $server; cd ..\n" LEARN_CHECKED
		"cd site\nPRESEAL_REPORT=kills " UNDER_POLICY
		"/usr/bin/python3 -m http.server $port --bind 127.0.0.1 >/dev/null "
		"2>\"$DIR/serve.err\" & server=$!\n"
		"ready; echo \"page $(fetch index.html)\"; echo \"secret $(fetch secret.txt)\"\n"
		"kill -TERM $server; wait $server; echo \"server $?\"\n"
		"echo \"unconfined $(cat secret.txt)\"\n"
		"cat \"$DIR/learn.err\" \"$DIR/serve.err\"; tail -3 \"$DIR/curl.err\"\n";
	struct live_output output = { 0 };

	if (access("/usr/bin/curl", X_OK) != 0) {
		test_skip("curl is not installed");
		return;
	}
	if (!run_learn_script("/usr/bin/python3", script, &output))
		goto out;
	LIVE_EXPECT(strstr(output.out, "check ok") != NULL, "check: %s", output.out);
	LIVE_EXPECT(strstr(output.out, "page 200") != NULL,
		    "the server does not serve its page under what it learned: %s", output.out);
	LIVE_EXPECT(strstr(output.out, "secret 404") && strstr(output.out, "unconfined secret"),
		    "the server served a file it never served while learning: %s", output.out);
out:
	live_output_free(&output);
}

/* ---- complain and reports ----------------------------------------------- */

static void complain_mode_from_the_environment_reports_a_denied_mkdir(void)
{
	struct live_output learned = { 0 }, output = { 0 };
	struct live_env env;
	struct bench bench;
	char log[600], made[600], content[8192];

	live_env_init(&env);
	if (!bench_setup(&bench) || !learn_script(&bench, &learned))
		goto out;
	snprintf(log, sizeof(log), "%s/complain.log", bench.dir);
	snprintf(made, sizeof(made), "%s/made", bench.dir);
	const char *argv[] = { bench.python, bench.script, bench.dir, "mkdir", NULL };

	live_env_set(&env, "LD_PRELOAD", "%s", bench.library);
	live_env_set(&env, "PRESEAL_POLICY", "%s", bench.policy);
	live_env_set(&env, "PRESEAL_MODE", "complain");
	live_env_set(&env, "PRESEAL_LOG", "%s", log);
	if (run_argv(argv, &env, &output) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.out, "done"),
		    "complain mode stopped the script: %s", output.err);
	LIVE_EXPECT(live_path_exists(made), "complain mode did not let mkdir happen");
	LIVE_EXPECT(wait_for_text(log,
				  "preseal: complain: mkdir (83, x86_64) would get "
				  "kill_process: 1 call",
				  content, sizeof(content)),
		    "no report of the mkdir in %s: %s", log, content);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&output);
	bench_teardown(&bench);
}

static void run_complain_reports_a_denied_mkdir(void)
{
	struct live_output learned = { 0 }, output = { 0 };
	struct live_env env;
	struct bench bench;
	char made[600];

	live_env_init(&env);
	if (!bench_setup(&bench) || !learn_script(&bench, &learned))
		goto out;
	snprintf(made, sizeof(made), "%s/made", bench.dir);
	const char *argv[] = { bench.preseal, "run",   "--complain", "-p",
			       bench.policy,  "--",    bench.python, bench.script,
			       bench.dir,     "mkdir", NULL };

	if (run_argv(argv, &env, &output) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.out, "done"),
		    "run --complain stopped the script: %s", output.err);
	LIVE_EXPECT(live_path_exists(made), "run --complain did not let mkdir happen");
	LIVE_EXPECT(strstr(output.err, "preseal: complain: mkdir (83, x86_64) would get "
				       "kill_process: 1 call") != NULL,
		    "no report of the mkdir: %s", output.err);
out:
	live_env_free(&env);
	live_output_free(&learned);
	live_output_free(&output);
	bench_teardown(&bench);
}

static void reports_go_to_a_log_file_or_nowhere(void)
{
	struct live_output learned = { 0 }, to_file = { 0 }, silent = { 0 };
	struct bench bench;
	char log[600], content[8192];

	if (!bench_setup(&bench) || !learn_script(&bench, &learned))
		goto out;
	snprintf(log, sizeof(log), "%s/kills.log", bench.dir);
	if (run_preloaded(&bench, "mkdir", "kills", log, &to_file) < 0 ||
	    run_preloaded(&bench, "mkdir", "kills", "off", &silent) < 0)
		goto out;
	LIVE_EXPECT(live_killed_by(to_file.status, SIGSYS) && to_file.err[0] == '\0',
		    "with a log file: %s", to_file.err);
	LIVE_EXPECT(wait_for_text(log, ": mkdir (83, x86_64)", content, sizeof(content)),
		    "the log file holds %s", content);
	LIVE_EXPECT(live_killed_by(silent.status, SIGSYS) && silent.err[0] == '\0',
		    "PRESEAL_LOG=off still printed: %s", silent.err);
out:
	live_output_free(&learned);
	live_output_free(&to_file);
	live_output_free(&silent);
	bench_teardown(&bench);
}

/* ---- the transforms, in the interpreter --------------------------------- */

static uint32_t answer(const struct filter *filter, int nr, uint64_t a0, uint64_t a1, uint64_t a4,
		       uint64_t a5)
{
	struct seccomp_data data = { .nr = nr,
				     .arch = seccomp_arch_native(),
				     .args = { a0, a1, 0, 8, a4, a5 } };

	return bpf_run(filter->program, filter->length, &data);
}

static void kills_become_traps_and_the_guard_holds(void)
{
	const char *text = "default_action = \"kill_process\";\n"
			   "allow = [ \"read\", \"rt_sigaction\" ];\n"
			   "rules = ( { syscall = \"getpid\"; action = \"kill_thread\"; },\n"
			   "          { syscall = \"mkdir\"; action = \"errno(EACCES)\"; } );\n";
	const uint64_t token = 0x1122334455667788ull;
	struct policy *policy = NULL;
	struct filter filter = { 0 }, before = { 0 };
	struct diag_list diags = { 0 };

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	REQUIRE(filter_copy(&before, &filter, &diags) == 0);
	EXPECT(filter_kills_to_traps(&filter) > 0, "no kill was rewritten");
	REQUIRE(filter_add_report_guard(&filter, token, &diags) == 0);
	for (int nr = 0; nr < 1024; nr++) {
		uint32_t was = answer(&before, nr, 0, 0, 0, 0);
		uint32_t now = answer(&filter, nr, 0, 0, 0, 0);
		uint32_t want = nr == __NR_rt_sigreturn || nr == __NR_restart_syscall
					? SECCOMP_RET_ALLOW
				: was == SECCOMP_RET_KILL_PROCESS
					? SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_PROCESS
				: was == SECCOMP_RET_KILL_THREAD
					? SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_THREAD
					: was;

		EXPECT(now == want, "syscall %d: 0x%x, expected 0x%x", nr, now, want);
	}
	EXPECT(answer(&filter, __NR_rt_sigaction, SIGSYS, 0x1000, 0, 0) ==
		       (SECCOMP_RET_TRAP | PRESEAL_TRAP_SIGACTION),
	       "a program's own SIGSYS handler is not left to preseal's handler");
	EXPECT(answer(&filter, __NR_rt_sigaction, SIGSYS, 0x1000, (uint32_t)token, token >> 32) ==
		       SECCOMP_RET_ALLOW,
	       "preseal's own handler is refused");
	EXPECT(answer(&filter, __NR_rt_sigaction, SIGSYS, 0, 0, 0) ==
		       (SECCOMP_RET_TRAP | PRESEAL_TRAP_SIGACTION),
	       "asking for the SIGSYS handler is not answered with the program's");
	EXPECT(answer(&filter, __NR_rt_sigaction, SIGSYS | 0x100000000ull, 0x1000, 0, 0) ==
		       (SECCOMP_RET_TRAP | PRESEAL_TRAP_SIGACTION),
	       "SIGSYS with high bits set in the (int) signal number gets past the guard");
	EXPECT(answer(&filter, __NR_rt_sigaction, SIGINT, 0x1000, 0, 0) == SECCOMP_RET_ALLOW,
	       "other handlers are refused");
	EXPECT(answer(&filter, __NR_getpid, 0, 0, (uint32_t)token, token >> 32) ==
		       SECCOMP_RET_ALLOW,
	       "the handler's getpid is not let through");
	EXPECT(answer(&filter, __NR_getpid, 0, 0, 0, 0) ==
		       (SECCOMP_RET_TRAP | PRESEAL_TRAP_KILL_THREAD),
	       "getpid without the token is not the policy's");
	EXPECT(answer(&filter, __NR_rt_sigreturn, 0, 0, 0, 0) == SECCOMP_RET_ALLOW,
	       "preseal's handler cannot return to the program");
	EXPECT(answer(&filter, __NR_rt_sigprocmask, 0, 0, (uint32_t)token, token >> 32) ==
		       SECCOMP_RET_ALLOW,
	       "the handler cannot have the kernel check the program's pointers");
	EXPECT(answer(&filter, PRESEAL_DIE_PROCESS_NR, 0, 0, 0, 0) == SECCOMP_RET_KILL_PROCESS &&
		       answer(&filter, PRESEAL_DIE_THREAD_NR, 0, 0, 0, 0) ==
			       SECCOMP_RET_KILL_THREAD,
	       "the die syscalls do not kill");
	filter_free(&before);
	filter_free(&filter);
	policy_free(policy);
	diag_free(&diags);
}

static void a_policy_that_traps_keeps_its_kills(void)
{
	const char *text = "default_action = \"kill_process\";\n"
			   "allow = [ \"read\" ];\n"
			   "rules = ( { syscall = \"getpid\"; action = \"trap\"; } );\n";
	struct policy *policy = NULL;
	struct filter filter = { 0 };

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	EXPECT(filter_kills_to_traps(&filter) == -EEXIST,
	       "kills were rewritten although the program handles SIGSYS itself");
	EXPECT(answer(&filter, 83, 0, 0, 0, 0) == SECCOMP_RET_KILL_PROCESS,
	       "the kill was changed anyway");
	filter_free(&filter);
	policy_free(policy);
}

static void complain_notifies_only_denials(void)
{
	const char *text = "default_action = \"errno(EPERM)\";\n"
			   "allow = [ \"read\" ];\n"
			   "rules = ( { syscall = \"getpid\"; action = \"log\"; } );\n";
	struct policy *policy = NULL;
	struct filter filter = { 0 };

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	EXPECT(filter_denials_to_notify(&filter) > 0, "nothing was rewritten");
	EXPECT(answer(&filter, 0, 0, 0, 0, 0) == SECCOMP_RET_ALLOW, "read is not allowed");
	EXPECT(answer(&filter, 39, 0, 0, 0, 0) == SECCOMP_RET_LOG, "getpid is not logged");
	EXPECT(answer(&filter, 83, 0, 0, 0, 0) == SECCOMP_RET_USER_NOTIF,
	       "mkdir is not handed to the monitor");
	filter_free(&filter);
	policy_free(policy);
}

static void report_line_names_call_arguments_and_policy(void)
{
	const uint64_t args[6] = { 0x7ffe0000, 0x1ed, 0, 0, 0, 0 };
	char line[512];

	report_format(line, sizeof(line), 42, AUDIT_ARCH_X86_64, 83, args, "/etc/preseal/web.cfg",
		      NULL, SECCOMP_RET_KILL_PROCESS);
	EXPECT(strcmp(line, "preseal: killed pid 42: mkdir (83, x86_64): mkdir(0x7ffe0000, 0755); "
			    "policy /etc/preseal/web.cfg says kill_process; `preseal explain "
			    "/etc/preseal/web.cfg mkdir 0x7ffe0000 0x1ed` names the rule\n") == 0,
	       "%s", line);
	report_format(line, sizeof(line), 7, AUDIT_ARCH_I386, 39, args, "p.cfg", NULL,
		      SECCOMP_RET_KILL_THREAD);
	EXPECT(strstr(line, "killed thread 7: mkdir (39, x86)") != NULL, "%s", line);
}

/* learn_write from calls fed by hand: the argument rules, and a policy that
 * reads back. */
static void learned_policy_has_argument_rules_and_reads_back(void)
{
	struct monitor monitor = { .mode = MONITOR_LEARN };
	uint32_t arch = seccomp_arch_native();
	const uint64_t unix_socket[6] = { 1, 1, 0, 0, 0, 0 };
	const uint64_t tcgets[6] = { 1, 0x5401, 0, 0, 0, 0 };
	const uint64_t no_exec[6] = { 0, 4096, 3, 0x22, 0, 0 };
	const uint64_t zero[6] = { 0 };
	struct learn_source source = { "test", NULL, NULL, NULL };
	struct diag_list diags = { 0 };
	struct policy *policy;
	struct filter filter;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	REQUIRE(out != NULL);
	monitor_record(&monitor, 1, arch, seccomp_syscall_resolve_name("socket"), unix_socket);
	monitor_record(&monitor, 1, arch, seccomp_syscall_resolve_name("ioctl"), tcgets);
	monitor_record(&monitor, 1, arch, seccomp_syscall_resolve_name("mprotect"), no_exec);
	monitor_record(&monitor, 1, arch, seccomp_syscall_resolve_name("clone3"), zero);
	monitor_record(&monitor, 2, arch, seccomp_syscall_resolve_name("read"), zero);
	monitor_record(&monitor, 2, arch, seccomp_syscall_resolve_name("read"), zero);
	EXPECT(learn_write(&monitor, &source, out) == 0, "learn_write failed");
	fclose(out);
	EXPECT(strstr(text, "value = \"AF_UNIX\"") && strstr(text, "value = \"TCGETS\"") &&
		       strstr(text, "mask = \"PROT_EXEC\"; value = \"0\"") &&
		       strstr(text, "\"clone3\"; action = \"errno(ENOSYS)\"") &&
		       strstr(text, "\"read\"                         # 2"),
	       "%s", text);
	policy = policy_read_string(text, "learned", NULL, &diags);
	EXPECT(policy != NULL, "what learn wrote does not read back:\n%s", text);
	if (policy && compile_policy(policy, NULL, &filter, &diags) == 0) {
		uint64_t inet[6] = { 2, 1, 0, 0, 0, 0 };

		EXPECT(action_to_seccomp(policy_decide(policy, "socket", inet, NULL)) ==
			       SECCOMP_RET_KILL_PROCESS,
		       "an AF_INET socket is allowed");
		EXPECT(action_to_seccomp(policy_decide(policy, "socket", unix_socket, NULL)) ==
			       SECCOMP_RET_ALLOW,
		       "the AF_UNIX socket seen is not allowed");
		filter_free(&filter);
	}
	policy_free(policy);
	diag_free(&diags);
	monitor_free(&monitor);
	free(text);
}

/* touched_path_of on the runner itself: a path read from memory, made
 * absolute against the working folder or a dirfd, "//", "/./", ".." and a
 * trailing "/" removed by text. */
static void touched_paths_are_resolved_and_normalised(void)
{
	static const struct {
		const char *written;
		bool dirfd;
		const char *want; /* after the folder, or absolute */
	} cases[] = {
		{ "/a//b/./c/../d/", false, "/a/b/d" },
		{ "/..", false, "/" },
		{ "/a/../../b", false, "/b" },
		{ "x/./y", false, "@/x/y" },
		{ "../x", false, "@/../x" },
		{ "f.txt", true, "@/f.txt" },
		{ "", true, "@" },
	};
	char dir[256], cwd[PATH_MAX], got[PATH_MAX], want[PATH_MAX * 2];
	int fd;

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	REQUIRE(getcwd(cwd, sizeof(cwd)) != NULL);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	REQUIRE(fd >= 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const uint64_t args[6] = { (uint64_t)(unsigned)fd, (uintptr_t)cases[i].written };
		const char *base = cases[i].dirfd ? dir : cwd;
		bool read = touched_path_of(getpid(), args, cases[i].dirfd ? 0 : -1, 1, got,
					    sizeof(got));

		if (cases[i].want[0] != '@')
			snprintf(want, sizeof(want), "%s", cases[i].want);
		else if (strncmp(cases[i].want + 1, "/..", 3) == 0)
			snprintf(want, sizeof(want), "%.*s%s", (int)(strrchr(base, '/') - base),
				 base, cases[i].want + 4);
		else
			snprintf(want, sizeof(want), "%s%s", base, cases[i].want + 1);
		LIVE_EXPECT(read && strcmp(got, want) == 0, "'%s': '%s', expected '%s'",
			    cases[i].written, read ? got : "(not read)", want);
	}
	close(fd);
	live_remove_tree(dir);
}

/* learn_write_paths from paths fed by hand: folders collapse, a home
 * folder does not, what was made is writable, /proc is one entry, and what
 * no longer exists is left out. */
static void learned_paths_collapse_into_folders_but_never_a_home(void)
{
	struct touched touched = { 0 };
	char dir[256], path[512], folder[512], name[16], *text = NULL, line[640];
	const char *old_home = getenv("HOME");
	char saved_home[512] = "";
	size_t size = 0;
	FILE *out;

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	if (old_home)
		snprintf(saved_home, sizeof(saved_home), "%s", old_home);
	snprintf(path, sizeof(path), "%s/home", dir);
	REQUIRE(mkdir(path, 0755) == 0);
	setenv("HOME", path, 1);
	snprintf(path, sizeof(path), "%s/data", dir);
	REQUIRE(mkdir(path, 0755) == 0);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		snprintf(folder, sizeof(folder), "%s/data", dir);
		REQUIRE(live_write_file(folder, name, "x", 0644, path, sizeof(path)) == 0);
		touched_add(&touched, path, TOUCH_READ, 2);
		snprintf(folder, sizeof(folder), "%s/home", dir);
		REQUIRE(live_write_file(folder, name, "x", 0644, path, sizeof(path)) == 0);
		touched_add(&touched, path, TOUCH_READ, 1);
	}
	touched_add(&touched, "/usr/lib/x86_64-linux-gnu/libc.so.6", TOUCH_READ, 3);
	touched_add(&touched, "/proc/self/status", TOUCH_READ, 1);
	touched_add(&touched, "/proc/1/stat", TOUCH_READ, 1);
	snprintf(path, sizeof(path), "%s/out", dir);
	REQUIRE(mkdir(path, 0755) == 0);
	touched_add(&touched, path, TOUCH_CREATE, 4);
	snprintf(path, sizeof(path), "%s/gone", dir);
	touched_add(&touched, path, TOUCH_READ, 1);
	out = open_memstream(&text, &size);
	REQUIRE(out != NULL);
	EXPECT(learn_write_paths(out, &touched, NULL, NULL, NULL) == 0, "learn_write_paths failed");
	fclose(out);
	snprintf(line, sizeof(line), "\"%s/data\",", dir);
	EXPECT(strstr(text, line) && strstr(text, "# 20 calls on 10 paths"),
	       "ten files of one folder are not that folder:\n%s", text);
	snprintf(line, sizeof(line), "\"%s/home/f0\"", dir);
	EXPECT(strstr(text, line) != NULL,
	       "the files of a home folder are not listed one by one:\n%s", text);
	snprintf(line, sizeof(line), "\"%s/home\"", dir);
	EXPECT(strstr(text, line) == NULL, "a home folder was granted:\n%s", text);
	EXPECT(strstr(text, "\"/usr/lib/x86_64-linux-gnu\"") != NULL,
	       "a library does not give its folder:\n%s", text);
	EXPECT(strstr(text, "\"/proc\",") && !strstr(text, "/proc/self") &&
		       !strstr(text, "/proc/1"),
	       "/proc is not one entry:\n%s", text);
	snprintf(line, sizeof(line), "write = [\n\t\t\"%s/out\"", dir);
	EXPECT(strstr(text, line) != NULL, "the folder where files were made is not writable:\n%s",
	       text);
	EXPECT(strstr(text, "/gone") == NULL, "a path that is gone is written:\n%s", text);
	if (saved_home[0])
		setenv("HOME", saved_home, 1);
	else
		unsetenv("HOME");
	touched_free(&touched);
	free(text);
	live_remove_tree(dir);
}

#define CASE(test)          \
	{                   \
#test, test \
	}

static const struct test_case cases[] = {
	CASE(python_script_learned_runs_the_same_under_its_policy),
	CASE(learned_policy_kills_an_unlearned_mkdir_by_name),
	CASE(learned_policy_kills_an_unlearned_socket_by_name),
	CASE(a_program_ignoring_sigsys_is_still_killed),
	CASE(learned_policy_kills_without_a_line_by_default),
	CASE(run_names_a_kill_only_when_preseal_report_asks),
	CASE(sh_pipeline_learned_with_its_children),
	CASE(learn_merges_with_a_base_policy),
	CASE(learn_p_keeps_the_base_paths_and_ports),
	CASE(learn_mode_from_the_environment_writes_a_policy),
	CASE(learned_policy_leaves_out_the_programs_own_first_execve),
	CASE(learn_stopped_by_sigterm_writes_a_policy_whose_clean_exit_runs),
	CASE(learn_names_a_script_wrapper_and_its_real_program),
	CASE(nginx_learned_then_serves_under_its_policy),
	CASE(learn_writes_paths_unless_no_paths),
	CASE(learn_names_a_home_folder_made_writable),
	CASE(learned_paths_resolve_the_working_folder_and_dirfd),
	CASE(learned_network_has_the_port_a_thread_connected_to),
	CASE(tar_learned_with_paths_reruns_and_cannot_read_outside),
	CASE(git_clone_learned_with_paths_reruns_and_cannot_clone_outside),
	CASE(http_server_learned_with_paths_serves_only_what_it_served),
	CASE(learn_and_complain_work_with_stdin_closed),
	CASE(complain_mode_from_the_environment_reports_a_denied_mkdir),
	CASE(run_complain_reports_a_denied_mkdir),
	CASE(reports_go_to_a_log_file_or_nowhere),
	CASE(kills_become_traps_and_the_guard_holds),
	CASE(a_policy_that_traps_keeps_its_kills),
	CASE(complain_notifies_only_denials),
	CASE(report_line_names_call_arguments_and_policy),
	CASE(learned_policy_has_argument_rules_and_reads_back),
	CASE(learned_paths_collapse_into_folders_but_never_a_home),
	CASE(touched_paths_are_resolved_and_normalised),
	{ NULL, NULL },
};

const struct test_suite suite_modes = { "modes", cases };
