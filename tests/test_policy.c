/* test_policy: the policy model (shim/policy.c, rules.c, policy_file.c,
 * numbers.c, action.c).
 *
 * Every key of the contract is read once as it should be written and then
 * written wrong in each way the reader promises to catch.  A failing read
 * is checked for the exact file, line and words of each message, because a
 * message that points to the wrong line is a bug a user pays for.  Nothing
 * here touches libseccomp: syscall names are the compiler's business.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "support.h"
#include "lint.h"
#include "names.h"
#include "policy.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* The name policies read from a string carry in their messages. */
#define NAME "test.cfg"

/* ---- helpers ------------------------------------------------------------ */

static struct policy *read_text(const char *text, struct diag_list *diags)
{
	return policy_read_string(text, NAME, NULL, diags);
}

static void expect_diag_at(unsigned at, const struct diag_list *diags, const char *file, int line,
			   const char *needle)
{
	char shown[1024];

	test_show_diags(diags, shown, sizeof(shown));
	EXPECT_AT(at, test_has_diag(diags, file, line, needle), "no error \"%s\" at %s:%d; got %s",
		  needle, file, line, shown);
}
#define EXPECT_DIAG(diags, file, line, needle) \
	expect_diag_at(__LINE__, (diags), (file), (line), (needle))

static void expect_count_at(unsigned at, const struct diag_list *diags, size_t count)
{
	char shown[1024];

	test_show_diags(diags, shown, sizeof(shown));
	EXPECT_AT(at, diags->count == count, "expected %zu messages, got %zu: %s", count,
		  diags->count, shown);
}
#define EXPECT_DIAG_COUNT(diags, count) expect_count_at(__LINE__, (diags), (count))

/* TEXT is refused with exactly one error, at LINE of test.cfg, saying NEEDLE. */
static void expect_only_error_at(unsigned at, const char *text, int line, const char *needle)
{
	struct diag_list diags = { 0 };
	struct policy *policy = read_text(text, &diags);

	EXPECT_AT(at, policy == NULL, "the policy was accepted");
	expect_count_at(at, &diags, 1);
	expect_diag_at(at, &diags, NAME, line, needle);
	policy_free(policy);
	diag_free(&diags);
}
#define EXPECT_ONLY_ERROR(text, line, needle) \
	expect_only_error_at(__LINE__, (text), (line), (needle))

/* Reads TEXT, which must be accepted without a message. */
static struct policy *read_good_at(unsigned at, const char *text)
{
	struct diag_list diags = { 0 };
	struct policy *policy = read_text(text, &diags);

	EXPECT_AT(at, policy != NULL, "the policy was refused");
	expect_count_at(at, &diags, 0);
	diag_free(&diags);
	return policy;
}
#define READ_GOOD(text) read_good_at(__LINE__, (text))

static const struct rule *rule_for(const struct policy *policy, const char *syscall)
{
	return policy ? policy_first_rule(policy, syscall) : NULL;
}

static size_t rules_for(const struct policy *policy, const char *syscall)
{
	const struct rule *rule = rule_for(policy, syscall);
	size_t count = 0;

	while (rule && rule < policy->rules + policy->rule_count &&
	       strcmp(rule->syscall, syscall) == 0) {
		count++;
		rule++;
	}
	return count;
}

static struct action act(enum action_kind kind, uint16_t data)
{
	return (struct action){ .kind = kind, .data = data };
}

static void expect_action_at(unsigned at, struct action got, struct action want)
{
	char got_text[64], want_text[64];

	action_format(got, got_text, sizeof(got_text));
	action_format(want, want_text, sizeof(want_text));
	EXPECT_AT(at, action_equal(got, want), "action %s, expected %s", got_text, want_text);
}
#define EXPECT_ACTION(got, want) expect_action_at(__LINE__, (got), (want))

/* The single argument check of the policy's one rule for "read". */
static const struct arg_check *only_check(const struct policy *policy)
{
	const struct rule *rule = rule_for(policy, "read");

	if (!policy || policy->rule_count != 1 || !rule || rule->arg_count != 1)
		return NULL;
	return &rule->args[0];
}

/* A policy with one argument check on read, ARG being the check's body. */
static char *rule_with_arg(const char *arg)
{
	char *text = NULL;

	if (asprintf(&text,
		     "default_action = \"allow\";\n"
		     "rules = ( { syscall = \"read\"; action = \"errno(EACCES)\";\n"
		     "  args = ( { %s } ); } );\n",
		     arg) < 0)
		return NULL;
	return text;
}

/* The one check on read that ARG reads into, or a failed assertion. */
static void expect_value_at(unsigned at, const char *arg, uint64_t value)
{
	char *text = rule_with_arg(arg);
	struct policy *policy = text ? read_good_at(at, text) : NULL;
	const struct arg_check *check = only_check(policy);

	EXPECT_AT(at, check != NULL, "no single check on read");
	if (check)
		EXPECT_AT(at, check->value == value, "value %#llx, expected %#llx",
			  (unsigned long long)check->value, (unsigned long long)value);
	policy_free(policy);
	free(text);
}
#define EXPECT_VALUE(arg, value) expect_value_at(__LINE__, (arg), (value))

/* ARG makes the argument check at line 3 an error saying NEEDLE. */
static void expect_arg_error_at(unsigned at, const char *arg, const char *needle)
{
	char *text = rule_with_arg(arg);

	if (text)
		expect_only_error_at(at, text, 3, needle);
	free(text);
}
#define EXPECT_ARG_ERROR(arg, needle) expect_arg_error_at(__LINE__, (arg), (needle))

/* A scratch folder under /tmp, removed with everything in it. */
struct scratch {
	char path[64];
};

static bool scratch_make(struct scratch *scratch)
{
	snprintf(scratch->path, sizeof(scratch->path), "/tmp/preseal-policy-XXXXXX");
	if (mkdtemp(scratch->path) == NULL) {
		CU_FAIL("mkdtemp failed");
		return false;
	}
	return true;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void scratch_remove(struct scratch *scratch)
{
	nftw(scratch->path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes LENGTH bytes of TEXT to NAME in the scratch folder with MODE; the
 * full path goes to PATH. */
static bool scratch_write(const struct scratch *scratch, const char *name, const char *text,
			  size_t length, mode_t mode, char *path, size_t path_size)
{
	int fd;
	bool ok;

	snprintf(path, path_size, "%s/%s", scratch->path, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		CU_FAIL("cannot create a scratch file");
		return false;
	}
	ok = write(fd, text, length) == (ssize_t)length && fchmod(fd, mode) == 0;
	close(fd);
	CU_ASSERT(ok);
	return ok;
}

static bool scratch_text(const struct scratch *scratch, const char *name, const char *text,
			 char *path, size_t path_size)
{
	return scratch_write(scratch, name, text, strlen(text), 0644, path, path_size);
}

static bool scratch_folder(const struct scratch *scratch, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", scratch->path, name);
	if (mkdir(path, 0755) == 0)
		return true;
	CU_FAIL("cannot create a scratch folder");
	return false;
}

/* ---- actions ------------------------------------------------------------ */

static void expect_parse_at(unsigned at, const char *text, struct action want)
{
	struct action got;
	char why[256] = "";
	int result = action_parse(text, &got, why, sizeof(why));

	EXPECT_AT(at, result == 0, "action_parse(\"%s\") = %d: %s", text, result, why);
	if (result == 0)
		expect_action_at(at, got, want);
}
#define EXPECT_PARSE(text, want) expect_parse_at(__LINE__, (text), (want))

static void expect_parse_error_at(unsigned at, const char *text, const char *needle)
{
	struct action got;
	char why[256] = "";
	int result = action_parse(text, &got, why, sizeof(why));

	EXPECT_AT(at, result == -EINVAL, "action_parse(\"%s\") = %d, not -EINVAL", text, result);
	EXPECT_AT(at, strstr(why, needle) != NULL, "action_parse(\"%s\") says \"%s\", not \"%s\"",
		  text, why, needle);
}
#define EXPECT_PARSE_ERROR(text, needle) expect_parse_error_at(__LINE__, (text), (needle))

static void expect_format_at(unsigned at, struct action action, const char *want)
{
	char got[64];
	int length = action_format(action, got, sizeof(got));

	EXPECT_AT(at, strcmp(got, want) == 0, "formatted as \"%s\", expected \"%s\"", got, want);
	EXPECT_AT(at, length == (int)strlen(want), "action_format returned %d", length);
}
#define EXPECT_FORMAT(action, want) expect_format_at(__LINE__, (action), (want))

static void simple_actions_parse_to_their_kind(void)
{
	EXPECT_PARSE("allow", act(ACTION_ALLOW, 0));
	EXPECT_PARSE("kill_process", act(ACTION_KILL_PROCESS, 0));
	EXPECT_PARSE("kill_thread", act(ACTION_KILL_THREAD, 0));
	EXPECT_PARSE("trap", act(ACTION_TRAP, 0));
	EXPECT_PARSE("log", act(ACTION_LOG, 0));
}

static void simple_actions_format_as_their_name(void)
{
	EXPECT_FORMAT(act(ACTION_ALLOW, 0), "allow");
	EXPECT_FORMAT(act(ACTION_KILL_PROCESS, 0), "kill_process");
	EXPECT_FORMAT(act(ACTION_KILL_THREAD, 0), "kill_thread");
	EXPECT_FORMAT(act(ACTION_TRAP, 0), "trap");
	EXPECT_FORMAT(act(ACTION_LOG, 0), "log");
}

static void errno_by_name_parses_to_its_number(void)
{
	EXPECT_PARSE("errno(EPERM)", act(ACTION_ERRNO, EPERM));
	EXPECT_PARSE("errno(ENOSYS)", act(ACTION_ERRNO, ENOSYS));
	EXPECT_PARSE("errno(EACCES)", act(ACTION_ERRNO, EACCES));
}

static void errno_by_number_parses_and_formats_with_its_name(void)
{
	char text[32];

	snprintf(text, sizeof(text), "errno(%d)", EACCES);
	EXPECT_PARSE(text, act(ACTION_ERRNO, EACCES));
	EXPECT_FORMAT(act(ACTION_ERRNO, EACCES), "errno(EACCES)");
	EXPECT_PARSE("errno(1)", act(ACTION_ERRNO, 1));
	EXPECT_PARSE("errno(4094)", act(ACTION_ERRNO, 4094));
}

static void errno_without_a_name_formats_as_its_number(void)
{
	EXPECT_FORMAT(act(ACTION_ERRNO, 4095), "errno(4095)");
}

static void trace_parses_and_formats_its_number(void)
{
	EXPECT_PARSE("trace(0)", act(ACTION_TRACE, 0));
	EXPECT_PARSE("trace(7)", act(ACTION_TRACE, 7));
	EXPECT_PARSE("trace(65535)", act(ACTION_TRACE, 65535));
	EXPECT_FORMAT(act(ACTION_TRACE, 7), "trace(7)");
}

static void unknown_action_suggests_the_closest(void)
{
	EXPECT_PARSE_ERROR("kil_process", "unknown action 'kil_process'");
	EXPECT_PARSE_ERROR("kil_process", "did you mean 'kill_process'");
	EXPECT_PARSE_ERROR("alow", "did you mean 'allow'");
}

static void unknown_action_lists_the_actions(void)
{
	EXPECT_PARSE_ERROR("deny", "unknown action 'deny'");
	EXPECT_PARSE_ERROR("deny", "allow, kill_process, kill_thread, trap, log");
}

static void errno_zero_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno(0)", "errno(0) needs a number from 1 to");
}

static void errno_4096_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno(4096)", "errno(4096) needs a number from 1 to");
}

/* libseccomp 2.5.4 refuses errno 4095 as an action, so the reader does. */
static void errno_4095_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno(4095)", "errno(4095) needs a number from 1 to 4094");
}

static void errno_negative_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno(-1)", "errno(-1) needs a number from 1 to 4094");
}

static void unknown_errno_name_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno(EBOGUS)", "unknown errno name 'EBOGUS'");
}

static void empty_errno_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno()", "errno() needs a name such as EPERM");
}

static void trace_above_65535_is_an_error(void)
{
	EXPECT_PARSE_ERROR("trace(70000)", "trace(70000) needs a number from 0 to 65535");
	EXPECT_PARSE_ERROR("trace(65536)", "trace(65536) needs a number from 0 to 65535");
}

static void trace_with_a_name_is_an_error(void)
{
	EXPECT_PARSE_ERROR("trace(EPERM)", "trace(EPERM) needs a number from 0 to 65535");
}

static void unclosed_errno_is_an_error(void)
{
	EXPECT_PARSE_ERROR("errno(", "unknown action 'errno('");
	EXPECT_PARSE_ERROR("errno(EPERM", "unknown action 'errno(EPERM'");
}

static void action_names_are_case_sensitive(void)
{
	EXPECT_PARSE_ERROR("ALLOW", "unknown action 'ALLOW'");
}

static void actions_map_to_the_kernel_values(void)
{
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_ALLOW, 0)), SECCOMP_RET_ALLOW);
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_KILL_PROCESS, 0)), SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_KILL_THREAD, 0)), SECCOMP_RET_KILL_THREAD);
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_TRAP, 0)), SECCOMP_RET_TRAP);
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_LOG, 0)), SECCOMP_RET_LOG);
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_ERRNO, EPERM)), SECCOMP_RET_ERRNO | EPERM);
	CU_ASSERT_EQUAL(action_to_seccomp(act(ACTION_TRACE, 9)), SECCOMP_RET_TRACE | 9);
}

static void kernel_values_map_back_to_actions(void)
{
	const struct action all[] = { act(ACTION_ALLOW, 0),	  act(ACTION_KILL_PROCESS, 0),
				      act(ACTION_KILL_THREAD, 0), act(ACTION_TRAP, 0),
				      act(ACTION_LOG, 0),	  act(ACTION_ERRNO, ENOSYS),
				      act(ACTION_TRACE, 65535) };

	for (size_t i = 0; i < COUNT(all); i++)
		EXPECT_ACTION(action_from_seccomp(action_to_seccomp(all[i])), all[i]);
}

/* ---- the three action keys ---------------------------------------------- */

static void absent_keys_take_the_documented_defaults(void)
{
	struct policy *policy = READ_GOOD("# nothing but a comment\n");

	if (!policy)
		return;
	EXPECT_ACTION(policy->default_action, act(ACTION_KILL_PROCESS, 0));
	EXPECT_ACTION(policy->deny_action, act(ACTION_ERRNO, EPERM));
	EXPECT_ACTION(policy->bad_arch_action, act(ACTION_KILL_PROCESS, 0));
	CU_ASSERT_TRUE(policy->no_new_privs);
	CU_ASSERT_TRUE(policy->thread_sync);
	CU_ASSERT_FALSE(policy->log);
	CU_ASSERT_FALSE(policy->disable_ssb);
	CU_ASSERT_FALSE(policy->allow_negative_syscalls);
	CU_ASSERT_EQUAL(policy->optimize, OPTIMIZE_TREE);
	CU_ASSERT_EQUAL(policy->arch_count, 1);
	CU_ASSERT_STRING_EQUAL(policy->arches[0], "native");
	CU_ASSERT_EQUAL(policy->rule_count, 0);
	CU_ASSERT_EQUAL(policy->file_count, 1);
	CU_ASSERT_STRING_EQUAL(policy->files[0], NAME);
	policy_free(policy);
}

static void default_action_sets_the_default_and_its_line(void)
{
	struct policy *policy = READ_GOOD("\n\ndefault_action = \"errno(ENOSYS)\";\n");

	if (!policy)
		return;
	EXPECT_ACTION(policy->default_action, act(ACTION_ERRNO, ENOSYS));
	CU_ASSERT_STRING_EQUAL(policy->default_where.file, NAME);
	CU_ASSERT_EQUAL(policy->default_where.line, 3);
	policy_free(policy);
}

static void default_action_accepts_every_form(void)
{
	static const struct {
		const char *text;
		struct action action;
	} forms[] = {
		{ "allow", { ACTION_ALLOW, 0 } },
		{ "kill_process", { ACTION_KILL_PROCESS, 0 } },
		{ "kill_thread", { ACTION_KILL_THREAD, 0 } },
		{ "trap", { ACTION_TRAP, 0 } },
		{ "log", { ACTION_LOG, 0 } },
		{ "errno(EPERM)", { ACTION_ERRNO, EPERM } },
		{ "errno(38)", { ACTION_ERRNO, 38 } },
		{ "trace(3)", { ACTION_TRACE, 3 } },
	};

	for (size_t i = 0; i < COUNT(forms); i++) {
		char text[128];
		struct policy *policy;

		snprintf(text, sizeof(text), "default_action = \"%s\";\n", forms[i].text);
		policy = READ_GOOD(text);
		if (policy)
			EXPECT_ACTION(policy->default_action, forms[i].action);
		policy_free(policy);
	}
}

static void deny_action_applies_to_deny_entries(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny_action = \"errno(EACCES)\";\n"
					  "deny = [ \"ptrace\" ];\n");

	if (!policy)
		return;
	EXPECT_ACTION(policy->deny_action, act(ACTION_ERRNO, EACCES));
	CU_ASSERT_EQUAL(policy->rule_count, 1);
	if (rule_for(policy, "ptrace"))
		EXPECT_ACTION(rule_for(policy, "ptrace")->action, act(ACTION_ERRNO, EACCES));
	policy_free(policy);
}

static void deny_action_may_kill(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny_action = \"kill_thread\";\n"
					  "deny = [ \"ptrace\" ];\n");

	if (policy && rule_for(policy, "ptrace"))
		EXPECT_ACTION(rule_for(policy, "ptrace")->action, act(ACTION_KILL_THREAD, 0));
	policy_free(policy);
}

static void bad_arch_action_is_read(void)
{
	struct policy *policy = READ_GOOD("bad_arch_action = \"errno(ENOSYS)\";\n");

	if (policy)
		EXPECT_ACTION(policy->bad_arch_action, act(ACTION_ERRNO, ENOSYS));
	policy_free(policy);
}

static void unknown_default_action_names_the_key_and_line(void)
{
	EXPECT_ONLY_ERROR("\ndefault_action = \"kil_process\";\n", 2,
			  "default_action: unknown action 'kil_process'");
}

static void default_action_errno_zero_is_an_error_at_its_line(void)
{
	EXPECT_ONLY_ERROR("default_action = \"errno(0)\";\n", 1,
			  "default_action: errno(0) needs a number from 1 to");
}

static void deny_action_unknown_errno_names_the_key_and_line(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\ndeny_action = \"errno(EBOGUS)\";\n", 2,
			  "deny_action: unknown errno name 'EBOGUS'");
}

static void bad_arch_action_trace_out_of_range_names_the_key_and_line(void)
{
	EXPECT_ONLY_ERROR("\n\n\nbad_arch_action = \"trace(70000)\";\n", 4,
			  "bad_arch_action: trace(70000) needs a number from 0 to 65535");
}

static void unclosed_errno_in_a_rule_names_the_key_and_line(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\";\n"
			  "  action = \"errno(\"; } );\n",
			  3, "action: unknown action 'errno('");
}

static void action_that_is_not_a_string_is_an_error(void)
{
	EXPECT_ONLY_ERROR("default_action = 5;\n", 1,
			  "'default_action' must be a string, not an integer");
}

/* ---- allow and deny ----------------------------------------------------- */

static void allow_names_become_unconditional_allow_rules(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"read\",\n"
					  "          \"write\" ];\n");
	const struct rule *read_rule = rule_for(policy, "read");
	const struct rule *write_rule = rule_for(policy, "write");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 2);
	REQUIRE(read_rule);
	REQUIRE(write_rule);
	EXPECT_ACTION(read_rule->action, act(ACTION_ALLOW, 0));
	CU_ASSERT_EQUAL(read_rule->arg_count, 0);
	CU_ASSERT_EQUAL(read_rule->where.line, 1);
	CU_ASSERT_EQUAL(write_rule->where.line, 2);
	CU_ASSERT_STRING_EQUAL(read_rule->where.file, NAME);
	CU_ASSERT_FALSE(read_rule->from_group);
	CU_ASSERT_PTR_NULL(read_rule->via_group);
	policy_free(policy);
}

static void deny_names_get_the_deny_action(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny = [ \"ptrace\", \"kcmp\" ];\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 2);
	if (rule_for(policy, "ptrace"))
		EXPECT_ACTION(rule_for(policy, "ptrace")->action, act(ACTION_ERRNO, EPERM));
	if (rule_for(policy, "kcmp"))
		CU_ASSERT_EQUAL(rule_for(policy, "kcmp")->where.line, 2);
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "kcmp"));
	policy_free(policy);
}

static void deny_action_written_after_deny_still_applies(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny = [ \"ptrace\" ];\n"
					  "deny_action = \"errno(EACCES)\";\n");

	if (policy && rule_for(policy, "ptrace"))
		EXPECT_ACTION(rule_for(policy, "ptrace")->action, act(ACTION_ERRNO, EACCES));
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "ptrace"));
	policy_free(policy);
}

static void allow_group_expands_to_each_member(void)
{
	const struct syscall_group *mount = names_group("mount");
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny = [ \"@mount\" ];\n");

	REQUIRE(mount);
	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, mount->member_count);
	for (size_t i = 0; i < mount->member_count; i++) {
		const struct rule *rule = rule_for(policy, mount->members[i]);

		EXPECT(rule != NULL, "no rule for %s", mount->members[i]);
		if (!rule)
			continue;
		EXPECT_ACTION(rule->action, act(ACTION_ERRNO, EPERM));
		CU_ASSERT_TRUE(rule->from_group);
		CU_ASSERT_STRING_EQUAL(rule->via_group, "mount");
		CU_ASSERT_EQUAL(rule->where.line, 2);
	}
	policy_free(policy);
}

static void nested_builtin_group_is_followed(void)
{
	/* @reboot lists @kexec. */
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny = [ \"@reboot\" ];\n");
	const struct rule *kexec = rule_for(policy, "kexec_load");

	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "reboot"));
	REQUIRE(kexec);
	/* The rule remembers the group the user wrote. */
	CU_ASSERT_STRING_EQUAL(kexec->via_group, "reboot");
	policy_free(policy);
}

static void unknown_group_suggests_the_closest(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "deny = [ \"@moutn\" ];\n",
			  2, "unknown group '@moutn' (did you mean '@mount'?)");
}

static void unknown_group_without_a_close_name_points_to_preseal_groups(void)
{
	EXPECT_ONLY_ERROR("allow = [ \"@zzzzzzzzzz\" ];\n", 1,
			  "unknown group '@zzzzzzzzzz' (`preseal groups` lists them");
}

static void non_string_entry_in_allow_is_an_error(void)
{
	EXPECT_ONLY_ERROR("allow = ( \"read\",\n 5 );\n", 2,
			  "each entry of 'allow' (a syscall name or @group) must be a string, not "
			  "an integer");
}

static void mixed_types_in_an_array_are_a_syntax_error(void)
{
	EXPECT_ONLY_ERROR("deny = [ \"read\",\n 5 ];\n", 2, "mismatched element type in array");
}

static void allow_that_is_not_a_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("allow = \"read\";\n", 1,
			  "'allow' must be a list of syscall names and @groups, not a string");
}

static void deny_that_is_not_a_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\ndeny = { a = 1; };\n", 2,
			  "'deny' must be a list of syscall names and @groups, not a group");
}

static void syscall_name_with_capitals_is_an_error(void)
{
	EXPECT_ONLY_ERROR(
		"allow = [ \"Read\" ];\n", 1,
		"'Read' is not a syscall name (at most 64 lowercase letters, digits, '_')");
}

static void syscall_name_with_a_dash_or_blank_is_an_error(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = read_text("allow = [ \"a-b\",\n \"open at\" ];\n", &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 2);
	EXPECT_DIAG(&diags, NAME, 1, "'a-b' is not a syscall name");
	EXPECT_DIAG(&diags, NAME, 2, "'open at' is not a syscall name");
	policy_free(policy);
	diag_free(&diags);
}

static void empty_syscall_name_is_an_error(void)
{
	EXPECT_ONLY_ERROR("allow = [ \"\" ];\n", 1, "'' is not a syscall name");
}

static void empty_allow_list_is_accepted(void)
{
	struct policy *policy = READ_GOOD("allow = [ ];\n");

	if (policy)
		CU_ASSERT_EQUAL(policy->rule_count, 0);
	policy_free(policy);
}

/* ---- rules -------------------------------------------------------------- */

static void rule_with_a_syscall_name_is_read(void)
{
	struct policy *policy = READ_GOOD("rules = (\n"
					  "  { syscall = \"mkdir\"; action = \"errno(EACCES)\"; }\n"
					  ");\n");
	const struct rule *rule = rule_for(policy, "mkdir");

	REQUIRE(rule);
	CU_ASSERT_EQUAL(policy->rule_count, 1);
	EXPECT_ACTION(rule->action, act(ACTION_ERRNO, EACCES));
	CU_ASSERT_EQUAL(rule->arg_count, 0);
	CU_ASSERT_EQUAL(rule->where.line, 2);
	CU_ASSERT_FALSE(rule->from_group);
	policy_free(policy);
}

static void rule_with_a_syscall_list_makes_one_rule_per_name(void)
{
	struct policy *policy = READ_GOOD(
		"rules = (\n"
		"  { syscall = [ \"mkdir\", \"mkdirat\" ]; action = \"errno(EACCES)\"; }\n"
		");\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 2);
	CU_ASSERT_EQUAL(rules_for(policy, "mkdir"), 1);
	CU_ASSERT_EQUAL(rules_for(policy, "mkdirat"), 1);
	if (rule_for(policy, "mkdirat"))
		EXPECT_ACTION(rule_for(policy, "mkdirat")->action, act(ACTION_ERRNO, EACCES));
	policy_free(policy);
}

static void rule_with_a_group_as_syscall_expands_it(void)
{
	struct policy *policy =
		READ_GOOD("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"@swap\"; action = \"trap\"; } );\n");
	const struct rule *rule = rule_for(policy, "swapon");

	REQUIRE(rule);
	CU_ASSERT_EQUAL(policy->rule_count, 2);
	EXPECT_ACTION(rule->action, act(ACTION_TRAP, 0));
	CU_ASSERT_TRUE(rule->from_group);
	CU_ASSERT_STRING_EQUAL(rule->via_group, "swap");
	policy_free(policy);
}

static void rule_with_an_empty_syscall_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = (\n"
			  "  { syscall = [ ]; action = \"allow\"; }\n"
			  ");\n",
			  2, "'syscall' is an empty list");
}

static void rule_with_a_number_as_syscall_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = ( { syscall = 5; action = \"allow\"; } );\n", 1,
			  "'syscall' must be a name or a list of names, not an integer");
}

static void rule_without_action_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = (\n"
			  "  { syscall = \"read\"; }\n"
			  ");\n",
			  2, "a rule needs 'syscall' and 'action'");
}

static void rule_without_syscall_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = (\n"
			  "  { action = \"allow\"; }\n"
			  ");\n",
			  2, "a rule needs 'syscall' and 'action'");
}

static void unknown_rule_key_suggests_the_closest(void)
{
	EXPECT_ONLY_ERROR("rules = (\n"
			  "  { syscall = \"read\"; action = \"allow\";\n"
			  "    acton = \"allow\"; }\n"
			  ");\n",
			  3, "unknown key 'acton' in a rule (did you mean 'action'?)");
}

static void comment_key_in_a_rule_is_accepted(void)
{
	struct policy *policy = READ_GOOD("rules = ( { syscall = \"read\"; action = \"allow\";\n"
					  "  comment = \"why read is allowed\"; } );\n");

	if (policy)
		CU_ASSERT_EQUAL(policy->rule_count, 1);
	policy_free(policy);
}

static void comment_that_is_not_a_string_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = ( { syscall = \"read\"; action = \"allow\";\n"
			  "  comment = 5; } );\n",
			  2, "'comment' must be a string, not an integer");
}

static void rules_that_is_not_a_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = { syscall = \"read\"; action = \"allow\"; };\n", 1,
			  "'rules' must be a list ( { syscall; action; }, … ), not a group");
}

static void rule_that_is_not_a_group_is_an_error(void)
{
	EXPECT_ONLY_ERROR("rules = ( \"read\" );\n", 1,
			  "each rule ( { syscall; action; } ) must be a group { … }, not a string");
}

/* ---- argument checks ---------------------------------------------------- */

static void arg_index_0_and_5_are_accepted(void)
{
	struct policy *policy =
		READ_GOOD("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"errno(EACCES)\";\n"
			  "  args = ( { index = 0; op = \"eq\"; value = 1; },\n"
			  "           { index = 5; op = \"eq\"; value = 2; } ); } );\n");
	const struct rule *rule = rule_for(policy, "read");

	REQUIRE(rule);
	CU_ASSERT_EQUAL(rule->arg_count, 2);
	CU_ASSERT_EQUAL(rule->args[0].index, 0);
	CU_ASSERT_EQUAL(rule->args[0].value, 1);
	CU_ASSERT_EQUAL(rule->args[1].index, 5);
	CU_ASSERT_EQUAL(rule->args[1].value, 2);
	policy_free(policy);
}

static void arg_index_minus_1_is_out_of_range(void)
{
	EXPECT_ARG_ERROR("index = -1; op = \"eq\"; value = 1;",
			 "argument index -1 is out of range 0-5");
}

static void arg_index_6_is_out_of_range(void)
{
	EXPECT_ARG_ERROR("index = 6; op = \"eq\"; value = 1;",
			 "argument index 6 is out of range 0-5");
}

static void arg_index_that_is_not_an_integer_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = \"0\"; op = \"eq\"; value = 1;",
			 "'index' must be an integer, not a string");
}

static void every_op_is_read(void)
{
	static const struct {
		const char *name;
		enum arg_op op;
	} ops[] = {
		{ "eq", OP_EQ }, { "ne", OP_NE }, { "lt", OP_LT },
		{ "le", OP_LE }, { "gt", OP_GT }, { "ge", OP_GE },
	};

	for (size_t i = 0; i < COUNT(ops); i++) {
		char arg[128];
		char *text;
		struct policy *policy;
		const struct arg_check *check;

		snprintf(arg, sizeof(arg), "index = 2; op = \"%s\"; value = 7;", ops[i].name);
		text = rule_with_arg(arg);
		policy = text ? READ_GOOD(text) : NULL;
		check = only_check(policy);
		EXPECT(check != NULL, "op %s: no single check", ops[i].name);
		if (check) {
			EXPECT(check->op == ops[i].op, "op %s read as %d", ops[i].name, check->op);
			CU_ASSERT_EQUAL(check->index, 2);
			CU_ASSERT_EQUAL(check->value, 7);
		}
		policy_free(policy);
		free(text);
	}
}

static void masked_eq_is_read_with_its_mask(void)
{
	char *text = rule_with_arg("index = 2; op = \"masked_eq\"; mask = \"PROT_EXEC\";"
				   " value = \"PROT_EXEC\";");
	struct policy *policy = text ? READ_GOOD(text) : NULL;
	const struct arg_check *check = only_check(policy);

	REQUIRE(check);
	CU_ASSERT_EQUAL(check->op, OP_MASKED_EQ);
	CU_ASSERT_EQUAL(check->mask, PROT_EXEC);
	CU_ASSERT_EQUAL(check->value, PROT_EXEC);
	policy_free(policy);
	free(text);
}

static void masked_ne_is_read_with_its_mask(void)
{
	char *text = rule_with_arg("index = 1; op = \"masked_ne\"; mask = 0xffffffff; value = 5;");
	struct policy *policy = text ? READ_GOOD(text) : NULL;
	const struct arg_check *check = only_check(policy);

	REQUIRE(check);
	CU_ASSERT_EQUAL(check->op, OP_MASKED_NE);
	CU_ASSERT_EQUAL(check->mask, 0xffffffffu);
	CU_ASSERT_EQUAL(check->value, 5);
	policy_free(policy);
	free(text);
}

static void unknown_op_suggests_the_closest(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eqq\"; value = 1;",
			 "unknown op 'eqq' (did you mean 'eq'?)");
}

static void unknown_op_lists_the_ops(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"between\"; value = 1;",
			 "(ops: eq ne lt le gt ge masked_eq masked_ne)");
}

static void masked_eq_without_mask_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"masked_eq\"; value = 1;",
			 "op 'masked_eq' needs a 'mask'");
}

static void masked_ne_without_mask_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"masked_ne\"; value = 1;",
			 "op 'masked_ne' needs a 'mask'");
}

static void mask_with_another_op_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\"; mask = 1; value = 1;",
			 "'mask' goes only with ops masked_eq and masked_ne, not 'eq'");
}

static void mask_of_zero_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"masked_eq\"; mask = 0; value = 0;",
			 "a mask of 0 makes the comparison ignore the argument");
}

static void masked_eq_value_bits_outside_the_mask_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"masked_eq\"; mask = 1; value = 3;",
			 "value has bits outside the mask, so masked_eq can never match");
}

static void masked_ne_value_bits_outside_the_mask_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"masked_ne\"; mask = 0xf0; value = 0x0f;",
			 "value has bits outside the mask, so masked_ne can never fail");
}

static void arg_check_without_value_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\";",
			 "an argument check needs 'index', 'op' and 'value'");
}

static void unknown_arg_key_suggests_the_closest(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\"; value = 1; mask_ = 1;",
			 "unknown key 'mask_' in an argument check (did you mean 'mask'?)");
}

static void value_as_int_is_read(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 42;", 42);
}

static void negative_value_is_sign_extended_to_64_bits(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = -1;", UINT64_MAX);
	EXPECT_VALUE("index = 0; op = \"eq\"; value = -100;", (uint64_t)(int64_t)-100);
}

static void hex_ffffffff_is_zero_extended(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 0xffffffff;", 4294967295u);
}

static void hex_80000000_is_zero_extended(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 0x80000000;", 0x80000000u);
}

static void value_with_l_suffix_is_64_bits(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 4294967296L;", 4294967296ull);
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 0x100000005L;", 0x100000005ull);
}

static void negative_value_with_l_suffix_is_64_bits(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = -4294967296L;", (uint64_t)-4294967296ll);
}

static void all_ones_hex_with_l_suffix_is_read(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 0xffffffffffffffffL;", UINT64_MAX);
}

static void value_as_constants_joined_with_bars_is_read(void)
{
	EXPECT_VALUE("index = 1; op = \"eq\"; value = \"O_WRONLY|O_CREAT\";",
		     (uint64_t)(O_WRONLY | O_CREAT));
}

static void value_as_a_number_in_a_string_is_read(void)
{
	EXPECT_VALUE("index = 1; op = \"eq\"; value = \"0x100000000\";", 0x100000000ull);
}

static void unknown_constant_is_named_in_the_message(void)
{
	EXPECT_ARG_ERROR("index = 1; op = \"eq\"; value = \"O_WRONLY|O_BOGUS\";",
			 "value: unknown constant 'O_BOGUS'");
}

static void unknown_constant_in_a_mask_is_named(void)
{
	EXPECT_ARG_ERROR("index = 1; op = \"masked_eq\"; mask = \"PROT_EXCE\"; value = 0;",
			 "mask: unknown constant 'PROT_EXCE'");
}

static void value_that_is_a_float_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\"; value = 1.5;",
			 "'value' must be an integer or a string of constants, not a float");
}

static void value_that_is_a_boolean_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\"; value = true;",
			 "'value' must be an integer or a string of constants, not a boolean");
}

static void more_than_six_args_is_an_error(void)
{
	EXPECT_ARG_ERROR(
		"index = 0; op = \"eq\"; value = 1; }, { index = 1; op = \"eq\"; value = 1;"
		" }, { index = 2; op = \"eq\"; value = 1; }, { index = 3; op = \"eq\";"
		" value = 1; }, { index = 4; op = \"eq\"; value = 1; }, { index = 5;"
		" op = \"eq\"; value = 1; }, { index = 5; op = \"eq\"; value = 2;",
		"a rule may check at most 6 arguments, not 7");
}

static void six_args_are_accepted(void)
{
	char *text =
		rule_with_arg("index = 0; op = \"eq\"; value = 0; }, { index = 1; op = \"ne\";"
			      " value = 1; }, { index = 2; op = \"lt\"; value = 2; }, { index = 3;"
			      " op = \"le\"; value = 3; }, { index = 4; op = \"gt\"; value = 4; },"
			      " { index = 5; op = \"ge\"; value = 5;");
	struct policy *policy = text ? READ_GOOD(text) : NULL;
	const struct rule *rule = rule_for(policy, "read");

	REQUIRE(rule);
	CU_ASSERT_EQUAL(rule->arg_count, 6);
	for (unsigned i = 0; i < rule->arg_count; i++) {
		CU_ASSERT_EQUAL(rule->args[i].index, i);
		CU_ASSERT_EQUAL(rule->args[i].value, i);
	}
	CU_ASSERT_EQUAL(rule->args[5].op, OP_GE);
	policy_free(policy);
	free(text);
}

static void empty_args_is_an_error(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"errno(EACCES)\";\n"
			  "  args = ( ); } );\n",
			  3, "'args' is empty: leave it out for a rule without conditions");
}

static void args_that_is_not_a_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"errno(EACCES)\";\n"
			  "  args = { index = 0; op = \"eq\"; value = 1; }; } );\n",
			  3, "'args' must be a list ( { index; op; value; }, … ), not a group");
}

static void arg_that_is_not_a_group_is_an_error(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"errno(EACCES)\";\n"
			  "  args = ( 5 ); } );\n",
			  3,
			  "each argument check ( { index; op; value; } ) must be a group { … }, "
			  "not an integer");
}

static void same_index_twice_is_an_error(void)
{
	EXPECT_ARG_ERROR(
		"index = 0; op = \"gt\"; value = 1; }, { index = 0; op = \"lt\"; value = 9;",
		"argument 0 is checked twice in one rule");
}

static void two_masked_ne_in_a_rule_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"masked_ne\"; mask = 1; value = 1; }, { index = 1;"
			 " op = \"masked_ne\"; mask = 1; value = 1;",
			 "a rule may use masked_ne on one argument only");
}

static void bad_args_in_one_rule_are_each_reported(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy =
		read_text("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"trap\";\n"
			  "  args = ( { index = 9; op = \"eq\"; value = 1; },\n"
			  "           { index = 1; op = \"eqq\"; value = 1; } ); } );\n",
			  &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 2);
	EXPECT_DIAG(&diags, NAME, 3, "argument index 9 is out of range 0-5");
	EXPECT_DIAG(&diags, NAME, 4, "unknown op 'eqq'");
	policy_free(policy);
	diag_free(&diags);
}

static void bad_syscall_name_and_bad_arg_in_one_rule_are_both_reported(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy =
		read_text("default_action = \"allow\";\n"
			  "rules = ( { syscall = [ \"read\",\n"
			  "                        \"Write\" ]; action = \"trap\";\n"
			  "  args = ( { index = 9; op = \"eq\"; value = 1; } ); } );\n",
			  &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 2);
	EXPECT_DIAG(&diags, NAME, 3, "'Write' is not a syscall name");
	EXPECT_DIAG(&diags, NAME, 4, "argument index 9 is out of range 0-5");
	policy_free(policy);
	diag_free(&diags);
}

/* ---- arg_check_holds ---------------------------------------------------- */

static bool holds(enum arg_op op, uint64_t value, uint64_t mask, uint64_t argument)
{
	struct arg_check check = { .index = 0, .op = op, .value = value, .mask = mask };

	return arg_check_holds(&check, argument);
}

static void eq_holds_only_for_its_value(void)
{
	const uint64_t v = 0x100000005ull;

	CU_ASSERT_TRUE(holds(OP_EQ, v, 0, v));
	CU_ASSERT_FALSE(holds(OP_EQ, v, 0, v - 1));
	CU_ASSERT_FALSE(holds(OP_EQ, v, 0, v + 1));
	CU_ASSERT_FALSE(holds(OP_EQ, v, 0, 5));
}

static void ne_holds_for_every_other_value(void)
{
	CU_ASSERT_FALSE(holds(OP_NE, 5, 0, 5));
	CU_ASSERT_TRUE(holds(OP_NE, 5, 0, 4));
	CU_ASSERT_TRUE(holds(OP_NE, 5, 0, 0x100000005ull));
}

static void lt_and_le_compare_all_64_bits_unsigned(void)
{
	const uint64_t v = 0x100000002ull;

	CU_ASSERT_TRUE(holds(OP_LT, v, 0, v - 1));
	CU_ASSERT_FALSE(holds(OP_LT, v, 0, v));
	CU_ASSERT_TRUE(holds(OP_LE, v, 0, v));
	CU_ASSERT_FALSE(holds(OP_LE, v, 0, v + 1));
	CU_ASSERT_FALSE(holds(OP_LT, 1, 0, UINT64_MAX)); /* -1 is not below 1 */
}

static void gt_and_ge_compare_all_64_bits_unsigned(void)
{
	const uint64_t v = 0x100000002ull;

	CU_ASSERT_TRUE(holds(OP_GT, v, 0, v + 1));
	CU_ASSERT_FALSE(holds(OP_GT, v, 0, v));
	CU_ASSERT_TRUE(holds(OP_GE, v, 0, v));
	CU_ASSERT_FALSE(holds(OP_GE, v, 0, v - 1));
	CU_ASSERT_TRUE(holds(OP_GT, 1, 0, UINT64_MAX));
}

static void masked_eq_holds_when_the_masked_bits_equal_the_value(void)
{
	CU_ASSERT_TRUE(holds(OP_MASKED_EQ, 0x4, 0xc, 0x4));
	CU_ASSERT_TRUE(holds(OP_MASKED_EQ, 0x4, 0xc, 0xfffffff7ull));
	CU_ASSERT_FALSE(holds(OP_MASKED_EQ, 0x4, 0xc, 0xc));
	CU_ASSERT_FALSE(holds(OP_MASKED_EQ, 0x4, 0xc, 0));
}

static void masked_ne_holds_when_some_masked_bit_differs(void)
{
	CU_ASSERT_FALSE(holds(OP_MASKED_NE, 0x5412, 0xffffffff, 0x5412));
	CU_ASSERT_FALSE(holds(OP_MASKED_NE, 0x5412, 0xffffffff, 0x100005412ull));
	CU_ASSERT_TRUE(holds(OP_MASKED_NE, 0x5412, 0xffffffff, 0x5413));
	CU_ASSERT_TRUE(holds(OP_MASKED_NE, 0x5412, 0xffffffff, 0));
}

static void op_names_round_trip(void)
{
	size_t count;
	const char *const *names = arg_op_names(&count);

	CU_ASSERT_EQUAL(count, 8);
	for (size_t i = 0; i < count; i++) {
		enum arg_op op;

		CU_ASSERT_EQUAL(arg_op_parse(names[i], &op), 0);
		CU_ASSERT_EQUAL(op, (enum arg_op)i);
		CU_ASSERT_STRING_EQUAL(arg_op_name(op), names[i]);
	}
	CU_ASSERT_EQUAL(arg_op_parse("EQ", &(enum arg_op){ OP_EQ }), -EINVAL);
}

/* ---- groups = { } ------------------------------------------------------- */

static void user_group_is_used_as_at_name(void)
{
	struct policy *policy = READ_GOOD("groups = { myio = [ \"read\", \"write\" ]; };\n"
					  "allow = [ \"@myio\" ];\n");
	const struct rule *rule = rule_for(policy, "write");

	REQUIRE(rule);
	CU_ASSERT_EQUAL(policy->rule_count, 2);
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "read"));
	CU_ASSERT_STRING_EQUAL(rule->via_group, "myio");
	CU_ASSERT_TRUE(rule->from_group);
	CU_ASSERT_EQUAL(rule->where.line, 2);
	policy_free(policy);
}

static void nested_user_groups_are_expanded(void)
{
	struct policy *policy = READ_GOOD("groups = { outer = [ \"@inner\", \"close\" ];\n"
					  "           inner = [ \"read\", \"@swap\" ]; };\n"
					  "allow = [ \"@outer\" ];\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 4);
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "close"));
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "read"));
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "swapon"));
	REQUIRE(rule_for(policy, "swapoff"));
	CU_ASSERT_STRING_EQUAL(rule_for(policy, "swapoff")->via_group, "outer");
	policy_free(policy);
}

static void unused_user_group_adds_no_rule(void)
{
	struct policy *policy = READ_GOOD("groups = { spare = [ \"read\" ]; };\n");

	if (policy)
		CU_ASSERT_EQUAL(policy->rule_count, 0);
	policy_free(policy);
}

static void group_cycle_is_reported_with_the_chain(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "groups = { a = [ \"@b\", \"read\" ];\n"
			  "           b = [ \"@c\" ];\n"
			  "           c = [ \"@a\" ]; };\n"
			  "deny = [ \"@a\" ];\n",
			  4, "group '@a' includes itself: @a → @b → @c → @a");
}

static void group_including_itself_is_reported(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "groups = { a = [ \"@a\" ]; };\n"
			  "deny = [ \"@a\" ];\n",
			  2, "group '@a' includes itself: @a → @a");
}

static void unknown_group_inside_a_user_group_is_reported_at_its_line(void)
{
	EXPECT_ONLY_ERROR("groups = {\n"
			  "  mine = [ \"read\", \"@netwrok-io\" ]; };\n"
			  "allow = [ \"@mine\" ];\n",
			  2, "unknown group '@netwrok-io' (did you mean '@network-io'?)");
}

static void groups_nested_deeper_than_16_levels_are_an_error(void)
{
	char text[2048];
	size_t used = (size_t)snprintf(text, sizeof(text), "groups = {\n");

	for (int level = 0; level < 17; level++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "  g%d = [ \"@g%d\" ];\n", level, level + 1);
	used += (size_t)snprintf(text + used, sizeof(text) - used, "  g17 = [ \"read\" ]; };\n");
	snprintf(text + used, sizeof(text) - used, "allow = [ \"@g0\" ];\n");
	/* g15 (line 17) names @g16, the seventeenth level */
	EXPECT_ONLY_ERROR(text, 17, "groups nest deeper than 16 levels at '@g16'");
}

static void groups_nested_16_levels_deep_are_accepted(void)
{
	char text[2048];
	size_t used = (size_t)snprintf(text, sizeof(text), "groups = {\n");
	struct policy *policy;

	for (int level = 0; level < 15; level++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "  g%d = [ \"@g%d\" ];\n", level, level + 1);
	used += (size_t)snprintf(text + used, sizeof(text) - used, "  g15 = [ \"read\" ]; };\n");
	snprintf(text + used, sizeof(text) - used, "allow = [ \"@g0\" ];\n");
	policy = READ_GOOD(text);
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "read"));
	policy_free(policy);
}

static void redefining_a_builtin_group_is_an_error(void)
{
	EXPECT_ONLY_ERROR("\ngroups = { mount = [ \"read\" ]; };\n", 2,
			  "group '@mount' is built in; give yours another name");
}

static void empty_group_is_an_error(void)
{
	EXPECT_ONLY_ERROR("groups = { nothing = [ ]; };\n", 1, "group 'nothing' is empty");
}

static void group_name_with_a_star_is_an_error(void)
{
	EXPECT_ONLY_ERROR("groups = { a*b = [ \"read\" ]; };\n", 1,
			  "group name 'a*b' may use only letters, digits, '_' and '-'");
}

static void group_that_is_not_a_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("groups = { mine = \"read\"; };\n", 1,
			  "group 'mine' must be a list of syscall names and @groups, not a string");
}

static void group_with_a_non_string_member_is_an_error(void)
{
	EXPECT_ONLY_ERROR("groups = { mine = ( \"read\", 5 ); };\n", 1,
			  "each member of group 'mine' (a syscall name or @group) must be a "
			  "string, not an integer");
}

static void groups_that_is_not_a_group_is_an_error(void)
{
	EXPECT_ONLY_ERROR("groups = [ \"read\" ];\n", 1,
			  "'groups' must be a group { … }, not an array");
}

/* ---- booleans ----------------------------------------------------------- */

static void expect_bool_at(unsigned at, const char *key, bool value, size_t offset)
{
	char text[128];
	struct policy *policy;

	snprintf(text, sizeof(text), "%s = %s;\n", key, value ? "true" : "false");
	policy = read_good_at(at, text);
	if (policy)
		EXPECT_AT(at, *(const bool *)((const char *)policy + offset) == value,
			  "%s was not set to %d", key, value);
	policy_free(policy);
}
#define EXPECT_BOOL(key, field)                                                       \
	do {                                                                          \
		expect_bool_at(__LINE__, key, true, offsetof(struct policy, field));  \
		expect_bool_at(__LINE__, key, false, offsetof(struct policy, field)); \
	} while (0)

static void expect_not_bool_at(unsigned at, const char *key)
{
	char text[128], needle[128];

	snprintf(text, sizeof(text), "\n%s = 1;\n", key);
	snprintf(needle, sizeof(needle), "'%s' must be a boolean, not an integer", key);
	expect_only_error_at(at, text, 2, needle);
	snprintf(text, sizeof(text), "%s = \"yes\";\n", key);
	snprintf(needle, sizeof(needle), "'%s' must be a boolean, not a string", key);
	expect_only_error_at(at, text, 1, needle);
}
#define EXPECT_NOT_BOOL(key) expect_not_bool_at(__LINE__, (key))

static void no_new_privs_is_read(void)
{
	EXPECT_BOOL("no_new_privs", no_new_privs);
}

static void no_new_privs_must_be_a_boolean(void)
{
	EXPECT_NOT_BOOL("no_new_privs");
}

static void thread_sync_is_read(void)
{
	EXPECT_BOOL("thread_sync", thread_sync);
}

static void thread_sync_must_be_a_boolean(void)
{
	EXPECT_NOT_BOOL("thread_sync");
}

static void log_is_read(void)
{
	EXPECT_BOOL("log", log);
}

static void log_must_be_a_boolean(void)
{
	EXPECT_NOT_BOOL("log");
}

static void disable_ssb_is_read(void)
{
	EXPECT_BOOL("disable_ssb", disable_ssb);
}

static void disable_ssb_must_be_a_boolean(void)
{
	EXPECT_NOT_BOOL("disable_ssb");
}

static void allow_negative_syscalls_is_read(void)
{
	EXPECT_BOOL("allow_negative_syscalls", allow_negative_syscalls);
}

static void allow_negative_syscalls_must_be_a_boolean(void)
{
	EXPECT_NOT_BOOL("allow_negative_syscalls");
}

/* ---- architectures and optimize ----------------------------------------- */

static void architectures_are_kept_in_order(void)
{
	struct policy *policy = READ_GOOD(
		"architectures = [ \"native\", \"x86_64\", \"x86\", \"x32\", \"aarch64\" ];\n");
	static const char *const want[] = { "native", "x86_64", "x86", "x32", "aarch64" };

	if (!policy)
		return;
	REQUIRE(policy->arch_count == COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++)
		CU_ASSERT_STRING_EQUAL(policy->arches[i], want[i]);
	policy_free(policy);
}

static void unknown_architecture_suggests_the_closest(void)
{
	EXPECT_ONLY_ERROR("architectures = [ \"native\",\n \"x86-64\" ];\n", 2,
			  "unknown architecture 'x86-64' (did you mean 'x86_64'?)");
}

static void unknown_architecture_without_a_close_name_is_an_error(void)
{
	EXPECT_ONLY_ERROR("architectures = [ \"vax\" ];\n", 1, "unknown architecture 'vax'");
}

static void empty_architectures_is_an_error(void)
{
	EXPECT_ONLY_ERROR("architectures = [ ];\n", 1,
			  "'architectures' is empty: name at least \"native\"");
}

static void architectures_that_is_not_a_list_is_an_error(void)
{
	EXPECT_ONLY_ERROR("architectures = \"x86_64\";\n", 1,
			  "'architectures' must be a list of names, not a string");
}

static void architecture_that_is_not_a_string_is_an_error(void)
{
	EXPECT_ONLY_ERROR("architectures = ( \"native\", 1 );\n", 1,
			  "'architectures' must be a string, not an integer");
}

static void optimize_tree_and_priority_are_read(void)
{
	struct policy *tree = READ_GOOD("optimize = \"tree\";\n");
	struct policy *priority = READ_GOOD("optimize = \"priority\";\n");

	if (tree)
		CU_ASSERT_EQUAL(tree->optimize, OPTIMIZE_TREE);
	if (priority)
		CU_ASSERT_EQUAL(priority->optimize, OPTIMIZE_PRIORITY);
	policy_free(tree);
	policy_free(priority);
}

static void unknown_optimize_is_an_error(void)
{
	EXPECT_ONLY_ERROR("optimize = \"fast\";\n", 1,
			  "optimize must be \"tree\" or \"priority\", not \"fast\"");
}

static void optimize_that_is_not_a_string_is_an_error(void)
{
	EXPECT_ONLY_ERROR("optimize = 2;\n", 1, "'optimize' must be a string, not an integer");
}

/* ---- the file as a whole ------------------------------------------------ */

static void unknown_top_level_key_suggests_the_closest(void)
{
	EXPECT_ONLY_ERROR("\ndefualt_action = \"allow\";\n", 2,
			  "unknown key 'defualt_action' in the policy (did you mean "
			  "'default_action'?)");
}

static void unknown_top_level_key_far_from_any_is_an_error(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = read_text("zzzzzz = 1;\n", &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 1);
	EXPECT_DIAG(&diags, NAME, 1, "unknown key 'zzzzzz' in the policy");
	CU_ASSERT(diags.count == 1 && strstr(diags.items[0].message, "did you mean") == NULL);
	policy_free(policy);
	diag_free(&diags);
}

static void duplicate_setting_is_an_error_at_its_line(void)
{
	EXPECT_ONLY_ERROR("allow = [ \"read\" ];\n"
			  "deny = [ \"ptrace\" ];\n"
			  "allow = [ \"write\" ];\n",
			  3, "duplicate setting name");
}

static void syntax_error_is_reported_at_its_line(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "deny = [ \"ptrace\" ];\n"
			  "deny_action = = \"errno(EACCES)\";\n",
			  3, "syntax error");
}

static void trailing_comma_before_bracket_is_a_syntax_error(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "deny = [ \"ptrace\",\n"
			  "         \"mount\", ];\n",
			  3, "syntax error");
}

static void comments_of_every_form_are_accepted(void)
{
	struct policy *policy =
		READ_GOOD("# hash\n"
			  "// slashes 4294967296\n"
			  "/* block\n 0x100000000 */ allow = [ \"read\" ]; # 99999999999\n");

	if (policy && rule_for(policy, "read"))
		CU_ASSERT_EQUAL(rule_for(policy, "read")->where.line, 4);
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "read"));
	policy_free(policy);
}

static void decimal_beyond_32_bits_without_l_is_an_error_at_its_line(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"trap\";\n"
			  "  args = ( { index = 0; op = \"eq\";\n"
			  "             value = 4294967296; } ); } );\n",
			  4, "4294967296 does not fit in 32 bits: add an L suffix");
}

static void decimal_just_beyond_int_max_without_l_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\"; value = 2147483648;",
			 "2147483648 does not fit in 32 bits");
}

static void hex_beyond_32_bits_without_l_is_an_error_at_its_line(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"trap\";\n"
			  "  args = ( { index = 0; op = \"eq\"; value = 0x100000000; } ); } );\n",
			  3, "0x100000000 does not fit in 32 bits: add an L suffix");
}

static void number_beyond_64_bits_is_an_error(void)
{
	EXPECT_ARG_ERROR("index = 0; op = \"eq\"; value = 18446744073709551616L;",
			 "does not fit in 64 bits");
}

static void decimal_with_l_suffix_beyond_32_bits_is_accepted(void)
{
	EXPECT_VALUE("index = 0; op = \"eq\"; value = 4294967296L;", 4294967296ull);
}

static void every_error_is_reported_not_only_the_first(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy =
		read_text("default_action = \"alow\";\n"
			  "deny = [ \"Ptrace\" ];\n"
			  "rules = ( { syscall = \"read\"; action = \"trap\";\n"
			  "  args = ( { index = 7; op = \"eq\"; value = 1; } ); } );\n",
			  &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 3);
	EXPECT_DIAG(&diags, NAME, 1, "default_action: unknown action 'alow'");
	EXPECT_DIAG(&diags, NAME, 2, "'Ptrace' is not a syscall name");
	EXPECT_DIAG(&diags, NAME, 4, "argument index 7 is out of range 0-5");
	policy_free(policy);
	diag_free(&diags);
}

static void includes_are_refused_in_a_policy_read_from_a_string(void)
{
	EXPECT_ONLY_ERROR("default_action = \"allow\";\n@include \"other.cfg\"\n", 2,
			  "includes are not allowed here");
}

/* ---- precedence (rules.c) ----------------------------------------------- */

static void directly_named_syscall_overrides_its_group(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"@basic-io\" ];\n"
					  "deny = [ \"read\" ];\n");
	const struct rule *read_rule = rule_for(policy, "read");

	REQUIRE(read_rule);
	CU_ASSERT_EQUAL(rules_for(policy, "read"), 1);
	EXPECT_ACTION(read_rule->action, act(ACTION_ERRNO, EPERM));
	CU_ASSERT_EQUAL(read_rule->where.line, 2);
	CU_ASSERT_FALSE(read_rule->from_group);
	REQUIRE(rule_for(policy, "write"));
	EXPECT_ACTION(rule_for(policy, "write")->action, act(ACTION_ALLOW, 0));
	policy_free(policy);
}

static void directly_allowed_syscall_overrides_a_denied_group(void)
{
	struct policy *policy =
		READ_GOOD("default_action = \"allow\";\n"
			  "deny = [ \"@mount\" ];\n"
			  "rules = ( { syscall = \"chroot\"; action = \"log\"; } );\n");
	const struct rule *chroot_rule = rule_for(policy, "chroot");

	REQUIRE(chroot_rule);
	CU_ASSERT_EQUAL(rules_for(policy, "chroot"), 1);
	EXPECT_ACTION(chroot_rule->action, act(ACTION_LOG, 0));
	policy_free(policy);
}

/* "Overrides" is whole: a direct argument rule takes the syscall away from
 * the group, and calls the rule does not match get the default. */
static void direct_argument_rule_replaces_the_group_rule(void)
{
	struct policy *policy =
		READ_GOOD("allow = [ \"@basic-io\" ];\n"
			  "rules = ( { syscall = \"read\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 0; } ); } );\n");
	const uint64_t stdin_args[6] = { 0 }, other_args[6] = { 3 };

	if (!policy)
		return;
	CU_ASSERT_EQUAL(rules_for(policy, "read"), 1);
	REQUIRE(rule_for(policy, "read"));
	CU_ASSERT_EQUAL(rule_for(policy, "read")->arg_count, 1);
	EXPECT_ACTION(policy_decide(policy, "read", stdin_args, NULL), act(ACTION_ALLOW, 0));
	EXPECT_ACTION(policy_decide(policy, "read", other_args, NULL), act(ACTION_KILL_PROCESS, 0));
	policy_free(policy);
}

static void overlapping_groups_keep_the_most_restrictive(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"@system-service\" ];\n"
					  "deny = [ \"@keyring\" ];\n");
	const struct rule *add_key = rule_for(policy, "add_key");

	REQUIRE(add_key);
	CU_ASSERT_EQUAL(rules_for(policy, "add_key"), 1);
	EXPECT_ACTION(add_key->action, act(ACTION_ERRNO, EPERM));
	CU_ASSERT_STRING_EQUAL(add_key->via_group, "keyring");
	REQUIRE(rule_for(policy, "read"));
	EXPECT_ACTION(rule_for(policy, "read")->action, act(ACTION_ALLOW, 0));
	policy_free(policy);
}

static void overlapping_groups_do_not_depend_on_their_order(void)
{
	struct policy *policy = READ_GOOD(
		"default_action = \"allow\";\n"
		"rules = ( { syscall = \"@keyring\"; action = \"trap\"; },\n"
		"          { syscall = \"@system-service\"; action = \"errno(EPERM)\"; } );\n");
	const struct rule *keyctl = rule_for(policy, "keyctl");

	REQUIRE(keyctl);
	CU_ASSERT_EQUAL(rules_for(policy, "keyctl"), 1);
	EXPECT_ACTION(keyctl->action, act(ACTION_TRAP, 0));
	policy_free(policy);
}

static void two_direct_unconditional_actions_are_an_error_naming_both(void)
{
	EXPECT_ONLY_ERROR("default_action = \"kill_process\";\n"
			  "allow = [ \"read\" ];\n"
			  "rules = ( { syscall = \"read\"; action = \"errno(EPERM)\"; } );\n",
			  3,
			  "'read' has two unconditional actions: allow at test.cfg:2 and "
			  "errno(EPERM) at test.cfg:3; keep one");
}

static void unconditional_and_argument_rule_with_another_action_is_an_error(void)
{
	EXPECT_ONLY_ERROR("default_action = \"kill_process\";\n"
			  "allow = [ \"read\" ];\n"
			  "rules = ( { syscall = \"read\"; action = \"errno(EPERM)\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 3; } ); } );\n",
			  3,
			  "'read' has an unconditional rule (allow at test.cfg:2) and an argument "
			  "rule with another action (errno(EPERM) at test.cfg:3)");
}

static void unconditional_and_argument_rule_with_the_same_action_keeps_the_unconditional(void)
{
	struct policy *policy =
		READ_GOOD("default_action = \"kill_process\";\n"
			  "allow = [ \"read\" ];\n"
			  "rules = ( { syscall = \"read\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 3; } ); } );\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 1);
	REQUIRE(rule_for(policy, "read"));
	CU_ASSERT_EQUAL(rule_for(policy, "read")->arg_count, 0);
	CU_ASSERT_EQUAL(rule_for(policy, "read")->where.line, 2);
	policy_free(policy);
}

static void unconditional_rule_equal_to_the_default_is_dropped(void)
{
	struct policy *policy = READ_GOOD("default_action = \"errno(EPERM)\";\n"
					  "allow = [ \"read\" ];\n"
					  "deny = [ \"ptrace\", \"@mount\" ];\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 1);
	CU_ASSERT_PTR_NULL(rule_for(policy, "ptrace"));
	CU_ASSERT_PTR_NULL(rule_for(policy, "mount"));
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "read"));
	policy_free(policy);
}

static void argument_rule_equal_to_the_default_is_dropped_when_nothing_overlaps(void)
{
	struct policy *policy =
		READ_GOOD("default_action = \"allow\";\n"
			  "rules = ( { syscall = \"read\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 3; } ); } );\n");

	if (policy)
		CU_ASSERT_EQUAL(policy->rule_count, 0);
	policy_free(policy);
}

static void argument_rule_equal_to_the_default_stays_beside_a_less_restrictive_one(void)
{
	struct policy *policy = READ_GOOD(
		"default_action = \"errno(EPERM)\";\n"
		"rules = ( { syscall = \"ioctl\"; action = \"allow\";\n"
		"            args = ( { index = 1; op = \"ne\"; value = \"TIOCSTI\"; } ); },\n"
		"          { syscall = \"ioctl\"; action = \"errno(EPERM)\";\n"
		"            args = ( { index = 1; op = \"masked_eq\"; mask = 0xffffffff;\n"
		"                       value = \"TIOCSTI\"; } ); } );\n");

	if (policy)
		CU_ASSERT_EQUAL(rules_for(policy, "ioctl"), 2);
	policy_free(policy);
}

static void identical_unconditional_rules_merge(void)
{
	struct policy *policy =
		READ_GOOD("allow = [ \"read\", \"read\", \"@basic-io\" ];\n"
			  "rules = ( { syscall = \"read\"; action = \"allow\"; } );\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(rules_for(policy, "read"), 1);
	REQUIRE(rule_for(policy, "read"));
	CU_ASSERT_EQUAL(rule_for(policy, "read")->where.line, 1);
	policy_free(policy);
}

static void identical_argument_rules_merge(void)
{
	struct policy *policy =
		READ_GOOD("rules = ( { syscall = \"write\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 1; } ); },\n"
			  "          { syscall = \"write\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 1; } ); },\n"
			  "          { syscall = \"write\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 2; } ); } );\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->rule_count, 2);
	REQUIRE(rule_for(policy, "write"));
	CU_ASSERT_EQUAL(rule_for(policy, "write")->where.line, 1);
	policy_free(policy);
}

/* The same conditions with two actions is the argument-rule form of two
 * unconditional actions: a contradiction to report with both lines (the
 * compiler would otherwise fail with libseccomp's bare "File exists"). */
static void identical_argument_rules_with_different_actions_are_an_error_naming_both(void)
{
	EXPECT_ONLY_ERROR("default_action = \"kill_process\";\n"
			  "rules = ( { syscall = \"read\"; action = \"allow\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 1; } ); },\n"
			  "          { syscall = \"read\"; action = \"errno(EPERM)\";\n"
			  "            args = ( { index = 0; op = \"eq\"; value = 1; } ); } );\n",
			  4, "allow at test.cfg:2 and errno(EPERM) at test.cfg:4");
}

static void rules_are_sorted_by_syscall_name(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"write\", \"close\", \"read\" ];\n");

	if (!policy)
		return;
	REQUIRE(policy->rule_count == 3);
	CU_ASSERT_STRING_EQUAL(policy->rules[0].syscall, "close");
	CU_ASSERT_STRING_EQUAL(policy->rules[1].syscall, "read");
	CU_ASSERT_STRING_EQUAL(policy->rules[2].syscall, "write");
	policy_free(policy);
}

/* ---- policy_decide ------------------------------------------------------ */

static const char decide_text[] =
	"default_action = \"allow\";\n"
	"deny = [ \"ptrace\" ];\n"
	"rules = ( { syscall = \"read\"; action = \"errno(EACCES)\";\n"
	"            args = ( { index = 0; op = \"lt\"; value = 10; } ); },\n"
	"          { syscall = \"read\"; action = \"kill_thread\";\n"
	"            args = ( { index = 0; op = \"eq\"; value = 5; } ); } );\n";

static void decide_gives_the_most_restrictive_matching_argument_rule(void)
{
	struct policy *policy = READ_GOOD(decide_text);
	const uint64_t args[6] = { 5 };
	const struct rule *matched = NULL;

	if (!policy)
		return;
	EXPECT_ACTION(policy_decide(policy, "read", args, &matched), act(ACTION_KILL_THREAD, 0));
	REQUIRE(matched);
	CU_ASSERT_EQUAL(matched->where.line, 5);
	policy_free(policy);
}

static void decide_gives_the_one_matching_argument_rule(void)
{
	struct policy *policy = READ_GOOD(decide_text);
	const uint64_t args[6] = { 3 };
	const struct rule *matched = NULL;

	if (!policy)
		return;
	EXPECT_ACTION(policy_decide(policy, "read", args, &matched), act(ACTION_ERRNO, EACCES));
	REQUIRE(matched);
	CU_ASSERT_EQUAL(matched->where.line, 3);
	policy_free(policy);
}

static void decide_gives_the_default_when_no_argument_rule_matches(void)
{
	struct policy *policy = READ_GOOD(decide_text);
	const uint64_t args[6] = { 10 };
	const struct rule *matched = (const struct rule *)1;

	if (!policy)
		return;
	EXPECT_ACTION(policy_decide(policy, "read", args, &matched), act(ACTION_ALLOW, 0));
	CU_ASSERT_PTR_NULL(matched);
	policy_free(policy);
}

static void decide_gives_the_unconditional_rule(void)
{
	struct policy *policy = READ_GOOD(decide_text);
	const uint64_t args[6] = { 0 };
	const struct rule *matched = NULL;

	if (!policy)
		return;
	EXPECT_ACTION(policy_decide(policy, "ptrace", args, &matched), act(ACTION_ERRNO, EPERM));
	REQUIRE(matched);
	CU_ASSERT_EQUAL(matched->where.line, 2);
	policy_free(policy);
}

static void decide_gives_the_default_for_an_unnamed_syscall(void)
{
	struct policy *policy = READ_GOOD(decide_text);
	const uint64_t args[6] = { 0 };

	if (!policy)
		return;
	EXPECT_ACTION(policy_decide(policy, "write", args, NULL), act(ACTION_ALLOW, 0));
	EXPECT_ACTION(policy_decide(policy, "aaa", args, NULL), act(ACTION_ALLOW, 0));
	EXPECT_ACTION(policy_decide(policy, "zzz", args, NULL), act(ACTION_ALLOW, 0));
	policy_free(policy);
}

/* ---- argument width --------------------------------------------------------- */

static const char width_text[] =
	"default_action = \"allow\";\n"
	"rules = ( { syscall = \"socket\"; action = \"errno(EPERM)\";\n"
	"            args = ( { index = 0; op = \"eq\"; value = \"AF_PACKET\"; } ); },\n"
	"          { syscall = \"openat\"; action = \"errno(EACCES)\";\n"
	"            args = ( { index = 0; op = \"eq\"; value = 0xffffff9c; } ); },\n"
	"          { syscall = \"fchmod\"; action = \"errno(EROFS)\";\n"
	"            args = ( { index = 1; op = \"masked_eq\"; mask = \"S_ISUID\";\n"
	"                       value = \"S_ISUID\"; } ); },\n"
	"          { syscall = \"kill\"; action = \"errno(ESRCH)\";\n"
	"            args = ( { index = 0; op = \"masked_eq\"; mask = 0xffffffff00000000L;\n"
	"                       value = 0xffffffff00000000L; } ); } );\n";

static struct action decide_one(const struct policy *policy, const char *syscall, unsigned index,
				uint64_t value, bool narrow)
{
	uint64_t args[6] = { 0 };

	args[index] = value;
	return policy_decide_width(policy, syscall, args, narrow, NULL);
}

/* socket's family is an int: the upper half of the register never
 * changes what the kernel reads, so it never changes the decision. */
static void decide_compares_an_int_argument_as_the_kernel_reads_it(void)
{
	struct policy *policy = READ_GOOD(width_text);

	if (!policy)
		return;
	EXPECT_ACTION(decide_one(policy, "socket", 0, AF_PACKET, false), act(ACTION_ERRNO, EPERM));
	EXPECT_ACTION(decide_one(policy, "socket", 0, 0x100000000ull | AF_PACKET, false),
		      act(ACTION_ERRNO, EPERM));
	EXPECT_ACTION(decide_one(policy, "socket", 0, 0xffffffff00000000ull | AF_PACKET, false),
		      act(ACTION_ERRNO, EPERM));
	EXPECT_ACTION(decide_one(policy, "socket", 0, 0x100000000ull | AF_INET, false),
		      act(ACTION_ALLOW, 0));
	policy_free(policy);
}

/* openat's dirfd is an int: 0xffffff9c written unsigned is no value the
 * kernel's int sign-extends to, so on a 64-bit architecture the rule never
 * holds (check warns); a 32-bit one compares the low 32 bits as before. */
static void decide_never_matches_a_value_an_int_cannot_take(void)
{
	struct policy *policy = READ_GOOD(width_text);

	if (!policy)
		return;
	EXPECT_ACTION(decide_one(policy, "openat", 0, 0xffffff9cull, false), act(ACTION_ALLOW, 0));
	EXPECT_ACTION(decide_one(policy, "openat", 0, (uint64_t)(int64_t)AT_FDCWD, false),
		      act(ACTION_ALLOW, 0));
	EXPECT_ACTION(decide_one(policy, "openat", 0, 0xffffff9cull, true),
		      act(ACTION_ERRNO, EACCES));
	policy_free(policy);
}

/* fchmod's mode is a umode_t: 16 bits. */
static void decide_reads_a_umode_t_as_16_bits(void)
{
	struct policy *policy = READ_GOOD(width_text);

	if (!policy)
		return;
	EXPECT_ACTION(decide_one(policy, "fchmod", 1, 0x10000 | S_ISUID, false),
		      act(ACTION_ERRNO, EROFS));
	EXPECT_ACTION(decide_one(policy, "fchmod", 1, 0x10000 | 0755, false), act(ACTION_ALLOW, 0));
	policy_free(policy);
}

/* A mask above an int's 32 bits sees its sign extension: all ones for a
 * negative int, whatever the register's upper half held. */
static void decide_sees_the_sign_extension_of_an_int_through_a_mask(void)
{
	struct policy *policy = READ_GOOD(width_text);

	if (!policy)
		return;
	EXPECT_ACTION(decide_one(policy, "kill", 0, 0x80000000ull, false),
		      act(ACTION_ERRNO, ESRCH));
	EXPECT_ACTION(decide_one(policy, "kill", 0, 0xffffffffull, false),
		      act(ACTION_ERRNO, ESRCH));
	EXPECT_ACTION(decide_one(policy, "kill", 0, 0xffffffff00000001ull, false),
		      act(ACTION_ALLOW, 0));
	policy_free(policy);
}

static void decide_needs_every_argument_of_a_rule(void)
{
	struct policy *policy = READ_GOOD(
		"default_action = \"allow\";\n"
		"rules = ( { syscall = \"mmap\"; action = \"errno(EPERM)\";\n"
		"            args = ( { index = 2; op = \"masked_eq\"; mask = \"PROT_EXEC\";\n"
		"                       value = \"PROT_EXEC\"; },\n"
		"                     { index = 3; op = \"masked_eq\"; mask = \"MAP_SHARED\";\n"
		"                       value = \"MAP_SHARED\"; } ); } );\n");
	const uint64_t both[6] = { 0, 4096, PROT_EXEC | PROT_READ, MAP_SHARED };
	const uint64_t one[6] = { 0, 4096, PROT_EXEC | PROT_READ, MAP_PRIVATE };

	if (!policy)
		return;
	EXPECT_ACTION(policy_decide(policy, "mmap", both, NULL), act(ACTION_ERRNO, EPERM));
	EXPECT_ACTION(policy_decide(policy, "mmap", one, NULL), act(ACTION_ALLOW, 0));
	policy_free(policy);
}

/* ---- policy_force_allow (preseal run's gate) ---------------------------- */

static void force_allow_replaces_a_deny(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"read\" ];\n"
					  "deny = [ \"execve\" ];\n");
	const uint64_t args[6] = { 0 };

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy_force_allow(policy, "execve", NULL, "preseal run"), 1);
	EXPECT_ACTION(policy_decide(policy, "execve", args, NULL), act(ACTION_ALLOW, 0));
	CU_ASSERT_EQUAL(rules_for(policy, "execve"), 1);
	CU_ASSERT_PTR_NOT_NULL(rule_for(policy, "read"));
	policy_free(policy);
}

static void force_allow_replaces_a_deny_under_an_allow_default(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "deny = [ \"execve\" ];\n");
	const uint64_t args[6] = { 0 };

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy_force_allow(policy, "execve", NULL, "preseal run"), 1);
	EXPECT_ACTION(policy_decide(policy, "execve", args, NULL), act(ACTION_ALLOW, 0));
	policy_free(policy);
}

static void force_allow_of_an_allowed_syscall_changes_nothing(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"execve\" ];\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy_force_allow(policy, "execve", NULL, "preseal run"), 0);
	CU_ASSERT_EQUAL(policy->rule_count, 1);
	policy_free(policy);
}

static void force_allow_with_a_check_allows_only_what_it_matches(void)
{
	struct policy *policy = READ_GOOD("allow = [ \"read\" ];\n");
	const struct arg_check exact = { .index = 0, .op = OP_EQ, .value = 0x1234 };
	const uint64_t match[6] = { 0x1234 }, other[6] = { 0x1235 };

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy_force_allow(policy, "execve", &exact, "preseal run"), 1);
	EXPECT_ACTION(policy_decide(policy, "execve", match, NULL), act(ACTION_ALLOW, 0));
	EXPECT_ACTION(policy_decide(policy, "execve", other, NULL), act(ACTION_KILL_PROCESS, 0));
	REQUIRE(rule_for(policy, "execve"));
	CU_ASSERT_STRING_EQUAL(rule_for(policy, "execve")->where.file, "preseal run");
	policy_free(policy);
}

/* ---- includes ----------------------------------------------------------- */

static void nested_include_is_relative_to_the_including_file(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_folder(&scratch, "sub") &&
	    scratch_text(&scratch, "top.cfg",
			 "default_action = \"allow\";\n@include \"sub/a.cfg\"\n", top,
			 sizeof(top)) &&
	    /* a.cfg names b.cfg: the file beside it, in its own folder */
	    scratch_text(&scratch, "sub/a.cfg", "\n@include \"b.cfg\"\n", other, sizeof(other)) &&
	    scratch_text(&scratch, "sub/b.cfg", "\n\ndeny = [ \"ptrace\" ];\n", other,
			 sizeof(other))) {
		policy = policy_read_file(top, 0, &diags);
		EXPECT_DIAG_COUNT(&diags, 0);
		CU_ASSERT_PTR_NOT_NULL(policy);
		if (policy && rule_for(policy, "ptrace")) {
			CU_ASSERT_STRING_EQUAL(rule_for(policy, "ptrace")->where.file, other);
			CU_ASSERT_EQUAL(rule_for(policy, "ptrace")->where.line, 3);
			CU_ASSERT_EQUAL(policy->file_count, 3);
			CU_ASSERT_STRING_EQUAL(policy->files[0], top);
		} else {
			CU_FAIL("no rule for ptrace");
		}
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void nested_include_named_from_the_top_folder_is_not_found(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_folder(&scratch, "sub") &&
	    scratch_text(&scratch, "top.cfg", "@include \"sub/a.cfg\"\n", top, sizeof(top)) &&
	    /* sub/b.cfg seen from the top folder is sub/sub/b.cfg from a.cfg's */
	    scratch_text(&scratch, "sub/a.cfg", "\n@include \"sub/b.cfg\"\n", other,
			 sizeof(other)) &&
	    scratch_text(&scratch, "sub/b.cfg", "deny = [ \"ptrace\" ];\n", other, sizeof(other))) {
		char a[160];

		snprintf(a, sizeof(a), "%s/sub/a.cfg", scratch.path);
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, a, 2,
			    "cannot open include file (a relative name is read from the folder "
			    "of the file that includes it)");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void absolute_include_is_read_from_its_path(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128], include_line[256];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	snprintf(include_line, sizeof(include_line),
		 "default_action = \"allow\";\n@include \"%s/elsewhere/other.cfg\"\n",
		 scratch.path);
	if (scratch_folder(&scratch, "top") && scratch_folder(&scratch, "elsewhere") &&
	    scratch_text(&scratch, "top/top.cfg", include_line, top, sizeof(top)) &&
	    scratch_text(&scratch, "elsewhere/other.cfg", "\ndeny = [ \"ptrace\" ];\n", other,
			 sizeof(other))) {
		policy = policy_read_file(top, 0, &diags);
		EXPECT_DIAG_COUNT(&diags, 0);
		CU_ASSERT_PTR_NOT_NULL(policy);
		if (policy && rule_for(policy, "ptrace")) {
			CU_ASSERT_STRING_EQUAL(rule_for(policy, "ptrace")->where.file, other);
			CU_ASSERT_EQUAL(rule_for(policy, "ptrace")->where.line, 2);
		}
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void missing_include_is_an_error_at_its_line(void)
{
	struct scratch scratch = { "" };
	char top[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "top.cfg",
			 "default_action = \"allow\";\n\n@include \"missing.cfg\"\n", top,
			 sizeof(top))) {
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, top, 3, "cannot open include file");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void include_loop_is_reported(void)
{
	struct scratch scratch = { "" };
	char top[128], loop[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "top.cfg", "@include \"loop.cfg\"\n", top, sizeof(top)) &&
	    scratch_text(&scratch, "loop.cfg", "\n@include \"loop.cfg\"\n", loop, sizeof(loop))) {
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, loop, 2, "includes nest deeper than 10 files");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void error_inside_an_include_carries_its_path_and_line(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "top.cfg",
			 "default_action = \"allow\";\n@include \"other.cfg\"\n"
			 "deny = [ \"Bad\" ];\n",
			 top, sizeof(top)) &&
	    scratch_text(&scratch, "other.cfg",
			 "# included\n\n"
			 "deny_action = \"errno(EBOGUS)\";\n"
			 "allow = [ \"@moutn\" ];\n",
			 other, sizeof(other))) {
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 3);
		EXPECT_DIAG(&diags, other, 3, "deny_action: unknown errno name 'EBOGUS'");
		EXPECT_DIAG(&diags, other, 4, "unknown group '@moutn'");
		/* the top file's own lines count without the included ones */
		EXPECT_DIAG(&diags, top, 3, "'Bad' is not a syscall name");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void syntax_error_inside_an_include_carries_its_path_and_line(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "top.cfg", "@include \"other.cfg\"\n", top, sizeof(top)) &&
	    scratch_text(&scratch, "other.cfg", "\n\ndeny = [ \"ptrace\" ;\n", other,
			 sizeof(other))) {
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, other, 3, "syntax error");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void too_big_number_inside_an_include_carries_its_path_and_line(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "top.cfg",
			 "default_action = \"allow\";\n@include \"other.cfg\"\n", top,
			 sizeof(top)) &&
	    scratch_text(&scratch, "other.cfg",
			 "rules = ( { syscall = \"read\"; action = \"trap\";\n"
			 "  args = ( { index = 0; op = \"eq\"; value = 0x100000000; } ); } );\n",
			 other, sizeof(other))) {
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, other, 2, "0x100000000 does not fit in 32 bits");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void untrusted_include_is_refused(void)
{
	struct scratch scratch = { "" };
	char top[128], other[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "top.cfg", "@include \"other.cfg\"\n", top, sizeof(top)) &&
	    scratch_write(&scratch, "other.cfg", "allow = [ \"read\" ];\n", 20, 0664, other,
			  sizeof(other))) {
		policy = policy_read_file(top, POLICY_TRUSTED_ONLY, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, other, 0, "included file is writable by group or others");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

/* ---- policy files that may not be trusted ------------------------------- */

/* Reads a scratch file NAME holding TEXT with MODE (and OWNER unless -1)
 * under POLICY_TRUSTED_ONLY; it must be refused with NEEDLE. */
static void expect_file_refused_at(unsigned at, const char *text, size_t length, mode_t mode,
				   uid_t owner, const char *needle)
{
	struct scratch scratch = { "" };
	char path[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_write(&scratch, "policy.cfg", text, length, mode, path, sizeof(path)) &&
	    (owner == (uid_t)-1 || chown(path, owner, (gid_t)-1) == 0)) {
		policy = policy_read_file(path, POLICY_TRUSTED_ONLY, &diags);
		EXPECT_AT(at, policy == NULL, "the file was accepted");
		expect_count_at(at, &diags, 1);
		expect_diag_at(at, &diags, path, 0, needle);
		policy_free(policy);
	} else {
		EXPECT_AT(at, false, "cannot prepare %s", path);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static const char good_text[] = "default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n";

static void trusted_file_owned_by_root_with_0644_is_accepted(void)
{
	struct scratch scratch = { "" };
	char path[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "policy.cfg", good_text, path, sizeof(path))) {
		policy = policy_read_file(path, POLICY_TRUSTED_ONLY, &diags);
		EXPECT_DIAG_COUNT(&diags, 0);
		CU_ASSERT_PTR_NOT_NULL(policy);
		if (policy) {
			CU_ASSERT_EQUAL(policy->rule_count, 1);
			CU_ASSERT_STRING_EQUAL(policy->files[0], path);
			if (rule_for(policy, "ptrace"))
				CU_ASSERT_STRING_EQUAL(rule_for(policy, "ptrace")->where.file,
						       path);
		}
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void directory_is_refused_as_a_policy(void)
{
	struct scratch scratch = { "" };
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	policy = policy_read_file(scratch.path, POLICY_TRUSTED_ONLY, &diags);
	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 1);
	EXPECT_DIAG(&diags, scratch.path, 0, "is a directory, not a policy file");
	policy_free(policy);
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void directory_is_refused_even_when_not_checking_trust(void)
{
	struct scratch scratch = { "" };
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	policy = policy_read_file(scratch.path, 0, &diags);
	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG(&diags, scratch.path, 0, "is a directory, not a policy file");
	policy_free(policy);
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void group_writable_file_is_refused(void)
{
	expect_file_refused_at(__LINE__, good_text, strlen(good_text), 0664, (uid_t)-1,
			       "is writable by group or others (chmod go-w it)");
}

static void world_writable_file_is_refused(void)
{
	expect_file_refused_at(__LINE__, good_text, strlen(good_text), 0646, (uid_t)-1,
			       "is writable by group or others (chmod go-w it)");
}

static void group_writable_file_is_read_when_not_checking_trust(void)
{
	struct scratch scratch = { "" };
	char path[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_write(&scratch, "policy.cfg", good_text, strlen(good_text), 0666, path,
			  sizeof(path))) {
		policy = policy_read_file(path, 0, &diags);
		EXPECT_DIAG_COUNT(&diags, 0);
		CU_ASSERT_PTR_NOT_NULL(policy);
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void file_owned_by_another_user_is_refused(void)
{
	if (geteuid() != 0) {
		test_skip("chown to another user needs root");
		return;
	}
	expect_file_refused_at(__LINE__, good_text, strlen(good_text), 0644, 65534,
			       "is owned by another user (it must belong to root or to you)");
}

static void missing_file_is_refused(void)
{
	struct diag_list diags = { 0 };
	const char *path = "/tmp/preseal-no-such-dir/none.cfg";
	struct policy *policy = policy_read_file(path, POLICY_TRUSTED_ONLY, &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 1);
	EXPECT_DIAG(&diags, path, 0, "cannot open policy: No such file or directory");
	policy_free(policy);
	diag_free(&diags);
}

static void device_is_refused_as_a_policy(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_file("/dev/null", POLICY_TRUSTED_ONLY, &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 1);
	EXPECT_DIAG(&diags, "/dev/null", 0, "is not a regular file");
	policy_free(policy);
	diag_free(&diags);
}

static void file_with_a_nul_byte_is_refused(void)
{
	static const char text[] = "default_action = \"allow\";\n\0deny = [ \"ptrace\" ];\n";

	expect_file_refused_at(__LINE__, text, sizeof(text) - 1, 0644, (uid_t)-1,
			       "holds a NUL byte: not a text policy");
}

static void file_of_5_mib_is_refused(void)
{
	size_t length = 5u << 20;
	char *text = malloc(length);

	REQUIRE(text);
	memset(text, ' ', length);
	expect_file_refused_at(__LINE__, text, length, 0644, (uid_t)-1,
			       "is larger than 4 MiB, too large to be a policy");
	free(text);
}

/* The limit is "larger than 4 MiB": a file of exactly 4 MiB is within it. */
static void file_of_exactly_4_mib_is_read(void)
{
	size_t length = 4u << 20;
	char *text = malloc(length);
	struct scratch scratch = { "" };
	char path[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	REQUIRE(text);
	memset(text, ' ', length);
	memcpy(text, good_text, strlen(good_text));
	if (scratch_make(&scratch)) {
		if (scratch_write(&scratch, "policy.cfg", text, length, 0644, path, sizeof(path))) {
			policy = policy_read_file(path, POLICY_TRUSTED_ONLY, &diags);
			EXPECT_DIAG_COUNT(&diags, 0);
			CU_ASSERT_PTR_NOT_NULL(policy);
			policy_free(policy);
		}
		scratch_remove(&scratch);
	}
	diag_free(&diags);
	free(text);
}

/* ---- garbage ------------------------------------------------------------ */

static void random_bytes_are_rejected_without_a_crash(void)
{
	size_t length = 64u << 10;
	char *text = malloc(length + 1);
	uint64_t state = 0x9e3779b97f4a7c15ull;

	REQUIRE(text);
	for (unsigned round = 0; round < 8; round++) {
		struct diag_list diags = { 0 };
		struct policy *policy;

		for (size_t i = 0; i < length; i++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			text[i] = (char)(1 + state % 255); /* never NUL */
		}
		text[length] = '\0';
		policy = read_text(text, &diags);
		EXPECT(policy == NULL, "round %u: random bytes were accepted", round);
		EXPECT(diags.errors > 0, "round %u: no error reported", round);
		EXPECT(diags.count > 0 && diags.items[0].file &&
			       strcmp(diags.items[0].file, NAME) == 0 && diags.items[0].line > 0,
		       "round %u: the error has no file and line", round);
		policy_free(policy);
		diag_free(&diags);
	}
	free(text);
}

static char *long_name(size_t length)
{
	char *name = malloc(length + 1);

	if (name) {
		memset(name, 'a', length);
		name[length] = '\0';
	}
	return name;
}

/* BEFORE, a 10,000-character name and AFTER make a policy that must fail
 * with an error at line 1 saying NEEDLE. */
static void expect_long_name_refused_at(unsigned at, const char *before, const char *after,
					const char *needle)
{
	char *name = long_name(10000);
	char *text = NULL;
	struct diag_list diags = { 0 };
	struct policy *policy = NULL;

	if (name && asprintf(&text, "%s%s%s", before, name, after) >= 0) {
		policy = read_text(text, &diags);
		EXPECT_AT(at, policy == NULL, "a 10,000-character name was accepted");
		expect_diag_at(at, &diags, NAME, 1, needle);
	} else {
		EXPECT_AT(at, false, "out of memory");
	}
	policy_free(policy);
	diag_free(&diags);
	free(text);
	free(name);
}
#define EXPECT_LONG_NAME_REFUSED(before, after, needle) \
	expect_long_name_refused_at(__LINE__, (before), (after), (needle))

static void very_long_syscall_name_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("allow = [ \"", "\" ];\n", "is not a syscall name");
}

static void very_long_key_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("", " = 1;\n", "unknown key 'aaaa");
}

static void very_long_group_reference_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("allow = [ \"@", "\" ];\n", "unknown group '@aaaa");
}

static void very_long_group_name_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("groups = { ", " = [ \"read\" ]; };\n", "may use only letters");
}

static void very_long_action_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("default_action = \"", "\";\n", "default_action: unknown action");
}

static void very_long_errno_name_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("default_action = \"errno(", ")\";\n",
				 "default_action: unknown errno name 'aaaa");
}

static void very_long_constant_is_rejected(void)
{
	EXPECT_LONG_NAME_REFUSED("rules = ( { syscall = \"read\"; action = \"trap\"; args = ( {"
				 " index = 0; op = \"eq\"; value = \"",
				 "\"; } ); } );\n", "value: unknown constant 'aaaa");
}

static void very_long_number_is_rejected(void)
{
	char *digits = long_name(10000);
	char *text = NULL;
	struct diag_list diags = { 0 };
	struct policy *policy = NULL;

	REQUIRE(digits);
	memset(digits, '1', 10000);
	if (asprintf(&text, "default_action = \"allow\";\nx = %s;\n", digits) >= 0) {
		policy = read_text(text, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG(&diags, NAME, 2, "is too long to be a number");
	}
	policy_free(policy);
	diag_free(&diags);
	free(text);
	free(digits);
}

/* ---- paths, paths_rules, network, scope, landlock (landlock.h) ---------- */

/* The rule of POLICY's landlock model for PATH written by the user (not
 * implied), or NULL. */
static const struct landlock_path_rule *path_rule(const struct policy *policy, const char *path)
{
	for (size_t i = 0; policy && i < policy->landlock.path_count; i++)
		if (!policy->landlock.paths[i].implied &&
		    strcmp(policy->landlock.paths[i].path, path) == 0)
			return &policy->landlock.paths[i];
	return NULL;
}

static const struct landlock_path_rule *implied_rule(const struct policy *policy, const char *path)
{
	for (size_t i = 0; policy && i < policy->landlock.path_count; i++)
		if (policy->landlock.paths[i].implied &&
		    strcmp(policy->landlock.paths[i].path, path) == 0)
			return &policy->landlock.paths[i];
	return NULL;
}

static void policy_without_landlock_keys_has_no_landlock_model(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n");

	if (!policy)
		return;
	CU_ASSERT_FALSE(policy->landlock.present);
	CU_ASSERT_EQUAL(policy->landlock.handled_fs, 0);
	CU_ASSERT_EQUAL(policy->landlock.handled_net, 0);
	CU_ASSERT_EQUAL(policy->landlock.scoped, 0);
	CU_ASSERT_EQUAL(policy->landlock.path_count, 0);
	CU_ASSERT_EQUAL(policy->landlock.port_count, 0);
	policy_free(policy);
}

static void short_paths_grant_read_execute_and_write_at_their_lines(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\n"
					  "paths = {\n"
					  "  read = [ \"/usr\" ];\n"
					  "  execute = [ \"/usr/bin\" ];\n"
					  "  write = [ \"/tmp\" ];\n"
					  "};\n");
	const struct landlock_path_rule *read = path_rule(policy, "/usr");
	const struct landlock_path_rule *execute = path_rule(policy, "/usr/bin");
	const struct landlock_path_rule *write = path_rule(policy, "/tmp");

	CU_ASSERT_PTR_NOT_NULL_FATAL(read);
	CU_ASSERT_PTR_NOT_NULL_FATAL(execute);
	CU_ASSERT_PTR_NOT_NULL_FATAL(write);
	CU_ASSERT_TRUE(policy->landlock.present);
	CU_ASSERT_EQUAL(read->access, LL_FS_READ_FILE | LL_FS_READ_DIR);
	CU_ASSERT_EQUAL(execute->access, LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_EXECUTE);
	CU_ASSERT_EQUAL(write->access & (LL_FS_WRITE_FILE | LL_FS_MAKE_REG | LL_FS_REMOVE_FILE |
					 LL_FS_TRUNCATE | LL_FS_REFER | LL_FS_READ_FILE),
			LL_FS_WRITE_FILE | LL_FS_MAKE_REG | LL_FS_REMOVE_FILE | LL_FS_TRUNCATE |
				LL_FS_REFER | LL_FS_READ_FILE);
	CU_ASSERT_EQUAL(write->access & (LL_FS_EXECUTE | LL_FS_MAKE_CHAR | LL_FS_MAKE_BLOCK), 0);
	CU_ASSERT_STRING_EQUAL(read->where.file, NAME);
	CU_ASSERT_EQUAL(read->where.line, 3);
	CU_ASSERT_EQUAL(execute->where.line, 4);
	CU_ASSERT_EQUAL(write->where.line, 5);
	CU_ASSERT_EQUAL(policy->landlock.paths_where.line, 2);
	policy_free(policy);
}

static void paths_handle_every_filesystem_right(void)
{
	struct policy *policy = READ_GOOD("paths = { read = [ \"/usr\" ]; };\n");

	if (!policy)
		return;
	CU_ASSERT_EQUAL(policy->landlock.handled_fs, LL_FS_ALL);
	CU_ASSERT_EQUAL(policy->landlock.handled_net, 0);
	CU_ASSERT_EQUAL(policy->landlock.mode, LANDLOCK_STRICT);
	policy_free(policy);
}

static void paths_imply_the_loader_libraries_and_dev_null_with_a_reason(void)
{
	struct policy *policy = READ_GOOD("paths = {\n read = [ \"/etc\" ];\n};\n");
	const struct landlock_path_rule *libraries = implied_rule(policy, "/usr/lib");
	const struct landlock_path_rule *null = implied_rule(policy, "/dev/null");

	CU_ASSERT_PTR_NOT_NULL_FATAL(libraries);
	CU_ASSERT_PTR_NOT_NULL_FATAL(null);
	CU_ASSERT_EQUAL(libraries->access, LL_FS_SHORT_EXECUTE);
	CU_ASSERT_PTR_NOT_NULL(strstr(libraries->implied, "dynamic loader"));
	CU_ASSERT_EQUAL(null->access, LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_TRUNCATE);
	CU_ASSERT_EQUAL(null->where.line, 1);
	CU_ASSERT_PTR_NULL(implied_rule(policy, "/proc"));
	CU_ASSERT_EQUAL(policy->landlock.implied_count,
			(size_t)(policy->landlock.paths + policy->landlock.path_count -
				 implied_rule(policy, "/lib")));
	policy_free(policy);
}

static void paths_rules_grant_the_named_rights_with_their_comment(void)
{
	struct policy *policy =
		READ_GOOD("paths_rules = (\n"
			  "  { path = \"/var/log/app\";\n"
			  "    access = [ \"write_file\", \"make_reg\", \"truncate\" ];\n"
			  "    comment = \"its log\"; }\n"
			  ");\n");
	const struct landlock_path_rule *rule = path_rule(policy, "/var/log/app");

	CU_ASSERT_PTR_NOT_NULL_FATAL(rule);
	CU_ASSERT_EQUAL(rule->access, LL_FS_WRITE_FILE | LL_FS_MAKE_REG | LL_FS_TRUNCATE);
	CU_ASSERT_STRING_EQUAL(rule->comment, "its log");
	CU_ASSERT_EQUAL(rule->where.line, 2);
	CU_ASSERT_EQUAL(policy->landlock.handled_fs, LL_FS_ALL);
	policy_free(policy);
}

static void paths_are_normalised(void)
{
	struct policy *policy =
		READ_GOOD("paths = { read = [ \"//usr/./share//\", \"/\", \"/etc/.\" ]; };\n");

	CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/usr/share"));
	CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/"));
	CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/etc"));
	policy_free(policy);
}

static void tilde_and_home_are_expanded_from_home(void)
{
	char *saved = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	struct policy *policy;

	setenv("HOME", "/home/someone/", 1);
	policy = READ_GOOD("paths = { read = [ \"~/.gitconfig\", \"$HOME/src\", \"~\" ]; };\n");
	CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/home/someone/.gitconfig"));
	CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/home/someone/src"));
	CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/home/someone"));
	CU_ASSERT_TRUE(policy && policy->landlock.uses_home);
	policy_free(policy);
	if (saved)
		setenv("HOME", saved, 1);
	else
		unsetenv("HOME");
	free(saved);
}

static void tilde_without_home_is_an_error_at_its_line(void)
{
	char *saved = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	unsetenv("HOME");
	EXPECT_ONLY_ERROR("paths = {\n read = [ \"~/.ssh\" ];\n};\n", 2,
			  "path '~/.ssh': '~' and '$HOME' need HOME set to an absolute path");
	setenv("HOME", "relative", 1);
	EXPECT_ONLY_ERROR("paths = {\n read = [ \"$HOME/.ssh\" ];\n};\n", 2,
			  "need HOME set to an absolute path");
	if (saved)
		setenv("HOME", saved, 1);
	else
		unsetenv("HOME");
	free(saved);
}

static void path_groups_expand_in_the_short_form(void)
{
	struct policy *policy =
		READ_GOOD("path_groups = { web = [ \"/srv/www\", \"/etc/nginx\" ]; };\n"
			  "paths = {\n"
			  "  read = [ \"@web\" ];\n"
			  "};\n");
	const struct landlock_path_rule *www = path_rule(policy, "/srv/www");
	const struct landlock_path_rule *nginx = path_rule(policy, "/etc/nginx");

	CU_ASSERT_PTR_NOT_NULL_FATAL(www);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nginx);
	CU_ASSERT_STRING_EQUAL(www->via_group, "web");
	CU_ASSERT_EQUAL(www->where.line, 3);
	CU_ASSERT_EQUAL(nginx->access, LL_FS_SHORT_READ);
	policy_free(policy);
}

static void path_group_from_an_include_is_usable(void)
{
	struct scratch scratch = { "" };
	char top[128], shared[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "shared.cfg",
			 "\npath_groups = { runtime = [ \"/usr/share/zoneinfo\" ]; };\n", shared,
			 sizeof(shared)) &&
	    scratch_text(&scratch, "top.cfg",
			 "@include \"shared.cfg\"\npaths = { read = [ \"@runtime\" ]; };\n", top,
			 sizeof(top))) {
		policy = policy_read_file(top, 0, &diags);
		EXPECT_DIAG_COUNT(&diags, 0);
		CU_ASSERT_PTR_NOT_NULL(path_rule(policy, "/usr/share/zoneinfo"));
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void error_in_an_included_path_group_carries_its_file_and_line(void)
{
	struct scratch scratch = { "" };
	char top[128], shared[128];
	struct diag_list diags = { 0 };
	struct policy *policy;

	if (!scratch_make(&scratch))
		return;
	if (scratch_text(&scratch, "shared.cfg", "\n\npath_groups = { runtime = [ \"lib\" ]; };\n",
			 shared, sizeof(shared)) &&
	    scratch_text(&scratch, "top.cfg",
			 "@include \"shared.cfg\"\npaths = { read = [ \"@runtime\" ]; };\n", top,
			 sizeof(top))) {
		policy = policy_read_file(top, 0, &diags);
		CU_ASSERT_PTR_NULL(policy);
		EXPECT_DIAG_COUNT(&diags, 1);
		EXPECT_DIAG(&diags, shared, 3, "path 'lib': a relative path is not allowed");
		policy_free(policy);
	}
	diag_free(&diags);
	scratch_remove(&scratch);
}

static void network_ports_are_read_with_their_lines(void)
{
	struct policy *policy = READ_GOOD("network = {\n"
					  "  bind = [ 8080 ];\n"
					  "  connect = [ 53,\n"
					  "              443 ];\n"
					  "};\n");

	if (!policy)
		return;
	CU_ASSERT_TRUE(policy->landlock.present);
	CU_ASSERT_EQUAL(policy->landlock.handled_net, LL_NET_BIND_TCP | LL_NET_CONNECT_TCP);
	CU_ASSERT_EQUAL(policy->landlock.handled_fs, 0);
	CU_ASSERT_EQUAL_FATAL(policy->landlock.port_count, 3);
	CU_ASSERT_EQUAL(policy->landlock.ports[0].port, 8080);
	CU_ASSERT_EQUAL(policy->landlock.ports[0].access, LL_NET_BIND_TCP);
	CU_ASSERT_EQUAL(policy->landlock.ports[0].where.line, 2);
	CU_ASSERT_EQUAL(policy->landlock.ports[2].port, 443);
	CU_ASSERT_EQUAL(policy->landlock.ports[2].access, LL_NET_CONNECT_TCP);
	CU_ASSERT_EQUAL(policy->landlock.ports[2].where.line, 4);
	CU_ASSERT_EQUAL(policy->landlock.network_where.line, 1);
	policy_free(policy);
}

static void scope_and_best_effort_are_read(void)
{
	struct policy *policy = READ_GOOD("scope = [ \"abstract_unix_socket\", \"signal\" ];\n"
					  "landlock = \"best_effort\";\n");

	if (!policy)
		return;
	CU_ASSERT_TRUE(policy->landlock.present);
	CU_ASSERT_EQUAL(policy->landlock.scoped, LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL);
	CU_ASSERT_EQUAL(policy->landlock.mode, LANDLOCK_BEST_EFFORT);
	CU_ASSERT_EQUAL(policy->landlock.mode_where.line, 2);
	CU_ASSERT_EQUAL(policy->landlock.scope_where.line, 1);
	policy_free(policy);
}

static void landlock_mode_alone_has_nothing_to_apply(void)
{
	struct policy *policy = READ_GOOD("landlock = \"best_effort\";\n");

	CU_ASSERT_TRUE(policy && !policy->landlock.present);
	policy_free(policy);
}

static void fs_right_names_are_sorted_and_cover_every_right(void)
{
	size_t count;
	const char *const *names = landlock_fs_right_names(&count);
	uint64_t seen = 0;

	CU_ASSERT_EQUAL(count, 16);
	for (size_t i = 0; i < count; i++) {
		uint64_t bit = landlock_fs_right_parse(names[i]);

		EXPECT(bit != 0, "'%s' does not parse", names[i]);
		EXPECT(i == 0 || strcmp(names[i - 1], names[i]) < 0, "'%s' is out of order",
		       names[i]);
		EXPECT(landlock_fs_right_name(bit) &&
			       strcmp(landlock_fs_right_name(bit), names[i]) == 0,
		       "'%s' does not name its own bit", names[i]);
		seen |= bit;
	}
	CU_ASSERT_EQUAL(seen, LL_FS_ALL);
	for (uint64_t bit = 1; bit <= LL_FS_IOCTL_DEV; bit <<= 1)
		EXPECT(landlock_fs_right_parse(landlock_fs_right_name(bit)) == bit,
		       "bit %#llx has no name", (unsigned long long)bit);
	CU_ASSERT_EQUAL(landlock_fs_right_parse("read"), 0);
	CU_ASSERT_PTR_NULL(landlock_fs_right_name(LL_FS_IOCTL_DEV << 1));
}

static void abi_needed_is_the_newest_right_used(void)
{
	CU_ASSERT_EQUAL(landlock_abi_needed(0, 0, 0), 0);
	CU_ASSERT_EQUAL(landlock_abi_needed(LL_FS_READ_FILE | LL_FS_MAKE_SYM, 0, 0), 1);
	CU_ASSERT_EQUAL(landlock_abi_needed(LL_FS_REFER, 0, 0), 2);
	CU_ASSERT_EQUAL(landlock_abi_needed(LL_FS_TRUNCATE | LL_FS_REFER, 0, 0), 3);
	CU_ASSERT_EQUAL(landlock_abi_needed(LL_FS_READ_FILE, LL_NET_BIND_TCP, 0), 4);
	CU_ASSERT_EQUAL(landlock_abi_needed(LL_FS_ALL, 0, 0), 5);
	CU_ASSERT_EQUAL(landlock_abi_needed(0, 0, LL_SCOPE_SIGNAL), 6);
	CU_ASSERT_EQUAL(landlock_fs_rights_of_abi(3), LL_FS_ALL & ~LL_FS_IOCTL_DEV);
	CU_ASSERT_EQUAL(landlock_fs_rights_of_abi(0), 0);
	CU_ASSERT_EQUAL(landlock_net_rights_of_abi(3), 0);
	CU_ASSERT_EQUAL(landlock_scopes_of_abi(6), LL_SCOPE_ALL);
}

/* True when DIAGS holds a warning at NAME:LINE containing NEEDLE. */
static bool has_warning(const struct diag_list *diags, int line, const char *needle)
{
	for (size_t i = 0; i < diags->count; i++)
		if (diags->items[i].severity == DIAG_WARNING && diags->items[i].file &&
		    strcmp(diags->items[i].file, NAME) == 0 && diags->items[i].line == line &&
		    strstr(diags->items[i].message, needle))
			return true;
	return false;
}

static void lint_best_effort_names_what_an_older_kernel_drops(void)
{
	struct policy *policy = READ_GOOD("paths = { read = [ \"/usr\" ]; };\n"
					  "network = { connect = [ 443 ]; };\n"
					  "landlock = \"best_effort\";\n");
	struct diag_list diags = { 0 };

	if (!policy)
		return;
	lint_landlock(policy, 3, &diags);
	EXPECT(has_warning(
		       &diags, 3,
		       "best_effort: this kernel (Landlock ABI 3) lacks ioctl_dev, network (ABI "
		       "4); they are not enforced here"),
	       "no warning about ABI 3");
	policy_free(policy);
	diag_free(&diags);
}

static void lint_strict_says_an_older_kernel_does_not_start_it(void)
{
	struct policy *policy = READ_GOOD("paths = { read = [ \"/usr\" ]; };\n");
	struct diag_list diags = { 0 };

	if (!policy)
		return;
	lint_landlock(policy, 0, &diags);
	EXPECT(has_warning(&diags, 1,
			   "this kernel has no Landlock: paths, network and scope: the program "
			   "will not start here"),
	       "no warning about a kernel without Landlock");
	diag_free(&diags);
	lint_landlock(policy, LL_ABI_KNOWN, &diags);
	EXPECT_DIAG_COUNT(&diags, 0);
	policy_free(policy);
	diag_free(&diags);
}

static void lint_landlock_mode_alone_has_nothing_to_apply(void)
{
	struct policy *policy = READ_GOOD("default_action = \"allow\";\nlandlock = \"strict\";\n");
	struct diag_list diags = { 0 };

	if (!policy)
		return;
	lint_landlock(policy, LL_ABI_KNOWN, &diags);
	EXPECT(has_warning(&diags, 2,
			   "'landlock' without paths, network or scope: nothing to apply"),
	       "no warning about landlock alone");
	policy_free(policy);
	diag_free(&diags);
}

static void empty_network_refuses_both_bind_and_connect(void)
{
	struct policy *policy = READ_GOOD("network = { };\n");

	if (!policy)
		return;
	CU_ASSERT_TRUE(policy->landlock.present);
	CU_ASSERT_EQUAL(policy->landlock.handled_net, LL_NET_BIND_TCP | LL_NET_CONNECT_TCP);
	CU_ASSERT_EQUAL(policy->landlock.port_count, 0);
	policy_free(policy);
}

static void empty_paths_grant_only_the_implied_entries(void)
{
	struct policy *policy = READ_GOOD("paths = { };\n");

	if (!policy)
		return;
	CU_ASSERT_TRUE(policy->landlock.present);
	CU_ASSERT_EQUAL(policy->landlock.handled_fs, LL_FS_ALL);
	CU_ASSERT_NOT_EQUAL(policy->landlock.implied_count, 0);
	CU_ASSERT_EQUAL(policy->landlock.path_count, policy->landlock.implied_count);
	policy_free(policy);
}

static void every_error_in_the_landlock_keys_is_reported_at_once(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = read_text("paths = { read = [ \"etc\" ]; };\n"
					  "network = { connect = [ 70000 ]; };\n"
					  "scope = [ \"signals\" ];\n",
					  &diags);

	CU_ASSERT_PTR_NULL(policy);
	EXPECT_DIAG_COUNT(&diags, 3);
	EXPECT_DIAG(&diags, NAME, 1, "path 'etc': a relative path is not allowed");
	EXPECT_DIAG(&diags, NAME, 2, "port 70000 is out of range 0-65535");
	EXPECT_DIAG(&diags, NAME, 3, "unknown scope 'signals'");
	diag_free(&diags);
}

static const struct test_case cases[] = {
	{ "simple_actions_parse_to_their_kind", simple_actions_parse_to_their_kind },
	{ "simple_actions_format_as_their_name", simple_actions_format_as_their_name },
	{ "errno_by_name_parses_to_its_number", errno_by_name_parses_to_its_number },
	{ "errno_by_number_parses_and_formats_with_its_name",
	  errno_by_number_parses_and_formats_with_its_name },
	{ "errno_without_a_name_formats_as_its_number",
	  errno_without_a_name_formats_as_its_number },
	{ "trace_parses_and_formats_its_number", trace_parses_and_formats_its_number },
	{ "unknown_action_suggests_the_closest", unknown_action_suggests_the_closest },
	{ "unknown_action_lists_the_actions", unknown_action_lists_the_actions },
	{ "errno_zero_is_an_error", errno_zero_is_an_error },
	{ "errno_4096_is_an_error", errno_4096_is_an_error },
	{ "errno_4095_is_an_error", errno_4095_is_an_error },
	{ "errno_negative_is_an_error", errno_negative_is_an_error },
	{ "unknown_errno_name_is_an_error", unknown_errno_name_is_an_error },
	{ "empty_errno_is_an_error", empty_errno_is_an_error },
	{ "trace_above_65535_is_an_error", trace_above_65535_is_an_error },
	{ "trace_with_a_name_is_an_error", trace_with_a_name_is_an_error },
	{ "unclosed_errno_is_an_error", unclosed_errno_is_an_error },
	{ "action_names_are_case_sensitive", action_names_are_case_sensitive },
	{ "actions_map_to_the_kernel_values", actions_map_to_the_kernel_values },
	{ "kernel_values_map_back_to_actions", kernel_values_map_back_to_actions },
	{ "absent_keys_take_the_documented_defaults", absent_keys_take_the_documented_defaults },
	{ "default_action_sets_the_default_and_its_line",
	  default_action_sets_the_default_and_its_line },
	{ "default_action_accepts_every_form", default_action_accepts_every_form },
	{ "deny_action_applies_to_deny_entries", deny_action_applies_to_deny_entries },
	{ "deny_action_may_kill", deny_action_may_kill },
	{ "bad_arch_action_is_read", bad_arch_action_is_read },
	{ "unknown_default_action_names_the_key_and_line",
	  unknown_default_action_names_the_key_and_line },
	{ "default_action_errno_zero_is_an_error_at_its_line",
	  default_action_errno_zero_is_an_error_at_its_line },
	{ "deny_action_unknown_errno_names_the_key_and_line",
	  deny_action_unknown_errno_names_the_key_and_line },
	{ "bad_arch_action_trace_out_of_range_names_the_key_and_line",
	  bad_arch_action_trace_out_of_range_names_the_key_and_line },
	{ "unclosed_errno_in_a_rule_names_the_key_and_line",
	  unclosed_errno_in_a_rule_names_the_key_and_line },
	{ "action_that_is_not_a_string_is_an_error", action_that_is_not_a_string_is_an_error },
	{ "allow_names_become_unconditional_allow_rules",
	  allow_names_become_unconditional_allow_rules },
	{ "deny_names_get_the_deny_action", deny_names_get_the_deny_action },
	{ "deny_action_written_after_deny_still_applies",
	  deny_action_written_after_deny_still_applies },
	{ "allow_group_expands_to_each_member", allow_group_expands_to_each_member },
	{ "nested_builtin_group_is_followed", nested_builtin_group_is_followed },
	{ "unknown_group_suggests_the_closest", unknown_group_suggests_the_closest },
	{ "unknown_group_without_a_close_name_points_to_preseal_groups",
	  unknown_group_without_a_close_name_points_to_preseal_groups },
	{ "non_string_entry_in_allow_is_an_error", non_string_entry_in_allow_is_an_error },
	{ "mixed_types_in_an_array_are_a_syntax_error",
	  mixed_types_in_an_array_are_a_syntax_error },
	{ "allow_that_is_not_a_list_is_an_error", allow_that_is_not_a_list_is_an_error },
	{ "deny_that_is_not_a_list_is_an_error", deny_that_is_not_a_list_is_an_error },
	{ "syscall_name_with_capitals_is_an_error", syscall_name_with_capitals_is_an_error },
	{ "syscall_name_with_a_dash_or_blank_is_an_error",
	  syscall_name_with_a_dash_or_blank_is_an_error },
	{ "empty_syscall_name_is_an_error", empty_syscall_name_is_an_error },
	{ "empty_allow_list_is_accepted", empty_allow_list_is_accepted },
	{ "rule_with_a_syscall_name_is_read", rule_with_a_syscall_name_is_read },
	{ "rule_with_a_syscall_list_makes_one_rule_per_name",
	  rule_with_a_syscall_list_makes_one_rule_per_name },
	{ "rule_with_a_group_as_syscall_expands_it", rule_with_a_group_as_syscall_expands_it },
	{ "rule_with_an_empty_syscall_list_is_an_error",
	  rule_with_an_empty_syscall_list_is_an_error },
	{ "rule_with_a_number_as_syscall_is_an_error", rule_with_a_number_as_syscall_is_an_error },
	{ "rule_without_action_is_an_error", rule_without_action_is_an_error },
	{ "rule_without_syscall_is_an_error", rule_without_syscall_is_an_error },
	{ "unknown_rule_key_suggests_the_closest", unknown_rule_key_suggests_the_closest },
	{ "comment_key_in_a_rule_is_accepted", comment_key_in_a_rule_is_accepted },
	{ "comment_that_is_not_a_string_is_an_error", comment_that_is_not_a_string_is_an_error },
	{ "rules_that_is_not_a_list_is_an_error", rules_that_is_not_a_list_is_an_error },
	{ "rule_that_is_not_a_group_is_an_error", rule_that_is_not_a_group_is_an_error },
	{ "arg_index_0_and_5_are_accepted", arg_index_0_and_5_are_accepted },
	{ "arg_index_minus_1_is_out_of_range", arg_index_minus_1_is_out_of_range },
	{ "arg_index_6_is_out_of_range", arg_index_6_is_out_of_range },
	{ "arg_index_that_is_not_an_integer_is_an_error",
	  arg_index_that_is_not_an_integer_is_an_error },
	{ "every_op_is_read", every_op_is_read },
	{ "masked_eq_is_read_with_its_mask", masked_eq_is_read_with_its_mask },
	{ "masked_ne_is_read_with_its_mask", masked_ne_is_read_with_its_mask },
	{ "unknown_op_suggests_the_closest", unknown_op_suggests_the_closest },
	{ "unknown_op_lists_the_ops", unknown_op_lists_the_ops },
	{ "masked_eq_without_mask_is_an_error", masked_eq_without_mask_is_an_error },
	{ "masked_ne_without_mask_is_an_error", masked_ne_without_mask_is_an_error },
	{ "mask_with_another_op_is_an_error", mask_with_another_op_is_an_error },
	{ "mask_of_zero_is_an_error", mask_of_zero_is_an_error },
	{ "masked_eq_value_bits_outside_the_mask_is_an_error",
	  masked_eq_value_bits_outside_the_mask_is_an_error },
	{ "masked_ne_value_bits_outside_the_mask_is_an_error",
	  masked_ne_value_bits_outside_the_mask_is_an_error },
	{ "arg_check_without_value_is_an_error", arg_check_without_value_is_an_error },
	{ "unknown_arg_key_suggests_the_closest", unknown_arg_key_suggests_the_closest },
	{ "value_as_int_is_read", value_as_int_is_read },
	{ "negative_value_is_sign_extended_to_64_bits",
	  negative_value_is_sign_extended_to_64_bits },
	{ "hex_ffffffff_is_zero_extended", hex_ffffffff_is_zero_extended },
	{ "hex_80000000_is_zero_extended", hex_80000000_is_zero_extended },
	{ "value_with_l_suffix_is_64_bits", value_with_l_suffix_is_64_bits },
	{ "negative_value_with_l_suffix_is_64_bits", negative_value_with_l_suffix_is_64_bits },
	{ "all_ones_hex_with_l_suffix_is_read", all_ones_hex_with_l_suffix_is_read },
	{ "value_as_constants_joined_with_bars_is_read",
	  value_as_constants_joined_with_bars_is_read },
	{ "value_as_a_number_in_a_string_is_read", value_as_a_number_in_a_string_is_read },
	{ "unknown_constant_is_named_in_the_message", unknown_constant_is_named_in_the_message },
	{ "unknown_constant_in_a_mask_is_named", unknown_constant_in_a_mask_is_named },
	{ "value_that_is_a_float_is_an_error", value_that_is_a_float_is_an_error },
	{ "value_that_is_a_boolean_is_an_error", value_that_is_a_boolean_is_an_error },
	{ "more_than_six_args_is_an_error", more_than_six_args_is_an_error },
	{ "six_args_are_accepted", six_args_are_accepted },
	{ "empty_args_is_an_error", empty_args_is_an_error },
	{ "args_that_is_not_a_list_is_an_error", args_that_is_not_a_list_is_an_error },
	{ "arg_that_is_not_a_group_is_an_error", arg_that_is_not_a_group_is_an_error },
	{ "same_index_twice_is_an_error", same_index_twice_is_an_error },
	{ "two_masked_ne_in_a_rule_is_an_error", two_masked_ne_in_a_rule_is_an_error },
	{ "bad_args_in_one_rule_are_each_reported", bad_args_in_one_rule_are_each_reported },
	{ "bad_syscall_name_and_bad_arg_in_one_rule_are_both_reported",
	  bad_syscall_name_and_bad_arg_in_one_rule_are_both_reported },
	{ "eq_holds_only_for_its_value", eq_holds_only_for_its_value },
	{ "ne_holds_for_every_other_value", ne_holds_for_every_other_value },
	{ "lt_and_le_compare_all_64_bits_unsigned", lt_and_le_compare_all_64_bits_unsigned },
	{ "gt_and_ge_compare_all_64_bits_unsigned", gt_and_ge_compare_all_64_bits_unsigned },
	{ "masked_eq_holds_when_the_masked_bits_equal_the_value",
	  masked_eq_holds_when_the_masked_bits_equal_the_value },
	{ "masked_ne_holds_when_some_masked_bit_differs",
	  masked_ne_holds_when_some_masked_bit_differs },
	{ "op_names_round_trip", op_names_round_trip },
	{ "user_group_is_used_as_at_name", user_group_is_used_as_at_name },
	{ "nested_user_groups_are_expanded", nested_user_groups_are_expanded },
	{ "unused_user_group_adds_no_rule", unused_user_group_adds_no_rule },
	{ "group_cycle_is_reported_with_the_chain", group_cycle_is_reported_with_the_chain },
	{ "group_including_itself_is_reported", group_including_itself_is_reported },
	{ "unknown_group_inside_a_user_group_is_reported_at_its_line",
	  unknown_group_inside_a_user_group_is_reported_at_its_line },
	{ "groups_nested_deeper_than_16_levels_are_an_error",
	  groups_nested_deeper_than_16_levels_are_an_error },
	{ "groups_nested_16_levels_deep_are_accepted", groups_nested_16_levels_deep_are_accepted },
	{ "redefining_a_builtin_group_is_an_error", redefining_a_builtin_group_is_an_error },
	{ "empty_group_is_an_error", empty_group_is_an_error },
	{ "group_name_with_a_star_is_an_error", group_name_with_a_star_is_an_error },
	{ "group_that_is_not_a_list_is_an_error", group_that_is_not_a_list_is_an_error },
	{ "group_with_a_non_string_member_is_an_error",
	  group_with_a_non_string_member_is_an_error },
	{ "groups_that_is_not_a_group_is_an_error", groups_that_is_not_a_group_is_an_error },
	{ "no_new_privs_is_read", no_new_privs_is_read },
	{ "no_new_privs_must_be_a_boolean", no_new_privs_must_be_a_boolean },
	{ "thread_sync_is_read", thread_sync_is_read },
	{ "thread_sync_must_be_a_boolean", thread_sync_must_be_a_boolean },
	{ "log_is_read", log_is_read },
	{ "log_must_be_a_boolean", log_must_be_a_boolean },
	{ "disable_ssb_is_read", disable_ssb_is_read },
	{ "disable_ssb_must_be_a_boolean", disable_ssb_must_be_a_boolean },
	{ "allow_negative_syscalls_is_read", allow_negative_syscalls_is_read },
	{ "allow_negative_syscalls_must_be_a_boolean", allow_negative_syscalls_must_be_a_boolean },
	{ "architectures_are_kept_in_order", architectures_are_kept_in_order },
	{ "unknown_architecture_suggests_the_closest", unknown_architecture_suggests_the_closest },
	{ "unknown_architecture_without_a_close_name_is_an_error",
	  unknown_architecture_without_a_close_name_is_an_error },
	{ "empty_architectures_is_an_error", empty_architectures_is_an_error },
	{ "architectures_that_is_not_a_list_is_an_error",
	  architectures_that_is_not_a_list_is_an_error },
	{ "architecture_that_is_not_a_string_is_an_error",
	  architecture_that_is_not_a_string_is_an_error },
	{ "optimize_tree_and_priority_are_read", optimize_tree_and_priority_are_read },
	{ "unknown_optimize_is_an_error", unknown_optimize_is_an_error },
	{ "optimize_that_is_not_a_string_is_an_error", optimize_that_is_not_a_string_is_an_error },
	{ "unknown_top_level_key_suggests_the_closest",
	  unknown_top_level_key_suggests_the_closest },
	{ "unknown_top_level_key_far_from_any_is_an_error",
	  unknown_top_level_key_far_from_any_is_an_error },
	{ "duplicate_setting_is_an_error_at_its_line", duplicate_setting_is_an_error_at_its_line },
	{ "syntax_error_is_reported_at_its_line", syntax_error_is_reported_at_its_line },
	{ "trailing_comma_before_bracket_is_a_syntax_error",
	  trailing_comma_before_bracket_is_a_syntax_error },
	{ "comments_of_every_form_are_accepted", comments_of_every_form_are_accepted },
	{ "decimal_beyond_32_bits_without_l_is_an_error_at_its_line",
	  decimal_beyond_32_bits_without_l_is_an_error_at_its_line },
	{ "decimal_just_beyond_int_max_without_l_is_an_error",
	  decimal_just_beyond_int_max_without_l_is_an_error },
	{ "hex_beyond_32_bits_without_l_is_an_error_at_its_line",
	  hex_beyond_32_bits_without_l_is_an_error_at_its_line },
	{ "number_beyond_64_bits_is_an_error", number_beyond_64_bits_is_an_error },
	{ "decimal_with_l_suffix_beyond_32_bits_is_accepted",
	  decimal_with_l_suffix_beyond_32_bits_is_accepted },
	{ "every_error_is_reported_not_only_the_first",
	  every_error_is_reported_not_only_the_first },
	{ "includes_are_refused_in_a_policy_read_from_a_string",
	  includes_are_refused_in_a_policy_read_from_a_string },
	{ "directly_named_syscall_overrides_its_group",
	  directly_named_syscall_overrides_its_group },
	{ "directly_allowed_syscall_overrides_a_denied_group",
	  directly_allowed_syscall_overrides_a_denied_group },
	{ "direct_argument_rule_replaces_the_group_rule",
	  direct_argument_rule_replaces_the_group_rule },
	{ "overlapping_groups_keep_the_most_restrictive",
	  overlapping_groups_keep_the_most_restrictive },
	{ "overlapping_groups_do_not_depend_on_their_order",
	  overlapping_groups_do_not_depend_on_their_order },
	{ "two_direct_unconditional_actions_are_an_error_naming_both",
	  two_direct_unconditional_actions_are_an_error_naming_both },
	{ "unconditional_and_argument_rule_with_another_action_is_an_error",
	  unconditional_and_argument_rule_with_another_action_is_an_error },
	{ "unconditional_and_argument_rule_with_the_same_action_keeps_the_unconditional",
	  unconditional_and_argument_rule_with_the_same_action_keeps_the_unconditional },
	{ "unconditional_rule_equal_to_the_default_is_dropped",
	  unconditional_rule_equal_to_the_default_is_dropped },
	{ "argument_rule_equal_to_the_default_is_dropped_when_nothing_overlaps",
	  argument_rule_equal_to_the_default_is_dropped_when_nothing_overlaps },
	{ "argument_rule_equal_to_the_default_stays_beside_a_less_restrictive_one",
	  argument_rule_equal_to_the_default_stays_beside_a_less_restrictive_one },
	{ "identical_unconditional_rules_merge", identical_unconditional_rules_merge },
	{ "identical_argument_rules_merge", identical_argument_rules_merge },
	{ "identical_argument_rules_with_different_actions_are_an_error_naming_both",
	  identical_argument_rules_with_different_actions_are_an_error_naming_both },
	{ "rules_are_sorted_by_syscall_name", rules_are_sorted_by_syscall_name },
	{ "decide_gives_the_most_restrictive_matching_argument_rule",
	  decide_gives_the_most_restrictive_matching_argument_rule },
	{ "decide_compares_an_int_argument_as_the_kernel_reads_it",
	  decide_compares_an_int_argument_as_the_kernel_reads_it },
	{ "decide_never_matches_a_value_an_int_cannot_take",
	  decide_never_matches_a_value_an_int_cannot_take },
	{ "decide_reads_a_umode_t_as_16_bits", decide_reads_a_umode_t_as_16_bits },
	{ "decide_sees_the_sign_extension_of_an_int_through_a_mask",
	  decide_sees_the_sign_extension_of_an_int_through_a_mask },
	{ "decide_gives_the_one_matching_argument_rule",
	  decide_gives_the_one_matching_argument_rule },
	{ "decide_gives_the_default_when_no_argument_rule_matches",
	  decide_gives_the_default_when_no_argument_rule_matches },
	{ "decide_gives_the_unconditional_rule", decide_gives_the_unconditional_rule },
	{ "decide_gives_the_default_for_an_unnamed_syscall",
	  decide_gives_the_default_for_an_unnamed_syscall },
	{ "decide_needs_every_argument_of_a_rule", decide_needs_every_argument_of_a_rule },
	{ "force_allow_replaces_a_deny", force_allow_replaces_a_deny },
	{ "force_allow_replaces_a_deny_under_an_allow_default",
	  force_allow_replaces_a_deny_under_an_allow_default },
	{ "force_allow_of_an_allowed_syscall_changes_nothing",
	  force_allow_of_an_allowed_syscall_changes_nothing },
	{ "force_allow_with_a_check_allows_only_what_it_matches",
	  force_allow_with_a_check_allows_only_what_it_matches },
	{ "nested_include_is_relative_to_the_including_file",
	  nested_include_is_relative_to_the_including_file },
	{ "nested_include_named_from_the_top_folder_is_not_found",
	  nested_include_named_from_the_top_folder_is_not_found },
	{ "absolute_include_is_read_from_its_path", absolute_include_is_read_from_its_path },
	{ "missing_include_is_an_error_at_its_line", missing_include_is_an_error_at_its_line },
	{ "include_loop_is_reported", include_loop_is_reported },
	{ "error_inside_an_include_carries_its_path_and_line",
	  error_inside_an_include_carries_its_path_and_line },
	{ "syntax_error_inside_an_include_carries_its_path_and_line",
	  syntax_error_inside_an_include_carries_its_path_and_line },
	{ "too_big_number_inside_an_include_carries_its_path_and_line",
	  too_big_number_inside_an_include_carries_its_path_and_line },
	{ "untrusted_include_is_refused", untrusted_include_is_refused },
	{ "trusted_file_owned_by_root_with_0644_is_accepted",
	  trusted_file_owned_by_root_with_0644_is_accepted },
	{ "directory_is_refused_as_a_policy", directory_is_refused_as_a_policy },
	{ "directory_is_refused_even_when_not_checking_trust",
	  directory_is_refused_even_when_not_checking_trust },
	{ "group_writable_file_is_refused", group_writable_file_is_refused },
	{ "world_writable_file_is_refused", world_writable_file_is_refused },
	{ "group_writable_file_is_read_when_not_checking_trust",
	  group_writable_file_is_read_when_not_checking_trust },
	{ "file_owned_by_another_user_is_refused", file_owned_by_another_user_is_refused },
	{ "missing_file_is_refused", missing_file_is_refused },
	{ "device_is_refused_as_a_policy", device_is_refused_as_a_policy },
	{ "file_with_a_nul_byte_is_refused", file_with_a_nul_byte_is_refused },
	{ "file_of_5_mib_is_refused", file_of_5_mib_is_refused },
	{ "file_of_exactly_4_mib_is_read", file_of_exactly_4_mib_is_read },
	{ "random_bytes_are_rejected_without_a_crash", random_bytes_are_rejected_without_a_crash },
	{ "very_long_syscall_name_is_rejected", very_long_syscall_name_is_rejected },
	{ "very_long_key_is_rejected", very_long_key_is_rejected },
	{ "very_long_group_reference_is_rejected", very_long_group_reference_is_rejected },
	{ "very_long_group_name_is_rejected", very_long_group_name_is_rejected },
	{ "very_long_action_is_rejected", very_long_action_is_rejected },
	{ "very_long_errno_name_is_rejected", very_long_errno_name_is_rejected },
	{ "very_long_constant_is_rejected", very_long_constant_is_rejected },
	{ "very_long_number_is_rejected", very_long_number_is_rejected },
	{ "policy_without_landlock_keys_has_no_landlock_model",
	  policy_without_landlock_keys_has_no_landlock_model },
	{ "short_paths_grant_read_execute_and_write_at_their_lines",
	  short_paths_grant_read_execute_and_write_at_their_lines },
	{ "paths_handle_every_filesystem_right", paths_handle_every_filesystem_right },
	{ "paths_imply_the_loader_libraries_and_dev_null_with_a_reason",
	  paths_imply_the_loader_libraries_and_dev_null_with_a_reason },
	{ "paths_rules_grant_the_named_rights_with_their_comment",
	  paths_rules_grant_the_named_rights_with_their_comment },
	{ "paths_are_normalised", paths_are_normalised },
	{ "tilde_and_home_are_expanded_from_home", tilde_and_home_are_expanded_from_home },
	{ "tilde_without_home_is_an_error_at_its_line",
	  tilde_without_home_is_an_error_at_its_line },
	{ "path_groups_expand_in_the_short_form", path_groups_expand_in_the_short_form },
	{ "path_group_from_an_include_is_usable", path_group_from_an_include_is_usable },
	{ "error_in_an_included_path_group_carries_its_file_and_line",
	  error_in_an_included_path_group_carries_its_file_and_line },
	{ "network_ports_are_read_with_their_lines", network_ports_are_read_with_their_lines },
	{ "scope_and_best_effort_are_read", scope_and_best_effort_are_read },
	{ "landlock_mode_alone_has_nothing_to_apply", landlock_mode_alone_has_nothing_to_apply },
	{ "fs_right_names_are_sorted_and_cover_every_right",
	  fs_right_names_are_sorted_and_cover_every_right },
	{ "abi_needed_is_the_newest_right_used", abi_needed_is_the_newest_right_used },
	{ "lint_best_effort_names_what_an_older_kernel_drops",
	  lint_best_effort_names_what_an_older_kernel_drops },
	{ "lint_strict_says_an_older_kernel_does_not_start_it",
	  lint_strict_says_an_older_kernel_does_not_start_it },
	{ "lint_landlock_mode_alone_has_nothing_to_apply",
	  lint_landlock_mode_alone_has_nothing_to_apply },
	{ "empty_network_refuses_both_bind_and_connect",
	  empty_network_refuses_both_bind_and_connect },
	{ "empty_paths_grant_only_the_implied_entries",
	  empty_paths_grant_only_the_implied_entries },
	{ "every_error_in_the_landlock_keys_is_reported_at_once",
	  every_error_in_the_landlock_keys_is_reported_at_once },
	{ NULL, NULL },
};

const struct test_suite suite_policy = { "policy", cases };
