/* landlock_apply: resolve, carry and apply a policy's Landlock part.
 * See landlock_apply.h.
 *
 * Runs in the shim's constructor, inside somebody else's program: every
 * descriptor it opens is closed again, the signal it borrows to reach the
 * other threads gets its old disposition back, and any failure is an error
 * the caller turns into exit status 125.
 */
#include "landlock_apply.h"
#include "report.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule	    445
#define SYS_landlock_restrict_self  446
#endif

#define RULE_PATH_BENEATH 1
#define RULE_NET_PORT	  2

/* The kernel's structures (uapi/linux/landlock.h), newer than Debian 12's
 * header: a larger size with zero tails is accepted by older kernels. */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/* ---- what each ABI knows ------------------------------------------------ */

/* Every right, in the order messages name them (the ABI that brought
 * them in).  Names and ABIs are landlock.c's, the policy's own; the TCP
 * rights go by their Landlock names here, as the policy names ports. */
struct right {
	uint64_t bit;
	char kind; /* 'f' filesystem, 'n' network, 's' scope */
};

static const struct right rights[] = {
	{ LL_FS_EXECUTE, 'f' },
	{ LL_FS_WRITE_FILE, 'f' },
	{ LL_FS_READ_FILE, 'f' },
	{ LL_FS_READ_DIR, 'f' },
	{ LL_FS_REMOVE_DIR, 'f' },
	{ LL_FS_REMOVE_FILE, 'f' },
	{ LL_FS_MAKE_CHAR, 'f' },
	{ LL_FS_MAKE_DIR, 'f' },
	{ LL_FS_MAKE_REG, 'f' },
	{ LL_FS_MAKE_SOCK, 'f' },
	{ LL_FS_MAKE_FIFO, 'f' },
	{ LL_FS_MAKE_BLOCK, 'f' },
	{ LL_FS_MAKE_SYM, 'f' },
	{ LL_FS_REFER, 'f' },
	{ LL_FS_TRUNCATE, 'f' },
	{ LL_NET_BIND_TCP, 'n' },
	{ LL_NET_CONNECT_TCP, 'n' },
	{ LL_FS_IOCTL_DEV, 'f' },
	{ LL_SCOPE_ABSTRACT_UNIX_SOCKET, 's' },
	{ LL_SCOPE_SIGNAL, 's' },
};

static const char *right_name(const struct right *right)
{
	if (right->kind == 'f')
		return landlock_fs_right_name(right->bit);
	if (right->kind == 's')
		return landlock_scope_name(right->bit);
	return right->bit == LL_NET_BIND_TCP ? "bind_tcp" : "connect_tcp";
}

/* The first ABI that knows RIGHT. */
static int right_abi(const struct right *right)
{
	return landlock_abi_needed(right->kind == 'f' ? right->bit : 0,
				   right->kind == 'n' ? right->bit : 0,
				   right->kind == 's' ? right->bit : 0);
}

#define RIGHT_COUNT (sizeof(rights) / sizeof(rights[0]))

/* The right in RULES that ABI cannot enforce and that needs the highest
 * ABI, or NULL. */
static const struct right *first_missing(const struct landlock_rules *rules, int abi)
{
	const struct right *worst = NULL;

	for (size_t i = 0; i < RIGHT_COUNT; i++) {
		const struct right *right = &rights[i];
		uint64_t used = right->kind == 'f'   ? rules->handled_fs
				: right->kind == 'n' ? rules->handled_net
						     : rules->scoped;

		if ((used & right->bit) && right_abi(right) > abi &&
		    (!worst || right_abi(right) > right_abi(worst)))
			worst = right;
	}
	return worst;
}

/* ---- the rules, resolved ------------------------------------------------ */

#define RULES_MAX_PATHS 4096
#define RULES_MAX_PORTS 65536

static struct landlock_rules *rules_alloc(size_t path_count, size_t port_count, size_t text_size)
{
	size_t size = sizeof(struct landlock_rules) +
		      path_count * sizeof(struct landlock_rules_path) +
		      port_count * sizeof(struct landlock_rules_port) + text_size;
	struct landlock_rules *rules = calloc(1, size);

	if (!rules)
		return NULL;
	rules->path_count = path_count;
	rules->port_count = port_count;
	rules->paths = (struct landlock_rules_path *)(rules + 1);
	rules->ports = (struct landlock_rules_port *)(rules->paths + path_count);
	return rules;
}

static char *rules_text(struct landlock_rules *rules)
{
	return (char *)(rules->ports + rules->port_count);
}

int landlock_rules_from_policy(const struct landlock_policy *policy, struct landlock_rules **out)
{
	struct landlock_rules *rules;
	size_t text_size = 0;
	char *text;

	*out = NULL;
	if (!policy->present)
		return 0;
	for (size_t i = 0; i < policy->path_count; i++)
		text_size += strlen(policy->paths[i].path) + 1;
	rules = rules_alloc(policy->path_count, policy->port_count, text_size);
	if (!rules)
		return -ENOMEM;
	rules->mode = policy->mode;
	rules->handled_fs = policy->handled_fs;
	rules->handled_net = policy->handled_net;
	rules->scoped = policy->scoped;
	text = rules_text(rules);
	for (size_t i = 0; i < policy->path_count; i++) {
		size_t length = strlen(policy->paths[i].path) + 1;

		memcpy(text, policy->paths[i].path, length);
		rules->paths[i] = (struct landlock_rules_path){ .access = policy->paths[i].access,
								.path = text };
		text += length;
	}
	for (size_t i = 0; i < policy->port_count; i++)
		rules->ports[i] = (struct landlock_rules_port){ .access = policy->ports[i].access,
								.port = policy->ports[i].port };
	*out = rules;
	return 0;
}

void landlock_rules_free(struct landlock_rules *rules)
{
	free(rules);
}

int landlock_rules_copy(const struct landlock_rules *rules, struct landlock_rules **out)
{
	unsigned char *data;
	size_t size;
	int result;

	*out = NULL;
	if (!rules)
		return 0;
	if (landlock_rules_encode(rules, &data, &size) < 0)
		return -ENOMEM;
	result = landlock_rules_decode(data, size, out);
	free(data);
	return result;
}

int landlock_rules_with(const struct landlock_rules *rules, const struct landlock_rules_path *extra,
			size_t count, struct landlock_rules **out)
{
	struct landlock_path_rule *paths = calloc(rules->path_count + count, sizeof(*paths));
	struct landlock_port_rule *ports = calloc(rules->port_count + 1, sizeof(*ports));
	struct landlock_policy model = { .present = true,
					 .handled_fs = rules->handled_fs,
					 .handled_net = rules->handled_net,
					 .scoped = rules->scoped,
					 .mode = rules->mode,
					 .paths = paths,
					 .ports = ports,
					 .port_count = rules->port_count };
	int result = -ENOMEM;

	*out = NULL;
	if (paths && ports) {
		for (size_t i = 0; i < rules->path_count; i++)
			paths[model.path_count++] =
				(struct landlock_path_rule){ .path = rules->paths[i].path,
							     .access = rules->paths[i].access };
		for (size_t i = 0; i < count; i++)
			if (extra[i].access & rules->handled_fs)
				paths[model.path_count++] =
					(struct landlock_path_rule){ .path = extra[i].path,
								     .access = extra[i].access &
									       rules->handled_fs };
		for (size_t i = 0; i < rules->port_count; i++)
			ports[i] =
				(struct landlock_port_rule){ .port = (uint16_t)rules->ports[i].port,
							     .access = rules->ports[i].access };
		result = landlock_rules_from_policy(&model, out);
	}
	free(paths);
	free(ports);
	return result;
}

/* ---- the rules as bytes ------------------------------------------------- */

/* Encoded (host byte order, fixed widths):
 *   magic[4] mode path_count port_count text_size, handled_fs handled_net
 *   scoped, then per path: access text_offset, per port: access port, then
 *   the paths' text, each ending in NUL. */
#define RULES_MAGIC "PLL1"

struct encoded_header {
	char magic[4];
	uint32_t mode;
	uint32_t path_count;
	uint32_t port_count;
	uint32_t text_size;
	uint32_t reserved;
	uint64_t handled_fs, handled_net, scoped;
};

struct encoded_path {
	uint64_t access;
	uint64_t text_offset;
};

struct encoded_port {
	uint64_t access;
	uint64_t port;
};

int landlock_rules_encode(const struct landlock_rules *rules, unsigned char **out, size_t *size)
{
	struct encoded_header header = { .mode = (uint32_t)rules->mode,
					 .path_count = (uint32_t)rules->path_count,
					 .port_count = (uint32_t)rules->port_count,
					 .handled_fs = rules->handled_fs,
					 .handled_net = rules->handled_net,
					 .scoped = rules->scoped };
	size_t text_size = 0, at;
	unsigned char *data;
	uint64_t offset = 0;

	for (size_t i = 0; i < rules->path_count; i++)
		text_size += strlen(rules->paths[i].path) + 1;
	memcpy(header.magic, RULES_MAGIC, sizeof(header.magic));
	header.text_size = (uint32_t)text_size;
	*size = sizeof(header) + rules->path_count * sizeof(struct encoded_path) +
		rules->port_count * sizeof(struct encoded_port) + text_size;
	data = calloc(1, *size);
	if (!data)
		return -ENOMEM;
	memcpy(data, &header, sizeof(header));
	at = sizeof(header);
	for (size_t i = 0; i < rules->path_count; i++) {
		struct encoded_path path = { .access = rules->paths[i].access,
					     .text_offset = offset };

		memcpy(data + at, &path, sizeof(path));
		at += sizeof(path);
		offset += strlen(rules->paths[i].path) + 1;
	}
	for (size_t i = 0; i < rules->port_count; i++) {
		struct encoded_port port = { .access = rules->ports[i].access,
					     .port = rules->ports[i].port };

		memcpy(data + at, &port, sizeof(port));
		at += sizeof(port);
	}
	for (size_t i = 0; i < rules->path_count; i++) {
		size_t length = strlen(rules->paths[i].path) + 1;

		memcpy(data + at, rules->paths[i].path, length);
		at += length;
	}
	*out = data;
	return 0;
}

static bool header_valid(const struct encoded_header *header, size_t size)
{
	uint64_t all_fs = landlock_fs_rights_of_abi(LL_ABI_TSYNC);

	return memcmp(header->magic, RULES_MAGIC, sizeof(header->magic)) == 0 &&
	       (header->mode == LANDLOCK_STRICT || header->mode == LANDLOCK_BEST_EFFORT) &&
	       header->path_count <= RULES_MAX_PATHS && header->port_count <= RULES_MAX_PORTS &&
	       !(header->handled_fs & ~all_fs) &&
	       !(header->handled_net & ~landlock_net_rights_of_abi(LL_ABI_TSYNC)) &&
	       !(header->scoped & ~landlock_scopes_of_abi(LL_ABI_TSYNC)) &&
	       size == sizeof(*header) + header->path_count * sizeof(struct encoded_path) +
			       header->port_count * sizeof(struct encoded_port) + header->text_size;
}

/* The paths of ENTRIES into RULES, each a NUL-terminated absolute path
 * inside TEXT with rights the ruleset handles. */
static bool decode_paths(const unsigned char *entries, const char *text, size_t text_size,
			 struct landlock_rules *rules)
{
	char *own_text = rules_text(rules);

	memcpy(own_text, text, text_size);
	for (size_t i = 0; i < rules->path_count; i++) {
		struct encoded_path path;

		memcpy(&path, entries + i * sizeof(path), sizeof(path));
		if (path.text_offset >= text_size || own_text[path.text_offset] != '/' ||
		    !memchr(own_text + path.text_offset, '\0', text_size - path.text_offset) ||
		    !path.access || (path.access & ~rules->handled_fs))
			return false;
		rules->paths[i] =
			(struct landlock_rules_path){ .access = path.access,
						      .path = own_text + path.text_offset };
	}
	return true;
}

static bool decode_ports(const unsigned char *entries, struct landlock_rules *rules)
{
	for (size_t i = 0; i < rules->port_count; i++) {
		struct encoded_port port;

		memcpy(&port, entries + i * sizeof(port), sizeof(port));
		if (port.port > 65535 || !port.access || (port.access & ~rules->handled_net))
			return false;
		rules->ports[i] =
			(struct landlock_rules_port){ .access = port.access, .port = port.port };
	}
	return true;
}

int landlock_rules_decode(const unsigned char *data, size_t size, struct landlock_rules **out)
{
	struct encoded_header header;
	struct landlock_rules *rules;
	const unsigned char *paths, *ports;

	*out = NULL;
	if (size < sizeof(header))
		return -EINVAL;
	memcpy(&header, data, sizeof(header));
	if (!header_valid(&header, size))
		return -EINVAL;
	rules = rules_alloc(header.path_count, header.port_count, header.text_size);
	if (!rules)
		return -ENOMEM;
	rules->mode = (enum landlock_mode)header.mode;
	rules->handled_fs = header.handled_fs;
	rules->handled_net = header.handled_net;
	rules->scoped = header.scoped;
	paths = data + sizeof(header);
	ports = paths + header.path_count * sizeof(struct encoded_path);
	if (!decode_paths(paths,
			  (const char *)ports + header.port_count * sizeof(struct encoded_port),
			  header.text_size, rules) ||
	    !decode_ports(ports, rules)) {
		free(rules);
		return -EINVAL;
	}
	*out = rules;
	return 0;
}

/* ---- the ruleset -------------------------------------------------------- */

/* What RULES asks, cut to what ABI knows (best_effort); *DROPPED says what
 * was cut. */
static void effective(const struct landlock_rules *rules, int abi, struct ruleset_attr *attr,
		      char *dropped, size_t dropped_size)
{
	attr->handled_access_fs = rules->handled_fs & landlock_fs_rights_of_abi(abi);
	attr->handled_access_net = rules->handled_net & landlock_net_rights_of_abi(abi);
	attr->scoped = rules->scoped & landlock_scopes_of_abi(abi);
	if (!dropped || !dropped_size)
		return;
	dropped[0] = '\0';
	if (abi == 0) {
		snprintf(
			dropped, dropped_size,
			"the kernel has no Landlock: the policy's paths, network and scope are not "
			"enforced");
		return;
	}
	for (size_t i = 0, used = 0; i < RIGHT_COUNT; i++) {
		const struct right *right = &rights[i];
		uint64_t asked = right->kind == 'f'   ? rules->handled_fs
				 : right->kind == 'n' ? rules->handled_net
						      : rules->scoped;

		if ((asked & right->bit) && right_abi(right) > abi && used < dropped_size) {
			int wrote = snprintf(dropped + used, dropped_size - used, "%s\"%s\"",
					     used ? ", " : "", right_name(right));

			used += wrote > 0 ? (size_t)wrote : 0;
		}
	}
	if (dropped[0]) {
		size_t used = strlen(dropped);

		snprintf(dropped + used, dropped_size - used,
			 " not enforced: the kernel's Landlock ABI is %d", abi);
	}
}

/* The rights that Landlock accepts on a file, not a folder. */
#define FILE_RIGHTS \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

/* Adds PATH with ACCESS to RULESET: 0, or a negative errno.  A path that
 * does not exist grants nothing (whatever appears there later is denied);
 * a file gets the rights that apply to files. */
static int add_path(int ruleset, const char *path, uint64_t access)
{
	struct path_beneath_attr beneath = { .allowed_access = access };
	int result = 0;

	beneath.parent_fd = open(path, O_PATH | O_CLOEXEC);
	if (beneath.parent_fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	if (syscall(SYS_landlock_add_rule, ruleset, RULE_PATH_BENEATH, &beneath, 0) < 0) {
		result = -errno;
		beneath.allowed_access &= FILE_RIGHTS;
		if (result == -EINVAL && beneath.allowed_access)
			result = syscall(SYS_landlock_add_rule, ruleset, RULE_PATH_BENEATH,
					 &beneath, 0) < 0
					 ? -errno
					 : 0;
		else if (result == -EINVAL)
			result = 0; /* a file, and only folder rights: nothing to grant */
	}
	close(beneath.parent_fd);
	return result;
}

/* Grants reading the file this code was loaded from (libpreseal.so in a
 * program, the command in `preseal run`): the programs the confined one
 * starts inherit LD_PRELOAD, and ld.so must open the shim again for them
 * to have it, wherever it is installed or built.  Reading the shim gives
 * nothing away.  0, or -1 when the file cannot be granted (the program is
 * not started: its children would run without the shim and ld.so would
 * complain in every one of them). */
static int grant_own_file(int ruleset, const struct ruleset_attr *attr)
{
	Dl_info info;

	if (!(attr->handled_access_fs & LL_FS_READ_FILE) ||
	    !dladdr((void *)grant_own_file, &info) || !info.dli_fname || info.dli_fname[0] != '/')
		return 0;
	return add_path(ruleset, info.dli_fname, LL_FS_READ_FILE) < 0 ? -1 : 0;
}

/* The ruleset's descriptor, with every rule ATTR still handles, or a
 * negative errno with DIAGS. */
static int build_ruleset(const struct landlock_rules *rules, const struct ruleset_attr *attr,
			 struct diag_list *diags)
{
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, attr, sizeof(*attr), 0);

	if (ruleset < 0) {
		int error = errno;

		diag_error(diags, NULL, 0, "cannot create the Landlock ruleset: %s",
			   strerror(error));
		return -error;
	}
	for (size_t i = 0; i < rules->path_count; i++) {
		uint64_t access = rules->paths[i].access & attr->handled_access_fs;
		int result = access ? add_path(ruleset, rules->paths[i].path, access) : 0;

		if (result < 0) {
			diag_error(diags, NULL, 0, "cannot grant %s in the Landlock ruleset: %s",
				   rules->paths[i].path, strerror(-result));
			close(ruleset);
			return result;
		}
	}
	if (grant_own_file(ruleset, attr) < 0) {
		diag_error(diags, NULL, 0,
			   "cannot grant reading preseal's own file in the Landlock ruleset");
		close(ruleset);
		return -EINVAL;
	}
	for (size_t i = 0; i < rules->port_count; i++) {
		struct net_port_attr port = { .allowed_access = rules->ports[i].access &
								attr->handled_access_net,
					      .port = rules->ports[i].port };

		if (port.allowed_access &&
		    syscall(SYS_landlock_add_rule, ruleset, RULE_NET_PORT, &port, 0) < 0) {
			int error = errno;

			diag_error(diags, NULL, 0,
				   "cannot grant TCP port %llu in the Landlock ruleset: %s",
				   (unsigned long long)port.port, strerror(error));
			close(ruleset);
			return -error;
		}
	}
	return ruleset;
}

/* ---- every thread ------------------------------------------------------- */

/* Before ABI 8, landlock_restrict_self restricts the calling thread only.
 * Threads that other libraries' constructors started are each sent a
 * signal whose handler restricts that thread with the same ruleset and
 * records the result; the calling thread waits for every answer, then
 * reads /proc/self/task again until no thread is left unanswered.  A thread
 * that blocks the signal, or does not answer in time, stops the program. */
#define BROADCAST_SIGNAL     (SIGRTMAX)
#define BROADCAST_MAX	     1024
#define BROADCAST_ROUNDS     64
#define BROADCAST_TIMEOUT_NS 2000000000LL

enum thread_state { THREAD_SENT, THREAD_RESTRICTED, THREAD_FAILED };

static struct {
	int ruleset;
	bool no_new_privs;
	int cookie;
	size_t count;
	pid_t tids[BROADCAST_MAX];
	_Atomic int states[BROADCAST_MAX];
	_Atomic int errors[BROADCAST_MAX];
} broadcast;

static int restrict_thread(int ruleset, bool no_new_privs)
{
	if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		return -errno;
	return 0;
}

static void restrict_on_signal(int signal_number, siginfo_t *info, void *context)
{
	int saved_errno = errno;
	pid_t self = (pid_t)syscall(SYS_gettid);

	(void)signal_number;
	(void)context;
	if (info->si_code != SI_QUEUE || info->si_value.sival_int != broadcast.cookie)
		return;
	for (size_t i = 0; i < broadcast.count; i++)
		if (broadcast.tids[i] == self && atomic_load(&broadcast.states[i]) == THREAD_SENT) {
			int result = restrict_thread(broadcast.ruleset, broadcast.no_new_privs);

			atomic_store(&broadcast.errors[i], -result);
			atomic_store(&broadcast.states[i],
				     result ? THREAD_FAILED : THREAD_RESTRICTED);
		}
	errno = saved_errno;
}

static bool done_before(const pid_t *done, size_t done_count, pid_t tid)
{
	for (size_t i = 0; i < done_count; i++)
		if (done[i] == tid)
			return true;
	return false;
}

/* The threads in TASKS (/proc/self/task, opened before this thread was
 * restricted: the policy need not grant /proc) not in DONE into the
 * broadcast table: their count, or a negative errno. */
static int collect_new_threads(DIR *tasks, const pid_t *done, size_t done_count)
{
	struct dirent *entry;

	rewinddir(tasks);
	broadcast.count = 0;
	while ((entry = readdir(tasks))) {
		pid_t tid = (pid_t)atoi(entry->d_name);

		if (tid <= 0 || done_before(done, done_count, tid))
			continue;
		if (broadcast.count == BROADCAST_MAX)
			return -E2BIG;
		broadcast.tids[broadcast.count] = tid;
		atomic_store(&broadcast.states[broadcast.count], THREAD_SENT);
		broadcast.count++;
	}
	return (int)broadcast.count;
}

static long long now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* Signals every thread in the table and waits for each to answer, or to
 * be gone.  Returns 0, or a negative errno with DIAGS. */
static int signal_and_wait(struct diag_list *diags)
{
	pid_t process = getpid();
	long long deadline = now_ns() + BROADCAST_TIMEOUT_NS;
	siginfo_t info = { .si_signo = BROADCAST_SIGNAL,
			   .si_code = SI_QUEUE,
			   .si_pid = process,
			   .si_uid = getuid() };

	info.si_value.sival_int = broadcast.cookie;
	for (size_t i = 0; i < broadcast.count; i++)
		if (syscall(SYS_rt_tgsigqueueinfo, process, broadcast.tids[i], BROADCAST_SIGNAL,
			    &info) < 0)
			atomic_store(&broadcast.states[i],
				     errno == ESRCH ? THREAD_RESTRICTED : THREAD_FAILED);
	for (size_t i = 0; i < broadcast.count; i++) {
		while (atomic_load(&broadcast.states[i]) == THREAD_SENT) {
			if (syscall(SYS_tgkill, process, broadcast.tids[i], 0) < 0 &&
			    errno == ESRCH)
				break; /* gone: nothing left to restrict */
			if (now_ns() > deadline) {
				diag_error(diags, NULL, 0,
					   "thread %d did not apply the Landlock ruleset in time "
					   "(does it block signal %d?)",
					   (int)broadcast.tids[i], BROADCAST_SIGNAL);
				return -ETIMEDOUT;
			}
			sched_yield();
		}
		if (atomic_load(&broadcast.states[i]) == THREAD_FAILED) {
			int error = atomic_load(&broadcast.errors[i]);

			diag_error(diags, NULL, 0,
				   "thread %d could not apply the Landlock ruleset: %s",
				   (int)broadcast.tids[i], strerror(error ? error : EPERM));
			return error ? -error : -EPERM;
		}
	}
	return 0;
}

/* Every other thread restricts itself with RULESET, or the error. */
static int restrict_other_threads(DIR *tasks, int ruleset, bool no_new_privs,
				  struct diag_list *diags)
{
	struct sigaction action = { .sa_sigaction = restrict_on_signal,
				    .sa_flags = SA_SIGINFO | SA_RESTART },
			 previous;
	pid_t done[BROADCAST_MAX];
	size_t done_count = 0;
	int result = 0, found;

	done[done_count++] = (pid_t)syscall(SYS_gettid);
	broadcast.ruleset = ruleset;
	broadcast.no_new_privs = no_new_privs;
	broadcast.cookie = (int)(now_ns() ^ getpid()) | 1;
	sigfillset(&action.sa_mask);
	if (sigaction(BROADCAST_SIGNAL, &action, &previous) < 0) {
		diag_error(diags, NULL, 0, "cannot reach the other threads: %s", strerror(errno));
		return -errno;
	}
	for (int round = 0; result == 0; round++) {
		found = collect_new_threads(tasks, done, done_count);
		if (found <= 0) {
			result = found;
			if (found < 0)
				diag_error(diags, NULL, 0, "more than %d threads to restrict",
					   BROADCAST_MAX);
			break;
		}
		if (round == BROADCAST_ROUNDS || done_count + (size_t)found > BROADCAST_MAX) {
			diag_error(diags, NULL, 0,
				   "threads keep starting: the Landlock ruleset cannot reach them "
				   "all");
			result = -EAGAIN;
			break;
		}
		result = signal_and_wait(diags);
		for (size_t i = 0; i < broadcast.count; i++)
			done[done_count++] = broadcast.tids[i];
	}
	broadcast.count = 0;
	sigaction(BROADCAST_SIGNAL, &previous, NULL);
	return result;
}

/* Restricts every thread with RULESET: TSYNC where the kernel has it, the
 * calling thread alone when it is the only one, a broadcast otherwise. */
static int restrict_all(int ruleset, int abi, bool no_new_privs, struct diag_list *diags)
{
	unsigned flags = abi >= LL_ABI_TSYNC ? LL_RESTRICT_SELF_TSYNC : 0;
	/* glibc clears this flag for good once a second thread is started. */
	bool alone = flags || __libc_single_threaded;
	DIR *tasks = alone ? NULL : opendir("/proc/self/task");
	int result;

	if (!alone && !tasks) {
		diag_error(diags, NULL, 0, "cannot list this process's threads: %s",
			   strerror(errno));
		return -errno;
	}
	if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		diag_error(diags, NULL, 0, "cannot set no_new_privs: %s", strerror(errno));
		result = -errno;
	} else if (syscall(SYS_landlock_restrict_self, ruleset, flags) < 0) {
		result = -errno;
		diag_error(diags, NULL, 0, "cannot apply the Landlock ruleset: %s%s",
			   strerror(-result),
			   result == -EPERM ? " (no_new_privs = false needs CAP_SYS_ADMIN)" : "");
	} else {
		result = alone ? 0 : restrict_other_threads(tasks, ruleset, no_new_privs, diags);
	}
	if (tasks)
		closedir(tasks);
	return result;
}

int landlock_rules_fit(const struct landlock_rules *rules, int abi, char *dropped,
		       size_t dropped_size, struct diag_list *diags)
{
	const struct right *missing = first_missing(rules, abi);
	struct ruleset_attr attr;

	if (dropped && dropped_size)
		dropped[0] = '\0';
	if (missing && rules->mode == LANDLOCK_STRICT) {
		if (abi == 0)
			diag_error(
				diags, NULL, 0,
				"the kernel has no Landlock, which the policy's paths, network "
				"or scope need (ABI %d); landlock = \"best_effort\" runs without "
				"them",
				landlock_abi_needed(rules->handled_fs, rules->handled_net,
						    rules->scoped));
		else
			diag_error(diags, NULL, 0,
				   "the kernel's Landlock ABI %d cannot enforce \"%s\" (needs ABI "
				   "%d); landlock = \"best_effort\" runs without it",
				   abi, right_name(missing), right_abi(missing));
		return -EOPNOTSUPP;
	}
	effective(rules, abi, &attr, dropped, dropped_size);
	return 0;
}

int landlock_rules_apply(const struct landlock_rules *rules, bool no_new_privs, char *dropped,
			 size_t dropped_size, struct diag_list *diags)
{
	int abi = landlock_abi_running(), ruleset, result;
	struct ruleset_attr attr;

	if (landlock_rules_fit(rules, abi, dropped, dropped_size, diags) < 0)
		return -EOPNOTSUPP;
	effective(rules, abi, &attr, NULL, 0);
	if (abi == 0 || (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped))
		return 0;
	ruleset = build_ruleset(rules, &attr, diags);
	if (ruleset < 0)
		return ruleset;
	result = restrict_all(ruleset, abi, no_new_privs, diags);
	close(ruleset);
	return result;
}

int landlock_rules_apply_noted(const struct landlock_rules *rules, bool no_new_privs,
			       const char *who, const char *log, struct diag_list *diags)
{
	char dropped[512];
	bool off;
	int result, log_fd;

	if (!rules)
		return 0;
	result = landlock_rules_apply(rules, no_new_privs, dropped, sizeof(dropped), diags);
	if (result < 0 || !dropped[0])
		return result;
	log_fd = report_open_log(log, &off);
	if (log_fd >= 0) {
		dprintf(log_fd, "%s: landlock = \"best_effort\": %s\n", who, dropped);
		if (log_fd > STDERR_FILENO)
			close(log_fd);
	}
	return 0;
}
