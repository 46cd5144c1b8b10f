/* arch: the architecture this build runs on, as seccomp_data.arch says it.
 *
 * The shim's fast path (precompiled profiles, compiled files, the cache)
 * must not call into libseccomp: seccomp_arch_native() is a compile-time
 * fact, so it is one here.  tests/test_compile.c checks that the two agree.
 */
#ifndef PRESEAL_ARCH_H
#define PRESEAL_ARCH_H

#include <linux/audit.h>

#if defined(__x86_64__) && defined(__ILP32__)
#define PRESEAL_NATIVE_ARCH (AUDIT_ARCH_X86_64 & ~__AUDIT_ARCH_64BIT) /* SCMP_ARCH_X32 */
#elif defined(__x86_64__)
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_ARM
#elif defined(__riscv) && __riscv_xlen == 64
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__powerpc64__)
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_PPC64
#elif defined(__s390x__)
#define PRESEAL_NATIVE_ARCH AUDIT_ARCH_S390X
#else
/* cppcheck-suppress preprocessorErrorDirective */
#error "preseal does not know this architecture's AUDIT_ARCH value"
#endif

#endif
