/* fds: prints the descriptors open when main starts, as "0 1 2\n".
 *
 * The first thing main does is read /proc/self/fd (leaving out the
 * descriptor that reads it), so a descriptor a preloaded library's
 * constructor left open shows up.  Exits 1 when /proc/self/fd cannot be read.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

static int compare_int(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

int main(void)
{
	DIR *folder = opendir("/proc/self/fd");
	struct dirent *entry;
	int fds[1024];
	size_t count = 0;

	if (!folder)
		return 1;
	while ((entry = readdir(folder)) && count < 1024) {
		int fd = atoi(entry->d_name);

		if (entry->d_name[0] != '.' && fd != dirfd(folder))
			fds[count++] = fd;
	}
	closedir(folder);
	qsort(fds, count, sizeof(fds[0]), compare_int);
	for (size_t i = 0; i < count; i++)
		printf("%s%d", i ? " " : "", fds[i]);
	printf("\n");
	return 0;
}
