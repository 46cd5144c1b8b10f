/* test_profiles: the shipped profiles, on the real programs they are for.
 *
 * Every profile passes `preseal check --strict`.  Each program profile runs
 * its program through `build/preseal run -p NAME` doing real work, whose
 * output is checked, and then meets one door its profile shuts: the test
 * checks the errno the program reports and, from outside, that the effect
 * did not happen (no file, no connection, no new process).  PRESEAL_PATH
 * points at an empty folder, so the built-in copies are what runs.  A
 * program that is not installed is a counted skip.
 */
#include "harness.h"
#include "live.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "profiles.h"

#define PYTHON "/usr/bin/python3"
#define NGINX  "/usr/sbin/nginx"
#define CURL   "/usr/bin/curl"
#define GIT    "/usr/bin/git"

struct profile_run {
	char dir[256]; /* a private folder: PRESEAL_PATH, HOME and the work */
	char preseal[4096];
	struct live_env env;
	struct live_output output;
	bool ran;
};

/* False (after a counted skip) when one of the programs is missing. */
static bool installed(const char *const *programs, const char *package)
{
	for (; *programs; programs++) {
		if (access(*programs, X_OK) != 0) {
			char why[512];

			snprintf(why, sizeof(why), "%s is not installed (Debian package %s)",
				 *programs, package);
			test_skip(why);
			return false;
		}
	}
	return true;
}

static bool setup(struct profile_run *run)
{
	*run = (struct profile_run){ 0 };
	live_env_init(&run->env);
	if (live_build_path("preseal", run->preseal, sizeof(run->preseal)) < 0 ||
	    live_temp_dir(run->dir, sizeof(run->dir)) < 0)
		return false;
	live_env_set(&run->env, "PRESEAL_PATH", "%s", run->dir);
	live_env_set(&run->env, "HOME", "%s", run->dir);
	live_env_set(&run->env, "PRESEAL", "%s", run->preseal);
	return true;
}

static void teardown(struct profile_run *run)
{
	if (run->ran)
		live_output_free(&run->output);
	if (run->dir[0])
		live_remove_tree(run->dir);
	live_env_free(&run->env);
}

/* Runs the shell SCRIPT (unconfined: it confines what it starts with
 * "$PRESEAL" run -p) with $1 the test's folder and $2 ARGUMENT. */
static bool run_script(struct profile_run *run, const char *script, const char *argument)
{
	const char *argv[] = { "/bin/sh", "-c", script, "sh", run->dir, argument, NULL };
	struct live_command command = { .argv = argv, .env = run->env.items, .cwd = run->dir };

	if (run->ran)
		live_output_free(&run->output);
	run->ran = live_run(&command, &run->output) == 0;
	return run->ran;
}

/* Runs the shell script OUTER (unconfined) with $1 the test's folder, $2
 * ARGUMENT and $3 BODY: a workload that OUTER runs under a profile. */
static bool run_body(struct profile_run *run, const char *outer, const char *body,
		     const char *argument)
{
	const char *argv[] = { "/bin/sh", "-c", outer, "sh", run->dir, argument, body, NULL };
	struct live_command command = { .argv = argv, .env = run->env.items, .cwd = run->dir };

	if (run->ran)
		live_output_free(&run->output);
	run->ran = live_run(&command, &run->output) == 0;
	return run->ran;
}

static const char *story(const struct profile_run *run)
{
	static char text[8192];
	char status[64];

	snprintf(text, sizeof(text), "%s; stdout [%s] stderr [%s]",
		 live_describe(run->output.status, status, sizeof(status)), run->output.out,
		 run->output.err);
	return text;
}

/* A TCP listener on a free loopback port, in the runner: what the
 * confined program must not reach.  Returns the descriptor, -1 on error. */
static int listen_on_loopback(int *port)
{
	struct sockaddr_in address = { .sin_family = AF_INET,
				       .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t length = sizeof(address);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0 ||
	    listen(fd, 8) < 0 || getsockname(fd, (struct sockaddr *)&address, &length) < 0) {
		LIVE_EXPECT(false, "loopback listener: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(address.sin_port);
	return fd;
}

/* True when someone connected to LISTENER (the kernel completes the
 * handshake before accept, so a connection would be waiting). */
static bool was_connected(int listener)
{
	int client = accept(listener, NULL, NULL);

	if (client >= 0) {
		close(client);
		return true;
	}
	return errno != EAGAIN && errno != EWOULDBLOCK;
}

/* A port for a server the test starts, from the pid and a number of the
 * test's own, apart from the baseline's nginx test (20000-39999). */
static void pick_port(char *port, size_t size, int salt)
{
	snprintf(port, size, "%d", 40000 + (getpid() * 3 + salt) % 20000);
}

/* Runs tests/workloads/NAME (found beside the build folder) with the
 * test's folder and ARGUMENTS (at most 3), unconfined: the script runs
 * the profile's program under "$PRESEAL" run -p and prints one line per
 * step. */
static bool run_workload(struct profile_run *run, const char *name, const char *first,
			 const char *second)
{
	const char *build = live_build_dir();
	char path[4096];

	if (!build)
		return false;
	snprintf(path, sizeof(path), "%s/../tests/workloads/%s", build, name);
	if (access(path, R_OK) != 0) {
		test_skip("tests/workloads not found: run the tests from the repository root");
		return false;
	}
	const char *argv[] = { "/bin/sh", path, run->dir, first, second, NULL };
	struct live_command command = { .argv = argv, .env = run->env.items, .cwd = run->dir };

	if (run->ran)
		live_output_free(&run->output);
	run->ran = live_run(&command, &run->output) == 0;
	return run->ran;
}

/* ---- every profile ---------------------------------------------------------- */

static void every_shipped_profile_passes_check_strict(void)
{
	struct profile_run run = { 0 };
	size_t count;
	const struct builtin_profile *profiles = profiles_all(&count);

	if (!setup(&run))
		goto out;
	EXPECT(count >= 10, "only %zu built-in profiles", count);
	for (size_t i = 0; i < count; i++) {
		/* The baseline allows W+X memory for JITs, and says so. */
		if (strcmp(profiles[i].name, "baseline") == 0)
			continue;
		if (run_script(&run, "\"$PRESEAL\" check --strict \"$2\"", profiles[i].name))
			LIVE_EXPECT(live_exited_with(run.output.status, 0) && !run.output.err[0],
				    "check --strict %s: %s", profiles[i].name, story(&run));
	}
out:
	teardown(&run);
}

/* The doors each header says its profile shuts, also those its program
 * never tries (so no workload can show them): what the compiled filter
 * gives the call, as `preseal explain` reads it. */
struct shut_door {
	const char *profile;
	const char *call[5]; /* syscall and arguments, as explain takes them */
	const char *action;
};

static const struct shut_door shut_doors[] = {
	{ "curl", { "socket", "17" }, "errno(EPERM)" }, /* AF_PACKET */
	{ "curl", { "listen" }, "errno(EPERM)" },
	{ "curl", { "accept4" }, "errno(EPERM)" },
	{ "curl",
	  { "openat", "-100", "0", "0x241" },
	  "errno(EPERM)" }, /* O_WRONLY|O_CREAT|O_TRUNC */
	{ "curl", { "fork" }, "errno(EPERM)" },
	{ "curl", { "execve" }, "errno(EPERM)" },
	{ "curl", { "kill", "1", "9" }, "errno(EPERM)" },
	{ "curl", { "unshare", "0x10000000" }, "errno(EPERM)" },
	{ "curl", { "ptrace" }, "errno(EPERM)" },
	{ "curl", { "mount" }, "errno(EPERM)" },
	{ "curl", { "bpf" }, "errno(EPERM)" },
	{ "curl", { "io_uring_setup" }, "errno(EPERM)" },
	{ "curl", { "mmap", "0", "4096", "7", "0x22" }, "errno(EACCES)" },
	{ "git", { "socket", "2" }, "errno(EPERM)" },
	{ "git", { "socket", "10" }, "errno(EPERM)" },
	{ "git", { "setuid", "0" }, "errno(EPERM)" },
	{ "git", { "setgid", "0" }, "errno(EPERM)" },
	{ "git", { "clone", "0x10000000" }, "errno(EPERM)" },
	{ "git", { "unshare", "0x20000" }, "errno(EPERM)" },
	{ "git", { "ptrace" }, "errno(EPERM)" },
	{ "git", { "mount" }, "errno(EPERM)" },
	{ "git", { "bpf" }, "errno(EPERM)" },
	{ "git", { "io_uring_setup" }, "errno(EPERM)" },
	{ "git", { "keyctl" }, "errno(EPERM)" },
	{ "git", { "mmap", "0", "4096", "7", "0x2" }, "errno(EACCES)" }, /* W+X of a file */
	{ "git", { "mmap", "0", "4096", "7", "0x1" }, "errno(EACCES)" }, /* shared */
	{ "git", { "mmap", "0", "4096", "7", "0x22" }, "allow" },	 /* PCRE2's JIT */
	{ "git", { "mprotect", "0", "4096", "7" }, "errno(EACCES)" },
	{ "nginx", { "execve" }, "errno(EPERM)" },
	{ "nginx", { "execveat" }, "errno(EPERM)" },
	{ "nginx", { "clone", "0x20000" }, "errno(EPERM)" },
	{ "nginx", { "ptrace" }, "errno(EPERM)" },
	{ "nginx", { "mount" }, "errno(EPERM)" },
	{ "nginx", { "init_module" }, "errno(EPERM)" },
	{ "nginx", { "io_uring_setup" }, "errno(EPERM)" },
	{ "nginx", { "bpf" }, "errno(EPERM)" },
	{ "nginx", { "io_setup" }, "errno(EPERM)" },
	{ "nginx", { "socket", "16" }, "errno(EPERM)" }, /* AF_NETLINK */
	{ "nginx", { "socket", "17" }, "errno(EPERM)" },
	{ "nginx", { "ioctl", "0", "0x5412" }, "errno(EPERM)" }, /* TIOCSTI */
	{ "nginx", { "mmap", "0", "4096", "7", "0x22" }, "errno(EACCES)" },
	{ "python3", { "socket", "2" }, "errno(EPERM)" },
	{ "python3", { "socket", "10" }, "errno(EPERM)" },
	{ "python3", { "execve" }, "errno(EPERM)" },
	{ "python3", { "execveat" }, "errno(EPERM)" },
	{ "python3", { "unshare", "0x10000000" }, "errno(EPERM)" },
	{ "python3", { "ptrace" }, "errno(EPERM)" },
	{ "python3", { "mount" }, "errno(EPERM)" },
	{ "python3", { "bpf" }, "errno(EPERM)" },
	{ "python3", { "io_uring_setup" }, "errno(EPERM)" },
	{ "python3", { "keyctl" }, "errno(EPERM)" },
	{ "python3", { "mmap", "0", "4096", "7", "0x22" }, "errno(EACCES)" },
	{ "python3", { "mprotect", "0", "4096", "7" }, "errno(EACCES)" },
};

static void program_profiles_shut_the_doors_their_headers_name(void)
{
	struct live_env env;

	/* The git profile's paths name "~". */
	live_env_init(&env);
	live_env_set(&env, "HOME", "/nonexistent/home");
	for (size_t i = 0; i < sizeof(shut_doors) / sizeof(shut_doors[0]); i++) {
		const struct shut_door *door = &shut_doors[i];
		const char *args[10] = { "explain", door->profile };
		struct live_output output;
		char want[64];
		size_t n = 2;
		const char *line_end;

		for (size_t k = 0; k < 5 && door->call[k]; k++)
			args[n++] = door->call[k];
		if (live_run_preseal(args, &env, &output) < 0)
			continue;
		snprintf(want, sizeof(want), "): %s\n", door->action);
		line_end = strchr(output.out, '\n');
		LIVE_EXPECT(live_exited_with(output.status, 0) && line_end &&
				    (size_t)(line_end + 1 - output.out) >= strlen(want) &&
				    strncmp(line_end + 1 - strlen(want), want, strlen(want)) == 0,
			    "explain %s %s: want %s, got [%s] [%s]", door->profile, door->call[0],
			    door->action, output.out, output.err);
		live_output_free(&output);
	}
	live_env_free(&env);
}

/* ---- stdio and read-only ------------------------------------------------------ */

static const char stdio_script[] = "printf 'pear\\napple\\nfig\\n' > \"$1/in\"\n"
				   "\"$PRESEAL\" run -p stdio -- sort < \"$1/in\"\n"
				   "\"$PRESEAL\" run -p stdio -- wc -l < \"$1/in\"\n"
				   "\"$PRESEAL\" run -p stdio -- cat \"$1/in\"; echo \"cat: $?\"\n";

static void stdio_profile_computes_on_open_files_but_opens_none(void)
{
	struct profile_run run = { 0 };

	if (setup(&run) && run_script(&run, stdio_script, "")) {
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out, "apple\nfig\npear\n3\ncat: 1\n") == 0,
			    "stdio: %s", story(&run));
		LIVE_EXPECT(strstr(run.output.err, "in: Operation not permitted") != NULL,
			    "cat's open must fail with EPERM: %s", story(&run));
	}
	teardown(&run);
}

static const char read_only_script[] =
	"mkdir \"$1/tree\" && echo needle > \"$1/tree/hay\"\n"
	"\"$PRESEAL\" run -p read-only -- grep -r needle \"$1/tree\" | sed \"s|$1||\"\n"
	"\"$PRESEAL\" run -p read-only -- ls \"$1/tree\"\n"
	"\"$PRESEAL\" run -p read-only -- cp \"$1/tree/hay\" \"$1/tree/copy\"; echo \"cp: $?\"\n"
	"\"$PRESEAL\" run -p read-only -- rm \"$1/tree/hay\"; echo \"rm: $?\"\n"
	"ls \"$1/tree\"\n";

static void read_only_profile_reads_files_but_writes_none(void)
{
	struct profile_run run = { 0 };

	if (setup(&run) && run_script(&run, read_only_script, "")) {
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out,
					   "/tree/hay:needle\nhay\ncp: 1\nrm: 1\nhay\n") == 0,
			    "read-only: %s", story(&run));
		LIVE_EXPECT(strstr(run.output.err, "copy': Operation not permitted") &&
				    strstr(run.output.err, "hay': Operation not permitted"),
			    "cp and rm must fail with EPERM: %s", story(&run));
	}
	teardown(&run);
}

/* The same profile through LD_PRELOAD alone, as in a container's ENV. */
static const char preload_script[] =
	"echo data > \"$1/file\"\n"
	"PRESEAL_POLICY=read-only LD_PRELOAD=\"$2\" cat \"$1/file\"\n"
	"PRESEAL_POLICY=read-only LD_PRELOAD=\"$2\" grep Seccomp: /proc/self/status\n"
	"PRESEAL_POLICY=read-only LD_PRELOAD=\"$2\" touch \"$1/new\"; echo \"touch: $?\"\n";

static void read_only_profile_applies_through_ld_preload(void)
{
	struct profile_run run = { 0 };
	char shim[4096], created[512];

	if (live_build_path("libpreseal.so", shim, sizeof(shim)) < 0 || !setup(&run))
		goto out;
	if (run_script(&run, preload_script, shim)) {
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out, "data\nSeccomp:\t2\ntouch: 1\n") == 0 &&
				    strstr(run.output.err, "new': Operation not permitted"),
			    "read-only by LD_PRELOAD: %s", story(&run));
		snprintf(created, sizeof(created), "%s/new", run.dir);
		LIVE_EXPECT(!live_path_exists(created), "touch created %s", created);
	}
out:
	teardown(&run);
}

/* A kernel without Landlock, as the program sees it: a seccomp filter the
 * test's child loads before execve answers landlock_create_ruleset with
 * ENOSYS. */
static int hide_landlock(void *unused)
{
	struct sock_filter program[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_landlock_create_ruleset, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog filter = { .len = 4, .filter = program };

	(void)unused;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	       syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) < 0;
}

/* The read-only profile's Landlock part is applied, not skipped: where the
 * kernel has no Landlock, cat under it does not start (125, one line) and
 * prints nothing of the file. */
static void read_only_profile_does_not_start_without_landlock(void)
{
	struct profile_run run = { 0 };
	char shim[4096], file[512];

	if (live_build_path("libpreseal.so", shim, sizeof(shim)) < 0 || !setup(&run))
		goto out;
	if (live_write_file(run.dir, "file", "data\n", 0644, file, sizeof(file)) != 0)
		goto out;
	live_env_set(&run.env, "PRESEAL_POLICY", "read-only");
	live_env_set(&run.env, "LD_PRELOAD", "%s", shim);
	const char *argv[] = { "/bin/cat", file, NULL };
	struct live_command command = { .argv = argv,
					.env = run.env.items,
					.prepare = hide_landlock };

	run.ran = live_run(&command, &run.output) == 0;
	if (run.ran)
		LIVE_EXPECT(live_exited_with(run.output.status, 125) && !run.output.out[0] &&
				    strncmp(run.output.err, "preseal: the kernel has no Landlock",
					    35) == 0 &&
				    strchr(run.output.err, '\n') ==
					    run.output.err + strlen(run.output.err) - 1,
			    "read-only without Landlock: %s", story(&run));
out:
	teardown(&run);
}

/* ---- net-server -------------------------------------------------------------- */

/* A python3 HTTP server under net-server: it binds, accepts, serves from
 * threads and writes a log; asked for /exec, it tries execve and answers
 * with the errno it got. */
static const char server_program[] =
	"import http.server, os, sys\n"
	"class Handler(http.server.BaseHTTPRequestHandler):\n"
	"    def do_GET(self):\n"
	"        if self.path == '/exec':\n"
	"            try:\n"
	"                os.execv('/usr/bin/touch', ['touch', sys.argv[2] + '/ran'])\n"
	"            except OSError as e:\n"
	"                body = 'execve %d\\n' % e.errno\n"
	"        else:\n"
	"            body = 'served\\n'\n"
	"        with open(sys.argv[2] + '/log', 'a') as log:\n"
	"            log.write(self.path + '\\n')\n"
	"        self.send_response(200)\n"
	"        self.end_headers()\n"
	"        self.wfile.write(body.encode())\n"
	"    def log_message(self, *args):\n"
	"        pass\n"
	"http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), "
	"Handler).serve_forever()\n";

static const char net_server_script[] =
	"set -u; dir=$1; port=$2\n"
	"\"$PRESEAL\" run -p net-server -- " PYTHON " -c \"$3\" $port $dir &\n"
	"server=$!; trap 'kill $server' EXIT\n"
	"for i in $(seq 100); do " CURL
	" -sf http://127.0.0.1:$port/ && break; sleep 0.1; done\n" CURL
	" -sf http://127.0.0.1:$port/exec\n"
	"cat $dir/log\n";

static void net_server_profile_serves_but_refuses_execve(void)
{
	static const char *const programs[] = { PYTHON, CURL, NULL };
	struct profile_run run = { 0 };
	char port[16], marker[512];

	if (!installed(programs, "python3, curl") || !setup(&run))
		goto out;
	pick_port(port, sizeof(port), 0);
	const char *argv[] = { "/bin/sh", "-c", net_server_script, "sh",
			       run.dir,	  port, server_program,	   NULL };
	struct live_command command = { .argv = argv, .env = run.env.items };

	run.ran = live_run(&command, &run.output) == 0;
	if (run.ran)
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out, "served\nexecve 1\n/\n/exec\n") == 0,
			    "net-server: %s", story(&run));
	snprintf(marker, sizeof(marker), "%s/ran", run.dir);
	LIVE_EXPECT(!live_path_exists(marker), "the server's execve ran: %s exists", marker);
out:
	teardown(&run);
}

/* ---- nginx -------------------------------------------------------------------- */

/* What the nginx profile's header claims, on Debian's nginx with Debian's
 * folders (mounted from the test's folder in a mount namespace of its
 * own): see tests/workloads/nginx.sh.  The proxied 1 MB answer takes many
 * reads (readv), the 200 kB request body goes through the body temp
 * folder; Landlock refuses the file a symlink in the web root names (403,
 * EACCES in the error log) and the upstream on a port the profile does not
 * list (502, its listener saw nobody); SIGUSR2's execve is refused, logged,
 * and nginx keeps serving with no second master. */
static const char nginx_workload_output[] =
	"hello from nginx\n"
	"hello from nginx\n"
	"sendfile: same\n"
	"gzip: 1 same\n"
	"aio threads: same\n"
	"proxied answer: same\n"
	"proxied body: same\n"
	"body temp folder: /var/lib/nginx/body\n"
	"resolver: same\n"
	"outside the web root: 403 1\n"
	"upstream on a port not granted: 502 nobody came\n"
	"master: Seccomp:2\n"
	"worker: nobody 19 512 one cpu Seccomp:2\n"
	"worker: nobody 19 512 one cpu Seccomp:2\n"
	"access log: 1\n"
	"reloaded: new workers\n"
	"hello from nginx\n"
	"execve() failed while executing new binary process \"" NGINX
	"\" (1: Operation not permitted)\n"
	"hello from nginx\n"
	"old binaries: 0\n"
	"stopped\n";

static void nginx_workload(const char *as)
{
	static const char *const programs[] = { NGINX,
						CURL,
						PYTHON,
						"/usr/bin/openssl",
						"/usr/bin/taskset",
						"/usr/sbin/runuser",
						"/usr/bin/unshare",
						"/usr/sbin/ip",
						NULL };
	struct profile_run run = { 0 };

	if (!installed(programs, "nginx-light, curl, python3, openssl, util-linux, iproute2") ||
	    !setup(&run) || !run_workload(&run, "nginx.sh", as, NULL))
		goto out;
	if (live_exited_with(run.output.status, 77))
		test_skip("nginx.sh: no mount and network namespaces here");
	else
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out, nginx_workload_output) == 0,
			    "nginx started by %s: %s", as, story(&run));
out:
	teardown(&run);
}

static void nginx_profile_serves_proxies_and_keeps_to_its_paths_started_by_root(void)
{
	nginx_workload("root");
}

static void nginx_profile_serves_proxies_and_keeps_to_its_paths_started_by_a_user(void)
{
	nginx_workload("nobody");
}

/* ---- python3 ------------------------------------------------------------------ */

static const char python_script[] =
	"import json, multiprocessing, os, socket, subprocess, sys, threading\n"
	"path = os.path.join(sys.argv[1], 'data.json')\n"
	"with open(path, 'w') as f:\n"
	"    json.dump(list(range(100)), f)\n"
	"with open(path) as f:\n"
	"    numbers = json.load(f)\n"
	"def square(x):\n"
	"    return x * x\n"
	"with multiprocessing.Pool(2) as pool:\n"
	"    total = sum(pool.map(square, numbers))\n"
	"seen = []\n"
	"threads = [threading.Thread(target=seen.append, args=(i,)) for i in range(4)]\n"
	"for t in threads: t.start()\n"
	"for t in threads: t.join()\n"
	"print('sum', total, 'threads', len(seen))\n"
	"try:\n"
	"    subprocess.run(['/usr/bin/touch', os.path.join(sys.argv[1], 'ran')])\n"
	"    print('execve allowed')\n"
	"except OSError as e:\n"
	"    print('execve', e.errno)\n"
	"try:\n"
	"    socket.create_connection(('127.0.0.1', int(sys.argv[2])))\n"
	"    print('socket allowed')\n"
	"except OSError as e:\n"
	"    print('socket', e.errno)\n";

static void python3_profile_runs_a_script_offline_without_execve(void)
{
	static const char *const programs[] = { PYTHON, NULL };
	struct profile_run run = { 0 };
	char port[16], marker[512], script[sizeof(python_script) + 256];
	int listener = -1, port_number = 0;

	if (!installed(programs, "python3") || !setup(&run))
		goto out;
	listener = listen_on_loopback(&port_number);
	if (listener < 0)
		goto out;
	snprintf(port, sizeof(port), "%d", port_number);
	snprintf(script, sizeof(script),
		 "printf '%%s' \"$3\" > \"$1/s.py\"\n"
		 "\"$PRESEAL\" run -p python3 -- " PYTHON " \"$1/s.py\" \"$1\" \"$2\"");
	const char *argv[] = { "/bin/sh", "-c", script, "sh", run.dir, port, python_script, NULL };
	struct live_command command = { .argv = argv, .env = run.env.items };

	run.ran = live_run(&command, &run.output) == 0;
	if (run.ran)
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out,
					   "sum 328350 threads 4\nexecve 1\nsocket 1\n") == 0,
			    "python3: %s", story(&run));
	snprintf(marker, sizeof(marker), "%s/ran", run.dir);
	LIVE_EXPECT(!live_path_exists(marker), "subprocess ran: %s exists", marker);
	LIVE_EXPECT(!was_connected(listener), "python3 connected to the loopback listener");
out:
	if (listener >= 0)
		close(listener);
	teardown(&run);
}

/* Run by root: tests/workloads/python3.py archives a tree with owners,
 * modes and times of its own and extracts it again, uses pipes, a timer
 * and a ctypes callback, and drops privileges in a child.  The extracted
 * tree is then compared from outside. */
static const char python3_workload_script[] =
	"set -e; cd \"$1\"; " PYTHON " \"$2\" \"$1\" prepare\n"
	"\"$PRESEAL\" run -p python3 -- " PYTHON " \"$2\" \"$1\"\n"
	"facts() { (cd \"$1\" && { find . -mindepth 1 ! -type l -printf '%p %M %U %G %T@\\n';"
	" find . -type l -printf '%p %M %U %G\\n'; } | sort); }\n"
	"facts source > source.facts; facts out/tree > out.facts\n"
	"cmp -s source.facts out.facts && echo \"outside: $(wc -l < out.facts) entries same\"\n";

static void python3_profile_keeps_owners_in_a_tar_round_trip_and_drops_privileges(void)
{
	static const char *const programs[] = { PYTHON, NULL };
	struct profile_run run = { 0 };
	const char *build = live_build_dir();
	char workload[4096];

	if (!installed(programs, "python3") || !build || !setup(&run))
		goto out;
	snprintf(workload, sizeof(workload), "%s/../tests/workloads/python3.py", build);
	if (run_script(&run, python3_workload_script, workload))
		LIVE_EXPECT(
			live_exited_with(run.output.status, 0) &&
				strcmp(run.output.out,
				       "tar: 5 entries same\n"
				       "pipe: through a pipe timer: ['alarm']\n"
				       "ctypes callback: [1, 2, 3, 4, 5]\n"
				       "dropped: (65534, 65534, 65534) (65534, 65534, 65534) []\n"
				       "after the drop: PermissionError 13\n"
				       "outside: 5 entries same\n") == 0,
			"python3 as root: %s", story(&run));
out:
	teardown(&run);
}

/* ---- curl --------------------------------------------------------------------- */

/* A python3 http.server (unconfined) serves a page on port 80, one the
 * profile lets curl connect to, in a network namespace of the test's own;
 * curl under its profile prints it; curl -o cannot create the file. */
static const char curl_script[] =
	"set -u; dir=$1; port=$2\n"
	"/usr/sbin/ip link set lo up || exit 77\n"
	"mkdir $dir/www && echo 'fetched by curl' > $dir/www/page.txt\n" PYTHON
	" -m http.server $port --bind 127.0.0.1 --directory $dir/www 2>/dev/null &\n"
	"server=$!; trap 'kill $server' EXIT\n"
	"for i in $(seq 100); do " CURL " -sf -o /dev/null http://127.0.0.1:$port/ && break;"
	" sleep 0.1; done\n"
	"\"$PRESEAL\" run -p curl -- " CURL " -sS http://127.0.0.1:$port/page.txt\n"
	"\"$PRESEAL\" run -p curl -- " CURL " -sS -o $dir/saved http://127.0.0.1:$port/page.txt\n"
	"echo \"curl -o: $?\"\n";

static void curl_profile_fetches_to_stdout_but_creates_no_file(void)
{
	static const char *const programs[] = { CURL, PYTHON, "/usr/bin/unshare", "/usr/sbin/ip",
						NULL };
	struct profile_run run = { 0 };
	char saved[512];

	if (!installed(programs, "curl, python3, util-linux, iproute2") || !setup(&run))
		goto out;
	if (!run_body(&run, "exec /usr/bin/unshare -n /bin/sh -c \"$3\" sh \"$1\" \"$2\"",
		      curl_script, "80"))
		goto out;
	if (live_exited_with(run.output.status, 77)) {
		test_skip("no network namespace here");
		goto out;
	}
	LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
			    strcmp(run.output.out, "fetched by curl\ncurl -o: 23\n") == 0,
		    "curl: %s", story(&run));
	snprintf(saved, sizeof(saved), "%s/saved", run.dir);
	LIVE_EXPECT(!live_path_exists(saved), "curl -o created %s", saved);
out:
	teardown(&run);
}

/* What the curl profile's header claims, on Debian's curl: see
 * tests/workloads/curl.sh.  Each line is one claim: fetches over http,
 * names from /etc/hosts and from DNS, https with a given certificate and
 * with Debian's CA store, --interface NAME; the Landlock part: port 25
 * refused (and nobody came to its listener), no bind for --local-port or
 * --interface ADDRESS; ~/.curlrc, netrc files, cookies read with -b,
 * -D - and -c - on stdout; then what the profile refuses and how curl
 * 7.88 takes it. */
static const char curl_workload_output[] = "upstream\nupstream\nupstream\nupstream\n"
					   "https, Debian's CA store, unknown certificate: 60\n"
					   "upstream\n"
					   "port 25: 7 no file\n"
					   "--local-port: 45\n"
					   "--interface ADDRESS: 45\n"
					   "User-Agent: from ~/.curlrc\n"
					   "Authorization: Basic YWxpY2U6c2VjcmV0\n"
					   "Authorization: Basic YWxpY2U6c2VjcmV0\n"
					   "Cookie: flavour=oat\n"
					   "Set-Cookie: flavour=oat; Path=/ \n"
					   "127.0.0.1 FALSE / FALSE 0 flavour oat\n"
					   "-o: 23 no file\n"
					   "-O: 23 no file\n"
					   "--create-dirs: 23 no file\n"
					   "cookie set\n"
					   "-c FILE: 0 no file\n"
					   "-D FILE: fails no file\n"
					   "upstream\n"
					   "--trace FILE: 0 no file, on stderr: 1\n"
					   "ftp, a port not granted: 7\n";

static void curl_profile_does_what_its_header_says(void)
{
	static const char *const programs[] = { CURL, PYTHON, "/usr/bin/openssl",
						"/usr/bin/unshare", NULL };
	struct profile_run run = { 0 };

	if (!installed(programs, "curl, python3, openssl, util-linux") || !setup(&run))
		goto out;
	if (!run_workload(&run, "curl.sh", NULL, NULL))
		goto out;
	if (live_exited_with(run.output.status, 77))
		test_skip("curl.sh: no mount and network namespaces here");
	else
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out, curl_workload_output) == 0,
			    "curl: %s", story(&run));
out:
	teardown(&run);
}

/* ---- git ---------------------------------------------------------------------- */

/* A repository's life under the git profile, every git started by git (and
 * sh) confined too: ~/.gitconfig, commits with a hook and an editor, a
 * branch and a merge, searches (grep, grep -E, grep -P, log --grep,
 * log --author: PCRE2's JIT), a local clone (git-upload-pack through a
 * pipe), gc, and the credential cache's daemon on its AF_UNIX socket. */
static const char git_workload[] =
	"set -e; cd \"$1\"\n"
	"printf '[user]\\n\\temail = alice@example.org\\n\\tname = Alice\\n"
	"[init]\\n\\tdefaultBranch = main\\n' > .gitconfig\n"
	"git init -q repo; cd repo\n"
	"printf 'one\\nneedle here\\n' > file; git add file; git commit -qm 'first: the needle'\n"
	"printf '#!/bin/sh\\necho hook ran >> ../hook.log\\n' > .git/hooks/pre-commit\n"
	"chmod +x .git/hooks/pre-commit\n"
	"git checkout -qb side; echo side > side; git add side; git commit -qm 'on side'\n"
	"git checkout -q main; echo two >> file; git diff --stat | tail -n 1\n"
	"GIT_EDITOR='sed -i 1s/^/edited/' git commit -qa\n"
	"git merge -q --no-edit side; git branch --format='%(refname:short)'\n"
	"git log --format=%s | tr '\\n' ,; echo; wc -l < ../hook.log\n"
	"git grep -n needle; git grep -c -E 'ne+dle'; git grep -P 'need(?=le)'\n"
	"git log --grep=needle --format=%s; git log --author=Alice --format=%an | uniq -c\n"
	"cd ..; git clone -q repo clone; git -C clone log --format=%s | wc -l\n"
	"git -C clone status --short; git -C clone gc -q\n"
	"git -C clone count-objects -v | grep ^count\n"
	"mkdir -m 700 cache\n"
	"printf 'protocol=https\\nhost=example.org\\nusername=u\\npassword=secret\\n\\n' |"
	" git credential-cache --socket \"$1/cache/s\" store\n"
	"printf 'protocol=https\\nhost=example.org\\n\\n' |"
	" git credential-cache --socket \"$1/cache/s\" get | grep password\n"
	"git credential-cache --socket \"$1/cache/s\" exit\n";

static void git_profile_commits_merges_searches_and_clones(void)
{
	static const char *const programs[] = { GIT, NULL };
	struct profile_run run = { 0 };

	if (!installed(programs, "git") || !setup(&run))
		goto out;
	if (run_body(&run, "\"$PRESEAL\" run -p git -- /bin/sh -c \"$3\" sh \"$1\"", git_workload,
		     ""))
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out,
					   " 1 file changed, 1 insertion(+)\nmain\nside\n"
					   "Merge branch 'side',edited,on side,first: the needle,\n"
					   "2\n"
					   "file:2:needle here\nfile:1\nfile:needle here\n"
					   "first: the needle\n      4 Alice\n"
					   "4\ncount: 0\npassword=secret\n") == 0,
			    "git: %s", story(&run));
out:
	teardown(&run);
}

/* git -p on a terminal (script(1) gives it one) pipes its output through
 * the pager, which git starts under the same filter. */
static void git_profile_pages_through_the_pager(void)
{
	static const char *const programs[] = { GIT, "/usr/bin/script", NULL };
	struct profile_run run = { 0 };

	if (!installed(programs, "git, bsdutils") || !setup(&run))
		goto out;
	if (run_script(&run,
		       "cd \"$1\" && git init -q repo && git -C repo -c user.name=a -c "
		       "user.email=a@b commit -q --allow-empty -m paged &&"
		       " GIT_PAGER='sed s/^/pager:/' /usr/bin/script -qec "
		       "\"$PRESEAL run -p git -- git -C repo -p log --format=%s\" /dev/null |"
		       " tr -d '\\r'",
		       ""))
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out, "pager:paged\n") == 0,
			    "git -p: %s", story(&run));
out:
	teardown(&run);
}

/* The git profile's Landlock part: git works beneath the home folder and
 * writes nowhere else; a repository or a clone outside it fails, and from
 * outside no .git appeared there.  Without HOME, git does not start. */
static const char git_outside_script[] =
	"cd \"$HOME\" && \"$PRESEAL\" run -p git -- /bin/sh -c '"
	"git init -q repo && git -C repo commit -q --allow-empty -m first && echo home: $?; "
	"git init -q \"$1/outside\" 2>/dev/null; echo init outside: $?; "
	"git clone -q repo \"$1/clone\" 2>/dev/null; echo clone outside: $?' sh \"$1\"\n"
	"ls -a \"$1/outside\" \"$1/clone\" 2>/dev/null | grep -c '^\\.git$' || true\n"
	"env -u HOME \"$PRESEAL\" run -p git -- git --version 2>/dev/null; echo \"no HOME: $?\"\n";

static void git_profile_writes_only_beneath_the_home_folder(void)
{
	static const char *const programs[] = { GIT, NULL };
	struct profile_run run = { 0 };
	char home[512];

	if (!installed(programs, "git") || !setup(&run))
		goto out;
	snprintf(home, sizeof(home), "%s/home", run.dir);
	if (mkdir(home, 0755) != 0) {
		LIVE_EXPECT(false, "mkdir %s: %s", home, strerror(errno));
		goto out;
	}
	live_env_set(&run.env, "HOME", "%s", home);
	live_env_set(&run.env, "GIT_AUTHOR_NAME", "a");
	live_env_set(&run.env, "GIT_AUTHOR_EMAIL", "a@example.org");
	live_env_set(&run.env, "GIT_COMMITTER_NAME", "a");
	live_env_set(&run.env, "GIT_COMMITTER_EMAIL", "a@example.org");
	if (run_script(&run, git_outside_script, ""))
		LIVE_EXPECT(live_exited_with(run.output.status, 0) &&
				    strcmp(run.output.out,
					   "home: 0\ninit outside: 128\n"
					   "clone outside: 128\n0\nno HOME: 125\n") == 0,
			    "git outside the home folder: %s", story(&run));
out:
	teardown(&run);
}

static void git_profile_reaches_no_network(void)
{
	static const char *const programs[] = { GIT, NULL };
	struct profile_run run = { 0 };
	char port[16];
	int listener = -1, port_number = 0;

	if (!installed(programs, "git") || !setup(&run))
		goto out;
	listener = listen_on_loopback(&port_number);
	if (listener < 0)
		goto out;
	snprintf(port, sizeof(port), "%d", port_number);
	if (run_script(&run,
		       "cd \"$1\" && git init -q repo && cd repo && \"$PRESEAL\" run -p git -- " GIT
		       " ls-remote http://127.0.0.1:$2/repo; echo \"ls-remote: $?\"",
		       port))
		LIVE_EXPECT(strcmp(run.output.out, "ls-remote: 128\n") == 0 &&
				    strstr(run.output.err, "Couldn't connect"),
			    "git ls-remote must fail: %s", story(&run));
	LIVE_EXPECT(!was_connected(listener), "git connected to the loopback listener");
out:
	if (listener >= 0)
		close(listener);
	teardown(&run);
}

/* ---- coreutils ---------------------------------------------------------------- */

static const char coreutils_script[] =
	"set -e; cd \"$1\"; mkdir -p work/sub; printf 'b\\na\\nb\\n' > work/in\n"
	"sort work/in | uniq -c | sed 's/^ *//' > work/counts; cp work/counts work/sub/copy\n"
	"cat work/sub/copy; wc -l < work/in; grep -c b work/in\n"
	"mv work/sub/copy work/moved; ln -s moved work/link; chmod 600 work/moved\n"
	"find work | sort | tr '\\n' ' '; echo; head -n 1 work/link\n"
	"rm -r work; ls\n"
	"/usr/bin/python3 -c 'import socket, sys\n"
	"try:\n"
	"    socket.create_connection((\"127.0.0.1\", int(sys.argv[1])))\n"
	"except OSError as e:\n"
	"    print(\"socket\", e.errno)' \"$2\"\n";

static void coreutils_profile_runs_a_script_but_opens_no_socket(void)
{
	static const char *const programs[] = { "/bin/sh", "/usr/bin/sort", PYTHON, NULL };
	struct profile_run run = { 0 };
	char script[2048], port[16];
	int listener = -1, port_number = 0;

	if (!installed(programs, "coreutils, python3") || !setup(&run))
		goto out;
	listener = listen_on_loopback(&port_number);
	if (listener < 0)
		goto out;
	snprintf(port, sizeof(port), "%d", port_number);
	snprintf(script, sizeof(script),
		 "\"$PRESEAL\" run -p coreutils -- /bin/sh -c \"$3\" sh \"$1\" \"$2\"");
	const char *argv[] = {
		"/bin/sh", "-c", script, "sh", run.dir, port, coreutils_script, NULL
	};
	struct live_command command = { .argv = argv, .env = run.env.items };

	run.ran = live_run(&command, &run.output) == 0;
	if (run.ran)
		LIVE_EXPECT(
			live_exited_with(run.output.status, 0) &&
				strcmp(run.output.out,
				       "1 a\n2 b\n3\n2\n"
				       "work work/counts work/in work/link work/moved work/sub \n"
				       "1 a\n"
				       "socket 1\n") == 0,
			"coreutils: %s", story(&run));
	LIVE_EXPECT(!was_connected(listener), "the script connected to the loopback listener");
out:
	if (listener >= 0)
		close(listener);
	teardown(&run);
}

#define CASE(name)          \
	{                   \
#name, name \
	}

static const struct test_case cases[] = {
	CASE(every_shipped_profile_passes_check_strict),
	CASE(program_profiles_shut_the_doors_their_headers_name),
	CASE(stdio_profile_computes_on_open_files_but_opens_none),
	CASE(read_only_profile_reads_files_but_writes_none),
	CASE(read_only_profile_applies_through_ld_preload),
	CASE(read_only_profile_does_not_start_without_landlock),
	CASE(net_server_profile_serves_but_refuses_execve),
	CASE(nginx_profile_serves_proxies_and_keeps_to_its_paths_started_by_root),
	CASE(nginx_profile_serves_proxies_and_keeps_to_its_paths_started_by_a_user),
	CASE(python3_profile_runs_a_script_offline_without_execve),
	CASE(python3_profile_keeps_owners_in_a_tar_round_trip_and_drops_privileges),
	CASE(curl_profile_fetches_to_stdout_but_creates_no_file),
	CASE(curl_profile_does_what_its_header_says),
	CASE(git_profile_commits_merges_searches_and_clones),
	CASE(git_profile_pages_through_the_pager),
	CASE(git_profile_writes_only_beneath_the_home_folder),
	CASE(git_profile_reaches_no_network),
	CASE(coreutils_profile_runs_a_script_but_opens_no_socket),
	{ NULL, NULL },
};

const struct test_suite suite_profiles = { "profiles", cases };
