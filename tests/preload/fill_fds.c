/* fill_fds: an LD_PRELOAD library whose constructor takes every free
 * descriptor, so that the shim's constructor, which ld.so runs after it
 * (the library is named after libpreseal.so in LD_PRELOAD), finds none.
 * Built at test time (cc -shared).  The descriptors stay open.
 */
#include <fcntl.h>
#include <unistd.h>

__attribute__((constructor)) static void fill(void)
{
	while (fcntl(STDIN_FILENO, F_DUPFD, 0) >= 0)
		;
}
