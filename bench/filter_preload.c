/* filter_preload: the least a preloaded seccomp library can do, for
 * `make bench`'s floors: set no_new_privs and load, with thread-sync as the
 * shim does, either a one-instruction filter that allows everything or,
 * when BENCH_BPF names a raw BPF file (`preseal compile --format bpf`), that
 * program, so that what the kernel spends on a filter of that size can be
 * told apart from what the shim spends. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter program_buffer[BPF_MAXINSNS];

__attribute__((constructor)) static void filter_constructor(void)
{
	struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog program = { .len = 1, .filter = allow };
	const char *file = getenv("BENCH_BPF");

	if (file) {
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		ssize_t got = fd < 0 ? -1 : read(fd, program_buffer, sizeof(program_buffer));

		if (got < (ssize_t)sizeof(program_buffer[0]))
			_exit(125);
		close(fd);
		program.len = (unsigned short)(got / (ssize_t)sizeof(program_buffer[0]));
		program.filter = program_buffer;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &program) < 0)
		_exit(125);
}
