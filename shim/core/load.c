/* load: hand a verified filter to the kernel.
 *
 * The instructions loaded are the ones the verifier checked; libseccomp is
 * not asked to generate them again.  Every refusal is an error: nothing
 * here falls back to running unconfined.
 */
#include "load.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *refusal_hint(int error, const struct filter *filter)
{
	switch (error) {
	case EACCES:
		return filter->no_new_privs ? "the kernel refused the filter"
					    : "no_new_privs = false needs CAP_SYS_ADMIN";
	case EINVAL:
		return "the kernel does not support a flag this policy needs (log, disable_ssb or "
		       "thread_sync)";
	case ENOMEM:
		return "the kernel's limit on filter instructions is exhausted (too many stacked "
		       "filters?)";
	case EFAULT:
		return "the filter could not be read";
	default:
		return "the kernel refused the filter";
	}
}

#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif

static long install(const struct filter *filter, unsigned flags, struct diag_list *diags)
{
	struct sock_fprog program = { .len = (unsigned short)filter->length,
				      .filter = filter->program };
	long result;

	if (filter->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		diag_error(diags, NULL, 0, "cannot set no_new_privs: %s", strerror(errno));
		return -errno;
	}
	result = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &program);
	if (result < 0) {
		int error = errno;

		if (error == ESRCH)
			diag_error(diags, NULL, 0,
				   "a thread is under a different filter and could not be "
				   "synchronised");
		else
			diag_error(diags, NULL, 0, "cannot load the filter: %s (%s)",
				   strerror(error), refusal_hint(error, filter));
		return -error;
	}
	return result;
}

int load_filter(const struct filter *filter, struct diag_list *diags)
{
	long result = install(filter, filter->flags, diags);

	if (result < 0)
		return (int)result;
	if (result > 0) {
		/* TSYNC names the thread it could not synchronise. */
		diag_error(diags, NULL, 0,
			   "thread %ld is under a different filter and could not be synchronised",
			   result);
		return -ESRCH;
	}
	return 0;
}

int load_filter_listener(const struct filter *filter, struct diag_list *diags)
{
	unsigned flags = filter->flags | SECCOMP_FILTER_FLAG_NEW_LISTENER;

	/* With a listener, the result is its descriptor: a thread TSYNC could
	 * not synchronise must be reported as ESRCH instead. */
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	return (int)install(filter, flags, diags);
}

int load_probe(uint64_t token)
{
	long result = syscall(PRESEAL_PROBE_NR, token, 0, 0, 0, 0, 0);

	return result == -1 && errno == PRESEAL_PROBE_ERRNO;
}
