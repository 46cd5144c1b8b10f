/* Reports: what a denied call's line says (issue 15): the call decoded, the
 * rule that decided, and errno denials made visible on request. */
#include <errno.h>
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
#include <signal.h>
#include <unistd.h>

#include "decode.h"
#include "harness.h"
#include "monitor.h"
#include "report.h"

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

	report_format(line, sizeof(line), 42, AUDIT_ARCH_X86_64, SYS_socket, args, "web.cfg",
		      false);
	EXPECT(strstr(line, "socket(AF_PACKET, SOCK_RAW, 768)") != NULL, "%s", line);
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
	monitor_report(&monitor, fd, "p.cfg");
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
	{ NULL, NULL },
};

const struct test_suite suite_reports = { "reports", cases };
