/* test_shim: real, unmodified programs run with LD_PRELOAD=libpreseal.so.
 *
 * Every program runs in a child started with fork and execve, with an
 * environment built from nothing (PATH, LC_ALL=C, LD_PRELOAD and the
 * PRESEAL_* variables the test sets; PRESEAL_PATH always points at the
 * test's own folder, so a host's /etc/preseal cannot change the answers).
 * The tests read what the kernel says from the confined program itself
 * (/proc/self/status through cat), from the call's real effect (the
 * directory that is not there), and from the exact line the shim prints
 * when it fails closed with status 125.
 */
#include "harness.h"
#include "live.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "select.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define ARGV(...)    ((const char *const[]){ __VA_ARGS__, NULL })

#define EXIT_NOT_CONFINED 125
#define NOBODY		  65534
#define PYTHON		  "/usr/bin/python3"

/* ---- Policies ------------------------------------------------------------- */

/* A deny-list: everything but mkdir, which is a read-only file system. */
static const char deny_mkdir[] = "default_action = \"allow\";\n"
				 "deny = [ \"mkdir\", \"mkdirat\" ];\n"
				 "deny_action = \"errno(EROFS)\";\n";

static const char allow_all[] = "default_action = \"allow\";\n";

/* An allow-list that coreutils' true, ls, cat and env live with, and that
 * leaves out mkdir and mkdirat: the default decides what they get. */
#define ALLOW_LIST_BODY                                                                      \
	"allow = [ \"@default\", \"@basic-io\", \"@io-event\", \"@signal\", \"execve\",\n"   \
	"          \"ioctl\", \"openat\", \"newfstatat\", \"fstat\", \"statx\", \"stat\",\n" \
	"          \"lstat\", \"getdents64\", \"readlink\", \"access\", \"faccessat2\",\n"   \
	"          \"fadvise64\" ];\n"

static const char allow_list_errno[] = "default_action = \"errno(EXFULL)\";\n" ALLOW_LIST_BODY;
static const char allow_list_kill[] = "default_action = \"kill_process\";\n" ALLOW_LIST_BODY;

/* Lets everything through but the loading of seccomp filters (operation 1,
 * SECCOMP_SET_MODE_FILTER): libseccomp's own probes of the kernel still
 * work, so what fails is the load itself. */
static const char no_seccomp_filters[] =
	"default_action = \"allow\";\n"
	"rules = ( { syscall = \"seccomp\"; action = \"errno(EPERM)\";\n"
	"            args = ( { index = 0; op = \"eq\"; value = 1; } ); } );\n";

/* Refuses seccomp() altogether, probes included. */
static const char no_seccomp_at_all[] = "default_action = \"allow\";\n"
					"deny = [ \"seccomp\" ];\n"
					"deny_action = \"errno(EPERM)\";\n";

/* ---- One test's folder, environment and last run ---------------------------- */

struct fixture {
	char dir[256];	  /* a private folder; PRESEAL_PATH points here */
	char policy[320]; /* DIR/policy.cfg when the test has a policy file */
	char target[320]; /* DIR/d: the directory mkdir tries to create */
	struct live_env env;
	struct live_output output;
	const char *cwd; /* for the next run, or NULL */
	unsigned close;	 /* LIVE_CLOSE_* for the next run */
	int (*prepare)(void *context);
	void *context;
	bool ready;
};

/* Makes the folder and an environment with the shim preloaded.  POLICY:
 * written to DIR/policy.cfg and named by PRESEAL_POLICY; NULL leaves
 * PRESEAL_POLICY unset. */
static bool setup(struct fixture *fixture, const char *policy)
{
	*fixture = (struct fixture){ 0 };
	live_env_init(&fixture->env);
	if (live_env_preload(&fixture->env) < 0 ||
	    live_temp_dir(fixture->dir, sizeof(fixture->dir)) < 0)
		return false;
	snprintf(fixture->target, sizeof(fixture->target), "%s/d", fixture->dir);
	live_env_set(&fixture->env, "PRESEAL_PATH", "%s", fixture->dir);
	if (policy) {
		if (live_write_file(fixture->dir, "policy.cfg", policy, 0644, fixture->policy,
				    sizeof(fixture->policy)) < 0)
			return false;
		live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", fixture->policy);
	}
	fixture->ready = true;
	return true;
}

static void teardown(struct fixture *fixture)
{
	live_output_free(&fixture->output);
	live_env_free(&fixture->env);
	live_remove_tree(fixture->dir);
}

static bool run(struct fixture *fixture, const char *const *argv)
{
	struct live_command command = { .argv = argv,
					.env = fixture->env.items,
					.cwd = fixture->cwd,
					.close = fixture->close,
					.prepare = fixture->prepare,
					.context = fixture->context };

	live_output_free(&fixture->output);
	return live_run(&command, &fixture->output) == 0;
}

/* The last run, for failure messages. */
static const char *story(const struct fixture *fixture)
{
	static char text[1536];
	char status[64];

	snprintf(text, sizeof(text), "%s; stdout \"%.600s\"; stderr \"%.600s\"",
		 live_describe(fixture->output.status, status, sizeof(status)), fixture->output.out,
		 fixture->output.err);
	return text;
}

static bool exited_with(const struct fixture *fixture, int code)
{
	return live_exited_with(fixture->output.status, code);
}

/* ---- Choosing the policy -------------------------------------------------- */

/* mkdir DIR/d is refused with EROFS, as deny_mkdir says. */
static void expect_mkdir_read_only(unsigned line, struct fixture *fixture)
{
	if (!run(fixture, ARGV("/bin/mkdir", fixture->target)))
		return;
	LIVE_EXPECT_AT(line,
		       exited_with(fixture, 1) &&
			       strstr(fixture->output.err, "Read-only file system") != NULL,
		       "mkdir should fail with EROFS: %s", story(fixture));
	LIVE_EXPECT_AT(line, !live_path_exists(fixture->target), "%s was created", fixture->target);
}

static void policy_given_as_a_path_is_applied(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, deny_mkdir))
		expect_mkdir_read_only(__LINE__, &fixture);
	teardown(&fixture);
}

static void profile_name_is_found_in_preseal_path(void)
{
	struct fixture fixture = { 0 };
	char path[320];

	if (setup(&fixture, NULL) && live_write_file(fixture.dir, "nomkdir.cfg", deny_mkdir, 0644,
						     path, sizeof(path)) == 0) {
		live_env_set(&fixture.env, "PRESEAL_PATH", "/nonexistent/preseal:%s", fixture.dir);
		live_env_set(&fixture.env, "PRESEAL_POLICY", "nomkdir");
		expect_mkdir_read_only(__LINE__, &fixture);
	}
	teardown(&fixture);
}

static void profile_in_preseal_path_shadows_the_builtin_of_that_name(void)
{
	struct fixture fixture = { 0 };
	char path[320];

	if (setup(&fixture, NULL) && live_write_file(fixture.dir, "baseline.cfg", deny_mkdir, 0644,
						     path, sizeof(path)) == 0) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "baseline");
		expect_mkdir_read_only(__LINE__, &fixture);
	}
	teardown(&fixture);
}

/* The baseline is in force: unshare(CLONE_NEWUSER) is refused, and mkdir,
 * which the baseline allows, works. */
static void expect_baseline(unsigned line, struct fixture *fixture)
{
	char door[PATH_MAX];

	if (live_build_path("tests/door", door, sizeof(door)) < 0 ||
	    !run(fixture, ARGV(door, "unshare_newuser")))
		return;
	LIVE_EXPECT_AT(line,
		       exited_with(fixture, 0) &&
			       strcmp(fixture->output.out, "unshare_newuser EPERM\n") == 0,
		       "unshare(CLONE_NEWUSER) should be refused: %s", story(fixture));
	if (!run(fixture, ARGV("/bin/mkdir", fixture->target)))
		return;
	LIVE_EXPECT_AT(line, exited_with(fixture, 0) && live_path_exists(fixture->target),
		       "mkdir should work under the baseline: %s", story(fixture));
}

static void builtin_name_baseline_is_applied(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "baseline");
		expect_baseline(__LINE__, &fixture);
	}
	teardown(&fixture);
}

static void unset_policy_applies_the_baseline(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL))
		expect_baseline(__LINE__, &fixture);
	teardown(&fixture);
}

static void empty_policy_applies_the_baseline(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "%s", "");
		expect_baseline(__LINE__, &fixture);
	}
	teardown(&fixture);
}

/* ---- Allow-lists and deny-lists on coreutils ------------------------------- */

struct command {
	const char *argv[6];
	const char *output; /* what it prints, or NULL: anything */
};

/* Runs each command (paths relative to DIR) and reports each failure by name. */
static void expect_commands_work(unsigned line, struct fixture *fixture,
				 const struct command *commands, size_t count)
{
	char file[320];

	if (live_write_file(fixture->dir, "f", "b\na\nc\n", 0644, file, sizeof(file)) < 0)
		return;
	fixture->cwd = fixture->dir;
	for (size_t i = 0; i < count; i++) {
		if (!run(fixture, commands[i].argv))
			return;
		LIVE_EXPECT_AT(line,
			       exited_with(fixture, 0) &&
				       (!commands[i].output ||
					strcmp(fixture->output.out, commands[i].output) == 0),
			       "%s %s: %s", commands[i].argv[0],
			       commands[i].argv[1] ? commands[i].argv[1] : "", story(fixture));
	}
}

static const struct command simple_coreutils[] = {
	{ { "/bin/true" }, "" },
	{ { "/bin/ls", "f" }, "f\n" },
	{ { "/bin/cat", "f" }, "b\na\nc\n" },
	{ { "/usr/bin/env", "/bin/echo", "through env" }, "through env\n" },
};

static void deny_list_denies_mkdir_with_its_errno_in_the_message(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, deny_mkdir))
		expect_mkdir_read_only(__LINE__, &fixture);
	teardown(&fixture);
}

static void deny_list_lets_coreutils_run(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, deny_mkdir))
		expect_commands_work(__LINE__, &fixture, simple_coreutils, COUNT(simple_coreutils));
	teardown(&fixture);
}

static void allow_list_gives_mkdir_the_default_errno(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, allow_list_errno) &&
	    run(&fixture, ARGV("/bin/mkdir", fixture.target))) {
		LIVE_EXPECT(exited_with(&fixture, 1) &&
				    strstr(fixture.output.err, "cannot create directory") &&
				    strstr(fixture.output.err, "Exchange full"),
			    "mkdir should fail with EXFULL: %s", story(&fixture));
		LIVE_EXPECT(!live_path_exists(fixture.target), "%s was created", fixture.target);
	}
	teardown(&fixture);
}

static void allow_list_with_kill_default_lets_coreutils_run(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, allow_list_kill))
		expect_commands_work(__LINE__, &fixture, simple_coreutils, COUNT(simple_coreutils));
	teardown(&fixture);
}

static void kill_default_kills_mkdir_with_sigsys(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, allow_list_kill) && run(&fixture, ARGV("/bin/mkdir", fixture.target))) {
		LIVE_EXPECT(live_killed_by(fixture.output.status, SIGSYS),
			    "mkdir should die by SIGSYS: %s", story(&fixture));
		LIVE_EXPECT(!live_path_exists(fixture.target), "%s was created", fixture.target);
	}
	teardown(&fixture);
}

/* ---- What the confined program sees of itself ------------------------------- */

/* Filters the runner itself carries (a container's, say): every count a
 * confined program shows is on top of these. */
static long runner_filters(void)
{
	return live_runner_field("Seccomp_filters");
}

/* Runs cat /proc/self/status under FIXTURE and returns FIELD's value. */
static long confined_status_field(struct fixture *fixture, const char *field)
{
	if (!run(fixture, ARGV("/bin/cat", "/proc/self/status")))
		return -1;
	LIVE_EXPECT(exited_with(fixture, 0), "cat /proc/self/status: %s", story(fixture));
	return live_status_field(fixture->output.out, field);
}

static void confined_program_sees_seccomp_mode_2(void)
{
	struct fixture fixture = { 0 };
	long value;

	if (setup(&fixture, NULL)) {
		value = confined_status_field(&fixture, "Seccomp");
		LIVE_EXPECT(value == 2, "Seccomp: %ld", value);
	}
	teardown(&fixture);
}

static void confined_program_sees_no_new_privs_1(void)
{
	struct fixture fixture = { 0 };
	long value;

	if (setup(&fixture, NULL)) {
		value = confined_status_field(&fixture, "NoNewPrivs");
		LIVE_EXPECT(value == 1, "NoNewPrivs: %ld", value);
	}
	teardown(&fixture);
}

static void confined_program_carries_one_filter(void)
{
	struct fixture fixture = { 0 };
	long value;

	if (setup(&fixture, NULL)) {
		value = confined_status_field(&fixture, "Seccomp_filters");
		LIVE_EXPECT(value == runner_filters() + 1, "Seccomp_filters: %ld, the runner's %ld",
			    value, runner_filters());
	}
	teardown(&fixture);
}

/* ---- A self-contained guest ------------------------------------------------- */

/* Runs COMMAND (a shell line) and returns what it printed, or NULL. */
static char *shell_output(const char *command)
{
	struct live_env env;
	struct live_output output = { 0 };
	char *text = NULL;

	live_env_init(&env);
	if (live_run(&(struct live_command){ .argv = ARGV("/bin/sh", "-c", command),
					     .env = env.items },
		     &output) == 0 &&
	    live_exited_with(output.status, 0))
		text = strdup(output.out);
	live_output_free(&output);
	live_env_free(&env);
	return text;
}

static void shim_exports_no_symbols_and_needs_only_libc(void)
{
	char library[512], command[1200];
	char *exported, *needed;

	if (live_build_path("libpreseal.so", library, sizeof(library)) < 0)
		return;
	if (access("/usr/bin/nm", X_OK) != 0 || access("/usr/bin/readelf", X_OK) != 0) {
		test_skip("nm and readelf (Debian package binutils) are not installed");
		return;
	}
	snprintf(command, sizeof(command), "nm -D --defined-only %s", library);
	exported = shell_output(command);
	snprintf(command, sizeof(command), "readelf -d %s | grep NEEDED", library);
	needed = shell_output(command);
	LIVE_EXPECT(exported && exported[0] == '\0', "libpreseal.so exports: %s",
		    exported ? exported : "(nm failed)");
	LIVE_EXPECT(needed && strstr(needed, "[libc.so.6]") && !strstr(needed, "libseccomp") &&
			    !strstr(needed, "libconfig") &&
			    strchr(needed, '\n') == strrchr(needed, '\n'),
		    "libpreseal.so needs: %s", needed ? needed : "(readelf failed)");
	free(exported);
	free(needed);
}

/* ---- The baseline runs ordinary programs ------------------------------------ */

/* Coreutils that must behave exactly as they do unconfined: same status,
 * same output.  Paths are relative to a fresh folder holding f. */
static const struct command everyday_coreutils[] = {
	{ { "/bin/true" }, NULL },
	{ { "/bin/echo", "hello" }, NULL },
	{ { "/bin/ls", "/" }, NULL },
	{ { "/bin/ls", "-l", "f" }, NULL },
	{ { "/bin/cat", "f" }, NULL },
	{ { "/usr/bin/env", "/bin/echo", "through env" }, NULL },
	{ { "/usr/bin/id" }, NULL },
	{ { "/bin/uname", "-a" }, NULL },
	{ { "/usr/bin/wc", "f" }, NULL },
	{ { "/usr/bin/sort", "f" }, NULL },
	{ { "/usr/bin/head", "-n1", "f" }, NULL },
	{ { "/usr/bin/sha256sum", "f" }, NULL },
	{ { "/usr/bin/stat", "-c", "%s %a %F", "f" }, NULL },
	{ { "/usr/bin/seq", "3" }, NULL },
	{ { "/bin/date", "-u", "-d", "@0" }, NULL },
	{ { "/bin/df", "--output=target", "/" }, NULL },
	{ { "/usr/bin/nproc" }, NULL },
	{ { "/bin/cp", "f", "g" }, NULL },
	{ { "/bin/mv", "f", "m" }, NULL },
	{ { "/bin/mkdir", "-p", "d/e" }, NULL },
	{ { "/usr/bin/touch", "t" }, NULL },
	{ { "/bin/ln", "-s", "f", "l" }, NULL },
	{ { "/bin/chmod", "600", "f" }, NULL },
	{ { "/bin/rm", "f" }, NULL },
	{ { "/usr/bin/install", "-m", "644", "f", "i" }, NULL },
	{ { "/usr/bin/find", ".", "-name", "f" }, NULL },
	{ { "/usr/bin/du", "-s", "f" }, NULL },
	{ { "/bin/sleep", "0.01" }, NULL },
	{ { "/usr/bin/timeout", "5", "/bin/true" }, NULL },
	{ { "/usr/bin/nice", "-n", "1", "/bin/true" }, NULL },
	{ { "/usr/bin/tee", "out" }, NULL },
};

/* Runs ARGV in a fresh copy of the folder, once unconfined and once under
 * the baseline; both runs must end and print alike. */
static void compare_with_unconfined(unsigned line, struct fixture *fixture, const char *const *argv,
				    unsigned index)
{
	struct live_output plain = { 0 };
	char folder[2][400], file[420];
	struct live_env bare;

	for (int i = 0; i < 2; i++) {
		snprintf(folder[i], sizeof(folder[i]), "%s/%u-%s", fixture->dir, index,
			 i ? "confined" : "plain");
		if (mkdir(folder[i], 0755) != 0 ||
		    live_write_file(folder[i], "f", "b\na\nc\n", 0644, file, sizeof(file)) < 0)
			return;
	}
	live_env_init(&bare);
	live_run(&(struct live_command){ .argv = argv, .env = bare.items, .cwd = folder[0] },
		 &plain);
	live_env_free(&bare);
	fixture->cwd = folder[1];
	if (run(fixture, argv))
		LIVE_EXPECT_AT(
			line,
			!plain.status.timed_out &&
				live_exited_with(fixture->output.status,
						 plain.status.exited ? plain.status.code : -1) &&
				strcmp(plain.out, fixture->output.out) == 0,
			"%s %s differs under the baseline: %s; unconfined it printed \"%.300s\"",
			argv[0], argv[1] ? argv[1] : "", story(fixture), plain.out);
	live_output_free(&plain);
}

static void baseline_runs_everyday_coreutils(void)
{
	struct fixture fixture = { 0 };
	char missing[512] = "";

	if (!setup(&fixture, NULL))
		goto out;
	for (size_t i = 0; i < COUNT(everyday_coreutils); i++) {
		const char *const *argv = everyday_coreutils[i].argv;

		if (access(argv[0], X_OK) != 0) {
			strncat(missing, " ", sizeof(missing) - strlen(missing) - 1);
			strncat(missing, argv[0], sizeof(missing) - strlen(missing) - 1);
			continue;
		}
		compare_with_unconfined(__LINE__, &fixture, argv, (unsigned)i);
	}
	if (missing[0]) {
		char why[600];

		snprintf(why, sizeof(why), "not installed, not tried:%s", missing);
		test_skip(why);
	}
out:
	teardown(&fixture);
}

static void baseline_runs_a_shell_pipeline(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL))
		compare_with_unconfined(__LINE__, &fixture, ARGV("/bin/sh", "-c", "ls / | wc -l"),
					0);
	teardown(&fixture);
}

static const char python_script[] =
	"import os, subprocess, sys, threading\n"
	"path = os.path.join(sys.argv[1], 'python-file')\n"
	"with open(path, 'w') as f:\n"
	"    f.write('written by python\\n')\n"
	"with open(path) as f:\n"
	"    assert f.read() == 'written by python\\n'\n"
	"seen = []\n"
	"threads = [threading.Thread(target=seen.append, args=(i,)) for i in range(8)]\n"
	"for t in threads: t.start()\n"
	"for t in threads: t.join()\n"
	"assert sorted(seen) == list(range(8))\n"
	"out = subprocess.run(['/bin/cat', path], capture_output=True, text=True, check=True)\n"
	"assert out.stdout == 'written by python\\n'\n"
	"os.unlink(path)\n"
	"print('python ok')\n";

static void baseline_runs_python3_with_files_threads_and_subprocess(void)
{
	struct fixture fixture = { 0 };

	if (access(PYTHON, X_OK) != 0) {
		test_skip(PYTHON " is not installed (Debian package python3)");
		return;
	}
	if (setup(&fixture, NULL) && run(&fixture, ARGV(PYTHON, "-c", python_script, fixture.dir)))
		LIVE_EXPECT(exited_with(&fixture, 0) &&
				    strcmp(fixture.output.out, "python ok\n") == 0,
			    "python3 under the baseline: %s", story(&fixture));
	teardown(&fixture);
}

static const char git_script[] =
	"set -e; cd \"$1\"; git init -q repo; cd repo; echo one > file; git add file;\n"
	"git -c user.email=t@example.org -c user.name=t commit -qm first;\n"
	"echo two >> file; git diff --stat | tail -n 1; git log --format=%s; git status --short\n";

static void baseline_runs_git_status_log_and_diff(void)
{
	struct fixture fixture = { 0 };

	if (access("/usr/bin/git", X_OK) != 0) {
		test_skip("/usr/bin/git is not installed (Debian package git)");
		return;
	}
	if (setup(&fixture, NULL) &&
	    run(&fixture, ARGV("/bin/sh", "-c", git_script, "sh", fixture.dir)))
		LIVE_EXPECT(exited_with(&fixture, 0) &&
				    strcmp(fixture.output.out,
					   " 1 file changed, 1 insertion(+)\nfirst\n M file\n") ==
					    0,
			    "git under the baseline: %s", story(&fixture));
	teardown(&fixture);
}

/* nginx (master and workers, which drop to www-data when run as root) serves
 * a page that curl fetches, every process under the baseline; the port is
 * on loopback and chosen from the pid so runs do not collide. */
static const char nginx_script[] =
	"set -u; dir=$1; port=$2\n"
	"mkdir -p $dir/html $dir/logs && echo 'hello from nginx' > $dir/html/index.html\n"
	"cat > $dir/nginx.conf <<EOF\n"
	"worker_processes 2; daemon off; pid $dir/nginx.pid; error_log $dir/logs/error.log;\n"
	"events { worker_connections 64; }\n"
	"http { access_log $dir/logs/access.log; client_body_temp_path $dir/body;\n"
	"  proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi; uwsgi_temp_path $dir/uwsgi;\n"
	"  scgi_temp_path $dir/scgi;\n"
	"  server { listen 127.0.0.1:$port; root $dir/html; } }\n"
	"EOF\n"
	"chmod -R a+rX $dir\n"
	"/usr/sbin/nginx -c $dir/nginx.conf & server=$!\n"
	"for i in $(seq 50); do /usr/bin/curl -s -o $dir/got http://127.0.0.1:$port/ && break;"
	" sleep 0.1; done\n"
	"grep '^Seccomp:' /proc/$server/status\n"
	"kill $server; wait $server\n"
	"cat $dir/got\n";

static void baseline_runs_nginx_serving_curl(void)
{
	struct fixture fixture = { 0 };
	char port[16];

	if (access("/usr/sbin/nginx", X_OK) != 0 || access("/usr/bin/curl", X_OK) != 0) {
		test_skip("nginx or curl is not installed (Debian packages nginx-light, curl)");
		return;
	}
	snprintf(port, sizeof(port), "%d", 20000 + getpid() % 20000);
	if (setup(&fixture, NULL) &&
	    run(&fixture, ARGV("/bin/sh", "-c", nginx_script, "sh", fixture.dir, port)))
		LIVE_EXPECT(exited_with(&fixture, 0) &&
				    strcmp(fixture.output.out, "Seccomp:\t2\nhello from nginx\n") ==
					    0,
			    "nginx and curl under the baseline: %s", story(&fixture));
	teardown(&fixture);
}

/* ---- The doors the baseline shuts -------------------------------------------- */

/* Each door of tests/programs/door.c, the errno the baseline answers, and
 * whether a host may shut that door itself (a sysctl, a kernel option), so
 * that the unconfined control cannot tell the filter's answer apart. */
#define DOORS(X)                           \
	X(acct, EPERM, false)              \
	X(add_key, EPERM, false)           \
	X(bpf, EPERM, false)               \
	X(clock_settime, EPERM, false)     \
	X(clone3, ENOSYS, false)           \
	X(clone_newns, EPERM, false)       \
	X(clone_newuser, EPERM, false)     \
	X(finit_module, EPERM, false)      \
	X(init_module, EPERM, false)       \
	X(io_uring_setup, EPERM, true)     \
	X(ioperm, EPERM, false)            \
	X(iopl, EPERM, false)              \
	X(kcmp, EPERM, false)              \
	X(kexec_file_load, EPERM, true)    \
	X(kexec_load, EPERM, true)         \
	X(keyctl, EPERM, false)            \
	X(mount, EPERM, false)             \
	X(open_by_handle_at, EPERM, false) \
	X(perf_event_open, EPERM, false)   \
	X(personality, EPERM, false)       \
	X(pidfd_getfd, EPERM, false)       \
	X(process_vm_readv, EPERM, false)  \
	X(ptrace_attach, EPERM, false)     \
	X(ptrace_traceme, EPERM, false)    \
	X(reboot, EPERM, false)            \
	X(sethostname, EPERM, false)       \
	X(setns, EPERM, false)             \
	X(settimeofday, EPERM, false)      \
	X(swapon, EPERM, false)            \
	X(syslog, EPERM, false)            \
	X(tiocsti, EIO, true)              \
	X(tiocsti_high_bits, EIO, true)    \
	X(unshare_newuser, EPERM, false)   \
	X(uselib, EPERM, false)            \
	X(userfaultfd, EPERM, false)

struct door {
	const char *name;
	const char *error;
	bool host_may_shut;
};

#define DOOR_ENTRY(door, error, host) { #door, #error, host },
static const struct door doors[] = { DOORS(DOOR_ENTRY) };

/* Runs the door program for DOOR; with SHIM false, without the shim.
 * Returns what it printed ("ptrace_traceme EPERM\n"), NULL after a skip or
 * a failure. */
static char *knock(const char *door, bool shim)
{
	struct live_output output = { 0 };
	struct live_env env;
	char program[PATH_MAX], status[64];
	char *said = NULL;

	if (live_build_path("tests/door", program, sizeof(program)) < 0)
		return NULL;
	live_env_init(&env);
	live_env_set(&env, "PRESEAL_PATH", "/nonexistent/preseal");
	if (shim && live_env_preload(&env) < 0)
		goto out;
	if (live_run(&(struct live_command){ .argv = ARGV(program, door), .env = env.items },
		     &output) < 0)
		goto out;
	LIVE_EXPECT(live_exited_with(output.status, 0), "door %s%s: %s; stderr \"%s\"", door,
		    shim ? "" : " (unconfined)",
		    live_describe(output.status, status, sizeof(status)), output.err);
	if (live_exited_with(output.status, 0)) {
		said = output.out;
		output.out = NULL;
	}
out:
	live_output_free(&output);
	live_env_free(&env);
	return said;
}

static void expect_door_shut(const char *door, const char *error)
{
	char expected[128], skipped[128];
	char *said = knock(door, true);

	if (!said)
		return;
	snprintf(expected, sizeof(expected), "%s %s\n", door, error);
	snprintf(skipped, sizeof(skipped), "%s SKIP ", door);
	if (strncmp(said, skipped, strlen(skipped)) == 0)
		test_skip(said);
	else
		LIVE_EXPECT(strcmp(said, expected) == 0,
			    "door %s: expected \"%s %s\", heard \"%s\"", door, door, error, said);
	free(said);
}

#define DOOR_TEST(door, error, host)                             \
	static void baseline_answers_##door##_with_##error(void) \
	{                                                        \
		expect_door_shut(#door, #error);                 \
	}
DOORS(DOOR_TEST)

/* The control: without the shim, as root, each door answers something else
 * than the baseline's errno, so that errno is the filter's own answer. */
static void doors_answer_otherwise_without_the_shim(void)
{
	char shut_by_host[512] = "";

	if (geteuid() != 0 || !live_runner_unconfined()) {
		test_skip("the unconfined control needs root and a runner under no seccomp filter");
		return;
	}
	for (size_t i = 0; i < COUNT(doors); i++) {
		char confined[128];
		char *said = knock(doors[i].name, false);

		if (!said)
			continue;
		snprintf(confined, sizeof(confined), "%s %s\n", doors[i].name, doors[i].error);
		if (strcmp(said, confined) == 0 && doors[i].host_may_shut) {
			strncat(shut_by_host, " ", sizeof(shut_by_host) - strlen(shut_by_host) - 1);
			strncat(shut_by_host, doors[i].name,
				sizeof(shut_by_host) - strlen(shut_by_host) - 1);
		} else {
			LIVE_EXPECT(strcmp(said, confined) != 0,
				    "door %s answers %s even without the shim: the test cannot "
				    "tell the filter's answer apart",
				    doors[i].name, doors[i].error);
		}
		free(said);
	}
	if (shut_by_host[0]) {
		char why[600];

		snprintf(why, sizeof(why), "this host shuts these doors itself:%s", shut_by_host);
		test_skip(why);
	}
}

static void every_door_of_the_door_program_has_a_test(void)
{
	struct live_output output = { 0 };
	struct live_env env;
	char program[PATH_MAX], expected[2048] = "";

	if (live_build_path("tests/door", program, sizeof(program)) < 0)
		return;
	for (size_t i = 0; i < COUNT(doors); i++) {
		strncat(expected, doors[i].name, sizeof(expected) - strlen(expected) - 1);
		strncat(expected, "\n", sizeof(expected) - strlen(expected) - 1);
	}
	live_env_init(&env);
	if (live_run(&(struct live_command){ .argv = ARGV(program), .env = env.items }, &output) ==
	    0)
		LIVE_EXPECT(strcmp(output.out, expected) == 0,
			    "the door program lists \"%s\", the tests cover \"%s\"", output.out,
			    expected);
	live_output_free(&output);
	live_env_free(&env);
}

/* ---- A thread from another library's constructor ----------------------------- */

static const char *compiler(void)
{
	static const char *const candidates[] = { "/usr/bin/cc", "/usr/bin/gcc" };

	for (size_t i = 0; i < COUNT(candidates); i++)
		if (access(candidates[i], X_OK) == 0)
			return candidates[i];
	test_skip("no C compiler (/usr/bin/cc) to build the test's library at run time");
	return NULL;
}

/* <build>/../tests/programs/NAME.c, the source of a test program. */
static int program_source(const char *name, char *buffer, size_t size)
{
	const char *build = live_build_dir();
	char why[PATH_MAX + 64];

	if (!build)
		return -1;
	snprintf(buffer, size, "%s/../tests/programs/%s.c", build, name);
	if (access(buffer, R_OK) == 0)
		return 0;
	snprintf(why, sizeof(why), "%s is missing", buffer);
	test_skip(why);
	return -1;
}

/* Runs the compiler with ARGV (argv[0] is filled in); a failure is a test
 * failure, since the sources are the project's own. */
static bool compile(const char **argv)
{
	struct live_output output = { 0 };
	struct live_env env;
	bool built;

	argv[0] = compiler();
	if (!argv[0])
		return false;
	live_env_init(&env);
	live_run(&(struct live_command){ .argv = argv, .env = env.items }, &output);
	built = live_exited_with(output.status, 0);
	LIVE_EXPECT(built, "%s %s failed: %s", argv[0], argv[1], output.err);
	live_output_free(&output);
	live_env_free(&env);
	return built;
}

/* Builds libearly.so and early_thread linked to it in DIR.  The link order
 * is what makes ld.so run libearly.so's constructor, and so start its
 * thread, before libpreseal.so's (see tests/programs/early_thread.c). */
static bool build_early_thread(struct fixture *fixture, char *program, size_t size)
{
	char source[PATH_MAX], library[400], rpath[400], libdir[300];

	if (program_source("early_thread", source, sizeof(source)) < 0)
		return false;
	snprintf(library, sizeof(library), "%s/libearly.so", fixture->dir);
	snprintf(program, size, "%s/early_thread", fixture->dir);
	snprintf(libdir, sizeof(libdir), "-L%s", fixture->dir);
	snprintf(rpath, sizeof(rpath), "-Wl,-rpath,%s", fixture->dir);
	return compile((const char *[]){ NULL, "-D_GNU_SOURCE", "-DEARLY_LIBRARY", "-shared",
					 "-fPIC", "-o", library, source, "-lpthread", NULL }) &&
	       compile((const char *[]){ NULL, "-D_GNU_SOURCE", "-o", program, source, libdir,
					 "-Wl,--no-as-needed", "-learly", rpath, "-lpthread",
					 NULL });
}

static void early_thread_run(const char *policy, const char *expected)
{
	struct fixture fixture = { 0 };
	char program[400];

	if (!compiler() || !setup(&fixture, policy) ||
	    !build_early_thread(&fixture, program, sizeof(program)))
		goto out;
	if (run(&fixture, ARGV(program, fixture.target)))
		LIVE_EXPECT(exited_with(&fixture, 0) && strcmp(fixture.output.out, expected) == 0,
			    "expected \"%s\": %s", expected, story(&fixture));
out:
	teardown(&fixture);
}

/* What the thread reports; it starts in the runner's own seccomp mode. */
static void early_thread_expect(const char *policy, const char *mkdir_answer, long after)
{
	char expected[128];
	long before = live_runner_field("Seccomp");

	snprintf(expected, sizeof(expected),
		 "early thread: Seccomp %ld at start, mkdir %s, Seccomp %ld after\n", before,
		 mkdir_answer, after < 0 ? before : after);
	early_thread_run(policy, expected);
}

static void thread_from_another_librarys_constructor_is_confined(void)
{
	early_thread_expect(deny_mkdir, "EROFS", 2);
}

/* The control: without thread_sync the same thread escapes, which shows it
 * really was there before the filter. */
static void thread_from_another_librarys_constructor_escapes_without_thread_sync(void)
{
	char policy[sizeof(deny_mkdir) + 32];

	snprintf(policy, sizeof(policy), "%sthread_sync = false;\n", deny_mkdir);
	early_thread_expect(policy, "OK", -1);
}

/* ---- An environment changed by another library's constructor ------------------ */

/* Builds libearlyenv.so and early_setenv linked to it in DIR: the library's
 * constructor runs before libpreseal.so's (see tests/programs/early_setenv.c). */
static bool build_early_setenv(struct fixture *fixture, char *program, size_t size)
{
	char source[PATH_MAX], library[400], rpath[400], libdir[300];

	if (program_source("early_setenv", source, sizeof(source)) < 0)
		return false;
	snprintf(library, sizeof(library), "%s/libearlyenv.so", fixture->dir);
	snprintf(program, size, "%s/early_setenv", fixture->dir);
	snprintf(libdir, sizeof(libdir), "-L%s", fixture->dir);
	snprintf(rpath, sizeof(rpath), "-Wl,-rpath,%s", fixture->dir);
	return compile((const char *[]){ NULL, "-D_GNU_SOURCE", "-DEARLY_LIBRARY", "-shared",
					 "-fPIC", "-o", library, source, NULL }) &&
	       compile((const char *[]){ NULL, "-D_GNU_SOURCE", "-o", program, source, libdir,
					 "-Wl,--no-as-needed", "-learlyenv", rpath, NULL });
}

/* Runs early_setenv under deny_mkdir after its library's constructor made
 * CHANGE (with MODE as the starting PRESEAL_MODE, NULL for none): the shim
 * must apply the policy the program was started with. */
static void early_setenv_expect_denial(unsigned line, const char *change, const char *mode)
{
	struct fixture fixture = { 0 };
	char program[400], allow[400];

	if (!compiler() || !setup(&fixture, deny_mkdir) ||
	    !build_early_setenv(&fixture, program, sizeof(program)))
		goto out;
	live_env_set(&fixture.env, "EARLY_CHANGE", "%s", change);
	if (mode)
		live_env_set(&fixture.env, "PRESEAL_MODE", "%s", mode);
	if (live_write_file(fixture.dir, "allow.cfg", allow_all, 0644, allow, sizeof(allow)) < 0)
		goto out;
	live_env_set(&fixture.env, "EARLY_POLICY", "%s", allow);
	if (run(&fixture, ARGV(program, fixture.target))) {
		LIVE_EXPECT_AT(line,
			       exited_with(&fixture, 0) &&
				       strncmp(fixture.output.out, "mkdir EROFS\n", 12) == 0,
			       "after the constructor's %s: %s", change, story(&fixture));
		LIVE_EXPECT_AT(line, !live_path_exists(fixture.target), "%s was created",
			       fixture.target);
	}
out:
	teardown(&fixture);
}

static void setenv_of_a_new_mode_in_an_earlier_constructor_keeps_enforcement(void)
{
	early_setenv_expect_denial(__LINE__, "complain", NULL);
}

/* setenv() of a variable that was there replaces its pointer in the very
 * array ld.so passes to constructors. */
static void setenv_over_the_mode_in_an_earlier_constructor_keeps_enforcement(void)
{
	early_setenv_expect_denial(__LINE__, "complain", "enforce");
}

static void setenv_of_another_policy_in_an_earlier_constructor_keeps_the_policy(void)
{
	early_setenv_expect_denial(__LINE__, "policy", NULL);
}

/* unsetenv() shifts the entries of that array down in place. */
static void unsetenv_of_the_policy_in_an_earlier_constructor_keeps_the_policy(void)
{
	early_setenv_expect_denial(__LINE__, "unset", NULL);
}

/* The program itself still sees what its constructors made of the
 * environment: the shim reads the startup one and gives environ back. */
static void program_sees_the_environment_its_constructors_left(void)
{
	struct fixture fixture = { 0 };
	char program[400];

	if (!compiler() || !setup(&fixture, deny_mkdir) ||
	    !build_early_setenv(&fixture, program, sizeof(program)))
		goto out;
	live_env_set(&fixture.env, "EARLY_CHANGE", "complain");
	if (run(&fixture, ARGV(program, fixture.target)))
		LIVE_EXPECT(exited_with(&fixture, 0) &&
				    strcmp(fixture.output.out,
					   "mkdir EROFS\nPRESEAL_MODE=complain\n") == 0,
			    "%s", story(&fixture));
out:
	teardown(&fixture);
}

/* ---- Exec, markers and stacking --------------------------------------------- */

static void exec_chain_of_500_keeps_one_filter(void)
{
	struct fixture fixture = { 0 };
	char program[PATH_MAX];

	if (live_build_path("tests/chain", program, sizeof(program)) < 0 || !setup(&fixture, NULL))
		goto out;
	if (run(&fixture, ARGV(program, "500"))) {
		LIVE_EXPECT(exited_with(&fixture, 0) && strstr(fixture.output.out, "chain done\n"),
			    "the chain did not complete: %s", story(&fixture));
		LIVE_EXPECT(live_status_field(fixture.output.out, "Seccomp_filters") ==
					    runner_filters() + 1 &&
				    live_status_field(fixture.output.out, "Seccomp") == 2,
			    "after 500 execs: %s", story(&fixture));
	}
out:
	teardown(&fixture);
}

/* Sets PRESEAL_FILTER to exactly what the shim would set for this
 * environment, as if a filter were loaded; none is. */
static void forge_marker(struct fixture *fixture)
{
	struct environment environment = { .policy = fixture->policy, .path = fixture->dir };

	live_env_set(&fixture->env, "PRESEAL_FILTER", "%016" PRIx64, select_token(&environment));
}

static void forged_marker_does_not_skip_the_filter(void)
{
	struct fixture fixture = { 0 };
	long filters;

	if (setup(&fixture, deny_mkdir)) {
		forge_marker(&fixture);
		filters = confined_status_field(&fixture, "Seccomp_filters");
		LIVE_EXPECT(filters == runner_filters() + 1,
			    "Seccomp_filters: %ld with a forged marker, the runner's %ld", filters,
			    runner_filters());
	}
	teardown(&fixture);
}

static void forged_marker_does_not_lift_a_denial(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, deny_mkdir)) {
		forge_marker(&fixture);
		expect_mkdir_read_only(__LINE__, &fixture);
	}
	teardown(&fixture);
}

/* DIR/child.cfg, the policy a confined program hands to the child it runs. */
static void write_child_policy(struct fixture *fixture, const char *policy, char *path, size_t size)
{
	live_write_file(fixture->dir, "child.cfg", policy, 0644, path, size);
}

static void child_under_another_policy_gets_both_filters(void)
{
	struct fixture fixture = { 0 };
	char child[400], value[420];

	if (!setup(&fixture, NULL))
		goto out;
	write_child_policy(&fixture, deny_mkdir, child, sizeof(child));
	snprintf(value, sizeof(value), "PRESEAL_POLICY=%s", child);
	if (run(&fixture, ARGV("/usr/bin/env", value, "/bin/cat", "/proc/self/status")))
		LIVE_EXPECT(exited_with(&fixture, 0) &&
				    live_status_field(fixture.output.out, "Seccomp_filters") ==
					    runner_filters() + 2,
			    "a child under another policy: %s", story(&fixture));
out:
	teardown(&fixture);
}

static void child_under_another_policy_gets_its_denials(void)
{
	struct fixture fixture = { 0 };
	char child[400], value[420];

	if (!setup(&fixture, NULL))
		goto out;
	write_child_policy(&fixture, deny_mkdir, child, sizeof(child));
	snprintf(value, sizeof(value), "PRESEAL_POLICY=%s", child);
	if (run(&fixture, ARGV("/usr/bin/env", value, "/bin/mkdir", fixture.target))) {
		LIVE_EXPECT(exited_with(&fixture, 1) &&
				    strstr(fixture.output.err, "Read-only file system"),
			    "mkdir under the child's policy: %s", story(&fixture));
		LIVE_EXPECT(!live_path_exists(fixture.target), "%s was created", fixture.target);
	}
out:
	teardown(&fixture);
}

static void child_under_another_policy_keeps_the_parents_denials(void)
{
	struct fixture fixture = { 0 };
	char child[400], value[420];

	if (!setup(&fixture, deny_mkdir))
		goto out;
	write_child_policy(&fixture, allow_all, child, sizeof(child));
	snprintf(value, sizeof(value), "PRESEAL_POLICY=%s", child);
	if (run(&fixture, ARGV("/usr/bin/env", value, "/bin/mkdir", fixture.target))) {
		LIVE_EXPECT(exited_with(&fixture, 1) &&
				    strstr(fixture.output.err, "Read-only file system"),
			    "mkdir under an allow-all child policy: %s", story(&fixture));
		LIVE_EXPECT(!live_path_exists(fixture.target), "%s was created", fixture.target);
	}
out:
	teardown(&fixture);
}

static void child_under_another_policy_fails_closed_where_seccomp_is_denied(void)
{
	struct fixture fixture = { 0 };
	char child[400], value[420];

	if (!setup(&fixture, no_seccomp_filters))
		goto out;
	write_child_policy(&fixture, deny_mkdir, child, sizeof(child));
	snprintf(value, sizeof(value), "PRESEAL_POLICY=%s", child);
	if (run(&fixture, ARGV("/usr/bin/env", value, "/bin/echo", "reached")))
		LIVE_EXPECT(exited_with(&fixture, EXIT_NOT_CONFINED) &&
				    strcmp(fixture.output.out, "") == 0 &&
				    strcmp(fixture.output.err,
					   "preseal: cannot load the filter: Operation not "
					   "permitted (the kernel refused the filter)\n") == 0,
			    "a child whose parent's policy denies seccomp: %s", story(&fixture));
out:
	teardown(&fixture);
}

/* ---- A relative policy path across exec ----------------------------------------- */

/* Everything but rmdir, which is a read-only file system. */
static const char deny_rmdir[] = "default_action = \"allow\";\n"
				 "deny = [ \"rmdir\" ];\n"
				 "deny_action = \"errno(EROFS)\";\n";

static const char deny_getcwd[] = "default_action = \"allow\";\n"
				  "deny = [ \"getcwd\" ];\n"
				  "deny_action = \"errno(EPERM)\";\n";

/* DIR/NAME made, with POLICY as its p.cfg; the folder goes to BUFFER. */
static bool folder_with_policy(struct fixture *fixture, const char *name, const char *policy,
			       char *buffer, size_t size)
{
	char path[600];

	snprintf(buffer, size, "%s/%s", fixture->dir, name);
	return mkdir(buffer, 0755) == 0 &&
	       live_write_file(buffer, "p.cfg", policy, 0644, path, sizeof(path)) == 0;
}

/* PRESEAL_POLICY=./p.cfg names A/p.cfg for a parent in A and B/p.cfg for
 * the child it runs in B: the child must get its own. */
static void relative_policy_in_another_folder_is_the_childs_own(void)
{
	struct fixture fixture = { 0 };
	char a[400], b[400], script[600], made[500];

	if (!setup(&fixture, NULL) ||
	    !folder_with_policy(&fixture, "a", deny_rmdir, a, sizeof(a)) ||
	    !folder_with_policy(&fixture, "b", deny_mkdir, b, sizeof(b)))
		goto out;
	live_env_set(&fixture.env, "PRESEAL_POLICY", "./p.cfg");
	fixture.cwd = a;
	snprintf(script, sizeof(script), "cd '%s' && exec /bin/mkdir d", b);
	snprintf(made, sizeof(made), "%s/d", b);
	if (run(&fixture, ARGV("/bin/sh", "-c", script))) {
		LIVE_EXPECT(exited_with(&fixture, 1) &&
				    strstr(fixture.output.err, "Read-only file system"),
			    "mkdir in b under b/p.cfg: %s", story(&fixture));
		LIVE_EXPECT(!live_path_exists(made), "%s was created", made);
	}
out:
	teardown(&fixture);
}

static void relative_policy_in_the_same_folder_keeps_one_filter(void)
{
	struct fixture fixture = { 0 };
	char a[400];

	if (!setup(&fixture, NULL) || !folder_with_policy(&fixture, "a", deny_rmdir, a, sizeof(a)))
		goto out;
	live_env_set(&fixture.env, "PRESEAL_POLICY", "./p.cfg");
	fixture.cwd = a;
	if (run(&fixture, ARGV("/usr/bin/env", "/bin/cat", "/proc/self/status")))
		LIVE_EXPECT(exited_with(&fixture, 0) &&
				    live_status_field(fixture.output.out, "Seccomp_filters") ==
					    runner_filters() + 1,
			    "env then cat under ./p.cfg: %s", story(&fixture));
out:
	teardown(&fixture);
}

/* After exec the relative path needs the working folder; a parent's policy
 * that refuses getcwd leaves the shim unable to tell, and it fails closed. */
static void relative_policy_where_getcwd_is_refused_fails_closed(void)
{
	struct fixture fixture = { 0 };
	char a[400];

	if (!setup(&fixture, NULL) || !folder_with_policy(&fixture, "a", deny_getcwd, a, sizeof(a)))
		goto out;
	live_env_set(&fixture.env, "PRESEAL_POLICY", "./p.cfg");
	fixture.cwd = a;
	if (run(&fixture, ARGV("/usr/bin/env", "/bin/echo", "reached")))
		LIVE_EXPECT(exited_with(&fixture, EXIT_NOT_CONFINED) &&
				    strcmp(fixture.output.out, "") == 0 &&
				    strcmp(fixture.output.err,
					   "preseal: PRESEAL_POLICY=./p.cfg is relative and the "
					   "working folder cannot be read (getcwd: Operation not "
					   "permitted); give the policy's absolute path\n") == 0,
			    "a child under ./p.cfg that denies getcwd: %s", story(&fixture));
out:
	teardown(&fixture);
}

/* ---- Programs that clash with the shim's insides ----------------------------- */

static void expect_clash_confined(unsigned line, struct fixture *fixture, const char *program,
				  const char *exported)
{
	char expected[64];

	if (!run(fixture, ARGV(program, fixture->target)))
		return;
	snprintf(expected, sizeof(expected), "mkdir EROFS\n%s\n", exported);
	LIVE_EXPECT_AT(line, exited_with(fixture, 0) && strcmp(fixture->output.out, expected) == 0,
		       "expected \"%s\": %s", expected, story(fixture));
	LIVE_EXPECT_AT(line, !live_path_exists(fixture->target), "%s was created", fixture->target);
}

static void program_defining_libseccomp_and_libconfig_names_is_confined(void)
{
	struct fixture fixture = { 0 };
	char program[PATH_MAX];

	if (live_build_path("tests/clash", program, sizeof(program)) == 0 &&
	    setup(&fixture, deny_mkdir))
		expect_clash_confined(__LINE__, &fixture, program, "hidden");
	teardown(&fixture);
}

static void program_exporting_libseccomp_and_libconfig_names_is_confined(void)
{
	struct fixture fixture = { 0 };
	char source[PATH_MAX], program[400];

	if (!compiler() || program_source("clash", source, sizeof(source)) < 0 ||
	    !setup(&fixture, deny_mkdir))
		goto out;
	snprintf(program, sizeof(program), "%s/clash", fixture.dir);
	/* -rdynamic puts the clashing names in the dynamic symbol table, where
	 * they would interpose on an ordinary shared library's. */
	if (compile((const char *[]){ NULL, "-D_GNU_SOURCE", "-rdynamic", "-o", program, source,
				      NULL }))
		expect_clash_confined(__LINE__, &fixture, program, "exported");
out:
	teardown(&fixture);
}

/* ---- Standard descriptors and the descriptor table --------------------------- */

static void true_runs_with_stdin_stdout_and_stderr_closed(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		fixture.close = LIVE_CLOSE_STDIN | LIVE_CLOSE_STDOUT | LIVE_CLOSE_STDERR;
		if (run(&fixture, ARGV("/bin/true")))
			LIVE_EXPECT(exited_with(&fixture, 0), "true with 0, 1, 2 closed: %s",
				    story(&fixture));
	}
	teardown(&fixture);
}

static void denied_call_with_stdio_closed_is_still_denied(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, deny_mkdir)) {
		fixture.close = LIVE_CLOSE_STDIN | LIVE_CLOSE_STDOUT | LIVE_CLOSE_STDERR;
		if (run(&fixture, ARGV("/bin/mkdir", fixture.target)))
			LIVE_EXPECT(exited_with(&fixture, 1), "mkdir with 0, 1, 2 closed: %s",
				    story(&fixture));
		LIVE_EXPECT(!live_path_exists(fixture.target), "%s was created", fixture.target);
	}
	teardown(&fixture);
}

/* With stderr closed the shim has nowhere to report, and must not write its
 * line to whatever file takes descriptor 2 meanwhile (here: the policy
 * file it opens itself, which must stay as it was). */
static void invalid_policy_with_stderr_closed_exits_125_silently(void)
{
	static const char invalid[] = "allow = [ \"read\"\n";
	struct fixture fixture = { 0 };
	struct stat before, after;

	if (!setup(&fixture, invalid) || stat(fixture.policy, &before) != 0)
		goto out;
	fixture.close = LIVE_CLOSE_STDERR;
	if (run(&fixture, ARGV("/bin/echo", "reached")))
		LIVE_EXPECT(exited_with(&fixture, EXIT_NOT_CONFINED) &&
				    strcmp(fixture.output.out, "") == 0,
			    "an invalid policy with fd 2 closed: %s", story(&fixture));
	LIVE_EXPECT(stat(fixture.policy, &after) == 0 && after.st_size == before.st_size,
		    "the policy file changed size");
out:
	teardown(&fixture);
}

/* Runs tests/fds with and without the shim, with the standard descriptors
 * in CLOSE closed: both must see the same descriptors at main. */
static void expect_same_descriptors(unsigned line, unsigned close)
{
	struct fixture fixture = { 0 };
	struct live_output plain = { 0 };
	struct live_env bare;
	char program[PATH_MAX];

	if (live_build_path("tests/fds", program, sizeof(program)) < 0 || !setup(&fixture, NULL))
		goto out;
	live_env_init(&bare);
	live_run(&(struct live_command){ .argv = ARGV(program), .env = bare.items, .close = close },
		 &plain);
	live_env_free(&bare);
	fixture.close = close;
	if (run(&fixture, ARGV(program)))
		LIVE_EXPECT_AT(line,
			       exited_with(&fixture, 0) && live_exited_with(plain.status, 0) &&
				       strcmp(plain.out, fixture.output.out) == 0,
			       "descriptors at main: \"%s\" unconfined, %s", plain.out,
			       story(&fixture));
	live_output_free(&plain);
out:
	teardown(&fixture);
}

static void shim_leaves_the_descriptor_table_as_it_found_it(void)
{
	expect_same_descriptors(__LINE__, 0);
}

/* The shim's own files (the policy, the filter's memfd) take the lowest
 * free numbers: with 0 and 2 closed those are 0 and 2. */
static void shim_leaves_closed_standard_descriptors_closed(void)
{
	expect_same_descriptors(__LINE__, LIVE_CLOSE_STDIN | LIVE_CLOSE_STDERR);
}

/* ---- Failing closed ----------------------------------------------------------- */

/* Runs /bin/echo under FIXTURE: the shim must stop it before main with
 * status 125 and exactly the line EXPECTED on stderr. */
static void expect_fail_closed_at(unsigned line, struct fixture *fixture, const char *expected)
{
	if (!fixture->ready || !run(fixture, ARGV("/bin/echo", "reached")))
		return;
	LIVE_EXPECT_AT(line,
		       exited_with(fixture, EXIT_NOT_CONFINED) &&
			       strcmp(fixture->output.out, "") == 0 &&
			       strcmp(fixture->output.err, expected) == 0,
		       "expected status 125 and \"%s\": %s", expected, story(fixture));
}
#define expect_fail_closed(fixture, ...)                                     \
	do {                                                                 \
		char expected_line[1024];                                    \
                                                                             \
		snprintf(expected_line, sizeof(expected_line), __VA_ARGS__); \
		expect_fail_closed_at(__LINE__, (fixture), expected_line);   \
	} while (0)

static void missing_policy_file_fails_closed(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "%s/missing.cfg", fixture.dir);
		expect_fail_closed(&fixture,
				   "preseal: %s/missing.cfg: cannot open policy: No such file or "
				   "directory\n",
				   fixture.dir);
	}
	teardown(&fixture);
}

static void policy_that_is_a_directory_fails_closed(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "%s", fixture.dir);
		expect_fail_closed(&fixture, "preseal: %s: is a directory, not a policy file\n",
				   fixture.dir);
	}
	teardown(&fixture);
}

static void policy_with_a_syntax_error_fails_closed_with_file_and_line(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, "default_action = \"allow\";\nallow = [ \"read\" \ndeny = ;\n"))
		expect_fail_closed(&fixture, "preseal: %s:3: syntax error\n", fixture.policy);
	teardown(&fixture);
}

static void policy_with_an_unknown_syscall_fails_closed_with_a_suggestion(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, "default_action = \"allow\";\ndeny = [ \"mkdri\" ];\n"))
		expect_fail_closed(&fixture,
				   "preseal: %s:2: unknown syscall 'mkdri' (did you mean "
				   "'mkdir'?)\n",
				   fixture.policy);
	teardown(&fixture);
}

static void unknown_profile_name_fails_closed(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "nosuchprofile");
		expect_fail_closed(&fixture,
				   "preseal: unknown profile 'nosuchprofile': no nosuchprofile.cfg "
				   "in %s, and no built-in profile of that name\n",
				   fixture.dir);
	}
	teardown(&fixture);
}

/* "../etc/passwd" has a '/', so it is a path, read from the working folder
 * (here one whose ../etc/passwd is a passwd line, not a policy), never a
 * profile name looked up in PRESEAL_PATH. */
static void policy_value_with_a_slash_is_read_as_a_path(void)
{
	struct fixture fixture = { 0 };
	char folder[2][320], path[400];

	if (!setup(&fixture, NULL))
		goto out;
	snprintf(folder[0], sizeof(folder[0]), "%s/etc", fixture.dir);
	snprintf(folder[1], sizeof(folder[1]), "%s/work", fixture.dir);
	if (mkdir(folder[0], 0755) != 0 || mkdir(folder[1], 0755) != 0 ||
	    live_write_file(folder[0], "passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644, path,
			    sizeof(path)) < 0)
		goto out;
	fixture.cwd = folder[1];
	live_env_set(&fixture.env, "PRESEAL_POLICY", "../etc/passwd");
	expect_fail_closed(&fixture, "preseal: ../etc/passwd:1: syntax error\n");
out:
	teardown(&fixture);
}

/* NAME is no profile name: even with NAME.cfg, an allow-all policy, waiting
 * in PRESEAL_PATH, the shim must refuse it rather than load it. */
static void expect_invalid_profile_name(unsigned line, const char *name)
{
	struct fixture fixture = { 0 };
	char file[64], path[400], expected[512];

	snprintf(file, sizeof(file), "%s.cfg", name);
	if (setup(&fixture, NULL) &&
	    live_write_file(fixture.dir, file, allow_all, 0644, path, sizeof(path)) == 0) {
		live_env_set(&fixture.env, "PRESEAL_POLICY", "%s", name);
		snprintf(expected, sizeof(expected),
			 "preseal: PRESEAL_POLICY='%s' is neither a path (it has no '/') nor a "
			 "profile name (letters, digits, '.', '_', '-')\n",
			 name);
		expect_fail_closed_at(line, &fixture, expected);
	}
	teardown(&fixture);
}

static void profile_name_starting_with_a_dot_fails_closed(void)
{
	expect_invalid_profile_name(__LINE__, "..x");
}

static void profile_name_starting_with_a_dash_fails_closed(void)
{
	expect_invalid_profile_name(__LINE__, "-x");
}

static void bogus_mode_fails_closed(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_MODE", "bogus");
		expect_fail_closed(&fixture, "preseal: PRESEAL_MODE='bogus' is not a mode "
					     "(enforce, complain or learn)\n");
	}
	teardown(&fixture);
}

static void learn_mode_without_an_output_fails_closed(void)
{
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL)) {
		live_env_set(&fixture.env, "PRESEAL_MODE", "learn");
		expect_fail_closed(&fixture, "preseal: PRESEAL_MODE=learn needs "
					     "PRESEAL_LEARN_OUTPUT, the file to write the policy "
					     "to\n");
	}
	teardown(&fixture);
}

static void expect_writable_policy_refused(unsigned line, mode_t mode)
{
	struct fixture fixture = { 0 };
	char expected[512];

	if (setup(&fixture, allow_all) && chmod(fixture.policy, mode) == 0) {
		snprintf(expected, sizeof(expected),
			 "preseal: %s: is writable by group or others (chmod go-w it)\n",
			 fixture.policy);
		expect_fail_closed_at(line, &fixture, expected);
	}
	teardown(&fixture);
}

static void group_writable_policy_fails_closed(void)
{
	expect_writable_policy_refused(__LINE__, 0664);
}

static void world_writable_policy_fails_closed(void)
{
	expect_writable_policy_refused(__LINE__, 0646);
}

static void policy_owned_by_another_user_fails_closed(void)
{
	struct fixture fixture = { 0 };

	if (geteuid() != 0) {
		test_skip("giving a file to another user needs root");
		return;
	}
	if (setup(&fixture, allow_all) && chown(fixture.policy, NOBODY, NOBODY) == 0)
		expect_fail_closed(&fixture,
				   "preseal: %s: is owned by another user (it must belong to root "
				   "or to you)\n",
				   fixture.policy);
	teardown(&fixture);
}

/* In the child, before execve: a filter under which seccomp() says EPERM. */
static int load_outer_filter(void *context)
{
	struct diag_list diags = { 0 };

	return load_filter(context, &diags) < 0 ? 1 : 0;
}

/* Runs /bin/echo under the baseline, inside a filter compiled from OUTER
 * and loaded in the child just before execve. */
static bool run_inside(struct fixture *fixture, const char *outer_text)
{
	struct policy *outer_policy = NULL;
	struct filter outer = { 0 };
	bool ran = false;

	if (live_compile(outer_text, 0, &outer_policy, &outer) == 0) {
		struct live_command command = { .argv = ARGV("/bin/echo", "reached"),
						.env = fixture->env.items,
						.prepare = load_outer_filter,
						.context = &outer };

		live_output_free(&fixture->output);
		ran = live_run(&command, &fixture->output) == 0;
	}
	filter_free(&outer);
	policy_free(outer_policy);
	return ran;
}

static void kernel_refusing_the_filter_fails_closed(void)
{
	static const char expected[] = "preseal: cannot load the filter: Operation not permitted "
				       "(the kernel refused the filter)\n";
	struct fixture fixture = { 0 };

	if (setup(&fixture, NULL) && run_inside(&fixture, no_seccomp_filters))
		LIVE_EXPECT(exited_with(&fixture, EXIT_NOT_CONFINED) &&
				    strcmp(fixture.output.out, "") == 0 &&
				    strcmp(fixture.output.err, expected) == 0,
			    "expected status 125 and \"%s\": %s", expected, story(&fixture));
	teardown(&fixture);
}

/* With seccomp() refused outright even libseccomp's probes of the kernel
 * fail, and the shim stops earlier; it must still fail closed, in one line. */
static void seccomp_refused_outright_fails_closed_in_one_line(void)
{
	struct fixture fixture = { 0 };
	const char *newline;

	if (setup(&fixture, NULL) && run_inside(&fixture, no_seccomp_at_all)) {
		newline = strchr(fixture.output.err, '\n');
		LIVE_EXPECT(exited_with(&fixture, EXIT_NOT_CONFINED) &&
				    strcmp(fixture.output.out, "") == 0 &&
				    strncmp(fixture.output.err, "preseal: ", 9) == 0 && newline &&
				    newline[1] == '\0',
			    "expected status 125 and one line \"preseal: …\": %s", story(&fixture));
	}
	teardown(&fixture);
}

/* Root drops to uid 65534, and so loses CAP_SYS_ADMIN; anyone else runs
 * as they are. */
static int without_root(void *context)
{
	gid_t groups[1] = { NOBODY };

	(void)context;
	if (geteuid() != 0)
		return 0;
	return setgroups(1, groups) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0;
}

/* One file of the build copied into the test's folder, mode 0755. */
static bool copy_build_file(struct fixture *fixture, const char *name, char *copy, size_t size)
{
	char library[PATH_MAX];
	int from, to;
	char chunk[65536];
	ssize_t got;
	bool copied = true;

	if (live_build_path(name, library, sizeof(library)) < 0)
		return false;
	snprintf(copy, size, "%s/%s", fixture->dir, name);
	from = open(library, O_RDONLY | O_CLOEXEC);
	to = open(copy, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	while (from >= 0 && to >= 0 && (got = read(from, chunk, sizeof(chunk))) > 0)
		copied = copied && write(to, chunk, (size_t)got) == got;
	copied = copied && from >= 0 && to >= 0 && fchmod(to, 0755) == 0;
	if (from >= 0)
		close(from);
	if (to >= 0)
		close(to);
	LIVE_EXPECT(copied, "cannot copy %.900s to %s", library, copy);
	return copied;
}

/* The shim and its compiler module are copied into the test's folder so
 * that the other user can surely read them: an unreadable LD_PRELOAD is
 * ignored by ld.so, and the program would run unconfined for a reason that
 * is not the test's. */
static bool preload_a_copy(struct fixture *fixture)
{
	char copy[400], module[400];

	if (!copy_build_file(fixture, "libpreseal.so", copy, sizeof(copy)) ||
	    !copy_build_file(fixture, "libpreseal-compiler.so", module, sizeof(module)))
		return false;
	live_env_set(&fixture->env, "LD_PRELOAD", "%s", copy);
	return true;
}

/* libpreseal.so alone, without libpreseal-compiler.so beside it: the
 * built-in profiles and compiled policies need nothing more; a policy that
 * must be compiled stops the program and names the missing file. */
static void shim_without_its_module_loads_builtins_and_fails_closed_on_text(void)
{
	struct fixture fixture = { 0 };
	char copy[400], installed[PATH_MAX];

	snprintf(installed, sizeof(installed), "%s/libpreseal-compiler.so", PRESEAL_LIBDIR);
	if (access(installed, F_OK) == 0) {
		test_skip("an installed libpreseal-compiler.so would be found instead");
		return;
	}
	if (setup(&fixture, NULL) &&
	    copy_build_file(&fixture, "libpreseal.so", copy, sizeof(copy))) {
		live_env_set(&fixture.env, "LD_PRELOAD", "%s", copy);
		expect_baseline(__LINE__, &fixture);
		if (live_write_file(fixture.dir, "policy.cfg", allow_all, 0644, fixture.policy,
				    sizeof(fixture.policy)) == 0) {
			live_env_set(&fixture.env, "PRESEAL_POLICY", "%s", fixture.policy);
			expect_fail_closed(&fixture,
					   "preseal: cannot open libpreseal-compiler.so, "
					   "which compiles policies, beside libpreseal.so "
					   "or in %s; install the two together, or load a "
					   "built-in profile or a policy compiled with "
					   "`preseal compile`\n",
					   PRESEAL_LIBDIR);
		}
	}
	teardown(&fixture);
}

static void no_new_privs_false_fails_closed_for_a_non_root_user(void)
{
	struct fixture fixture = { 0 };
	char policy[sizeof(allow_all) + 32];

	if (live_runner_field("NoNewPrivs") != 0) {
		test_skip("the runner already has no_new_privs, which no child can clear");
		return;
	}
	snprintf(policy, sizeof(policy), "%sno_new_privs = false;\n", allow_all);
	if (setup(&fixture, policy) && preload_a_copy(&fixture)) {
		fixture.prepare = without_root;
		expect_fail_closed(&fixture, "preseal: cannot load the filter: Permission denied "
					     "(no_new_privs = false needs CAP_SYS_ADMIN)\n");
	}
	teardown(&fixture);
}

/* ---- Secure execution (setuid, setgid, file capabilities) --------------------- */

/* ld.so honours LD_PRELOAD in a setuid program only for set-user-ID
 * libraries in the system's folders, but always loads /etc/ld.so.preload.
 * The test gives its child a private mount namespace whose /etc is an
 * overlay holding an ld.so.preload that names the shim, then drops to
 * nobody and runs a setuid-root copy of the door program: AT_SECURE. */
struct secure_run {
	const char *dir;
	bool preload; /* the overlay with ld.so.preload */
};

static int secure_prepare(void *context)
{
	const struct secure_run *secure = context;
	char options[1024];

	if (secure->preload) {
		snprintf(options, sizeof(options),
			 "lowerdir=/etc,upperdir=%s/upper,workdir=%s/work", secure->dir,
			 secure->dir);
		if (unshare(CLONE_NEWNS) != 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
		    mount("overlay", "/etc", "overlay", 0, options) != 0)
			return 1;
	}
	return without_root(NULL);
}

/* DIR/door setuid root, DIR/upper/ld.so.preload naming a copy of the shim,
 * DIR/work; the door's path goes to PROGRAM. */
static bool prepare_secure_door(struct fixture *fixture, char *program, size_t size)
{
	char shim[400], upper[400], work[400], line[420], path[600];

	if (!copy_build_file(fixture, "libpreseal.so", shim, sizeof(shim)) ||
	    !copy_build_file(fixture, "libpreseal-compiler.so", path, sizeof(path)))
		return false;
	if (live_build_path("tests/door", path, sizeof(path)) < 0 ||
	    !copy_build_file(fixture, "tests/door", program, size))
		return false;
	snprintf(upper, sizeof(upper), "%s/upper", fixture->dir);
	snprintf(work, sizeof(work), "%s/work", fixture->dir);
	snprintf(line, sizeof(line), "%s\n", shim);
	LIVE_EXPECT(chown(program, 0, 0) == 0 && chmod(program, 04755) == 0,
		    "cannot make %s setuid root", program);
	return mkdir(upper, 0755) == 0 && mkdir(work, 0700) == 0 &&
	       live_write_file(upper, "ld.so.preload", line, 0644, path, sizeof(path)) == 0;
}

/* The caller, nobody, names an allow-all policy, complain mode, a log
 * file and a learn output: a setuid program must ignore all of them and
 * run under the built-in baseline, which answers acct with EPERM where the
 * program's root privilege alone would get ENOENT. */
static void secure_execution_ignores_the_callers_preseal_variables(void)
{
	struct fixture fixture = { 0 };
	struct secure_run secure = { 0 };
	char program[400], log[400], learned[400], tests[400];

	if (geteuid() != 0) {
		test_skip("needs root to make a setuid program and a mount namespace");
		return;
	}
	if (!setup(&fixture, allow_all))
		goto out;
	snprintf(tests, sizeof(tests), "%s/tests", fixture.dir);
	if (mkdir(tests, 0755) != 0 || !prepare_secure_door(&fixture, program, sizeof(program)))
		goto out;
	snprintf(log, sizeof(log), "%s/log", fixture.dir);
	snprintf(learned, sizeof(learned), "%s/learned.cfg", fixture.dir);
	live_env_unset(&fixture.env, "LD_PRELOAD");
	live_env_set(&fixture.env, "PRESEAL_MODE", "learn");
	live_env_set(&fixture.env, "PRESEAL_LEARN_OUTPUT", "%s", learned);
	live_env_set(&fixture.env, "PRESEAL_LOG", "%s", log);
	secure.dir = fixture.dir;
	fixture.prepare = secure_prepare;
	fixture.context = &secure;
	/* The control: without the preload, the door runs as root. */
	if (!run(&fixture, ARGV(program, "acct")))
		goto out;
	if (!exited_with(&fixture, 0) || strcmp(fixture.output.out, "acct ENOENT\n") != 0) {
		test_skip("a setuid-root copy of the door does not run as root here (nosuid?)");
		goto out;
	}
	secure.preload = true;
	if (!run(&fixture, ARGV(program, "acct")))
		goto out;
	if (exited_with(&fixture, LIVE_EXIT_PREPARE_FAILED)) {
		test_skip("no private mount namespace with an overlay over /etc here");
		goto out;
	}
	LIVE_EXPECT(exited_with(&fixture, 0) && strcmp(fixture.output.out, "acct EPERM\n") == 0,
		    "a setuid door under /etc/ld.so.preload: %s", story(&fixture));
	LIVE_EXPECT(!live_path_exists(learned) && !live_path_exists(log),
		    "the setuid program wrote where its caller said (%s or %s)", learned, log);
out:
	teardown(&fixture);
}

/* ---- Groups as systemd has them ------------------------------------------------ */

/* systemd's reading of `allow @system-service; deny @privileged`: the
 * fanotify calls, which need CAP_SYS_ADMIN, are denied. */
static const char system_service_but_privileged[] = "default_action = \"errno(EPERM)\";\n"
						    "allow = [ \"@system-service\" ];\n"
						    "deny = [ \"@privileged\" ];\n"
						    "deny_action = \"errno(EXFULL)\";\n";

/* fanotify_init(FAN_CLASS_NOTIF, O_RDONLY) through libc's syscall(), on
 * x86_64 (number 300): "fanotify_init OK" or its errno's name. */
static const char fanotify_script[] =
	"import ctypes, errno, os, sys\n"
	"if os.uname().machine != 'x86_64':\n"
	"    print('fanotify_init SKIP'); sys.exit(0)\n"
	"libc = ctypes.CDLL(None, use_errno=True)\n"
	"r = libc.syscall(300, 0, 0)\n"
	"print('fanotify_init', 'OK' if r >= 0 else errno.errorcode[ctypes.get_errno()])\n";

static void fanotify_init_is_denied_by_system_service_minus_privileged(void)
{
	struct fixture fixture = { 0 };

	if (access(PYTHON, X_OK) != 0) {
		test_skip(PYTHON " is not installed (Debian package python3)");
		return;
	}
	if (!setup(&fixture, system_service_but_privileged))
		goto out;
	/* The control: unconfined, root may call it. */
	live_env_unset(&fixture.env, "LD_PRELOAD");
	if (!run(&fixture, ARGV(PYTHON, "-c", fanotify_script)))
		goto out;
	if (strcmp(fixture.output.out, "fanotify_init OK\n") != 0) {
		test_skip("fanotify_init does not succeed unconfined here (not x86_64, no "
			  "CAP_SYS_ADMIN, or no fanotify)");
		goto out;
	}
	if (live_env_preload(&fixture.env) < 0 ||
	    !run(&fixture, ARGV(PYTHON, "-c", fanotify_script)))
		goto out;
	LIVE_EXPECT(exited_with(&fixture, 0) &&
			    strcmp(fixture.output.out, "fanotify_init EXFULL\n") == 0,
		    "fanotify_init under allow @system-service, deny @privileged: %s",
		    story(&fixture));
out:
	teardown(&fixture);
}

#define CASE(test)          \
	{                   \
#test, test \
	}
#define DOOR_CASE(door, error, host) CASE(baseline_answers_##door##_with_##error),

/* A policy with paths never lets its program read a file outside them: the
 * program is refused the file (Landlock) or does not start at all (125),
 * never run with the seccomp part alone. */
static void policy_with_paths_never_runs_with_seccomp_alone(void)
{
	struct fixture fixture = { 0 };
	char secret[320];

	if (setup(&fixture, "default_action = \"allow\";\n"
			    "paths = { read = [ \"/usr\", \"/etc\" ]; };\n") &&
	    live_write_file(fixture.dir, "secret", "the secret\n", 0644, secret, sizeof(secret)) ==
		    0 &&
	    run(&fixture, ARGV("/bin/cat", secret))) {
		LIVE_EXPECT(!strstr(fixture.output.out, "the secret") && !exited_with(&fixture, 0),
			    "cat read a file outside paths: %s", story(&fixture));
	}
	teardown(&fixture);
}

static const struct test_case cases[] = {
	CASE(policy_given_as_a_path_is_applied),
	CASE(profile_name_is_found_in_preseal_path),
	CASE(profile_in_preseal_path_shadows_the_builtin_of_that_name),
	CASE(builtin_name_baseline_is_applied),
	CASE(unset_policy_applies_the_baseline),
	CASE(empty_policy_applies_the_baseline),
	CASE(deny_list_denies_mkdir_with_its_errno_in_the_message),
	CASE(deny_list_lets_coreutils_run),
	CASE(allow_list_gives_mkdir_the_default_errno),
	CASE(allow_list_with_kill_default_lets_coreutils_run),
	CASE(kill_default_kills_mkdir_with_sigsys),
	CASE(confined_program_sees_seccomp_mode_2),
	CASE(confined_program_sees_no_new_privs_1),
	CASE(confined_program_carries_one_filter),
	CASE(baseline_runs_everyday_coreutils),
	CASE(baseline_runs_a_shell_pipeline),
	CASE(baseline_runs_python3_with_files_threads_and_subprocess),
	CASE(shim_exports_no_symbols_and_needs_only_libc),
	CASE(baseline_runs_git_status_log_and_diff),
	CASE(baseline_runs_nginx_serving_curl),
	DOORS(DOOR_CASE) CASE(doors_answer_otherwise_without_the_shim),
	CASE(every_door_of_the_door_program_has_a_test),
	CASE(thread_from_another_librarys_constructor_is_confined),
	CASE(thread_from_another_librarys_constructor_escapes_without_thread_sync),
	CASE(setenv_of_a_new_mode_in_an_earlier_constructor_keeps_enforcement),
	CASE(setenv_over_the_mode_in_an_earlier_constructor_keeps_enforcement),
	CASE(setenv_of_another_policy_in_an_earlier_constructor_keeps_the_policy),
	CASE(unsetenv_of_the_policy_in_an_earlier_constructor_keeps_the_policy),
	CASE(program_sees_the_environment_its_constructors_left),
	CASE(exec_chain_of_500_keeps_one_filter),
	CASE(forged_marker_does_not_skip_the_filter),
	CASE(forged_marker_does_not_lift_a_denial),
	CASE(child_under_another_policy_gets_both_filters),
	CASE(child_under_another_policy_gets_its_denials),
	CASE(child_under_another_policy_keeps_the_parents_denials),
	CASE(child_under_another_policy_fails_closed_where_seccomp_is_denied),
	CASE(relative_policy_in_another_folder_is_the_childs_own),
	CASE(relative_policy_in_the_same_folder_keeps_one_filter),
	CASE(relative_policy_where_getcwd_is_refused_fails_closed),
	CASE(program_defining_libseccomp_and_libconfig_names_is_confined),
	CASE(program_exporting_libseccomp_and_libconfig_names_is_confined),
	CASE(true_runs_with_stdin_stdout_and_stderr_closed),
	CASE(denied_call_with_stdio_closed_is_still_denied),
	CASE(invalid_policy_with_stderr_closed_exits_125_silently),
	CASE(shim_leaves_the_descriptor_table_as_it_found_it),
	CASE(shim_leaves_closed_standard_descriptors_closed),
	CASE(missing_policy_file_fails_closed),
	CASE(policy_that_is_a_directory_fails_closed),
	CASE(policy_with_a_syntax_error_fails_closed_with_file_and_line),
	CASE(policy_with_an_unknown_syscall_fails_closed_with_a_suggestion),
	CASE(unknown_profile_name_fails_closed),
	CASE(policy_value_with_a_slash_is_read_as_a_path),
	CASE(profile_name_starting_with_a_dot_fails_closed),
	CASE(profile_name_starting_with_a_dash_fails_closed),
	CASE(bogus_mode_fails_closed),
	CASE(learn_mode_without_an_output_fails_closed),
	CASE(group_writable_policy_fails_closed),
	CASE(world_writable_policy_fails_closed),
	CASE(policy_owned_by_another_user_fails_closed),
	CASE(kernel_refusing_the_filter_fails_closed),
	CASE(seccomp_refused_outright_fails_closed_in_one_line),
	CASE(shim_without_its_module_loads_builtins_and_fails_closed_on_text),
	CASE(no_new_privs_false_fails_closed_for_a_non_root_user),
	CASE(secure_execution_ignores_the_callers_preseal_variables),
	CASE(fanotify_init_is_denied_by_system_service_minus_privileged),
	{ "policy_with_paths_never_runs_with_seccomp_alone",
	  policy_with_paths_never_runs_with_seccomp_alone },
	{ NULL, NULL },
};

const struct test_suite suite_shim = { "shim", cases };
