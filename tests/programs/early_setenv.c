/* early_setenv: a library whose constructor changes the environment before
 * the shim's constructor reads it.
 *
 * One file, two roles:
 *
 *   cc -shared -fPIC -DEARLY_LIBRARY early_setenv.c -o libearlyenv.so
 *       the library: its constructor does what EARLY_CHANGE says:
 *         complain  setenv("PRESEAL_MODE", "complain", 1)
 *         unset     unsetenv("PRESEAL_POLICY")
 *         policy    setenv("PRESEAL_POLICY", EARLY_POLICY, 1)
 *   cc early_setenv.c -L. -learlyenv -o early_setenv
 *       the program: early_setenv DIR tries mkdir(DIR) and prints
 *       "mkdir OK" or "mkdir EROFS" (the errno's name), then what its own
 *       environment says: "PRESEAL_MODE=complain" or "PRESEAL_MODE unset".
 *
 * The program links the library (DT_NEEDED) and libpreseal.so comes in
 * through LD_PRELOAD, so ld.so runs the library's constructor first (see
 * early_thread.c for why).  Built by the Makefile without the library, the
 * program just tries mkdir.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef EARLY_LIBRARY

__attribute__((constructor)) static void early_change(void)
{
	const char *change = getenv("EARLY_CHANGE");

	if (!change)
		return;
	if (strcmp(change, "complain") == 0)
		setenv("PRESEAL_MODE", "complain", 1);
	else if (strcmp(change, "unset") == 0)
		unsetenv("PRESEAL_POLICY");
	else if (strcmp(change, "policy") == 0 && getenv("EARLY_POLICY"))
		setenv("PRESEAL_POLICY", getenv("EARLY_POLICY"), 1);
}

#else

#include <sys/stat.h>

int main(int argc, char **argv)
{
	const char *mode = getenv("PRESEAL_MODE");

	if (argc < 2) {
		fprintf(stderr, "usage: early_setenv DIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0755) == 0)
		puts("mkdir OK");
	else
		printf("mkdir %s\n", strerrorname_np(errno));
	if (mode)
		printf("PRESEAL_MODE=%s\n", mode);
	else
		puts("PRESEAL_MODE unset");
	return 0;
}

#endif
