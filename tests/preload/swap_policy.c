/* swap_policy: an LD_PRELOAD library that replaces the policy file between
 * the shim's open() and its read.
 *
 * Built at test time (cc -shared) and preloaded before libpreseal.so.  The
 * first time fstat() is called on a descriptor open on SWAP_POLICY_TO, the
 * file SWAP_POLICY_FROM is renamed over SWAP_POLICY_TO, then the real
 * fstat() runs.  A shim that checked one file and read another, or opened
 * the path again, would read the replacement.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int swapped;

static void swap_if_policy(int fd)
{
	const char *from = getenv("SWAP_POLICY_FROM"), *to = getenv("SWAP_POLICY_TO");
	char link[64], target[4096];
	ssize_t length;

	if (swapped || !from || !to)
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	length = readlink(link, target, sizeof(target) - 1);
	if (length < 0)
		return;
	target[length] = '\0';
	if (strcmp(target, to) == 0 && rename(from, to) == 0)
		swapped = 1;
}

int fstat(int fd, struct stat *st)
{
	static int (*real_fstat)(int, struct stat *);

	if (!real_fstat)
		real_fstat = (int (*)(int, struct stat *))dlsym(RTLD_NEXT, "fstat");
	swap_if_policy(fd);
	return real_fstat(fd, st);
}
