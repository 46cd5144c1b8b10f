/* ll_probe: tries what a Landlock domain decides and prints the answers.
 *
 *   ll_probe OP ARG… [OP ARG…]…
 *
 * Each operation prints one line, "OP ok" or "OP ENAME" (the errno's
 * name), so a test reads what the kernel answered:
 *   read PATH          open(PATH, O_RDONLY) and read a byte
 *   write PATH         open(PATH, O_WRONLY | O_CREAT | O_TRUNC)
 *   truncate PATH      truncate(PATH, 0)
 *   mkdir PATH         mkdir(PATH, 0755)
 *   link FROM TO       link(2)
 *   rename FROM TO     rename(2)
 *   readfd N           read a byte from descriptor N (inherited)
 *   handle PATH DIR    name_to_handle_at + open_by_handle_at, with DIR on the
 *                      same file system as its mount descriptor (needs root)
 *   connect PORT       TCP connect to 127.0.0.1:PORT
 *   bind PORT          TCP bind to 127.0.0.1:PORT
 *   exec PATH ARG…     unset LD_PRELOAD and execv PATH (the rest of argv)
 * Exits 0 after the last operation; 2 on a usage error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void say(const char *operation, int result)
{
	printf("%s %s\n", operation, result == 0 ? "ok" : strerrorname_np(result));
	fflush(stdout);
}

static int read_byte(int fd)
{
	char byte;

	return read(fd, &byte, 1) < 0 ? errno : 0;
}

static int try_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), result;

	if (fd < 0)
		return errno;
	result = read_byte(fd);
	close(fd);
	return result;
}

static int try_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int try_handle(const char *path, const char *folder)
{
	struct {
		struct file_handle handle;
		unsigned char bytes[MAX_HANDLE_SZ];
	} stored = { .handle.handle_bytes = MAX_HANDLE_SZ };
	int mount_id, mount_fd, fd, result;

	if (name_to_handle_at(AT_FDCWD, path, &stored.handle, &mount_id, 0) < 0)
		return errno;
	mount_fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mount_fd < 0)
		return errno;
	fd = open_by_handle_at(mount_fd, &stored.handle, O_RDONLY | O_CLOEXEC);
	result = fd < 0 ? errno : read_byte(fd);
	if (fd >= 0)
		close(fd);
	close(mount_fd);
	return result;
}

static int try_socket(const char *port, int bind_it)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), result;

	if (fd < 0)
		return errno;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind_it) {
		int yes = 1;

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
		result = bind(fd, (struct sockaddr *)&address, sizeof(address));
	} else {
		result = connect(fd, (struct sockaddr *)&address, sizeof(address));
	}
	result = result < 0 ? errno : 0;
	close(fd);
	return result;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *op = argv[i];
		int two = i + 2 < argc;

		if (i + 1 >= argc)
			return 2;
		if (strcmp(op, "exec") == 0) {
			unsetenv("LD_PRELOAD");
			execv(argv[i + 1], argv + i + 1);
			say(op, errno);
			return 0;
		}
		if (strcmp(op, "read") == 0)
			say(op, try_read(argv[++i]));
		else if (strcmp(op, "write") == 0)
			say(op, try_write(argv[++i]));
		else if (strcmp(op, "truncate") == 0)
			say(op, truncate(argv[++i], 0) < 0 ? errno : 0);
		else if (strcmp(op, "mkdir") == 0)
			say(op, mkdir(argv[++i], 0755) < 0 ? errno : 0);
		else if (strcmp(op, "readfd") == 0)
			say(op, read_byte(atoi(argv[++i])));
		else if (strcmp(op, "connect") == 0)
			say(op, try_socket(argv[++i], 0));
		else if (strcmp(op, "bind") == 0)
			say(op, try_socket(argv[++i], 1));
		else if (strcmp(op, "handle") == 0 && two) {
			say(op, try_handle(argv[i + 1], argv[i + 2]));
			i += 2;
		} else if (strcmp(op, "link") == 0 && two) {
			say(op, link(argv[i + 1], argv[i + 2]) < 0 ? errno : 0);
			i += 2;
		} else if (strcmp(op, "rename") == 0 && two) {
			say(op, rename(argv[i + 1], argv[i + 2]) < 0 ? errno : 0);
			i += 2;
		} else {
			return 2;
		}
	}
	return 0;
}
