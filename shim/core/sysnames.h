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

/* The number NAME has in the table of AUDIT_ARCH that starts at BASE
 * (X32_SYSCALL_BIT for x32, else 0), or -1.  Finds the real numbers of
 * calls libseccomp names by pseudo-numbers (socket on x86 is 359). */
int32_t sysnames_number(uint32_t audit_arch, int32_t base, const char *name);

/* "x86_64", "x32", "x86", "aarch64", "arm", or NULL. */
const char *sysnames_arch(uint32_t audit_arch, int32_t nr);

#endif
