/* io: writing that survives short writes and EINTR. */
#include "io.h"

#include <errno.h>
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
