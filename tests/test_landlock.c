/* The Landlock part of a policy, applied: real programs under a compiled
 * policy whose paths, ports and scopes are given, and the ways around a
 * Landlock domain, each answered by the kernel in a child.
 *
 * The policies here are built as the compiler gets them (struct
 * landlock_policy beside a seccomp policy read from text), compiled and
 * written with `compile --format preseal`'s writer, and loaded by the shim
 * from that file: the fast path the shim takes for a compiled file, a cache
 * entry and a built-in profile alike.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compiled.h"
#include "harness.h"
#include "landlock_apply.h"
#include "live.h"

#define READ	(LL_FS_READ_FILE | LL_FS_READ_DIR)
#define EXECUTE (READ | LL_FS_EXECUTE)

static const char allow_all[] = "default_action = \"allow\";\n";

struct grant {
	const char *path;
	uint64_t access;
};

struct fixture {
	char dir[256];
	char policy[320];
	char secret[320]; /* DIR/home/.ssh/id_rsa, granted to nobody */
	struct live_env env;
	struct live_output output;
	int (*prepare)(void *context);
	void *context;
	int abi;
};

/* What a policy needs beside its own grants for a program to start: the
 * loader, libraries and configuration under /usr and /etc. */
static const struct grant system_grants[] = { { "/usr", EXECUTE }, { "/etc", READ } };

static bool setup(struct fixture *fixture)
{
	char folder[400];

	*fixture = (struct fixture){ .abi = landlock_abi_running() };
	if (fixture->abi == 0) {
		test_skip("the kernel has no Landlock");
		return false;
	}
	live_env_init(&fixture->env);
	if (live_env_preload(&fixture->env) < 0 ||
	    live_temp_dir(fixture->dir, sizeof(fixture->dir)) < 0)
		return false;
	snprintf(folder, sizeof(folder), "%s/home", fixture->dir);
	mkdir(folder, 0755);
	snprintf(folder, sizeof(folder), "%s/home/.ssh", fixture->dir);
	mkdir(folder, 0700);
	return live_write_file(folder, "id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n", 0600,
			       fixture->secret, sizeof(fixture->secret)) == 0;
}

static void teardown(struct fixture *fixture)
{
	live_output_free(&fixture->output);
	live_env_free(&fixture->env);
	if (fixture->dir[0])
		live_remove_tree(fixture->dir);
}

/* DIR/NAME into BUFFER. */
static const char *in_dir(const struct fixture *fixture, const char *name, char *buffer,
			  size_t size)
{
	snprintf(buffer, size, "%s/%s", fixture->dir, name);
	return buffer;
}

static void make_folder(const struct fixture *fixture, const char *name)
{
	char path[400];

	mkdir(in_dir(fixture, name, path, sizeof(path)), 0755);
}

struct landlock_spec {
	const char *seccomp;	    /* the policy's text, allow_all when NULL */
	const struct grant *grants; /* beside system_grants */
	size_t grant_count;
	const struct landlock_port_rule *ports;
	size_t port_count;
	uint64_t handled_net;
	enum landlock_mode mode;
};

/* Compiles SPEC to DIR/policy.pbf and selects it for the next runs. */
static bool write_policy(struct fixture *fixture, const struct landlock_spec *spec)
{
	struct landlock_path_rule rules[32];
	struct diag_list diags = { 0 };
	struct policy *policy;
	struct filter filter;
	size_t count = 0;
	int fd, result = -1;
	char first[512] = "";

	for (size_t i = 0; i < sizeof(system_grants) / sizeof(system_grants[0]); i++)
		rules[count++] = (struct landlock_path_rule){ .path = system_grants[i].path,
							      .access = system_grants[i].access };
	for (size_t i = 0; i < spec->grant_count && count < 32; i++)
		rules[count++] = (struct landlock_path_rule){ .path = spec->grants[i].path,
							      .access = spec->grants[i].access };
	policy = policy_read_string(spec->seccomp ? spec->seccomp : allow_all, "test-policy", NULL,
				    &diags);
	if (policy) {
		policy->landlock = (struct landlock_policy){
			.present = true,
			.handled_fs = landlock_fs_rights_of_abi(fixture->abi),
			.handled_net = spec->handled_net,
			.mode = spec->mode,
			.paths = rules,
			.path_count = count,
			.ports = (struct landlock_port_rule *)spec->ports,
			.port_count = spec->port_count,
		};
		result = compile_policy(policy, NULL, &filter, &diags);
		policy->landlock = (struct landlock_policy){ 0 };
		policy_free(policy);
	}
	if (diags.count)
		diag_format(&diags.items[0], first, sizeof(first));
	diag_free(&diags);
	LIVE_EXPECT(result == 0, "the test policy does not compile: %s", first);
	if (result < 0)
		return false;
	in_dir(fixture, "policy.pbf", fixture->policy, sizeof(fixture->policy));
	fd = open(fixture->policy, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	result = fd < 0 ? -1 : compiled_write(&filter, fd);
	if (fd >= 0)
		close(fd);
	filter_free(&filter);
	LIVE_EXPECT(result == 0, "cannot write %s", fixture->policy);
	live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", fixture->policy);
	return result == 0;
}

static bool run(struct fixture *fixture, const char *const *argv)
{
	struct live_command command = { .argv = argv,
					.env = fixture->env.items,
					.prepare = fixture->prepare,
					.context = fixture->context };

	live_output_free(&fixture->output);
	return live_run(&command, &fixture->output) == 0;
}

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *story(const struct fixture *fixture)
{
	static char text[1536];
	char status[64];

	snprintf(text, sizeof(text), "%s; stdout \"%.600s\"; stderr \"%.600s\"",
		 live_describe(fixture->output.status, status, sizeof(status)), fixture->output.out,
		 fixture->output.err);
	return text;
}

/* Runs build/tests/ll_probe with ARGV and expects EXPECTED on stdout. */
static void probe_expect(struct fixture *fixture, const char *const *argv, const char *expected)
{
	char probe[PATH_MAX];
	const char *full[32] = { probe };
	size_t count = 1;

	if (live_build_path("tests/ll_probe", probe, sizeof(probe)) < 0)
		return;
	for (; argv[count - 1] && count < 31; count++)
		full[count] = argv[count - 1];
	full[count] = NULL;
	if (run(fixture, full))
		LIVE_EXPECT(live_exited_with(fixture->output.status, 0) &&
				    strcmp(fixture->output.out, expected) == 0,
			    "expected \"%s\": %s", expected, story(fixture));
}

/* ---- real programs -------------------------------------------------------- */

static void cat_of_a_private_key_is_denied_while_ls_usr_works(void)
{
	struct fixture fixture;

	if (!setup(&fixture) || !write_policy(&fixture, &(struct landlock_spec){ 0 }))
		goto out;
	if (run(&fixture, ARGV("/usr/bin/cat", fixture.secret)))
		LIVE_EXPECT(live_exited_with(fixture.output.status, 1) &&
				    strstr(fixture.output.err, "Permission denied") &&
				    !strstr(fixture.output.out, "PRIVATE KEY"),
			    "cat read the key: %s", story(&fixture));
	if (run(&fixture, ARGV("/usr/bin/ls", "/usr")))
		LIVE_EXPECT(live_exited_with(fixture.output.status, 0) &&
				    strstr(fixture.output.out, "bin\n") &&
				    strstr(fixture.output.out, "lib\n"),
			    "ls /usr failed: %s", story(&fixture));
out:
	teardown(&fixture);
}

static void python_script_writes_only_its_output_folder(void)
{
	static const char script[] = "import sys\n"
				     "for path in sys.argv[1:]:\n"
				     "    try:\n"
				     "        open(path, 'w').write('x')\n"
				     "        print('wrote', path.rsplit('/', 2)[-2])\n"
				     "    except PermissionError:\n"
				     "        print('denied', path.rsplit('/', 2)[-2])\n";
	struct fixture fixture;
	char out[400], inside[400], outside[400], expected[64];

	if (access("/usr/bin/python3", X_OK) != 0) {
		test_skip("python3 is not installed");
		return;
	}
	if (!setup(&fixture))
		goto out;
	make_folder(&fixture, "out");
	make_folder(&fixture, "elsewhere");
	in_dir(&fixture, "out", out, sizeof(out));
	if (!write_policy(&fixture, &(struct landlock_spec){
					    .grants =
						    (const struct grant[]){
							    { out, landlock_fs_rights_of_abi(8) } },
					    .grant_count = 1 }))
		goto out;
	in_dir(&fixture, "out/result.txt", inside, sizeof(inside));
	in_dir(&fixture, "elsewhere/result.txt", outside, sizeof(outside));
	snprintf(expected, sizeof(expected), "wrote out\ndenied elsewhere\n");
	if (run(&fixture, ARGV("/usr/bin/python3", "-I", "-c", script, inside, outside)))
		LIVE_EXPECT(live_exited_with(fixture.output.status, 0) &&
				    strcmp(fixture.output.out, expected) == 0 &&
				    live_path_exists(inside) && !live_path_exists(outside),
			    "expected \"%s\": %s", expected, story(&fixture));
out:
	teardown(&fixture);
}

/* A listener on 127.0.0.1 (port 0: any free one): its descriptor, and
 * its port in *PORT. */
static int listen_local(uint16_t *port)
{
	struct sockaddr_in address = { .sin_family = AF_INET };
	socklen_t length = sizeof(address);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&address, length) < 0 || listen(fd, 8) < 0 ||
	    getsockname(fd, (struct sockaddr *)&address, &length) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(address.sin_port);
	return fd;
}

static void connect_to_a_listed_port_is_allowed_and_to_another_refused(void)
{
	struct fixture fixture;
	uint16_t listed, unlisted;
	int first = listen_local(&listed), second = listen_local(&unlisted);
	char listed_text[8], unlisted_text[8];

	if (!setup(&fixture) || fixture.abi < 4) {
		if (fixture.abi && fixture.abi < 4)
			test_skip("the kernel's Landlock has no TCP rules (ABI < 4)");
		goto out;
	}
	REQUIRE(first >= 0 && second >= 0);
	if (!write_policy(&fixture, &(struct landlock_spec){
					    .ports =
						    (const struct landlock_port_rule[]){
							    { .port = listed,
							      .access = LL_NET_CONNECT_TCP } },
					    .port_count = 1,
					    .handled_net = LL_NET_CONNECT_TCP | LL_NET_BIND_TCP }))
		goto out;
	snprintf(listed_text, sizeof(listed_text), "%u", listed);
	snprintf(unlisted_text, sizeof(unlisted_text), "%u", unlisted);
	probe_expect(&fixture, ARGV("connect", listed_text, "connect", unlisted_text),
		     "connect ok\nconnect EACCES\n");
out:
	if (first >= 0)
		close(first);
	if (second >= 0)
		close(second);
	teardown(&fixture);
}

static void bind_to_an_unlisted_port_is_refused(void)
{
	struct fixture fixture;
	uint16_t listed, unlisted;
	/* Two free ports, found by binding and closing again. */
	int first = listen_local(&listed), second = listen_local(&unlisted);
	char listed_text[8], unlisted_text[8];

	if (first >= 0)
		close(first);
	if (second >= 0)
		close(second);
	if (!setup(&fixture) || fixture.abi < 4) {
		if (fixture.abi && fixture.abi < 4)
			test_skip("the kernel's Landlock has no TCP rules (ABI < 4)");
		goto out;
	}
	REQUIRE(first >= 0 && second >= 0);
	if (!write_policy(&fixture,
			  &(struct landlock_spec){
				  .ports =
					  (const struct landlock_port_rule[]){
						  { .port = listed, .access = LL_NET_BIND_TCP } },
				  .port_count = 1,
				  .handled_net = LL_NET_BIND_TCP }))
		goto out;
	snprintf(listed_text, sizeof(listed_text), "%u", listed);
	snprintf(unlisted_text, sizeof(unlisted_text), "%u", unlisted);
	probe_expect(&fixture, ARGV("bind", unlisted_text, "bind", listed_text),
		     "bind EACCES\nbind ok\n");
out:
	teardown(&fixture);
}

/* ---- ways around the domain ------------------------------------------------ */

/* DIR/allowed (read and write), DIR/readonly (read) and the policy. */
static bool setup_folders(struct fixture *fixture)
{
	static char allowed[400], readonly[400];

	if (!setup(fixture))
		return false;
	make_folder(fixture, "allowed");
	make_folder(fixture, "readonly");
	in_dir(fixture, "allowed", allowed, sizeof(allowed));
	in_dir(fixture, "readonly", readonly, sizeof(readonly));
	return write_policy(
		fixture,
		&(struct landlock_spec){
			.grants = (const struct grant[]){ { allowed, landlock_fs_rights_of_abi(8) &
									     ~LL_FS_REFER },
							  { readonly, READ } },
			.grant_count = 2 });
}

static void symlink_from_an_allowed_folder_to_a_denied_file_is_denied(void)
{
	struct fixture fixture;
	char link_path[400];

	if (!setup_folders(&fixture))
		goto out;
	REQUIRE(symlink(fixture.secret,
			in_dir(&fixture, "allowed/key", link_path, sizeof(link_path))) == 0);
	probe_expect(&fixture, ARGV("read", link_path), "read EACCES\n");
out:
	teardown(&fixture);
}

static void hard_link_of_a_denied_file_into_an_allowed_folder_is_refused(void)
{
	struct fixture fixture;
	char copy[400];

	if (!setup_folders(&fixture))
		goto out;
	in_dir(&fixture, "allowed/key", copy, sizeof(copy));
	probe_expect(&fixture, ARGV("link", fixture.secret, copy, "read", copy),
		     "link EXDEV\nread ENOENT\n");
	LIVE_EXPECT(!live_path_exists(copy), "%s exists", copy);
out:
	teardown(&fixture);
}

static void rename_of_a_denied_file_into_an_allowed_folder_is_refused(void)
{
	struct fixture fixture;
	char moved[400];

	if (!setup_folders(&fixture))
		goto out;
	in_dir(&fixture, "allowed/key", moved, sizeof(moved));
	probe_expect(&fixture, ARGV("rename", fixture.secret, moved), "rename EACCES\n");
	LIVE_EXPECT(live_path_exists(fixture.secret) && !live_path_exists(moved), "the key moved");
out:
	teardown(&fixture);
}

static void rename_out_of_a_read_only_folder_is_refused(void)
{
	struct fixture fixture;
	char source[400], moved[400];

	if (!setup_folders(&fixture))
		goto out;
	live_write_file(fixture.dir, "readonly/data", "data\n", 0644, source, sizeof(source));
	in_dir(&fixture, "allowed/data", moved, sizeof(moved));
	probe_expect(&fixture, ARGV("rename", source, moved), "rename EACCES\n");
	LIVE_EXPECT(live_path_exists(source), "the file left the read-only folder");
out:
	teardown(&fixture);
}

static void proc_self_root_path_to_a_denied_file_is_denied(void)
{
	struct fixture fixture;
	char through_root[400];

	if (!setup_folders(&fixture))
		goto out;
	snprintf(through_root, sizeof(through_root), "/proc/self/root%s", fixture.secret);
	probe_expect(&fixture, ARGV("read", through_root), "read EACCES\n");
out:
	teardown(&fixture);
}

/* Opens the key on descriptor 7 in the child, before execve: before the
 * shim's constructor. */
static int open_key_on_7(void *context)
{
	int fd = open((const char *)context, O_RDONLY);

	return fd < 0 || dup2(fd, 7) != 7;
}

static void descriptor_opened_before_the_constructor_is_kept_and_reopening_it_is_denied(void)
{
	struct fixture fixture;

	if (!setup_folders(&fixture))
		goto out;
	fixture.prepare = open_key_on_7;
	fixture.context = fixture.secret;
	/* Landlock checks at open: a descriptor the program inherited stays
	 * usable (SECURITY.md), a new open through /proc/self/fd is checked. */
	probe_expect(&fixture, ARGV("readfd", "7", "read", "/proc/self/fd/7"),
		     "readfd ok\nread EACCES\n");
out:
	teardown(&fixture);
}

static void open_by_handle_at_of_a_denied_file_is_denied(void)
{
	struct fixture fixture;
	char folder[400];

	if (!setup_folders(&fixture))
		goto out;
	/* As root the handle is made and CAP_DAC_READ_SEARCH lets it be
	 * opened: only Landlock stands in the way. */
	in_dir(&fixture, "readonly", folder, sizeof(folder));
	probe_expect(&fixture, ARGV("handle", fixture.secret, folder), "handle EACCES\n");
out:
	teardown(&fixture);
}

static void truncate_of_a_file_in_a_read_only_folder_is_refused(void)
{
	struct fixture fixture;
	char file[400];
	struct stat after;

	if (!setup_folders(&fixture) ||
	    live_write_file(fixture.dir, "readonly/data", "data\n", 0644, file, sizeof(file)) < 0)
		goto out;
	probe_expect(&fixture, ARGV("truncate", file, "write", file),
		     "truncate EACCES\nwrite EACCES\n");
	LIVE_EXPECT(stat(file, &after) == 0 && after.st_size == 5, "the file was truncated");
out:
	teardown(&fixture);
}

static void child_after_execve_without_ld_preload_stays_restricted(void)
{
	struct fixture fixture;
	char probe[PATH_MAX];

	if (!setup_folders(&fixture))
		goto out;
	if (live_build_path("tests/ll_probe", probe, sizeof(probe)) < 0 ||
	    !run(&fixture, ARGV(probe, "exec", "/usr/bin/cat", fixture.secret)))
		goto out;
	LIVE_EXPECT(live_exited_with(fixture.output.status, 1) &&
			    strstr(fixture.output.err, "Permission denied") &&
			    !strstr(fixture.output.out, "PRIVATE KEY"),
		    "cat without the shim read the key: %s", story(&fixture));
out:
	teardown(&fixture);
}

static void forged_marker_does_not_skip_the_landlock_part(void)
{
	struct fixture fixture;
	char marker[64] = "";
	const char *found;

	if (!setup_folders(&fixture))
		goto out;
	/* The marker a confined program hands its children, read from one. */
	if (run(&fixture, ARGV("/usr/bin/env")) &&
	    (found = strstr(fixture.output.out, "PRESEAL_FILTER=")))
		snprintf(marker, sizeof(marker), "%.*s", (int)strcspn(found + 15, "\n"),
			 found + 15);
	REQUIRE(marker[0]);
	live_env_set(&fixture.env, "PRESEAL_FILTER", "%s", marker);
	probe_expect(&fixture, ARGV("read", fixture.secret), "read EACCES\n");
out:
	teardown(&fixture);
}

/* Builds libllearly.so and ll_early linked to it in DIR (see
 * tests/programs/ll_early.c). */
static bool build_early(const struct fixture *fixture, char *program, size_t size)
{
	char source[PATH_MAX], library[400], libdir[300], rpath[400];
	const char *build = live_build_dir();
	struct live_output output = { 0 };
	struct live_env env;
	bool built = true;

	if (!build)
		return false;
	snprintf(source, sizeof(source), "%s/../tests/programs/ll_early.c", build);
	snprintf(library, sizeof(library), "%s/libllearly.so", fixture->dir);
	snprintf(program, size, "%s/ll_early", fixture->dir);
	snprintf(libdir, sizeof(libdir), "-L%s", fixture->dir);
	snprintf(rpath, sizeof(rpath), "-Wl,-rpath,%s", fixture->dir);
	live_env_init(&env);
	const char *const steps[2][16] = {
		{ "/usr/bin/cc", "-D_GNU_SOURCE", "-DEARLY_LIBRARY", "-shared", "-fPIC", "-o",
		  library, source, "-lpthread", NULL },
		{ "/usr/bin/cc", "-D_GNU_SOURCE", "-o", program, source, libdir,
		  "-Wl,--no-as-needed", "-lllearly", rpath, "-lpthread", NULL },
	};
	for (int i = 0; i < 2 && built; i++) {
		live_run(&(struct live_command){ .argv = steps[i], .env = env.items }, &output);
		built = live_exited_with(output.status, 0);
		LIVE_EXPECT(built, "cc failed: %s", output.err);
		live_output_free(&output);
	}
	live_env_free(&env);
	return built;
}

static void thread_started_before_the_constructor_cannot_read_a_denied_file(void)
{
	struct fixture fixture;
	char program[400];

	if (access("/usr/bin/cc", X_OK) != 0) {
		test_skip("no C compiler");
		return;
	}
	if (!setup_folders(&fixture) || !build_early(&fixture, program, sizeof(program)))
		goto out;
	live_env_set(&fixture.env, "LL_EARLY_FILE", "%s", fixture.secret);
	if (run(&fixture, ARGV(program)))
		LIVE_EXPECT(live_exited_with(fixture.output.status, 0) &&
				    strcmp(fixture.output.out, "early thread read EACCES\n") == 0,
			    "%s", story(&fixture));
out:
	teardown(&fixture);
}

static void thread_that_blocks_the_signal_stops_the_program_with_125(void)
{
	struct fixture fixture;
	char program[400];

	if (access("/usr/bin/cc", X_OK) != 0) {
		test_skip("no C compiler");
		return;
	}
	if (!setup_folders(&fixture) || !build_early(&fixture, program, sizeof(program)))
		goto out;
	if (fixture.abi >= LL_ABI_TSYNC) {
		test_skip("the kernel restricts every thread itself (Landlock ABI 8)");
		goto out;
	}
	live_env_set(&fixture.env, "LL_EARLY_FILE", "%s", fixture.secret);
	live_env_set(&fixture.env, "LL_EARLY_BLOCK", "1");
	if (run(&fixture, ARGV(program)))
		LIVE_EXPECT(live_exited_with(fixture.output.status, 125) &&
				    fixture.output.out[0] == '\0' &&
				    strstr(fixture.output.err,
					   "did not apply the Landlock ruleset in time"),
			    "%s", story(&fixture));
out:
	teardown(&fixture);
}

/* ---- failing closed --------------------------------------------------------- */

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

static void kernel_without_landlock_stops_the_program_with_125(void)
{
	struct fixture fixture;
	char probe[PATH_MAX];

	if (!setup_folders(&fixture) || live_build_path("tests/ll_probe", probe, sizeof(probe)) < 0)
		goto out;
	fixture.prepare = hide_landlock;
	if (run(&fixture, ARGV(probe, "read", fixture.secret)))
		LIVE_EXPECT(live_exited_with(fixture.output.status, 125) &&
				    fixture.output.out[0] == '\0' &&
				    strncmp(fixture.output.err,
					    "preseal: the kernel has no Landlock, which the "
					    "policy's paths, network or scope need",
					    75) == 0 &&
				    strchr(fixture.output.err, '\n') ==
					    fixture.output.err + strlen(fixture.output.err) - 1,
			    "%s", story(&fixture));
out:
	teardown(&fixture);
}

static void best_effort_without_landlock_runs_with_the_seccomp_part_and_says_so(void)
{
	static const char deny_mkdir[] = "default_action = \"allow\";\n"
					 "deny = [ \"mkdir\", \"mkdirat\" ];\n"
					 "deny_action = \"errno(EROFS)\";\n";
	struct fixture fixture;
	char target[400];

	if (!setup(&fixture) ||
	    !write_policy(&fixture, &(struct landlock_spec){ .seccomp = deny_mkdir,
							     .mode = LANDLOCK_BEST_EFFORT }))
		goto out;
	fixture.prepare = hide_landlock;
	in_dir(&fixture, "d", target, sizeof(target));
	probe_expect(&fixture, ARGV("mkdir", target, "read", fixture.secret),
		     "mkdir EROFS\nread ok\n");
	LIVE_EXPECT(strstr(fixture.output.err,
			   "preseal: landlock = \"best_effort\": the kernel has "
			   "no Landlock"),
		    "%s", story(&fixture));
out:
	teardown(&fixture);
}

/* The best_effort line goes to stderr, which the program keeps: the shim
 * once closed descriptor 2 after writing it, and the program's own errors
 * were lost. */
static void best_effort_line_leaves_the_programs_stderr_open(void)
{
	struct fixture fixture;

	if (!setup(&fixture) ||
	    !write_policy(&fixture, &(struct landlock_spec){ .mode = LANDLOCK_BEST_EFFORT }))
		goto out;
	fixture.prepare = hide_landlock;
	if (run(&fixture, ARGV("/bin/sh", "-c", "echo the program speaks >&2")))
		LIVE_EXPECT(
			live_exited_with(fixture.output.status, 0) &&
				strstr(fixture.output.err, "preseal: landlock = \"best_effort\"") &&
				strstr(fixture.output.err, "the program speaks\n"),
			"%s", story(&fixture));
out:
	teardown(&fixture);
}

/* What ABI 3 (Linux 6.2) makes of rules that handle every filesystem right:
 * strict names the first right it lacks, best_effort says what it drops. */
static void older_kernel_is_named_with_the_right_and_the_abi_it_needs(void)
{
	struct landlock_path_rule paths[] = { { .path = "/usr", .access = EXECUTE } };
	struct landlock_policy model = { .present = true,
					 .handled_fs = LL_FS_ALL,
					 .handled_net = LL_NET_CONNECT_TCP,
					 .paths = paths,
					 .path_count = 1 };
	struct diag_list diags = { 0 };
	struct landlock_rules *rules;
	char line[512] = "", dropped[512];

	REQUIRE(landlock_rules_from_policy(&model, &rules) == 0 && rules);
	CU_ASSERT_EQUAL(landlock_rules_fit(rules, 3, dropped, sizeof(dropped), &diags),
			-EOPNOTSUPP);
	if (diags.count)
		diag_format(&diags.items[0], line, sizeof(line));
	EXPECT(strcmp(line, "the kernel's Landlock ABI 3 cannot enforce \"ioctl_dev\" (needs ABI "
			    "5); landlock = \"best_effort\" runs without it") == 0,
	       "%s", line);
	rules->mode = LANDLOCK_BEST_EFFORT;
	CU_ASSERT_EQUAL(landlock_rules_fit(rules, 3, dropped, sizeof(dropped), &diags), 0);
	EXPECT(strcmp(dropped, "\"connect_tcp\", \"ioctl_dev\" not enforced: the kernel's "
			       "Landlock ABI is 3") == 0,
	       "%s", dropped);
	CU_ASSERT_EQUAL(landlock_rules_fit(rules, 7, dropped, sizeof(dropped), &diags), 0);
	CU_ASSERT_STRING_EQUAL(dropped, "");
	diag_free(&diags);
	landlock_rules_free(rules);
}

/* ---- policy files: the reader, the module, the cache, `preseal run` ---------- */

/* DIR/policy.cfg: every syscall, and reading /usr and /etc only. */
static bool write_policy_file(struct fixture *fixture)
{
	static const char text[] = "default_action = \"allow\";\n"
				   "paths = { read = [ \"/usr\", \"/etc\" ]; };\n";

	if (live_write_file(fixture->dir, "policy.cfg", text, 0644, fixture->policy,
			    sizeof(fixture->policy)) < 0)
		return false;
	live_env_set(&fixture->env, "PRESEAL_POLICY", "%s", fixture->policy);
	return true;
}

static void policy_file_with_paths_is_enforced_by_the_shim(void)
{
	struct fixture fixture;

	if (!setup(&fixture) || !write_policy_file(&fixture))
		goto out;
	probe_expect(&fixture, ARGV("read", "/etc/passwd", "read", fixture.secret),
		     "read ok\nread EACCES\n");
out:
	teardown(&fixture);
}

static void cache_entry_keeps_the_landlock_part(void)
{
	struct fixture fixture;
	char entry[400];

	if (!setup(&fixture) || !write_policy_file(&fixture))
		goto out;
	live_env_unset(&fixture.env, "PRESEAL_CACHE");
	in_dir(&fixture, ".policy.cfg.preseal-enforce", entry, sizeof(entry));
	/* The first run compiles and stores the entry; the second loads it. */
	probe_expect(&fixture, ARGV("read", fixture.secret), "read EACCES\n");
	LIVE_EXPECT(live_path_exists(entry), "no cache entry at %s", entry);
	probe_expect(&fixture, ARGV("read", fixture.secret), "read EACCES\n");
out:
	teardown(&fixture);
}

/* ll_probe built into DIR with FLAGS ("-static", or "" for a dynamic one):
 * outside every folder the policy grants. */
static bool build_probe(const struct fixture *fixture, const char *flags, char *binary, size_t size)
{
	char command[2048];
	const char *build = live_build_dir();

	if (!build)
		return false;
	snprintf(binary, size, "%s/ll_probe", fixture->dir);
	snprintf(command, sizeof(command),
		 "cc %s -O1 -D_GNU_SOURCE -o %s %s/../tests/programs/ll_probe.c 2>/dev/null", flags,
		 binary, build);
	if (system(command) != 0) {
		test_skip("cc could not build ll_probe (static libc?)");
		return false;
	}
	return true;
}

/* `preseal run` with ARGS before "--" and BINARY after it, reading
 * /etc/passwd and the key: the policy's answers, and a clean exit. */
static void run_with_expect(struct fixture *fixture, const char *const *options, const char *binary)
{
	struct live_output output = { 0 };
	const char *args[16] = { "run" };
	size_t count = 1;

	for (; *options && count < 8; options++)
		args[count++] = *options;
	args[count++] = "--";
	args[count++] = binary;
	args[count++] = "read";
	args[count++] = "/etc/passwd";
	args[count++] = "read";
	args[count++] = fixture->secret;
	args[count] = NULL;
	if (live_run_preseal(args, NULL, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 0) &&
			    strcmp(output.out, "read ok\nread EACCES\n") == 0,
		    "stdout \"%s\"; stderr \"%s\"", output.out, output.err);
	live_output_free(&output);
}

/* `preseal run -p DIR/policy.cfg -- BINARY read /etc/passwd read KEY`. */
static void run_expect(struct fixture *fixture, const char *binary)
{
	run_with_expect(fixture, ARGV("-p", fixture->policy), binary);
}

static void run_applies_the_landlock_part_to_a_static_program(void)
{
	struct fixture fixture;
	char binary[400];

	if (!setup(&fixture) || !write_policy_file(&fixture) ||
	    !build_probe(&fixture, "-static", binary, sizeof(binary)))
		goto out;
	run_expect(&fixture, binary);
out:
	teardown(&fixture);
}

static void run_applies_the_landlock_part_to_a_setuid_program(void)
{
	struct fixture fixture;
	char binary[400];

	if (!setup(&fixture) || !write_policy_file(&fixture) ||
	    !build_probe(&fixture, "", binary, sizeof(binary)))
		goto out;
	REQUIRE(chmod(binary, 04755) == 0);
	run_expect(&fixture, binary);
out:
	teardown(&fixture);
}

static void run_leaves_the_landlock_part_of_a_dynamic_program_to_the_shim(void)
{
	struct fixture fixture;
	char binary[400];

	if (!setup(&fixture) || !write_policy_file(&fixture) ||
	    !build_probe(&fixture, "", binary, sizeof(binary)))
		goto out;
	run_expect(&fixture, binary);
out:
	teardown(&fixture);
}

/* "~" is each start's HOME: a policy that names it gets no cache entry,
 * so a later start with another HOME is not given the first one's (it
 * once was: writing the first home's folder, refused its own). */
static void policy_naming_home_is_read_with_each_starts_home(void)
{
	static const char text[] =
		"default_action = \"allow\";\n"
		"paths = { read = [ \"/usr\", \"/etc\" ]; write = [ \"~/out\" ]; };\n";
	struct fixture fixture;
	char first[400], second[400], first_file[450], second_file[450], entry[400];

	if (!setup(&fixture) || live_write_file(fixture.dir, "home.cfg", text, 0644, fixture.policy,
						sizeof(fixture.policy)) < 0)
		goto out;
	in_dir(&fixture, "one", first, sizeof(first));
	in_dir(&fixture, "two", second, sizeof(second));
	make_folder(&fixture, "one");
	make_folder(&fixture, "one/out");
	make_folder(&fixture, "two");
	make_folder(&fixture, "two/out");
	snprintf(first_file, sizeof(first_file), "%s/out/file", first);
	snprintf(second_file, sizeof(second_file), "%s/out/file", second);
	in_dir(&fixture, ".home.cfg.preseal-enforce", entry, sizeof(entry));
	live_env_unset(&fixture.env, "PRESEAL_CACHE");
	live_env_set(&fixture.env, "PRESEAL_POLICY", "%s", fixture.policy);
	live_env_set(&fixture.env, "HOME", "%s", first);
	probe_expect(&fixture, ARGV("write", first_file), "write ok\n");
	LIVE_EXPECT(!live_path_exists(entry), "a cache entry was written at %s", entry);
	live_env_set(&fixture.env, "HOME", "%s", second);
	probe_expect(&fixture, ARGV("write", second_file, "write", first_file),
		     "write ok\nwrite EACCES\n");
out:
	teardown(&fixture);
}

/* PRESEAL_REPORT=denials hands the errno answers to a monitor: the policy
 * is still enforced, its paths included (the monitor's own load once
 * skipped the Landlock part, and the key was read). */
static void errno_denials_reported_by_the_shim_keep_the_landlock_part(void)
{
	struct fixture fixture;

	if (!setup(&fixture) || !write_policy_file(&fixture))
		goto out;
	live_env_set(&fixture.env, "PRESEAL_REPORT", "denials");
	probe_expect(&fixture, ARGV("read", "/etc/passwd", "read", fixture.secret),
		     "read ok\nread EACCES\n");
out:
	teardown(&fixture);
}

/* run --log-denials tells the program's shim its filter is in place, so
 * run applies the Landlock part itself (it once applied none). */
static void run_log_denials_keeps_the_landlock_part(void)
{
	struct fixture fixture;
	char binary[400];

	if (!setup(&fixture) || !write_policy_file(&fixture) ||
	    !build_probe(&fixture, "", binary, sizeof(binary)))
		goto out;
	run_with_expect(&fixture, ARGV("--log-denials", "-p", fixture.policy), binary);
out:
	teardown(&fixture);
}

/* PRESEAL_POLICY=A:B stacks the seccomp parts into one filter and applies
 * each policy's Landlock part as a domain of its own. */
static void policies_stacked_by_the_shim_keep_each_landlock_part(void)
{
	struct fixture fixture;

	if (!setup(&fixture) || !write_policy_file(&fixture))
		goto out;
	live_env_set(&fixture.env, "PRESEAL_POLICY", "%s:baseline", fixture.policy);
	probe_expect(&fixture, ARGV("read", "/etc/passwd", "read", fixture.secret),
		     "read ok\nread EACCES\n");
out:
	teardown(&fixture);
}

/* run -p A -p B: the stacked filter does not share A's Landlock part (run
 * once freed it twice and aborted after the program ended). */
static void run_with_two_policies_keeps_the_landlock_part_and_exits_cleanly(void)
{
	struct fixture fixture;
	char binary[400];

	if (!setup(&fixture) || !write_policy_file(&fixture) ||
	    !build_probe(&fixture, "", binary, sizeof(binary)))
		goto out;
	run_with_expect(&fixture, ARGV("-p", fixture.policy, "-p", "baseline"), binary);
out:
	teardown(&fixture);
}

/* ---- the compiled form -------------------------------------------------------- */

static void policy_without_landlock_compiles_to_the_first_format(void)
{
	struct policy *policy;
	struct filter filter;
	char path[] = "/tmp/preseal-ll-XXXXXX";
	int fd = mkstemp(path);
	struct stat written;
	uint32_t version = 0;

	REQUIRE(fd >= 0);
	unlink(path);
	if (live_compile(allow_all, 0, &policy, &filter) == 0) {
		CU_ASSERT_PTR_NULL(filter.landlock);
		CU_ASSERT_EQUAL(compiled_write(&filter, fd), 0);
		CU_ASSERT_EQUAL(pread(fd, &version, sizeof(version), COMPILED_MAGIC_SIZE),
				(ssize_t)sizeof(version));
		CU_ASSERT_EQUAL(version, 1);
		/* The header (magic, five words, sixteen architectures, length and
		 * checksum) and the program, nothing after it. */
		CU_ASSERT(fstat(fd, &written) == 0 &&
			  (size_t)written.st_size ==
				  COMPILED_MAGIC_SIZE + 24 * sizeof(uint32_t) +
					  filter.length * sizeof(struct sock_filter));
		filter_free(&filter);
		policy_free(policy);
	}
	close(fd);
}

static void compiled_policy_keeps_its_paths_ports_and_scopes(void)
{
	struct landlock_path_rule paths[] = { { .path = "/usr", .access = EXECUTE },
					      { .path = "/tmp/out", .access = LL_FS_WRITE_FILE } };
	struct landlock_port_rule ports[] = { { .port = 443, .access = LL_NET_CONNECT_TCP } };
	struct landlock_policy model = { .present = true,
					 .handled_fs = landlock_fs_rights_of_abi(5),
					 .handled_net = LL_NET_CONNECT_TCP,
					 .scoped = LL_SCOPE_SIGNAL,
					 .mode = LANDLOCK_BEST_EFFORT,
					 .paths = paths,
					 .path_count = 2,
					 .ports = ports,
					 .port_count = 1 };
	struct landlock_rules *rules, *read_back;
	unsigned char *data;
	size_t size;

	REQUIRE(landlock_rules_from_policy(&model, &rules) == 0 && rules);
	REQUIRE(landlock_rules_encode(rules, &data, &size) == 0);
	CU_ASSERT_EQUAL(landlock_rules_decode(data, size, &read_back), 0);
	if (read_back) {
		CU_ASSERT_EQUAL(read_back->mode, LANDLOCK_BEST_EFFORT);
		CU_ASSERT_EQUAL(read_back->handled_fs, landlock_fs_rights_of_abi(5));
		CU_ASSERT_EQUAL(read_back->handled_net, LL_NET_CONNECT_TCP);
		CU_ASSERT_EQUAL(read_back->scoped, LL_SCOPE_SIGNAL);
		CU_ASSERT(read_back->path_count == 2 &&
			  strcmp(read_back->paths[1].path, "/tmp/out") == 0 &&
			  read_back->paths[1].access == LL_FS_WRITE_FILE);
		CU_ASSERT(read_back->port_count == 1 && read_back->ports[0].port == 443);
	}
	/* Every cut short, and a right the ruleset does not handle, is refused. */
	for (size_t cut = 0; cut < size; cut++) {
		struct landlock_rules *partial;

		CU_ASSERT_EQUAL(landlock_rules_decode(data, cut, &partial), -EINVAL);
	}
	landlock_rules_free(read_back);
	data[size - 1] = 'x'; /* the last path loses its NUL */
	CU_ASSERT_EQUAL(landlock_rules_decode(data, size, &read_back), -EINVAL);
	free(data);
	landlock_rules_free(read_back);
	landlock_rules_free(rules);
}

const struct test_suite suite_landlock = {
	"landlock",
	(const struct test_case[]){
		{ "cat_of_a_private_key_is_denied_while_ls_usr_works",
		  cat_of_a_private_key_is_denied_while_ls_usr_works },
		{ "python_script_writes_only_its_output_folder",
		  python_script_writes_only_its_output_folder },
		{ "connect_to_a_listed_port_is_allowed_and_to_another_refused",
		  connect_to_a_listed_port_is_allowed_and_to_another_refused },
		{ "bind_to_an_unlisted_port_is_refused", bind_to_an_unlisted_port_is_refused },
		{ "symlink_from_an_allowed_folder_to_a_denied_file_is_denied",
		  symlink_from_an_allowed_folder_to_a_denied_file_is_denied },
		{ "hard_link_of_a_denied_file_into_an_allowed_folder_is_refused",
		  hard_link_of_a_denied_file_into_an_allowed_folder_is_refused },
		{ "rename_of_a_denied_file_into_an_allowed_folder_is_refused",
		  rename_of_a_denied_file_into_an_allowed_folder_is_refused },
		{ "rename_out_of_a_read_only_folder_is_refused",
		  rename_out_of_a_read_only_folder_is_refused },
		{ "proc_self_root_path_to_a_denied_file_is_denied",
		  proc_self_root_path_to_a_denied_file_is_denied },
		{ "descriptor_opened_before_the_constructor_is_kept_and_reopening_it_is_denied",
		  descriptor_opened_before_the_constructor_is_kept_and_reopening_it_is_denied },
		{ "open_by_handle_at_of_a_denied_file_is_denied",
		  open_by_handle_at_of_a_denied_file_is_denied },
		{ "truncate_of_a_file_in_a_read_only_folder_is_refused",
		  truncate_of_a_file_in_a_read_only_folder_is_refused },
		{ "child_after_execve_without_ld_preload_stays_restricted",
		  child_after_execve_without_ld_preload_stays_restricted },
		{ "forged_marker_does_not_skip_the_landlock_part",
		  forged_marker_does_not_skip_the_landlock_part },
		{ "thread_started_before_the_constructor_cannot_read_a_denied_file",
		  thread_started_before_the_constructor_cannot_read_a_denied_file },
		{ "thread_that_blocks_the_signal_stops_the_program_with_125",
		  thread_that_blocks_the_signal_stops_the_program_with_125 },
		{ "best_effort_line_leaves_the_programs_stderr_open",
		  best_effort_line_leaves_the_programs_stderr_open },
		{ "older_kernel_is_named_with_the_right_and_the_abi_it_needs",
		  older_kernel_is_named_with_the_right_and_the_abi_it_needs },
		{ "kernel_without_landlock_stops_the_program_with_125",
		  kernel_without_landlock_stops_the_program_with_125 },
		{ "best_effort_without_landlock_runs_with_the_seccomp_part_and_says_so",
		  best_effort_without_landlock_runs_with_the_seccomp_part_and_says_so },
		{ "policy_file_with_paths_is_enforced_by_the_shim",
		  policy_file_with_paths_is_enforced_by_the_shim },
		{ "cache_entry_keeps_the_landlock_part", cache_entry_keeps_the_landlock_part },
		{ "run_applies_the_landlock_part_to_a_static_program",
		  run_applies_the_landlock_part_to_a_static_program },
		{ "run_applies_the_landlock_part_to_a_setuid_program",
		  run_applies_the_landlock_part_to_a_setuid_program },
		{ "run_leaves_the_landlock_part_of_a_dynamic_program_to_the_shim",
		  run_leaves_the_landlock_part_of_a_dynamic_program_to_the_shim },
		{ "policy_naming_home_is_read_with_each_starts_home",
		  policy_naming_home_is_read_with_each_starts_home },
		{ "errno_denials_reported_by_the_shim_keep_the_landlock_part",
		  errno_denials_reported_by_the_shim_keep_the_landlock_part },
		{ "run_log_denials_keeps_the_landlock_part",
		  run_log_denials_keeps_the_landlock_part },
		{ "policies_stacked_by_the_shim_keep_each_landlock_part",
		  policies_stacked_by_the_shim_keep_each_landlock_part },
		{ "run_with_two_policies_keeps_the_landlock_part_and_exits_cleanly",
		  run_with_two_policies_keeps_the_landlock_part_and_exits_cleanly },
		{ "policy_without_landlock_compiles_to_the_first_format",
		  policy_without_landlock_compiles_to_the_first_format },
		{ "compiled_policy_keeps_its_paths_ports_and_scopes",
		  compiled_policy_keeps_its_paths_ports_and_scopes },
		{ NULL, NULL },
	},
};
