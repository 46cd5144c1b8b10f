/* confine: includes read by the fuzz targets stay in one folder.
 *
 * A fuzzed policy may @include any name it likes, including absolute ones
 * ("/dev/zero", "/proc/self/fd/0") that would hang or read the machine's
 * files.  libconfig's scanner is built for the fuzz targets with its fopen()
 * renamed to the one below, so every include outside the folder of seeds is
 * a missing file.
 */
#include "confine.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The Makefile passes the absolute path; this default works from the
 * repository's root. */
#ifndef FUZZ_INCLUDE_DIR
#define FUZZ_INCLUDE_DIR "tests/fuzz/includes"
#endif

static char include_dir[PATH_MAX];

const char *fuzz_include_dir(void)
{
	if (!include_dir[0] && !realpath(FUZZ_INCLUDE_DIR, include_dir))
		abort();
	return include_dir;
}

FILE *fuzz_fopen(const char *path, const char *mode)
{
	const char *folder = fuzz_include_dir();
	size_t length = strlen(folder);
	char resolved[PATH_MAX];
	struct stat st;

	if (!realpath(path, resolved) || strncmp(resolved, folder, length) != 0 ||
	    resolved[length] != '/' || stat(resolved, &st) < 0 || !S_ISREG(st.st_mode)) {
		errno = ENOENT;
		return NULL;
	}
	return fopen(resolved, mode);
}
