/* escape: tries one way around a seccomp filter and says what the kernel did.
 *
 *   escape WAY [ARG…]   prints one line, "WAY: …", with the errno names and
 *                       the kernel's own view (/proc) of what happened;
 *                       exits 0 when it could try, 1 when it could not.
 *
 * Ways (each one harmless when it succeeds: it acts on this process, a
 * child it started, or the path it was given):
 *   int80 PATH          mkdir(PATH) through the i386 table (int 0x80)
 *   x32 PATH            mkdir(PATH) with the x32 bit set in the number
 *   io_uring            io_uring_setup(8, …)
 *   ptrace_sibling      two children: one tries PTRACE_ATTACH on the other;
 *                       the victim's TracerPid is read from /proc
 *   vm_writev           process_vm_writev into a child's variable; the child
 *                       reports whether it changed
 *   nnp                 prctl(PR_SET_NO_NEW_PRIVS, 0) and the flag after it
 *   stack PATH          loads an allow-everything filter of its own, then
 *                       mkdir(PATH); prints Seccomp_filters
 *   exec PROG [ARG…]    execve with an empty environment (no LD_PRELOAD, no
 *                       PRESEAL_*): what PROG prints is the answer
 *   raw NR              syscall(NR) with zero arguments
 *   clone3              clone3 with a zero-sized argument
 *   thread              pthread_create and join (glibc tries clone3 first)
 *   packet HIGH         socket(HIGH << 32 | AF_PACKET, SOCK_RAW, 0) through
 *                       syscall(2): the family the kernel gave the socket
 *                       (getsockopt SO_DOMAIN) or the errno
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define X32_SYSCALL_BIT	  0x40000000L
#define I386_MKDIR	  39
#define X86_64_MKDIR	  83
#define IO_URING_SETUP_NR 425
#define CLONE3_NR	  435

static const char *errno_name(int error)
{
	switch (error) {
	case 0:
		return "OK";
	case EPERM:
		return "EPERM";
	case ENOSYS:
		return "ENOSYS";
	case EACCES:
		return "EACCES";
	case EROFS:
		return "EROFS";
	case EINVAL:
		return "EINVAL";
	case EFAULT:
		return "EFAULT";
	case EEXIST:
		return "EEXIST";
	case ESRCH:
		return "ESRCH";
	case ENOMEM:
		return "ENOMEM";
	case E2BIG:
		return "E2BIG";
	default:
		return strerrorname_np(error) ? strerrorname_np(error) : "E?";
	}
}

static long status_field(pid_t pid, const char *field)
{
	char path[64], line[256];
	size_t length = strlen(field);
	long value = -1;
	FILE *status;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	status = fopen(path, "r");
	while (status && fgets(line, sizeof(line), status))
		if (strncmp(line, field, length) == 0 && line[length] == ':')
			value = strtol(line + length + 1, NULL, 10);
	if (status)
		fclose(status);
	return value;
}

static int way_int80(const char *path)
{
	/* int 0x80 takes 32-bit pointers: the path must lie below 4 GiB. */
	char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	long result;

	if (low == MAP_FAILED)
		return 1;
	snprintf(low, 4096, "%s", path);
	__asm__ volatile("int $0x80"
			 : "=a"(result)
			 : "a"(I386_MKDIR), "b"(low), "c"(0755)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	printf("int80: mkdir %s\n", errno_name(result < 0 ? (int)-result : 0));
	return 0;
}

static int way_x32(const char *path)
{
	long result = syscall(X32_SYSCALL_BIT | X86_64_MKDIR, path, 0755);

	printf("x32: mkdir %s\n", errno_name(result < 0 ? errno : 0));
	return 0;
}

static int way_io_uring(void)
{
	unsigned char params[120] = { 0 };
	long result = syscall(IO_URING_SETUP_NR, 8, params);

	printf("io_uring: io_uring_setup %s\n", errno_name(result < 0 ? errno : 0));
	if (result >= 0)
		close((int)result);
	return 0;
}

/* The attacker reports its answer on a pipe and stays alive, so the
 * victim's TracerPid is read while an attach would still hold. */
static int way_ptrace_sibling(void)
{
	pid_t victim = fork(), attacker;
	int answer = -1, report[2];

	if (victim == 0) {
		pause();
		_exit(0);
	}
	if (victim < 0 || pipe(report) < 0)
		return 1;
	attacker = fork();
	if (attacker == 0) {
		long result = ptrace(PTRACE_ATTACH, victim, NULL, NULL);
		int error = result < 0 ? errno : 0;

		(void)!write(report[1], &error, sizeof(error));
		pause();
		_exit(0);
	}
	close(report[1]);
	if (read(report[0], &answer, sizeof(answer)) != sizeof(answer))
		answer = -1;
	printf("ptrace_sibling: attach %s, victim TracerPid %ld\n",
	       answer < 0 ? "killed" : errno_name(answer), status_field(victim, "TracerPid"));
	kill(attacker, SIGKILL);
	waitpid(attacker, NULL, 0);
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
	return 0;
}

static volatile int secret = 7;

static int way_vm_writev(void)
{
	int go[2], status;
	int value = 42;
	pid_t child;
	long result;

	if (pipe(go) < 0)
		return 1;
	child = fork();
	if (child == 0) {
		char byte;

		close(go[1]);
		(void)!read(go[0], &byte, 1);
		_exit(secret);
	}
	close(go[0]);
	struct iovec local = { &value, sizeof(value) };
	struct iovec remote = { (void *)&secret, sizeof(secret) };
	result = process_vm_writev(child, &local, 1, &remote, 1, 0);
	printf("vm_writev: process_vm_writev %s", errno_name(result < 0 ? errno : 0));
	close(go[1]);
	waitpid(child, &status, 0);
	printf(", child's value %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static int way_nnp(void)
{
	int result = prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
	int error = result < 0 ? errno : 0;

	printf("nnp: clear %s, PR_GET_NO_NEW_PRIVS %d, NoNewPrivs %ld\n", errno_name(error),
	       prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), status_field(getpid(), "NoNewPrivs"));
	return 0;
}

static int way_stack(const char *path)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog program = { 1, &allow };
	long loaded = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program);
	int load_error = loaded < 0 ? errno : 0;
	int made = mkdir(path, 0755);

	printf("stack: load %s, mkdir %s, Seccomp_filters %ld\n", errno_name(load_error),
	       errno_name(made < 0 ? errno : 0), status_field(getpid(), "Seccomp_filters"));
	return 0;
}

static int way_exec(char **argv)
{
	char *empty[] = { NULL };

	execve(argv[0], argv, empty);
	printf("exec: execve %s\n", errno_name(errno));
	return 1;
}

static int way_raw(const char *number)
{
	long result = syscall(strtol(number, NULL, 0), 0, 0, 0, 0, 0, 0);

	printf("raw %s: %s\n", number, errno_name(result < 0 ? errno : 0));
	return 0;
}

static int way_clone3(void)
{
	long result = syscall(CLONE3_NR, NULL, 0);

	printf("clone3: %s\n", errno_name(result < 0 ? errno : 0));
	return 0;
}

static void *nothing(void *context)
{
	return context;
}

static int way_thread(void)
{
	pthread_t thread;
	int error = pthread_create(&thread, NULL, nothing, NULL);

	if (error == 0)
		error = pthread_join(thread, NULL);
	printf("thread: %s\n", errno_name(error));
	return 0;
}

/* The upper half of socket()'s int family: seccomp sees it, the kernel
 * casts it away. */
static int way_packet(const char *high)
{
	uint64_t family = strtoull(high, NULL, 0) << 32 | AF_PACKET;
	long fd = syscall(SYS_socket, family, SOCK_RAW, 0);
	int domain = -1;
	socklen_t size = sizeof(domain);

	if (fd < 0) {
		printf("packet: %s\n", errno_name(errno));
		return 0;
	}
	if (getsockopt((int)fd, SOL_SOCKET, SO_DOMAIN, &domain, &size) < 0)
		printf("packet: socket OK, SO_DOMAIN %s\n", errno_name(errno));
	else
		printf("packet: socket OK, domain %d\n", domain);
	close((int)fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *way = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : NULL;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(way, "int80") == 0 && arg)
		return way_int80(arg);
	if (strcmp(way, "x32") == 0 && arg)
		return way_x32(arg);
	if (strcmp(way, "io_uring") == 0)
		return way_io_uring();
	if (strcmp(way, "ptrace_sibling") == 0)
		return way_ptrace_sibling();
	if (strcmp(way, "vm_writev") == 0)
		return way_vm_writev();
	if (strcmp(way, "nnp") == 0)
		return way_nnp();
	if (strcmp(way, "stack") == 0 && arg)
		return way_stack(arg);
	if (strcmp(way, "exec") == 0 && arg)
		return way_exec(argv + 2);
	if (strcmp(way, "raw") == 0 && arg)
		return way_raw(arg);
	if (strcmp(way, "clone3") == 0)
		return way_clone3();
	if (strcmp(way, "thread") == 0)
		return way_thread();
	if (strcmp(way, "packet") == 0 && arg)
		return way_packet(arg);
	fprintf(stderr, "escape: unknown way '%s'\n", way);
	return 2;
}
