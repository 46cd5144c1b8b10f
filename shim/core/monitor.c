/* monitor: receive user notifications, record them, let each call go on.
 *
 * See monitor.h.  The listener is taken from the target with pidfd_getfd()
 * rather than passed over a socket: once the filter is loaded, every
 * syscall the target makes waits for a monitor, including the sendmsg()
 * that would hand the listener over.
 */
#include "monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "decode.h"
#include "grow.h"
#include "io.h"
#include "policy.h"
#include "report.h"
#include "report_rules.h"
#include "sysnames.h"

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

#define CLONE_NAMESPACES                                                               \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
	 CLONE_NEWPID | CLONE_NEWNET)

/* ---- getting the listener ---------------------------------------------- */

static bool is_listener(int fd)
{
	char link[64], target[64];
	ssize_t length;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	length = readlink(link, target, sizeof(target) - 1);
	if (length <= 0)
		return false;
	target[length] = '\0';
	return strcmp(target, "anon_inode:seccomp notify") == 0;
}

static int take_fd(int pidfd, int number)
{
	int fd = (int)syscall(SYS_pidfd_getfd, pidfd, number, 0);

	if (fd >= 0 && !is_listener(fd)) {
		close(fd);
		return -EAGAIN;
	}
	return fd >= 0 ? fd : -errno;
}

/* Another thread may have taken the expected number: look at them all. */
static int take_any(int pidfd, pid_t target)
{
	char folder[64];
	int found = -EAGAIN;

	snprintf(folder, sizeof(folder), "/proc/%d/fd", (int)target);
	for (int number = 0; number < 4096 && found < 0; number++) {
		char link[96], text[64];
		ssize_t length;

		snprintf(link, sizeof(link), "%s/%d", folder, number);
		length = readlink(link, text, sizeof(text) - 1);
		if (length <= 0)
			continue;
		text[length] = '\0';
		if (strcmp(text, "anon_inode:seccomp notify") == 0)
			found = take_fd(pidfd, number);
	}
	return found;
}

static bool abandoned(int abandon, pid_t watch)
{
	struct pollfd poll_abandon = { .fd = abandon, .events = POLLIN };
	int status;

	if (abandon >= 0 && poll(&poll_abandon, 1, 0) > 0)
		return true;
	return watch > 0 && waitpid(watch, &status, WNOHANG | __WNOTHREAD) == watch;
}

int monitor_attach(pid_t target, int expected_fd, int abandon, pid_t watch, struct diag_list *diags)
{
	struct timespec pause = { .tv_nsec = 50 * 1000 };
	int pidfd = (int)syscall(SYS_pidfd_open, target, 0);
	int fd = -EAGAIN;

	if (pidfd < 0) {
		diag_error(diags, NULL, 0, "cannot watch process %d: %s", (int)target,
			   strerror(errno));
		return -errno;
	}
	for (unsigned tries = 0; fd < 0; tries++) {
		fd = take_fd(pidfd, expected_fd);
		if (fd < 0 && tries > 0 && tries % 64 == 0)
			fd = take_any(pidfd, target);
		if (fd == -EPERM || fd == -EACCES) {
			diag_error(diags, NULL, 0,
				   "cannot take the notification descriptor of process %d: %s "
				   "(a ptrace restriction such as yama's ptrace_scope?)",
				   (int)target, strerror(-fd));
			break;
		}
		if (fd >= 0)
			break;
		if (abandoned(abandon, watch)) {
			diag_error(diags, NULL, 0, "process %d ended before its filter was loaded",
				   (int)target);
			break;
		}
		nanosleep(&pause, NULL);
	}
	close(pidfd);
	return fd;
}

/* ---- recording ---------------------------------------------------------- */

static struct monitor_call *find(const struct monitor *monitor, uint32_t arch, int32_t nr,
				 uint32_t action)
{
	for (size_t i = 0; i < monitor->call_count; i++) {
		struct monitor_call *call = &monitor->calls[i];

		if (call->arch == arch && call->nr == nr && call->action == action)
			return call;
	}
	return NULL;
}

static struct monitor_call *add_call(struct monitor *monitor, uint32_t arch, int32_t nr,
				     uint32_t action, pid_t pid)
{
	struct monitor_call *call;

	if (GROW(monitor->calls, monitor->call_count, monitor->call_capacity, 128) < 0)
		return NULL;
	call = &monitor->calls[monitor->call_count++];
	*call = (struct monitor_call){ .arch = arch, .nr = nr, .action = action, .first_pid = pid };
	return call;
}

static void add_value(struct monitor_call *call, uint64_t value)
{
	for (uint32_t i = 0; i < call->value_count; i++)
		if (call->values[i] == value)
			return;
	if (call->value_count == MONITOR_MAX_VALUES)
		call->values_overflow = true;
	else
		call->values[call->value_count++] = value;
}

/* The argument facts learn mode turns into rules, for the native names. */
static void note_arguments(struct monitor_call *call, const char *name, const uint64_t args[6])
{
	if (!name)
		return;
	if (strcmp(name, "socket") == 0)
		add_value(call, args[0] & 0xffffffffu);
	else if (strcmp(name, "ioctl") == 0)
		add_value(call, args[1] & 0xffffffffu);
	else if (strcmp(name, "clone") == 0)
		call->clone_namespaces |= args[0] & CLONE_NAMESPACES;
	else if (strcmp(name, "mmap") == 0 || strcmp(name, "mprotect") == 0 ||
		 strcmp(name, "pkey_mprotect") == 0) {
		call->prot_exec = call->prot_exec || (args[2] & PROT_EXEC);
		call->prot_write_exec =
			call->prot_write_exec ||
			(args[2] & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC);
	}
}

static void note_pid(struct monitor *monitor, pid_t pid)
{
	for (size_t i = 0; i < monitor->pid_count; i++)
		if (monitor->pids[i] == pid)
			return;
	if (monitor->pid_count == sizeof(monitor->pids) / sizeof(monitor->pids[0]))
		monitor->pids_overflow = true;
	else
		monitor->pids[monitor->pid_count++] = pid;
}

static uint32_t policy_answer(const struct monitor *monitor, uint32_t arch, int32_t nr,
			      const uint64_t args[6], uint64_t ip)
{
	struct seccomp_data data = { .nr = nr, .arch = arch, .instruction_pointer = ip };

	memcpy(data.args, args, sizeof(data.args));
	return bpf_run(monitor->program, monitor->length, &data);
}

/* Denials: the line for the first call of each (syscall, rule), written at
 * once, as the kill report is. */
static void report_denial(struct monitor *monitor, pid_t pid, uint32_t arch, int32_t nr,
			  const uint64_t args[6], uint32_t action)
{
	const char *name = sysnames_syscall(arch, nr);
	long rule = report_rules_locate(monitor->rules, arch, nr, name, args);
	/* One number for the pair: the rule's offset, the syscall for the
	 * default's denials. */
	long key = rule >= 0 ? rule : -1 - (long)(uint32_t)nr - ((long)arch << 20);
	char line[2048];
	int length;

	for (size_t i = 0; i < monitor->reported_count; i++)
		if (monitor->reported[i] == key)
			return;
	if (monitor->reported_count < sizeof(monitor->reported) / sizeof(monitor->reported[0]))
		monitor->reported[monitor->reported_count++] = key;
	else
		return; /* the lines stop rather than memory growing without end */
	length = report_format(line, sizeof(line), (int)pid, arch, nr, args, monitor->policy_name,
			       monitor->rules, action);
	if (monitor->log_fd >= 0 && length > 0)
		(void)io_write_all(monitor->log_fd, line, (size_t)length);
}

/* The argv of PID's execve (its pointer array at ARRAY), or NULL. */
static char **read_argv(pid_t pid, uint64_t array)
{
	uint64_t pointers[32] = { 0 };
	struct iovec local = { pointers, sizeof(pointers) - sizeof(pointers[0]) };
	struct iovec remote = { (void *)(uintptr_t)array, local.iov_len };
	char **argv = calloc(32, sizeof(*argv));
	char word[PATH_MAX];

	if (!argv || process_vm_readv(pid, &local, 1, &remote, 1, 0) <= 0) {
		free(argv);
		return NULL;
	}
	for (size_t i = 0; i < 31 && pointers[i]; i++) {
		struct iovec into = { word, sizeof(word) - 1 },
			     from = { (void *)(uintptr_t)pointers[i], sizeof(word) - 1 };
		ssize_t got;

		/* A string may end before an unmapped page: then read less. */
		if (4096 - pointers[i] % 4096 < into.iov_len)
			from.iov_len = into.iov_len = 4096 - (size_t)(pointers[i] % 4096);
		got = process_vm_readv(pid, &into, 1, &from, 1, 0);
		word[got > 0 ? got : 0] = '\0';
		argv[i] = strdup(word);
		if (!argv[i])
			break;
	}
	return argv;
}

/* Frees an argv from read_argv(). */
static void free_argv(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Learn: the started process's first execve is preseal's own (under
 * LD_PRELOAD the filter is loaded after it), and the last it makes is the
 * program a script wrapper hands over to with exec.  Returns true when the
 * call is not to be recorded. */
static bool started_exec(struct monitor *monitor, pid_t pid, const char *name,
			 const uint64_t args[6])
{
	bool at = name && strcmp(name, "execveat") == 0;
	char path[PATH_MAX];
	char **argv;

	if (pid != monitor->started || !name || (strcmp(name, "execve") != 0 && !at))
		return false;
	if (!monitor->started_exec_seen) {
		monitor->started_exec_seen = true;
		return true;
	}
	if (!touched_path_of(pid, args, at ? 0 : -1, at ? 1 : 0, path, sizeof(path)))
		return false;
	argv = read_argv(pid, args[at ? 2 : 1]);
	if (argv) {
		free(argv[0]);
		argv[0] = strdup(path);
		free_argv(monitor->started_last_exec);
		monitor->started_last_exec = argv;
	}
	return false;
}

static int record(struct monitor *monitor, pid_t pid, uint32_t arch, int32_t nr,
		  const uint64_t args[6], uint64_t ip)
{
	const char *name = sysnames_syscall(arch, nr);
	uint32_t action = 0;
	struct monitor_call *call;

	/* Under `preseal run` enforce mode lets the program's own first execve
	 * through (run's gate; under LD_PRELOAD the filter comes after it):
	 * complain does not report it, as learn does not record it. */
	if (monitor->mode == MONITOR_COMPLAIN && arch == PRESEAL_NATIVE_ARCH &&
	    started_exec(monitor, pid, name, args))
		return 0;
	if (monitor->mode == MONITOR_LEARN && arch == PRESEAL_NATIVE_ARCH) {
		if (started_exec(monitor, pid, name, args))
			return 0;
		if (monitor->record_paths && name)
			touched_note(&monitor->touched, pid, name, args);
	}
	monitor->total++;
	note_pid(monitor, pid);
	if (monitor->mode == MONITOR_DENIALS) {
		action = policy_answer(monitor, arch, nr, args, ip);
		if ((action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
			report_denial(monitor, pid, arch, nr, args, action);
		return 0;
	}
	if (monitor->mode == MONITOR_COMPLAIN) {
		action = policy_answer(monitor, arch, nr, args, ip);
		/* What the policy lets through was not handed over; a call that
		 * was is one the policy denies, unless a stacked filter did it. */
		if (action_severity(action_from_seccomp(action)) >=
		    action_severity((struct action){ ACTION_LOG, 0 }))
			return 0;
	}
	call = find(monitor, arch, nr, action);
	if (!call)
		call = add_call(monitor, arch, nr, action, pid);
	if (!call)
		return -ENOMEM;
	if (call->count++ == 0)
		memcpy(call->first_args, args, sizeof(call->first_args));
	if (monitor->mode == MONITOR_LEARN)
		note_arguments(call, name, args);
	return 0;
}

int monitor_record(struct monitor *monitor, pid_t pid, uint32_t arch, int32_t nr,
		   const uint64_t args[6])
{
	return record(monitor, pid, arch, nr, args, 0);
}

/* ---- answering ---------------------------------------------------------- */

static int answer_one(struct monitor *monitor, struct seccomp_notif *request,
		      struct seccomp_notif_resp *response, const struct seccomp_notif_sizes *sizes)
{
	memset(request, 0, sizes->seccomp_notif);
	if (ioctl(monitor->listener, SECCOMP_IOCTL_NOTIF_RECV, request) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	/* Recorded even if memory runs out: the call must go on regardless. */
	(void)record(monitor, (pid_t)request->pid, request->data.arch, request->data.nr,
		     (const uint64_t *)request->data.args, request->data.instruction_pointer);
	memset(response, 0, sizes->seccomp_notif_resp);
	response->id = request->id;
	response->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (monitor->mode == MONITOR_DENIALS) {
		uint32_t action = policy_answer(monitor, request->data.arch, request->data.nr,
						(const uint64_t *)request->data.args,
						request->data.instruction_pointer);
		bool first_execve = monitor->first_execve &&
				    (monitor->first_execve == -1 ||
				     (pid_t)request->pid == monitor->first_execve) &&
				    request->data.arch == PRESEAL_NATIVE_ARCH &&
				    request->data.nr == __NR_execve;

		/* The policy's errno, never the call: only an errno denial
		 * is handed over (a stacked filter may hand over others,
		 * which go on as it asked). */
		if (first_execve) {
			monitor->first_execve = 0;
		} else if ((action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) {
			response->flags = 0;
			response->error = -(int32_t)(action & SECCOMP_RET_DATA);
		}
	}
	/* ENOENT: the caller was killed while it waited.  Nothing to do. */
	if (ioctl(monitor->listener, SECCOMP_IOCTL_NOTIF_SEND, response) < 0 && errno != ENOENT &&
	    errno != EINTR)
		return -errno;
	return 0;
}

int monitor_notif_buffers(struct seccomp_notif_sizes *sizes, struct seccomp_notif **request,
			  struct seccomp_notif_resp **response)
{
	*request = NULL;
	*response = NULL;
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, sizes) < 0)
		return -errno;
	/* The kernel's sizes, but never less than these headers' own. */
	if (sizes->seccomp_notif < sizeof(**request))
		sizes->seccomp_notif = sizeof(**request);
	if (sizes->seccomp_notif_resp < sizeof(**response))
		sizes->seccomp_notif_resp = sizeof(**response);
	*request = calloc(1, sizes->seccomp_notif);
	*response = calloc(1, sizes->seccomp_notif_resp);
	return *request && *response ? 0 : -ENOMEM;
}

int monitor_run(struct monitor *monitor)
{
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *request;
	struct seccomp_notif_resp *response;
	int result = monitor_notif_buffers(&sizes, &request, &response);

	while (result == 0 && request && response) {
		struct pollfd ready = { .fd = monitor->listener, .events = POLLIN };

		if (poll(&ready, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			result = -errno;
		} else if (ready.revents & POLLIN) {
			result = answer_one(monitor, request, response, &sizes);
		} else if (ready.revents & (POLLHUP | POLLERR | POLLNVAL)) {
			break; /* no process uses the filter any more */
		}
	}
	free(request);
	free(response);
	return result;
}

/* ---- reporting ---------------------------------------------------------- */

const char *monitor_arch_name(uint32_t arch)
{
	const char *name = sysnames_arch(arch, 0);

	return name ? name : "an unknown architecture";
}

const char *monitor_syscall_name(uint32_t arch, int32_t nr, char *buffer, size_t size)
{
	const char *name = sysnames_syscall(arch, nr);

	if (name)
		return name;
	snprintf(buffer, size, "syscall %d", (int)nr);
	return buffer;
}

void monitor_report(const struct monitor *monitor, int fd, const char *policy, const char *rules)
{
	for (size_t i = 0; i < monitor->call_count; i++) {
		const struct monitor_call *call = &monitor->calls[i];
		const char *arch = sysnames_arch(call->arch, call->nr);
		const char *name = sysnames_syscall(call->arch, call->nr);
		char action[64], line[3072], number[32], decoded[512] = "", explained[1536];
		int length;

		action_format(action_from_seccomp(call->action), action, sizeof(action));
		snprintf(number, sizeof(number), "syscall %d", (int)call->nr);
		if (name)
			decode_call(decoded, sizeof(decoded), name, call->first_args);
		report_rules_explain(explained, sizeof(explained), rules, call->arch, call->nr,
				     name, call->first_args, call->action, policy);
		length = snprintf(
			line, sizeof(line),
			"preseal: complain: %s (%d, %s) would get %s: %llu call%s, first by "
			"pid %d%s%s; %s\n",
			name ? name : number, (int)(call->nr & ~0x40000000), arch ? arch : "?",
			action, (unsigned long long)call->count, call->count == 1 ? "" : "s",
			(int)call->first_pid, name ? ": " : "", decoded, explained);
		if (length > 0)
			(void)io_write_all(fd, line,
					   (size_t)length < sizeof(line) ? (size_t)length
									 : sizeof(line) - 1);
	}
}

void monitor_free(struct monitor *monitor)
{
	free(monitor->calls);
	free_argv(monitor->started_last_exec);
	touched_free(&monitor->touched);
	monitor->started_last_exec = NULL;
	monitor->calls = NULL;
	monitor->call_count = monitor->call_capacity = 0;
}
