/* io: writing that survives short writes and EINTR, and files replaced
 * whole. */
#ifndef PRESEAL_IO_H
#define PRESEAL_IO_H

#include <stddef.h>

/* Writes all SIZE bytes of DATA to FD.  Returns 0, or -1 with errno set
 * (EIO for a write that made no progress). */
int io_write_all(int fd, const void *data, size_t size);

/* A file that takes PATH's place only once it is complete: written to a
 * temporary file in the same folder, then given mode 0644 and renamed over
 * PATH.  A reader never sees half of it, and a run that fails leaves an
 * earlier PATH, and its mode, as they were. */
struct io_replacement {
	int fd;
	char temporary[4096];
};

/* Opens the temporary file for PATH.  Returns 0, or -1 with errno set. */
int io_replace_begin(struct io_replacement *replacement, const char *path);
/* WRITTEN (0: everything was written): puts the file in PATH's place.
 * Otherwise, or when that fails, removes it.  Returns 0, or -1 with errno
 * set (that of the failure: WRITTEN's own is kept). */
int io_replace_end(struct io_replacement *replacement, const char *path, int written);

#endif
