/* `preseal import` and `preseal export`, run as a user runs them: Docker's
 * own default profile converted and real programs run under it, what it
 * denies denied by the kernel, policies carried through export and import
 * with every decision kept, the exported JSON run by crun, and every kind of
 * bad profile reported at its JSON path with nothing written. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "live.h"
#include "policy.h"
#include "support.h"

#define DOCKER_PROFILE "tests/oci/docker-default.json"

static char temp[256];

static int run_preseal(const char *const *args, struct live_output *output)
{
	return live_run_preseal(args, NULL, output);
}

/* Runs ARGS and expects exit status 0. */
static bool preseal_ok(const char *const *args)
{
	struct live_output output;
	char status[64];
	bool ok;

	if (run_preseal(args, &output) < 0)
		return false;
	ok = live_exited_with(output.status, 0);
	LIVE_EXPECT(ok, "preseal %s %s: %s; stderr: %s", args[0], args[1],
		    live_describe(output.status, status, sizeof(status)), output.err);
	live_output_free(&output);
	return ok;
}

static bool native_is_x86_64(void)
{
	if (seccomp_arch_native() == SCMP_ARCH_X86_64)
		return true;
	test_skip("Docker's profile tests are written for x86_64");
	return false;
}

/* Imports Docker's profile into TEMP/NAME with EXTRA options (up to 4). */
static bool import_docker(const char *name, const char *const *extra, char *out, size_t size)
{
	const char *args[16] = { "import", DOCKER_PROFILE, "-o", out };
	size_t count = 4;

	snprintf(out, size, "%s/%s", temp, name);
	for (; extra && *extra && count < 14; extra++)
		args[count++] = *extra;
	args[count] = NULL;
	return preseal_ok(args);
}

static struct policy *read_policy(const char *path)
{
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_file(path, 0, &diags);
	char shown[2048];

	test_show_diags(&diags, shown, sizeof(shown));
	LIVE_EXPECT(policy != NULL, "%s: %s", path, shown);
	diag_free(&diags);
	return policy;
}

static const char *decide(const struct policy *policy, const char *syscall, uint64_t arg0,
			  char *buffer, size_t size)
{
	uint64_t args[6] = { arg0 };

	action_format(policy_decide(policy, syscall, args, NULL), buffer, size);
	return buffer;
}

struct expected_decision {
	const char *syscall;
	uint64_t arg0;
	const char *action;
};

static void expect_decisions(const struct policy *policy, const struct expected_decision *table,
			     size_t count)
{
	char got[64];

	for (size_t i = 0; i < count; i++)
		LIVE_EXPECT(
			strcmp(decide(policy, table[i].syscall, table[i].arg0, got, sizeof(got)),
			       table[i].action) == 0,
			"%s(0x%llx): %s, expected %s", table[i].syscall,
			(unsigned long long)table[i].arg0, got, table[i].action);
}

/* ---- Docker's default profile --------------------------------------------- */

static void import_resolves_docker_default_like_docker(void)
{
	static const struct expected_decision expected[] = {
		{ "read", 0, "allow" },
		{ "keyctl", 0, "errno(EPERM)" },
		{ "add_key", 0, "errno(EPERM)" },
		{ "mount", 0, "errno(EPERM)" },
		{ "unshare", 0, "errno(EPERM)" },
		{ "clone", 0x11, "allow" },		     /* SIGCHLD: a fork */
		{ "clone", 0x10000000, "errno(EPERM)" },     /* CLONE_NEWUSER */
		{ "clone3", 0, "errno(ENOSYS)" },	     /* so that glibc falls back */
		{ "personality", 8, "allow" },		     /* one of the five values */
		{ "personality", 0x400000, "errno(EPERM)" }, /* READ_IMPLIES_EXEC */
		{ "chroot", 0, "allow" },		     /* CAP_SYS_CHROOT is a default */
		{ "ptrace", 0, "allow" },		     /* minKernel 4.8 */
		{ "arch_prctl", 0, "allow" },		     /* includes arches amd64 */
		{ "reboot", 0, "errno(EPERM)" },	     /* CAP_SYS_BOOT is not */
	};
	char out[512];
	struct policy *policy;

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	const char *extra[] = { "--kernel", "6.1", NULL };

	if (import_docker("docker.cfg", extra, out, sizeof(out))) {
		const char *check[] = { "check", out, NULL };

		preseal_ok(check);
		policy = read_policy(out);
		if (policy)
			expect_decisions(policy, expected, sizeof(expected) / sizeof(expected[0]));
		policy_free(policy);
	}
	live_remove_tree(temp);
}

static void import_follows_caps_and_kernel(void)
{
	static const struct expected_decision with_sys_admin[] = {
		{ "mount", 0, "allow" },
		{ "clone", 0x10000000, "allow" }, /* the masked rule is excluded */
		{ "clone3", 0, "allow" },
		{ "chroot", 0, "errno(EPERM)" }, /* --caps replaces the default set */
		{ "ptrace", 0, "errno(EPERM)" }, /* kernel 4.4 < minKernel 4.8 */
	};
	char out[512];
	struct policy *policy;

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	const char *extra[] = { "--caps", "CAP_SYS_ADMIN", "--kernel", "4.4", NULL };

	if (import_docker("admin.cfg", extra, out, sizeof(out))) {
		policy = read_policy(out);
		if (policy)
			expect_decisions(policy, with_sys_admin,
					 sizeof(with_sys_admin) / sizeof(with_sys_admin[0]));
		policy_free(policy);
	}
	live_remove_tree(temp);
}

/* Runs ARGV under `preseal run -p POLICY`. */
static int run_under(const char *policy, const char *const *argv, struct live_output *output)
{
	const char *args[24] = { "run", "-p", policy, "--" };
	size_t count = 4;

	for (; *argv && count < 23; argv++)
		args[count++] = *argv;
	args[count] = NULL;
	return run_preseal(args, output);
}

static void docker_default_runs_real_programs(void)
{
	const char *pipeline[] = { "/bin/sh", "-c", "echo hi | wc -c", NULL };
	const char *python[] = { "/usr/bin/python3", "-c",
				 "import json, subprocess; print(json.dumps(subprocess.run("
				 "['ls', '/'], capture_output=True).returncode))",
				 NULL };
	struct live_output output;
	char out[512];

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (import_docker("docker.cfg", NULL, out, sizeof(out))) {
		if (run_under(out, pipeline, &output) == 0) {
			LIVE_EXPECT(live_exited_with(output.status, 0) &&
					    strcmp(output.out, "3\n") == 0,
				    "sh: out '%s' err %s", output.out, output.err);
			live_output_free(&output);
		}
		if (run_under(out, python, &output) == 0) {
			LIVE_EXPECT(live_exited_with(output.status, 0) &&
					    strcmp(output.out, "0\n") == 0,
				    "python3: out '%s' err %s", output.out, output.err);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* Python prints the errno name a raw syscall gets (or "ok"). */
#define SYSCALL_PROBE                                               \
	"import ctypes, errno, sys\n"                               \
	"libc = ctypes.CDLL(None, use_errno=True)\n"                \
	"args = [ctypes.c_long(int(a, 0)) for a in sys.argv[2:]]\n" \
	"r = libc.syscall(int(sys.argv[1]), *args)\n"               \
	"print('ok' if r >= 0 else errno.errorcode[ctypes.get_errno()])\n"

static void expect_probe(const char *policy, const char *const *probe, const char *want,
			 const char *what)
{
	struct live_output output;

	if (run_under(policy, probe, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 0) &&
			    strncmp(output.out, want, strlen(want)) == 0,
		    "%s: out '%s' (expected %s) err %s", what, output.out, want, output.err);
	live_output_free(&output);
}

static void docker_default_denies_what_docker_denies(void)
{
	/* keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0): ENOKEY
	 * or an id without a filter, EPERM under Docker's profile. */
	const char *keyctl[] = {
		"/usr/bin/python3", "-c", SYSCALL_PROBE, "250", "0", "-2", "0", NULL
	};
	const char *clone3[] = { "/usr/bin/python3", "-c", SYSCALL_PROBE, "435", "0", "0", NULL };
	const char *userns[] = { "/usr/bin/unshare", "-U", "/bin/true", NULL };
	struct live_output output;
	char out[512];

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (import_docker("docker.cfg", NULL, out, sizeof(out))) {
		expect_probe(out, keyctl, "EPERM", "keyctl");
		expect_probe(out, clone3, "ENOSYS", "clone3");
		if (run_under(out, userns, &output) == 0) {
			LIVE_EXPECT(live_exited_with(output.status, 1) &&
					    strstr(output.err, "Operation not permitted"),
				    "unshare -U: %s", output.err);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* The same doors, opened without the profile: the denial above is the
 * filter's, not the machine's. */
static void docker_default_denials_are_the_filters(void)
{
	const char *const keyctl[] = {
		"/usr/bin/python3", "-c", SYSCALL_PROBE, "250", "0", "-2", "0", NULL
	};
	struct live_env env;
	struct live_output output;

	if (!live_runner_unconfined()) {
		test_skip("the runner is itself under a seccomp filter");
		return;
	}
	live_env_init(&env);
	struct live_command command = { .argv = keyctl, .env = env.items };

	if (live_run(&command, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    strncmp(output.out, "EPERM", 5) != 0,
			    "keyctl unconfined: %s", output.out);
		live_output_free(&output);
	}
	live_env_free(&env);
}

/* ---- the round trip ------------------------------------------------------- */

static void add_candidates(const struct rule *rule, uint64_t *values, size_t *count, size_t max)
{
	for (unsigned i = 0; i < rule->arg_count && *count + 8 < max; i++) {
		const struct arg_check *check = &rule->args[i];

		values[(*count)++] = check->value;
		values[(*count)++] = check->value + 1;
		values[(*count)++] = check->value - 1;
		values[(*count)++] = check->value ^ check->mask;
		values[(*count)++] = check->mask;
		values[(*count)++] = check->value | 0xdeadbeef00000000ull;
		values[(*count)++] = ~check->value;
	}
}

/* Every native syscall, with every argument set to boundary values of the
 * rules of either policy, gets the same action from both. */
static void expect_same_decisions(const struct policy *a, const struct policy *b, const char *what)
{
	uint64_t values[512];
	unsigned compared = 0, differ = 0;

	for (int number = 0; number < 1024; number++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
		const struct policy *both[2] = { a, b };
		size_t count = 0;

		if (!name)
			continue;
		values[count++] = 0;
		values[count++] = ~0ull;
		for (int p = 0; p < 2; p++)
			for (const struct rule *rule = policy_first_rule(both[p], name);
			     rule && rule < both[p]->rules + both[p]->rule_count &&
			     strcmp(rule->syscall, name) == 0;
			     rule++)
				add_candidates(rule, values, &count, 512);
		for (size_t v = 0; v < count; v++) {
			for (int index = -1; index < 6; index++) {
				uint64_t args[6];
				struct action left, right;
				char l[64], r[64];

				for (int i = 0; i < 6; i++)
					args[i] = index < 0 || i == index ? values[v] : 0;
				left = policy_decide(a, name, args, NULL);
				right = policy_decide(b, name, args, NULL);
				compared++;
				if (action_equal(left, right) || differ++ > 5)
					continue;
				action_format(left, l, sizeof(l));
				action_format(right, r, sizeof(r));
				LIVE_EXPECT(false, "%s: %s(arg%d = 0x%llx): %s before, %s after",
					    what, name, index, (unsigned long long)values[v], l, r);
			}
		}
		free(name);
	}
	LIVE_EXPECT(compared > 2000, "%s: only %u calls compared", what, compared);
	LIVE_EXPECT(differ == 0, "%s: %u decisions differ", what, differ);
}

static void round_trip(const char *policy_path, const char *what)
{
	char json[512], back[512];
	struct policy *before, *after;

	snprintf(json, sizeof(json), "%s/%s.json", temp, what);
	snprintf(back, sizeof(back), "%s/%s-back.cfg", temp, what);
	const char *export_args[] = { "export", policy_path, "-o", json, NULL };
	const char *import_args[] = { "import", json, "-o", back, NULL };

	if (!preseal_ok(export_args) || !preseal_ok(import_args))
		return;
	before = read_policy(policy_path);
	after = read_policy(back);
	if (before && after) {
		expect_same_decisions(before, after, what);
		LIVE_EXPECT(before->log == after->log && before->disable_ssb == after->disable_ssb,
			    "%s: flags log %d/%d disable_ssb %d/%d", what, before->log, after->log,
			    before->disable_ssb, after->disable_ssb);
	}
	policy_free(before);
	policy_free(after);
}

/* Every action, every op, masked_ne, groups, several errnos. */
static const char every_kind[] =
	"default_action = \"errno(EPERM)\";\n"
	"allow = [ \"read\", \"write\", \"@signal\", \"exit_group\" ];\n"
	"deny = [ \"@mount\" ];\n"
	"deny_action = \"errno(EACCES)\";\n"
	"rules = (\n"
	"  { syscall = \"clone3\"; action = \"errno(ENOSYS)\"; },\n"
	"  { syscall = \"kill\"; action = \"kill_process\"; },\n"
	"  { syscall = \"tkill\"; action = \"kill_thread\"; },\n"
	"  { syscall = \"getpid\"; action = \"trap\"; },\n"
	"  { syscall = \"getppid\"; action = \"log\"; },\n"
	"  { syscall = \"getuid\"; action = \"trace(7)\"; },\n"
	"  { syscall = \"socket\"; action = \"allow\";\n"
	"    args = ( { index = 0; op = \"eq\"; value = \"AF_UNIX\"; } ); },\n"
	"  { syscall = \"lseek\"; action = \"allow\";\n"
	"    args = ( { index = 0; op = \"lt\"; value = 100; },\n"
	"             { index = 2; op = \"le\"; value = 2; } ); },\n"
	"  { syscall = \"dup\"; action = \"allow\"; args = ( { index = 0; op = \"gt\"; value = 2; "
	"} ); },\n"
	"  { syscall = \"dup2\"; action = \"allow\"; args = ( { index = 1; op = \"ge\"; value = 3; "
	"} ); },\n"
	"  { syscall = \"close\"; action = \"allow\"; args = ( { index = 0; op = \"ne\"; value = "
	"2; } ); },\n"
	"  { syscall = \"mmap\"; action = \"allow\";\n"
	"    args = ( { index = 2; op = \"masked_ne\"; mask = \"PROT_WRITE|PROT_EXEC\";\n"
	"               value = \"PROT_WRITE|PROT_EXEC\"; } ); },\n"
	"  { syscall = \"mmap\"; action = \"errno(EACCES)\";\n"
	"    args = ( { index = 2; op = \"masked_eq\"; mask = \"PROT_WRITE|PROT_EXEC\";\n"
	"               value = \"PROT_WRITE|PROT_EXEC\"; } ); },\n"
	"  { syscall = \"fcntl\"; action = \"allow\";\n"
	"    args = ( { index = 1; op = \"masked_eq\"; mask = 0xffffffff; value = \"F_GETFL\"; } "
	"); }\n"
	");\n"
	"log = true;\n"
	"disable_ssb = true;\n";

static void round_trip_keeps_every_decision(void)
{
	char path[512], docker[512];

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (live_write_file(temp, "every.cfg", every_kind, 0644, path, sizeof(path)) == 0)
		round_trip(path, "every");
	round_trip("config/profiles/baseline.cfg", "baseline");
	if (seccomp_arch_native() == SCMP_ARCH_X86_64 &&
	    import_docker("docker.cfg", NULL, docker, sizeof(docker)))
		round_trip(docker, "docker");
	live_remove_tree(temp);
}

static size_t count_of(const char *text, const char *needle)
{
	size_t count = 0;

	for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
		count++;
	return count;
}

static char *read_text(const char *path)
{
	FILE *file = fopen(path, "r");
	char *text = calloc(1, 1 << 20);

	if (file && text)
		text[fread(text, 1, (1 << 20) - 1, file)] = '\0';
	if (file)
		fclose(file);
	return text;
}

/* Writes POLICY as TEMP/p.cfg and exports it to TEMP/p.json, named in
 * JSON: true when export succeeded. */
static bool export_into_temp(const char *policy, char *json, size_t size)
{
	char path[512];

	live_write_file(temp, "p.cfg", policy, 0644, path, sizeof(path));
	snprintf(json, size, "%s/p.json", temp);
	const char *args[] = { "export", path, "-o", json, NULL };

	return preseal_ok(args);
}

static void export_writes_masked_ne_as_one_entry_per_bit(void)
{
	char json[512];
	char *text;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (export_into_temp(
		    "default_action = \"allow\";\n"
		    "rules = ( { syscall = \"mmap\"; action = \"errno(EACCES)\";\n"
		    "  args = ( { index = 2; op = \"masked_ne\"; mask = 7; value = 5; } ); } );\n",
		    json, sizeof(json))) {
		text = read_text(json);
		/* (a & 7) != 5: bit 0 clear, bit 1 set or bit 2 clear. */
		LIVE_EXPECT(text && count_of(text, "SCMP_CMP_MASKED_EQ") == 3 &&
				    strstr(text, "\"value\": 1,\n\t\t\t\t\t\"valueTwo\": 0,") &&
				    strstr(text, "\"value\": 2,\n\t\t\t\t\t\"valueTwo\": 2,") &&
				    strstr(text, "\"value\": 4,\n\t\t\t\t\t\"valueTwo\": 0,"),
			    "%s", text ? text : "(unreadable)");
		free(text);
	}
	live_remove_tree(temp);
}

static void export_refuses_what_a_runtimes_libseccomp_would_weaken(void)
{
	char path[512], json[512];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	/* The errno(EPERM) rule wins over the allow where both match.
	 * preseal's own generator says so and check accepts the policy, but
	 * a runtime's libseccomp cannot add a rule that repeats the default:
	 * export compiles the rules with libseccomp too, the verifier refuses
	 * that filter, and export writes nothing rather than a profile that
	 * allows dup(5). */
	live_write_file(temp, "p.cfg",
			"default_action = \"errno(EPERM)\";\n"
			"rules = (\n"
			"  { syscall = \"dup\"; action = \"allow\";\n"
			"    args = ( { index = 0; op = \"lt\"; value = 100; } ); },\n"
			"  { syscall = \"dup\"; action = \"errno(EPERM)\";\n"
			"    args = ( { index = 0; op = \"eq\"; value = 5; } ); }\n"
			");\n",
			0644, path, sizeof(path));
	snprintf(json, sizeof(json), "%s/p.json", temp);
	const char *check[] = { "check", path, NULL };
	const char *args[] = { "export", path, "-o", json, NULL };

	if (run_preseal(check, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "check: err %s", output.err);
		live_output_free(&output);
	}
	if (run_preseal(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "status; err %s", output.err);
		LIVE_EXPECT(strstr(output.err, "p.cfg:5: the compiled filter disagrees with the "
					       "policy: dup"),
			    "err: %s", output.err);
		LIVE_EXPECT(!live_path_exists(json), "%s was written", json);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* ---- argument width --------------------------------------------------------- */

/* A Docker-style profile that allows everything but AF_PACKET sockets. */
static const char packet_profile[] =
	"{ \"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
	"  \"syscalls\": [ { \"names\": [ \"socket\" ], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"                  \"args\": [ { \"index\": 0, \"value\": 17, \"op\": \"SCMP_CMP_EQ\" } ] "
	"} ] "
	"}\n";

/* tests/escape packet HIGH under `preseal run -p POLICY`. */
static bool packet_under(const char *policy, const char *high, struct live_output *output)
{
	char escape[512];

	if (live_build_path("tests/escape", escape, sizeof(escape)) < 0)
		return false;
	const char *argv[] = { escape, "packet", high, NULL };

	return run_under(policy, argv, output) == 0;
}

/* Docker's runtimes compare all 64 bits of socket's int family, so
 * socket(0x100000011, …) passes their AF_PACKET rule and the kernel makes a
 * packet socket.  Imported into preseal, the rule holds: the filter decides
 * on the 17 the kernel reads. */
static void imported_socket_family_rule_holds_against_an_upper_half(void)
{
	char json[512], out[512], escape[512];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "packet.json", packet_profile, 0644, json, sizeof(json));
	snprintf(out, sizeof(out), "%s/packet.cfg", temp);
	const char *args[] = { "import", json, "-o", out, NULL };
	const char *control[] = { escape, "packet", "0", NULL };

	if (live_build_path("tests/escape", escape, sizeof(escape)) < 0 || !preseal_ok(args))
		goto out;
	struct live_command command = { .argv = control, .env = (char *[]){ NULL } };

	if (live_run(&command, &output) < 0)
		goto out;
	if (strcmp(output.out, "packet: socket OK, domain 17\n") != 0) {
		test_skip("no AF_PACKET socket here even unconfined (not root, or no "
			  "CONFIG_PACKET)");
		live_output_free(&output);
		goto out;
	}
	live_output_free(&output);
	if (packet_under(out, "1", &output)) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    strcmp(output.out, "packet: EPERM\n") == 0,
			    "socket(1 << 32 | AF_PACKET) under the imported rule: out '%s' err %s",
			    output.out, output.err);
		live_output_free(&output);
	}
out:
	live_remove_tree(temp);
}

/* What export writes for a check on an int: masked_eq of the low 32 bits,
 * which a runtime's libseccomp compares as the kernel reads the int. */
static void export_compares_an_int_argument_on_the_bits_the_kernel_reads(void)
{
	char json[512];
	char *text;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (export_into_temp(
		    "default_action = \"allow\";\n"
		    "rules = ( { syscall = \"socket\"; action = \"errno(EPERM)\";\n"
		    "  args = ( { index = 0; op = \"eq\"; value = \"AF_PACKET\"; } ); } );\n",
		    json, sizeof(json))) {
		text = read_text(json);
		LIVE_EXPECT(text && count_of(text, "SCMP_CMP_MASKED_EQ") == 1 &&
				    count_of(text, "SCMP_CMP_EQ") == 0 &&
				    strstr(text, "\"value\": 4294967295,\n\t\t\t\t\t"
						 "\"valueTwo\": 17,"),
			    "%s", text ? text : "(unreadable)");
		free(text);
	}
	live_remove_tree(temp);
}

/* ---- a real consumer -------------------------------------------------------- */

/* Runs ARGV in a crun container under PROFILE (tests/oci/crun-run.sh). */
static int run_in_crun(const char *profile, const char *work, const char *const *argv,
		       struct live_output *output)
{
	const char *args[24] = { "/bin/sh", "tests/oci/crun-run.sh", profile, work };
	size_t count = 4;
	struct live_env env;
	int result;

	for (; *argv && count < 23; argv++)
		args[count++] = *argv;
	args[count] = NULL;
	live_env_init(&env);
	struct live_command command = { .argv = args, .env = env.items };

	result = live_run(&command, output);
	live_env_free(&env);
	return result;
}

static bool crun_usable(void)
{
	char allow[512], work[512];
	const char *probe[] = { "/bin/true", NULL };
	struct live_output output;
	bool usable;

	if (geteuid() != 0 || access("/usr/bin/crun", X_OK) != 0 ||
	    access("/usr/bin/unshare", X_OK) != 0) {
		test_skip("crun needs root, /usr/bin/crun and /usr/bin/unshare");
		return false;
	}
	live_write_file(temp, "allow.json", "{ \"defaultAction\": \"SCMP_ACT_ALLOW\" }\n", 0644,
			allow, sizeof(allow));
	snprintf(work, sizeof(work), "%s/probe", temp);
	if (run_in_crun(allow, work, probe, &output) < 0)
		return false;
	usable = live_exited_with(output.status, 0);
	if (!usable) {
		fprintf(stderr, "\n    crun: %s", output.err);
		test_skip("crun cannot run a container here (see its message above)");
	}
	live_output_free(&output);
	return usable;
}

static void crun_runs_an_exported_profile(void)
{
	const char *script[] = { "/bin/sh", "-c",
				 "echo hi | wc -c; grep '^Seccomp:' /proc/self/status; "
				 "mkdir /tmp/new",
				 NULL };
	char json[512], work[512];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (!crun_usable())
		goto out;
	snprintf(work, sizeof(work), "%s/c", temp);
	if (export_into_temp("default_action = \"allow\";\n"
			     "deny = [ \"mkdir\", \"mkdirat\" ];\n"
			     "deny_action = \"errno(EACCES)\";\n",
			     json, sizeof(json)) &&
	    run_in_crun(json, work, script, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "status; err %s", output.err);
		LIVE_EXPECT(strcmp(output.out, "3\nSeccomp:\t2\n") == 0, "out: '%s'", output.out);
		LIVE_EXPECT(strstr(output.err, "Permission denied") != NULL, "err: %s", output.err);
		live_output_free(&output);
	}
out:
	live_remove_tree(temp);
}

/* crun's own libseccomp, given what export wrote for a rule on
 * getpriority's int `which`, denies the call whatever its upper half. */
static void crun_denies_an_int_argument_whatever_its_upper_half(void)
{
	const char *upper[] = { "/usr/bin/python3", "-c", SYSCALL_PROBE, "140",
				"0x100000001",	    "0",  NULL };
	const char *other[] = { "/usr/bin/python3", "-c", SYSCALL_PROBE, "140",
				"0x100000000",	    "0",  NULL };
	char json[512], work[512];
	struct live_output output;

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (!crun_usable())
		goto out;
	snprintf(work, sizeof(work), "%s/c", temp);
	if (!export_into_temp(
		    "default_action = \"allow\";\n"
		    "rules = ( { syscall = \"getpriority\"; action = \"errno(EXFULL)\";\n"
		    "  args = ( { index = 0; op = \"eq\"; value = \"PRIO_PGRP\"; } ); } );\n",
		    json, sizeof(json)))
		goto out;
	if (run_in_crun(json, work, upper, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    strcmp(output.out, "EXFULL\n") == 0,
			    "getpriority(0x100000001, 0): out '%s' err %s", output.out, output.err);
		live_output_free(&output);
	}
	snprintf(work, sizeof(work), "%s/d", temp);
	if (run_in_crun(json, work, other, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && strcmp(output.out, "ok\n") == 0,
			    "getpriority(0x100000000, 0): out '%s' err %s", output.out, output.err);
		live_output_free(&output);
	}
out:
	live_remove_tree(temp);
}

/* Docker's profile through preseal and back out to crun: a pipeline runs,
 * a user namespace is refused. */
static void crun_runs_docker_default_after_the_round_trip(void)
{
	const char *script[] = { "/bin/sh", "-c", "echo hi | wc -c; unshare -U true", NULL };
	char docker[512], json[512], work[512];
	struct live_output output;

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	if (!crun_usable() || !import_docker("docker.cfg", NULL, docker, sizeof(docker)))
		goto out;
	snprintf(json, sizeof(json), "%s/docker.json", temp);
	snprintf(work, sizeof(work), "%s/c", temp);
	const char *args[] = { "export", docker, "-o", json, NULL };

	if (preseal_ok(args) && run_in_crun(json, work, script, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "status; err %s", output.err);
		LIVE_EXPECT(strcmp(output.out, "3\n") == 0, "out: '%s'", output.out);
		LIVE_EXPECT(strstr(output.err, "unshare failed: Operation not permitted") != NULL,
			    "err: %s", output.err);
		live_output_free(&output);
	}
out:
	live_remove_tree(temp);
}

/* ---- bad profiles ------------------------------------------------------------- */

struct bad_profile {
	const char *json;
	const char *message; /* the whole first line of stderr, after "p.json" */
};

static const struct bad_profile bad_profiles[] = {
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n \"syscalls\": [ }",
	  ":2:16: invalid JSON: unexpected token near '}'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultAction\": \"SCMP_ACT_ALLOW\"}",
	  ":1:51: invalid JSON: duplicate object key near '\"defaultAction\"'" },
	{ "[1]", ": (top level): expected an object, got an array" },
	{ "{\"syscalls\": []}", ": defaultAction: missing" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": {}}",
	  ": syscalls: expected an array, got an object" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": \"read\", "
	  "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	  ": syscalls[0].names: expected an array of syscall names, got a string" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"write\"], \"action\": "
	  "\"SCMP_ACT_FOO\"}]}",
	  ": syscalls[1].action: unknown action \"SCMP_ACT_FOO\"" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, "
	  "\"op\": \"SCMP_CMP_FOO\"}]}]}",
	  ": syscalls[0].args[0].op: unknown comparison \"SCMP_CMP_FOO\"" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 6, \"value\": 1, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  ": syscalls[0].args[0].index: 6 is out of range (0 to 5)" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": \"0\", \"value\": 1, "
	  "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	  ": syscalls[0].args[0].index: expected an unsigned integer, got a string" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoret\": 5}]}",
	  ": syscalls[0]: unknown key \"errnoret\" (did you mean \"errnoRet\"?)" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5000}]}",
	  ": syscalls[0].errnoRet: 5000 is out of range (0 to 4094)" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_NOTIFY\"}]}",
	  ": syscalls[0].action: SCMP_ACT_NOTIFY hands the call to a listener process; preseal "
	  "has none, so it cannot be imported" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_SYS_ADMN\"]}}]}",
	  ": syscalls[0].includes.caps[0]: unknown capability \"CAP_SYS_ADMN\"" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	  "\"action\": \"SCMP_ACT_ALLOW\", \"excludes\": {\"minKernel\": \"five\"}}]}",
	  ": syscalls[0].excludes.minKernel: \"five\" is not a kernel version such as \"4.8\"" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_VAX\"]}",
	  ": architectures[0]: unknown architecture \"SCMP_ARCH_VAX\"" },
	/* mseal is newer than this libseccomp: its deny cannot be enforced. */
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\", "
	  "\"mseal\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	  ": syscalls[0].names[1]: \"mseal\" is unknown to this libseccomp, so its "
	  "errno(EPERM) cannot be enforced, and the default action is weaker; refusing rather "
	  "than let it through" },
};

/* mseal (Linux 6.10) is unknown to libseccomp 2.5.4; a newer one knows it. */
static bool mseal_unknown(void)
{
	return seccomp_syscall_resolve_name("mseal") == __NR_SCMP_ERROR;
}

static void import_reports_bad_profiles_at_their_json_path(void)
{
	char path[512], out[512], want[1024];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	snprintf(out, sizeof(out), "%s/out.cfg", temp);
	for (size_t i = 0; i < sizeof(bad_profiles) / sizeof(bad_profiles[0]); i++) {
		const struct bad_profile *bad = &bad_profiles[i];

		if (strstr(bad->json, "mseal") && !mseal_unknown()) {
			test_skip("this libseccomp knows mseal");
			continue;
		}
		live_write_file(temp, "p.json", bad->json, 0644, path, sizeof(path));
		const char *args[] = { "import", path, "-o", out, NULL };

		if (run_preseal(args, &output) < 0)
			continue;
		snprintf(want, sizeof(want), "%s%s\n", path, bad->message);
		LIVE_EXPECT(live_exited_with(output.status, 1), "%s: status", bad->json);
		LIVE_EXPECT(strncmp(output.err, want, strlen(want)) == 0, "%s:\n got %s want %s",
			    bad->json, output.err, want);
		LIVE_EXPECT(!live_path_exists(out), "%s: %s written", bad->json, out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* A name newer than libseccomp in an allow list only makes the policy
 * stricter: dropped, and listed in the policy. */
static void import_drops_unknown_allowed_names_with_a_comment(void)
{
	char path[512], out[512];
	char *text;

	if (!mseal_unknown()) {
		test_skip("this libseccomp knows mseal and listmount");
		return;
	}
	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "p.json",
			"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
			"[\"read\", \"mseal\", \"listmount\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
			0644, path, sizeof(path));
	snprintf(out, sizeof(out), "%s/out.cfg", temp);
	const char *args[] = { "import", path, "-o", out, NULL };

	if (preseal_ok(args)) {
		text = read_text(out);
		LIVE_EXPECT(text && strstr(text, "\t\"read\"\n];") &&
				    strstr(text, "# Left out: unknown to this libseccomp") &&
				    strstr(text, "#   syscalls[0]:\n#     mseal listmount\n"),
			    "%s", text ? text : "(unreadable)");
		free(text);
	}
	live_remove_tree(temp);
}

/* With x32 listed, preseal refuses argument rules (libseccomp compares only
 * the low 32 bits there): import writes nothing, and keeps the text it
 * could not compile beside the output for reading. */
static void import_writes_nothing_that_does_not_compile(void)
{
	char out[512], rejected[600];
	struct live_output output;

	if (!native_is_x86_64() || live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	snprintf(out, sizeof(out), "%s/x32.cfg", temp);
	snprintf(rejected, sizeof(rejected), "%s.rejected", out);
	const char *args[] = {
		"import", DOCKER_PROFILE, "-o", out, "--arch", "x86_64,x86,x32", NULL
	};

	if (run_preseal(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "status; err %s", output.err);
		LIVE_EXPECT(strstr(output.err, "x32.cfg.rejected:") &&
				    strstr(output.err, "with x32 listed") &&
				    strstr(output.err, "the converted policy does not compile"),
			    "err: %s", output.err);
		LIVE_EXPECT(!live_path_exists(out), "%s written", out);
		LIVE_EXPECT(live_path_exists(rejected), "%s missing", rejected);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* OCI's seccomp profile has no place for Landlock rules: export says so in
 * one line on stderr and writes the seccomp part. */
static void export_says_paths_have_no_place_and_writes_the_seccomp_part(void)
{
	char path[512], json[512];
	struct live_output output;
	char *text;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "p.cfg",
			"default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n"
			"paths = { read = [ \"/usr\" ]; };\nnetwork = { connect = [ 443 ]; };\n",
			0644, path, sizeof(path));
	snprintf(json, sizeof(json), "%s/p.json", temp);
	const char *args[] = { "export", path, "-o", json, NULL };

	if (run_preseal(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "status; err %s", output.err);
		LIVE_EXPECT(strstr(output.err,
				   "p.cfg: paths, network and scope have no place in an "
				   "OCI seccomp profile; exported the seccomp part "
				   "only\n") &&
				    count_of(output.err, "\n") == 1,
			    "err: %s", output.err);
		text = read_text(json);
		LIVE_EXPECT(text && strstr(text, "\"ptrace\"") && !strstr(text, "/usr"), "%s",
			    text ? text : "(unreadable)");
		free(text);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void export_of_a_policy_without_paths_says_nothing(void)
{
	char path[512], json[512];
	struct live_output output;

	if (live_temp_dir(temp, sizeof(temp)) < 0)
		return;
	live_write_file(temp, "p.cfg", "default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n",
			0644, path, sizeof(path));
	snprintf(json, sizeof(json), "%s/p.json", temp);
	const char *args[] = { "export", path, "-o", json, NULL };

	if (run_preseal(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "status; err %s", output.err);
		LIVE_EXPECT(output.err[0] == '\0', "err: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static const struct test_case cases[] = {
	{ "import_resolves_docker_default_like_docker",
	  import_resolves_docker_default_like_docker },
	{ "import_follows_caps_and_kernel", import_follows_caps_and_kernel },
	{ "docker_default_runs_real_programs", docker_default_runs_real_programs },
	{ "docker_default_denies_what_docker_denies", docker_default_denies_what_docker_denies },
	{ "docker_default_denials_are_the_filters", docker_default_denials_are_the_filters },
	{ "round_trip_keeps_every_decision", round_trip_keeps_every_decision },
	{ "export_writes_masked_ne_as_one_entry_per_bit",
	  export_writes_masked_ne_as_one_entry_per_bit },
	{ "export_refuses_what_a_runtimes_libseccomp_would_weaken",
	  export_refuses_what_a_runtimes_libseccomp_would_weaken },
	{ "crun_runs_an_exported_profile", crun_runs_an_exported_profile },
	{ "crun_runs_docker_default_after_the_round_trip",
	  crun_runs_docker_default_after_the_round_trip },
	{ "imported_socket_family_rule_holds_against_an_upper_half",
	  imported_socket_family_rule_holds_against_an_upper_half },
	{ "export_compares_an_int_argument_on_the_bits_the_kernel_reads",
	  export_compares_an_int_argument_on_the_bits_the_kernel_reads },
	{ "crun_denies_an_int_argument_whatever_its_upper_half",
	  crun_denies_an_int_argument_whatever_its_upper_half },
	{ "import_reports_bad_profiles_at_their_json_path",
	  import_reports_bad_profiles_at_their_json_path },
	{ "import_drops_unknown_allowed_names_with_a_comment",
	  import_drops_unknown_allowed_names_with_a_comment },
	{ "import_writes_nothing_that_does_not_compile",
	  import_writes_nothing_that_does_not_compile },
	{ "export_says_paths_have_no_place_and_writes_the_seccomp_part",
	  export_says_paths_have_no_place_and_writes_the_seccomp_part },
	{ "export_of_a_policy_without_paths_says_nothing",
	  export_of_a_policy_without_paths_says_nothing },
	{ NULL, NULL },
};

const struct test_suite suite_oci = { "oci", cases };
