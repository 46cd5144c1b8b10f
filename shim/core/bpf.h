/* bpf: a classic-BPF interpreter for seccomp programs.
 *
 * Runs a compiled filter over one struct seccomp_data exactly as the kernel
 * would, so preseal can verify what libseccomp generated and answer
 * `preseal explain` from the filter itself.  It never loads anything.
 */
#ifndef PRESEAL_BPF_H
#define PRESEAL_BPF_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* Where the halves of a 64-bit word of struct seccomp_data (an argument,
 * the instruction pointer) sit on this host: byte offsets within it. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BPF_LOW_HALF  0
#define BPF_HIGH_HALF 4
#else
#define BPF_LOW_HALF  4
#define BPF_HIGH_HALF 0
#endif

/* Checks PROGRAM as the kernel's seccomp_check_filter() would: a length of
 * 1..BPF_MAXINSNS, only the opcodes seccomp accepts, loads of seccomp_data
 * only at aligned offsets inside it, scratch memory in range, every jump
 * landing inside the program, and a return as the last instruction.
 * Returns 0, or -EINVAL with a sentence in WHY. */
int bpf_check(const struct sock_filter *program, size_t count, char *why, size_t why_size);

/* Runs a program that passed bpf_check over DATA and returns the
 * SECCOMP_RET_* value it produces. */
uint32_t bpf_run(const struct sock_filter *program, size_t count, const struct seccomp_data *data);

#endif
