/* monitor: the unconfined side of learn and complain modes.
 *
 * In those modes the confined process tree runs under a filter that hands
 * syscalls to the kernel's user notification (SECCOMP_RET_USER_NOTIF).  The
 * monitor, a process outside the filter, receives each notification,
 * records it and lets the call go on unchanged with
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE.  It never decides anything: user
 * notification is never used to enforce, because a call that continues is
 * run with arguments the program may have changed since they were read.
 *
 * Learn mode records every call of every process; complain mode only the
 * calls the policy would have denied, with what it would have done, worked
 * out by running the policy's own filter over the call.
 */
#ifndef PRESEAL_MONITOR_H
#define PRESEAL_MONITOR_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"

/* Denials: the errno denials are handed over, answered with the policy's
 * errno (the call is never made), and each distinct (syscall, rule) is
 * reported once as it happens. */
enum monitor_mode { MONITOR_LEARN, MONITOR_COMPLAIN, MONITOR_DENIALS };

/* One distinct call: (arch, nr) in learn mode, (arch, nr, action) in
 * complain mode. */
#define MONITOR_MAX_VALUES 64

struct monitor_call {
	uint32_t arch;
	int32_t nr;
	uint32_t action; /* complain: the SECCOMP_RET_* the policy gives it */
	uint64_t count;
	pid_t first_pid;
	uint64_t first_args[6]; /* the first call's arguments, for the report */
	/* learn: the argument facts learn.c turns into rules */
	uint64_t values[MONITOR_MAX_VALUES]; /* socket families, ioctl requests */
	uint32_t value_count;
	bool values_overflow;
	bool prot_exec;		   /* mmap, mprotect: PROT_EXEC was asked for */
	bool prot_write_exec;	   /* … together with PROT_WRITE */
	uint64_t clone_namespaces; /* clone: the CLONE_NEW* flags seen */
};

/* What a process touched, learn mode with paths on (touched.c): one
 * resolved absolute path and how it was used, or one TCP port. */
enum touch_kind {
	TOUCH_READ,    /* a file opened for reading, or a folder for listing */
	TOUCH_EXECUTE, /* a file executed */
	TOUCH_WRITE,   /* an existing file opened for writing or truncated */
	TOUCH_CREATE,  /* something made, removed or renamed in this folder */
	TOUCH_KINDS
};

struct touched_path {
	char *path;
	uint64_t count[TOUCH_KINDS];
};

struct touched {
	struct touched_path *paths; /* a hash table, CAPACITY a power of two */
	size_t count;
	size_t capacity;
	uint64_t unreadable; /* paths whose string or folder could not be read */
	uint16_t bind[64], connect[64];
	uint64_t bind_count[64], connect_count[64];
	size_t binds, connects;
	bool inet; /* an AF_INET or AF_INET6 socket was made */
};

struct monitor {
	enum monitor_mode mode;
	int listener;
	/* learn: the process preseal started, whose own first execve is
	 * preseal's and not the program's (under LD_PRELOAD the filter loads
	 * after it), and what that process executed last (the program a script
	 * wrapper execs) */
	pid_t started;
	bool started_exec_seen;
	char **started_last_exec; /* its argv, NULL-terminated, or NULL */
	bool record_paths;	  /* learn: record paths and ports in TOUCHED */
	struct touched touched;
	/* complain: the filter as it would be enforced */
	const struct sock_filter *program;
	size_t length;
	struct monitor_call *calls;
	size_t call_count;
	size_t call_capacity;
	uint64_t total;
	/* denials: where the lines go, the policy they name and its rules
	 * (report_rules.h); the rules already reported. */
	int log_fd;
	const char *policy_name;
	const char *rules;
	long reported[256];
	size_t reported_count;
	/* denials under `preseal run`: this pid's first execve goes on, or
	 * the first of any pid for -1 (run executes the program with the
	 * filter already in place). */
	pid_t first_execve;
	pid_t pids[256]; /* the first processes seen, for the count */
	size_t pid_count;
	bool pids_overflow;
};

/* Gets the listener TARGET created at descriptor EXPECTED_FD (or, failing
 * that, at any of its descriptors) with pidfd_getfd(), retrying until the
 * target has loaded its filter.  Gives up when the descriptor ABANDON
 * becomes readable or closes (the target reports a failure or is gone) or,
 * when WATCH > 0, when the child WATCH has ended.  Returns the listener, or
 * a negative errno with DIAGS. */
int monitor_attach(pid_t target, int expected_fd, int abandon, pid_t watch,
		   struct diag_list *diags);

/* Answers every notification until no process uses the filter any more.
 * Returns 0, or a negative errno when the listener failed. */
int monitor_run(struct monitor *monitor);

struct seccomp_notif_sizes;
struct seccomp_notif;
struct seccomp_notif_resp;
/* A request and a response buffer of the sizes this kernel uses (SIZES),
 * zeroed.  Returns 0, or a negative errno (the buffers may then be NULL;
 * free them either way). */
int monitor_notif_buffers(struct seccomp_notif_sizes *sizes, struct seccomp_notif **request,
			  struct seccomp_notif_resp **response);

/* Records one call as monitor_run() does (tests feed it by hand). */
int monitor_record(struct monitor *monitor, pid_t pid, uint32_t arch, int32_t nr,
		   const uint64_t args[6]);

/* Complain mode: one line per distinct call and action, with its count, the
 * first call decoded, the rule that decided and what would allow it.
 * POLICY names the policy in the lines; RULES (report_rules.h) or NULL. */
void monitor_report(const struct monitor *monitor, int fd, const char *policy, const char *rules);

/* Names for reports: "x86_64", "mkdir"; the number itself when unknown. */
const char *monitor_arch_name(uint32_t arch);
const char *monitor_syscall_name(uint32_t arch, int32_t nr, char *buffer, size_t size);

void monitor_free(struct monitor *monitor);

/* touched.c: records the paths and ports of call NR (native architecture)
 * of process PID with ARGS into TOUCHED, reading the strings and socket
 * addresses from the process's memory.  Never fails the call. */
void touched_note(struct touched *touched, pid_t pid, const char *name, const uint64_t args[6]);
/* The path argument ARG_INDEX of PID's call, resolved against DIRFD_INDEX
 * (-1: the working folder) into BUFFER; false when it cannot be read. */
bool touched_path_of(pid_t pid, const uint64_t args[6], int dirfd_index, int arg_index,
		     char *buffer, size_t size);
/* Adds COUNT uses of PATH as KIND (tests feed it by hand). */
int touched_add(struct touched *touched, const char *path, enum touch_kind kind, uint64_t count);
void touched_free(struct touched *touched);

#endif
