/* landlock_abi: which Landlock ABI the running kernel has.
 *
 * One question asked of the kernel, shared by the applier and by `preseal
 * check` and `explain` (which say what best_effort would drop here).
 */
#include <errno.h>
#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

int landlock_abi_running(void)
{
	int saved = errno;
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	errno = saved;
	return abi > 0 ? (int)abi : 0;
}
