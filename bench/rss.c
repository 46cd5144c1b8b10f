/* rss: the resident memory of a program as its main starts.
 *
 * Prints "VmRSS RssAnon RssFile" in KiB from /proc/self/status, read before
 * anything else in main; `make bench` compares it with and without the shim.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long field(const char *status, const char *name)
{
	const char *at = strstr(status, name);
	long value = -1;

	if (at)
		sscanf(at + strlen(name), ":%ld", &value);
	return value;
}

int main(void)
{
	char status[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd < 0 ? -1 : read(fd, status, sizeof(status) - 1);

	if (got <= 0)
		return 1;
	status[got] = '\0';
	close(fd);
	printf("%ld %ld %ld\n", field(status, "VmRSS"), field(status, "RssAnon"),
	       field(status, "RssFile"));
	return 0;
}
