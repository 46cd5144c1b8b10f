/* io: see io.h. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int io_write_all(int fd, const void *data, size_t size)
{
	const char *bytes = data;

	while (size > 0) {
		ssize_t written = write(fd, bytes, size);

		if (written < 0 && errno == EINTR)
			continue;
		if (written <= 0) {
			if (written == 0)
				errno = EIO;
			return -1;
		}
		bytes += written;
		size -= (size_t)written;
	}
	return 0;
}

int io_replace_begin(struct io_replacement *replacement, const char *path)
{
	if (snprintf(replacement->temporary, sizeof(replacement->temporary), "%s.XXXXXX", path) >=
	    (int)sizeof(replacement->temporary)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	replacement->fd = mkostemp(replacement->temporary, O_CLOEXEC);
	return replacement->fd < 0 ? -1 : 0;
}

int io_replace_end(struct io_replacement *replacement, const char *path, int written)
{
	int result = written, saved;

	if (result == 0)
		result = fchmod(replacement->fd, 0644);
	saved = errno;
	if (close(replacement->fd) < 0 && result == 0) {
		result = -1;
		saved = errno;
	}
	if (result == 0 && rename(replacement->temporary, path) < 0) {
		result = -1;
		saved = errno;
	}
	if (result < 0)
		unlink(replacement->temporary);
	errno = saved;
	return result;
}
