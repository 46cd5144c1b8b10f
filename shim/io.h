/* io: writing that survives short writes and EINTR. */
#ifndef PRESEAL_IO_H
#define PRESEAL_IO_H

#include <stddef.h>

/* Writes all SIZE bytes of DATA to FD.  Returns 0, or -1 with errno set
 * (EIO for a write that made no progress). */
int io_write_all(int fd, const void *data, size_t size);

#endif
