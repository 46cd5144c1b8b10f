/* touched: the paths and TCP ports a monitored process used, for learn.
 *
 * At each notification the monitor reads the call's path string and socket
 * address from the caller's memory (process_vm_readv), resolves a relative
 * path against the caller's working folder or the dirfd it passed
 * (/proc/PID/cwd, /proc/PID/fd/N), and counts the resolved path by how it
 * was used.  The caller is stopped while it waits for the answer, but
 * another of its threads may rewrite the string before the kernel reads it
 * once the call goes on: what is recorded is what the call asked for when
 * it was seen.  That is good enough for learning, and nothing here ever
 * decides anything (see monitor.h).
 *
 * ".." is resolved by text, not by following symbolic links: a path is
 * recorded as the program wrote it, which is also how a policy names it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "monitor.h"

/* The arguments of each call that takes a path: which one holds the path,
 * which the dirfd it is relative to (-1: the working folder), and for
 * rename and link a second pair. */
enum how {
	HOW_OPEN,    /* flags in argument FLAGS */
	HOW_OPENAT2, /* struct open_how in argument FLAGS */
	HOW_EXECUTE,
	HOW_CREATE, /* the path's folder gets something made or removed */
	HOW_WRITE,  /* truncate */
};

struct path_call {
	const char *name;
	enum how how;
	int dirfd, path, flags;
	int dirfd2, path2; /* path2 < 0: none */
};

/* Sorted by name, for bsearch. */
static const struct path_call path_calls[] = {
	{ "creat", HOW_OPEN, -1, 0, -1, 0, -1 },     { "execve", HOW_EXECUTE, -1, 0, 0, 0, -1 },
	{ "execveat", HOW_EXECUTE, 0, 1, 0, 0, -1 }, { "link", HOW_CREATE, -1, 1, 0, 0, -1 },
	{ "linkat", HOW_CREATE, 2, 3, 0, 0, -1 },    { "mkdir", HOW_CREATE, -1, 0, 0, 0, -1 },
	{ "mkdirat", HOW_CREATE, 0, 1, 0, 0, -1 },   { "mknod", HOW_CREATE, -1, 0, 0, 0, -1 },
	{ "mknodat", HOW_CREATE, 0, 1, 0, 0, -1 },   { "open", HOW_OPEN, -1, 0, 1, 0, -1 },
	{ "openat", HOW_OPEN, 0, 1, 2, 0, -1 },	     { "openat2", HOW_OPENAT2, 0, 1, 2, 0, -1 },
	{ "rename", HOW_CREATE, -1, 0, 0, -1, 1 },   { "renameat", HOW_CREATE, 0, 1, 0, 2, 3 },
	{ "renameat2", HOW_CREATE, 0, 1, 0, 2, 3 },  { "rmdir", HOW_CREATE, -1, 0, 0, 0, -1 },
	{ "symlink", HOW_CREATE, -1, 1, 0, 0, -1 },  { "symlinkat", HOW_CREATE, 1, 2, 0, 0, -1 },
	{ "truncate", HOW_WRITE, -1, 0, 0, 0, -1 },  { "unlink", HOW_CREATE, -1, 0, 0, 0, -1 },
	{ "unlinkat", HOW_CREATE, 0, 1, 0, 0, -1 },
};

/* ---- reading the caller's memory ---------------------------------------- */

/* Up to SIZE bytes at ADDRESS in PID, a page at a time (a string may end
 * just before an unmapped page).  Returns how many bytes were read. */
static size_t read_memory(pid_t pid, uint64_t address, void *buffer, size_t size, bool string)
{
	size_t used = 0;

	while (used < size) {
		uint64_t at = address + used;
		size_t chunk = 4096 - (size_t)(at % 4096);
		struct iovec local, remote;
		ssize_t got;

		if (chunk > size - used)
			chunk = size - used;
		local = (struct iovec){ (char *)buffer + used, chunk };
		remote = (struct iovec){ (void *)(uintptr_t)at, chunk };
		got = process_vm_readv(pid, &local, 1, &remote, 1, 0);
		if (got <= 0)
			break;
		if (string && memchr((char *)buffer + used, '\0', (size_t)got))
			return used + (size_t)got;
		used += (size_t)got;
	}
	return used;
}

static bool read_string(pid_t pid, uint64_t address, char *buffer, size_t size)
{
	size_t got = address ? read_memory(pid, address, buffer, size, true) : 0;

	return got > 0 && memchr(buffer, '\0', got) != NULL;
}

/* What /proc/PID/LINK points to, when it is a path. */
static bool read_link(pid_t pid, const char *link, char *buffer, size_t size)
{
	char name[64];
	ssize_t length;

	snprintf(name, sizeof(name), "/proc/%d/%s", (int)pid, link);
	length = readlink(name, buffer, size - 1);
	if (length <= 0 || buffer[0] != '/')
		return false;
	buffer[length] = '\0';
	return strstr(buffer, " (deleted)") == NULL;
}

/* Removes "//", "/./", "/.." (by text) and a trailing '/' in place. */
static void normalise(char *path)
{
	char *out = path;
	const char *in = path;

	while (*in) {
		const char *end;
		size_t length;

		while (*in == '/')
			in++;
		end = in + strcspn(in, "/");
		length = (size_t)(end - in);
		if (length == 0 || (length == 1 && in[0] == '.')) {
			/* nothing */
		} else if (length == 2 && in[0] == '.' && in[1] == '.') {
			while (out > path && *--out != '/')
				;
		} else {
			*out++ = '/';
			memmove(out, in, length);
			out += length;
		}
		in = end;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

bool touched_path_of(pid_t pid, const uint64_t args[6], int dirfd_index, int arg_index,
		     char *buffer, size_t size)
{
	char relative[PATH_MAX], link[32];
	int dirfd = dirfd_index < 0 ? AT_FDCWD : (int)(uint32_t)args[dirfd_index];
	size_t length;

	if (!read_string(pid, args[arg_index], relative, sizeof(relative)))
		return false;
	if (relative[0] == '/') {
		snprintf(buffer, size, "%s", relative);
	} else {
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "cwd");
		else
			snprintf(link, sizeof(link), "fd/%d", dirfd);
		if (!read_link(pid, link, buffer, size))
			return false;
		length = strlen(buffer);
		if (relative[0] && length + 1 + strlen(relative) >= size)
			return false;
		if (relative[0])
			snprintf(buffer + length, size - length, "/%s", relative);
	}
	normalise(buffer);
	return true;
}

/* ---- the table of paths ------------------------------------------------- */

static uint64_t hash_text(const char *text)
{
	uint64_t hash = 0xcbf29ce484222325ull;

	for (; *text; text++)
		hash = (hash ^ (unsigned char)*text) * 0x100000001b3ull;
	return hash;
}

static struct touched_path *slot_for(struct touched_path *paths, size_t capacity, const char *path)
{
	size_t slot = (size_t)hash_text(path) & (capacity - 1);

	while (paths[slot].path && strcmp(paths[slot].path, path) != 0)
		slot = (slot + 1) & (capacity - 1);
	return &paths[slot];
}

static int grow_table(struct touched *touched)
{
	size_t capacity = touched->capacity ? touched->capacity * 2 : 256;
	struct touched_path *paths = calloc(capacity, sizeof(*paths));

	if (!paths)
		return -ENOMEM;
	for (size_t i = 0; i < touched->capacity; i++)
		if (touched->paths[i].path)
			*slot_for(paths, capacity, touched->paths[i].path) = touched->paths[i];
	free(touched->paths);
	touched->paths = paths;
	touched->capacity = capacity;
	return 0;
}

int touched_add(struct touched *touched, const char *path, enum touch_kind kind, uint64_t count)
{
	struct touched_path *slot;

	if ((touched->count + 1) * 2 > touched->capacity && grow_table(touched) < 0)
		return -ENOMEM;
	slot = slot_for(touched->paths, touched->capacity, path);
	if (!slot->path) {
		slot->path = strdup(path);
		if (!slot->path)
			return -ENOMEM;
		touched->count++;
	}
	slot->count[kind] += count;
	return 0;
}

void touched_free(struct touched *touched)
{
	for (size_t i = 0; i < touched->capacity; i++)
		free(touched->paths[i].path);
	free(touched->paths);
	*touched = (struct touched){ 0 };
}

/* ---- what each call touched --------------------------------------------- */

static void add_path(struct touched *touched, pid_t pid, const uint64_t args[6], int dirfd,
		     int index, enum touch_kind kind)
{
	char path[PATH_MAX];

	if (!touched_path_of(pid, args, dirfd, index, path, sizeof(path))) {
		touched->unreadable++;
		return;
	}
	if (kind == TOUCH_CREATE) {
		char *slash = strrchr(path, '/');

		if (slash == path)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
	}
	(void)touched_add(touched, path, kind, 1);
}

/* "> /dev/null" opens with O_CREAT what is a device and is never made:
 * that is a write to the device, not a file made in /dev. */
static bool names_a_device(pid_t pid, const uint64_t args[6], const struct path_call *call)
{
	char path[PATH_MAX];
	struct stat st;

	return touched_path_of(pid, args, call->dirfd, call->path, path, sizeof(path)) &&
	       stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

static void add_open(struct touched *touched, pid_t pid, const uint64_t args[6],
		     const struct path_call *call, uint64_t flags)
{
	if (flags & O_PATH)
		return; /* Landlock checks no right on an O_PATH descriptor */
	if ((flags & O_CREAT) && !names_a_device(pid, args, call))
		add_path(touched, pid, args, call->dirfd, call->path, TOUCH_CREATE);
	else if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		add_path(touched, pid, args, call->dirfd, call->path, TOUCH_WRITE);
	else
		add_path(touched, pid, args, call->dirfd, call->path, TOUCH_READ);
}

/* O_TMPFILE names the folder the file is made in, not the file. */
static void add_open_tmpfile(struct touched *touched, pid_t pid, const uint64_t args[6],
			     const struct path_call *call)
{
	char path[PATH_MAX];

	if (touched_path_of(pid, args, call->dirfd, call->path, path, sizeof(path)))
		(void)touched_add(touched, path, TOUCH_CREATE, 1);
	else
		touched->unreadable++;
}

/* Whether descriptor FD of PID is a TCP socket: a copy of it, taken with
 * pidfd_getfd() (the monitor may, as the program's ancestor), answers. */
/* The process a thread PID belongs to (pidfd_open() takes only those). */
static pid_t thread_group(pid_t pid)
{
	char name[64], text[4096];
	const char *field;
	ssize_t got;
	int fd;

	snprintf(name, sizeof(name), "/proc/%d/status", (int)pid);
	fd = open(name, O_RDONLY | O_CLOEXEC);
	got = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;
	if (fd >= 0)
		close(fd);
	text[got > 0 ? got : 0] = '\0';
	field = strstr(text, "\nTgid:");
	return field ? (pid_t)strtol(field + 6, NULL, 10) : pid;
}

static bool is_tcp(pid_t pid, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), copy, type = 0, protocol = 0;
	socklen_t length = sizeof(int);

	/* a thread that does not lead its group: EINVAL, or ENOENT before 6.9 */
	if (pidfd < 0 && (errno == EINVAL || errno == ENOENT) && thread_group(pid) != pid)
		pidfd = (int)syscall(SYS_pidfd_open, thread_group(pid), 0);
	if (pidfd < 0)
		return false;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	if (copy < 0)
		return false;
	if (getsockopt(copy, SOL_SOCKET, SO_TYPE, &type, &length) < 0 ||
	    getsockopt(copy, SOL_SOCKET, SO_PROTOCOL, &protocol, &length) < 0)
		type = 0;
	close(copy);
	return type == SOCK_STREAM && protocol == IPPROTO_TCP;
}

static void add_port(uint16_t *ports, uint64_t *counts, size_t *used, uint16_t port)
{
	for (size_t i = 0; i < *used; i++)
		if (ports[i] == port) {
			counts[i]++;
			return;
		}
	if (*used < 64) {
		ports[*used] = port;
		counts[(*used)++] = 1;
	}
}

static void add_address(struct touched *touched, pid_t pid, const uint64_t args[6], bool bind)
{
	struct sockaddr_storage address = { 0 };
	size_t length = args[2] < sizeof(address) ? (size_t)args[2] : sizeof(address);
	size_t got = read_memory(pid, args[1], &address, length, false);
	uint16_t port;

	if (got < sizeof(sa_family_t))
		return;
	if (address.ss_family == AF_UNIX && bind) {
		const struct sockaddr_un *unix_address = (const struct sockaddr_un *)&address;
		uint64_t at = args[1] + offsetof(struct sockaddr_un, sun_path);

		/* A socket file is made in its folder; abstract names are not files. */
		if (got > offsetof(struct sockaddr_un, sun_path) && unix_address->sun_path[0])
			add_path(touched, pid, (const uint64_t[6]){ at }, -1, 0, TOUCH_CREATE);
		return;
	}
	if ((address.ss_family != AF_INET && address.ss_family != AF_INET6) || got < 4)
		return;
	if (!is_tcp(pid, (int)(uint32_t)args[0]))
		return;
	port = ntohs(((const struct sockaddr_in *)&address)->sin_port);
	if (bind)
		add_port(touched->bind, touched->bind_count, &touched->binds, port);
	else
		add_port(touched->connect, touched->connect_count, &touched->connects, port);
}

static int compare_call(const void *key, const void *item)
{
	return strcmp(key, ((const struct path_call *)item)->name);
}

void touched_note(struct touched *touched, pid_t pid, const char *name, const uint64_t args[6])
{
	const struct path_call *call;
	enum touch_kind kinds[] = { [HOW_EXECUTE] = TOUCH_EXECUTE,
				    [HOW_CREATE] = TOUCH_CREATE,
				    [HOW_WRITE] = TOUCH_WRITE };
	uint64_t flags;

	if (strcmp(name, "socket") == 0) {
		touched->inet = touched->inet || args[0] == AF_INET || args[0] == AF_INET6;
		return;
	}
	if (strcmp(name, "bind") == 0 || strcmp(name, "connect") == 0) {
		add_address(touched, pid, args, name[0] == 'b');
		return;
	}
	call = bsearch(name, path_calls, sizeof(path_calls) / sizeof(path_calls[0]),
		       sizeof(path_calls[0]), compare_call);
	if (!call)
		return;
	switch (call->how) {
	case HOW_OPEN:
		flags = strcmp(name, "creat") == 0 ? (O_CREAT | O_WRONLY | O_TRUNC)
						   : args[call->flags];
		if ((flags & O_TMPFILE) == O_TMPFILE)
			add_open_tmpfile(touched, pid, args, call);
		else
			add_open(touched, pid, args, call, flags);
		break;
	case HOW_OPENAT2:
		if (read_memory(pid, args[call->flags], &flags, sizeof(flags), false) !=
		    sizeof(flags))
			touched->unreadable++;
		else if ((flags & O_TMPFILE) == O_TMPFILE)
			add_open_tmpfile(touched, pid, args, call);
		else
			add_open(touched, pid, args, call, flags);
		break;
	default:
		add_path(touched, pid, args, call->dirfd, call->path, kinds[call->how]);
		if (call->path2 >= 0)
			add_path(touched, pid, args, call->dirfd2, call->path2, kinds[call->how]);
		break;
	}
}
