/* answers: what a compiled filter returns, as the compile and generate
 * suites write their expectations. */
#ifndef PRESEAL_TEST_ANSWERS_H
#define PRESEAL_TEST_ANSWERS_H

#include <linux/seccomp.h>
#include <stdint.h>

/* The file name policies read from text are given. */
#define NAME "test.cfg"

#define ALLOW	 SECCOMP_RET_ALLOW
#define KILL	 SECCOMP_RET_KILL_PROCESS
#define ERRNO(e) (SECCOMP_RET_ERRNO | (uint32_t)(e))

/* The bit x32 syscall numbers carry on x86-64. */
#define X32_BIT 0x40000000u

#endif
