/* decode: a syscall's arguments written as a person reads them.
 *
 * socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, 0), clone(CLONE_NEWUSER|SIGCHLD,
 * 0, …), mmap(0x7f0000000000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0):
 * the arguments preseal has constants for (config/constants.list) are named
 * through a table of which argument of which syscall takes which family of
 * constants; the others are numbers, pointers as addresses.  Nothing is
 * dereferenced, nothing allocates and nothing makes a syscall, so the SIGSYS
 * report handler uses it inside the confined program.
 */
#ifndef PRESEAL_DECODE_H
#define PRESEAL_DECODE_H

#include <stdint.h>

/* Writes NAME(ARG0, …) into BUFFER (SIZE bytes, always terminated), with as
 * many arguments as the kernel's prototype of NAME has (all six when it is
 * not known).  Returns the length written. */
int decode_call(char *buffer, int size, const char *name, const uint64_t args[6]);

/* Writes argument INDEX of NAME, VALUE, the same way: a constant expression
 * ("AF_INET6", "PROT_READ|PROT_EXEC") or a number.  Returns the length. */
int decode_argument(char *buffer, int size, const char *name, unsigned index, uint64_t value);

/* True when argument INDEX of NAME is decoded by name (it takes constants). */
int decode_named(const char *name, unsigned index);

#endif
