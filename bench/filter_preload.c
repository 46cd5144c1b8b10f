/* filter_preload: the least a preloaded seccomp library can do, for
 * `make bench`'s floors: set no_new_privs and load, with thread-sync as the
 * shim does, either a one-instruction filter that allows everything or,
 * when BENCH_BPF names a raw BPF file (`preseal compile --format bpf`), that
 * program, so that what the kernel spends on a filter of that size can be
 * told apart from what the shim spends.
 *
 * With BENCH_LANDLOCK=PATH:PATH:… it first applies, to the calling thread
 * only, a Landlock ruleset that handles every filesystem right the kernel
 * knows and grants read_file, read_dir and execute beneath each path: the
 * floor for a policy with that many paths. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter program_buffer[BPF_MAXINSNS];

/* handled_access_fs by ABI: 13 rights, then refer, truncate, (net), ioctl_dev. */
static uint64_t handled_fs(long abi)
{
	uint64_t mask = (1ULL << 13) - 1;

	if (abi >= 2)
		mask |= 1ULL << 13;
	if (abi >= 3)
		mask |= 1ULL << 14;
	if (abi >= 5)
		mask |= 1ULL << 15;
	return mask;
}

static void apply_landlock(const char *paths)
{
	long abi = syscall(444, NULL, 0, 1UL);
	uint64_t attr[3] = { handled_fs(abi), 0, 0 };
	int ruleset = (int)syscall(444, attr, sizeof(attr), 0);
	char path[4096];

	if (abi < 1 || ruleset < 0)
		_exit(125);
	while (*paths) {
		size_t length = strcspn(paths, ":");
		struct __attribute__((packed)) {
			uint64_t allowed;
			int32_t fd;
		} beneath = { .allowed = (1ULL << 0) | (1ULL << 2) | (1ULL << 3) };

		if (length >= sizeof(path))
			_exit(125);
		memcpy(path, paths, length);
		path[length] = '\0';
		paths += length + (paths[length] == ':');
		beneath.fd = open(path, O_PATH | O_CLOEXEC);
		if (beneath.fd < 0)
			continue;
		if (syscall(445, ruleset, 1, &beneath, 0) < 0) {
			beneath.allowed &= (1ULL << 0) | (1ULL << 2); /* a file */
			if (syscall(445, ruleset, 1, &beneath, 0) < 0)
				_exit(125);
		}
		close(beneath.fd);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || syscall(446, ruleset, 0) < 0)
		_exit(125);
	close(ruleset);
}

__attribute__((constructor)) static void filter_constructor(void)
{
	struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog program = { .len = 1, .filter = allow };
	const char *file = getenv("BENCH_BPF"), *landlock = getenv("BENCH_LANDLOCK");

	if (file) {
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		ssize_t got = fd < 0 ? -1 : read(fd, program_buffer, sizeof(program_buffer));

		if (got < (ssize_t)sizeof(program_buffer[0]))
			_exit(125);
		close(fd);
		program.len = (unsigned short)(got / (ssize_t)sizeof(program_buffer[0]));
		program.filter = program_buffer;
	}
	/* After the BPF is read: the ruleset need not grant its file. */
	if (landlock)
		apply_landlock(landlock);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &program) < 0)
		_exit(125);
}
