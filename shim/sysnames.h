/* sysnames: syscall and architecture names without allocating.
 *
 * The tables are libseccomp's, written out at build time
 * (scripts/gen-sysnames.c), so a signal handler may use them.
 */
#ifndef PRESEAL_SYSNAMES_H
#define PRESEAL_SYSNAMES_H

#include <stdint.h>

/* The name of syscall NR as the kernel reports it with AUDIT_ARCH, or NULL
 * when libseccomp knows none. */
const char *sysnames_syscall(uint32_t audit_arch, int32_t nr);

/* "x86_64", "x32", "x86", "aarch64", "arm", or NULL. */
const char *sysnames_arch(uint32_t audit_arch, int32_t nr);

#endif
