/* sigsys: a program that handles SIGSYS itself, or tries to survive a kill.
 *
 *   sigsys handler      installs a SIGSYS handler with sigaction(), reads it
 *                       back, raises SIGSYS with kill(getpid(), SIGSYS)
 *   sigsys handler-raw  the same through the raw rt_sigaction syscall (as Go
 *                       does: no libc wrapper in the way), and checks that a
 *                       wrong set size is EINVAL and pointers to nowhere
 *                       EFAULT, as the kernel answers
 *   sigsys ignore       sigaction(SIGSYS, SIG_IGN), then the same kill
 *   sigsys ignore-own-trap
 *                       sigaction(SIGSYS, SIG_IGN), then a filter of its own
 *                       that traps getppid, then getppid: the kernel forces
 *                       a seccomp trap, so the process dies by SIGSYS
 *   sigsys handler-then-mkdir PATH
 *                       installs the handler, then mkdir(PATH): a program
 *                       whose policy kills mkdir must die however it
 *                       handles SIGSYS
 *   sigsys bad-stack PATH
 *                       a SIGSEGV handler on an alternate stack, then
 *                       mkdir(PATH) with the stack pointer made unusable
 *                       (x86_64 only): a trap's SIGSYS frame cannot be
 *                       pushed, the kernel forces SIGSEGV instead, and the
 *                       handler would let the program go on
 *
 * Prints one line, "WAY: …", and exits 0 when the program's own handling
 * happened as it asked (the handler ran, the signal was ignored, the
 * handler read back is its own); 2 when it did not; 3 when the way cannot
 * be tried here.  bad-stack prints "bad-stack: survived" and exits 0 if it
 * is still alive after the call.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's struct sigaction on x86_64 and aarch64. */
struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static volatile sig_atomic_t handled;

static void on_sigsys(int signal_number, siginfo_t *info, void *context)
{
	(void)context;
	if (signal_number == SIGSYS && info->si_signo == SIGSYS && info->si_pid == getpid())
		handled = 1;
}

static void on_sigsegv(int signal_number)
{
	static const char line[] = "bad-stack: survived\n";

	(void)signal_number;
	(void)!write(STDOUT_FILENO, line, sizeof(line) - 1);
	_exit(0);
}

/* Installs on_sigsys for SIGSYS, by libc or by the raw syscall (with the
 * restorer libc gave SIGUSR1, which the kernel needs on x86_64). */
static int install(bool raw)
{
	struct sigaction action = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	struct sigaction back;

	sigemptyset(&action.sa_mask);
	if (!raw) {
		if (sigaction(SIGSYS, &action, NULL) != 0 || sigaction(SIGSYS, NULL, &back) != 0)
			return -1;
		return back.sa_sigaction == on_sigsys ? 0 : -1;
	}
	struct kernel_sigaction kernel, kernel_back = { 0 }, old = { 0 };

	if (sigaction(SIGUSR1, &action, NULL) != 0 ||
	    syscall(SYS_rt_sigaction, SIGUSR1, NULL, &kernel, sizeof(uint64_t)) != 0)
		return -1;
	if (syscall(SYS_rt_sigaction, SIGSYS, &kernel, &old, sizeof(uint64_t)) != 0 ||
	    syscall(SYS_rt_sigaction, SIGSYS, NULL, &kernel_back, sizeof(uint64_t)) != 0)
		return -1;
	/* The old one is the default; the one read back is the program's. */
	if (old.handler != (void *)SIG_DFL || kernel_back.handler != (void *)on_sigsys)
		return -1;
	/* A wrong set size and pointers to nowhere are refused as the kernel
	 * refuses them, and change nothing. */
	errno = 0;
	if (syscall(SYS_rt_sigaction, SIGSYS, &kernel, NULL, 4) != -1 || errno != EINVAL)
		return -1;
	errno = 0;
	if (syscall(SYS_rt_sigaction, SIGSYS, (void *)8, NULL, sizeof(uint64_t)) != -1 ||
	    errno != EFAULT)
		return -1;
	errno = 0;
	if (syscall(SYS_rt_sigaction, SIGSYS, NULL, (void *)8, sizeof(uint64_t)) != -1 ||
	    errno != EFAULT)
		return -1;
	if (syscall(SYS_rt_sigaction, SIGSYS, NULL, &kernel_back, sizeof(uint64_t)) != 0 ||
	    kernel_back.handler != (void *)on_sigsys)
		return -1;
	return 0;
}

static int raise_own(const char *way, bool raw)
{
	if (install(raw) != 0) {
		printf("%s: the handler was not installed or not read back\n", way);
		return 2;
	}
	kill(getpid(), SIGSYS);
	printf("%s: %s\n", way, handled ? "handled" : "not handled");
	return handled ? 0 : 2;
}

static int ignore(void)
{
	if (signal(SIGSYS, SIG_IGN) == SIG_ERR) {
		printf("ignore: signal failed\n");
		return 2;
	}
	kill(getpid(), SIGSYS);
	printf("ignore: survived\n");
	return 0;
}

static int ignore_own_trap(void)
{
	struct sock_filter program[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = { .len = sizeof(program) / sizeof(program[0]),
				    .filter = program };

	if (signal(SIGSYS, SIG_IGN) == SIG_ERR || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
		printf("ignore-own-trap: cannot set up\n");
		return 3;
	}
	syscall(SYS_getppid);
	printf("ignore-own-trap: survived\n");
	return 0;
}

static int bad_stack(const char *path)
{
#if defined(__x86_64__)
	static char alternate[64 * 1024];
	stack_t stack = { .ss_sp = alternate, .ss_size = sizeof(alternate) };
	struct sigaction action = { .sa_handler = on_sigsegv, .sa_flags = SA_ONSTACK };
	long result;

	sigemptyset(&action.sa_mask);
	if (sigaltstack(&stack, NULL) != 0 || sigaction(SIGSEGV, &action, NULL) != 0) {
		printf("bad-stack: cannot set up\n");
		return 3;
	}
	/* mkdir(path, 0700) with %rsp pointing nowhere for the call. */
	__asm__ volatile("movq %%rsp, %%r12\n\t"
			 "movq $0x10, %%rsp\n\t"
			 "syscall\n\t"
			 "movq %%r12, %%rsp\n\t"
			 : "=a"(result)
			 : "a"((long)SYS_mkdir), "D"(path), "S"(0700L)
			 : "rcx", "r11", "r12", "memory");
	printf("bad-stack: returned %ld\n", result);
	return 0;
#else
	(void)path;
	printf("bad-stack: x86_64 only\n");
	return 3;
#endif
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 2 && strcmp(argv[1], "handler") == 0)
		return raise_own("handler", false);
	if (argc >= 2 && strcmp(argv[1], "handler-raw") == 0)
		return raise_own("handler-raw", true);
	if (argc >= 2 && strcmp(argv[1], "ignore") == 0)
		return ignore();
	if (argc >= 2 && strcmp(argv[1], "ignore-own-trap") == 0)
		return ignore_own_trap();
	if (argc >= 3 && strcmp(argv[1], "handler-then-mkdir") == 0) {
		if (install(false) != 0)
			return 2;
		printf("handler-then-mkdir: %s\n", mkdir(argv[2], 0700) == 0 ? "made" : "refused");
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "bad-stack") == 0)
		return bad_stack(argv[2]);
	fprintf(stderr, "usage: sigsys handler|handler-raw|ignore|bad-stack PATH\n");
	return 3;
}
