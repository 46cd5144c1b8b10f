/* test_escape: the ways around a filter, and the faults it must survive.
 *
 * Suite "escape": each test is named for one way a hostile program might
 * try to get around preseal, runs tests/escape (or a real program) under
 * the shim in a child started with fork and execve, and checks the answer
 * from the kernel's side: the program's death by SIGSYS, the errno the
 * kernel returned, /proc/PID/status (Seccomp, Seccomp_filters, NoNewPrivs,
 * TracerPid), the directory that was not created, the child's memory that
 * did not change.  Where the host itself might shut the door, an
 * unconfined control run shows that the door is open without the shim.
 * Ways that the shim and cli suites already cover are listed in SECURITY.md's
 * "Ways around the filter" table with their test names, not repeated here.
 *
 * Suite "faults": the kernel refusing the filter, the instruction budget
 * spent, no descriptor left, a policy that is a FIFO or a device, memory
 * running out at every allocation the shim makes.  Each must end with the
 * program not run, status 125 and one line on stderr: never an unconfined
 * run, never a crash.
 */
#include "harness.h"
#include "live.h"

#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf.h"
#include "enosys.h"
#include "load.h"
#include "select.h"
#include "support.h"

#define ARGV(...)	  ((const char *const[]){ __VA_ARGS__, NULL })
#define EXIT_NOT_CONFINED 125

/* ---- One test's folder, environment and last run ---------------------------- */

struct escape {
	char dir[256];	  /* a private folder; PRESEAL_PATH points here */
	char policy[320]; /* DIR/NAME when the test uses a policy file */
	char target[320]; /* DIR/d: the directory a way tries to create */
	char program[PATH_MAX];
	struct live_env env;
	struct live_output output;
	unsigned padding; /* this many more variables in the environment */
	bool ready;
};

/* <build>/../tests/policies/good/NAME, copied into DIR with mode 0644 (a
 * checkout may be group-writable, which the shim rightly refuses). */
static bool copy_test_policy(struct escape *escape, const char *name, char *path, size_t size)
{
	const char *build = live_build_dir();
	char source[PATH_MAX], text[8192];
	size_t length;
	FILE *file;

	if (!build)
		return false;
	snprintf(source, sizeof(source), "%s/../tests/policies/good/%s", build, name);
	file = fopen(source, "r");
	LIVE_EXPECT(file != NULL, "cannot open %s", source);
	if (!file)
		return false;
	length = fread(text, 1, sizeof(text) - 1, file);
	fclose(file);
	text[length] = '\0';
	return live_write_file(escape->dir, name, text, 0644, path, size) == 0;
}

/* The folder, tests/escape, and an environment with the shim preloaded.
 * POLICY: a file of tests/policies/good named by PRESEAL_POLICY (with the
 * file it includes, when INCLUDE is given); NULL: the built-in baseline. */
static bool setup_with(struct escape *escape, const char *policy, const char *include)
{
	char ignored[320];

	*escape = (struct escape){ 0 };
	live_env_init(&escape->env);
	if (live_env_preload(&escape->env) < 0 ||
	    live_build_path("tests/escape", escape->program, sizeof(escape->program)) < 0 ||
	    live_temp_dir(escape->dir, sizeof(escape->dir)) < 0)
		return false;
	snprintf(escape->target, sizeof(escape->target), "%s/d", escape->dir);
	live_env_set(&escape->env, "PRESEAL_PATH", "%s", escape->dir);
	if (include && !copy_test_policy(escape, include, ignored, sizeof(ignored)))
		return false;
	if (policy) {
		if (!copy_test_policy(escape, policy, escape->policy, sizeof(escape->policy)))
			return false;
		live_env_set(&escape->env, "PRESEAL_POLICY", "%s", escape->policy);
	}
	escape->ready = true;
	return true;
}

static bool setup(struct escape *escape, const char *policy)
{
	return setup_with(escape, policy, NULL);
}

static void teardown(struct escape *escape)
{
	live_output_free(&escape->output);
	live_env_free(&escape->env);
	if (escape->dir[0])
		live_remove_tree(escape->dir);
}

static bool run_with(struct escape *escape, const char *const *argv, int (*prepare)(void *),
		     void *context)
{
	struct live_command command = {
		.argv = argv, .env = escape->env.items, .prepare = prepare, .context = context
	};
	char **padded = NULL;
	bool ran;

	live_output_free(&escape->output);
	if (escape->padding) {
		/* The environment, then PRESEAL_PAD_N=N for each N. */
		padded = calloc(escape->env.count + escape->padding + 1, sizeof(*padded));
		if (!padded)
			return false;
		memcpy(padded, escape->env.items, escape->env.count * sizeof(*padded));
		for (unsigned i = 0; i < escape->padding; i++)
			if (asprintf(&padded[escape->env.count + i], "PRESEAL_PAD_%u=%u", i, i) < 0)
				padded[escape->env.count + i] = NULL;
		command.env = padded;
	}
	ran = escape->ready && live_run(&command, &escape->output) == 0;
	for (unsigned i = 0; padded && i < escape->padding; i++)
		free(padded[escape->env.count + i]);
	free(padded);
	return ran;
}

static bool run(struct escape *escape, const char *const *argv)
{
	return run_with(escape, argv, NULL, NULL);
}

/* The same program without the shim or any PRESEAL_* variable: what the
 * kernel answers when no filter of ours is there.  The caller frees it. */
static bool run_unconfined(struct live_output *output, const char *const *argv)
{
	struct live_env bare;
	bool ran;

	live_env_init(&bare);
	ran = live_run(&(struct live_command){ .argv = argv, .env = bare.items }, output) == 0;
	live_env_free(&bare);
	return ran;
}

/* The command itself (here `preseal explain`), without the shim: it needs
 * no confinement, and under SANITIZE=1 an ASan program cannot have the
 * shim preloaded before the ASan runtime. */
static bool run_tool(struct escape *escape, const char *const *argv)
{
	live_output_free(&escape->output);
	return escape->ready && run_unconfined(&escape->output, argv);
}

static const char *story(const struct escape *escape)
{
	static char text[1536];
	char status[64];

	snprintf(text, sizeof(text), "%s; stdout \"%.600s\"; stderr \"%.600s\"",
		 live_describe(escape->output.status, status, sizeof(status)), escape->output.out,
		 escape->output.err);
	return text;
}

static bool said(const struct escape *escape, const char *line)
{
	return live_exited_with(escape->output.status, 0) && strcmp(escape->output.out, line) == 0;
}

static long runner_filters(void)
{
	long filters = live_runner_field("Seccomp_filters");

	return filters < 0 ? 0 : filters;
}

/* ---- The 32-bit table and x32 numbers ------------------------------------------ */

/* mkdir through int 0x80 must meet the baseline's bad_arch_action (kill)
 * before the kernel's i386 table makes the directory. */
static void int_0x80_into_the_32bit_table_is_killed(void)
{
	struct escape escape = { 0 };
	struct live_output control = { 0 };

	if (!setup(&escape, NULL))
		goto out;
	if (!run_unconfined(&control, ARGV(escape.program, "int80", escape.target)))
		goto out;
	if (!live_exited_with(control.status, 0) || !live_path_exists(escape.target)) {
		test_skip("int $0x80 does not reach the i386 table here unconfined (no IA32 "
			  "emulation)");
		goto out;
	}
	rmdir(escape.target);
	if (run(&escape, ARGV(escape.program, "int80", escape.target)))
		LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS),
			    "int 0x80 mkdir under the baseline: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
out:
	live_output_free(&control);
	teardown(&escape);
}

/* A number with the x32 bit is another architecture's call: killed, not
 * passed to the kernel (whose own answer, ENOSYS or the directory made,
 * would let the program go on). */
static void x32_syscall_numbers_are_killed(void)
{
	struct escape escape = { 0 };

	if (setup(&escape, NULL) && run(&escape, ARGV(escape.program, "x32", escape.target)))
		LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS),
			    "mkdir with the x32 bit under the baseline: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
	teardown(&escape);
}

/* ---- Doors the baseline shuts, with their effect checked ------------------------- */

/* Runs WAY unconfined and under the baseline.  The unconfined answer must
 * be OPEN (else the host shut the door itself: a skip), the confined one
 * exactly SHUT. */
static void expect_door(unsigned line, const char *way, const char *open, const char *shut)
{
	struct escape escape = { 0 };
	struct live_output control = { 0 };

	if (!setup(&escape, NULL) || !run_unconfined(&control, ARGV(escape.program, way)))
		goto out;
	if (!live_exited_with(control.status, 0) || strcmp(control.out, open) != 0) {
		char why[700];

		snprintf(why, sizeof(why), "%s is shut on this host without the shim: \"%.500s\"",
			 way, control.out);
		test_skip(why);
		goto out;
	}
	if (run(&escape, ARGV(escape.program, way)))
		LIVE_EXPECT_AT(line, said(&escape, shut), "expected \"%s\": %s", shut,
			       story(&escape));
out:
	live_output_free(&control);
	teardown(&escape);
}

static void io_uring_setup_is_refused(void)
{
	expect_door(__LINE__, "io_uring", "io_uring: io_uring_setup OK\n",
		    "io_uring: io_uring_setup EPERM\n");
}

/* The victim's TracerPid, read by its parent from /proc, stays 0. */
static void ptrace_of_a_sibling_is_refused(void)
{
	struct escape escape = { 0 };
	struct live_output control = { 0 };
	long tracer;

	if (!setup(&escape, NULL) ||
	    !run_unconfined(&control, ARGV(escape.program, "ptrace_sibling")))
		goto out;
	tracer = strstr(control.out, "TracerPid ")
			 ? strtol(strstr(control.out, "TracerPid ") + 10, NULL, 10)
			 : -1;
	if (!strstr(control.out, "attach OK") || tracer <= 0) {
		test_skip("a process may not trace its sibling on this host even unconfined "
			  "(Yama ptrace_scope)");
		goto out;
	}
	if (run(&escape, ARGV(escape.program, "ptrace_sibling")))
		LIVE_EXPECT(said(&escape, "ptrace_sibling: attach EPERM, victim TracerPid 0\n"),
			    "ptrace of a sibling under the baseline: %s", story(&escape));
out:
	live_output_free(&control);
	teardown(&escape);
}

/* The child reports its variable after the write: still 7. */
static void process_vm_writev_into_a_child_is_refused(void)
{
	expect_door(__LINE__, "vm_writev", "vm_writev: process_vm_writev OK, child's value 42\n",
		    "vm_writev: process_vm_writev EPERM, child's value 7\n");
}

/* ---- Getting rid of the filter ------------------------------------------------ */

/* execve with an empty environment: no LD_PRELOAD, no PRESEAL_*.  The
 * kernel keeps the filter; the new program reads its own status. */
static void dropping_ld_preload_and_reexecuting_stays_confined(void)
{
	struct escape escape = { 0 };

	if (setup(&escape, "escape-deny-mkdir.cfg") &&
	    run(&escape, ARGV(escape.program, "exec", "/bin/cat", "/proc/self/status"))) {
		LIVE_EXPECT(live_exited_with(escape.output.status, 0) &&
				    live_status_field(escape.output.out, "Seccomp") == 2 &&
				    live_status_field(escape.output.out, "NoNewPrivs") == 1 &&
				    live_status_field(escape.output.out, "Seccomp_filters") ==
					    runner_filters() + 1,
			    "re-executed without LD_PRELOAD: %s", story(&escape));
	}
	teardown(&escape);
}

static void dropping_ld_preload_and_reexecuting_keeps_the_denials(void)
{
	struct escape escape = { 0 };

	if (setup(&escape, "escape-deny-mkdir.cfg") &&
	    run(&escape, ARGV(escape.program, "exec", "/bin/mkdir", escape.target)))
		LIVE_EXPECT(live_exited_with(escape.output.status, 1) &&
				    strstr(escape.output.err, "Read-only file system"),
			    "mkdir re-executed without LD_PRELOAD: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
	teardown(&escape);
}

/* The kernel offers no way to clear no_new_privs: prctl says EINVAL, and
 * both prctl and /proc still say 1. */
static void clearing_no_new_privs_fails_and_it_stays_1(void)
{
	struct escape escape = { 0 };

	if (setup(&escape, NULL) && run(&escape, ARGV(escape.program, "nnp")))
		LIVE_EXPECT(
			said(&escape, "nnp: clear EINVAL, PR_GET_NO_NEW_PRIVS 1, NoNewPrivs 1\n"),
			"clearing no_new_privs under the baseline: %s", story(&escape));
	teardown(&escape);
}

/* An allow-everything filter of the program's own loads (filters only
 * stack) but the shim's still answers mkdir: the kernel runs every filter
 * and the most restrictive answer wins. */
static void stacking_an_allow_all_filter_keeps_the_old_one(void)
{
	struct escape escape = { 0 };
	char expected[128];

	if (setup(&escape, "escape-deny-mkdir.cfg") &&
	    run(&escape, ARGV(escape.program, "stack", escape.target))) {
		snprintf(expected, sizeof(expected),
			 "stack: load OK, mkdir EROFS, Seccomp_filters %ld\n",
			 runner_filters() + 2);
		LIVE_EXPECT(said(&escape, expected), "expected \"%s\": %s", expected,
			    story(&escape));
	}
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
	teardown(&escape);
}

/* Every one of 501 programs (the shim loaded again each time) was in
 * seccomp mode 2 when its main ran, and the last carries one filter: the
 * budget of 32768 instructions is not spent by restacking. */
static void exec_chain_of_500_is_confined_at_every_link(void)
{
	struct escape escape = { 0 };
	char chain[PATH_MAX];

	if (live_build_path("tests/chain", chain, sizeof(chain)) < 0 || !setup(&escape, NULL))
		goto out;
	if (run(&escape, ARGV(chain, "500")))
		LIVE_EXPECT(live_exited_with(escape.output.status, 0) &&
				    strstr(escape.output.out, "confined links: 501 of 501\n") &&
				    live_status_field(escape.output.out, "Seccomp_filters") ==
					    runner_filters() + 1,
			    "an exec chain of 500: %s", story(&escape));
out:
	teardown(&escape);
}

/* A marker for a filter that was never loaded must not make the shim skip
 * loading one: the program still sees mkdir refused and one filter. */
static void forged_environment_marker_is_not_trusted(void)
{
	struct escape escape = { 0 };

	if (!setup(&escape, "escape-deny-mkdir.cfg"))
		goto out;
	live_env_set(&escape.env, "PRESEAL_FILTER", "%016llx",
		     (unsigned long long)select_token(
			     &(struct environment){ .policy = escape.policy, .path = escape.dir }));
	if (run(&escape, ARGV(escape.program, "stack", escape.target)))
		LIVE_EXPECT(strstr(escape.output.out, "mkdir EROFS"),
			    "with a forged PRESEAL_FILTER: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
out:
	teardown(&escape);
}

/* `preseal run` sets LD_PRELOAD itself: a preload path the caller left in
 * the environment that does not exist neither stops the shim nor lets the
 * program out. */
static void preseal_run_with_a_preload_path_that_does_not_exist_confines(void)
{
	struct escape escape = { 0 };
	char preseal[PATH_MAX];

	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0 || !setup(&escape, NULL))
		goto out;
	live_env_set(&escape.env, "LD_PRELOAD", "/nonexistent/preseal/libmissing.so");
	if (run(&escape, ARGV(preseal, "run", "--", "/bin/cat", "/proc/self/status")))
		LIVE_EXPECT(live_exited_with(escape.output.status, 0) &&
				    live_status_field(escape.output.out, "Seccomp") == 2 &&
				    live_status_field(escape.output.out, "NoNewPrivs") == 1,
			    "preseal run with LD_PRELOAD=/nonexistent/…: %s", story(&escape));
out:
	teardown(&escape);
}

/* ---- Argument width ----------------------------------------------------------- */

/* tests/escape packet HIGH under POLICY (a file of tests/policies/good, or
 * a path when it starts with '/'); what it printed, or NULL (and a skip)
 * when AF_PACKET sockets cannot be made here unconfined. */
static bool packet_socket_possible(struct escape *escape)
{
	struct live_output control = { 0 };
	bool possible;

	if (!run_unconfined(&control, ARGV(escape->program, "packet", "0")))
		return false;
	possible = live_exited_with(control.status, 0) &&
		   strcmp(control.out, "packet: socket OK, domain 17\n") == 0;
	if (!possible) {
		char why[700];

		snprintf(why, sizeof(why),
			 "no AF_PACKET socket here even unconfined (not root, or no "
			 "CONFIG_PACKET): \"%.500s\"",
			 control.out);
		test_skip(why);
	}
	live_output_free(&control);
	return possible;
}

/* socket()'s family is an int: the kernel reads the low 32 bits of the
 * register.  A rule denying AF_PACKET must hold when the caller sets the
 * upper half (0x100000011), which a filter comparing all 64 bits lets
 * through while the kernel makes the packet socket. */
static void socket_family_with_garbage_above_the_int_is_still_denied(void)
{
	static const char *const highs[] = { "0", "1", "0xffffffff", "0x80000000" };
	struct escape escape = { 0 };

	if (!setup(&escape, "deny-af-packet.cfg") || !packet_socket_possible(&escape))
		goto out;
	for (size_t i = 0; i < sizeof(highs) / sizeof(highs[0]); i++)
		if (run(&escape, ARGV(escape.program, "packet", highs[i])))
			LIVE_EXPECT(
				said(&escape, "packet: EPERM\n"),
				"socket(%s << 32 | AF_PACKET) under a rule denying AF_PACKET: %s",
				highs[i], story(&escape));
out:
	teardown(&escape);
}

/* ---- Syscalls newer than the policy -------------------------------------------- */

/* tests/escape WAY [ARG] under tests/policies/good/POLICY. */
static void expect_under(unsigned line, const char *policy, const char *const *argv,
			 const char *expected, int signal)
{
	struct escape escape = { 0 };
	const char *program_argv[4] = { NULL, argv[0], argv[1], NULL };

	if (!setup_with(&escape, policy, "enosys-allow-list.inc"))
		goto out;
	program_argv[0] = escape.program;
	if (!run(&escape, program_argv))
		goto out;
	if (signal)
		LIVE_EXPECT_AT(line, live_killed_by(escape.output.status, signal),
			       "expected death by signal %d: %s", signal, story(&escape));
	else
		LIVE_EXPECT_AT(line, said(&escape, expected), "expected \"%s\": %s", expected,
			       story(&escape));
out:
	teardown(&escape);
}

/* The policy's highest named syscall is rseq (334 on x86-64): 425, 440
 * and 1000 are newer, 1000 beyond any kernel's table so far. */
static void syscall_above_the_highest_named_answers_enosys_under_an_errno_default(void)
{
	expect_under(__LINE__, "enosys-errno.cfg", ARGV("raw", "1000"), "raw 1000: ENOSYS\n", 0);
	expect_under(__LINE__, "enosys-errno.cfg", ARGV("raw", "440"), "raw 440: ENOSYS\n", 0);
	/* Below clone3 (435), which the model's implied rule must not count
	 * as named. */
	expect_under(__LINE__, "enosys-errno.cfg", ARGV("raw", "425"), "raw 425: ENOSYS\n", 0);
}

/* acct (163) is below the highest named and not named: the default. */
static void unnamed_syscall_below_the_highest_named_gets_the_default(void)
{
	expect_under(__LINE__, "enosys-errno.cfg", ARGV("raw", "163"), "raw 163: EPERM\n", 0);
}

/* The control: asked to keep the default, the same policy says EPERM, so
 * the ENOSYS above is the filter's answer and not the kernel's. */
static void unknown_syscalls_default_keeps_the_errno_default(void)
{
	expect_under(__LINE__, "enosys-errno-keeps-default.cfg", ARGV("raw", "1000"),
		     "raw 1000: EPERM\n", 0);
}

static void syscall_above_the_highest_named_is_killed_under_a_kill_default(void)
{
	expect_under(__LINE__, "enosys-kill.cfg", ARGV("raw", "1000"), NULL, SIGSYS);
}

static void unknown_syscalls_enosys_applies_under_a_kill_default_when_asked(void)
{
	expect_under(__LINE__, "enosys-kill-asks-enosys.cfg", ARGV("raw", "1000"),
		     "raw 1000: ENOSYS\n", 0);
}

/* clone is allowed and clone3 not named: clone3 answers ENOSYS even under
 * a kill default, and glibc's pthread_create falls back to clone. */
static void clone3_answers_enosys_when_clone_is_allowed(void)
{
	expect_under(__LINE__, "enosys-kill.cfg", ARGV("clone3"), "clone3: ENOSYS\n", 0);
}

static void threads_start_under_a_kill_default_that_allows_only_clone(void)
{
	expect_under(__LINE__, "enosys-kill.cfg", ARGV("thread"), "thread: OK\n", 0);
}

/* The model's side: which policies ask for the ENOSYS range. */
static void expect_unknown_enosys(unsigned line, const char *text, bool enosys)
{
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_string(text, "t.cfg", NULL, &diags);
	char shown[1024];

	test_show_diags(&diags, shown, sizeof(shown));
	EXPECT_AT(line, policy && policy->unknown_enosys == enosys,
		  "%s: expected unknown_enosys %d (%s)", text, enosys, shown);
	policy_free(policy);
	diag_free(&diags);
}

static void unknown_syscalls_defaults_to_enosys_only_for_errno_defaults(void)
{
	expect_unknown_enosys(__LINE__, "default_action = \"errno(EPERM)\";\n", true);
	expect_unknown_enosys(__LINE__, "default_action = \"kill_process\";\n", false);
	expect_unknown_enosys(__LINE__, "default_action = \"kill_thread\";\n", false);
	expect_unknown_enosys(__LINE__, "default_action = \"trap\";\n", false);
	expect_unknown_enosys(__LINE__, "default_action = \"allow\";\n", false);
	expect_unknown_enosys(__LINE__, "", false);
	expect_unknown_enosys(
		__LINE__, "default_action = \"errno(EPERM)\";\nunknown_syscalls = \"default\";\n",
		false);
	expect_unknown_enosys(
		__LINE__, "default_action = \"kill_process\";\nunknown_syscalls = \"enosys\";\n",
		true);
}

static void unknown_syscalls_with_another_value_is_an_error_at_its_line(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_string(
		"default_action = \"errno(EPERM)\";\nunknown_syscalls = \"kill\";\n", "t.cfg", NULL,
		&diags);
	char shown[1024];

	test_show_diags(&diags, shown, sizeof(shown));
	EXPECT(!policy && test_has_diag(&diags, "t.cfg", 2,
					"unknown_syscalls must be \"enosys\" or \"default\""),
	       "diags: %s", shown);
	policy_free(policy);
	diag_free(&diags);
}

/* The highest named number counts names whose rules were dropped for
 * repeating the default: fchmodat2 keeps its EPERM. */
static void highest_named_counts_rules_that_repeat_the_default(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy =
		policy_read_string("default_action = \"errno(EPERM)\";\nallow = [ \"read\" ];\n"
				   "deny = [ \"fchmodat2\" ];\n",
				   "t.cfg", NULL, &diags);
	int fchmodat2 = seccomp_syscall_resolve_name("fchmodat2");

	REQUIRE(policy);
	if (fchmodat2 < 0) {
		test_skip("this libseccomp does not know fchmodat2");
	} else {
		long highest = enosys_highest_named(policy, seccomp_arch_native());

		EXPECT(highest == fchmodat2, "highest named %ld, fchmodat2 is %d", highest,
		       fchmodat2);
		EXPECT(!enosys_applies(policy, seccomp_arch_native(), highest, fchmodat2) &&
			       enosys_applies(policy, seccomp_arch_native(), highest,
					      fchmodat2 + 1),
		       "the range must start just above fchmodat2");
	}
	policy_free(policy);
	diag_free(&diags);
}

/* Without the ENOSYS prefix the compiled filter gives 1000 the default:
 * the verifier must say so. */
static void verifier_catches_a_filter_without_the_enosys_range(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = NULL;
	struct filter filter = { 0 };
	char shown[1024];
	int verified;

	if (live_compile("default_action = \"errno(EPERM)\";\nallow = [ \"read\" ];\n", 0, &policy,
			 &filter) < 0)
		return;
	REQUIRE(filter.length > 6);
	/* The first block answers ENOSYS for the native architecture. */
	EXPECT(filter.program[5].code == (BPF_RET | BPF_K) &&
		       filter.program[5].k == (SECCOMP_RET_ERRNO | ENOSYS),
	       "the program does not start with the ENOSYS block");
	memmove(filter.program, filter.program + 6, (filter.length - 6) * sizeof(*filter.program));
	filter.length -= 6;
	verified = verify_filter(policy, &filter, &diags);
	test_show_diags(&diags, shown, sizeof(shown));
	EXPECT(verified == -EPROTO && test_has_diag(&diags, "test-policy", 1,
						    "gives errno(EPERM) but the policy says "
						    "errno(ENOSYS)"),
	       "diags: %s", shown);
	filter_free(&filter);
	policy_free(policy);
	diag_free(&diags);
}

/* What the compiled (and verified) filter answers for NR on ARCH. */
static uint32_t answer(const struct filter *filter, uint32_t arch, uint32_t nr)
{
	struct seccomp_data data = { .nr = (int)nr, .arch = arch };

	return bpf_run(filter->program, filter->length, &data);
}

/* With x86-64, x32 and i386 listed, each architecture has its own range,
 * from its own highest named number; x32 numbers never fall into the
 * x86-64 range, and numbers past the x32 range meet bad_arch_action. */
static void each_architecture_gets_its_own_enosys_range(void)
{
	static const char text[] = "default_action = \"errno(EPERM)\";\n"
				   "architectures = [ \"x86_64\", \"x32\", \"x86\" ];\n"
				   "allow = [ \"read\", \"openat\", \"fstat\" ];\n";
	const uint32_t enosys = SECCOMP_RET_ERRNO | ENOSYS, eperm = SECCOMP_RET_ERRNO | EPERM;
	struct policy *policy = NULL;
	struct filter filter = { 0 };
	long x86_64, x32, x86;

	if (live_compile(text, 0, &policy, &filter) < 0)
		return;
	x86_64 = enosys_highest_named(policy, SCMP_ARCH_X86_64);
	x32 = enosys_highest_named(policy, SCMP_ARCH_X32);
	x86 = enosys_highest_named(policy, SCMP_ARCH_X86);
	EXPECT(x86_64 == 257 && x32 == (long)(0x40000000u | 257) && x86 == 295,
	       "highest named: x86_64 %ld, x32 %#lx, x86 %ld", x86_64, (unsigned long)x32, x86);
	EXPECT(answer(&filter, AUDIT_ARCH_X86_64, 258) == enosys, "x86_64 258");
	EXPECT(answer(&filter, AUDIT_ARCH_X86_64, 100) == eperm, "x86_64 100");
	EXPECT(answer(&filter, AUDIT_ARCH_X86_64, 0x3fffffff) == enosys, "x86_64 0x3fffffff");
	EXPECT(answer(&filter, AUDIT_ARCH_X86_64, 0x40000000u | 258) == enosys, "x32 258");
	EXPECT(answer(&filter, AUDIT_ARCH_X86_64, 0x40000000u | 100) == eperm, "x32 100");
	EXPECT(answer(&filter, AUDIT_ARCH_I386, 296) == enosys, "x86 296");
	EXPECT(answer(&filter, AUDIT_ARCH_I386, 258) == eperm, "x86 258");
	EXPECT(answer(&filter, AUDIT_ARCH_X86_64, 0xffffffffu) != enosys,
	       "a negative number is not in any range");
	filter_free(&filter);
	policy_free(policy);
}

/* `preseal explain` names the range for a number libseccomp does not know,
 * and the model's implied clone3 rule. */
static void explain_shows_the_enosys_range_and_the_implied_clone3_rule(void)
{
	struct escape escape = { 0 };
	char preseal[PATH_MAX], policy[400];

	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0 ||
	    !setup_with(&escape, NULL, "enosys-allow-list.inc") ||
	    !copy_test_policy(&escape, "enosys-kill.cfg", policy, sizeof(policy)))
		goto out;
	if (run_tool(&escape, ARGV(preseal, "explain", policy, "1000")))
		LIVE_EXPECT(live_exited_with(escape.output.status, 0) &&
				    strstr(escape.output.out,
					   "1000() on native (nr 1000): kill_process\n"),
			    "explain 1000 under a kill default: %s", story(&escape));
	if (!copy_test_policy(&escape, "enosys-errno.cfg", policy, sizeof(policy)))
		goto out;
	if (run_tool(&escape, ARGV(preseal, "explain", policy, "1000")))
		LIVE_EXPECT(
			live_exited_with(escape.output.status, 0) &&
				strstr(escape.output.out,
				       "1000() on native (nr 1000): errno(ENOSYS)\n  from: "
				       "unknown_syscalls: above nr ") &&
				strstr(escape.output.out, "implied by the errno default_action"),
			"explain 1000 under an errno default: %s", story(&escape));
	if (run_tool(&escape, ARGV(preseal, "explain", policy, "clone3")))
		LIVE_EXPECT(live_exited_with(escape.output.status, 0) &&
				    strstr(escape.output.out,
					   "errno(ENOSYS)\n  from: implied: clone "
					   "is allowed"),
			    "explain clone3: %s", story(&escape));
out:
	teardown(&escape);
}

/* ---- Choosing the policy: profile names ------------------------------------------ */

static void profile_names_are_plain_names(void)
{
	static const struct {
		const char *name;
		bool valid;
	} names[] = {
		{ "baseline", true }, { "my-app_2.cfg", true }, { "a", true },
		{ "", false },	      { ".hidden", false },	{ "..", false },
		{ "../x", false },    { "-x", false },		{ "a/b", false },
		{ "a b", false },     { "a\nb", false },	{ "app\xc3\xa9", false },
		{ "a:b", false },     { "~root", false },	{ "$HOME", false },
	};
	char longest[129], too_long[130];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		EXPECT(select_valid_profile_name(names[i].name) == names[i].valid,
		       "'%s' should be %s", names[i].name, names[i].valid ? "valid" : "refused");
	memset(longest, 'a', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	memset(too_long, 'a', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	EXPECT(select_valid_profile_name(longest), "a 128-character name should be valid");
	EXPECT(!select_valid_profile_name(too_long), "a 129-character name should be refused");
}

/* NAME given as PRESEAL_POLICY, with an allow-all NAME.cfg (when it can
 * be a file name) waiting in PRESEAL_PATH: the shim must stop with 125 and
 * EXPECTED, never load the allow-all file. */
static void expect_policy_refused(unsigned line, const char *name, const char *expected)
{
	struct escape escape = { 0 };
	char file[400], path[700];

	if (!setup(&escape, NULL))
		goto out;
	snprintf(file, sizeof(file), "%s.cfg", name);
	if (!strchr(name, '/'))
		live_write_file(escape.dir, file, "default_action = \"allow\";\n", 0644, path,
				sizeof(path));
	live_env_set(&escape.env, "PRESEAL_POLICY", "%s", name);
	if (run(&escape, ARGV("/bin/echo", "reached")))
		LIVE_EXPECT_AT(line,
			       live_exited_with(escape.output.status, EXIT_NOT_CONFINED) &&
				       strcmp(escape.output.out, "") == 0 &&
				       strstr(escape.output.err, expected) &&
				       strchr(escape.output.err, '\n') ==
					       escape.output.err + strlen(escape.output.err) - 1,
			       "PRESEAL_POLICY='%s': expected 125 and \"%s\": %s", name, expected,
			       story(&escape));
out:
	teardown(&escape);
}

static void profile_name_that_is_hidden_or_too_long_fails_closed(void)
{
	char too_long[200];

	expect_policy_refused(__LINE__, ".hidden", "is neither a path");
	memset(too_long, 'p', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	expect_policy_refused(__LINE__, too_long, "is neither a path");
}

/* A value with '/' is a path from the working folder, never a profile:
 * here neither ../x nor a/b exists there. */
static void profile_name_with_a_slash_is_a_path_not_a_profile(void)
{
	expect_policy_refused(__LINE__, "../x", "preseal: ../x: cannot open policy");
	expect_policy_refused(__LINE__, "a/b", "preseal: a/b: cannot open policy");
}

/* ---- Choosing the policy: the folders above it -------------------------------------- */

/* DIR/sub/policy.cfg, an allow-all policy in a folder with MODE; mkdir must
 * be refused (the policy would allow it) with the folder named. */
static void expect_folder_mode(unsigned line, mode_t mode, bool trusted)
{
	struct escape escape = { 0 };
	char sub[400], path[500];

	if (!setup(&escape, NULL))
		goto out;
	snprintf(sub, sizeof(sub), "%s/sub", escape.dir);
	if (mkdir(sub, 0755) < 0 || chmod(sub, mode) < 0 ||
	    live_write_file(sub, "policy.cfg", "default_action = \"allow\";\n", 0644, path,
			    sizeof(path)) < 0)
		goto out;
	live_env_set(&escape.env, "PRESEAL_POLICY", "%s", path);
	if (!run(&escape, ARGV("/bin/echo", "reached")))
		goto out;
	if (trusted)
		LIVE_EXPECT_AT(line, said(&escape, "reached\n"), "folder mode %o: %s", mode,
			       story(&escape));
	else
		LIVE_EXPECT_AT(line,
			       live_exited_with(escape.output.status, EXIT_NOT_CONFINED) &&
				       strstr(escape.output.err, "its folder") &&
				       strstr(escape.output.err, sub),
			       "folder mode %o: %s", mode, story(&escape));
out:
	teardown(&escape);
}

static void policy_in_a_group_or_world_writable_folder_fails_closed(void)
{
	expect_folder_mode(__LINE__, 0775, false);
	expect_folder_mode(__LINE__, 0757, false);
}

/* Like /tmp: others may add entries but not replace the policy. */
static void policy_in_a_sticky_world_writable_folder_is_trusted(void)
{
	expect_folder_mode(__LINE__, 01777, true);
}

/* A symlink in a folder others can write leads to a root-owned policy:
 * they could point it at another one, so it is refused too. */
static void policy_reached_through_a_writable_folder_fails_closed(void)
{
	struct escape escape = { 0 };
	char shared[400], link[500], target[500];

	if (!setup(&escape, "escape-deny-mkdir.cfg"))
		goto out;
	snprintf(shared, sizeof(shared), "%s/shared", escape.dir);
	snprintf(link, sizeof(link), "%s/app.cfg", shared);
	snprintf(target, sizeof(target), "%s", escape.policy);
	if (mkdir(shared, 0755) < 0 || chmod(shared, 0777) < 0 || symlink(target, link) < 0)
		goto out;
	live_env_set(&escape.env, "PRESEAL_POLICY", "%s", link);
	if (run(&escape, ARGV("/bin/echo", "reached")))
		LIVE_EXPECT(live_exited_with(escape.output.status, EXIT_NOT_CONFINED) &&
				    strstr(escape.output.err, shared),
			    "a policy through a writable folder: %s", story(&escape));
out:
	teardown(&escape);
}

/* ---- Faults ---------------------------------------------------------------------- */

/* Runs /bin/echo under the baseline; the shim must stop it before main:
 * status 125, nothing on stdout, exactly one line on stderr that starts
 * with NEEDLE. */
static void expect_fail_closed(unsigned line, struct escape *escape, int (*prepare)(void *),
			       void *context, const char *needle)
{
	if (!run_with(escape, ARGV("/bin/echo", "reached"), prepare, context))
		return;
	LIVE_EXPECT_AT(line,
		       live_exited_with(escape->output.status, EXIT_NOT_CONFINED) &&
			       strcmp(escape->output.out, "") == 0 &&
			       strncmp(escape->output.err, needle, strlen(needle)) == 0 &&
			       strchr(escape->output.err, '\n') ==
				       escape->output.err + strlen(escape->output.err) - 1,
		       "expected 125 and one line \"%s…\": %s", needle, story(escape));
}

static int load_outer(void *context)
{
	struct diag_list diags = { 0 };

	return load_filter(context, &diags) < 0 ? 1 : 0;
}

/* An outer filter (as a container runtime might load) under which both
 * seccomp() and prctl() fail: the shim cannot set no_new_privs. */
static void outer_filter_denying_seccomp_and_prctl_fails_closed(void)
{
	static const char outer_text[] = "default_action = \"allow\";\n"
					 "deny = [ \"seccomp\", \"prctl\" ];\n"
					 "deny_action = \"errno(EPERM)\";\n";
	struct escape escape = { 0 };
	struct policy *outer_policy = NULL;
	struct filter outer = { 0 };

	if (setup(&escape, NULL) && live_compile(outer_text, 0, &outer_policy, &outer) == 0)
		expect_fail_closed(__LINE__, &escape, load_outer, &outer,
				   "preseal: cannot set no_new_privs: Operation not permitted");
	filter_free(&outer);
	policy_free(outer_policy);
	teardown(&escape);
}

/* Stacks allow-everything filters of shrinking size until the kernel says
 * ENOMEM even for one instruction: nothing is left for the shim's. */
static int spend_the_instruction_budget(void *context)
{
	static struct sock_filter program[BPF_MAXINSNS];
	unsigned size = BPF_MAXINSNS;

	(void)context;
	for (unsigned i = 0; i + 1 < BPF_MAXINSNS; i++)
		program[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 1;
	while (size > 0) {
		struct sock_fprog fprog = { (unsigned short)size, program + BPF_MAXINSNS - size };

		program[BPF_MAXINSNS - 1] =
			(struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0)
			continue;
		if (errno != ENOMEM)
			return 1;
		size /= 2;
	}
	return 0;
}

static void instruction_budget_spent_by_stacked_filters_fails_closed(void)
{
	struct escape escape = { 0 };

	if (setup(&escape, NULL))
		expect_fail_closed(__LINE__, &escape, spend_the_instruction_budget, NULL,
				   "preseal: cannot load the filter: Cannot allocate memory (the "
				   "kernel's limit on filter instructions is exhausted");
	teardown(&escape);
}

static const char *compiler(void)
{
	if (access("/usr/bin/cc", X_OK) == 0)
		return "/usr/bin/cc";
	test_skip("no C compiler (/usr/bin/cc) to build the test's preload library");
	return NULL;
}

/* Builds tests/preload/NAME.c into DIR/libNAME.so; the path goes to LIBRARY. */
static bool build_preload(struct escape *escape, const char *name, char *library, size_t size)
{
	const char *build = live_build_dir(), *cc = compiler();
	struct live_output output = { 0 };
	struct live_env env;
	char source[PATH_MAX];
	bool built;

	if (!build || !cc)
		return false;
	snprintf(source, sizeof(source), "%s/../tests/preload/%s.c", build, name);
	snprintf(library, size, "%s/lib%s.so", escape->dir, name);
	live_env_init(&env);
	live_run(&(struct live_command){ .argv = ARGV(cc, "-D_GNU_SOURCE", "-shared", "-fPIC",
						      "-O1", "-o", library, source, "-ldl"),
					 .env = env.items },
		 &output);
	built = live_exited_with(output.status, 0);
	LIVE_EXPECT(built, "cc %s failed: %s", source, output.err);
	live_output_free(&output);
	live_env_free(&env);
	return built;
}

static int few_descriptors(void *context)
{
	struct rlimit limit = { 32, 32 };

	(void)context;
	return setrlimit(RLIMIT_NOFILE, &limit) < 0;
}

/* libfill_fds.so's constructor, which ld.so runs before the shim's, takes
 * every descriptor left under a limit of 32.  A policy file is compiled at
 * run time (the tests run without the cache): the shim cannot even open it. */
static void descriptors_exhausted_before_the_constructor_fails_closed(void)
{
	struct escape escape = { 0 };
	char library[400], shim[PATH_MAX], needle[400];

	if (!setup(&escape, "escape-deny-mkdir.cfg") ||
	    !build_preload(&escape, "fill_fds", library, sizeof(library)) ||
	    live_build_path("libpreseal.so", shim, sizeof(shim)) < 0)
		goto out;
	live_env_set(&escape.env, "LD_PRELOAD", "%s %s", shim, library);
	snprintf(needle, sizeof(needle), "preseal: %s: cannot open policy: Too many open files",
		 escape.policy);
	expect_fail_closed(__LINE__, &escape, few_descriptors, NULL, needle);
out:
	teardown(&escape);
}

/* The built-in baseline was compiled into the shim at build time: with
 * every descriptor taken it needs none, and the program runs under it
 * (io_uring_setup gets the baseline's EPERM, not EMFILE). */
static void descriptors_exhausted_leave_the_builtin_baseline_in_force(void)
{
	struct escape escape = { 0 };
	char library[400], shim[PATH_MAX];

	if (!setup(&escape, NULL) ||
	    !build_preload(&escape, "fill_fds", library, sizeof(library)) ||
	    live_build_path("libpreseal.so", shim, sizeof(shim)) < 0)
		goto out;
	live_env_set(&escape.env, "LD_PRELOAD", "%s %s", shim, library);
	if (run_with(&escape, ARGV(escape.program, "io_uring"), few_descriptors, NULL))
		LIVE_EXPECT(live_exited_with(escape.output.status, 0) &&
				    said(&escape, "io_uring: io_uring_setup EPERM\n"),
			    "expected the baseline's EPERM: %s", story(&escape));
out:
	teardown(&escape);
}

/* PRESEAL_POLICY names something that is not a regular file; the line
 * must be "preseal: PATH: REASON…". */
static void expect_policy_file_refused(unsigned line, const char *how, const char *reason)
{
	struct escape escape = { 0 };
	char path[400], needle[800];
	bool made = false;

	if (!setup(&escape, NULL))
		goto out;
	snprintf(path, sizeof(path), "%s/policy.cfg", escape.dir);
	if (strcmp(how, "fifo") == 0)
		made = mkfifo(path, 0644) == 0;
	else if (strcmp(how, "device") == 0)
		made = symlink("/dev/zero", path) == 0;
	else if (strcmp(how, "dangling") == 0)
		made = symlink("/nonexistent/preseal/policy.cfg", path) == 0;
	LIVE_EXPECT_AT(line, made, "cannot make the %s %s", how, path);
	live_env_set(&escape.env, "PRESEAL_POLICY", "%s", path);
	snprintf(needle, sizeof(needle), "preseal: %s: %s", path, reason);
	if (made)
		expect_fail_closed(line, &escape, NULL, NULL, needle);
out:
	teardown(&escape);
}

/* A FIFO would block the program or hand the shim whatever a writer sends
 * while it reads: refused before a byte is read (and opened without
 * blocking). */
static void policy_that_is_a_fifo_fails_closed(void)
{
	expect_policy_file_refused(__LINE__, "fifo", "is not a regular file");
}

static void policy_that_is_a_device_fails_closed(void)
{
	expect_policy_file_refused(__LINE__, "device", "is not a regular file");
}

static void policy_that_vanished_fails_closed(void)
{
	expect_policy_file_refused(__LINE__, "dangling", "cannot open policy");
}

/* libswap_policy.so renames an allow-all file over the policy between the
 * shim's open and its fstat: the shim must read the file it opened (mkdir
 * refused), while the path now holds the allow-all text. */
static void policy_replaced_between_open_and_read_is_read_from_the_opened_file(void)
{
	static const char allow_all[] = "default_action = \"allow\";\n";
	struct escape escape = { 0 };
	char library[400], shim[PATH_MAX], other[400], now[256] = "";
	FILE *file;

	if (!setup(&escape, "escape-deny-mkdir.cfg") ||
	    !build_preload(&escape, "swap_policy", library, sizeof(library)) ||
	    live_build_path("libpreseal.so", shim, sizeof(shim)) < 0 ||
	    live_write_file(escape.dir, "other.cfg", allow_all, 0644, other, sizeof(other)) < 0)
		goto out;
	live_env_set(&escape.env, "LD_PRELOAD", "%s %s", library, shim);
	live_env_set(&escape.env, "SWAP_POLICY_FROM", "%s", other);
	live_env_set(&escape.env, "SWAP_POLICY_TO", "%s", escape.policy);
	if (run(&escape, ARGV("/bin/mkdir", escape.target)))
		LIVE_EXPECT(live_exited_with(escape.output.status, 1) &&
				    strstr(escape.output.err, "Read-only file system"),
			    "mkdir with the policy swapped under the shim: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
	file = fopen(escape.policy, "r");
	if (file) {
		if (!fgets(now, sizeof(now), file))
			now[0] = '\0';
		fclose(file);
	}
	LIVE_EXPECT(strcmp(now, allow_all) == 0 && !live_path_exists(other),
		    "the swap did not happen: the policy path holds \"%s\"", now);
out:
	teardown(&escape);
}

/* How many allocations the shim makes from inside libpreseal.so for
 * /bin/echo under the baseline, counted by libfailing_malloc.so. */
static long count_allocations(struct escape *escape)
{
	char count_file[400], text[32] = "";
	FILE *file;

	snprintf(count_file, sizeof(count_file), "%s/count", escape->dir);
	live_env_set(&escape->env, "FAILING_MALLOC_COUNT", "%s", count_file);
	if (!run(escape, ARGV("/bin/echo", "reached")))
		return -1;
	live_env_unset(&escape->env, "FAILING_MALLOC_COUNT");
	LIVE_EXPECT(said(escape, "reached\n"), "counting run: %s", story(escape));
	file = fopen(count_file, "r");
	if (file) {
		if (!fgets(text, sizeof(text), file))
			text[0] = '\0';
		fclose(file);
	}
	return strtol(text, NULL, 10);
}

/* config/profiles/baseline.cfg as a policy file, so that the shim compiles
 * it at run time (the tests run without the cache).  One comment line is
 * appended: a byte-for-byte copy of a built-in profile loads the filter
 * compiled at build time instead (profiles_with_text). */
static bool copy_baseline_source(struct escape *escape)
{
	const char *build = live_build_dir();
	char source[PATH_MAX], text[16384];
	size_t length = 0;
	FILE *file;

	if (!build)
		return false;
	snprintf(source, sizeof(source), "%s/../config/profiles/baseline.cfg", build);
	file = fopen(source, "r");
	if (file) {
		length = fread(text, 1, sizeof(text) - 1, file);
		fclose(file);
	}
	text[length] = '\0';
	LIVE_EXPECT(length > 0 && length < sizeof(text) - 64, "cannot read %s", source);
	if (length > 0 && length < sizeof(text) - 64)
		strcat(text, "# a copy, so compiled at run time\n");
	if (length == 0 || live_write_file(escape->dir, "baseline-source.cfg", text, 0644,
					   escape->policy, sizeof(escape->policy)) < 0)
		return false;
	live_env_set(&escape->env, "PRESEAL_POLICY", "%s", escape->policy);
	return true;
}

/* Memory runs out at the Nth allocation and stays out, for N at the
 * start, spread over the middle and at the very end of the shim's work:
 * never a crash, never a run.  POLICY NULL is the built-in baseline, which
 * the shim carries compiled and loads from its own arena (arena.c): libc's
 * malloc is reached only when the arena is too small, here because PADDING
 * more variables make the copy of the environment that carries
 * PRESEAL_FILTER larger than it.  Otherwise the baseline's source as a
 * policy file, compiled at run time (thousands of allocations, in libconfig
 * and libseccomp).
 * PRESEAL_FULL_SWEEP=1 in the runner's environment tries every N (some
 * 5,500 runs; see SECURITY.md, "Faults"). */
static void expect_out_of_memory_fails_closed(unsigned line, const char *policy, unsigned padding,
					      long minimum)
{
	struct escape escape = { 0 };
	char library[400], shim[PATH_MAX];
	long total, step;

	if (!setup(&escape, NULL) || (policy && !copy_baseline_source(&escape)) ||
	    !build_preload(&escape, "failing_malloc", library, sizeof(library)) ||
	    live_build_path("libpreseal.so", shim, sizeof(shim)) < 0)
		goto out;
	live_env_set(&escape.env, "LD_PRELOAD", "%s %s", library, shim);
	escape.padding = padding;
	total = count_allocations(&escape);
	LIVE_EXPECT_AT(line, total >= minimum, "the shim made %ld counted allocations", total);
	step = getenv("PRESEAL_FULL_SWEEP") ? 1 : 97;
	for (long n = 1; n <= total && total >= minimum; n += n < 20	       ? 1
							      : n > total - 20 ? 1
									       : step) {
		live_env_set(&escape.env, "FAILING_MALLOC_FROM", "%ld", n);
		expect_fail_closed(line, &escape, NULL, NULL, "preseal: out of memory");
		if (!live_exited_with(escape.output.status, EXIT_NOT_CONFINED)) {
			LIVE_EXPECT_AT(line, false, "allocation %ld of %ld failing", n, total);
			break;
		}
	}
	/* The control: with one more allocation allowed than the shim makes,
	 * nothing fails and the program runs. */
	live_env_set(&escape.env, "FAILING_MALLOC_FROM", "%ld", total + 1);
	if (run(&escape, ARGV("/bin/echo", "reached")))
		LIVE_EXPECT_AT(line, said(&escape, "reached\n"), "with allocation %ld failing: %s",
			       total + 1, story(&escape));
out:
	teardown(&escape);
}

static void memory_running_out_at_any_allocation_fails_closed(void)
{
	expect_out_of_memory_fails_closed(__LINE__, "baseline-source", 0, 100);
}

static void memory_running_out_under_the_builtin_baseline_fails_closed(void)
{
	expect_out_of_memory_fails_closed(__LINE__, NULL, 9000, 1);
}

/* With an ordinary environment the built-in baseline takes everything from
 * the shim's arena: not one call reaches libc's malloc (each would cost a
 * start the heap's first page faults). */
static void builtin_baseline_allocates_nothing_from_libc(void)
{
	struct escape escape = { 0 };
	char library[400], shim[PATH_MAX];
	long total;

	if (setup(&escape, NULL) &&
	    build_preload(&escape, "failing_malloc", library, sizeof(library)) &&
	    live_build_path("libpreseal.so", shim, sizeof(shim)) == 0) {
		live_env_set(&escape.env, "LD_PRELOAD", "%s %s", library, shim);
		total = count_allocations(&escape);
		LIVE_EXPECT(total == 0, "the shim made %ld calls to libc's allocator", total);
	}
	teardown(&escape);
}

/* ioctl's request checked against COUNT one-bit masks, each rule a
 * different bit, after a stricter rule on the whole request: the shape of
 * `preseal export`'s masked_ne, one entry per bit, imported back. */
static void write_one_bit_mask_policy(struct escape *escape, unsigned count)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return;
	fprintf(out, "default_action = \"allow\";\nrules = (\n"
		     "  { syscall = \"ioctl\"; action = \"kill_process\";\n"
		     "    args = ( { index = 1; op = \"masked_eq\"; mask = 0xffffffff;"
		     " value = \"TIOCSTI\"; } ); }");
	for (unsigned bit = 0; bit < count; bit++)
		fprintf(out,
			",\n  { syscall = \"ioctl\"; action = \"errno(ENOTTY)\";\n"
			"    args = ( { index = 1; op = \"masked_eq\"; mask = %#lx;"
			" value = %#lx; } ); }",
			1ul << bit, bit % 2 ? 0 : 1ul << bit);
	fprintf(out, "\n);\n");
	if (fclose(out) == 0)
		live_write_file(escape->dir, "bits.cfg", text, 0644, escape->policy,
				sizeof(escape->policy));
	free(text);
}

/* Allocations the shim makes to compile the one-bit-mask policy. */
static long allocations_for_bits(struct escape *escape, unsigned count)
{
	write_one_bit_mask_policy(escape, count);
	live_env_set(&escape->env, "PRESEAL_POLICY", "%s", escape->policy);
	return count_allocations(escape);
}

/* Every range of a split reaches the same rules where the masks cannot
 * tell them apart; each such set is decided once.  Building it again for
 * each range doubled the work with every mask: 2^N (3 million allocations,
 * and 17 s under ASan, for the 33 rules of the exported baseline). */
static void rules_on_many_masks_compile_in_work_that_grows_with_their_number(void)
{
	struct escape escape = { 0 };
	char library[400], shim[PATH_MAX];
	long sixteen, thirty_two;

	if (setup(&escape, NULL) &&
	    build_preload(&escape, "failing_malloc", library, sizeof(library)) &&
	    live_build_path("libpreseal.so", shim, sizeof(shim)) == 0) {
		live_env_set(&escape.env, "LD_PRELOAD", "%s %s", library, shim);
		sixteen = allocations_for_bits(&escape, 16);
		thirty_two = allocations_for_bits(&escape, 32);
		LIVE_EXPECT(sixteen > 0 && thirty_two > 0 && thirty_two < 4 * sixteen,
			    "allocations: %ld for 16 masks, %ld for 32", sixteen, thirty_two);
	}
	teardown(&escape);
}

/* ---- Kills stay kills; SIGSYS stays the program's ------------------------------ */

static const char kill_mkdir_policy[] = "# mkdir is killed; everything else is allowed.\n"
					"default_action = \"allow\";\n"
					"deny = [ \"mkdir\", \"mkdirat\" ];\n"
					"deny_action = \"kill_process\";\n";

/* tests/sigsys, its folder, and a policy killing mkdir (when KILL_MKDIR). */
static bool setup_sigsys(struct escape *escape, bool kill_mkdir)
{
	if (!setup(escape, NULL) ||
	    live_build_path("tests/sigsys", escape->program, sizeof(escape->program)) < 0)
		return false;
	if (kill_mkdir) {
		if (live_write_file(escape->dir, "kill-mkdir.cfg", kill_mkdir_policy, 0644,
				    escape->policy, sizeof(escape->policy)) < 0)
			return false;
		live_env_set(&escape->env, "PRESEAL_POLICY", "%s", escape->policy);
	}
	return true;
}

/* A denied call with %rsp pointing nowhere: a trap's SIGSYS frame cannot be
 * pushed and the kernel forces SIGSEGV, which a handler on an alternate
 * stack survives.  By default a kill is the kernel's kill: no frame, no
 * handler, the process ends by SIGSYS. */
static void a_kill_with_an_unusable_stack_pointer_still_kills(void)
{
	struct escape escape = { 0 };

#if !defined(__x86_64__)
	test_skip("the bad stack pointer is set with x86_64 assembly");
	return;
#endif
	if (setup_sigsys(&escape, true) &&
	    run(&escape, ARGV(escape.program, "bad-stack", escape.target)))
		LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS) &&
				    !strstr(escape.output.out, "survived"),
			    "a denied mkdir with a bad stack pointer: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
	teardown(&escape);
}

/* With PRESEAL_REPORT=kills a kill is named, and the process still dies by
 * SIGSYS, even one that handles SIGSYS itself. */
static void reported_kill_is_named_and_ends_by_sigsys(void)
{
	struct escape escape = { 0 };

	if (!setup_sigsys(&escape, true))
		goto out;
	live_env_set(&escape.env, "PRESEAL_REPORT", "kills");
	if (run(&escape, ARGV("/bin/mkdir", escape.target))) {
		LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS) &&
				    strstr(escape.output.err, "preseal: killed pid ") &&
				    strstr(escape.output.err, ": mkdir (") &&
				    strstr(escape.output.err, escape.policy),
			    "mkdir with PRESEAL_REPORT=kills: %s", story(&escape));
	}
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
out:
	teardown(&escape);
}

/* Without PRESEAL_REPORT the same kill says nothing: the kernel's kill. */
static void kills_are_the_kernel_s_without_preseal_report(void)
{
	struct escape escape = { 0 };

	if (setup_sigsys(&escape, true) && run(&escape, ARGV("/bin/mkdir", escape.target)))
		LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS) &&
				    !strstr(escape.output.err, "preseal: killed"),
			    "mkdir by default: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
	teardown(&escape);
}

/* Under a parent whose filter reports, a child that selects another
 * policy installs its own handler through the parent's guard: it starts,
 * and its own SIGSYS handler works. */
static void child_selecting_another_policy_under_reports_keeps_its_handler(void)
{
	struct escape escape = { 0 };
	char command[PATH_MAX + 64];

	if (!setup_sigsys(&escape, true))
		goto out;
	live_env_set(&escape.env, "PRESEAL_REPORT", "kills");
	snprintf(command, sizeof(command), "PRESEAL_POLICY=baseline exec %s handler",
		 escape.program);
	if (run(&escape, ARGV("/bin/sh", "-c", command)))
		LIVE_EXPECT(said(&escape, "handler: handled\n"), "a child under another policy: %s",
			    story(&escape));
out:
	teardown(&escape);
}

/* A seccomp trap of the program's own filter, with SIGSYS ignored: the
 * kernel forces it, so the process dies, with reports on as without. */
static void ignored_sigsys_does_not_survive_the_program_s_own_trap(void)
{
	static const char *const reports[] = { NULL, "kills" };
	struct escape escape = { 0 };
	struct live_output control = { 0 };

	if (!setup_sigsys(&escape, false))
		goto out;
	if (run_unconfined(&control, ARGV(escape.program, "ignore-own-trap")))
		LIVE_EXPECT(live_killed_by(control.status, SIGSYS), "unconfined: %s", control.out);
	for (size_t i = 0; i < 2; i++) {
		if (reports[i])
			live_env_set(&escape.env, "PRESEAL_REPORT", "%s", reports[i]);
		if (run(&escape, ARGV(escape.program, "ignore-own-trap")))
			LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS),
				    "PRESEAL_REPORT=%s: %s", reports[i] ? reports[i] : "(unset)",
				    story(&escape));
	}
out:
	live_output_free(&control);
	teardown(&escape);
}

/* A PRESEAL_REPORT the shim does not know is not taken for "none": the
 * program does not run, one line says why, status 125. */
static void unknown_preseal_report_value_fails_closed(void)
{
	struct escape escape = { 0 };

	if (!setup_sigsys(&escape, true))
		goto out;
	live_env_set(&escape.env, "PRESEAL_REPORT", "kills,errors");
	if (run(&escape, ARGV("/bin/mkdir", escape.target)))
		LIVE_EXPECT(live_exited_with(escape.output.status, EXIT_NOT_CONFINED) &&
				    strstr(escape.output.err, "PRESEAL_REPORT=kills,errors") &&
				    strchr(escape.output.err, '\n') ==
					    escape.output.err + strlen(escape.output.err) - 1,
			    "PRESEAL_REPORT=kills,errors: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
out:
	teardown(&escape);
}

/* sigsys WAY under the baseline, by LD_PRELOAD and under `preseal run`,
 * with reports off and on: each must say LINE and exit 0, as it does
 * unconfined. */
static void expect_own_sigsys_handling(unsigned line, const char *way, const char *expected)
{
	static const char *const reports[] = { NULL, "kills" };
	struct escape escape = { 0 };
	struct live_output control = { 0 };

	if (!setup_sigsys(&escape, false))
		goto out;
	if (run_unconfined(&control, ARGV(escape.program, way)))
		live_expect_at(__FILE__, line, live_exited_with(control.status, 0),
			       "%s unconfined: %s", way, control.out);
	for (size_t i = 0; i < 2; i++) {
		struct live_env plain;

		if (reports[i])
			live_env_set(&escape.env, "PRESEAL_REPORT", "%s", reports[i]);
		if (run(&escape, ARGV(escape.program, way)))
			live_expect_at(__FILE__, line, said(&escape, expected),
				       "%s by LD_PRELOAD, PRESEAL_REPORT=%s: %s", way,
				       reports[i] ? reports[i] : "(unset)", story(&escape));
		live_env_init(&plain);
		if (reports[i])
			live_env_set(&plain, "PRESEAL_REPORT", "%s", reports[i]);
		live_output_free(&escape.output);
		if (live_run_preseal(ARGV("run", "--", escape.program, way), &plain,
				     &escape.output) == 0)
			live_expect_at(__FILE__, line, said(&escape, expected),
				       "%s under preseal run, PRESEAL_REPORT=%s: %s", way,
				       reports[i] ? reports[i] : "(unset)", story(&escape));
		live_env_free(&plain);
	}
out:
	live_output_free(&control);
	teardown(&escape);
}

static void own_sigsys_handler_runs_for_a_sigsys_the_program_raises(void)
{
	expect_own_sigsys_handling(__LINE__, "handler", "handler: handled\n");
}

static void own_sigsys_handler_set_by_the_raw_syscall_runs(void)
{
	expect_own_sigsys_handling(__LINE__, "handler-raw", "handler-raw: handled\n");
}

static void ignored_sigsys_the_program_raises_is_ignored(void)
{
	expect_own_sigsys_handling(__LINE__, "ignore", "ignore: survived\n");
}

/* With reports on, a program that installed its own SIGSYS handler is
 * still killed for a denied call: preseal's trap is not the program's. */
static void reported_kill_is_not_handed_to_the_program_s_handler(void)
{
	struct escape escape = { 0 };

	if (!setup_sigsys(&escape, true))
		goto out;
	live_env_set(&escape.env, "PRESEAL_REPORT", "kills");
	if (run(&escape, ARGV(escape.program, "handler-then-mkdir", escape.target)))
		LIVE_EXPECT(live_killed_by(escape.output.status, SIGSYS) &&
				    strstr(escape.output.err, ": mkdir ("),
			    "mkdir after the program's own handler: %s", story(&escape));
	LIVE_EXPECT(!live_path_exists(escape.target), "%s was created", escape.target);
out:
	teardown(&escape);
}

#define CASE(test)          \
	{                   \
#test, test \
	}

static const struct test_case escape_cases[] = {
	CASE(int_0x80_into_the_32bit_table_is_killed),
	CASE(x32_syscall_numbers_are_killed),
	CASE(io_uring_setup_is_refused),
	CASE(ptrace_of_a_sibling_is_refused),
	CASE(process_vm_writev_into_a_child_is_refused),
	CASE(dropping_ld_preload_and_reexecuting_stays_confined),
	CASE(dropping_ld_preload_and_reexecuting_keeps_the_denials),
	CASE(clearing_no_new_privs_fails_and_it_stays_1),
	CASE(stacking_an_allow_all_filter_keeps_the_old_one),
	CASE(exec_chain_of_500_is_confined_at_every_link),
	CASE(forged_environment_marker_is_not_trusted),
	CASE(preseal_run_with_a_preload_path_that_does_not_exist_confines),
	CASE(socket_family_with_garbage_above_the_int_is_still_denied),
	CASE(syscall_above_the_highest_named_answers_enosys_under_an_errno_default),
	CASE(unnamed_syscall_below_the_highest_named_gets_the_default),
	CASE(unknown_syscalls_default_keeps_the_errno_default),
	CASE(syscall_above_the_highest_named_is_killed_under_a_kill_default),
	CASE(unknown_syscalls_enosys_applies_under_a_kill_default_when_asked),
	CASE(clone3_answers_enosys_when_clone_is_allowed),
	CASE(threads_start_under_a_kill_default_that_allows_only_clone),
	CASE(unknown_syscalls_defaults_to_enosys_only_for_errno_defaults),
	CASE(unknown_syscalls_with_another_value_is_an_error_at_its_line),
	CASE(highest_named_counts_rules_that_repeat_the_default),
	CASE(verifier_catches_a_filter_without_the_enosys_range),
	CASE(each_architecture_gets_its_own_enosys_range),
	CASE(explain_shows_the_enosys_range_and_the_implied_clone3_rule),
	CASE(profile_names_are_plain_names),
	CASE(profile_name_that_is_hidden_or_too_long_fails_closed),
	CASE(profile_name_with_a_slash_is_a_path_not_a_profile),
	CASE(policy_in_a_group_or_world_writable_folder_fails_closed),
	CASE(policy_in_a_sticky_world_writable_folder_is_trusted),
	CASE(policy_reached_through_a_writable_folder_fails_closed),
	CASE(a_kill_with_an_unusable_stack_pointer_still_kills),
	CASE(kills_are_the_kernel_s_without_preseal_report),
	CASE(reported_kill_is_named_and_ends_by_sigsys),
	CASE(reported_kill_is_not_handed_to_the_program_s_handler),
	CASE(own_sigsys_handler_runs_for_a_sigsys_the_program_raises),
	CASE(own_sigsys_handler_set_by_the_raw_syscall_runs),
	CASE(ignored_sigsys_the_program_raises_is_ignored),
	CASE(ignored_sigsys_does_not_survive_the_program_s_own_trap),
	CASE(unknown_preseal_report_value_fails_closed),
	CASE(child_selecting_another_policy_under_reports_keeps_its_handler),
	{ NULL, NULL },
};

static const struct test_case fault_cases[] = {
	CASE(outer_filter_denying_seccomp_and_prctl_fails_closed),
	CASE(instruction_budget_spent_by_stacked_filters_fails_closed),
	CASE(descriptors_exhausted_before_the_constructor_fails_closed),
	CASE(descriptors_exhausted_leave_the_builtin_baseline_in_force),
	CASE(policy_that_is_a_fifo_fails_closed),
	CASE(policy_that_is_a_device_fails_closed),
	CASE(policy_that_vanished_fails_closed),
	CASE(policy_replaced_between_open_and_read_is_read_from_the_opened_file),
	CASE(memory_running_out_at_any_allocation_fails_closed),
	CASE(memory_running_out_under_the_builtin_baseline_fails_closed),
	CASE(builtin_baseline_allocates_nothing_from_libc),
	CASE(rules_on_many_masks_compile_in_work_that_grows_with_their_number),
	{ NULL, NULL },
};

const struct test_suite suite_escape = { "escape", escape_cases };
const struct test_suite suite_faults = { "faults", fault_cases };
