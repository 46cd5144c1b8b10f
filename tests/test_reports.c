/* Reports: what a denied call's line says (issue 15): the call decoded, the
 * rule that decided, and errno denials made visible on request. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <unistd.h>

#include "decode.h"
#include "harness.h"
#include "monitor.h"
#include "live.h"
#include "policy.h"
#include "report.h"
#include "report_rules.h"
#include "transform.h"

/* ---- decoding ------------------------------------------------------------ */

static void decode_names_socket_family_type_and_flags(void)
{
	const uint64_t args[6] = { AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0, 0, 0, 0 };
	char text[256];

	decode_call(text, sizeof(text), "socket", args);
	EXPECT(strcmp(text, "socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, 0)") == 0, "%s", text);
}

static void decode_names_clone_flags_and_exit_signal(void)
{
	const uint64_t args[6] = { CLONE_NEWUSER | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0, 0 };
	char text[256];

	decode_call(text, sizeof(text), "clone", args);
	EXPECT(strncmp(text, "clone(CLONE_NEWNS|CLONE_NEWUSER|SIGCHLD, 0, ", 44) == 0, "%s", text);
}

static void decode_names_mmap_protection_and_prints_pointers_as_addresses(void)
{
	const uint64_t args[6] = { 0x7f0000001000ull,		4096,	      PROT_READ | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0 };
	char text[256];

	decode_call(text, sizeof(text), "mmap", args);
	EXPECT(strcmp(text, "mmap(0x7f0000001000, 4096, PROT_READ|PROT_EXEC, "
			    "MAP_PRIVATE|MAP_ANONYMOUS, 0xffffffffffffffff, 0)") == 0,
	       "%s", text);
}

static void decode_writes_modes_in_octal_and_negative_ints_signed(void)
{
	const uint64_t args[6] = { (uint64_t)-100, 0x1000, 0755, 0, 0, 0 };
	const uint64_t mkdir_args[6] = { 0x55550000, 0700, 0, 0, 0, 0 };
	char text[256];

	decode_call(text, sizeof(text), "mkdirat", args);
	EXPECT(strcmp(text, "mkdirat(AT_FDCWD, 4096, 0755)") == 0, "%s", text);
	decode_call(text, sizeof(text), "mkdir", mkdir_args);
	EXPECT(strcmp(text, "mkdir(0x55550000, 0700)") == 0, "%s", text);
}

/* ---- kill reports ---------------------------------------------------------- */

static void kill_report_shows_the_call_decoded(void)
{
	const uint64_t args[6] = { AF_PACKET, SOCK_RAW, 0x300, 0, 0, 0 };
	char line[1024];

	report_format(line, sizeof(line), 42, AUDIT_ARCH_X86_64, SYS_socket, args, "web.cfg", NULL,
		      SECCOMP_RET_KILL_PROCESS);
	EXPECT(strstr(line, "socket(AF_PACKET, SOCK_RAW, 768)") != NULL, "%s", line);
}

/* ---- which rule decided, and what to change ------------------------------ */

/* The report line for a call under policy TEXT (written to DIR/p.cfg, whose
 * path goes to PATH), as the handler writes it. */
static int line_for(const char *dir, const char *text, uint32_t arch, int32_t nr,
		    const uint64_t args[6], uint32_t action, char *path, size_t path_size,
		    char *line, int size)
{
	struct diag_list diags = { 0 };
	struct policy *policy;
	char *rules;

	if (live_write_file(dir, "p.cfg", text, 0644, path, path_size) < 0)
		return -1;
	policy = policy_read_file(path, 0, &diags);
	EXPECT(policy != NULL, "the policy does not read: %s",
	       diags.count ? diags.items[0].message : "?");
	diag_free(&diags);
	if (!policy)
		return -1;
	rules = report_rules_for(policy);
	report_format(line, size, 42, arch, nr, args, path, rules, action);
	free(rules);
	policy_free(policy);
	return 0;
}

static void kill_report_names_default_action_and_where_it_is_set(void)
{
	const uint64_t args[6] = { 0x1000, 0700 };
	char dir[256], path[512], line[2048], expected[2048];

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	if (line_for(dir, "allow = [ \"read\" ];\ndefault_action = \"kill_process\";\n",
		     AUDIT_ARCH_X86_64, SYS_mkdir, args, SECCOMP_RET_KILL_PROCESS, path,
		     sizeof(path), line, sizeof(line)) == 0) {
		snprintf(expected, sizeof(expected),
			 "policy %s: default_action at %s:2 says kill_process; to allow it, add "
			 "\"mkdir\" to allow\n",
			 path, path);
		EXPECT(strstr(line, expected) != NULL, "%s", line);
	}
	live_remove_tree(dir);
}

static void kill_report_names_the_rule_its_line_and_comment(void)
{
	const uint64_t args[6] = { 0x1000, 0700 };
	char dir[256], path[512], line[2048], expected[2048];

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	if (line_for(dir,
		     "default_action = \"allow\";\nrules = (\n"
		     "  { syscall = \"mkdir\"; action = \"kill_process\"; comment = \"no new "
		     "folders\"; }\n);\n",
		     AUDIT_ARCH_X86_64, SYS_mkdir, args, SECCOMP_RET_KILL_PROCESS, path,
		     sizeof(path), line, sizeof(line)) == 0) {
		snprintf(expected, sizeof(expected),
			 "policy %s: the rule at %s:3 (\"no new folders\") says kill_process; it "
			 "denies this call on purpose",
			 path, path);
		EXPECT(strstr(line, expected) != NULL && !strstr(line, "to allow\n"), "%s", line);
	}
	live_remove_tree(dir);
}

/* learn's own clone3 rule: adding clone3 to allow would be refused by check. */
static void denial_by_an_explicit_errno_rule_is_not_told_to_add_to_allow(void)
{
	const uint64_t args[6] = { 0x7ffe0000, 88 };
	char dir[256], path[512], line[2048];

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	if (line_for(dir,
		     "allow = [ \"clone\", \"read\" ];\n"
		     "rules = ( { syscall = \"clone3\"; action = \"errno(ENOSYS)\"; } );\n",
		     AUDIT_ARCH_X86_64, SYS_clone3, args, SECCOMP_RET_ERRNO | ENOSYS, path,
		     sizeof(path), line, sizeof(line)) == 0)
		EXPECT(strstr(line, "preseal: denied pid 42: clone3 (435, x86_64)") &&
			       strstr(line,
				      ":2 says errno(ENOSYS); it denies this call on purpose") &&
			       !strstr(line, "add \"clone3\""),
		       "%s", line);
	live_remove_tree(dir);
}

/* x32 beside argument rules is refused by check: no advice to list it. */
static void a_call_from_x32_is_not_told_to_list_x32_beside_argument_rules(void)
{
	const uint64_t args[6] = { AF_UNIX, SOCK_STREAM };
	char dir[256], path[512], line[2048];

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	if (line_for(dir,
		     "allow = [ \"read\" ];\n"
		     "rules = ( { syscall = \"socket\"; action = \"allow\"; args = ( { index = 0; "
		     "op = \"eq\"; value = \"AF_UNIX\"; } ); } );\n",
		     AUDIT_ARCH_X86_64, 0x40000000 | 41, args, SECCOMP_RET_KILL_PROCESS, path,
		     sizeof(path), line, sizeof(line)) == 0)
		EXPECT(strstr(line, "the call is from x32, which its architectures do not list") &&
			       strstr(line, "check refuses \"x32\"") &&
			       !strstr(line, "to architectures"),
		       "%s", line);
	live_remove_tree(dir);
}

/* Found by fuzz-policy: a second listed architecture hung the reader. */
static void a_call_from_a_listed_second_architecture_is_explained(void)
{
	const uint64_t args[6] = { 0 };
	char dir[256], path[512], line[2048];

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	if (line_for(dir, "architectures = [ \"native\", \"x86\" ];\nallow = [ \"read\" ];\n",
		     AUDIT_ARCH_X86_64, SYS_mkdir, args, SECCOMP_RET_KILL_PROCESS, path,
		     sizeof(path), line, sizeof(line)) == 0)
		EXPECT(strstr(line, "default_action says kill_process; to allow it, add \"mkdir\""),
		       "%s", line);
	live_remove_tree(dir);
}

/* ---- advice, followed literally ------------------------------------------- */

struct denial {
	const char *what;
	const char *policy;
	uint32_t arch;
	int32_t nr;
	uint64_t args[6];
	const char *explain[8];	  /* the call, as `preseal explain` takes it */
	const char *neighbour[8]; /* a call the policy must still deny */
};

static const char base[] = "default_action = \"kill_process\";\n"
			   "allow = [ \"read\", \"write\", \"exit_group\" ];\n";

static const struct denial corpus[] = {
	{ "a syscall no rule names",
	  "default_action = \"kill_process\";\nallow = [ \"read\", \"write\" ];\n",
	  AUDIT_ARCH_X86_64,
	  SYS_mkdir,
	  { 0x1000, 0700 },
	  { "mkdir", "0x1000", "0700" },
	  { "rmdir", "0x1000" } },
	{ "a socket family beside a rule for another",
	  "default_action = \"kill_process\";\nallow = [ \"read\" ];\n"
	  "rules = ( { syscall = \"socket\"; action = \"allow\"; args = ( { index = 0; op = "
	  "\"eq\"; value = \"AF_UNIX\"; } ); } );\n",
	  AUDIT_ARCH_X86_64,
	  SYS_socket,
	  { AF_PACKET, SOCK_RAW, 768 },
	  { "socket", "AF_PACKET", "SOCK_RAW", "768" },
	  { "socket", "AF_INET", "SOCK_STREAM", "0" } },
	{ "clone with a user namespace where the rule allows none",
	  "default_action = \"errno(EPERM)\";\nallow = [ \"read\" ];\n"
	  "rules = ( { syscall = \"clone\"; action = \"allow\"; args = ( { index = 0; op = "
	  "\"masked_eq\"; mask = \"CLONE_NEWUSER\"; value = 0; } ); } );\n",
	  AUDIT_ARCH_X86_64,
	  SYS_clone,
	  { CLONE_NEWUSER | SIGCHLD },
	  { "clone", "CLONE_NEWUSER|SIGCHLD" },
	  { "clone", "CLONE_NEWUSER|CLONE_NEWNET|SIGCHLD" } },
	{ "mmap of executable memory where the rule refuses it",
	  "default_action = \"kill_process\";\nallow = [ \"read\" ];\n"
	  "rules = ( { syscall = \"mmap\"; action = \"allow\"; args = ( { index = 2; op = "
	  "\"masked_eq\"; mask = \"PROT_EXEC\"; value = 0; } ); } );\n",
	  AUDIT_ARCH_X86_64,
	  SYS_mmap,
	  { 0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0 },
	  { "mmap", "0", "4096", "PROT_READ|PROT_EXEC", "MAP_PRIVATE|MAP_ANONYMOUS", "-1", "0" },
	  { "mmap", "0", "4096", "PROT_WRITE|PROT_EXEC", "MAP_PRIVATE|MAP_ANONYMOUS", "-1", "0" } },
	{ "a call from x32 where only the native architecture is listed",
	  "default_action = \"kill_process\";\nallow = [ \"read\", \"getpid\" ];\n",
	  AUDIT_ARCH_X86_64,
	  0x40000000 | 39 /* getpid on x32 */,
	  { 0 },
	  { "--arch", "x32", "getpid" },
	  { "--arch", "x32", "getuid" } },
	{ "a call from x86 (int 0x80) where only the native architecture is listed",
	  "default_action = \"kill_process\";\nallow = [ \"read\", \"getpid\" ];\n",
	  AUDIT_ARCH_I386,
	  20 /* getpid on x86 */,
	  { 0 },
	  { "--arch", "x86", "getpid" },
	  { "--arch", "x86", "getuid" } },
};

/* Inserts INSERT after the first AFTER in TEXT, or appends WHOLE. */
static char *insert_after(const char *text, const char *after, const char *insert,
			  const char *whole)
{
	const char *at = strstr(text, after);
	size_t size = strlen(text) + strlen(insert) + strlen(whole) + 8;
	char *result = malloc(size);

	if (!result)
		return NULL;
	if (at)
		snprintf(result, size, "%.*s%s%s", (int)(at - text + strlen(after)), text, insert,
			 at + strlen(after));
	else
		snprintf(result, size, "%s%s", text, whole);
	return result;
}

/* The policy with LINE's advice applied literally, or NULL when the line
 * gives none. */
static char *apply_advice(const char *policy, const char *line)
{
	const char *add = strstr(line, "to allow it, add \"");
	const char *rule = strstr(line, "to allow this call, add { ");
	char insert[4096], whole[4200];

	if (rule) {
		const char *start = rule + strlen("to allow this call, add ");
		const char *end = strstr(start, " to rules");

		if (!end)
			return NULL;
		snprintf(insert, sizeof(insert), " %.*s,", (int)(end - start), start);
		snprintf(whole, sizeof(whole), "rules = ( %.*s );\n", (int)(end - start), start);
		return insert_after(policy, "rules = (", insert, whole);
	}
	if (add) {
		const char *name = add + strlen("to allow it, add \"");
		const char *end = strchr(name, '"');

		if (!end)
			return NULL;
		if (strncmp(end, "\" to architectures", 18) == 0) {
			snprintf(insert, sizeof(insert), " \"%.*s\",", (int)(end - name), name);
			snprintf(whole, sizeof(whole),
				 "architectures = [ \"native\", \"%.*s\" ];\n", (int)(end - name),
				 name);
			return insert_after(policy, "architectures = [", insert, whole);
		}
		snprintf(insert, sizeof(insert), " \"%.*s\",", (int)(end - name), name);
		snprintf(whole, sizeof(whole), "allow = [ \"%.*s\" ];\n", (int)(end - name), name);
		return insert_after(policy, "allow = [", insert, whole);
	}
	return NULL;
}

static bool explain_allows(const char *path, const char *const *call, char *said, size_t size)
{
	const char *args[16] = { "explain", path };
	struct live_output output = { 0 };
	size_t count = 2;
	bool allowed;

	for (size_t i = 0; i < 8 && call[i]; i++)
		args[count++] = call[i];
	args[count] = NULL;
	if (live_run_preseal(args, NULL, &output) < 0)
		return false;
	snprintf(said, size, "%s%s", output.out, output.err);
	allowed = live_exited_with(output.status, 0) && strstr(output.out, "): allow\n") != NULL;
	live_output_free(&output);
	return allowed;
}

static void advice_followed_literally_allows_exactly_the_reported_call(void)
{
	char dir[256];

	(void)base;
	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		const struct denial *denial = &corpus[i];
		char path[512], line[2048], said[4096];
		struct live_output checked = { 0 };
		char *fixed;

		if (line_for(dir, denial->policy, denial->arch, denial->nr, denial->args,
			     SECCOMP_RET_KILL_PROCESS, path, sizeof(path), line, sizeof(line)) < 0)
			continue;
		fixed = apply_advice(denial->policy, line);
		EXPECT(fixed != NULL, "%s: no advice to follow: %.900s", denial->what, line);
		if (!fixed)
			continue;
		EXPECT(live_write_file(dir, "p.cfg", fixed, 0644, path, sizeof(path)) == 0,
		       "write");
		const char *check[] = { "check", "--strict", path, NULL };

		if (live_run_preseal(check, NULL, &checked) == 0)
			EXPECT(live_exited_with(checked.status, 0),
			       "%s: check --strict refuses the advice of "
			       "%.500s\npolicy:\n%.500s%.300s",
			       denial->what, line, fixed, checked.err);
		live_output_free(&checked);
		EXPECT(explain_allows(path, denial->explain, said, sizeof(said)),
		       "%s: the advice does not allow the call: %.500s\npolicy:\n%.500sexplain: "
		       "%.300s",
		       denial->what, line, fixed, said);
		EXPECT(!explain_allows(path, denial->neighbour, said, sizeof(said)),
		       "%s: the advice allows a neighbour too: %.500s\npolicy:\n%.500sexplain: "
		       "%.300s",
		       denial->what, line, fixed, said);
		free(fixed);
	}
	live_remove_tree(dir);
}

/* ---- check ----------------------------------------------------------------- */

static int check_policy(const char *text, bool strict, struct live_output *output)
{
	char dir[256], path[512];
	const char *plain[] = { "check", path, NULL };
	const char *stricter[] = { "check", "--strict", path, NULL };
	int result = -1;

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return -1;
	if (live_write_file(dir, "p.cfg", text, 0644, path, sizeof(path)) == 0)
		result = live_run_preseal(strict ? stricter : plain, NULL, output);
	live_remove_tree(dir);
	return result;
}

static const char dead_rules[] =
	"allow = [ \"read\", \"socket\" ];\n"
	"rules = ( { syscall = \"socket\"; action = \"allow\"; args = ( { index = 0; op = "
	"\"eq\"; value = \"AF_UNIX\"; } ); } );\n";

static void check_warns_when_an_unconditional_allow_makes_argument_rules_dead(void)
{
	struct live_output output = { 0 };

	if (check_policy(dead_rules, false, &output) == 0)
		EXPECT(live_exited_with(output.status, 0) && strstr(output.err, "p.cfg:2:") &&
			       strstr(output.err, "warning") && strstr(output.err, "socket") &&
			       strstr(output.err, "p.cfg:1"),
		       "check: %s", output.err);
	live_output_free(&output);
}

static void check_strict_refuses_argument_rules_made_dead_by_an_allow(void)
{
	struct live_output output = { 0 };

	if (check_policy(dead_rules, true, &output) == 0)
		EXPECT(!live_exited_with(output.status, 0), "check --strict accepted: %s",
		       output.err);
	live_output_free(&output);
}

static void check_finds_same_checks_with_different_actions_in_any_order(void)
{
	struct live_output output = { 0 };

	if (check_policy("rules = (\n"
			 "  { syscall = \"socket\"; action = \"allow\"; args = (\n"
			 "    { index = 0; op = \"eq\"; value = \"AF_UNIX\"; },\n"
			 "    { index = 1; op = \"eq\"; value = \"SOCK_STREAM\"; } ); },\n"
			 "  { syscall = \"socket\"; action = \"errno(EPERM)\"; args = (\n"
			 "    { index = 1; op = \"eq\"; value = \"SOCK_STREAM\"; },\n"
			 "    { index = 0; op = \"eq\"; value = \"AF_UNIX\"; } ); }\n"
			 ");\n",
			 false, &output) == 0)
		EXPECT(!live_exited_with(output.status, 0) &&
			       strstr(output.err, "same argument checks and different actions"),
		       "check: %s", output.err);
	live_output_free(&output);
}

/* ---- errno denials, reported on request ------------------------------------ */

static const char denying[] =
	"default_action = \"allow\";\n"
	"rules = (\n"
	"  { syscall = \"mkdir\"; action = \"errno(EACCES)\"; comment = \"no new folders\"; }\n"
	");\n";

/* sh makes two folders, both refused; how it ran goes to OUTPUT.  VIA_RUN:
 * under `preseal run --log-denials`, else LD_PRELOAD with PRESEAL_REPORT. */
static int two_refused_mkdirs(const char *report, bool via_run, struct live_output *output,
			      char *dir, size_t dir_size)
{
	char path[512], script[1024];
	struct live_env env;
	int result = -1;

	if (live_temp_dir(dir, dir_size) < 0)
		return -1;
	if (live_write_file(dir, "p.cfg", denying, 0644, path, sizeof(path)) < 0)
		return -1;
	snprintf(script, sizeof(script), "mkdir %s/a; mkdir %s/b; echo status $?", dir, dir);
	live_env_init(&env);
	if (via_run) {
		const char *args[] = { "run", "--log-denials", "-p", path, "--", "/bin/sh",
				       "-c",  script,	       NULL };

		result = live_run_preseal(args, &env, output);
	} else if (live_env_preload(&env) == 0) {
		const char *argv[] = { "/bin/sh", "-c", script, NULL };

		live_env_set(&env, "PRESEAL_POLICY", "%s", path);
		if (report)
			live_env_set(&env, "PRESEAL_REPORT", "%s", report);
		result = live_run(&(struct live_command){ .argv = argv, .env = env.items }, output);
	}
	live_env_free(&env);
	return result;
}

static unsigned count(const char *text, const char *what)
{
	unsigned found = 0;

	for (const char *at = text; (at = strstr(at, what)); at += strlen(what))
		found++;
	return found;
}

static void expect_one_line_per_rule_and_the_errno_kept(const struct live_output *output,
							const char *how)
{
	char rule[600];

	snprintf(rule, sizeof(rule), "p.cfg:3 (\"no new folders\") says errno(EACCES)");
	EXPECT(live_exited_with(output->status, 0) && strstr(output->out, "status 1"), "%s: %s",
	       how, output->err);
	EXPECT(count(output->err, "preseal: denied pid ") == 1 &&
		       count(output->err, ": mkdir (83, x86_64): mkdir(") == 1 &&
		       strstr(output->err, rule),
	       "%s: expected one line for the rule: %s", how, output->err);
	EXPECT(count(output->err, "Permission denied") == 2,
	       "%s: the program did not get EACCES twice: %s", how, output->err);
}

static void preseal_report_denials_names_each_errno_rule_once_and_keeps_the_errno(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (two_refused_mkdirs("denials", false, &output, dir, sizeof(dir)) == 0)
		expect_one_line_per_rule_and_the_errno_kept(&output, "PRESEAL_REPORT=denials");
	live_output_free(&output);
	live_remove_tree(dir);
}

static void run_log_denials_names_each_errno_rule_once_and_keeps_the_errno(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (two_refused_mkdirs(NULL, true, &output, dir, sizeof(dir)) == 0)
		expect_one_line_per_rule_and_the_errno_kept(&output, "run --log-denials");
	live_output_free(&output);
	live_remove_tree(dir);
}

static void errno_denials_are_silent_unless_asked(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (two_refused_mkdirs("kills", false, &output, dir, sizeof(dir)) == 0)
		EXPECT(live_exited_with(output.status, 0) && !strstr(output.err, "preseal:") &&
			       count(output.err, "Permission denied") == 2,
		       "%s", output.err);
	live_output_free(&output);
	live_remove_tree(dir);
}

/* Off, nothing changes: the filter is the one compiled; on, only the errno
 * returns become notifications. */
static void denials_rewrite_only_errno_returns(void)
{
	struct policy *policy = NULL;
	struct filter filter = { 0 }, copy = { 0 };
	struct diag_list diags = { 0 };
	size_t changed = 0;

	if (live_compile("default_action = \"allow\";\nrules = ( { syscall = \"mkdir\"; action = "
			 "\"errno(EACCES)\"; }, { syscall = \"rmdir\"; action = \"kill_process\"; "
			 "} );\n",
			 0, &policy, &filter) < 0)
		return;
	REQUIRE(filter_copy(&copy, &filter, &diags) == 0);
	EXPECT(filter_errnos_to_notify(&copy) > 0, "nothing rewritten");
	for (size_t i = 0; i < filter.length; i++) {
		const struct sock_filter *before = &filter.program[i], *after = &copy.program[i];

		if (before->code == after->code && before->k == after->k)
			continue;
		changed++;
		EXPECT(BPF_CLASS(before->code) == BPF_RET &&
			       (before->k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO &&
			       after->k == SECCOMP_RET_USER_NOTIF,
		       "instruction %zu changed: %#x -> %#x", i, before->k, after->k);
	}
	EXPECT(changed > 0, "no instruction changed");
	filter_free(&copy);
	filter_free(&filter);
	policy_free(policy);
	diag_free(&diags);
}

/* ---- a refused exec, named when a script wrapper starts ---------------------- */

/* A #!/usr/bin/env bash script under the python3 profile, which denies
 * execve: env is what starts, and its execve of bash is refused. */
static int wrapper_under_python3(const char *log, struct live_output *output, char *dir,
				 size_t dir_size)
{
	char path[512];
	struct live_env env;
	int result = -1;

	if (live_temp_dir(dir, dir_size) < 0)
		return -1;
	if (live_write_file(dir, "wrapper", "#!/usr/bin/env bash\necho reached\n", 0755, path,
			    sizeof(path)) < 0)
		return -1;
	live_env_init(&env);
	if (live_env_preload(&env) == 0) {
		const char *argv[] = { path, NULL };

		live_env_set(&env, "PRESEAL_POLICY", "python3");
		if (log)
			live_env_set(&env, "PRESEAL_LOG", "%s", log);
		result = live_run(&(struct live_command){ .argv = argv, .env = env.items }, output);
	}
	live_env_free(&env);
	return result;
}

static void denied_execve_of_a_script_wrapper_names_itself_by_default(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (wrapper_under_python3(NULL, &output, dir, sizeof(dir)) == 0) {
		EXPECT(!strstr(output.out, "reached") &&
			       strstr(output.err, "Operation not permitted"),
		       "the wrapper was not refused: %s %s", output.out, output.err);
		char expected[600];

		snprintf(expected, sizeof(expected),
			 "preseal: %s/wrapper is a script run by /usr/bin/env, and policy built-in "
			 "python3 answers execve with errno(EPERM)",
			 dir);
		EXPECT(count(output.err, "preseal: ") == 1 && strstr(output.err, expected),
		       "no line names the refused execve: %s", output.err);
	}
	live_output_free(&output);
	live_remove_tree(dir);
}

static void denied_execve_is_silent_with_preseal_log_off(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (wrapper_under_python3("off", &output, dir, sizeof(dir)) == 0)
		EXPECT(!strstr(output.err, "preseal:") &&
			       strstr(output.err, "Operation not permitted"),
		       "%s", output.err);
	live_output_free(&output);
	live_remove_tree(dir);
}

/* ---- the rules travel to executed programs; off, nothing is added -------- */

static int run_sh_preloaded(const char *policy_text, const char *policy_name, const char *report,
			    const char *script, struct live_output *output, char *dir,
			    size_t dir_size)
{
	char path[512];
	struct live_env env;
	int result = -1;

	if (live_temp_dir(dir, dir_size) < 0)
		return -1;
	if (policy_text && live_write_file(dir, "p.cfg", policy_text, 0644, path, sizeof(path)) < 0)
		return -1;
	live_env_init(&env);
	if (live_env_preload(&env) == 0) {
		const char *argv[] = { "/bin/sh", "-c", script, "sh", dir, NULL };

		live_env_set(&env, "PRESEAL_POLICY", "%s", policy_text ? path : policy_name);
		if (report)
			live_env_set(&env, "PRESEAL_REPORT", "%s", report);
		result = live_run(&(struct live_command){ .argv = argv, .env = env.items }, output);
	}
	live_env_free(&env);
	return result;
}

static void kill_report_of_an_executed_program_names_the_rule(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (run_sh_preloaded("default_action = \"allow\";\nrules = (\n  { syscall = \"mkdir\"; "
			     "action = \"kill_process\"; comment = \"no folders\"; }\n);\n",
			     NULL, "kills", "/bin/mkdir \"$1/made\"; echo after $?", &output, dir,
			     sizeof(dir)) == 0)
		EXPECT(strstr(output.err, ": mkdir (83, x86_64): mkdir(0x") &&
			       strstr(output.err, "p.cfg:3 (\"no folders\") says kill_process") &&
			       strstr(output.out, "after 159"),
		       "%s / %s", output.out, output.err);
	live_output_free(&output);
	live_remove_tree(dir);
}

/* Without PRESEAL_REPORT neither the compiler module nor the rules text is
 * part of a start from a built-in profile. */
static void without_reports_a_start_loads_no_module_and_sets_no_rules(void)
{
	struct live_output output = { 0 };
	char dir[256];

	if (run_sh_preloaded(NULL, "coreutils", NULL,
			     "/bin/cat /proc/$$/maps; /usr/bin/env; echo done", &output, dir,
			     sizeof(dir)) == 0)
		EXPECT(strstr(output.out, "libpreseal.so") && strstr(output.out, "done") &&
			       !strstr(output.out, "libpreseal-compiler.so") &&
			       !strstr(output.out, "PRESEAL_REPORT_RULES"),
		       "%s / %s", output.out, output.err);
	live_output_free(&output);
	live_remove_tree(dir);
}

/* ---- complain lines -------------------------------------------------------- */

static void complain_line_shows_the_first_call_decoded(void)
{
	const struct sock_filter deny[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM) };
	struct monitor monitor = { .mode = MONITOR_COMPLAIN, .program = deny, .length = 1 };
	const uint64_t first[6] = { AF_INET6, SOCK_DGRAM, 0, 0, 0, 0 };
	const uint64_t second[6] = { AF_UNIX, SOCK_STREAM, 0, 0, 0, 0 };
	char path[] = "/tmp/preseal-complain-XXXXXX", buffer[2048] = "";
	int fd = mkstemp(path);
	ssize_t got;

	REQUIRE(fd >= 0);
	unlink(path);
	monitor_record(&monitor, 12, AUDIT_ARCH_X86_64, SYS_socket, first);
	monitor_record(&monitor, 12, AUDIT_ARCH_X86_64, SYS_socket, second);
	monitor_report(&monitor, fd, "p.cfg", NULL);
	got = pread(fd, buffer, sizeof(buffer) - 1, 0);
	close(fd);
	EXPECT(got > 0 && strstr(buffer, "socket(AF_INET6, SOCK_DGRAM, 0)") != NULL &&
		       strstr(buffer, "2 calls") != NULL,
	       "%s", buffer);
	monitor_free(&monitor);
}

#define CASE(name)          \
	{                   \
#name, name \
	}

static const struct test_case cases[] = {
	CASE(decode_names_socket_family_type_and_flags),
	CASE(decode_names_clone_flags_and_exit_signal),
	CASE(decode_names_mmap_protection_and_prints_pointers_as_addresses),
	CASE(decode_writes_modes_in_octal_and_negative_ints_signed),
	CASE(kill_report_shows_the_call_decoded),
	CASE(complain_line_shows_the_first_call_decoded),
	CASE(kill_report_names_default_action_and_where_it_is_set),
	CASE(kill_report_names_the_rule_its_line_and_comment),
	CASE(denial_by_an_explicit_errno_rule_is_not_told_to_add_to_allow),
	CASE(a_call_from_x32_is_not_told_to_list_x32_beside_argument_rules),
	CASE(a_call_from_a_listed_second_architecture_is_explained),
	CASE(advice_followed_literally_allows_exactly_the_reported_call),
	CASE(check_warns_when_an_unconditional_allow_makes_argument_rules_dead),
	CASE(check_strict_refuses_argument_rules_made_dead_by_an_allow),
	CASE(check_finds_same_checks_with_different_actions_in_any_order),
	CASE(preseal_report_denials_names_each_errno_rule_once_and_keeps_the_errno),
	CASE(run_log_denials_names_each_errno_rule_once_and_keeps_the_errno),
	CASE(errno_denials_are_silent_unless_asked),
	CASE(denials_rewrite_only_errno_returns),
	CASE(kill_report_of_an_executed_program_names_the_rule),
	CASE(without_reports_a_start_loads_no_module_and_sets_no_rules),
	CASE(denied_execve_of_a_script_wrapper_names_itself_by_default),
	CASE(denied_execve_is_silent_with_preseal_log_off),
	{ NULL, NULL },
};

const struct test_suite suite_reports = { "reports", cases };
