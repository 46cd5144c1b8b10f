/* door: knocks on one of the kernel's risky doors and says what it heard.
 *
 *   door NAME    prints "NAME OK" when the call succeeded, "NAME EPERM" (the
 *                errno's name) when it failed, or "NAME SKIP why" when this
 *                machine cannot try it; exits 0.  Exits 2 for an unknown NAME.
 *   door         lists the doors, one a line.
 *
 * Each door is knocked on with arguments that do no harm when it opens: run
 * as root without a filter, the calls fail on a bad argument (EINVAL,
 * ENOENT, EBADF), act only on this short-lived process (unshare, personality,
 * a key in its own keyring), or on a child it starts and kills itself.  So
 * the tests can run every door unconfined as a control, and EPERM under a
 * filter is the filter's answer, not the lack of privilege.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/kcmp.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define NOWHERE	     "/nonexistent/preseal-door"
#define SKIPPED	     (-2L) /* a door function's "cannot try it here" */

static const char *skip_reason = "";

/* Finishes a child that a door started like fork: it exits at once. */
static long reap_if_parent(long result)
{
	if (result == 0)
		syscall(SYS_exit_group, 0);
	if (result > 0) {
		waitpid((pid_t)result, NULL, __WALL);
		return 0;
	}
	return result;
}

static long door_acct(void)
{
	return syscall(SYS_acct, NOWHERE);
}

static long door_add_key(void)
{
	return syscall(SYS_add_key, "user", "preseal:door", "x", 1, KEY_SPEC_PROCESS_KEYRING);
}

static long door_bpf(void)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	return syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
}

static long door_clock_settime(void)
{
	struct timespec now = { 0, 0 };

	/* CLOCK_MONOTONIC cannot be set: EINVAL when the call is let through. */
	return syscall(SYS_clock_settime, CLOCK_MONOTONIC, &now);
}

static long door_clone3(void)
{
	/* struct clone_args, version 0: flags, pidfd, child_tid, parent_tid,
	 * exit_signal, stack, stack_size, tls. */
	uint64_t args[8] = { 0 };

	args[4] = SIGCHLD;
	return reap_if_parent(syscall(SYS_clone3, args, sizeof(args)));
}

static long clone_with(unsigned long flags)
{
	return reap_if_parent(syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0));
}

static long door_clone_newns(void)
{
	return clone_with(CLONE_NEWNS);
}

static long door_clone_newuser(void)
{
	return clone_with(CLONE_NEWUSER);
}

static long door_finit_module(void)
{
	return syscall(SYS_finit_module, -1, "", 0);
}

static long door_init_module(void)
{
	return syscall(SYS_init_module, NULL, 0, "");
}

static long door_io_uring_setup(void)
{
	/* struct io_uring_params, all zero: the kernel's defaults. */
	uint64_t params[64] = { 0 };
	long fd = syscall(SYS_io_uring_setup, 1, params);

	if (fd >= 0)
		close((int)fd);
	return fd;
}

static long door_ioperm(void)
{
	return syscall(SYS_ioperm, 0x80, 1, 0);
}

static long door_iopl(void)
{
	return syscall(SYS_iopl, 0);
}

static long door_kcmp(void)
{
	return syscall(SYS_kcmp, getpid(), getpid(), KCMP_VM, 0, 0);
}

static long door_kexec_file_load(void)
{
	return syscall(SYS_kexec_file_load, -1, -1, 0, NULL, ~0ul);
}

static long door_kexec_load(void)
{
	/* An architecture that is not this one: EINVAL when let through. */
	return syscall(SYS_kexec_load, 0, 0, NULL, 0x00010000ul);
}

static long door_keyctl(void)
{
	return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0);
}

static long door_mount(void)
{
	return syscall(SYS_mount, "none", NOWHERE, "tmpfs", 0, NULL);
}

static long door_open_by_handle_at(void)
{
	return syscall(SYS_open_by_handle_at, -1, NULL, 0);
}

static long door_perf_event_open(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	/* Flags no kernel knows: EINVAL when let through. */
	return syscall(SYS_perf_event_open, &attr, 0, -1, -1, ~0ul);
}

static long door_personality(void)
{
	return syscall(SYS_personality, READ_IMPLIES_EXEC);
}

static long door_pidfd_getfd(void)
{
	return syscall(SYS_pidfd_getfd, -1, 0, 0);
}

static long door_process_vm_readv(void)
{
	static char source[8] = "door", target[8];
	struct iovec local = { target, sizeof(target) }, remote = { source, sizeof(source) };

	return syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0);
}

static long door_ptrace_attach(void)
{
	pid_t child = fork();
	long result;

	if (child == 0) {
		for (;;)
			pause();
	}
	if (child < 0)
		return -1;
	result = syscall(SYS_ptrace, PTRACE_ATTACH, child, 0, 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, __WALL);
	return result;
}

static long door_ptrace_traceme(void)
{
	return syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
}

static long door_reboot(void)
{
	/* No magic numbers: EINVAL when let through. */
	return syscall(SYS_reboot, 0, 0, 0, NULL);
}

static long door_sethostname(void)
{
	static char name[1024];

	/* Longer than any host name: EINVAL when let through. */
	return syscall(SYS_sethostname, name, sizeof(name));
}

static long door_setns(void)
{
	int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	long result;

	if (fd < 0) {
		skip_reason = "cannot open /proc/self/ns/uts";
		return SKIPPED;
	}
	result = syscall(SYS_setns, fd, CLONE_NEWUTS);
	close(fd);
	return result;
}

static long door_settimeofday(void)
{
	struct timeval invalid = { 0, 2000000 };

	return syscall(SYS_settimeofday, &invalid, NULL);
}

static long door_swapon(void)
{
	return syscall(SYS_swapon, NOWHERE, 0);
}

static long door_syslog(void)
{
	/* SYSLOG_ACTION_SIZE_BUFFER: reads nothing. */
	return syscall(SYS_syslog, 10, NULL, 0);
}

/* A terminal this process owns, or -1. */
static int open_terminal(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	int terminal;

	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || !ptsname(master))
		return -1;
	terminal = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	return terminal;
}

static long tiocsti(unsigned long request)
{
	char byte = '\n';
	int terminal = open_terminal();

	if (terminal < 0) {
		skip_reason = "no pseudo-terminal (posix_openpt)";
		return SKIPPED;
	}
	return syscall(SYS_ioctl, terminal, request, &byte);
}

static long door_tiocsti(void)
{
	return tiocsti(TIOCSTI);
}

static long door_tiocsti_high_bits(void)
{
	/* The kernel reads the request as an unsigned int: the upper half is
	 * dropped, and a filter that compares all 64 bits would miss it. */
	return tiocsti(TIOCSTI | (1ul << 32));
}

static long door_unshare_newuser(void)
{
	return syscall(SYS_unshare, CLONE_NEWUSER);
}

static long door_uselib(void)
{
	return syscall(SYS_uselib, NOWHERE);
}

static long door_userfaultfd(void)
{
	long fd = syscall(SYS_userfaultfd, O_CLOEXEC);

	if (fd >= 0)
		close((int)fd);
	return fd;
}

struct door {
	const char *name;
	long (*knock)(void);
};

/* Sorted by name. */
static const struct door doors[] = {
	{ "acct", door_acct },
	{ "add_key", door_add_key },
	{ "bpf", door_bpf },
	{ "clock_settime", door_clock_settime },
	{ "clone3", door_clone3 },
	{ "clone_newns", door_clone_newns },
	{ "clone_newuser", door_clone_newuser },
	{ "finit_module", door_finit_module },
	{ "init_module", door_init_module },
	{ "io_uring_setup", door_io_uring_setup },
	{ "ioperm", door_ioperm },
	{ "iopl", door_iopl },
	{ "kcmp", door_kcmp },
	{ "kexec_file_load", door_kexec_file_load },
	{ "kexec_load", door_kexec_load },
	{ "keyctl", door_keyctl },
	{ "mount", door_mount },
	{ "open_by_handle_at", door_open_by_handle_at },
	{ "perf_event_open", door_perf_event_open },
	{ "personality", door_personality },
	{ "pidfd_getfd", door_pidfd_getfd },
	{ "process_vm_readv", door_process_vm_readv },
	{ "ptrace_attach", door_ptrace_attach },
	{ "ptrace_traceme", door_ptrace_traceme },
	{ "reboot", door_reboot },
	{ "sethostname", door_sethostname },
	{ "setns", door_setns },
	{ "settimeofday", door_settimeofday },
	{ "swapon", door_swapon },
	{ "syslog", door_syslog },
	{ "tiocsti", door_tiocsti },
	{ "tiocsti_high_bits", door_tiocsti_high_bits },
	{ "unshare_newuser", door_unshare_newuser },
	{ "uselib", door_uselib },
	{ "userfaultfd", door_userfaultfd },
};

static int compare_door(const void *key, const void *member)
{
	return strcmp(key, ((const struct door *)member)->name);
}

int main(int argc, char **argv)
{
	const struct door *door;
	long result;

	if (argc < 2) {
		for (size_t i = 0; i < COUNT(doors); i++)
			printf("%s\n", doors[i].name);
		return 0;
	}
	door = bsearch(argv[1], doors, COUNT(doors), sizeof(doors[0]), compare_door);
	if (!door) {
		fprintf(stderr, "door: no door named '%s'\n", argv[1]);
		return 2;
	}
	errno = 0;
	result = door->knock();
	if (result == SKIPPED)
		printf("%s SKIP %s\n", door->name, skip_reason);
	else if (result < 0)
		printf("%s %s\n", door->name,
		       strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	else
		printf("%s OK\n", door->name);
	return 0;
}
