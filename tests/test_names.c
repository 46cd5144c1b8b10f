/* Tests for names: the generated tables, value parsing and the built-in groups.
 *
 * Values are checked against the system headers, never against numbers
 * typed here, and group members against libseccomp, which the compiler will
 * hand them to.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>
#include <termios.h>

#include "argwidth.h"
#include "harness.h"
#include "names.h"
#include "text.h"

/* Records a failure that names the entry at fault. */
static void fail_with(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void fail_with(const char *format, ...)
{
	char message[256];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	CU_assertImplementation(CU_FALSE, __LINE__, message, __FILE__, "", CU_FALSE);
}

static void check_sorted_and_unique(const struct name_value *table, size_t count, const char *what)
{
	CU_ASSERT_FATAL(count > 0);
	for (size_t i = 1; i < count; i++)
		if (strcmp(table[i - 1].name, table[i].name) >= 0)
			fail_with("%s table: '%s' before '%s'", what, table[i - 1].name,
				  table[i].name);
}

static uint64_t constant(const char *name)
{
	uint64_t value = 0xdeadbeef;

	if (names_constant(name, &value) < 0)
		fail_with("constant %s is missing", name);
	return value;
}

static uint64_t parsed(const char *expr)
{
	uint64_t value = 0xdeadbeef;
	const char *bad;
	size_t bad_length;

	if (names_parse_value(expr, &value, &bad, &bad_length) < 0)
		fail_with("'%s' does not parse", expr);
	return value;
}

/* Expects EXPR to fail with ERROR, reporting the token at OFFSET, LENGTH long. */
static void check_parse_error(const char *expr, int error, size_t offset, size_t length)
{
	uint64_t value = 0x5a5a;
	const char *bad = NULL;
	size_t bad_length = 999;
	int result = names_parse_value(expr, &value, &bad, &bad_length);

	if (result != error)
		fail_with("'%s': %d, expected %d", expr, result, error);
	else if (bad != expr + offset || bad_length != length)
		fail_with("'%s': reported offset %td length %zu, expected %zu and %zu", expr,
			  bad ? bad - expr : -1, bad_length, offset, length);
	CU_ASSERT_EQUAL(value, 0x5a5a);
}

/* ---- errno names ---- */

static void errno_table_is_sorted_and_unique(void)
{
	size_t count;
	const struct name_value *table = names_errno_table(&count);

	check_sorted_and_unique(table, count, "errno");
}

static void errno_name_resolves_to_the_header_value(void)
{
	int value = 0;

	CU_ASSERT_EQUAL(names_errno("EPERM", &value), 0);
	CU_ASSERT_EQUAL(value, EPERM);
	CU_ASSERT_EQUAL(names_errno("EACCES", &value), 0);
	CU_ASSERT_EQUAL(value, EACCES);
	CU_ASSERT_EQUAL(names_errno("ENOSYS", &value), 0);
	CU_ASSERT_EQUAL(value, ENOSYS);
	CU_ASSERT_EQUAL(names_errno("E2BIG", &value), 0);
	CU_ASSERT_EQUAL(value, E2BIG);
	CU_ASSERT_EQUAL(names_errno("EHWPOISON", &value), 0);
	CU_ASSERT_EQUAL(value, EHWPOISON);
}

static void errno_aliases_resolve_to_their_number(void)
{
	int value = 0;

	CU_ASSERT_EQUAL(names_errno("EWOULDBLOCK", &value), 0);
	CU_ASSERT_EQUAL(value, EWOULDBLOCK);
	CU_ASSERT_EQUAL(names_errno("EDEADLOCK", &value), 0);
	CU_ASSERT_EQUAL(value, EDEADLOCK);
	CU_ASSERT_EQUAL(names_errno("ENOTSUP", &value), 0);
	CU_ASSERT_EQUAL(value, ENOTSUP);
}

static void errno_number_prints_its_canonical_name(void)
{
	CU_ASSERT_STRING_EQUAL(names_errno_name(EPERM), "EPERM");
	CU_ASSERT_STRING_EQUAL(names_errno_name(EAGAIN), "EAGAIN");
	CU_ASSERT_STRING_EQUAL(names_errno_name(EDEADLK), "EDEADLK");
	CU_ASSERT_STRING_EQUAL(names_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	CU_ASSERT_STRING_EQUAL(names_errno_name(EHWPOISON), "EHWPOISON");
}

static void errno_number_without_a_name_is_null(void)
{
	CU_ASSERT_PTR_NULL(names_errno_name(0));
	CU_ASSERT_PTR_NULL(names_errno_name(-1));
	CU_ASSERT_PTR_NULL(names_errno_name(4095));
	CU_ASSERT_PTR_NULL(names_errno_name(1 << 30));
}

static void every_errno_names_its_number_back(void)
{
	size_t count;
	const struct name_value *table = names_errno_table(&count);

	for (size_t i = 0; i < count; i++) {
		const char *name = names_errno_name((int)table[i].value);
		int value = -1;

		if (!name || names_errno(name, &value) < 0 || (uint64_t)value != table[i].value)
			fail_with("errno %s (%d) does not name its number back", table[i].name,
				  (int)table[i].value);
	}
}

static void every_errno_fits_seccomp_ret_data(void)
{
	size_t count;
	const struct name_value *table = names_errno_table(&count);

	CU_ASSERT(count >= 133);
	for (size_t i = 0; i < count; i++)
		if (table[i].value == 0 || table[i].value > 4095)
			fail_with("errno %s is %llu", table[i].name,
				  (unsigned long long)table[i].value);
}

static void unknown_errno_name_is_enoent(void)
{
	int value = 77;

	CU_ASSERT_EQUAL(names_errno("ENOTANERROR", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_errno("eperm", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_errno("EPERM ", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_errno("", &value), -ENOENT);
	CU_ASSERT_EQUAL(value, 77);
}

/* ---- constants ---- */

static void constant_table_is_sorted_and_unique(void)
{
	size_t count;
	const struct name_value *table = names_constant_table(&count);

	check_sorted_and_unique(table, count, "constant");
}

static void socket_constants_have_the_header_values(void)
{
	CU_ASSERT_EQUAL(constant("AF_UNIX"), AF_UNIX);
	CU_ASSERT_EQUAL(constant("AF_INET6"), AF_INET6);
	CU_ASSERT_EQUAL(constant("AF_NETLINK"), AF_NETLINK);
	CU_ASSERT_EQUAL(constant("AF_VSOCK"), AF_VSOCK);
	CU_ASSERT_EQUAL(constant("PF_INET"), PF_INET);
	CU_ASSERT_EQUAL(constant("SOCK_STREAM"), SOCK_STREAM);
	CU_ASSERT_EQUAL(constant("SOCK_SEQPACKET"), SOCK_SEQPACKET);
	CU_ASSERT_EQUAL(constant("SOCK_CLOEXEC"), SOCK_CLOEXEC);
	CU_ASSERT_EQUAL(constant("SOCK_NONBLOCK"), SOCK_NONBLOCK);
	CU_ASSERT_EQUAL(constant("IPPROTO_TCP"), IPPROTO_TCP);
	CU_ASSERT_EQUAL(constant("IPPROTO_ICMPV6"), IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(constant("SOL_SOCKET"), SOL_SOCKET);
	CU_ASSERT_EQUAL(constant("SO_REUSEADDR"), SO_REUSEADDR);
	CU_ASSERT_EQUAL(constant("MSG_NOSIGNAL"), MSG_NOSIGNAL);
}

static void file_constants_have_the_header_values(void)
{
	CU_ASSERT_EQUAL(constant("O_RDONLY"), O_RDONLY);
	CU_ASSERT_EQUAL(constant("O_WRONLY"), O_WRONLY);
	CU_ASSERT_EQUAL(constant("O_ACCMODE"), O_ACCMODE);
	CU_ASSERT_EQUAL(constant("O_CREAT"), O_CREAT);
	CU_ASSERT_EQUAL(constant("O_CLOEXEC"), O_CLOEXEC);
	CU_ASSERT_EQUAL(constant("O_TMPFILE"), O_TMPFILE);
	CU_ASSERT_EQUAL(constant("O_PATH"), O_PATH);
	CU_ASSERT_EQUAL(constant("O_SYNC"), O_SYNC);
	CU_ASSERT_EQUAL(constant("AT_EMPTY_PATH"), AT_EMPTY_PATH);
	CU_ASSERT_EQUAL(constant("AT_REMOVEDIR"), AT_REMOVEDIR);
	CU_ASSERT_EQUAL(constant("F_SETFD"), F_SETFD);
	CU_ASSERT_EQUAL(constant("F_DUPFD_CLOEXEC"), F_DUPFD_CLOEXEC);
	CU_ASSERT_EQUAL(constant("FD_CLOEXEC"), FD_CLOEXEC);
	CU_ASSERT_EQUAL(constant("S_IFREG"), S_IFREG);
	CU_ASSERT_EQUAL(constant("S_ISUID"), S_ISUID);
}

static void memory_constants_have_the_header_values(void)
{
	CU_ASSERT_EQUAL(constant("PROT_EXEC"), PROT_EXEC);
	CU_ASSERT_EQUAL(constant("PROT_WRITE"), PROT_WRITE);
	CU_ASSERT_EQUAL(constant("MAP_ANONYMOUS"), MAP_ANONYMOUS);
	CU_ASSERT_EQUAL(constant("MAP_FIXED_NOREPLACE"), MAP_FIXED_NOREPLACE);
	CU_ASSERT_EQUAL(constant("MADV_DONTNEED"), MADV_DONTNEED);
	CU_ASSERT_EQUAL(constant("MFD_CLOEXEC"), MFD_CLOEXEC);
}

static void process_constants_have_the_header_values(void)
{
	CU_ASSERT_EQUAL(constant("CLONE_NEWUSER"), CLONE_NEWUSER);
	CU_ASSERT_EQUAL(constant("CLONE_NEWTIME"), CLONE_NEWTIME);
	CU_ASSERT_EQUAL(constant("CLONE_THREAD"), CLONE_THREAD);
	CU_ASSERT_EQUAL(constant("PR_SET_NO_NEW_PRIVS"), PR_SET_NO_NEW_PRIVS);
	CU_ASSERT_EQUAL(constant("PR_CAPBSET_READ"), PR_CAPBSET_READ);
	CU_ASSERT_EQUAL(constant("SECCOMP_SET_MODE_FILTER"), SECCOMP_SET_MODE_FILTER);
	CU_ASSERT_EQUAL(constant("SECCOMP_FILTER_FLAG_TSYNC"), SECCOMP_FILTER_FLAG_TSYNC);
	CU_ASSERT_EQUAL(constant("SIGKILL"), SIGKILL);
	CU_ASSERT_EQUAL(constant("SIGSYS"), SIGSYS);
	CU_ASSERT_EQUAL(constant("WNOHANG"), WNOHANG);
	CU_ASSERT_EQUAL(constant("RLIMIT_NOFILE"), RLIMIT_NOFILE);
	CU_ASSERT_EQUAL(constant("FUTEX_WAIT_PRIVATE"), FUTEX_WAIT_PRIVATE);
	CU_ASSERT_EQUAL(constant("PER_LINUX"), PER_LINUX);
	CU_ASSERT_EQUAL(constant("ADDR_NO_RANDOMIZE"), ADDR_NO_RANDOMIZE);
}

static void ioctl_constants_have_the_header_values(void)
{
	CU_ASSERT_EQUAL(constant("TCGETS"), TCGETS);
	CU_ASSERT_EQUAL(constant("TCSETSW"), TCSETSW);
	CU_ASSERT_EQUAL(constant("TIOCGWINSZ"), TIOCGWINSZ);
	CU_ASSERT_EQUAL(constant("TIOCSTI"), TIOCSTI);
	CU_ASSERT_EQUAL(constant("FIONREAD"), FIONREAD);
	CU_ASSERT_EQUAL(constant("FIOCLEX"), FIOCLEX);
}

static void at_fdcwd_is_sign_extended(void)
{
	CU_ASSERT_EQUAL(constant("AT_FDCWD"), (uint64_t)(int64_t)AT_FDCWD);
	CU_ASSERT_EQUAL(constant("AT_FDCWD") >> 32, 0xffffffffu);
	CU_ASSERT_EQUAL(constant("AT_FDCWD"), parsed("-100"));
}

static void unsigned_constant_is_zero_extended(void)
{
	/* Both have bit 31 set in an unsigned int: no sign to extend. */
	CU_ASSERT_EQUAL(constant("SECCOMP_RET_KILL_PROCESS"), (uint64_t)SECCOMP_RET_KILL_PROCESS);
	CU_ASSERT_EQUAL(constant("SECCOMP_RET_KILL_PROCESS") >> 32, 0);
	CU_ASSERT_EQUAL(constant("TIOCGPTN"), (uint64_t)TIOCGPTN);
	CU_ASSERT_EQUAL(constant("TIOCGPTN") >> 32, 0);
}

static void rlim_infinity_is_all_ones(void)
{
	CU_ASSERT_EQUAL(constant("RLIM_INFINITY"), UINT64_MAX);
}

static void architecture_specific_constant_is_kept_where_it_exists(void)
{
	uint64_t value = 0;
	int result = names_constant("MAP_32BIT", &value);

#ifdef MAP_32BIT
	CU_ASSERT_EQUAL(result, 0);
	CU_ASSERT_EQUAL(value, MAP_32BIT);
#else
	CU_ASSERT_EQUAL(result, -ENOENT);
#endif
}

static void unknown_constant_is_enoent(void)
{
	uint64_t value = 77;

	CU_ASSERT_EQUAL(names_constant("AF_NOWHERE", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_constant("af_unix", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_constant("AF_UNI", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_constant("AF_UNIXX", &value), -ENOENT);
	CU_ASSERT_EQUAL(names_constant("", &value), -ENOENT);
	CU_ASSERT_EQUAL(value, 77);
}

static void every_constant_is_found_by_name(void)
{
	size_t count;
	const struct name_value *table = names_constant_table(&count);

	CU_ASSERT(count > 500);
	for (size_t i = 0; i < count; i++) {
		const char *bad;
		size_t bad_length;
		uint64_t value;

		if (names_constant(table[i].name, &value) < 0 || value != table[i].value)
			fail_with("constant %s is not found by its name", table[i].name);
		if (names_parse_value(table[i].name, &value, &bad, &bad_length) < 0 ||
		    value != table[i].value)
			fail_with("constant %s does not parse as a value", table[i].name);
	}
}

/* ---- argument values ---- */

static void decimal_number_parses(void)
{
	CU_ASSERT_EQUAL(parsed("0"), 0);
	CU_ASSERT_EQUAL(parsed("42"), 42);
	CU_ASSERT_EQUAL(parsed("4294967296"), 4294967296u);
}

static void hex_number_parses(void)
{
	CU_ASSERT_EQUAL(parsed("0x1F"), 31);
	CU_ASSERT_EQUAL(parsed("0X1f"), 31);
	CU_ASSERT_EQUAL(parsed("0xffffffffffffffff"), UINT64_MAX);
}

static void octal_number_parses(void)
{
	CU_ASSERT_EQUAL(parsed("0755"), 0755);
	CU_ASSERT_EQUAL(parsed("00"), 0);
}

static void largest_number_parses(void)
{
	CU_ASSERT_EQUAL(parsed("18446744073709551615"), UINT64_MAX);
	CU_ASSERT_EQUAL(parsed("01777777777777777777777"), UINT64_MAX);
}

static void negative_number_is_twos_complement(void)
{
	CU_ASSERT_EQUAL(parsed("-1"), UINT64_MAX);
	CU_ASSERT_EQUAL(parsed("-100"), (uint64_t)(int64_t)-100);
	CU_ASSERT_EQUAL(parsed("-0x10"), (uint64_t)(int64_t)-16);
	CU_ASSERT_EQUAL(parsed("-0"), 0);
	CU_ASSERT_EQUAL(parsed("-9223372036854775808"), (uint64_t)1 << 63);
}

static void huge_number_is_rejected(void)
{
	check_parse_error("18446744073709551616", -EINVAL, 0, 20);
	check_parse_error("0x10000000000000000", -EINVAL, 0, 19);
	check_parse_error("O_RDONLY | 99999999999999999999", -EINVAL, 11, 20);
	check_parse_error("-9223372036854775809", -EINVAL, 0, 20);
}

static void malformed_number_is_invalid(void)
{
	check_parse_error("12abc", -EINVAL, 0, 5);
	check_parse_error("0x", -EINVAL, 0, 2);
	check_parse_error("09", -EINVAL, 0, 2);
	check_parse_error("-", -EINVAL, 0, 1);
	check_parse_error("--1", -EINVAL, 0, 3);
	check_parse_error("1 2", -EINVAL, 0, 3);
}

static void constant_or_expression_joins_values(void)
{
	CU_ASSERT_EQUAL(parsed("O_WRONLY|O_CREAT|O_TRUNC"), O_WRONLY | O_CREAT | O_TRUNC);
	CU_ASSERT_EQUAL(parsed("SOCK_STREAM|SOCK_CLOEXEC"), SOCK_STREAM | SOCK_CLOEXEC);
	CU_ASSERT_EQUAL(parsed("AF_UNIX"), AF_UNIX);
}

static void names_and_numbers_mix(void)
{
	CU_ASSERT_EQUAL(parsed("PROT_READ|0x4"), PROT_READ | 0x4);
	CU_ASSERT_EQUAL(parsed("010|CLONE_NEWNS"), 010 | CLONE_NEWNS);
}

static void blanks_around_bars_are_allowed(void)
{
	CU_ASSERT_EQUAL(parsed(" O_WRONLY | O_CREAT\t|\t0x10 "), O_WRONLY | O_CREAT | 0x10);
	CU_ASSERT_EQUAL(parsed("CLONE_NEWUSER |CLONE_NEWNS"), CLONE_NEWUSER | CLONE_NEWNS);
}

static void unknown_constant_is_reported_with_its_token(void)
{
	check_parse_error("AF_UNIX | AF_BOGUS | SOCK_STREAM", -ENOENT, 10, 8);
	check_parse_error("AF_BOGUS", -ENOENT, 0, 8);
	check_parse_error("AF_UNIX SOCK_STREAM", -ENOENT, 0, 19);
	check_parse_error("O_WRONLY|af_unix", -ENOENT, 9, 7);
}

static void first_bad_token_is_reported(void)
{
	check_parse_error("NOPE_ONE|NOPE_TWO", -ENOENT, 0, 8);
	check_parse_error("O_CREAT|NOPE|0x", -ENOENT, 8, 4);
}

static void empty_expression_is_invalid(void)
{
	check_parse_error("", -EINVAL, 0, 0);
	check_parse_error("   ", -EINVAL, 3, 0);
}

static void empty_token_is_invalid(void)
{
	check_parse_error("O_RDONLY||O_CREAT", -EINVAL, 9, 0);
	check_parse_error("O_CREAT|", -EINVAL, 8, 0);
	check_parse_error("|O_CREAT", -EINVAL, 0, 0);
	check_parse_error("O_CREAT | ", -EINVAL, 10, 0);
}

static void successful_parse_clears_the_bad_token(void)
{
	uint64_t value;
	const char *bad = "stale";
	size_t bad_length = 5;

	CU_ASSERT_EQUAL(names_parse_value("AF_INET", &value, &bad, &bad_length), 0);
	CU_ASSERT_EQUAL(value, AF_INET);
	CU_ASSERT_PTR_NULL(bad);
	CU_ASSERT_EQUAL(bad_length, 0);
}

/* ---- groups ---- */

#define EXPANSION_MAX 1024

/* The syscalls a group stands for, nested groups followed, each name once. */
struct expansion {
	const char *names[EXPANSION_MAX];
	size_t count;
};

static int expansion_has(const struct expansion *expansion, const char *name)
{
	for (size_t i = 0; i < expansion->count; i++)
		if (strcmp(expansion->names[i], name) == 0)
			return 1;
	return 0;
}

static void expand(const struct syscall_group *group, struct expansion *expansion, unsigned depth)
{
	if (depth > 16) {
		fail_with("@%s nests deeper than 16 levels", group->name);
		return;
	}
	for (size_t i = 0; i < group->member_count; i++) {
		const char *member = group->members[i];

		if (member[0] == '@') {
			const struct syscall_group *nested = names_group(member + 1);

			if (nested)
				expand(nested, expansion, depth + 1);
		} else if (!expansion_has(expansion, member) && expansion->count < EXPANSION_MAX) {
			expansion->names[expansion->count++] = member;
		}
	}
}

static const struct syscall_group *builtin_group(const char *name)
{
	const struct syscall_group *found = names_group(name);

	if (!found)
		fail_with("group @%s is missing", name);
	return found;
}

static int group_contains(const char *group_name, const char *syscall)
{
	static struct expansion expansion;
	const struct syscall_group *found = builtin_group(group_name);

	expansion.count = 0;
	if (found)
		expand(found, &expansion, 0);
	return expansion_has(&expansion, syscall);
}

static void group_table_is_sorted_and_unique(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	CU_ASSERT_FATAL(count > 0);
	for (size_t i = 1; i < count; i++)
		if (strcmp(groups[i - 1].name, groups[i].name) >= 0)
			fail_with("group table: @%s before @%s", groups[i - 1].name,
				  groups[i].name);
}

static void group_members_are_sorted_and_unique(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	for (size_t g = 0; g < count; g++)
		for (size_t i = 1; i < groups[g].member_count; i++)
			if (strcmp(groups[g].members[i - 1], groups[g].members[i]) >= 0)
				fail_with("@%s: %s before %s", groups[g].name,
					  groups[g].members[i - 1], groups[g].members[i]);
}

static void systemd_group_names_are_all_built_in(void)
{
	static const char *const systemd_sets[] = {
		"default",	 "aio",	      "basic-io",	"chown",    "clock",
		"cpu-emulation", "debug",     "file-system",	"io-event", "ipc",
		"keyring",	 "memlock",   "module",		"mount",    "network-io",
		"obsolete",	 "pkey",      "privileged",	"process",  "raw-io",
		"reboot",	 "resources", "sandbox",	"setuid",   "signal",
		"swap",		 "sync",      "system-service", "timer",    "known",
	};

	for (size_t i = 0; i < sizeof(systemd_sets) / sizeof(systemd_sets[0]); i++)
		builtin_group(systemd_sets[i]);
}

static void group_lookup_finds_members(void)
{
	CU_ASSERT(group_contains("basic-io", "read"));
	CU_ASSERT(group_contains("basic-io", "close_range"));
	CU_ASSERT(group_contains("io-uring", "io_uring_setup"));
	CU_ASSERT(group_contains("namespace", "unshare"));
	CU_ASSERT(group_contains("namespace", "setns"));
	CU_ASSERT(group_contains("kexec", "kexec_file_load"));
	CU_ASSERT(group_contains("process-vm", "process_vm_writev"));
	CU_ASSERT(group_contains("perf", "perf_event_open"));
	CU_ASSERT(group_contains("process", "clone3"));
	CU_ASSERT(group_contains("file-system", "openat2"));
	CU_ASSERT(group_contains("sandbox", "landlock_restrict_self"));
}

static void nested_groups_are_followed(void)
{
	CU_ASSERT(group_contains("system-service", "read"));
	CU_ASSERT(group_contains("system-service", "socket"));
	CU_ASSERT(group_contains("privileged", "kexec_load"));
	CU_ASSERT(group_contains("debug", "process_vm_readv"));
	CU_ASSERT(group_contains("known", "perf_event_open"));
}

/* As in systemd: `allow @system-service; deny @privileged` must deny the
 * fanotify calls, which need CAP_SYS_ADMIN for what they are for. */
static void fanotify_is_privileged_and_outside_system_service(void)
{
	CU_ASSERT(group_contains("privileged", "fanotify_init"));
	CU_ASSERT(group_contains("privileged", "fanotify_mark"));
	CU_ASSERT_FALSE(group_contains("file-system", "fanotify_init"));
	CU_ASSERT_FALSE(group_contains("file-system", "fanotify_mark"));
	CU_ASSERT_FALSE(group_contains("system-service", "fanotify_init"));
	CU_ASSERT_FALSE(group_contains("system-service", "fanotify_mark"));
}

static void group_lookup_takes_the_name_without_at(void)
{
	CU_ASSERT_PTR_NOT_NULL(names_group("basic-io"));
	CU_ASSERT_PTR_NULL(names_group("@basic-io"));
}

static void unknown_group_is_null(void)
{
	CU_ASSERT_PTR_NULL(names_group("no-such-group"));
	CU_ASSERT_PTR_NULL(names_group("basic"));
	CU_ASSERT_PTR_NULL(names_group(""));
}

static void every_group_has_a_description(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	for (size_t i = 0; i < count; i++) {
		const char *description = groups[i].description;

		if (!description || !description[0] || strchr(description, '\n'))
			fail_with("@%s has no one-line description", groups[i].name);
		if (groups[i].member_count == 0)
			fail_with("@%s has no members", groups[i].name);
	}
}

static void every_nested_group_exists(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	for (size_t g = 0; g < count; g++)
		for (size_t i = 0; i < groups[g].member_count; i++) {
			const char *member = groups[g].members[i];

			if (member[0] == '@' && !names_group(member + 1))
				fail_with("@%s names %s, which is not a group", groups[g].name,
					  member);
		}
}

enum visit_state { UNSEEN, OPEN, DONE };

/* Depth-first search; true when a cycle runs through GROUP. */
static int has_cycle(const struct syscall_group *groups, size_t index, enum visit_state *state)
{
	const struct syscall_group *group = &groups[index];

	if (state[index] == OPEN)
		return 1;
	if (state[index] == DONE)
		return 0;
	state[index] = OPEN;
	for (size_t i = 0; i < group->member_count; i++) {
		const struct syscall_group *nested;

		if (group->members[i][0] != '@')
			continue;
		nested = names_group(group->members[i] + 1);
		if (nested && has_cycle(groups, (size_t)(nested - groups), state)) {
			fail_with("@%s is part of a cycle", group->name);
			return 1;
		}
	}
	state[index] = DONE;
	return 0;
}

static void built_in_groups_have_no_cycles(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);
	enum visit_state state[256] = { UNSEEN };

	CU_ASSERT_FATAL(count <= 256);
	for (size_t i = 0; i < count; i++)
		CU_ASSERT_FALSE(has_cycle(groups, i, state));
}

static void every_group_member_resolves_on_x86_64(void)
{
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	for (size_t g = 0; g < count; g++)
		for (size_t i = 0; i < groups[g].member_count; i++) {
			const char *member = groups[g].members[i];

			if (member[0] != '@' &&
			    seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, member) ==
				    __NR_SCMP_ERROR)
				fail_with("@%s: libseccomp does not know %s", groups[g].name,
					  member);
		}
}

/* Names that are pseudo-syscalls on x86_64 are there on purpose, for the
 * 32-bit architectures: each must be a real syscall on x86 or arm. */
static void every_member_is_real_on_x86_64_or_a_32_bit_architecture(void)
{
	static const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_ARM };
	size_t count;
	const struct syscall_group *groups = names_groups(&count);

	for (size_t g = 0; g < count; g++)
		for (size_t i = 0; i < groups[g].member_count; i++) {
			const char *member = groups[g].members[i];
			int real = 0;

			if (member[0] == '@')
				continue;
			for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++)
				real |= seccomp_syscall_resolve_name_arch(arches[a], member) >= 0;
			if (!real)
				fail_with("@%s: %s is no syscall on x86_64, x86 or arm",
					  groups[g].name, member);
		}
}

static void check_known_covers(uint32_t arch, const char *arch_name, const struct expansion *known)
{
	for (int number = 0; number < 1024; number++) {
		char *name = seccomp_syscall_resolve_num_arch(arch, number);

		if (!name)
			continue;
		if (!expansion_has(known, name))
			fail_with("%s syscall %s is in no group", arch_name, name);
		free(name);
	}
}

static void known_covers_every_syscall_of_x86_64_x86_and_aarch64(void)
{
	static struct expansion known;

	known.count = 0;
	expand(builtin_group("known"), &known, 0);
	CU_ASSERT(known.count < EXPANSION_MAX);
	check_known_covers(SCMP_ARCH_X86_64, "x86_64", &known);
	check_known_covers(SCMP_ARCH_X86, "x86", &known);
	check_known_covers(SCMP_ARCH_AARCH64, "aarch64", &known);
}

/* The design's facts: io_uring is a gate of its own, and a typical service
 * gets neither mounts, modules, reboots, tracing nor raw I/O. */
static void system_service_leaves_out_dangerous_calls(void)
{
	static const char *const outside[] = {
		"io_uring_setup",
		"mount",
		"init_module",
		"reboot",
		"kexec_load",
		"ptrace",
		"bpf",
		"iopl",
		"swapon",
		"perf_event_open",
		"process_vm_readv",
		"settimeofday",
		"open_by_handle_at",
		"userfaultfd",
	};

	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		if (group_contains("system-service", outside[i]))
			fail_with("@system-service contains %s", outside[i]);
	CU_ASSERT_FALSE(group_contains("aio", "io_uring_setup"));
}

/* ---- systemd's groups ---- */

#define SYSTEMD_DIFFERENCES "tests/systemd-groups.list"
#define SYSTEMD_GROUPS_MAX  64
#define SYSTEMD_NAMES_MAX   8192

/* `systemd-analyze syscall-filter`, cut into names in place. */
struct systemd_groups {
	char *text;
	struct {
		const char *name; /* without '@' */
		size_t first, count;
	} groups[SYSTEMD_GROUPS_MAX];
	size_t group_count;
	const char *members[SYSTEMD_NAMES_MAX];
	size_t member_count;
};

/* COMMAND's whole output, allocated, or NULL when it did not exit 0. */
static char *command_output(const char *command)
{
	FILE *pipe = popen(command, "r");
	size_t length = 0, size = 65536;
	char *text = malloc(size);
	size_t got;

	if (!pipe || !text) {
		if (pipe)
			pclose(pipe);
		free(text);
		return NULL;
	}
	while ((got = fread(text + length, 1, size - length - 1, pipe)) > 0) {
		length += got;
		if (size - length < 4096) {
			char *grown = realloc(text, size * 2);

			if (!grown)
				break;
			text = grown;
			size *= 2;
		}
	}
	text[length] = '\0';
	if (pclose(pipe) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* A group starts with "@name" at column 0; its members follow indented,
 * "# comments" among them; a blank line or a line at column 0 ends it. */
static void parse_systemd_groups(struct systemd_groups *systemd)
{
	char *line = systemd->text, *next;
	bool inside = false;

	for (; line && *line; line = next) {
		char *name = line + strspn(line, " \t");

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		name[strcspn(name, " \t")] = '\0';
		if (line[0] == '@' && systemd->group_count < SYSTEMD_GROUPS_MAX) {
			systemd->groups[systemd->group_count].name = line + 1;
			systemd->groups[systemd->group_count].first = systemd->member_count;
			systemd->groups[systemd->group_count++].count = 0;
			inside = true;
		} else if (name == line || !*name) {
			inside = false;
		} else if (inside && name[0] != '#' && systemd->member_count < SYSTEMD_NAMES_MAX) {
			systemd->members[systemd->member_count++] = name;
			systemd->groups[systemd->group_count - 1].count++;
		}
	}
}

/* A name preseal's tables cover: a syscall on x86_64, x86, aarch64 or arm. */
static bool in_scope(const char *name)
{
	static const uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_AARCH64,
					   SCMP_ARCH_ARM };

	for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++)
		if (seccomp_syscall_resolve_name_arch(arches[a], name) >= 0)
			return true;
	return false;
}

static void expand_systemd(const struct systemd_groups *systemd, const char *name,
			   struct expansion *expansion, unsigned depth)
{
	for (size_t g = 0; g < systemd->group_count && depth <= 16; g++) {
		if (strcmp(systemd->groups[g].name, name) != 0)
			continue;
		for (size_t i = 0; i < systemd->groups[g].count; i++) {
			const char *member = systemd->members[systemd->groups[g].first + i];

			if (member[0] == '@')
				expand_systemd(systemd, member + 1, expansion, depth + 1);
			else if (in_scope(member) && !expansion_has(expansion, member) &&
				 expansion->count < EXPANSION_MAX)
				expansion->names[expansion->count++] = member;
		}
	}
}

/* The lines of SYSTEMD_DIFFERENCES that are not comments or blank. */
struct differences {
	char *lines[512];
	bool used[512];
	size_t count;
};

static bool read_differences(struct differences *differences)
{
	FILE *file = fopen(SYSTEMD_DIFFERENCES, "r");
	char line[256];

	if (!file)
		return false;
	while (fgets(line, sizeof(line), file) && differences->count < 512) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '@')
			differences->lines[differences->count++] = strdup(line);
	}
	fclose(file);
	return true;
}

/* Marks "@GROUP SIGNNAME" used; false when the list lacks it. */
static bool listed(struct differences *differences, const char *group, char sign, const char *name)
{
	char line[256];

	snprintf(line, sizeof(line), "@%s %c%s", group, sign, name);
	for (size_t i = 0; i < differences->count; i++)
		if (differences->lines[i] && strcmp(differences->lines[i], line) == 0)
			return differences->used[i] = true;
	return false;
}

static void compare_with_systemd(const struct systemd_groups *systemd,
				 struct differences *differences, const char *group)
{
	static struct expansion ours, theirs;
	const struct syscall_group *found = names_group(group);

	if (!found) {
		fail_with("systemd's @%s has no preseal group of that name", group);
		return;
	}
	ours.count = theirs.count = 0;
	expand(found, &ours, 0);
	expand_systemd(systemd, group, &theirs, 0);
	for (size_t i = 0; i < ours.count; i++)
		if (!expansion_has(&theirs, ours.names[i]) &&
		    !listed(differences, group, '+', ours.names[i]))
			fail_with("@%s has %s, systemd's does not: not in " SYSTEMD_DIFFERENCES,
				  group, ours.names[i]);
	for (size_t i = 0; i < theirs.count; i++)
		if (!expansion_has(&ours, theirs.names[i]) &&
		    !listed(differences, group, '-', theirs.names[i]))
			fail_with("systemd's @%s has %s, preseal's does not: not "
				  "in " SYSTEMD_DIFFERENCES,
				  group, theirs.names[i]);
}

/* Every group systemd 252 shares with preseal by name has the same members
 * but for the documented differences, and each of those still is one. */
static void groups_differ_from_systemd_252_only_where_listed(void)
{
	static struct systemd_groups systemd;
	struct differences differences = { 0 };
	char *version;

	if (access("/usr/bin/systemd-analyze", X_OK) != 0) {
		test_skip("no systemd-analyze to compare the groups with");
		return;
	}
	version = command_output("/usr/bin/systemd-analyze --version 2>/dev/null");
	if (!version || strncmp(version, "systemd 252 ", 12) != 0) {
		test_skip("the listed differences are from systemd 252; this is another");
		free(version);
		return;
	}
	free(version);
	if (!read_differences(&differences)) {
		test_skip(SYSTEMD_DIFFERENCES " not found: run the tests from the repository root");
		return;
	}
	systemd = (struct systemd_groups){
		.text = command_output("/usr/bin/systemd-analyze syscall-filter --no-pager "
				       "2>/dev/null")
	};
	CU_ASSERT_PTR_NOT_NULL_FATAL(systemd.text);
	parse_systemd_groups(&systemd);
	CU_ASSERT_FATAL(systemd.group_count > 20);
	for (size_t g = 0; g < systemd.group_count; g++)
		if (strcmp(systemd.groups[g].name, "known") != 0)
			compare_with_systemd(&systemd, &differences, systemd.groups[g].name);
	for (size_t i = 0; i < differences.count; i++) {
		if (!differences.used[i])
			fail_with(SYSTEMD_DIFFERENCES ": \"%s\" is no longer a difference",
				  differences.lines[i]);
		free(differences.lines[i]);
	}
	free(systemd.text);
}

/* text.h stands in for snprintf on the shim's fast path: the same result,
 * the same return value, the same cut. */
static void text_join_matches_snprintf(void)
{
	const char *parts[][3] = { { "built-in ", "baseline", "" },
				   { "", "", "" },
				   { "/etc/preseal/", "a-rather-long-profile-name", ".cfg" } };
	size_t sizes[] = { 0, 1, 5, 17, 64 };

	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++)
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			char ours[64] = "untouched", theirs[64] = "untouched";
			size_t length = text_join(ours, sizes[z], parts[p][0], parts[p][1],
						  parts[p][2], (char *)NULL);
			int expected = snprintf(theirs, sizes[z], "%s%s%s", parts[p][0],
						parts[p][1], parts[p][2]);

			CU_ASSERT_EQUAL(length, (size_t)expected);
			CU_ASSERT_STRING_EQUAL(ours, theirs);
		}
}

/* Only an exact NAME=, the first one, as getenv() finds it. */
static void text_getenv_matches_getenv(void)
{
	setenv("PRESEAL_TEST_TEXTX", "longer name", 1);
	setenv("PRESEAL_TEST_TEXT", "value", 1);
	unsetenv("PRESEAL_TEST_TEX");
	CU_ASSERT_STRING_EQUAL(text_getenv("PRESEAL_TEST_TEXT"), "value");
	CU_ASSERT_PTR_EQUAL(text_getenv("PRESEAL_TEST_TEXT"), getenv("PRESEAL_TEST_TEXT"));
	CU_ASSERT_PTR_NULL(text_getenv("PRESEAL_TEST_TEX"));
	CU_ASSERT_PTR_NULL(text_getenv(""));
	unsetenv("PRESEAL_TEST_TEXTX");
	unsetenv("PRESEAL_TEST_TEXT");
	CU_ASSERT_PTR_NULL(text_getenv("PRESEAL_TEST_TEXT"));
}

static void text_hex64_matches_printf(void)
{
	const uint64_t values[] = { 0, 1, 0xabcdef, 0x8000000000000000ull, UINT64_MAX };

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char ours[17], theirs[32];

		text_hex64(ours, values[i]);
		snprintf(theirs, sizeof(theirs), "%016" PRIx64, values[i]);
		CU_ASSERT_STRING_EQUAL(ours, theirs);
	}
}

/* ---- argument widths (config/syscall-args.list) ----------------------------- */

static void argument_width_table_is_sorted_and_unique(void)
{
	CU_ASSERT_FATAL(argwidth_count() > 300);
	for (unsigned long i = 1; i < argwidth_count(); i++)
		if (strcmp(argwidth_name_at(i - 1), argwidth_name_at(i)) >= 0)
			fail_with("syscall-args.list: %s before %s", argwidth_name_at(i - 1),
				  argwidth_name_at(i));
}

/* Every syscall a group names that exists on x86_64 or aarch64 has its
 * arguments' widths: none of them is compared in 64 bits by omission. */
static void every_grouped_syscall_of_the_64bit_architectures_has_its_widths(void)
{
	static struct expansion expansion;
	const struct syscall_group *known = builtin_group("known");

	expansion.count = 0;
	if (known)
		expand(known, &expansion, 0);
	CU_ASSERT(expansion.count > 300);
	for (size_t i = 0; i < expansion.count; i++) {
		const char *name = expansion.names[i];

		if ((seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name) >= 0 ||
		     seccomp_syscall_resolve_name_arch(SCMP_ARCH_AARCH64, name) >= 0) &&
		    !argwidth_known(name))
			fail_with("%s is in @known but not in config/syscall-args.list", name);
	}
}

static void kernel_types_have_their_widths(void)
{
	CU_ASSERT_EQUAL(argwidth_of("socket", 0), ARG_S32);  /* int family */
	CU_ASSERT_EQUAL(argwidth_of("ioctl", 1), ARG_U32);   /* unsigned int cmd */
	CU_ASSERT_EQUAL(argwidth_of("ioctl", 2), ARG_WIDE);  /* unsigned long arg */
	CU_ASSERT_EQUAL(argwidth_of("fchmod", 1), ARG_U16);  /* umode_t mode */
	CU_ASSERT_EQUAL(argwidth_of("kill", 0), ARG_S32);    /* pid_t */
	CU_ASSERT_EQUAL(argwidth_of("setuid", 0), ARG_U32);  /* uid_t */
	CU_ASSERT_EQUAL(argwidth_of("read", 1), ARG_WIDE);   /* a pointer */
	CU_ASSERT_EQUAL(argwidth_of("lseek", 1), ARG_WIDE);  /* off_t */
	CU_ASSERT_EQUAL(argwidth_of("mmap", 4), ARG_WIDE);   /* unsigned long on x86_64 */
	CU_ASSERT_EQUAL(argwidth_of("socket", 5), ARG_WIDE); /* past its arguments */
	CU_ASSERT_EQUAL(argwidth_of("no_such_call", 0), ARG_WIDE);
}

static void canonical_value_is_what_the_kernel_reads_extended(void)
{
	CU_ASSERT_EQUAL(argwidth_canonical(ARG_S32, 0x100000011ull), 17);
	CU_ASSERT_EQUAL(argwidth_canonical(ARG_S32, 0xffffff9cull), 0xffffffffffffff9cull);
	CU_ASSERT_EQUAL(argwidth_canonical(ARG_U32, 0xffffffffffffff9cull), 0xffffff9cull);
	CU_ASSERT_EQUAL(argwidth_canonical(ARG_U16, 0x123456789ull), 0x6789);
	CU_ASSERT_EQUAL(argwidth_canonical(ARG_WIDE, 0x100000011ull), 0x100000011ull);
	CU_ASSERT(argwidth_fits(ARG_S32, (uint64_t)-100));
	CU_ASSERT(!argwidth_fits(ARG_S32, 0xffffff9cull));
	CU_ASSERT(!argwidth_fits(ARG_U32, 0x100000000ull));
	CU_ASSERT(!argwidth_fits(ARG_U16, 0x10000));
}

static const struct test_case cases[] = {
	{ "errno_table_is_sorted_and_unique", errno_table_is_sorted_and_unique },
	{ "errno_name_resolves_to_the_header_value", errno_name_resolves_to_the_header_value },
	{ "errno_aliases_resolve_to_their_number", errno_aliases_resolve_to_their_number },
	{ "errno_number_prints_its_canonical_name", errno_number_prints_its_canonical_name },
	{ "errno_number_without_a_name_is_null", errno_number_without_a_name_is_null },
	{ "every_errno_names_its_number_back", every_errno_names_its_number_back },
	{ "every_errno_fits_seccomp_ret_data", every_errno_fits_seccomp_ret_data },
	{ "unknown_errno_name_is_enoent", unknown_errno_name_is_enoent },
	{ "constant_table_is_sorted_and_unique", constant_table_is_sorted_and_unique },
	{ "socket_constants_have_the_header_values", socket_constants_have_the_header_values },
	{ "file_constants_have_the_header_values", file_constants_have_the_header_values },
	{ "memory_constants_have_the_header_values", memory_constants_have_the_header_values },
	{ "process_constants_have_the_header_values", process_constants_have_the_header_values },
	{ "ioctl_constants_have_the_header_values", ioctl_constants_have_the_header_values },
	{ "at_fdcwd_is_sign_extended", at_fdcwd_is_sign_extended },
	{ "unsigned_constant_is_zero_extended", unsigned_constant_is_zero_extended },
	{ "rlim_infinity_is_all_ones", rlim_infinity_is_all_ones },
	{ "architecture_specific_constant_is_kept_where_it_exists",
	  architecture_specific_constant_is_kept_where_it_exists },
	{ "unknown_constant_is_enoent", unknown_constant_is_enoent },
	{ "every_constant_is_found_by_name", every_constant_is_found_by_name },
	{ "decimal_number_parses", decimal_number_parses },
	{ "hex_number_parses", hex_number_parses },
	{ "octal_number_parses", octal_number_parses },
	{ "largest_number_parses", largest_number_parses },
	{ "negative_number_is_twos_complement", negative_number_is_twos_complement },
	{ "huge_number_is_rejected", huge_number_is_rejected },
	{ "malformed_number_is_invalid", malformed_number_is_invalid },
	{ "constant_or_expression_joins_values", constant_or_expression_joins_values },
	{ "names_and_numbers_mix", names_and_numbers_mix },
	{ "blanks_around_bars_are_allowed", blanks_around_bars_are_allowed },
	{ "unknown_constant_is_reported_with_its_token",
	  unknown_constant_is_reported_with_its_token },
	{ "first_bad_token_is_reported", first_bad_token_is_reported },
	{ "empty_expression_is_invalid", empty_expression_is_invalid },
	{ "empty_token_is_invalid", empty_token_is_invalid },
	{ "successful_parse_clears_the_bad_token", successful_parse_clears_the_bad_token },
	{ "group_table_is_sorted_and_unique", group_table_is_sorted_and_unique },
	{ "group_members_are_sorted_and_unique", group_members_are_sorted_and_unique },
	{ "systemd_group_names_are_all_built_in", systemd_group_names_are_all_built_in },
	{ "group_lookup_finds_members", group_lookup_finds_members },
	{ "nested_groups_are_followed", nested_groups_are_followed },
	{ "fanotify_is_privileged_and_outside_system_service",
	  fanotify_is_privileged_and_outside_system_service },
	{ "group_lookup_takes_the_name_without_at", group_lookup_takes_the_name_without_at },
	{ "unknown_group_is_null", unknown_group_is_null },
	{ "every_group_has_a_description", every_group_has_a_description },
	{ "every_nested_group_exists", every_nested_group_exists },
	{ "built_in_groups_have_no_cycles", built_in_groups_have_no_cycles },
	{ "every_group_member_resolves_on_x86_64", every_group_member_resolves_on_x86_64 },
	{ "every_member_is_real_on_x86_64_or_a_32_bit_architecture",
	  every_member_is_real_on_x86_64_or_a_32_bit_architecture },
	{ "known_covers_every_syscall_of_x86_64_x86_and_aarch64",
	  known_covers_every_syscall_of_x86_64_x86_and_aarch64 },
	{ "system_service_leaves_out_dangerous_calls", system_service_leaves_out_dangerous_calls },
	{ "groups_differ_from_systemd_252_only_where_listed",
	  groups_differ_from_systemd_252_only_where_listed },
	{ "text_join_matches_snprintf", text_join_matches_snprintf },
	{ "text_hex64_matches_printf", text_hex64_matches_printf },
	{ "text_getenv_matches_getenv", text_getenv_matches_getenv },
	{ "argument_width_table_is_sorted_and_unique", argument_width_table_is_sorted_and_unique },
	{ "every_grouped_syscall_of_the_64bit_architectures_has_its_widths",
	  every_grouped_syscall_of_the_64bit_architectures_has_its_widths },
	{ "kernel_types_have_their_widths", kernel_types_have_their_widths },
	{ "canonical_value_is_what_the_kernel_reads_extended",
	  canonical_value_is_what_the_kernel_reads_extended },
	{ NULL, NULL },
};

const struct test_suite suite_names = { "names", cases };
