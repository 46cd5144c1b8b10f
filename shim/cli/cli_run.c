/* cli_run: `preseal run [-p POLICY] [--complain] -- CMD [ARG…]`.
 *
 * Runs CMD confined and never, by accident, unconfined:
 *  - before execve, the child loads a gate filter: the policy as compiled,
 *    except that execve, and every call the policy would refuse but that
 *    executing and starting a program needs (listed below), are handed to
 *    run through a user-notification listener.  run lets through the
 *    first execve of its child (its own) and, during start-up, the
 *    start-up calls; every other notified call gets the policy's own
 *    answer, worked out by running the policy's filter over it;
 *  - a dynamic program (one whose interpreter is the system's dynamic
 *    loader, the one preseal itself runs under) also gets the shim by
 *    LD_PRELOAD.  That loader is first asked, in a dry run that loads but
 *    never starts the program, whether the shim will load.  Start-up ends
 *    when the program's first seccomp(SECCOMP_SET_MODE_FILTER) comes
 *    through the gate (the shim stacking the exact policy); from then on
 *    the gate adds nothing to the policy, whatever was stacked.  A
 *    start-up that does not end in time (PRESEAL_START_TIMEOUT, 10 s) is
 *    stopped: 125;
 *  - a static, setuid/setgid, file-capability or foreign-architecture
 *    program, or one with an interpreter of its own, runs under the gate
 *    alone, whose start-up never ends, and one warning line lists what
 *    the gate adds.
 * run serves the listener and waits for CMD, and passes its status through
 * (128+N for signal N).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "cli.h"
#include "compile.h"
#include "landlock_apply.h"
#include "load.h"
#include "monitor.h"
#include "policy.h"
#include "report.h"
#include "report_rules.h"
#include "select.h"
#include "stack.h"
#include "sysnames.h"
#include "transform.h"

#define EXIT_NOT_CONFINED   125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND	    127

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

/* How long a dynamic program may take from execve to the shim's filter. */
#define START_TIMEOUT_DEFAULT 10.0

extern char **environ;

/* What executing and starting any program needs, glibc's static start-up
 * included (measured with strace on Debian 12). */
static const char *const startup_syscalls[] = {
	"execve",
	"brk",
	"mmap",
	"munmap",
	"mprotect",
	"arch_prctl",
	"set_tid_address",
	"set_robust_list",
	"rseq",
	"prlimit64",
	"getrandom",
	"readlink",
	"newfstatat",
	"fstat",
	"openat",
	"read",
	"pread64",
	"close",
	"access",
	"exit_group",
	"futex",
};

/* What the shim needs, before its own filter, to read and load a policy. */
static const char *const shim_syscalls[] = {
	"seccomp",
	"prctl",
	"memfd_create",
	"write",
	"lseek",
	"fcntl",
	"sysinfo",
	"rt_sigaction",
	"getpid",
	"gettid",
	/* a policy's paths and ports, applied just before the filter */
	"landlock_create_ruleset",
	"landlock_add_rule",
	"landlock_restrict_self",
	/* what the report guard lets preseal's SIGSYS handler use */
	"rt_sigreturn",
	"restart_syscall",
	"rt_sigprocmask",
	/* the policy's Landlock part, applied before its filter: the ruleset,
	 * and the other threads found in /proc/self/task and signalled */
	"landlock_create_ruleset",
	"landlock_add_rule",
	"landlock_restrict_self",
	"getdents64",
	"rt_tgsigqueueinfo",
	"tgkill",
};

struct program {
	char path[PATH_MAX];	    /* what execve gets */
	char inspected[PATH_MAX];   /* the ELF file ld.so would run: PATH or its #! interpreter */
	char loader[PATH_MAX];	    /* the system's dynamic loader, when it is its interpreter */
	bool dynamic;		    /* ld.so honours LD_PRELOAD for it */
	const char *why_not;	    /* why LD_PRELOAD cannot work, when !dynamic */
	char reason[PATH_MAX + 64]; /* why_not, when it names a file */
};

struct run_options {
	const char *policy;			 /* the first -p, or NULL for the baseline */
	const char *policies[SELECT_MAX_LAYERS]; /* every -p, stacked */
	size_t policy_count;
	char deny[1024];	  /* "deny=NAME,..." from --deny, stacked last */
	char names[2 * PATH_MAX]; /* the entries of every -p, one after the other */
	size_t names_used;
	bool complain;
	bool log_denials; /* --log-denials, or PRESEAL_REPORT=denials */
	char **command;
};

/* ---- finding things --------------------------------------------------- */

/* FOLDER + SUFFIX when it fits and is readable; a truncated path would
 * name another file. */
static int shim_candidate(char *path, size_t size, const char *folder, const char *suffix)
{
	size_t folder_length = strlen(folder), suffix_length = strlen(suffix);

	if (folder_length + suffix_length >= size)
		return -ENAMETOOLONG;
	memcpy(path, folder, folder_length);
	memcpy(path + folder_length, suffix, suffix_length + 1);
	return access(path, R_OK) == 0 ? 0 : -ENOENT;
}

/* The shim that belongs to this preseal: beside it (the build tree), in
 * ../lib/preseal (an installed prefix), or where it was configured. */
static int find_shim(char *path, size_t size)
{
	char self[PATH_MAX], *slash;
	ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (length <= 0)
		return -ENOENT;
	self[length] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	if (shim_candidate(path, size, self, "/libpreseal.so") == 0 ||
	    shim_candidate(path, size, self, "/../lib/preseal/libpreseal.so") == 0)
		return 0;
	return shim_candidate(path, size, PRESEAL_LIBDIR, "/libpreseal.so");
}

int cli_find_shim(char *path, size_t size)
{
	return find_shim(path, size);
}

/* ---- what kind of program ----------------------------------------------- */

/* Reads PATH's ELF header and, into INTERPRETER (SIZE > 0), its PT_INTERP
 * ("" when it has none). */
static int read_elf(const char *path, Elf64_Ehdr *header, char *interpreter, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int result = -ENOEXEC;

	interpreter[0] = '\0';
	if (fd < 0)
		return -errno;
	if (pread(fd, header, sizeof(*header), 0) != sizeof(*header) ||
	    memcmp(header->e_ident, ELFMAG, SELFMAG) != 0)
		goto out;
	result = 0;
	if (header->e_ident[EI_CLASS] != ELFCLASS64)
		goto out;
	for (unsigned i = 0; i < header->e_phnum; i++) {
		Elf64_Phdr segment;
		size_t length;
		ssize_t got;

		if (pread(fd, &segment, sizeof(segment),
			  (off_t)(header->e_phoff + (Elf64_Off)i * header->e_phentsize)) !=
		    sizeof(segment))
			break;
		if (segment.p_type != PT_INTERP)
			continue;
		/* An unreadable or unterminated one is still an interpreter:
		 * "?" never names the system's loader. */
		length = segment.p_filesz < size ? (size_t)segment.p_filesz : size - 1;
		got = pread(fd, interpreter, length, (off_t)segment.p_offset);
		interpreter[got > 0 ? (size_t)got : 0] = '\0';
		if (!interpreter[0] || strlen(interpreter) >= length)
			snprintf(interpreter, size, "?");
	}
out:
	close(fd);
	return result;
}

/* The system's dynamic loader, resolved into LOADER: the interpreter of
 * this very preseal, owned by root and writable by nobody else.  False when
 * there is none (a static preseal) or it cannot be trusted. */
static bool system_loader(char *loader, size_t size)
{
	char named[PATH_MAX], resolved[PATH_MAX];
	Elf64_Ehdr own;
	struct stat st;

	if (read_elf("/proc/self/exe", &own, named, sizeof(named)) < 0 || named[0] != '/' ||
	    !realpath(named, resolved) || stat(resolved, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return false;
	snprintf(loader, size, "%s", resolved);
	return true;
}

/* "#!/bin/sh -e" → "/bin/sh", so the interpreter is what gets inspected. */
static bool script_interpreter(const char *path, char *interpreter, size_t size)
{
	char line[PATH_MAX + 3] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;
	size_t length;

	if (fd < 0)
		return false;
	got = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (got < 3 || line[0] != '#' || line[1] != '!')
		return false;
	line[got] = '\0';
	char *start = line + 2 + strspn(line + 2, " \t");

	length = strcspn(start, " \t\n");
	snprintf(interpreter, size, "%.*s", (int)length, start);
	return length > 0;
}

static bool has_file_capabilities(const char *path)
{
	return getxattr(path, "security.capability", NULL, 0) > 0;
}

static void classify(struct program *program)
{
	Elf64_Ehdr header = { 0 }, own = { 0 };
	char interpreter[PATH_MAX], ignored[8], resolved[PATH_MAX];
	struct stat st;

	snprintf(program->inspected, sizeof(program->inspected), "%s", program->path);
	if (script_interpreter(program->path, program->inspected, sizeof(program->inspected)) &&
	    access(program->inspected, X_OK) < 0)
		snprintf(program->inspected, sizeof(program->inspected), "%s", program->path);
	program->dynamic = false;
	if (stat(program->inspected, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)))
		program->why_not = "setuid or setgid";
	else if (has_file_capabilities(program->inspected))
		program->why_not = "given file capabilities";
	else if (read_elf(program->inspected, &header, interpreter, sizeof(interpreter)) < 0)
		program->why_not = "not an ELF program";
	else if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
		 read_elf("/proc/self/exe", &own, ignored, sizeof(ignored)) < 0 ||
		 header.e_machine != own.e_machine)
		program->why_not = "built for another architecture";
	else if (!interpreter[0])
		program->why_not = "static";
	else if (!system_loader(program->loader, sizeof(program->loader)) ||
		 !realpath(interpreter, resolved) || strcmp(resolved, program->loader) != 0) {
		/* Its interpreter is its own code: never run it, trust nothing
		 * it says. */
		snprintf(program->reason, sizeof(program->reason),
			 "linked to run under %s, not the system's dynamic loader", interpreter);
		program->why_not = program->reason;
	} else {
		program->dynamic = true;
	}
}

/* ---- the gate ----------------------------------------------------------- */

#define GATE_MAX_CALLS 64

struct gate {
	struct filter filter;  /* what the child loads before execve */
	struct filter answers; /* the policy as compiled: its answer to any call */
	/* Native numbers of the start-up calls run lets through while the
	 * start-up lasts; the filter notifies them only when the policy would
	 * not allow them. */
	int32_t startup[GATE_MAX_CALLS];
	size_t startup_count;
	int32_t execve_nr;  /* always notified: only run's own gets through */
	int32_t seccomp_nr; /* always notified for a dynamic program: the shim's ends start-up */
};

static int32_t native_number(const char *name)
{
	for (int32_t nr = 0; nr < 1024; nr++) {
		const char *known = sysnames_syscall(PRESEAL_NATIVE_ARCH, nr);

		if (known && strcmp(known, name) == 0)
			return nr;
	}
	return -1;
}

/* Adds NAMES to GATE's start-up calls and, for the warning line, to ADDED
 * those one of the POLICIES (stacked) does not allow already. */
static int add_startup(struct gate *gate, struct policy *const *policies, size_t policy_count,
		       const char *const *names, size_t count, char *added, size_t added_size)
{
	for (size_t i = 0; i < count; i++) {
		bool is_execve = strcmp(names[i], "execve") == 0;
		int32_t nr = native_number(names[i]);
		int changed = 0;

		if (nr < 0)
			continue;
		if (gate->startup_count == GATE_MAX_CALLS)
			return -E2BIG;
		if (!is_execve)
			gate->startup[gate->startup_count++] = nr;
		/* Only asked whether the policy allows it: POLICY is not
		 * compiled again. */
		for (size_t p = 0; p < policy_count; p++) {
			int one = policy_force_allow(policies[p], names[i], NULL, "preseal run");

			if (one < 0)
				return -ENOMEM;
			changed |= one;
		}
		if (changed > 0 && added) {
			size_t used = strlen(added);

			snprintf(added + used, added_size - used, "%s%s", used ? " " : "",
				 is_execve ? "execve (once, run's own)" : names[i]);
		}
	}
	return 0;
}

static bool refuses(const struct sock_filter *insn)
{
	uint32_t action = insn->k & SECCOMP_RET_ACTION_FULL;

	return insn->code == (BPF_RET | BPF_K) && action != SECCOMP_RET_ALLOW &&
	       action != SECCOMP_RET_LOG && action != SECCOMP_RET_USER_NOTIF;
}

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))

/* GATE->filter from GATE->answers: ALWAYS (native numbers) are notified
 * first, whatever the policy says; then the policy runs, and every return
 * of it that refuses a call jumps to a stub that keeps its action in X and
 * to a common tail, which notifies the start-up calls and returns X for
 * anything else:
 *
 *   [ld arch; jeq native; ld nr; jeq always… → notify]  policy  stubs  tail
 */
static int notify_in_gate(struct gate *gate, const int32_t *always, size_t always_count,
			  struct diag_list *diags)
{
	const struct filter *policy = &gate->answers;
	size_t prefix = 5 + always_count, count = gate->startup_count, distinct = 0;
	uint32_t *actions = calloc(policy->length, sizeof(*actions));
	struct sock_filter *program;
	size_t stubs, tail, length, at = 0;
	char why[256];

	if (!actions)
		return -ENOMEM;
	for (size_t i = 0; i < policy->length; i++) {
		size_t d = 0;

		if (!refuses(&policy->program[i]))
			continue;
		while (d < distinct && actions[d] != policy->program[i].k)
			d++;
		if (d == distinct)
			actions[distinct++] = policy->program[i].k;
	}
	stubs = prefix + policy->length;
	tail = stubs + 2 * distinct;
	length = tail + 6 + count;
	program = calloc(length, sizeof(*program));
	if (!program || length > BPF_MAXINSNS) {
		free(actions);
		free(program);
		diag_error(diags, NULL, 0, "the gate filter would be too long (%zu instructions)",
			   length);
		return -E2BIG;
	}
	program[at++] = (struct sock_filter)LOAD(arch);
	program[at++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PRESEAL_NATIVE_ARCH,
						     0, (uint8_t)(always_count + 3));
	program[at++] = (struct sock_filter)LOAD(nr);
	for (size_t i = 0; i < always_count; i++)
		program[at++] =
			(struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)always[i],
						     (uint8_t)(always_count - i), 0);
	program[at++] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 1);
	program[at++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	for (size_t i = 0; i < policy->length; i++, at++) {
		size_t d = 0;

		program[at] = policy->program[i];
		if (!refuses(&policy->program[i]))
			continue;
		while (actions[d] != policy->program[i].k)
			d++;
		program[at] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
							   (uint32_t)(stubs + 2 * d - at - 1));
	}
	for (size_t d = 0; d < distinct; d++) {
		program[at] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, actions[d]);
		program[at + 1] =
			(struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, (uint32_t)(tail - at - 2));
		at += 2;
	}
	program[at++] = (struct sock_filter)LOAD(arch);
	program[at++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PRESEAL_NATIVE_ARCH,
						     0, (uint8_t)(count + 1));
	program[at++] = (struct sock_filter)LOAD(nr);
	for (size_t i = 0; i < count; i++)
		program[at++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							     (uint32_t)gate->startup[i],
							     (uint8_t)(count - i + 1), 0);
	program[at++] = (struct sock_filter)BPF_STMT(BPF_MISC | BPF_TXA, 0);
	program[at++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
	program[at++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	free(actions);
	if (bpf_check(program, length, why, sizeof(why)) < 0) {
		diag_error(diags, NULL, 0, "the gate filter is not valid: %s (a bug in preseal)",
			   why);
		free(program);
		return -EINVAL;
	}
	gate->filter = *policy;
	gate->filter.program = program;
	gate->filter.length = length;
	return 0;
}

/* Compiles the gate for POLICY and PROGRAM; ADDED names what the gate lets
 * through during start-up that the policy does not allow. */
/* POLICIES compiled and stacked into ANSWERS (stack.h), with the probe
 * for TOKEN: what the shim loads for the same list. */
static int compile_stacked(struct policy *const *policies, size_t count, uint64_t token,
			   struct filter *answers, struct diag_list *diags)
{
	struct filter layers[SELECT_MAX_LAYERS] = { 0 };
	size_t compiled = 0;
	int result = 0;

	for (; compiled < count && result == 0; compiled++)
		result = compile_policy(policies[compiled], NULL, &layers[compiled], diags);
	if (result == 0)
		result = filter_stack(layers, count, BPF_MAXINSNS - PRESEAL_LOAD_PREFIX_MAX,
				      answers, diags);
	if (result == 0)
		result = filter_add_probe(answers, token, diags);
	for (size_t i = 0; i < compiled; i++)
		filter_free(&layers[i]);
	return result;
}

static int build_gate(struct policy *const *policies, size_t count, const struct program *program,
		      struct gate *gate, char *added, size_t added_size)
{
	struct compile_options options = { .probe_token = select_token(&(struct environment){
						   .policy = "preseal run gate" }) };
	struct diag_list diags = { 0 };
	int32_t always[2];
	size_t always_count = 0;
	int result;

	added[0] = '\0';
	*gate = (struct gate){ .execve_nr = native_number("execve"),
			       .seccomp_nr = program->dynamic ? native_number("seccomp") : -1 };
	if (count == 1)
		result = compile_policy(policies[0], &options, &gate->answers, &diags);
	else
		result = compile_stacked(policies, count, options.probe_token, &gate->answers,
					 &diags);
	/* With reports on, the shim names kills by trapping them; a kill in
	 * the gate would win over its trap, so the gate traps too.  Before the
	 * shim's handler is in place a trap ends the program as the kill
	 * would.  Otherwise the gate's kills stay kills. */
	if (result == 0 && program->dynamic && cli_report_wanted(REPORT_KILLS))
		(void)filter_kills_to_traps(&gate->answers);
	if (result == 0)
		result = add_startup(gate, policies, count, startup_syscalls,
				     sizeof(startup_syscalls) / sizeof(startup_syscalls[0]), added,
				     added_size);
	if (result == 0 && program->dynamic)
		result = add_startup(gate, policies, count, shim_syscalls,
				     sizeof(shim_syscalls) / sizeof(shim_syscalls[0]), NULL, 0);
	if (gate->execve_nr >= 0)
		always[always_count++] = gate->execve_nr;
	if (gate->seccomp_nr >= 0)
		always[always_count++] = gate->seccomp_nr;
	if (result == 0)
		result = notify_in_gate(gate, always, always_count, &diags);
	if (result < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		if (!diags.count)
			fprintf(stderr, "preseal run: cannot build the pre-exec filter\n");
	}
	diag_free(&diags);
	return result;
}

static void gate_free(struct gate *gate)
{
	free(gate->filter.program);
	gate->filter.program = NULL;
	if (gate->filter.landlock != gate->answers.landlock)
		landlock_rules_free(gate->filter.landlock);
	gate->filter.landlock = NULL;
	filter_free(&gate->answers);
}

/* ---- asking ld.so ------------------------------------------------------- */

/* The system's ld.so in trace mode loads the program and its preloads,
 * prints where each came from, and exits without running any of their
 * code.  It is started by name with the program as its argument, so that
 * only the system's loader ever runs here, never an interpreter the program
 * names itself (one replaced since classify() looked gains nothing: the
 * gate's start-up then ends only when it stacks a filter, and in time). */
static bool shim_loads(const struct program *program, const char *shim)
{
	char preload[PATH_MAX + 16], output[8192] = "";
	const char *extra[] = { preload, "LD_TRACE_LOADED_OBJECTS=1" };
	int channel[2], status;
	size_t used = 0;
	ssize_t got;
	pid_t child;
	char **environment;

	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", shim);
	environment = cli_environment_with(environ, extra, 2);
	if (!environment || pipe2(channel, O_CLOEXEC) < 0) {
		free(environment);
		return false;
	}
	child = fork();
	if (child == 0) {
		dup2(channel[1], STDOUT_FILENO);
		dup2(channel[1], STDERR_FILENO);
		char *arguments[] = { (char *)program->loader, (char *)program->inspected, NULL };

		execve(program->loader, arguments, environment);
		_exit(127);
	}
	close(channel[1]);
	while (child > 0 && used < sizeof(output) - 1 &&
	       (got = read(channel[0], output + used, sizeof(output) - 1 - used)) > 0)
		used += (size_t)got;
	output[used] = '\0';
	close(channel[0]);
	free(environment);
	if (child < 0 || waitpid(child, &status, 0) < 0)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(output, shim) &&
	       !strstr(output, "cannot be preloaded");
}

/* ---- the Landlock part before execve -------------------------------------- */

/* A program that runs under the gate alone gets the policy's Landlock part
 * from run, before execve, and must still be able to start: its own file
 * and its interpreter (script or ELF) are granted execute and read_file,
 * and, when that interpreter is the system's loader, each library the
 * loader would map is granted read_file, as is /etc/ld.so.cache.  Nothing
 * else: what the program opens once started is the policy's to grant. */
#define START_GRANTS_MAX 256

struct start_grants {
	struct landlock_rules_path items[START_GRANTS_MAX];
	char *paths[START_GRANTS_MAX];
	size_t count;
};

static void grant_start(struct start_grants *grants, const char *path, uint64_t access)
{
	if (grants->count == START_GRANTS_MAX || !path[0])
		return;
	grants->paths[grants->count] = strdup(path);
	if (!grants->paths[grants->count])
		return;
	grants->items[grants->count] =
		(struct landlock_rules_path){ .access = access,
					      .path = grants->paths[grants->count] };
	grants->count++;
}

/* Each path in ld.so's trace (LD_TRACE_LOADED_OBJECTS): "\tname => /path
 * (0x…)" or "\t/path (0x…)". */
static void grant_traced(struct start_grants *grants, char *trace)
{
	for (char *line = strtok(trace, "\n"); line; line = strtok(NULL, "\n")) {
		char *arrow = strstr(line, " => "), *path = arrow ? arrow + 4 : line, *end;

		path += strspn(path, " \t");
		end = strstr(path, " (");
		if (path[0] != '/' || !end)
			continue;
		*end = '\0';
		grant_start(grants, path, LL_FS_READ_FILE);
	}
}

/* The libraries LOADER would map for PROGRAM, from its trace mode, which
 * loads but never starts the program. */
static void grant_libraries(struct start_grants *grants, const char *loader, const char *program)
{
	char *environment[] = { "LD_TRACE_LOADED_OBJECTS=1", NULL }, output[16384];
	int channel[2], status;
	size_t used = 0;
	ssize_t got;
	pid_t child;

	if (pipe2(channel, O_CLOEXEC) < 0)
		return;
	child = fork();
	if (child == 0) {
		char *arguments[] = { (char *)loader, (char *)program, NULL };

		dup2(channel[1], STDOUT_FILENO);
		execve(loader, arguments, environment);
		_exit(127);
	}
	close(channel[1]);
	while (child > 0 && used < sizeof(output) - 1 &&
	       (got = read(channel[0], output + used, sizeof(output) - 1 - used)) > 0)
		used += (size_t)got;
	output[used] = '\0';
	close(channel[0]);
	if (child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		grant_traced(grants, output);
}

/* RULES with what PROGRAM needs to start, into *OUT. */
static int start_rules(const struct program *program, const struct landlock_rules *rules,
		       struct landlock_rules **out)
{
	const uint64_t runnable = LL_FS_EXECUTE | LL_FS_READ_FILE;
	struct start_grants *grants = calloc(1, sizeof(*grants));
	char interpreter[PATH_MAX], loader[PATH_MAX], resolved[PATH_MAX];
	Elf64_Ehdr header;
	int result;

	if (!grants)
		return -ENOMEM;
	grant_start(grants, program->path, runnable);
	grant_start(grants, program->inspected, runnable);
	if (read_elf(program->inspected, &header, interpreter, sizeof(interpreter)) == 0 &&
	    interpreter[0] == '/') {
		grant_start(grants, interpreter, runnable);
		if (system_loader(loader, sizeof(loader)) && realpath(interpreter, resolved) &&
		    strcmp(resolved, loader) == 0) {
			grant_start(grants, "/etc/ld.so.cache", LL_FS_READ_FILE);
			grant_libraries(grants, loader, program->inspected);
		}
	}
	result = landlock_rules_with(rules, grants->items, grants->count, out);
	for (size_t i = 0; i < grants->count; i++)
		free(grants->paths[i]);
	free(grants);
	return result;
}

/* Applies the gate's Landlock part in the child, before its seccomp gate.
 * Returns 0, or a negative errno with DIAGS. */
static int apply_start_rules(const struct filter *gate, struct diag_list *diags)
{
	return landlock_rules_apply_noted(gate->landlock, gate->no_new_privs, "preseal run", NULL,
					  diags);
}

/* ---- running ------------------------------------------------------------ */

/* -p follows the shim's rule: a '/' makes a path.  The environment of the
 * program carries a path made absolute, since the program may change its
 * working folder before it executes another. */
static bool names_a_file(const char *argument)
{
	return strchr(argument, '/') != NULL;
}

/* PRESEAL_POLICY=A:B... for every -p, files by their absolute path. */
static int policy_list(const struct run_options *options, char *buffer, size_t size)
{
	size_t used = (size_t)snprintf(buffer, size, "PRESEAL_POLICY=");

	for (size_t i = 0; i < options->policy_count; i++) {
		const char *policy = options->policies[i];
		char absolute[PATH_MAX];
		int wrote;

		if (names_a_file(policy) && realpath(policy, absolute))
			policy = absolute;
		if (strchr(policy, ':'))
			return -EINVAL; /* a link's target with ':' */
		wrote = snprintf(buffer + used, size - used, "%s%s", i ? ":" : "", policy);
		if (wrote < 0 || (size_t)wrote >= size - used)
			return -ENAMETOOLONG;
		used += (size_t)wrote;
	}
	return 0;
}

/* The child: single-threaded, so the listener the kernel creates takes the
 * lowest free descriptor, whose number goes to run first.  It then waits
 * for run's word that it holds the listener: a call the policy allows does
 * not wait for run, and the listener closes at execve. */
static void child_exec(const struct program *program, char **argv, char **environment,
		       const struct filter *gate, int channel)
{
	struct diag_list diags = { 0 };
	int status = EXIT_NOT_CONFINED, lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char word;

	/* Every way out frees what the child owns, so that valgrind's leak
	 * check of the child is as clean as the parent's. */
	if (lowest < 0)
		goto out;
	close(lowest);
	if (write(channel, &lowest, sizeof(lowest)) != sizeof(lowest))
		goto out;
	if (apply_start_rules(gate, &diags) < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		goto out;
	}
	if (load_filter_listener(gate, &diags) == -EBUSY) {
		/* The kernel gives one listener to a chain of filters. */
		fprintf(stderr, "preseal run: the gate needs a seccomp listener, and a filter this "
				"process is already under has one (preseal run, learn or "
				"--complain, or a container runtime's); run preseal outside it\n");
		goto out;
	}
	if (diags.count) {
		diag_print(&diags, stderr, "preseal run: ");
		goto out;
	}
	if (read(channel, &word, 1) != 1)
		goto out;
	execve(program->path, argv, environment);
	status = errno == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
	fprintf(stderr, "preseal run: %s: %s\n", program->path, strerror(errno));
out:
	diag_free(&diags);
	free(environment);
	_exit(status);
}

/* ---- serving the gate ----------------------------------------------------- */

struct gate_server {
	const struct gate *gate;
	int listener;
	pid_t child;
	const char *command;
	bool dynamic;
	bool starting;	   /* the start-up calls still get through */
	bool exec_granted; /* run's own execve went through */
	bool child_killed; /* the policy's answer killed CMD itself */
	bool hung_up;	   /* no process uses the gate any more */
	bool reports;	   /* the shim's report guard lets its handler's calls through */
	double deadline;   /* CLOCK_MONOTONIC seconds when a dynamic start-up must end */
};

static double now_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* PRESEAL_START_TIMEOUT in seconds, or the default; -1 when it is not a
 * positive number. */
static double start_timeout(void)
{
	const char *text = getenv("PRESEAL_START_TIMEOUT");
	char *end;
	double value;

	if (!text || !*text)
		return START_TIMEOUT_DEFAULT;
	value = strtod(text, &end);
	return *end || !(value > 0) || value > 86400 ? -1 : value;
}

static pid_t thread_group(pid_t thread)
{
	char path[64], line[128];
	FILE *status;
	long tgid = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)thread);
	status = fopen(path, "re");
	while (status && fgets(line, sizeof(line), status))
		if (sscanf(line, "Tgid: %ld", &tgid) == 1)
			break;
	if (status)
		fclose(status);
	return tgid > 0 ? (pid_t)tgid : thread;
}

static bool is_startup(const struct gate *gate, int32_t nr)
{
	for (size_t i = 0; i < gate->startup_count; i++)
		if (gate->startup[i] == nr)
			return true;
	return false;
}

/* What the shim's report guard (transform.c) lets its SIGSYS handler do
 * whatever the policy says: rt_sigreturn and restart_syscall, and getpid,
 * gettid, rt_sigprocmask and setting the SIGSYS action with the report key
 * in arguments 4 and 5.  After start-up the shim's filter is there and
 * allowed the call, or the kernel would not have handed it over; the key is
 * no secret, so this lets a program do nothing the shim's own filter does
 * not. */
static bool is_report_call(const struct gate_server *server, const struct seccomp_data *data)
{
	if (!server->dynamic || !server->reports)
		return false;
	if (data->nr == __NR_rt_sigreturn || data->nr == __NR_restart_syscall)
		return true;
	if ((uint32_t)data->args[4] != (uint32_t)PRESEAL_REPORT_KEY ||
	    (uint32_t)data->args[5] != (uint32_t)(PRESEAL_REPORT_KEY >> 32))
		return false;
	if (data->nr == __NR_getpid || data->nr == __NR_gettid || data->nr == __NR_rt_sigprocmask)
		return true;
	return data->nr == __NR_rt_sigaction && (uint32_t)data->args[0] == SIGSYS;
}

/* The policy killed the caller: its whole process goes, while it still
 * waits in the call (its id still valid), and one line says why. */
static void kill_caller(struct gate_server *server, const struct seccomp_notif *request)
{
	pid_t process = thread_group((pid_t)request->pid);
	uint64_t id = request->id;
	char number[32];

	if (ioctl(server->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0)
		return;
	kill(process, SIGKILL);
	if (process == server->child)
		server->child_killed = true;
	fprintf(stderr,
		"preseal run: %s (pid %d) made %s, which the policy forbids; it was killed\n",
		server->command, (int)process,
		monitor_syscall_name(request->data.arch, request->data.nr, number, sizeof(number)));
}

static void answer(struct gate_server *server, const struct seccomp_notif *request,
		   struct seccomp_notif_resp *response)
{
	const struct seccomp_data *data = &request->data;
	const struct gate *gate = server->gate;
	bool native = data->arch == PRESEAL_NATIVE_ARCH;
	uint32_t action;

	response->id = request->id;
	response->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (native && data->nr == gate->execve_nr && !server->exec_granted &&
	    (pid_t)request->pid == server->child) {
		server->exec_granted = true; /* run's own, before any code of CMD */
		return;
	}
	if (native && server->starting && server->dynamic && server->exec_granted &&
	    data->nr == gate->seccomp_nr && data->args[0] == SECCOMP_SET_MODE_FILTER) {
		/* The shim stacks the policy: start-up ends.  A program that
		 * ends it early only loses the start-up calls. */
		server->starting = false;
		return;
	}
	if (native && server->starting && is_startup(gate, data->nr))
		return;
	if (native && !server->starting && is_report_call(server, data))
		return;
	action = bpf_run(gate->answers.program, gate->answers.length, data);
	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
		return;
	case SECCOMP_RET_ERRNO:
		response->flags = 0;
		response->error = -(int32_t)(action & SECCOMP_RET_DATA);
		return;
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		response->flags = 0; /* no tracer, no other listener: what the kernel answers */
		response->error = -ENOSYS;
		return;
	default:
		response->flags = 0;
		response->error = -ENOSYS;
		kill_caller(server, request);
	}
}

static int serve_one(struct gate_server *server, struct seccomp_notif *request,
		     struct seccomp_notif_resp *response, const struct seccomp_notif_sizes *sizes)
{
	memset(request, 0, sizes->seccomp_notif);
	if (ioctl(server->listener, SECCOMP_IOCTL_NOTIF_RECV, request) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	memset(response, 0, sizes->seccomp_notif_resp);
	answer(server, request, response);
	/* ENOENT: the caller was killed while it waited. */
	if (ioctl(server->listener, SECCOMP_IOCTL_NOTIF_SEND, response) < 0 && errno != ENOENT &&
	    errno != EINTR)
		return -errno;
	return 0;
}

/* CMD's status as run reports it, once it was reaped. */
static int finished(const struct gate_server *server, int status)
{
	if (server->child_killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		return 128 + SIGSYS; /* what the kernel's kill would have given */
	if (server->dynamic && server->starting &&
	    (!WIFEXITED(status) || WEXITSTATUS(status) != EXIT_NOT_CONFINED))
		fprintf(stderr, "preseal run: %s ended before the shim loaded the policy\n",
			server->command);
	return cli_exit_status(status, server->command);
}

/* Serves the listener until CMD ends, reaping whatever else ends (run may
 * be a container's PID 1).  Processes CMD leaves behind keep the gate;
 * once run is gone, what it would have been asked fails with ENOSYS. */
static int serve(struct gate_server *server)
{
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *request = NULL;
	struct seccomp_notif_resp *response = NULL;
	int pidfd = (int)syscall(SYS_pidfd_open, server->child, 0), status, result = -1;

	(void)monitor_notif_buffers(&sizes, &request, &response);
	while (request && response && pidfd >= 0) {
		struct pollfd ready[2] = { { .fd = server->hung_up ? -1 : server->listener,
					     .events = POLLIN },
					   { .fd = pidfd, .events = POLLIN } };
		int timeout = getpid() == 1 ? 100 : -1;
		pid_t ended;

		while ((ended = waitpid(-1, &status, WNOHANG)) > 0)
			if (ended == server->child)
				goto done;
		if (server->dynamic && server->starting) {
			double left = server->deadline - now_seconds();

			if (left <= 0) {
				kill(server->child, SIGKILL);
				waitpid(server->child, &status, 0);
				fprintf(stderr,
					"preseal run: %s did not finish its start-up (the shim "
					"loading the policy) in time (PRESEAL_START_TIMEOUT); it "
					"was stopped\n",
					server->command);
				result = EXIT_NOT_CONFINED;
				goto out;
			}
			if (timeout < 0 || left * 1000 < timeout)
				timeout = (int)(left * 1000) + 1;
		}
		if (poll(ready, 2, timeout) < 0 && errno != EINTR)
			break;
		if (ready[0].revents & POLLIN) {
			if (serve_one(server, request, response, &sizes) < 0)
				break;
		} else if (ready[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			server->hung_up = true;
		}
	}
	/* The listener failed: nothing may go on without it. */
	fprintf(stderr, "preseal run: cannot serve the gate's listener: %s; %s was stopped\n",
		strerror(errno), server->command);
	kill(server->child, SIGKILL);
	waitpid(server->child, &status, 0);
	result = EXIT_NOT_CONFINED;
	goto out;
done:
	result = finished(server, status);
out:
	if (pidfd >= 0)
		close(pidfd);
	free(request);
	free(response);
	return result;
}

static int launch(const struct run_options *options, const struct program *program,
		  const char *shim, const struct gate *gate)
{
	char preload[PATH_MAX + 16], policy_env[2 * PATH_MAX];
	/* The mode is run's to choose, not the environment's.  The marker
	 * tells the shim's cache that a preseal filter is in force; the shim
	 * removes it before the program runs (its name is historical).  A
	 * marker of a filter already in force is dropped: start-up ends only
	 * when the shim stacks the policy, so it must not skip that. */
	const char *extra[5] = { NULL, NULL, NULL, NULL, "PRESEAL_MODE=enforce" };
	struct gate_server server = { .gate = gate,
				      .command = options->command[0],
				      .dynamic = program->dynamic,
				      .starting = true };
	struct diag_list diags = { 0 };
	int channel[2], expected = -1, result, status = 0;
	double timeout = start_timeout();
	char **environment;

	if (timeout < 0) {
		fprintf(stderr,
			"preseal run: PRESEAL_START_TIMEOUT='%s' is not a number of "
			"seconds\n",
			getenv("PRESEAL_START_TIMEOUT"));
		return EXIT_NOT_CONFINED;
	}
	if (program->dynamic) {
		snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", shim);
		extra[0] = preload;
		extra[1] = "PRESEAL_READY_FD=gate";
		extra[3] = "PRESEAL_FILTER=";
		if (options->policy) {
			if (policy_list(options, policy_env, sizeof(policy_env)) < 0) {
				fprintf(stderr, "preseal run: the policies' paths are too long\n");
				return EXIT_NOT_CONFINED;
			}
			extra[2] = policy_env;
		} else {
			extra[2] = "PRESEAL_POLICY=";
		}
		server.reports = cli_report_wanted(REPORT_KILLS);
	}
	environment = cli_environment_with(environ, extra, 5);
	if (!environment || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) < 0) {
		free(environment);
		return EXIT_NOT_CONFINED;
	}
	server.deadline = now_seconds() + timeout;
	server.child = fork();
	if (server.child == 0)
		child_exec(program, options->command, environment, &gate->filter, channel[1]);
	free(environment);
	close(channel[1]);
	if (server.child < 0) {
		perror("preseal run: fork");
		close(channel[0]);
		return EXIT_NOT_CONFINED;
	}
	cli_forward_signals(server.child);
	if (read(channel[0], &expected, sizeof(expected)) != sizeof(expected)) {
		close(channel[0]);
		return cli_wait_reaping(server.child, options->command[0]);
	}
	/* The channel closes when the child ends before its gate is loaded. */
	server.listener = monitor_attach(server.child, expected, channel[0], server.child, &diags);
	if (server.listener >= 0 && write(channel[0], "1", 1) != 1) {
		close(server.listener);
		server.listener = -EPIPE;
	}
	close(channel[0]);
	if (server.listener < 0) {
		/* A child that ended by itself said why. */
		kill(server.child, SIGKILL);
		while (waitpid(server.child, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status))
			diag_print(&diags, stderr, "preseal run: ");
		diag_free(&diags);
		return EXIT_NOT_CONFINED;
	}
	result = serve(&server);
	close(server.listener);
	return result;
}

/* ---- complain ------------------------------------------------------------ */

/* FILTER without the Landlock part its copy took: complain mode applies
 * none (it allows and reports), and --log-denials adds its own.  True. */
static bool without_landlock(struct filter *filter)
{
	landlock_rules_free(filter->landlock);
	filter->landlock = NULL;
	return true;
}

/* The policy's own filter with its denials handed to this process, loaded
 * just before execve: every program of the tree runs as if unconfined and
 * what the policy would deny is reported at the end.  Static programs too:
 * no shim is needed.  The environment names the mode and the policy, so a
 * shim preloaded further down trusts the filter instead of stacking one. */
static int run_complain(const struct run_options *options, const struct program *program,
			const struct policy *policy)
{
	char policy_env[PATH_MAX + 20], marker[64], absolute[PATH_MAX], name[PATH_MAX];
	const char *extra[4] = { "PRESEAL_MODE=complain", policy_env, marker, NULL };
	struct environment selected = { .mode = "complain", .path = getenv("PRESEAL_PATH") };
	struct monitor monitor = { .mode = MONITOR_COMPLAIN };
	struct filter enforced, notifying = { 0 };
	struct diag_list diags = { 0 };
	char **environment = NULL;
	int status = EXIT_NOT_CONFINED, log_fd;
	bool off;

	snprintf(name, sizeof(name), "%s", options->policy ? options->policy : "");
	if (options->policy && names_a_file(options->policy) && realpath(options->policy, absolute))
		snprintf(name, sizeof(name), "%s", absolute);
	snprintf(policy_env, sizeof(policy_env), "PRESEAL_POLICY=%s", name);
	selected.policy = name;
	snprintf(marker, sizeof(marker), "PRESEAL_FILTER=%016llx",
		 (unsigned long long)select_token(&selected));
	if (compile_policy(policy, NULL, &enforced, &diags) < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		diag_free(&diags);
		return EXIT_NOT_CONFINED;
	}
	if (policy->landlock.present)
		fprintf(stderr, "preseal run: complain mode applies no paths, network or scope: "
				"what they would refuse is neither refused nor reported\n");
	if (filter_copy(&notifying, &enforced, &diags) == 0 && without_landlock(&notifying) &&
	    filter_denials_to_notify(&notifying) >= 0 &&
	    filter_add_probe(&notifying, select_token(&selected), &diags) == 0)
		environment = cli_environment_with(environ, extra, 3);
	if (environment) {
		monitor.program = enforced.program;
		monitor.length = enforced.length;
		status = cli_run_monitored(program->path, options->command, environment, &notifying,
					   &monitor);
		log_fd = report_open_log(getenv("PRESEAL_LOG"), &off);
		if (log_fd >= 0 && monitor.call_count == 0)
			dprintf(log_fd, "preseal: complain: %s made no call the policy denies\n",
				options->command[0]);
		else if (log_fd >= 0) {
			char *rules = report_rules_for(policy);

			monitor_report(&monitor, log_fd,
				       options->policy ? name : "built-in " PRESEAL_DEFAULT_PROFILE,
				       rules);
			free(rules);
		}
		if (log_fd > STDERR_FILENO)
			close(log_fd);
	}
	diag_print(&diags, stderr, "preseal run: ");
	diag_free(&diags);
	free(environment);
	monitor_free(&monitor);
	filter_free(&enforced);
	filter_free(&notifying);
	return status;
}

/* ---- denials ------------------------------------------------------------ */

/* --log-denials: the policy's own filter with its errno denials handed to
 * this process, loaded just before execve.  run answers each with the
 * policy's errno (the call is never made) and reports each distinct
 * (syscall, rule) once, as it happens; the program's own first execve goes
 * on.  The shim preloaded further down trusts the filter, as in complain
 * mode, and only installs the kill report handler when kills are reported
 * too.  Static programs are covered alike. */
static int run_log_denials(const struct run_options *options, const struct program *program,
			   const struct policy *policy)
{
	char policy_env[PATH_MAX + 20], marker[64], absolute[PATH_MAX], name[PATH_MAX];
	char *rules = report_rules_for(policy), *rules_env = NULL;
	const char *extra[5] = { "PRESEAL_MODE=enforce", policy_env, marker, NULL, NULL };
	struct environment selected = { .mode = "enforce", .path = getenv("PRESEAL_PATH") };
	struct monitor monitor = { .mode = MONITOR_DENIALS, .first_execve = -1 };
	struct filter enforced, notifying = { 0 };
	struct diag_list diags = { 0 };
	char **environment = NULL;
	int status = EXIT_NOT_CONFINED, traps = 0;
	bool off;

	snprintf(name, sizeof(name), "%s", options->policy ? options->policy : "");
	if (options->policy && names_a_file(options->policy) && realpath(options->policy, absolute))
		snprintf(name, sizeof(name), "%s", absolute);
	snprintf(policy_env, sizeof(policy_env), "PRESEAL_POLICY=%s", name);
	selected.policy = name;
	if (compile_policy(policy, NULL, &enforced, &diags) < 0) {
		diag_print(&diags, stderr, "preseal run: ");
		diag_free(&diags);
		free(rules);
		return EXIT_NOT_CONFINED;
	}
	/* The shim is told the filter is in place, so run applies the policy's
	 * Landlock part itself, with what the program needs to start. */
	if (filter_copy(&notifying, &enforced, &diags) == 0 && without_landlock(&notifying) &&
	    (!enforced.landlock ||
	     start_rules(program, enforced.landlock, &notifying.landlock) == 0) &&
	    filter_errnos_to_notify(&notifying) >= 0) {
		if (cli_report_wanted(REPORT_KILLS))
			traps = filter_kills_to_traps(&notifying);
		if (traps > 0 &&
		    filter_add_report_guard(&notifying, PRESEAL_REPORT_KEY, &diags) < 0)
			traps = -ENOMEM;
		if (traps >= 0 &&
		    filter_add_probe(&notifying, select_token(&selected), &diags) == 0) {
			snprintf(marker, sizeof(marker), "PRESEAL_FILTER=%016llx%s",
				 (unsigned long long)select_token(&selected),
				 traps > 0 ? "+r" : "");
			if (rules &&
			    asprintf(&rules_env, "%s=%s", REPORT_RULES_VARIABLE, rules) < 0)
				rules_env = NULL;
			extra[3] = rules_env;
			environment = cli_environment_with(environ, extra, rules_env ? 4 : 3);
		}
	}
	if (environment) {
		monitor.program = enforced.program;
		monitor.length = enforced.length;
		monitor.rules = rules;
		monitor.policy_name = options->policy ? name : "built-in " PRESEAL_DEFAULT_PROFILE;
		monitor.log_fd = report_open_log(getenv("PRESEAL_LOG"), &off);
		status = cli_run_monitored(program->path, options->command, environment, &notifying,
					   &monitor);
		if (monitor.log_fd > STDERR_FILENO)
			close(monitor.log_fd);
	}
	diag_print(&diags, stderr, "preseal run: ");
	diag_free(&diags);
	free(environment);
	free(rules_env);
	free(rules);
	monitor_free(&monitor);
	filter_free(&enforced);
	filter_free(&notifying);
	return status;
}

/* ---- the verb ----------------------------------------------------------- */

/* PRESEAL_MODE=complain in the environment means --complain, as it would
 * for the shim; learn has its own verb. */
static int mode_from_environment(struct run_options *options)
{
	const char *mode = getenv("PRESEAL_MODE");

	if (!mode || !*mode || strcmp(mode, "enforce") == 0)
		return 0;
	if (strcmp(mode, "complain") == 0) {
		options->complain = true;
		return 0;
	}
	if (strcmp(mode, "learn") == 0)
		fprintf(stderr, "preseal run: PRESEAL_MODE=learn: use `preseal learn -o OUT.cfg -- "
				"CMD` to learn a policy\n");
	else
		fprintf(stderr,
			"preseal run: PRESEAL_MODE='%s' is not a mode (enforce, complain or "
			"learn)\n",
			mode);
	return -EINVAL;
}

static const struct cli_option run_options[] = {
	{ 'p', "policy", "POLICY",
	  "a file (with a '/') or a profile name; default: the built-in baseline; "
	  "again to stack another (the most restrictive answer wins)" },
	{ 'd', "deny", "NAME,...",
	  "also refuse these syscalls and @groups with EPERM (a policy of its own, stacked)" },
	{ CLI_LONG + 1, "complain", NULL,
	  "allow what the policy would deny and report it at the end" },
	{ CLI_LONG + 2, "log-denials", NULL,
	  "enforce, and report each call the policy answers with an errno" },
	{ 0, NULL, NULL, NULL },
};

/* -p VALUE: one policy, or a list A:B as in PRESEAL_POLICY (a path with
 * ':' cannot be named, there as here). */
static int add_policies(struct run_options *options, const char *value)
{
	for (size_t i = 0;; i++) {
		size_t left = sizeof(options->names) - options->names_used;
		char *entry = options->names + options->names_used;
		int length = select_layer(value, i, entry, left);

		if (length == -ENOENT)
			return 0;
		if (length <= 0 || options->policy_count == SELECT_MAX_LAYERS)
			return -EINVAL;
		options->names_used += (size_t)length + 1;
		options->policies[options->policy_count++] = entry;
	}
}

/* NAMES (comma-separated) added to the inline deny list. */
static bool add_denied(struct run_options *options, const char *names)
{
	size_t used = strlen(options->deny);
	int wrote = snprintf(options->deny + used, sizeof(options->deny) - used, "%s%s",
			     used ? "," : "deny=", names);

	return wrote > 0 && (size_t)wrote < sizeof(options->deny) - used;
}

static int parse_run(int argc, char **argv, struct run_options *options)
{
	struct cli_parser parser = {
		.verb = &cli_verb_run, .argc = argc, .argv = argv, .stop_at_operand = true
	};
	int key;

	*options = (struct run_options){ 0 };
	while ((key = cli_next_option(&parser)) != CLI_DONE) {
		if (key == 'p' && options->policy_count == SELECT_MAX_LAYERS)
			return cli_usage_error("run", "at most %d policies", SELECT_MAX_LAYERS);
		else if (key == 'p' && add_policies(options, parser.value) < 0)
			return cli_usage_error("run",
					       "-p '%s': a ':' separates policies, as in "
					       "PRESEAL_POLICY, each non-empty, %d at most",
					       parser.value, SELECT_MAX_LAYERS);
		else if (key == 'p')
			continue;
		else if (key == 'd' && !add_denied(options, parser.value))
			return cli_usage_error("run", "--deny %s: too long", parser.value);
		else if (key == 'd')
			continue;
		else if (key == CLI_LONG + 1)
			options->complain = true;
		else if (key == CLI_LONG + 2)
			options->log_denials = true;
		else
			return key == CLI_HELP ? -1 : cli_parse_status(key);
	}
	for (size_t i = 0; i < options->policy_count; i++)
		if (strcmp(options->policies[i], "-") == 0)
			return cli_usage_error("run", "-p -: the program's shim reads the policy "
						      "itself; give a file or a profile name");
	if (options->deny[0] && options->policy_count == 0)
		options->policies[options->policy_count++] = PRESEAL_DEFAULT_PROFILE;
	if (options->deny[0] && options->policy_count == SELECT_MAX_LAYERS)
		return cli_usage_error("run", "at most %d policies", SELECT_MAX_LAYERS);
	if (options->deny[0])
		options->policies[options->policy_count++] = options->deny;
	if (options->complain && options->policy_count > 1)
		return cli_usage_error("run", "--complain takes one policy, and no --deny");
	if (options->log_denials && options->policy_count > 1)
		return cli_usage_error("run", "--log-denials takes one policy, and no --deny");
	options->policy = options->policy_count ? options->policies[0] : NULL;
	if (parser.index >= argc)
		return cli_usage_error("run", "name the command to run");
	options->command = argv + parser.index;
	return 0;
}

static struct policy *read_run_policy(const char *argument)
{
	struct diag_list diags = { 0 };
	struct policy *policy = cli_read_policy_as(argument ? argument : PRESEAL_DEFAULT_PROFILE,
						   POLICY_TRUSTED_ONLY, &diags);

	diag_print(&diags, stderr, "preseal: ");
	diag_free(&diags);
	return policy;
}

static int verb_run(int argc, char **argv)
{
	struct run_options options;
	struct program program = { 0 };
	struct gate gate = { 0 };
	char shim[PATH_MAX] = "", added[1024];
	struct policy *policies[SELECT_MAX_LAYERS];
	size_t count = 0;
	bool layered_landlock = false;
	int result;

	result = parse_run(argc, argv, &options);
	if (result != 0 || !options.command || !options.command[0])
		return result < 0 ? 0 : result == 0 ? 2 : result; /* -1: --help */
	if (mode_from_environment(&options) < 0)
		return EXIT_NOT_CONFINED;
	result = cli_resolve_command(options.command[0], program.path, sizeof(program.path));
	if (result < 0) {
		fprintf(stderr, "preseal run: %s: %s\n", options.command[0],
			result == -ENOENT ? "command not found" : "permission denied");
		return result == -ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
	}
	classify(&program);
	if (program.dynamic && find_shim(shim, sizeof(shim)) < 0) {
		fprintf(stderr,
			"preseal run: cannot find libpreseal.so beside preseal or in %s; "
			"refusing to run %s unconfined\n",
			PRESEAL_LIBDIR, options.command[0]);
		return EXIT_NOT_CONFINED;
	}
	if (program.dynamic && !shim_loads(&program, shim)) {
		fprintf(stderr,
			"preseal run: ld.so cannot preload %s into %s; refusing to run it\n", shim,
			program.inspected);
		return EXIT_NOT_CONFINED;
	}
	for (size_t i = 0; i < (options.policy_count ? options.policy_count : 1); i++) {
		policies[count] =
			read_run_policy(options.policy_count ? options.policies[i] : NULL);
		if (!policies[count])
			break;
		count++;
	}
	if (count < (options.policy_count ? options.policy_count : 1)) {
		for (size_t i = 0; i < count; i++)
			policy_free(policies[i]);
		return EXIT_NOT_CONFINED;
	}
	if (options.complain) {
		result = run_complain(&options, &program, policies[0]);
		policy_free(policies[0]);
		return result;
	}
	if (options.log_denials || cli_report_wanted(REPORT_DENIALS)) {
		if (count > 1) {
			fprintf(stderr, "preseal run: PRESEAL_REPORT=denials takes one policy\n");
			result = EXIT_NOT_CONFINED;
		} else {
			result = run_log_denials(&options, &program, policies[0]);
		}
		for (size_t i = 0; i < count; i++)
			policy_free(policies[i]);
		return result;
	}
	result = build_gate(policies, count, &program, &gate, added, sizeof(added));
	for (size_t i = 0; i < count; i++) {
		layered_landlock |= count > 1 && policies[i]->landlock.present;
		policy_free(policies[i]);
	}
	/* A dynamic program gets the Landlock part from the shim, with the
	 * policy's grants alone (each layer of a list its own domain); any
	 * other, from run, with what it needs to start: one policy's. */
	gate.filter.landlock = NULL;
	if (result == 0 && layered_landlock && !program.dynamic) {
		fprintf(stderr,
			"preseal run: %s is %s: a list of policies with paths, network or "
			"scope is applied to dynamic programs only; refusing to run it\n",
			program.path, program.why_not);
		result = -EINVAL;
	}
	if (result == 0 && gate.answers.landlock && !program.dynamic &&
	    start_rules(&program, gate.answers.landlock, &gate.filter.landlock) < 0) {
		fprintf(stderr, "preseal run: out of memory\n");
		result = -ENOMEM;
	}
	if (result < 0) {
		gate_free(&gate);
		return EXIT_NOT_CONFINED;
	}
	if (!program.dynamic && added[0])
		fprintf(stderr,
			"preseal run: warning: %s is %s, so its filter is loaded before "
			"execve and also allows: %s%s\n",
			program.path, program.why_not, added,
			strstr(program.why_not, "setuid") ? " (and under no_new_privs it runs with "
							    "your privileges, not its owner's)"
							  : "");
	result = launch(&options, &program, shim, &gate);
	gate_free(&gate);
	return result;
}

const struct verb cli_verb_run = {
	"run",
	"[-p POLICY]... [--deny NAME,...] [--complain] [--log-denials] [--] CMD [ARG...]",
	"run CMD confined (static and setuid programs too)",
	verb_run,
	run_options,
	"Options end at the first word that is not one, or at '--': what follows is\n"
	"CMD's.  Exit status: CMD's, 128+N when signal N ended it, 125 when it could\n"
	"not be confined, 126 not executable, 127 not found, 2 a usage error.\n",
};
