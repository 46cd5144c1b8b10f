/* test_compile: the compiler and the verifier (shim/core/compile.c, verify.c).
 *
 * A compiled filter is judged by what it answers: each test runs the
 * exported program in bpf_run over struct seccomp_data and compares the
 * answer with the one the policy's text implies, written out by hand here
 * rather than asked of policy_decide, so the model and the compiler cannot
 * share a mistake.  The verifier is then shown filters that disagree with
 * their policy, tampered by hand or miscompiled by libseccomp, and must
 * refuse each.  Nothing here loads a filter.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <dirent.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <termios.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "harness.h"
#include "answers.h"
#include "live.h"
#include "support.h"
#include "policy.h"
#include "profiles.h"
#include "region.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* The answers below are written for x86-64 syscall numbers. */
static bool native_is_x86_64(void)
{
	if (seccomp_arch_native() == SCMP_ARCH_X86_64)
		return true;
	test_skip("the compiled answers are written for an x86-64 host");
	return false;
}

static void expect_diag_at(unsigned at, const struct diag_list *diags, const char *file, int line,
			   const char *needle)
{
	char shown[1024];

	test_show_diags(diags, shown, sizeof(shown));
	EXPECT_AT(at, test_has_diag(diags, file, line, needle), "no error \"%s\" at %s:%d; got %s",
		  needle, file ? file : "(none)", line, shown);
}
#define EXPECT_DIAG(diags, file, line, needle) \
	expect_diag_at(__LINE__, (diags), (file), (line), (needle))

/* True when DIAGS holds an error in FILE, at any line, saying NEEDLE. */
static void expect_message_at(unsigned at, const struct diag_list *diags, const char *file,
			      const char *needle)
{
	char shown[1024];
	bool found = false;

	for (size_t i = 0; i < diags->count; i++)
		found = found || (diags->items[i].file && strcmp(diags->items[i].file, file) == 0 &&
				  strstr(diags->items[i].message, needle));
	test_show_diags(diags, shown, sizeof(shown));
	EXPECT_AT(at, found, "no error \"%s\" in %s; got %s", needle, file, shown);
}
#define EXPECT_MESSAGE(diags, file, needle) expect_message_at(__LINE__, (diags), (file), (needle))

/* Reads TEXT (which must be a valid policy) and compiles it with OPTIONS. */
static void compile_with(unsigned at, const char *text, const struct compile_options *options,
			 struct test_compiled *out)
{
	test_compile_at(at, NAME, text, options, out);
}

/* The same with TOKEN for the probe (0: none). */
static void compile_at(unsigned at, const char *text, uint64_t token, struct test_compiled *out)
{
	struct compile_options options = { .probe_token = token };

	compile_with(at, text, token ? &options : NULL, out);
}

/* With libseccomp's generator, as a container runtime would compile it. */
static const struct compile_options with_libseccomp = { .libseccomp = true };

/* The same, and the compile must succeed without a message. */
static bool compile_good_at(unsigned at, const char *text, uint64_t token,
			    struct test_compiled *out)
{
	char shown[1024];

	compile_at(at, text, token, out);
	test_show_diags(&out->diags, shown, sizeof(shown));
	EXPECT_AT(at, out->result == 0 && out->diags.count == 0, "compile_policy = %d: %s",
		  out->result, shown);
	return out->result == 0;
}
#define COMPILE_GOOD(text, out) compile_good_at(__LINE__, (text), 0, (out))

static int nr_on(uint32_t arch_token, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch_token, name);

	EXPECT(nr >= 0, "no syscall '%s' on arch %#x", name, arch_token);
	return nr;
}

static uint32_t run(const struct filter *filter, uint32_t arch, int nr, const uint64_t args[6])
{
	struct seccomp_data data = { .nr = nr, .arch = arch };

	memcpy(data.args, args, sizeof(data.args));
	return bpf_run(filter->program, filter->length, &data);
}

static void expect_answer_at(unsigned at, const struct filter *filter, uint32_t arch, int nr,
			     const char *what, const uint64_t args[6], uint32_t want)
{
	uint32_t got = run(filter, arch, nr, args);

	EXPECT_AT(at, got == want,
		  "%s (nr %#x, arch %#x, args %#llx %#llx %#llx) gave %#x, expected %#x", what,
		  (unsigned)nr, arch, (unsigned long long)args[0], (unsigned long long)args[1],
		  (unsigned long long)args[2], got, want);
}

/* The filter's answer to the x86-64 syscall NAME with the given arguments. */
#define EXPECT_X86_64(filter, name, want, ...)                                                   \
	expect_answer_at(__LINE__, (filter), AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X86_64, (name)), \
			 (name), (const uint64_t[6]){ __VA_ARGS__ }, (want))
/* The same for a raw number and arch. */
#define EXPECT_RAW(filter, arch, nr, want, ...)                      \
	expect_answer_at(__LINE__, (filter), (arch), (int)(nr), #nr, \
			 (const uint64_t[6]){ __VA_ARGS__ }, (want))

/* ---- allow, deny, default ------------------------------------------------ */

static const char basic_text[] = "default_action = \"errno(ENOSYS)\";\n"
				 "allow = [ \"read\", \"write\" ];\n"
				 "deny = [ \"ptrace\" ];\n"
				 "deny_action = \"errno(EACCES)\";\n";

static void allowed_syscall_is_allowed(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD(basic_text, &c)) {
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
		EXPECT_X86_64(&c.filter, "write", ALLOW, 1, 2, 3, 4, 5, 6);
	}
	test_compiled_free(&c);
}

static void denied_syscall_gets_the_deny_action(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD(basic_text, &c))
		EXPECT_X86_64(&c.filter, "ptrace", ERRNO(EACCES), 0);
	test_compiled_free(&c);
}

static void unnamed_syscall_gets_the_default_action(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD(basic_text, &c)) {
		EXPECT_X86_64(&c.filter, "openat", ERRNO(ENOSYS), 0);
		EXPECT_X86_64(&c.filter, "mount", ERRNO(ENOSYS), 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, 999, ERRNO(ENOSYS), 0);
	}
	test_compiled_free(&c);
}

/* What `preseal check` reads must compile: an errno the reader accepts in
 * any of the three places an action goes is one libseccomp takes too. */
static void every_errno_the_reader_accepts_compiles(void)
{
	static const struct {
		const char *before, *after;
	} forms[] = {
		{ "default_action = ", "allow = [ \"read\" ];\n" },
		{ "default_action = \"allow\";\ndeny_action = ", "deny = [ \"read\" ];\n" },
		{ "default_action = \"allow\";\nbad_arch_action = ", "deny = [ \"read\" ];\n" },
	};
	static const int numbers[] = { 1, 255, 4094, 4095 };

	for (size_t f = 0; f < COUNT(forms); f++)
		for (size_t n = 0; n < COUNT(numbers); n++) {
			char text[256], shown[1024];
			struct diag_list diags = { 0 };
			struct policy *policy;
			struct filter filter;
			int result;

			snprintf(text, sizeof(text), "%s\"errno(%d)\";\n%s", forms[f].before,
				 numbers[n], forms[f].after);
			policy = policy_read_string(text, NAME, NULL, &diags);
			if (!policy) {
				diag_free(&diags);
				continue;
			}
			result = compile_policy(policy, NULL, &filter, &diags);
			test_show_diags(&diags, shown, sizeof(shown));
			EXPECT(result == 0, "%s was read but not compiled: %s", text, shown);
			filter_free(&filter);
			policy_free(policy);
			diag_free(&diags);
		}
}

static void kill_thread_trap_and_log_actions_compile(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"log\";\n"
			 "rules = ( { syscall = \"ptrace\"; action = \"kill_thread\"; },\n"
			 "          { syscall = \"mount\"; action = \"trap\"; },\n"
			 "          { syscall = \"read\"; action = \"allow\"; },\n"
			 "          { syscall = \"kcmp\"; action = \"trace(7)\"; } );\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "ptrace", SECCOMP_RET_KILL_THREAD, 0);
		EXPECT_X86_64(&c.filter, "mount", SECCOMP_RET_TRAP, 0);
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
		EXPECT_X86_64(&c.filter, "kcmp", SECCOMP_RET_TRACE | 7, 0);
		EXPECT_X86_64(&c.filter, "write", SECCOMP_RET_LOG, 0);
	}
	test_compiled_free(&c);
}

/* ---- each comparison at its boundaries ---------------------------------- */

/* A policy that answers errno(EACCES) to getppid when "a0 OP VALUE". */
static bool compile_op(unsigned at, const char *op, const char *value, struct test_compiled *c)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "default_action = \"allow\";\n"
		 "rules = ( { syscall = \"getppid\"; action = \"errno(EACCES)\";\n"
		 "            args = ( { index = 0; op = \"%s\"; value = %s; } ); } );\n",
		 op, value);
	return compile_good_at(at, text, 0, c);
}

struct sample {
	uint64_t argument;
	bool matches;
};

static void expect_op_at(unsigned at, const char *op, const char *value,
			 const struct sample *samples, size_t count)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_op(at, op, value, &c))
		for (size_t i = 0; i < count; i++)
			expect_answer_at(at, &c.filter, AUDIT_ARCH_X86_64,
					 nr_on(SCMP_ARCH_X86_64, "getppid"), op,
					 (const uint64_t[6]){ samples[i].argument },
					 samples[i].matches ? ERRNO(EACCES) : ALLOW);
	test_compiled_free(&c);
}
#define EXPECT_OP(op, value, ...)                                               \
	do {                                                                    \
		const struct sample samples[] = { __VA_ARGS__ };                \
		expect_op_at(__LINE__, (op), (value), samples, COUNT(samples)); \
	} while (0)

#define WIDE 0x100000005ull /* both halves non-zero */

static void compiled_eq_matches_only_its_value(void)
{
	EXPECT_OP("eq", "0x100000005L", { WIDE, true }, { WIDE - 1, false }, { WIDE + 1, false },
		  { 5, false }, { 0x100000000ull, false }, { 0, false }, { UINT64_MAX, false });
}

static void compiled_ne_matches_every_other_value(void)
{
	EXPECT_OP("ne", "0x100000005L", { WIDE, false }, { WIDE - 1, true }, { WIDE + 1, true },
		  { 5, true }, { 0, true }, { UINT64_MAX, true });
}

static void compiled_lt_compares_all_64_bits(void)
{
	EXPECT_OP("lt", "0x100000005L", { WIDE - 1, true }, { WIDE, false }, { WIDE + 1, false },
		  { 5, true }, { 6, true }, { 0x200000004ull, false }, { 0, true },
		  { UINT64_MAX, false });
}

static void compiled_le_compares_all_64_bits(void)
{
	EXPECT_OP("le", "0x100000005L", { WIDE - 1, true }, { WIDE, true }, { WIDE + 1, false },
		  { 0x1ffffffffull, false }, { 0, true }, { UINT64_MAX, false });
}

static void compiled_gt_compares_all_64_bits(void)
{
	EXPECT_OP("gt", "0x100000005L", { WIDE - 1, false }, { WIDE, false }, { WIDE + 1, true },
		  { 6, false }, { 0x200000000ull, true }, { 0, false }, { UINT64_MAX, true });
}

static void compiled_ge_compares_all_64_bits(void)
{
	EXPECT_OP("ge", "0x100000005L", { WIDE - 1, false }, { WIDE, true }, { WIDE + 1, true },
		  { 0xffffffffull, false }, { 0, false }, { UINT64_MAX, true });
}

static void compiled_negative_value_means_all_high_bits(void)
{
	EXPECT_OP("eq", "-1", { UINT64_MAX, true }, { 0xffffffffull, false }, { 0, false });
}

static void compiled_masked_eq_tests_only_the_masked_bits(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"mmap\"; action = \"errno(EPERM)\";\n"
			 "            args = ( { index = 2; op = \"masked_eq\";\n"
			 "                       mask = \"PROT_EXEC|PROT_WRITE\";\n"
			 "                       value = \"PROT_EXEC|PROT_WRITE\"; } ); } );\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "mmap", ERRNO(EPERM), 0, 4096, PROT_EXEC | PROT_WRITE);
		EXPECT_X86_64(&c.filter, "mmap", ERRNO(EPERM), 0, 4096,
			      PROT_READ | PROT_EXEC | PROT_WRITE | 0xff00000000ull);
		EXPECT_X86_64(&c.filter, "mmap", ALLOW, 0, 4096, PROT_EXEC | PROT_READ);
		EXPECT_X86_64(&c.filter, "mmap", ALLOW, 0, 4096, PROT_WRITE);
		EXPECT_X86_64(&c.filter, "mmap", ALLOW, 0, 4096, 0);
	}
	test_compiled_free(&c);
}

static void compiled_masked_ne_matches_when_any_masked_bit_differs(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD(
		    "default_action = \"errno(EPERM)\";\n"
		    "rules = ( { syscall = \"ioctl\"; action = \"allow\";\n"
		    "            args = ( { index = 1; op = \"masked_ne\"; mask = 0xffffffff;\n"
		    "                       value = \"TIOCSTI\"; } ); } );\n",
		    &c)) {
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EPERM), 0, TIOCSTI);
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EPERM), 0, TIOCSTI | (1ull << 32));
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EPERM), 0, TIOCSTI | 0xffffffff00000000ull);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, TCGETS);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, TIOCSTI ^ 1);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, TIOCSTI | 0x80000000u);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, 0);
	}
	test_compiled_free(&c);
}

static void any_of_several_rules_for_one_syscall_may_match(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"kill\"; action = \"errno(EPERM)\";\n"
			 "            args = ( { index = 0; op = \"eq\"; value = 1; } ); },\n"
			 "          { syscall = \"kill\"; action = \"errno(EPERM)\";\n"
			 "            args = ( { index = 1; op = \"eq\"; value = \"SIGKILL\"; } ); "
			 "} );\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 1, SIGTERM);
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 99, SIGKILL);
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 1, SIGKILL);
		EXPECT_X86_64(&c.filter, "kill", ALLOW, 99, SIGTERM);
	}
	test_compiled_free(&c);
}

static void every_argument_of_one_rule_must_hold(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"socket\"; action = \"errno(EAFNOSUPPORT)\";\n"
			 "            args = ( { index = 0; op = \"eq\"; value = \"AF_INET\"; },\n"
			 "                     { index = 1; op = \"eq\"; value = \"SOCK_RAW\"; },\n"
			 "                     { index = 2; op = \"ge\"; value = 1; } ); } );\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EAFNOSUPPORT), 2, 3, 1);
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EAFNOSUPPORT), 2, 3, 255);
		EXPECT_X86_64(&c.filter, "socket", ALLOW, 2, 3, 0);
		EXPECT_X86_64(&c.filter, "socket", ALLOW, 2, 1, 1);
		EXPECT_X86_64(&c.filter, "socket", ALLOW, 1, 3, 1);
	}
	test_compiled_free(&c);
}

static void most_restrictive_overlapping_rule_wins(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"getppid\"; action = \"errno(EACCES)\";\n"
			 "            args = ( { index = 0; op = \"lt\"; value = 10; } ); },\n"
			 "          { syscall = \"getppid\"; action = \"kill_process\";\n"
			 "            args = ( { index = 0; op = \"eq\"; value = 5; } ); } );\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "getppid", KILL, 5);
		EXPECT_X86_64(&c.filter, "getppid", ERRNO(EACCES), 4);
		EXPECT_X86_64(&c.filter, "getppid", ALLOW, 10);
	}
	test_compiled_free(&c);
}

static void priority_and_tree_filters_give_the_same_answers(void)
{
	static const char format[] =
		"default_action = \"errno(EPERM)\";\n"
		"optimize = \"%s\";\n"
		"allow = [ \"@system-service\" ];\n"
		"rules = ( { syscall = \"socket\"; action = \"errno(EACCES)\";\n"
		"            args = ( { index = 0; op = \"eq\"; value = \"AF_PACKET\"; } ); } );\n";
	char text[512];
	struct test_compiled tree, priority;
	bool ok;

	if (!native_is_x86_64())
		return;
	snprintf(text, sizeof(text), format, "tree");
	ok = COMPILE_GOOD(text, &tree);
	snprintf(text, sizeof(text), format, "priority");
	ok = COMPILE_GOOD(text, &priority) && ok;
	for (int nr = 0; ok && nr < 500; nr++)
		for (uint64_t a0 = 0; a0 < 20; a0 += 17) {
			const uint64_t args[6] = { a0 };
			uint32_t from_tree = run(&tree.filter, AUDIT_ARCH_X86_64, nr, args);
			uint32_t from_priority = run(&priority.filter, AUDIT_ARCH_X86_64, nr, args);

			EXPECT(from_tree == from_priority, "nr %d a0 %llu: tree %#x, priority %#x",
			       nr, (unsigned long long)a0, from_tree, from_priority);
		}
	test_compiled_free(&tree);
	test_compiled_free(&priority);
}

/* ---- syscall names and architectures ------------------------------------ */

static void unknown_syscall_named_directly_is_an_error_with_a_suggestion(void)
{
	struct test_compiled c;

	compile_at(__LINE__,
		   "default_action = \"allow\";\n"
		   "deny = [ \"ptrace\",\n"
		   "         \"opnat\" ];\n",
		   0, &c);
	CU_ASSERT_EQUAL(c.result, -EINVAL);
	CU_ASSERT_EQUAL(c.diags.count, 1);
	EXPECT_DIAG(&c.diags, NAME, 3, "unknown syscall 'opnat' (did you mean 'openat'?)");
	CU_ASSERT_PTR_NULL(c.filter.program);
	test_compiled_free(&c);
}

static void every_unknown_syscall_is_reported(void)
{
	struct test_compiled c;

	compile_at(__LINE__,
		   "allow = [ \"reed\" ];\n"
		   "rules = ( { syscall = \"wirte\"; action = \"errno(EPERM)\"; } );\n",
		   0, &c);
	CU_ASSERT_EQUAL(c.result, -EINVAL);
	CU_ASSERT_EQUAL(c.diags.count, 2);
	EXPECT_DIAG(&c.diags, NAME, 1, "unknown syscall 'reed' (did you mean 'read'?)");
	EXPECT_DIAG(&c.diags, NAME, 2, "unknown syscall 'wirte' (did you mean 'write'?)");
	test_compiled_free(&c);
}

static void unknown_syscall_far_from_any_is_an_error(void)
{
	struct test_compiled c;

	compile_at(__LINE__, "allow = [ \"zzzzzzzzzzzz\" ];\n", 0, &c);
	CU_ASSERT_EQUAL(c.result, -EINVAL);
	EXPECT_DIAG(&c.diags, NAME, 1,
		    "unknown syscall 'zzzzzzzzzzzz' on the policy's architectures");
	test_compiled_free(&c);
}

static void group_member_missing_on_the_architecture_is_no_error(void)
{
	struct test_compiled c;

	/* @basic-io lists _llseek and fcntl64, which x86-64 does not have. */
	if (native_is_x86_64() && COMPILE_GOOD("allow = [ \"@basic-io\" ];\n", &c)) {
		EXPECT_X86_64(&c.filter, "lseek", ALLOW, 0);
		EXPECT_X86_64(&c.filter, "openat", KILL, 0);
	}
	test_compiled_free(&c);
}

static void x86_only_syscall_in_a_native_policy_is_an_error(void)
{
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	compile_at(__LINE__,
		   "default_action = \"allow\";\n"
		   "deny = [ \"socketcall\" ];\n",
		   0, &c);
	CU_ASSERT_EQUAL(c.result, -EINVAL);
	CU_ASSERT_EQUAL(c.diags.count, 1);
	EXPECT_DIAG(&c.diags, NAME, 2, "unknown syscall 'socketcall'");
	test_compiled_free(&c);
}

static void llseek_in_a_native_policy_is_an_error(void)
{
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	compile_at(__LINE__, "allow = [ \"_llseek\" ];\n", 0, &c);
	CU_ASSERT_EQUAL(c.result, -EINVAL);
	EXPECT_DIAG(&c.diags, NAME, 1, "unknown syscall '_llseek'");
	test_compiled_free(&c);
}

static void x86_only_syscall_is_accepted_when_x86_is_listed(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "architectures = [ \"native\", \"x86\" ];\n"
					       "deny = [ \"socketcall\", \"_llseek\" ];\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EPERM), 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "_llseek"),
			   ERRNO(EPERM), 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "read"), ALLOW, 0);
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
		CU_ASSERT_EQUAL(c.filter.arch_count, 2);
	}
	test_compiled_free(&c);
}

static void rules_use_each_architectures_own_numbers(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"errno(ENOSYS)\";\n"
			 "architectures = [ \"native\", \"x86\", \"aarch64\" ];\n"
			 "allow = [ \"openat\" ];\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "openat", ALLOW, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "openat"), ALLOW, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_AARCH64, nr_on(SCMP_ARCH_AARCH64, "openat"), ALLOW,
			   0);
		/* x86-64's openat number is another call elsewhere */
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86_64, "openat"),
			   ERRNO(ENOSYS), 0);
		CU_ASSERT_EQUAL(c.filter.arch_count, 3);
	}
	test_compiled_free(&c);
}

/* socket's family is an int: lt 0x100000000 holds for the ints whose
 * 64-bit value is below it, the non-negative ones, whatever the upper half
 * of the register; the filter splits the low word at the sign bit. */
static void order_comparison_on_an_int_splits_at_its_sign(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"socket\"; action = \"errno(EPERM)\";\n"
			 "            args = ( { index = 0; op = \"lt\"; value = 0x100000000L; } "
			 "); } );\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EPERM), 0);
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EPERM), 0x7fffffff);
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EPERM), 0x17fffffffull);
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EPERM), 0xffffffff00000002ull);
		EXPECT_X86_64(&c.filter, "socket", ALLOW, 0x80000000);
		EXPECT_X86_64(&c.filter, "socket", ALLOW, 0xffffffff);
		EXPECT_X86_64(&c.filter, "socket", ALLOW, 0x1ffffffffull);
	}
	test_compiled_free(&c);
}

/* The bits above an int are its sign: a mask reaching there tests it. */
static void mask_above_an_int_tests_its_sign(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"kill\"; action = \"errno(EPERM)\";\n"
			 "            args = ( { index = 1; op = \"masked_eq\";\n"
			 "                       mask = 0x100000001L; value = 0x100000001L; } ); } "
			 ");\n",
			 &c)) {
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 0, 0xffffffff);
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 0, 0x80000001);
		EXPECT_X86_64(&c.filter, "kill", ALLOW, 0, 0x100000001ull);
		EXPECT_X86_64(&c.filter, "kill", ALLOW, 0, 0x80000000);
		EXPECT_X86_64(&c.filter, "kill", ALLOW, 0, 1);
	}
	test_compiled_free(&c);
}

static void x86_argument_rules_see_only_32_bits(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "architectures = [ \"native\", \"x86\" ];\n"
			 "rules = ( { syscall = \"kill\"; action = \"errno(EPERM)\";\n"
			 "            args = ( { index = 1; op = \"eq\"; value = \"SIGKILL\"; } ); "
			 "} );\n",
			 &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "kill"), ERRNO(EPERM),
			   1, SIGKILL);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "kill"), ALLOW, 1,
			   SIGTERM);
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 1, SIGKILL);
		/* kill's signal is an int: the kernel reads SIGKILL here too. */
		EXPECT_X86_64(&c.filter, "kill", ERRNO(EPERM), 1, SIGKILL | (1ull << 32));
		EXPECT_X86_64(&c.filter, "kill", ALLOW, 1, SIGTERM | (1ull << 32));
	}
	test_compiled_free(&c);
}

/* On x86 an argument arrives as 32 bits: openat(AT_FDCWD, …) passes
 * 0xffffff9c, and a rule on AT_FDCWD (-100, sign-extended) must match it
 * there as libseccomp compiles it, not make the policy uncompilable. */
static void negative_constant_rule_compiles_for_x86(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "architectures = [ \"native\", \"x86\" ];\n"
			 "rules = ( { syscall = \"openat\"; action = \"errno(EACCES)\";\n"
			 "            args = ( { index = 0; op = \"eq\"; value = \"AT_FDCWD\"; } "
			 "); } );\n",
			 &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "openat"),
			   ERRNO(EACCES), 0xffffff9cu);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "openat"), ALLOW, 3);
		EXPECT_X86_64(&c.filter, "openat", ERRNO(EACCES), (uint64_t)(int64_t)AT_FDCWD);
		/* openat's dirfd is an int: the kernel reads 0xffffff9c as
		 * AT_FDCWD on x86-64 too. */
		EXPECT_X86_64(&c.filter, "openat", ERRNO(EACCES), 0xffffff9cu);
		EXPECT_X86_64(&c.filter, "openat", ALLOW, 0x1ffffff9bu);
	}
	test_compiled_free(&c);
}

/* On x86 libseccomp also reaches socket through socketcall(SYS_SOCKET,
 * args), whose real arguments are in memory: an argument rule on socket
 * cannot hold there, and the policy must not come out weaker than written
 * (socketcall(SYS_SOCKET, {AF_PACKET, …}) allowed where only AF_INET is). */
static void x86_socketcall_cannot_widen_a_socket_argument_rule(void)
{
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	compile_at(
		__LINE__,
		"default_action = \"errno(EPERM)\";\n"
		"architectures = [ \"native\", \"x86\" ];\n"
		"rules = ( { syscall = \"socket\"; action = \"allow\";\n"
		"            args = ( { index = 0; op = \"eq\"; value = \"AF_INET\"; } ); } );\n",
		0, &c);
	if (c.result == 0) {
		/* socketcall(SYS_SOCKET = 1, pointer to { AF_PACKET, SOCK_RAW, 0 }) */
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EPERM), 1, 0xffd00000u);
		CU_FAIL("a socket argument rule was accepted for x86, where socketcall hides it");
	} else {
		CU_ASSERT(c.result < 0);
		EXPECT_MESSAGE(&c.diags, NAME, "socketcall");
	}
	test_compiled_free(&c);
}

/* An x32 process passes 64-bit registers, and write's count is 64 bits
 * wide there: the filter may be stricter than the policy where libseccomp
 * compares only 32 bits, never weaker. */
static void x32_argument_rules_are_never_weaker_than_written(void)
{
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	compile_at(__LINE__,
		   "default_action = \"allow\";\n"
		   "architectures = [ \"native\", \"x32\" ];\n"
		   "rules = ( { syscall = \"write\"; action = \"errno(EFBIG)\";\n"
		   "            args = ( { index = 2; op = \"gt\"; value = 0x100000; } ); } );\n",
		   0, &c);
	if (c.result == 0) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "write"),
			   ERRNO(EFBIG), 1, 0, 0x100001);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "write"),
			   ERRNO(EFBIG), 1, 0, (1ull << 32) | 5);
	} else {
		EXPECT_MESSAGE(&c.diags, NAME, "write");
	}
	test_compiled_free(&c);
}

static void x32_numbers_meet_bad_arch_action_when_x32_is_not_listed(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "bad_arch_action = \"errno(EXDEV)\";\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, X32_BIT | 0, ERRNO(EXDEV), 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, X32_BIT | 59, ERRNO(EXDEV), 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, X32_BIT | 545, ERRNO(EXDEV), 0);
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
	}
	test_compiled_free(&c);
}

static void x32_numbers_follow_the_policy_when_x32_is_listed(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"errno(ENOSYS)\";\n"
					       "architectures = [ \"native\", \"x32\" ];\n"
					       "allow = [ \"read\" ];\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "read"), ALLOW, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, nr_on(SCMP_ARCH_X32, "write"),
			   ERRNO(ENOSYS), 0);
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
	}
	test_compiled_free(&c);
}

static void other_architectures_meet_bad_arch_action(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "bad_arch_action = \"kill_process\";\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 3, KILL, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_AARCH64, 63, KILL, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_ARM, 3, KILL, 0);
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
	}
	test_compiled_free(&c);
}

static void expect_bad_arch_form_at(unsigned at, const char *action, uint32_t want)
{
	char text[256];
	struct test_compiled c;

	snprintf(text, sizeof(text),
		 "default_action = \"errno(ENOSYS)\";\n"
		 "bad_arch_action = \"%s\";\n"
		 "allow = [ \"read\" ];\n",
		 action);
	if (native_is_x86_64() && compile_good_at(at, text, 0, &c)) {
		expect_answer_at(at, &c.filter, AUDIT_ARCH_I386, 3, action,
				 (const uint64_t[6]){ 0 }, want);
		expect_answer_at(at, &c.filter, AUDIT_ARCH_AARCH64, 63, action,
				 (const uint64_t[6]){ 0 }, want);
		expect_answer_at(at, &c.filter, AUDIT_ARCH_X86_64, X32_BIT | 0, action,
				 (const uint64_t[6]){ 0 }, want);
		expect_answer_at(at, &c.filter, AUDIT_ARCH_X86_64, 0, "read",
				 (const uint64_t[6]){ 0 }, ALLOW);
	}
	test_compiled_free(&c);
}

static void bad_arch_action_kill_process_kills(void)
{
	expect_bad_arch_form_at(__LINE__, "kill_process", SECCOMP_RET_KILL_PROCESS);
}

static void bad_arch_action_kill_thread_kills_the_thread(void)
{
	expect_bad_arch_form_at(__LINE__, "kill_thread", SECCOMP_RET_KILL_THREAD);
}

static void bad_arch_action_errno_returns_the_errno(void)
{
	expect_bad_arch_form_at(__LINE__, "errno(EXDEV)", ERRNO(EXDEV));
}

static void bad_arch_action_trap_traps(void)
{
	expect_bad_arch_form_at(__LINE__, "trap", SECCOMP_RET_TRAP);
}

static void bad_arch_action_allow_lets_other_architectures_through(void)
{
	expect_bad_arch_form_at(__LINE__, "allow", ALLOW);
}

static void policy_without_native_sends_native_calls_to_bad_arch_action(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "architectures = [ \"x86\" ];\n"
					       "deny = [ \"read\" ];\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 3, ERRNO(EPERM), 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 4, ALLOW, 0);
		EXPECT_X86_64(&c.filter, "write", KILL, 0);
		CU_ASSERT_EQUAL(c.filter.arch_count, 1);
		CU_ASSERT_EQUAL(c.filter.arches[0], SCMP_ARCH_X86);
	}
	test_compiled_free(&c);
}

/* ---- what the filter carries besides its program ------------------------ */

static void thread_sync_sets_the_tsync_flag(void)
{
	struct test_compiled on, off;

	if (COMPILE_GOOD("thread_sync = true;\n", &on))
		CU_ASSERT(on.filter.flags & SECCOMP_FILTER_FLAG_TSYNC);
	if (COMPILE_GOOD("thread_sync = false;\n", &off))
		CU_ASSERT_FALSE(off.filter.flags & SECCOMP_FILTER_FLAG_TSYNC);
	test_compiled_free(&on);
	test_compiled_free(&off);
}

static void log_sets_the_log_flag(void)
{
	struct test_compiled on, off;

	if (COMPILE_GOOD("log = true;\n", &on))
		CU_ASSERT(on.filter.flags & SECCOMP_FILTER_FLAG_LOG);
	if (COMPILE_GOOD("log = false;\n", &off))
		CU_ASSERT_FALSE(off.filter.flags & SECCOMP_FILTER_FLAG_LOG);
	test_compiled_free(&on);
	test_compiled_free(&off);
}

static void disable_ssb_sets_the_spec_allow_flag(void)
{
	struct test_compiled on, off;

	if (COMPILE_GOOD("disable_ssb = true;\n", &on))
		CU_ASSERT(on.filter.flags & SECCOMP_FILTER_FLAG_SPEC_ALLOW);
	if (COMPILE_GOOD("disable_ssb = false;\n", &off))
		CU_ASSERT_FALSE(off.filter.flags & SECCOMP_FILTER_FLAG_SPEC_ALLOW);
	test_compiled_free(&on);
	test_compiled_free(&off);
}

static void default_flags_are_tsync_only(void)
{
	struct test_compiled c;

	if (COMPILE_GOOD("# defaults\n", &c)) {
		CU_ASSERT_EQUAL(c.filter.flags, SECCOMP_FILTER_FLAG_TSYNC);
		CU_ASSERT_TRUE(c.filter.no_new_privs);
		CU_ASSERT_EQUAL(c.filter.probe_token, 0);
	}
	test_compiled_free(&c);
}

static void no_new_privs_is_copied(void)
{
	struct test_compiled on, off;

	if (COMPILE_GOOD("no_new_privs = true;\n", &on))
		CU_ASSERT_TRUE(on.filter.no_new_privs);
	if (COMPILE_GOOD("no_new_privs = false;\n", &off))
		CU_ASSERT_FALSE(off.filter.no_new_privs);
	test_compiled_free(&on);
	test_compiled_free(&off);
}

static void native_architecture_is_recorded(void)
{
	struct test_compiled c;

	if (COMPILE_GOOD("architectures = [ \"native\", \"native\" ];\n", &c)) {
		CU_ASSERT_EQUAL(c.filter.arch_count, 1);
		CU_ASSERT_EQUAL(c.filter.arches[0], seccomp_arch_native());
	}
	test_compiled_free(&c);
}

/* The shim's fast path takes the native architecture from arch.h, not from
 * libseccomp: the two must agree. */
static void build_time_native_architecture_is_libseccomps(void)
{
	CU_ASSERT_EQUAL(PRESEAL_NATIVE_ARCH, seccomp_arch_native());
}

static void filter_free_clears_the_filter(void)
{
	struct test_compiled c;

	if (COMPILE_GOOD("allow = [ \"read\" ];\n", &c)) {
		CU_ASSERT_PTR_NOT_NULL(c.filter.program);
		CU_ASSERT(c.filter.length > 0);
		filter_free(&c.filter);
		CU_ASSERT_PTR_NULL(c.filter.program);
		CU_ASSERT_EQUAL(c.filter.length, 0);
	}
	test_compiled_free(&c);
}

static void compiled_program_passes_the_kernels_checks(void)
{
	struct test_compiled c;
	char why[256];

	if (COMPILE_GOOD("allow = [ \"@system-service\" ];\n", &c))
		EXPECT(bpf_check(c.filter.program, c.filter.length, why, sizeof(why)) == 0,
		       "bpf_check: %s", why);
	test_compiled_free(&c);
}

/* ---- the probe ---------------------------------------------------------- */

#define TOKEN 0x5eed0123456789abull

static void probe_with_this_filters_token_answers_the_probe_errno(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_good_at(__LINE__, "allow = [ \"read\" ];\n", TOKEN, &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, PRESEAL_PROBE_NR,
			   ERRNO(PRESEAL_PROBE_ERRNO), TOKEN);
		CU_ASSERT_EQUAL(c.filter.probe_token, TOKEN);
	}
	test_compiled_free(&c);
}

static void probe_with_another_token_is_allowed_under_a_kill_default(void)
{
	struct test_compiled c;

	if (native_is_x86_64() &&
	    compile_good_at(__LINE__, "default_action = \"kill_process\";\n", TOKEN, &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, PRESEAL_PROBE_NR, ALLOW, TOKEN + 1);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, PRESEAL_PROBE_NR, ALLOW,
			   TOKEN ^ (1ull << 32));
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, PRESEAL_PROBE_NR, ALLOW, 0);
	}
	test_compiled_free(&c);
}

static void probe_does_not_change_other_answers(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_good_at(__LINE__,
						  "default_action = \"kill_process\";\n"
						  "allow = [ \"read\" ];\n",
						  TOKEN, &c)) {
		EXPECT_X86_64(&c.filter, "read", ALLOW, (uint64_t)TOKEN);
		EXPECT_X86_64(&c.filter, "write", KILL, (uint64_t)TOKEN);
		/* only the native architecture's probe is answered */
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, PRESEAL_PROBE_NR, KILL, TOKEN);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, X32_BIT | PRESEAL_PROBE_NR, KILL, TOKEN);
	}
	test_compiled_free(&c);
}

static void filter_without_a_token_has_no_probe(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"errno(ENOSYS)\";\n", &c))
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, PRESEAL_PROBE_NR, ERRNO(ENOSYS), 0);
	test_compiled_free(&c);
}

/* ---- verification ------------------------------------------------------- */

static const char tamper_text[] = "default_action = \"allow\";\n"
				  "deny_action = \"errno(EACCES)\";\n"
				  "deny = [ \"ptrace\" ];\n";

/* Rewrites every RET FROM in FILTER to RET TO; returns how many. */
static size_t replace_returns(struct filter *filter, uint32_t from, uint32_t to)
{
	size_t replaced = 0;

	for (size_t i = 0; i < filter->length; i++) {
		struct sock_filter *instruction = &filter->program[i];

		if (instruction->code == (BPF_RET | BPF_K) && instruction->k == from) {
			instruction->k = to;
			replaced++;
		}
	}
	return replaced;
}

static void verification_accepts_the_filter_it_compiled(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (COMPILE_GOOD(tamper_text, &c)) {
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), 0);
		CU_ASSERT_EQUAL(diags.count, 0);
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void verification_catches_a_denied_syscall_that_was_allowed(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (native_is_x86_64() && COMPILE_GOOD(tamper_text, &c)) {
		CU_ASSERT(replace_returns(&c.filter, ERRNO(EACCES), ALLOW) >= 1);
		EXPECT_X86_64(&c.filter, "ptrace", ALLOW, 0);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 3,
			    "the compiled filter disagrees with the policy: ptrace (nr 101");
		EXPECT_DIAG(&diags, NAME, 3, "gives allow but the policy says errno(EACCES)");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void verification_catches_a_one_instruction_allow_everything(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };
	struct sock_filter allow_all = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

	if (COMPILE_GOOD(tamper_text, &c)) {
		c.filter.program[0] = allow_all;
		c.filter.length = 1;
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 3, "disagrees with the policy: ptrace");
		EXPECT_MESSAGE(&diags, NAME, "any syscall of an unlisted architecture");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void verification_catches_a_changed_default(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (native_is_x86_64() && COMPILE_GOOD("\ndefault_action = \"errno(ENOSYS)\";\n"
					       "allow = [ \"read\" ];\n",
					       &c)) {
		CU_ASSERT(replace_returns(&c.filter, ERRNO(ENOSYS), ALLOW) >= 1);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 2, "(nr 1, arch 0xc000003e, args 0x0 ");
		EXPECT_DIAG(&diags, NAME, 2, "gives allow but the policy says errno(ENOSYS)");
		EXPECT_DIAG(&diags, NAME, 0, "more disagreements");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

/* The policy does not mention write, but the message must say which call
 * disagrees by name, not only by number. */
static void verification_names_a_syscall_the_policy_does_not_mention(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (native_is_x86_64() && COMPILE_GOOD("\ndefault_action = \"errno(ENOSYS)\";\n"
					       "allow = [ \"read\" ];\n",
					       &c)) {
		CU_ASSERT(replace_returns(&c.filter, ERRNO(ENOSYS), ALLOW) >= 1);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 2, "disagrees with the policy: write (nr 1,");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void verification_catches_other_architectures_let_through(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (COMPILE_GOOD("default_action = \"allow\";\n"
			 "bad_arch_action = \"errno(EXDEV)\";\n",
			 &c)) {
		CU_ASSERT(replace_returns(&c.filter, ERRNO(EXDEV), ALLOW) >= 1);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_MESSAGE(&diags, NAME,
			       "any syscall of an unlisted architecture (nr 1, arch 0x40000003");
		EXPECT_MESSAGE(&diags, NAME, "gives allow but the policy says errno(EXDEV)");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

/* A wrong answer for another architecture is bad_arch_action's doing: the
 * message points to that setting, not to default_action. */
static void verification_blames_bad_arch_action_at_its_line(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (COMPILE_GOOD("default_action = \"allow\";\n"
			 "bad_arch_action = \"errno(EXDEV)\";\n",
			 &c)) {
		CU_ASSERT(replace_returns(&c.filter, ERRNO(EXDEV), ALLOW) >= 1);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 2, "any syscall of an unlisted architecture");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void verification_catches_an_argument_rule_that_lost_its_condition(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = (\n"
			 "  { syscall = \"kill\"; action = \"errno(EACCES)\";\n"
			 "    args = ( { index = 1; op = \"eq\"; value = \"SIGKILL\"; } ); } );\n",
			 &c)) {
		/* every argument test jumps as if it held */
		for (size_t i = 0; i < c.filter.length; i++)
			if (BPF_CLASS(c.filter.program[i].code) == BPF_JMP &&
			    BPF_OP(c.filter.program[i].code) == BPF_JEQ &&
			    c.filter.program[i].k == SIGKILL)
				c.filter.program[i].jf = c.filter.program[i].jt;
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		/* no rule matches these arguments: the default's line is blamed */
		EXPECT_DIAG(&diags, NAME, 1, "disagrees with the policy: kill (nr 62");
		EXPECT_DIAG(&diags, NAME, 1, "gives errno(EACCES) but the policy says allow");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void verification_catches_a_probe_answer_for_a_foreign_token(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (native_is_x86_64() && compile_good_at(__LINE__, "allow = [ \"read\" ];\n", TOKEN, &c)) {
		/* the prefix's "another token" return */
		CU_ASSERT(replace_returns(&c.filter, ALLOW, KILL) >= 1);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 0, "preseal's probe for another filter");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

/* ---- complete verification ---------------------------------------------- */

/* Replaces C's program with COUNT instructions of PROGRAM. */
static void replace_program(struct test_compiled *c, const struct sock_filter *program,
			    size_t count)
{
	struct sock_filter *copy = malloc(count * sizeof(*copy));

	CU_ASSERT_FATAL(copy != NULL);
	memcpy(copy, program, count * sizeof(*copy));
	free(c->filter.program);
	c->filter.program = copy;
	c->filter.length = count;
}

/* A hand-written filter that agrees with the policy on 0x1234, on every
 * boundary value the policy's constants suggest and on all-ones, but also
 * answers errno(EIO) to prctl(…, 0x4000, …), a value the policy never
 * wrote.  Candidates drawn from the policy never try it; the walk over the
 * filter's own paths does. */
static void verification_catches_a_filter_wrong_only_on_a_constant_the_policy_never_wrote(void)
{
	const struct sock_filter wrong[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 10),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_BIT, 8, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 157, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1]) + BPF_HIGH_HALF),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[1]) + BPF_LOW_HALF),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1234, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4000, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (native_is_x86_64() &&
	    COMPILE_GOOD("default_action = \"allow\";\n"
			 "rules = ( { syscall = \"prctl\"; action = \"errno(EIO)\";\n"
			 "            args = ( { index = 1; op = \"eq\"; value = 0x1234; } ); "
			 "} );\n",
			 &c)) {
		replace_program(&c, wrong, COUNT(wrong));
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, 157, ERRNO(EIO), 0, 0x1234);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, 157, ERRNO(EIO), 0, 0x4000);
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
		EXPECT_DIAG(&diags, NAME, 1,
			    "the compiled filter disagrees with the policy: prctl (nr 157, arch "
			    "0xc000003e, args 0x0 0x4000 0x0 0x0 0x0 0x0) gives errno(EIO) but the "
			    "policy says allow");
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void libseccomp_merged_ge_tests_on_ioctl_fail_verification(void)
{
	struct test_compiled c;
	int x86_ioctl = nr_on(SCMP_ARCH_X86, "ioctl");

	if (!native_is_x86_64())
		return;
	compile_with(__LINE__, test_libseccomp_merged_ge_policy, &with_libseccomp, &c);
	if (c.result == 0) {
		/* a libseccomp without the bug: its filter must be right */
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, x86_ioctl, KILL, 0, 2, 0, 1, 0, 0);
		test_compiled_free(&c);
		return;
	}
	/* Refused: by the verifier, unless the model already refuses these
	 * checks for libseccomp (narrow arguments, on the widths branch). */
	CU_ASSERT(c.result < 0);
	CU_ASSERT_PTR_NULL(c.filter.program);
	if (c.result == -EPROTO) {
		EXPECT_DIAG(&c.diags, NAME, 6,
			    "the compiled filter disagrees with the policy: ioctl");
		EXPECT_DIAG(&c.diags, NAME, 6, "gives allow but the policy says kill_process");
	}
	test_compiled_free(&c);
}

/* Sixty values on one argument: the candidates used to stop at 48 per
 * argument, so a filter wrong only about the last value's neighbours was
 * accepted.  The walk has no such limit. */
static void verification_catches_a_filter_wrong_beyond_the_48th_value(void)
{
	struct text_buffer {
		char data[8192];
		size_t used;
	} text = { .used = 0 };
	struct test_compiled c;
	struct diag_list diags = { 0 };
	size_t changed = 0;

	text.used += (size_t)snprintf(text.data, sizeof(text.data),
				      "default_action = \"allow\";\nrules = (\n");
	for (unsigned i = 0; i < 60; i++)
		text.used +=
			(size_t)snprintf(text.data + text.used, sizeof(text.data) - text.used,
					 "%s{ syscall = \"ioctl\"; action = \"errno(EIO)\"; "
					 "args = ( { index = 1; op = \"eq\"; value = %u; } ); }",
					 i ? ",\n" : "", 0x1000 + 3 * i);
	snprintf(text.data + text.used, sizeof(text.data) - text.used, "\n);\n");
	if (!native_is_x86_64() || !COMPILE_GOOD(text.data, &c))
		return;
	/* the 60th value's range now starts one lower */
	for (size_t i = 0; i < c.filter.length && !changed; i++)
		if (BPF_CLASS(c.filter.program[i].code) == BPF_JMP &&
		    BPF_OP(c.filter.program[i].code) != BPF_JA &&
		    c.filter.program[i].k == 0x1000 + 3 * 59) {
			c.filter.program[i].k--;
			changed++;
		}
	CU_ASSERT_EQUAL_FATAL(changed, 1);
	EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, 16, ERRNO(EIO), 0, 0x1000 + 3 * 59 - 1);
	CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), -EPROTO);
	EXPECT_DIAG(&diags, NAME, 1,
		    "disagrees with the policy: ioctl (nr 16, arch 0xc000003e, args 0x0 0x10b0 ");
	EXPECT_DIAG(&diags, NAME, 1, "gives errno(EIO) but the policy says allow");
	diag_free(&diags);
	test_compiled_free(&c);
}

/* GHSA-4q85-33p6-j5g6: two lt (or le) rules with one action on one
 * argument; before 2.6.1 libseccomp lets a0 == 2 escape both (see
 * test_bpf.c).  Its filter must not pass the verifier; preseal's own
 * generator gets the policy right. */
static void merge_bug_policy(char *text, size_t size, const char *op, const char *low,
			     const char *high)
{
	snprintf(text, size,
		 "default_action = \"allow\";\n"
		 "rules = ( { syscall = \"getppid\"; action = \"errno(1)\";\n"
		 "            args = ( { index = 0; op = \"%s\"; value = %s; } ); },\n"
		 "          { syscall = \"getppid\"; action = \"errno(1)\";\n"
		 "            args = ( { index = 0; op = \"%s\"; value = %s; } ); } );\n",
		 op, low, op, high);
}

static void expect_merge_bug_caught_at(unsigned at, const char *op, const char *low,
				       const char *high)
{
	char text[512];
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	merge_bug_policy(text, sizeof(text), op, low, high);
	compile_with(at, text, &with_libseccomp, &c);
	if (test_libseccomp_older_than(2, 6, 1)) {
		EXPECT_AT(at, c.result == -EPROTO, "compile_policy = %d, not -EPROTO", c.result);
		expect_diag_at(at, &c.diags, NAME, 4,
			       "the compiled filter disagrees with the policy: getppid (nr 110, "
			       "arch 0xc000003e, args 0x");
		expect_diag_at(at, &c.diags, NAME, 4,
			       "gives allow but the policy says errno(EPERM)");
		expect_diag_at(at, &c.diags, NAME, 4, "this libseccomp cannot express the policy");
		EXPECT_AT(at, c.filter.program == NULL, "a filter was returned");
	} else {
		EXPECT_AT(at, c.result == 0, "compile_policy = %d", c.result);
		if (c.result == 0)
			expect_answer_at(at, &c.filter, AUDIT_ARCH_X86_64, 110, "getppid",
					 (const uint64_t[6]){ 2 }, ERRNO(1));
	}
	test_compiled_free(&c);
}

static void libseccomp_merged_lt_comparisons_fail_verification(void)
{
	expect_merge_bug_caught_at(__LINE__, "lt", "2", "0x100000002L");
}

static void libseccomp_merged_le_comparisons_fail_verification(void)
{
	expect_merge_bug_caught_at(__LINE__, "le", "1", "0x100000001L");
}

static void expect_merge_policy_holds_at(unsigned at, const char *op, const char *low,
					 const char *high, uint64_t limit)
{
	static const uint64_t probes[] = { 0,		1,	     2,		  3,
					   0xffffffff,	0x100000000, 0x100000001, 0x100000002,
					   0x100000003, 0x1ffffffff, UINT64_MAX };
	char text[512];
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	merge_bug_policy(text, sizeof(text), op, low, high);
	compile_with(at, text, NULL, &c);
	EXPECT_AT(at, c.result == 0, "compile_policy = %d", c.result);
	for (size_t i = 0; c.result == 0 && i < COUNT(probes); i++) {
		bool denied = strcmp(op, "lt") == 0 ? probes[i] < limit : probes[i] <= limit;

		expect_answer_at(at, &c.filter, AUDIT_ARCH_X86_64, 110, "getppid",
				 (const uint64_t[6]){ probes[i] }, denied ? ERRNO(1) : ALLOW);
	}
	test_compiled_free(&c);
}

static void merged_lt_comparisons_compile_and_hold(void)
{
	expect_merge_policy_holds_at(__LINE__, "lt", "2", "0x100000002L", 0x100000002);
}

static void merged_le_comparisons_compile_and_hold(void)
{
	expect_merge_policy_holds_at(__LINE__, "le", "1", "0x100000001L", 0x100000001);
}

static const char default_inside_allow_text[] =
	"default_action = \"errno(EPERM)\";\n"
	"rules = ( { syscall = \"ioctl\"; action = \"allow\";\n"
	"            args = ( { index = 1; op = \"ne\"; value = \"TIOCSTI\"; } ); },\n"
	"          { syscall = \"ioctl\"; action = \"errno(EPERM)\";\n"
	"            args = ( { index = 1; op = \"masked_eq\"; mask = 0xffffffff;\n"
	"                       value = \"TIOCSTI\"; } ); } );\n";

/* The same on an argument of 64 bits (prctl's second): ioctl's request is
 * an unsigned int, whose two rules above are disjoint as the kernel reads
 * it, and libseccomp then writes them exactly. */
static const char default_inside_wide_allow_text[] =
	"default_action = \"errno(EPERM)\";\n"
	"rules = ( { syscall = \"prctl\"; action = \"allow\";\n"
	"            args = ( { index = 1; op = \"ne\"; value = 5; } ); },\n"
	"          { syscall = \"prctl\"; action = \"errno(EPERM)\";\n"
	"            args = ( { index = 1; op = \"masked_eq\"; mask = 0xffffffff;\n"
	"                       value = 5; } ); } );\n";

/* libseccomp cannot add the rule that repeats the default, so its filter
 * lets the wider allow win: refused, with a hint. */
static void libseccomp_default_equal_rule_under_a_wider_allow_is_rejected_with_a_hint(void)
{
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	compile_with(__LINE__, default_inside_wide_allow_text, &with_libseccomp, &c);
	CU_ASSERT_EQUAL(c.result, -EPROTO);
	EXPECT_DIAG(&c.diags, NAME, 4, "disagrees with the policy: prctl");
	EXPECT_DIAG(&c.diags, NAME, 4, "this rule repeats the default action");
	EXPECT_DIAG(&c.diags, NAME, 4, "masked_ne");
	test_compiled_free(&c);
}

/* For libseccomp a ne on an int is one masked_eq per bit of its 32 (the
 * kernel reads no more), a masked_ne one per bit of its mask: a rule with
 * both would be 32 * 64 rules, and is refused at its line. */
static void libseccomp_refuses_a_rule_that_takes_more_than_256_rules(void)
{
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	compile_with(
		__LINE__,
		"default_action = \"allow\";\n"
		"rules = ( { syscall = \"ioctl\"; action = \"errno(EPERM)\";\n"
		"            args = ( { index = 1; op = \"ne\"; value = \"TIOCSTI\"; },\n"
		"                     { index = 2; op = \"masked_ne\"; mask = -1; value = 0; } "
		"); } );\n",
		&with_libseccomp, &c);
	CU_ASSERT_EQUAL(c.result, -EINVAL);
	EXPECT_DIAG(&c.diags, NAME, 2, "takes libseccomp more than 256 rules");
	test_compiled_free(&c);
}

/* preseal's generator tests that rule where it must win. */
static void default_equal_rule_under_a_wider_allow_wins(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD(default_inside_allow_text, &c)) {
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EPERM), 0, TIOCSTI);
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EPERM), 0, TIOCSTI | 0x500000000ull);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, FIONREAD);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, TIOCSTI + 1);
	}
	test_compiled_free(&c);
}

/* ---- PFC ---------------------------------------------------------------- */

static void pfc_names_the_syscalls(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy = policy_read_string(tamper_text, NAME, NULL, &diags);
	int fd = memfd_create("pfc", MFD_CLOEXEC);
	char text[8192] = "";
	ssize_t length;

	REQUIRE(policy);
	REQUIRE(fd >= 0);
	CU_ASSERT_EQUAL(compile_pfc(policy, NULL, fd, &diags), 0);
	length = pread(fd, text, sizeof(text) - 1, 0);
	CU_ASSERT(length > 0);
	if (length > 0)
		text[length] = '\0';
	EXPECT(strstr(text, "\"ptrace\"") != NULL, "no ptrace in: %s", text);
	EXPECT(strstr(text, "ERRNO(13)") != NULL, "no ERRNO(13) in: %s", text);
	CU_ASSERT_EQUAL(diags.count, 0);
	close(fd);
	policy_free(policy);
	diag_free(&diags);
}

static void pfc_of_an_unknown_syscall_is_an_error(void)
{
	struct diag_list diags = { 0 };
	struct policy *policy =
		policy_read_string("\nallow = [ \"opnat\" ];\n", NAME, NULL, &diags);
	int fd = memfd_create("pfc", MFD_CLOEXEC);

	REQUIRE(policy);
	REQUIRE(fd >= 0);
	CU_ASSERT(compile_pfc(policy, NULL, fd, &diags) < 0);
	EXPECT_DIAG(&diags, NAME, 2, "unknown syscall 'opnat'");
	close(fd);
	policy_free(policy);
	diag_free(&diags);
}

/* ---- policies on disk (tests/policies) ---------------------------------- */

#define POLICIES    "tests/policies"
#define EXPECTS_MAX 16

struct expected {
	char file[128]; /* relative to tests/policies/bad, or "" for the file itself */
	int line;
	char text[768];
};

static int is_policy_file(const struct dirent *entry)
{
	size_t length = strlen(entry->d_name);

	return length > 4 && strcmp(entry->d_name + length - 4, ".cfg") == 0;
}

/* The .cfg files of tests/policies/KIND, sorted, or -1 (and a counted
 * skip) when the runner was started outside the repository root. */
static int list_policies(const char *kind, struct dirent ***entries)
{
	char folder[64];
	int count;

	snprintf(folder, sizeof(folder), "%s/%s", POLICIES, kind);
	count = scandir(folder, entries, is_policy_file, alphasort);
	if (count < 0)
		test_skip("tests/policies not found: run the tests from the repository root");
	return count;
}

static void free_entries(struct dirent **entries, int count)
{
	for (int i = 0; i < count; i++)
		free(entries[i]);
	free(entries);
}

/* Reads and compiles PATH as `preseal check` does: the reader's messages,
 * or the compiler's when the reader accepted it. */
static int check_file(const char *path, struct diag_list *diags)
{
	struct policy *policy = policy_read_file(path, 0, diags);
	struct filter filter;
	int result;

	if (!policy)
		return -EINVAL;
	result = compile_policy(policy, NULL, &filter, diags);
	filter_free(&filter);
	policy_free(policy);
	return result;
}

/* The "# expect: LINE: TEXT" and "# expect: FILE:LINE: TEXT" lines of
 * PATH; FILE is relative to tests/policies/bad. */
static size_t read_expectations(const char *path, struct expected *expected, size_t size)
{
	FILE *file = fopen(path, "r");
	char line[1024];
	size_t count = 0;

	if (!file)
		return 0;
	while (fgets(line, sizeof(line), file)) {
		struct expected *next = &expected[count];
		int offset = 0;

		line[strcspn(line, "\n")] = '\0';
		if (count == size || strncmp(line, "# expect: ", 10) != 0)
			continue;
		next->file[0] = '\0';
		if (sscanf(line + 10, "%d: %n", &next->line, &offset) != 1 &&
		    sscanf(line + 10, "%127[^:]:%d: %n", next->file, &next->line, &offset) != 2)
			continue;
		if (offset == 0)
			continue;
		snprintf(next->text, sizeof(next->text), "%s", line + 10 + offset);
		count++;
	}
	fclose(file);
	return count;
}

/* True when DIAGS holds the error EXPECTED exactly: its file, line and
 * whole message. */
static bool has_expected_error(const struct diag_list *diags, const char *path,
			       const struct expected *expected)
{
	char file[512];

	if (expected->file[0])
		snprintf(file, sizeof(file), "%s/bad/%.127s", POLICIES, expected->file);
	else
		snprintf(file, sizeof(file), "%.400s", path);
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *entry = &diags->items[i];

		if (entry->severity == DIAG_ERROR && entry->file &&
		    strcmp(entry->file, file) == 0 && entry->line == expected->line &&
		    strcmp(entry->message, expected->text) == 0)
			return true;
	}
	return false;
}

static void every_good_policy_file_is_accepted(void)
{
	struct dirent **entries;
	int count = list_policies("good", &entries);

	for (int i = 0; i < count; i++) {
		char path[512], shown[1024];
		struct diag_list diags = { 0 };
		int result;

		snprintf(path, sizeof(path), "%s/good/%s", POLICIES, entries[i]->d_name);
		result = check_file(path, &diags);
		test_show_diags(&diags, shown, sizeof(shown));
		EXPECT(result == 0 && diags.count == 0, "%s: %d %s", path, result, shown);
		diag_free(&diags);
	}
	if (count >= 0) {
		CU_ASSERT(count >= 3);
		free_entries(entries, count);
	}
}

static void every_bad_policy_file_gives_its_expected_messages(void)
{
	struct dirent **entries;
	int count = list_policies("bad", &entries);

	for (int i = 0; i < count; i++) {
		char path[512], shown[1024];
		struct expected expected[EXPECTS_MAX];
		struct diag_list diags = { 0 };
		size_t expects;
		int result;

		snprintf(path, sizeof(path), "%s/bad/%s", POLICIES, entries[i]->d_name);
		expects = read_expectations(path, expected, EXPECTS_MAX);
		EXPECT(expects > 0, "%s has no \"# expect: LINE: TEXT\" line", path);
		result = check_file(path, &diags);
		test_show_diags(&diags, shown, sizeof(shown));
		EXPECT(result < 0, "%s was accepted", path);
		EXPECT(diags.count == expects, "%s: %zu messages expected, got %s", path, expects,
		       shown);
		for (size_t e = 0; e < expects; e++)
			EXPECT(has_expected_error(&diags, path, &expected[e]),
			       "%.200s: no message exactly \"%.400s\" at %.127s line %d; got "
			       "%.1000s",
			       path, expected[e].text,
			       expected[e].file[0] ? expected[e].file : "its", expected[e].line,
			       shown);
		diag_free(&diags);
	}
	if (count >= 0) {
		CU_ASSERT(count >= 60);
		free_entries(entries, count);
	}
}

/* The bad-input corpus's 10 MiB case is written at test time: the
 * repository keeps no such file.  Its lines look like a policy's. */
static bool write_10_mib(const char *path)
{
	static const char line[] = "deny = [ \"ptrace\" ]; # a policy ten megabytes long .......\n";
	FILE *file = fopen(path, "w");
	bool ok = file != NULL;

	for (size_t written = 0; ok && written < (10u << 20); written += sizeof(line) - 1)
		ok = fputs(line, file) >= 0;
	if (file)
		ok = fclose(file) == 0 && ok;
	return ok;
}

static void policy_of_10_mib_is_refused_whole(void)
{
	char dir[256], path[300], shown[1024];
	struct diag_list diags = { 0 };

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	snprintf(path, sizeof(path), "%s/big.cfg", dir);
	if (write_10_mib(path)) {
		EXPECT(check_file(path, &diags) < 0, "a 10 MiB policy was accepted");
		test_show_diags(&diags, shown, sizeof(shown));
		EXPECT(diags.count == 1 && test_has_diag(&diags, path, 0,
							 "is larger than 4 MiB, too large to be a "
							 "policy"),
		       "%s", shown);
	} else {
		CU_FAIL("cannot write a 10 MiB file");
	}
	diag_free(&diags);
	live_remove_tree(dir);
}

/* libconfig reads includes itself; preseal's patch to it refuses an
 * include larger than a policy may be before reading it. */
static void include_of_10_mib_is_refused(void)
{
	char dir[256], top[300], big[300], shown[1024];
	struct diag_list diags = { 0 };
	FILE *file;

	if (live_temp_dir(dir, sizeof(dir)) < 0)
		return;
	snprintf(top, sizeof(top), "%s/top.cfg", dir);
	snprintf(big, sizeof(big), "%s/big.cfg", dir);
	file = fopen(top, "w");
	if (file) {
		fputs("default_action = \"allow\";\n@include \"big.cfg\"\n", file);
		fclose(file);
	}
	if (file && write_10_mib(big)) {
		EXPECT(check_file(top, &diags) < 0, "a policy including 10 MiB was accepted");
		test_show_diags(&diags, shown, sizeof(shown));
		EXPECT(diags.count == 1 &&
			       test_has_diag(&diags, top, 2,
					     "include file is not a regular file of at most 4 MiB"),
		       "%s", shown);
	} else {
		CU_FAIL("cannot write the policies");
	}
	diag_free(&diags);
	live_remove_tree(dir);
}

/* ---- the built-in baseline ---------------------------------------------- */

static bool compile_baseline(struct test_compiled *c)
{
	const struct builtin_profile *baseline = profiles_find("baseline");
	char shown[1024];

	*c = (struct test_compiled){ .result = -EINVAL };
	CU_ASSERT_PTR_NOT_NULL(baseline);
	if (!baseline)
		return false;
	c->policy = policy_read_string(profiles_text(baseline), "baseline.cfg", NULL, &c->diags);
	if (c->policy)
		c->result = compile_policy(c->policy, NULL, &c->filter, &c->diags);
	test_show_diags(&c->diags, shown, sizeof(shown));
	EXPECT(c->result == 0 && c->diags.count == 0, "baseline: %d %s", c->result, shown);
	return c->result == 0;
}

static void baseline_compiles_and_verifies(void)
{
	struct test_compiled c;
	struct diag_list diags = { 0 };

	if (compile_baseline(&c)) {
		CU_ASSERT_EQUAL(verify_filter(c.policy, &c.filter, &diags), 0);
		CU_ASSERT_EQUAL(diags.count, 0);
	}
	diag_free(&diags);
	test_compiled_free(&c);
}

static void baseline_shuts_the_riskiest_doors_with_eperm(void)
{
	static const char *const shut[] = {
		"ptrace",
		"bpf",
		"mount",
		"unshare",
		"init_module",
		"kexec_load",
		"io_uring_setup",
		"perf_event_open",
		"userfaultfd",
		"add_key",
		"process_vm_writev",
		"iopl",
		"acct",
		"settimeofday",
		"setns",
	};
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c))
		for (size_t i = 0; i < COUNT(shut); i++)
			EXPECT_X86_64(&c.filter, shut[i], ERRNO(EPERM), 0);
	test_compiled_free(&c);
}

static void baseline_answers_clone3_with_enosys(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c))
		EXPECT_X86_64(&c.filter, "clone3", ERRNO(ENOSYS), 0);
	test_compiled_free(&c);
}

static void baseline_refuses_clone_into_a_new_user_namespace(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_X86_64(&c.filter, "clone", ERRNO(EPERM), CLONE_NEWUSER | SIGCHLD);
		EXPECT_X86_64(&c.filter, "clone", ERRNO(EPERM), CLONE_NEWNET);
		EXPECT_X86_64(&c.filter, "clone", ERRNO(EPERM), CLONE_NEWNS | CLONE_VM);
	}
	test_compiled_free(&c);
}

static void baseline_allows_plain_clone(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_X86_64(&c.filter, "clone", ALLOW, SIGCHLD);
		EXPECT_X86_64(&c.filter, "clone", ALLOW,
			      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
				      CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
				      CLONE_CHILD_CLEARTID);
	}
	test_compiled_free(&c);
}

static void baseline_allows_only_harmless_personalities(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_X86_64(&c.filter, "personality", ALLOW, 0);
		EXPECT_X86_64(&c.filter, "personality", ALLOW, 0xffffffffu);
		EXPECT_X86_64(&c.filter, "personality", ALLOW, PER_LINUX32);
		EXPECT_X86_64(&c.filter, "personality", ERRNO(EPERM), READ_IMPLIES_EXEC);
		EXPECT_X86_64(&c.filter, "personality", ERRNO(EPERM), ADDR_NO_RANDOMIZE);
	}
	test_compiled_free(&c);
}

static void baseline_answers_tiocsti_with_eio(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EIO), 0, TIOCSTI);
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EIO), 0, TIOCSTI | (1ull << 32));
		EXPECT_X86_64(&c.filter, "ioctl", ERRNO(EIO), 7, TIOCSTI | 0xffffffff00000000ull);
	}
	test_compiled_free(&c);
}

static void baseline_allows_other_ioctls(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 0, TCGETS);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 1, TIOCGWINSZ);
		EXPECT_X86_64(&c.filter, "ioctl", ALLOW, 3, FIONREAD);
	}
	test_compiled_free(&c);
}

static void baseline_allows_ordinary_io(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_X86_64(&c.filter, "read", ALLOW, 0);
		EXPECT_X86_64(&c.filter, "write", ALLOW, 1);
		EXPECT_X86_64(&c.filter, "openat", ALLOW, (uint64_t)AT_FDCWD, 0, O_RDONLY);
		EXPECT_X86_64(&c.filter, "mmap", ALLOW, 0, 4096, PROT_READ | PROT_EXEC);
		EXPECT_X86_64(&c.filter, "execve", ALLOW, 0);
		EXPECT_X86_64(&c.filter, "exit_group", ALLOW, 0);
	}
	test_compiled_free(&c);
}

static void baseline_sends_other_architectures_to_kill(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && compile_baseline(&c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 3, KILL, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, X32_BIT | 0, KILL, 0);
	}
	test_compiled_free(&c);
}

/* libseccomp 2.5 names x86's socket calls by negative pseudo numbers, yet
 * allows their real numbers (socket is 359) too: the verifier must know
 * them by those, or it refuses a correct filter. */
static void x86_socket_calls_verify_under_their_real_numbers(void)
{
	static const char text[] = "architectures = [ \"x86_64\", \"x86\" ];\n"
				   "allow = [ \"socket\", \"exit_group\" ];\n";
	struct test_compiled c;

	if (native_is_x86_64() && compile_good_at(__LINE__, text, 0, &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 359, ALLOW, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 360, KILL, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_X86_64, 41, ALLOW, 0);
	}
	test_compiled_free(&c);
}

/* ---- libseccomp off the loading path ------------------------------------- */

/* libseccomp 2.5.4 gets test_libseccomp_merged_ge_policy wrong, and the
 * verifier's old fallback, one argument at a time with the others zero,
 * never tried a call that shows it.  preseal's own generator builds every
 * filter now: the call is killed, on x86 as on x86-64. */
static void x86_policy_libseccomp_miscompiles_kills_the_call(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD(test_libseccomp_merged_ge_policy, &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ioctl"), KILL, 0, 2, 0,
			   1, 0, 0);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ioctl"), ALLOW, 0, 2,
			   0, 0, 0, 0);
		EXPECT_X86_64(&c.filter, "ioctl", KILL, 0, 2, 0, 1, 0, 0);
	}
	test_compiled_free(&c);
}

/* Compiles TEXT in a child that has LIVE_TIMEOUT seconds: 0 when it
 * compiled, 1 when it was refused; a compile that hangs is timed out. */
static int compile_in_child(void *context)
{
	struct test_compiled c;
	int result;

	test_compile_at(__LINE__, NAME, context, NULL, &c);
	result = c.result == 0 ? 0 : 1;
	test_compiled_free(&c);
	return result;
}

static bool expect_compiles_in_time_at(unsigned at, const char *text)
{
	char shown[64];
	struct live_status status = live_fork(compile_in_child, (void *)text);

	EXPECT_AT(at, live_exited_with(status, 0), "the compile ended with %s",
		  live_describe(status, shown, sizeof(shown)));
	return live_exited_with(status, 0);
}

/* libseccomp 2.5.4 never finishes two rules for one syscall that share a
 * range check on one argument and differ in kind on another, for x86. */
static const char shared_range_text[] =
	"default_action = \"allow\";\n"
	"architectures = [ \"native\", \"x86\" ];\n"
	"rules = ( { syscall = \"ioctl\"; action = \"errno(1)\";\n"
	"            args = ( { index = 1; op = \"ge\"; value = 1; },\n"
	"                     { index = 2; op = \"lt\"; value = 10; } ); },\n"
	"          { syscall = \"ioctl\"; action = \"errno(1)\";\n"
	"            args = ( { index = 1; op = \"ge\"; value = 1; },\n"
	"                     { index = 2; op = \"eq\"; value = 20; } ); } );\n";

static void x86_rules_sharing_a_range_check_compile_in_seconds(void)
{
	struct test_compiled c;

	/* Then in this process, to look at the answers. */
	if (!native_is_x86_64() || !expect_compiles_in_time_at(__LINE__, shared_range_text))
		return;
	if (COMPILE_GOOD(shared_range_text, &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ioctl"), ERRNO(1), 0,
			   1, 20);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ioctl"), ERRNO(1), 0,
			   5, 9);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ioctl"), ALLOW, 0, 1,
			   10);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ioctl"), ALLOW, 0, 0,
			   5);
	}
	test_compiled_free(&c);
}

/* Nine argument rules over three syscalls with x86 listed. */
static void nine_argument_rules_with_x86_compile_in_seconds(void)
{
	char text[4096];
	size_t used;
	static const char *const names[] = { "ioctl", "fcntl", "prctl" };

	if (!native_is_x86_64())
		return;
	used = (size_t)snprintf(text, sizeof(text),
				"default_action = \"allow\";\n"
				"architectures = [ \"native\", \"x86\" ];\n"
				"rules = (");
	for (unsigned i = 0; i < 9; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s { syscall = \"%s\"; action = \"errno(%u)\";\n"
					 "  args = ( { index = 1; op = \"ge\"; value = %u; },\n"
					 "           { index = %u; op = \"%s\"; value = %u; } ); }",
					 i ? "," : "", names[i % 3], 1 + i % 2, 1 + i / 3,
					 2 + i % 3, i % 2 ? "eq" : "lt", 10 + i);
	snprintf(text + used, sizeof(text) - used, " );\n");
	expect_compiles_in_time_at(__LINE__, text);
}

/* preseal's generator builds x86 filters now: a rule on socket also speaks
 * for socketcall(SYS_SOCKET = 1), and socket's direct number (359). */
static void x86_socketcall_is_denied_where_socket_is(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "architectures = [ \"native\", \"x86\" ];\n"
					       "deny = [ \"socket\" ];\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EPERM), 1);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EPERM), 1 | (1ull << 32));
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"), ALLOW,
			   2);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 359, ERRNO(EPERM), 0);
		EXPECT_X86_64(&c.filter, "socket", ERRNO(EPERM), 0);
	}
	test_compiled_free(&c);
}

/* ipc() takes the call from the low 16 bits of its first argument and a
 * version from the high 16: ipc(1 << 16 | SEMOP) is semop.  libseccomp
 * compares the whole word, so a version-shifted semop passes its deny
 * rule; preseal's implied rule masks the version off. */
static void x86_ipc_version_bits_do_not_hide_a_denied_call(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "architectures = [ \"native\", \"x86\" ];\n"
					       "deny = [ \"semop\", \"shmat\" ];\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ipc"), ERRNO(EPERM),
			   1);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ipc"), ERRNO(EPERM),
			   0x10001);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ipc"), ERRNO(EPERM),
			   0xffff0015);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ipc"), ALLOW, 2);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "ipc"), ALLOW, 0x10002);
		/* shmat has a direct number on x86 (397); semop has none */
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 397, ERRNO(EPERM), 0);
	}
	test_compiled_free(&c);
}

/* A rule on socketcall itself speaks for every call through it; beside a
 * rule on socket, the more restrictive of the two wins for SYS_SOCKET. */
static void socketcall_rule_and_socket_rule_combine_most_restrictive(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"errno(EPERM)\";\n"
					       "architectures = [ \"native\", \"x86\" ];\n"
					       "allow = [ \"socketcall\" ];\n"
					       "deny = [ \"socket\" ];\n"
					       "deny_action = \"errno(EACCES)\";\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EACCES), 1);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"), ALLOW,
			   3);
	}
	test_compiled_free(&c);
	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"errno(EPERM)\";\n"
					       "architectures = [ \"native\", \"x86\" ];\n"
					       "allow = [ \"socket\" ];\n"
					       "deny = [ \"socketcall\" ];\n"
					       "deny_action = \"errno(EACCES)\";\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EACCES), 1);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, 359, ALLOW, 0);
	}
	test_compiled_free(&c);
}

/* recv has no number of its own on x86 (or x86-64): it exists there only
 * as socketcall(SYS_RECV = 10), and a rule on it is that rule. */
static void x86_recv_is_known_as_socketcall(void)
{
	struct test_compiled c;

	if (native_is_x86_64() && COMPILE_GOOD("default_action = \"allow\";\n"
					       "architectures = [ \"native\", \"x86\" ];\n"
					       "deny = [ \"recv\" ];\n",
					       &c)) {
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"),
			   ERRNO(EPERM), 10);
		EXPECT_RAW(&c.filter, AUDIT_ARCH_I386, nr_on(SCMP_ARCH_X86, "socketcall"), ALLOW,
			   12);
	}
	test_compiled_free(&c);
}

/* ppc64le and MIPS o32 (little-endian, so they can be listed here) have
 * socketcall and ipc too, and socket under a number of its own that
 * libseccomp names by a pseudo-number: both ways meet socket's rule. */
static void expect_multiplexed_arch_denies_socket_at(unsigned at, const char *arch, uint32_t token,
						     int socket_number)
{
	char text[256];
	struct test_compiled c;

	if (!native_is_x86_64())
		return;
	snprintf(text, sizeof(text),
		 "default_action = \"allow\";\narchitectures = [ \"native\", \"%s\" ];\n"
		 "deny = [ \"socket\", \"semop\" ];\n",
		 arch);
	if (compile_good_at(at, text, 0, &c)) {
		expect_answer_at(at, &c.filter, token, socket_number, "socket", (uint64_t[6]){ 0 },
				 ERRNO(EPERM));
		expect_answer_at(at, &c.filter, token, nr_on(token, "socketcall"), "socketcall",
				 (uint64_t[6]){ 1 }, ERRNO(EPERM));
		expect_answer_at(at, &c.filter, token, nr_on(token, "ipc"), "ipc",
				 (uint64_t[6]){ 0x10001 }, ERRNO(EPERM));
		expect_answer_at(at, &c.filter, token, nr_on(token, "ipc"), "ipc",
				 (uint64_t[6]){ 2 }, ALLOW);
	}
	test_compiled_free(&c);
}

static void ppc64le_socket_is_denied_by_number_and_through_socketcall(void)
{
	expect_multiplexed_arch_denies_socket_at(__LINE__, "ppc64le", SCMP_ARCH_PPC64LE, 326);
}

static void mipsel_socket_is_denied_by_number_and_through_socketcall(void)
{
	expect_multiplexed_arch_denies_socket_at(__LINE__, "mipsel", SCMP_ARCH_MIPSEL, 4183);
}

/* ---- the verifier's word solver ------------------------------------------- */

static uint64_t solver_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* The smallest value of one word that meets random constraints, each
 * under a bound of 1,000 so that every answer can be checked by trying
 * 0…1000: whole-word constraints (value lists and ranges, solved as an
 * interval less some spans), tests of the top bits (spans too) and other
 * masked ones (the bit search). */
static void region_finds_the_smallest_value_as_trying_every_one_does(void)
{
	static const uint32_t masks[] = { UINT32_MAX, 0xfffffff0, 0xffffff00, 0xff, 0x3, 0x100 };
	uint64_t state = 0x2545f4914f6cdd1dull;
	unsigned wrong = 0;

	for (int round = 0; round < 2000; round++) {
		struct region region = { .step_limit = 1ul << 24 };
		struct word_constraint bound = {
			.word = 3, .op = WORD_LE, .mask = UINT32_MAX, .value = 1000
		};
		unsigned count = 1 + (unsigned)(solver_random(&state) % 6);
		bool masked = round % 3 == 1;
		/* every constraint on the same low bits, whose smallest word is
		 * below 1,000 with no bound */
		uint32_t same =
			round % 3 == 2 ? (uint32_t[]){ 0xff, 0x3, 0x3ff }[round % 7 % 3] : 0;
		uint32_t value = 0, expected = 0;
		int found;
		bool exists = false;

		if (!same)
			REQUIRE(region_push(&region, bound) == 0);
		for (unsigned i = 0; i < count; i++) {
			struct word_constraint c = {
				.word = 3,
				.op = (enum word_op)(solver_random(&state) % 6),
				.mask = same	 ? same
					: masked ? masks[solver_random(&state) % 6]
						 : UINT32_MAX,
				.value = (uint32_t)(solver_random(&state) % 1010),
			};

			c.value &= c.mask;
			REQUIRE(region_push(&region, c) == 0);
		}
		for (uint32_t x = 0; x <= 1000 && !exists; x++) {
			exists = true;
			for (size_t i = 0; i < region.count; i++)
				exists = exists && word_constraint_holds(&region.items[i], x);
			expected = x;
		}
		found = region_word_value(&region, 3, &value);
		if ((found != (exists ? 1 : 0) || (exists && value != expected)) && wrong++ < 5)
			EXPECT(false, "round %d: found %d value %u, trying every one: %s %u", round,
			       found, value, exists ? "smallest" : "none", expected);
		region_free(&region);
	}
}

static const struct test_case cases[] = {
	{ "ppc64le_socket_is_denied_by_number_and_through_socketcall",
	  ppc64le_socket_is_denied_by_number_and_through_socketcall },
	{ "mipsel_socket_is_denied_by_number_and_through_socketcall",
	  mipsel_socket_is_denied_by_number_and_through_socketcall },
	{ "x86_recv_is_known_as_socketcall", x86_recv_is_known_as_socketcall },
	{ "x86_socketcall_is_denied_where_socket_is", x86_socketcall_is_denied_where_socket_is },
	{ "x86_ipc_version_bits_do_not_hide_a_denied_call",
	  x86_ipc_version_bits_do_not_hide_a_denied_call },
	{ "socketcall_rule_and_socket_rule_combine_most_restrictive",
	  socketcall_rule_and_socket_rule_combine_most_restrictive },
	{ "x86_policy_libseccomp_miscompiles_kills_the_call",
	  x86_policy_libseccomp_miscompiles_kills_the_call },
	{ "x86_rules_sharing_a_range_check_compile_in_seconds",
	  x86_rules_sharing_a_range_check_compile_in_seconds },
	{ "nine_argument_rules_with_x86_compile_in_seconds",
	  nine_argument_rules_with_x86_compile_in_seconds },
	{ "verification_catches_a_filter_wrong_only_on_a_constant_the_policy_never_wrote",
	  verification_catches_a_filter_wrong_only_on_a_constant_the_policy_never_wrote },
	{ "libseccomp_merged_ge_tests_on_ioctl_fail_verification",
	  libseccomp_merged_ge_tests_on_ioctl_fail_verification },
	{ "verification_catches_a_filter_wrong_beyond_the_48th_value",
	  verification_catches_a_filter_wrong_beyond_the_48th_value },
	{ "x86_socket_calls_verify_under_their_real_numbers",
	  x86_socket_calls_verify_under_their_real_numbers },
	{ "allowed_syscall_is_allowed", allowed_syscall_is_allowed },
	{ "denied_syscall_gets_the_deny_action", denied_syscall_gets_the_deny_action },
	{ "unnamed_syscall_gets_the_default_action", unnamed_syscall_gets_the_default_action },
	{ "every_errno_the_reader_accepts_compiles", every_errno_the_reader_accepts_compiles },
	{ "kill_thread_trap_and_log_actions_compile", kill_thread_trap_and_log_actions_compile },
	{ "compiled_eq_matches_only_its_value", compiled_eq_matches_only_its_value },
	{ "compiled_ne_matches_every_other_value", compiled_ne_matches_every_other_value },
	{ "compiled_lt_compares_all_64_bits", compiled_lt_compares_all_64_bits },
	{ "compiled_le_compares_all_64_bits", compiled_le_compares_all_64_bits },
	{ "compiled_gt_compares_all_64_bits", compiled_gt_compares_all_64_bits },
	{ "compiled_ge_compares_all_64_bits", compiled_ge_compares_all_64_bits },
	{ "compiled_negative_value_means_all_high_bits",
	  compiled_negative_value_means_all_high_bits },
	{ "compiled_masked_eq_tests_only_the_masked_bits",
	  compiled_masked_eq_tests_only_the_masked_bits },
	{ "compiled_masked_ne_matches_when_any_masked_bit_differs",
	  compiled_masked_ne_matches_when_any_masked_bit_differs },
	{ "any_of_several_rules_for_one_syscall_may_match",
	  any_of_several_rules_for_one_syscall_may_match },
	{ "every_argument_of_one_rule_must_hold", every_argument_of_one_rule_must_hold },
	{ "most_restrictive_overlapping_rule_wins", most_restrictive_overlapping_rule_wins },
	{ "priority_and_tree_filters_give_the_same_answers",
	  priority_and_tree_filters_give_the_same_answers },
	{ "unknown_syscall_named_directly_is_an_error_with_a_suggestion",
	  unknown_syscall_named_directly_is_an_error_with_a_suggestion },
	{ "every_unknown_syscall_is_reported", every_unknown_syscall_is_reported },
	{ "unknown_syscall_far_from_any_is_an_error", unknown_syscall_far_from_any_is_an_error },
	{ "group_member_missing_on_the_architecture_is_no_error",
	  group_member_missing_on_the_architecture_is_no_error },
	{ "x86_only_syscall_in_a_native_policy_is_an_error",
	  x86_only_syscall_in_a_native_policy_is_an_error },
	{ "llseek_in_a_native_policy_is_an_error", llseek_in_a_native_policy_is_an_error },
	{ "x86_only_syscall_is_accepted_when_x86_is_listed",
	  x86_only_syscall_is_accepted_when_x86_is_listed },
	{ "rules_use_each_architectures_own_numbers", rules_use_each_architectures_own_numbers },
	{ "order_comparison_on_an_int_splits_at_its_sign",
	  order_comparison_on_an_int_splits_at_its_sign },
	{ "mask_above_an_int_tests_its_sign", mask_above_an_int_tests_its_sign },
	{ "x86_argument_rules_see_only_32_bits", x86_argument_rules_see_only_32_bits },
	{ "negative_constant_rule_compiles_for_x86", negative_constant_rule_compiles_for_x86 },
	{ "x86_socketcall_cannot_widen_a_socket_argument_rule",
	  x86_socketcall_cannot_widen_a_socket_argument_rule },
	{ "x32_argument_rules_are_never_weaker_than_written",
	  x32_argument_rules_are_never_weaker_than_written },
	{ "x32_numbers_meet_bad_arch_action_when_x32_is_not_listed",
	  x32_numbers_meet_bad_arch_action_when_x32_is_not_listed },
	{ "x32_numbers_follow_the_policy_when_x32_is_listed",
	  x32_numbers_follow_the_policy_when_x32_is_listed },
	{ "other_architectures_meet_bad_arch_action", other_architectures_meet_bad_arch_action },
	{ "bad_arch_action_kill_process_kills", bad_arch_action_kill_process_kills },
	{ "bad_arch_action_kill_thread_kills_the_thread",
	  bad_arch_action_kill_thread_kills_the_thread },
	{ "bad_arch_action_errno_returns_the_errno", bad_arch_action_errno_returns_the_errno },
	{ "bad_arch_action_trap_traps", bad_arch_action_trap_traps },
	{ "bad_arch_action_allow_lets_other_architectures_through",
	  bad_arch_action_allow_lets_other_architectures_through },
	{ "policy_without_native_sends_native_calls_to_bad_arch_action",
	  policy_without_native_sends_native_calls_to_bad_arch_action },
	{ "thread_sync_sets_the_tsync_flag", thread_sync_sets_the_tsync_flag },
	{ "log_sets_the_log_flag", log_sets_the_log_flag },
	{ "disable_ssb_sets_the_spec_allow_flag", disable_ssb_sets_the_spec_allow_flag },
	{ "default_flags_are_tsync_only", default_flags_are_tsync_only },
	{ "no_new_privs_is_copied", no_new_privs_is_copied },
	{ "native_architecture_is_recorded", native_architecture_is_recorded },
	{ "build_time_native_architecture_is_libseccomps",
	  build_time_native_architecture_is_libseccomps },
	{ "filter_free_clears_the_filter", filter_free_clears_the_filter },
	{ "compiled_program_passes_the_kernels_checks",
	  compiled_program_passes_the_kernels_checks },
	{ "probe_with_this_filters_token_answers_the_probe_errno",
	  probe_with_this_filters_token_answers_the_probe_errno },
	{ "probe_with_another_token_is_allowed_under_a_kill_default",
	  probe_with_another_token_is_allowed_under_a_kill_default },
	{ "probe_does_not_change_other_answers", probe_does_not_change_other_answers },
	{ "filter_without_a_token_has_no_probe", filter_without_a_token_has_no_probe },
	{ "verification_accepts_the_filter_it_compiled",
	  verification_accepts_the_filter_it_compiled },
	{ "verification_catches_a_denied_syscall_that_was_allowed",
	  verification_catches_a_denied_syscall_that_was_allowed },
	{ "verification_catches_a_one_instruction_allow_everything",
	  verification_catches_a_one_instruction_allow_everything },
	{ "verification_catches_a_changed_default", verification_catches_a_changed_default },
	{ "verification_names_a_syscall_the_policy_does_not_mention",
	  verification_names_a_syscall_the_policy_does_not_mention },
	{ "verification_catches_other_architectures_let_through",
	  verification_catches_other_architectures_let_through },
	{ "verification_blames_bad_arch_action_at_its_line",
	  verification_blames_bad_arch_action_at_its_line },
	{ "verification_catches_an_argument_rule_that_lost_its_condition",
	  verification_catches_an_argument_rule_that_lost_its_condition },
	{ "verification_catches_a_probe_answer_for_a_foreign_token",
	  verification_catches_a_probe_answer_for_a_foreign_token },
	{ "libseccomp_merged_lt_comparisons_fail_verification",
	  libseccomp_merged_lt_comparisons_fail_verification },
	{ "libseccomp_merged_le_comparisons_fail_verification",
	  libseccomp_merged_le_comparisons_fail_verification },
	{ "merged_lt_comparisons_compile_and_hold", merged_lt_comparisons_compile_and_hold },
	{ "merged_le_comparisons_compile_and_hold", merged_le_comparisons_compile_and_hold },
	{ "libseccomp_refuses_a_rule_that_takes_more_than_256_rules",
	  libseccomp_refuses_a_rule_that_takes_more_than_256_rules },
	{ "libseccomp_default_equal_rule_under_a_wider_allow_is_rejected_with_a_hint",
	  libseccomp_default_equal_rule_under_a_wider_allow_is_rejected_with_a_hint },
	{ "default_equal_rule_under_a_wider_allow_wins",
	  default_equal_rule_under_a_wider_allow_wins },
	{ "pfc_names_the_syscalls", pfc_names_the_syscalls },
	{ "pfc_of_an_unknown_syscall_is_an_error", pfc_of_an_unknown_syscall_is_an_error },
	{ "every_good_policy_file_is_accepted", every_good_policy_file_is_accepted },
	{ "every_bad_policy_file_gives_its_expected_messages",
	  every_bad_policy_file_gives_its_expected_messages },
	{ "policy_of_10_mib_is_refused_whole", policy_of_10_mib_is_refused_whole },
	{ "include_of_10_mib_is_refused", include_of_10_mib_is_refused },
	{ "baseline_compiles_and_verifies", baseline_compiles_and_verifies },
	{ "baseline_shuts_the_riskiest_doors_with_eperm",
	  baseline_shuts_the_riskiest_doors_with_eperm },
	{ "baseline_answers_clone3_with_enosys", baseline_answers_clone3_with_enosys },
	{ "baseline_refuses_clone_into_a_new_user_namespace",
	  baseline_refuses_clone_into_a_new_user_namespace },
	{ "baseline_allows_plain_clone", baseline_allows_plain_clone },
	{ "baseline_allows_only_harmless_personalities",
	  baseline_allows_only_harmless_personalities },
	{ "baseline_answers_tiocsti_with_eio", baseline_answers_tiocsti_with_eio },
	{ "baseline_allows_other_ioctls", baseline_allows_other_ioctls },
	{ "baseline_allows_ordinary_io", baseline_allows_ordinary_io },
	{ "baseline_sends_other_architectures_to_kill",
	  baseline_sends_other_architectures_to_kill },
	{ "region_finds_the_smallest_value_as_trying_every_one_does",
	  region_finds_the_smallest_value_as_trying_every_one_does },
	{ NULL, NULL },
};

const struct test_suite suite_compile = { "compile", cases };
