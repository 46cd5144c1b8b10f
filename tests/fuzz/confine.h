/* confine: where the fuzz targets let libconfig open includes. */
#ifndef PRESEAL_FUZZ_CONFINE_H
#define PRESEAL_FUZZ_CONFINE_H

#include <stdio.h>

/* The folder of include seeds, resolved (tests/fuzz/includes). */
const char *fuzz_include_dir(void);

/* fopen() for libconfig's scanner, built with -Dfopen=fuzz_fopen for the
 * fuzz targets: refuses, as a missing file, every path outside
 * fuzz_include_dir() and anything but a regular file. */
FILE *fuzz_fopen(const char *path, const char *mode);

#endif
