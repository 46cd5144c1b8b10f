/* report: the SIGSYS handler that names a kill before it happens.
 * See report.h.  Everything the handler calls is async-signal-safe: the
 * line is built with the small formatters below, names come from static
 * tables, and the only syscalls are getpid or gettid, rt_sigprocmask and
 * rt_sigaction(SIGSYS) (which the guard lets through for the handler), write
 * (and fstat and open for a log file) and the die syscall.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "decode.h"
#include "io.h"
#include "report_rules.h"
#include "sysnames.h"
#include "text.h"
#include "transform.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

#define X32_BIT 0x40000000

/* The kernel's struct sigaction on x86_64 and aarch64. */
struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#define KERNEL_SA_SIGINFO   0x00000004ul
#define KERNEL_SA_ONSTACK   0x08000000ul
#define KERNEL_SA_RESTART   0x10000000ul
#define KERNEL_SA_NODEFER   0x40000000ul
#define KERNEL_SA_RESETHAND 0x80000000ul
#define KERNEL_SA_RESTORER  0x04000000ul
/* The flags the kernel keeps (UAPI_SA_FLAGS): it clears the others, so that
 * a program can tell what it does not know. */
#define KERNEL_SA_KNOWN                                                                          \
	(0x00000001ul /* SA_NOCLDSTOP */ | 0x00000002ul /* SA_NOCLDWAIT */ | KERNEL_SA_SIGINFO | \
	 KERNEL_SA_ONSTACK | KERNEL_SA_RESTART | KERNEL_SA_NODEFER | KERNEL_SA_RESETHAND |       \
	 0x00000800ul /* SA_EXPOSE_TAGBITS */ | KERNEL_SA_RESTORER)
#define SIGNAL_BIT(n) (1ull << ((n)-1))

/* Zero until report_install() fills it, so it lives in .bss; the fields
 * every install writes come first, and the long ones last, so that a start
 * touches as few of its pages as possible. */
static struct {
	uint64_t token; /* the key: lets the handler's own calls through the guard */
	int log_fd;
	dev_t log_dev;
	ino_t log_ino;
	/* The SIGSYS disposition the program asked for (at first, the one
	 * before preseal's): a SIGSYS that is not preseal's goes there. */
	struct kernel_sigaction program;
	const char *rules; /* report_rules.h, or NULL */
	char policy[PATH_MAX];
	char log_path[PATH_MAX]; /* opened when a report is written, if not yet */
} state;

/* ---- formatting without allocating -------------------------------------- */

struct line {
	char *buffer;
	int size;
	int used;
};

static void put(struct line *line, const char *text)
{
	while (*text && line->used < line->size - 1)
		line->buffer[line->used++] = *text++;
	line->buffer[line->used] = '\0';
}

static void put_unsigned(struct line *line, uint64_t value, unsigned base)
{
	char digits[24];
	int count = 0;

	do {
		digits[count++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	if (base == 16)
		put(line, "0x");
	while (count > 0) {
		char one[2] = { digits[--count], '\0' };

		put(line, one);
	}
}

int report_format(char *buffer, int size, int pid, uint32_t arch, int32_t nr,
		  const uint64_t args[6], const char *policy, const char *rules, uint32_t action)
{
	struct line line = { buffer, size, 0 };
	const char *name = sysnames_syscall(arch, nr);
	const char *arch_name = sysnames_arch(arch, nr);
	uint32_t kind = action & SECCOMP_RET_ACTION_FULL;

	if (size <= 0)
		return 0;
	buffer[0] = '\0';
	put(&line, kind == SECCOMP_RET_KILL_PROCESS || kind == SECCOMP_RET_KILL_THREAD
			   ? "preseal: killed "
			   : "preseal: denied ");
	put(&line, kind == SECCOMP_RET_KILL_THREAD ? "thread " : "pid ");
	put_unsigned(&line, (uint64_t)pid, 10);
	put(&line, ": ");
	put(&line, name ? name : "unnamed syscall");
	put(&line, " (");
	put_unsigned(&line, (uint64_t)(nr & ~X32_BIT), 10);
	put(&line, ", ");
	put(&line, arch_name ? arch_name : "unknown architecture");
	/* Written in place: the handler may run on a small alternate stack. */
	if (name) {
		put(&line, "): ");
		line.used += decode_call(buffer + line.used, size - line.used, name, args);
	} else {
		put(&line, ") args ");
		for (int i = 0; i < 6; i++) {
			if (i)
				put(&line, ", ");
			put_unsigned(&line, args[i], 16);
		}
	}
	put(&line, "; ");
	/* Room is kept for the newline. */
	if (size - line.used > 1)
		line.used += report_rules_explain(buffer + line.used, size - line.used - 1, rules,
						  arch, nr, name, args, action, policy);
	put(&line, "\n");
	return line.used;
}

/* ---- what to report ----------------------------------------------------- */

int report_parse(const char *spec, unsigned *what)
{
	*what = 0;
	if (!spec || !*spec || strcmp(spec, "none") == 0)
		return 0;
	for (const char *word = spec; *word;) {
		size_t length = strcspn(word, ",");

		if (length == 5 && strncmp(word, "kills", 5) == 0)
			*what |= REPORT_KILLS;
		else if (length == 7 && strncmp(word, "denials", 7) == 0)
			*what |= REPORT_DENIALS;
		else
			return -EINVAL;
		word += length;
		if (*word == ',' && *++word == '\0')
			return -EINVAL;
	}
	return 0;
}

/* ---- the log ------------------------------------------------------------ */

int report_open_log(const char *spec, bool *off)
{
	int fd;

	*off = false;
	if (!spec || !*spec || strcmp(spec, "stderr") == 0)
		return fcntl(STDERR_FILENO, F_GETFD) >= 0 ? STDERR_FILENO : -1;
	if (strcmp(spec, "off") == 0) {
		*off = true;
		return -1;
	}
	fd = open(spec, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return -errno;
	/* Out of the way of the program's own low descriptors. */
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 512);

	if (high >= 0) {
		close(fd);
		fd = high;
	}
	return fd;
}

/* The log file, if it is still the one opened, or opened now; stderr when
 * that is what the log is. */
static int log_target(void)
{
	struct stat st;

	if (state.log_fd == STDERR_FILENO)
		return state.log_fd;
	if (state.log_fd >= 0 && fstat(state.log_fd, &st) == 0 && st.st_dev == state.log_dev &&
	    st.st_ino == state.log_ino)
		return state.log_fd;
	if (!state.log_path[0])
		return -1;
	return open(state.log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
}

/* ---- the handler -------------------------------------------------------- */

static void die(bool thread)
{
	syscall(thread ? PRESEAL_DIE_THREAD_NR : PRESEAL_DIE_PROCESS_NR);
	/* Unreachable with the guard in place; never return to the call. */
	_exit(128 + SIGSYS);
}

#if defined(__x86_64__)
static void arguments(const ucontext_t *context, uint32_t arch, uint64_t args[6])
{
	const greg_t *r = context->uc_mcontext.gregs;

	if (arch == AUDIT_ARCH_I386) {
		const greg_t i386[6] = { r[REG_RBX], r[REG_RCX], r[REG_RDX],
					 r[REG_RSI], r[REG_RDI], r[REG_RBP] };

		for (int i = 0; i < 6; i++)
			args[i] = (uint32_t)i386[i];
		return;
	}
	args[0] = (uint64_t)r[REG_RDI];
	args[1] = (uint64_t)r[REG_RSI];
	args[2] = (uint64_t)r[REG_RDX];
	args[3] = (uint64_t)r[REG_R10];
	args[4] = (uint64_t)r[REG_R8];
	args[5] = (uint64_t)r[REG_R9];
}

/* What the trapped call returns once the handler does. */
static void set_result(ucontext_t *context, long result)
{
	context->uc_mcontext.gregs[REG_RAX] = (greg_t)result;
}

void preseal_restore_rt(void) __attribute__((visibility("hidden")));
__asm__(".text\n"
	".align 16\n"
	".type preseal_restore_rt,@function\n"
	"preseal_restore_rt:\n"
	"\tmovq $15, %rax\n" /* rt_sigreturn */
	"\tsyscall\n"
	"\thlt\n"
	".size preseal_restore_rt, .-preseal_restore_rt\n");
#define RESTORER	  preseal_restore_rt
#define RESTORER_FLAGS	  KERNEL_SA_RESTORER
#define REPORTS_SUPPORTED 1
#elif defined(__aarch64__)
static void arguments(const ucontext_t *context, uint32_t arch, uint64_t args[6])
{
	(void)arch;
	for (int i = 0; i < 6; i++)
		args[i] = context->uc_mcontext.regs[i];
}

static void set_result(ucontext_t *context, long result)
{
	context->uc_mcontext.regs[0] = (uint64_t)result;
}

#define RESTORER	  NULL /* the kernel uses the vDSO's trampoline */
#define RESTORER_FLAGS	  0ul
#define REPORTS_SUPPORTED 1
#else
#define REPORTS_SUPPORTED 0
#endif

#if REPORTS_SUPPORTED
static void on_sigsys(int signal_number, siginfo_t *info, void *context);

static bool program_handles(void)
{
	return state.program.handler != (void *)SIG_IGN && state.program.handler != (void *)SIG_DFL;
}

/* Puts preseal's handler in place, shaped like the program's so that a
 * SIGSYS for the program arrives as the kernel would deliver it: on the
 * alternate stack, with the program's mask, SIGSYS itself blocked or not,
 * an interrupted call restarted or not.  With no handler of the program's,
 * everything is blocked and calls restart (an ignored signal interrupts
 * nothing).  Arguments 4 and 5 carry the key the guard lets through. */
static int install_own(void)
{
	struct kernel_sigaction action = {
		.handler = (void *)on_sigsys,
		.flags = KERNEL_SA_SIGINFO | RESTORER_FLAGS | KERNEL_SA_RESTART,
		.restorer = RESTORER,
		.mask = ~0ull,
	};

	if (program_handles()) {
		action.flags = KERNEL_SA_SIGINFO | RESTORER_FLAGS |
			       (state.program.flags &
				(KERNEL_SA_ONSTACK | KERNEL_SA_RESTART | KERNEL_SA_NODEFER));
		action.mask = state.program.mask;
	}
	if (syscall(SYS_rt_sigaction, SIGSYS, &action, NULL, sizeof(uint64_t), state.token,
		    state.token >> 32) < 0)
		return -errno;
	return 0;
}

static void report_kill(const siginfo_t *info, ucontext_t *context, bool thread)
{
	uint64_t args[6];
	char text[2048];
	int length, fd;
	long pid;

	arguments(context, info->si_arch, args);
	pid = syscall(thread ? SYS_gettid : SYS_getpid, 0, 0, 0, 0, state.token, state.token >> 32);
	length = report_format(text, sizeof(text), (int)pid, info->si_arch, info->si_syscall, args,
			       state.policy, state.rules,
			       thread ? SECCOMP_RET_KILL_THREAD : SECCOMP_RET_KILL_PROCESS);
	fd = log_target();
	if (fd >= 0)
		(void)io_write_all(fd, text, (size_t)length);
	die(thread);
}

/* Whether the program's struct at ADDRESS can be read (or written): the
 * kernel says, through rt_sigprocmask, which the guard lets through with the
 * key.  Reading uses an invalid HOW, so that the kernel copies the set in
 * (EFAULT) and then refuses (EINVAL) without changing the mask; writing
 * stores the mask there, which the caller then overwrites.  The first and
 * last 8 bytes cover every page a 32-byte struct touches. */
static bool program_memory(uint64_t address, bool write)
{
	const uint64_t last = address + sizeof(struct kernel_sigaction) - 8;

	for (uint64_t at = address;; at = last) {
		void *pointer = (void *)(uintptr_t)at;
		long result = write ? syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, pointer,
					      sizeof(uint64_t), state.token, state.token >> 32)
				    : syscall(SYS_rt_sigprocmask, -1, pointer, NULL,
					      sizeof(uint64_t), state.token, state.token >> 32);

		if (result < 0 && errno == EFAULT)
			return false;
		if (at == last)
			return true;
	}
}

/* The program's rt_sigaction(SIGSYS, ACT, OLDACT, SIZE), which the guard
 * trapped, done as the kernel would do it on the recorded disposition: the
 * size checked (EINVAL), ACT read (EFAULT, nothing changed; unknown flags
 * cleared, SIGKILL and SIGSTOP never blocked) and recorded, the previous one
 * written to OLDACT (EFAULT after the change, as the kernel), 0 returned. */
static void emulate_sigaction(const siginfo_t *info, ucontext_t *context)
{
	struct kernel_sigaction previous = state.program, wanted;
	uint64_t args[6];

	arguments(context, info->si_arch, args);
	if (args[3] != sizeof(uint64_t)) {
		set_result(context, -EINVAL);
		return;
	}
	if (args[1]) {
		if (!program_memory(args[1], false)) {
			set_result(context, -EFAULT);
			return;
		}
		memcpy(&wanted, (const void *)(uintptr_t)args[1], sizeof(wanted));
		wanted.flags &= KERNEL_SA_KNOWN;
		wanted.mask &= ~(SIGNAL_BIT(SIGKILL) | SIGNAL_BIT(SIGSTOP));
		state.program = wanted;
		(void)install_own();
	}
	if (args[2]) {
		if (!program_memory(args[2], true)) {
			set_result(context, -EFAULT);
			return;
		}
		previous.flags &= KERNEL_SA_KNOWN;
		memcpy((void *)(uintptr_t)args[2], &previous, sizeof(previous));
	}
	set_result(context, 0);
}

/* A SIGSYS that is not preseal's: what the program asked for. */
static void program_action(int signal_number, siginfo_t *info, void *context)
{
	struct kernel_sigaction program = state.program;

	if (program.handler == (void *)SIG_IGN && info->si_code != SYS_SECCOMP)
		return;
	/* SIGSYS's default, and a seccomp trap ignored (the kernel forces
	 * those): the process ends by SIGSYS. */
	if (program.handler == (void *)SIG_IGN || program.handler == (void *)SIG_DFL)
		die(false);
	if (program.flags & KERNEL_SA_RESETHAND) {
		state.program.handler = (void *)SIG_DFL;
		(void)install_own();
	}
	if (program.flags & KERNEL_SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))program.handler)(signal_number, info, context);
	else
		((void (*)(int))program.handler)(signal_number);
}

static void on_sigsys(int signal_number, siginfo_t *info, void *context)
{
	int saved_errno = errno;

	if (info->si_code == SYS_SECCOMP) {
		switch (info->si_errno) {
		case PRESEAL_TRAP_KILL_PROCESS:
			report_kill(info, context, false);
			return;
		case PRESEAL_TRAP_KILL_THREAD:
			report_kill(info, context, true);
			return;
		case PRESEAL_TRAP_SIGACTION:
			emulate_sigaction(info, context);
			errno = saved_errno;
			return;
		default:
			break;
		}
	}
	program_action(signal_number, info, context);
	errno = saved_errno;
}

int report_install(uint64_t token, const char *policy, const char *rules, int log_fd,
		   const char *log_spec)
{
	struct stat st;

	state.rules = rules;
	text_join(state.policy, sizeof(state.policy), policy ? policy : "", (char *)NULL);
	state.token = token;
	if (log_fd < 0 && (!log_spec || !*log_spec || strcmp(log_spec, "stderr") == 0))
		log_fd = STDERR_FILENO;
	else if (log_spec && strchr(log_spec, '/'))
		text_join(state.log_path, sizeof(state.log_path), log_spec, (char *)NULL);
	state.log_fd = log_fd;
	if (log_fd >= 0 && log_fd != STDERR_FILENO && fstat(log_fd, &st) == 0) {
		state.log_dev = st.st_dev;
		state.log_ino = st.st_ino;
	}
	/* What the program had (SIG_IGN survives an exec), then preseal's. */
	if (syscall(SYS_rt_sigaction, SIGSYS, NULL, &state.program, sizeof(uint64_t), token,
		    token >> 32) < 0)
		return -errno;
	return install_own();
}
#else
int report_install(uint64_t token, const char *policy, const char *rules, int log_fd,
		   const char *log_spec)
{
	(void)token, (void)policy, (void)rules, (void)log_fd, (void)log_spec;
	return -ENOTSUP;
}
#endif
