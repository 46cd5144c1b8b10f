/* compiled: a verified filter saved to a file, loaded without recompiling.
 *
 * `preseal compile --format preseal` writes the program the verifier
 * accepted, with the flags and architectures it was built for; the shim
 * loads such a file with one read and one seccomp() call, without libconfig
 * or libseccomp.  The file is trusted exactly like a policy: owned by root
 * or the user, writable by nobody else.  A checksum catches truncation and
 * corruption; the probe is added at load time, as for any policy.
 */
#ifndef PRESEAL_COMPILED_H
#define PRESEAL_COMPILED_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "diag.h"

#define COMPILED_MAGIC	    "PRESEAL\x01"
#define COMPILED_MAGIC_SIZE 8

/* True when TEXT (LENGTH bytes) starts like a compiled policy. */
bool compiled_is(const char *text, size_t length);

/* Writes FILTER (without a probe) to FD. */
int compiled_write(const struct filter *filter, int fd);

/* Reads a compiled policy from DATA into FILTER; NAME is for messages. */
int compiled_read(const char *data, size_t length, const char *name, struct filter *filter,
		  struct diag_list *diags);

/* compiled_read() on the LENGTH bytes at OFFSET in BUFFER, a block from
 * malloc, without a copy: on success the program is moved to the front of
 * BUFFER, which FILTER then owns; on failure BUFFER is still the caller's
 * to free (its bytes may have moved).
 * On the shim's fast path, a copy is a page fault per 4 KiB. */
int compiled_take(char *buffer, size_t offset, size_t length, const char *name,
		  struct filter *filter, struct diag_list *diags);

#endif
