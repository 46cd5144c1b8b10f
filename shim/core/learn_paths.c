/* learn_paths: the `paths` and `network` sections of a learned policy.
 *
 * From what the monitor recorded (touched.c), one entry per file or folder
 * in the short form's classes: `read` (files read, folders listed),
 * `execute` (files run, with the interpreter the kernel opens for them) and
 * `write` (files written in place, and every folder where something was
 * made, removed or renamed, so that whatever the program creates is
 * covered).  Files collapse into folders:
 *
 *  - beneath a system tree (/usr/lib, /usr/share, /lib, /opt, …) a file
 *    gives its package's folder: /usr/lib/x86_64-linux-gnu,
 *    /usr/lib/python3.11, /usr/share/zoneinfo;
 *  - elsewhere COLLAPSE_FILES files of one class in one folder give that
 *    folder, except the folders that hold what a policy exists to protect
 *    (/, /etc, /home, a home folder, /root, /tmp, …), which are never
 *    granted because of the files in them;
 *  - anything under /proc gives /proc (a process's own /proc/PID differs
 *    in every run), anything read under /sys gives /sys, and a terminal
 *    under /dev/pts gives /dev/pts.
 *
 * A path that no longer exists when the run ends is left out: it was made
 * and removed in a folder that is granted, or it never existed, and an
 * open of what does not exist fails with ENOENT under Landlock too.  An
 * entry that another covers (the same path or a folder above it, with the
 * same class, or `write`/`execute` above a `read`) is merged into it.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "landlock.h"
#include "learn.h"

#define COLLAPSE_FILES 8

enum class { CLASS_READ, CLASS_EXECUTE, CLASS_WRITE, CLASS_LIST, CLASS_COUNT };

static const char *const class_names[] = { "read", "execute", "write" };

struct item {
	char *path;
	enum class class;
	bool folder;
	bool gone;	  /* merged into another */
	bool from_base;	  /* the base policy has it */
	bool interpreter; /* opened by execve for a file executed */
	size_t fence;	  /* protected_above(path) */
	bool shim;	  /* the folder of libpreseal.so */
	uint64_t calls;
	uint64_t files; /* distinct paths merged into it */
};

struct items {
	struct item *items;
	size_t count;
	size_t capacity;
};

/* ---- where a path goes -------------------------------------------------- */

/* Whether PATH is FOLDER or beneath it. */
static bool beneath(const char *path, const char *folder)
{
	size_t length = strlen(folder);

	return strcmp(folder, "/") == 0 ||
	       (strncmp(path, folder, length) == 0 && (path[length] == '/' || !path[length]));
}

/* The length of the home folder FOLDER is in or is (/root, /home/NAME,
 * $HOME), or 0. */
static size_t home_length(const char *folder)
{
	const char *home = getenv("HOME");
	const char *slash;

	if (home && home[0] == '/' && strcmp(home, "/") != 0 && beneath(folder, home))
		return strlen(home);
	if (beneath(folder, "/root"))
		return 5;
	if (strncmp(folder, "/home/", 6) == 0 && folder[6]) {
		slash = strchr(folder + 6, '/');
		return slash ? (size_t)(slash - folder) : strlen(folder);
	}
	return 0;
}

/* The folders never granted because of the files in them: the system's
 * top folders, home folders, and the folders in a home that hold every
 * program's settings, data and keys. */
static bool protected_folder(const char *folder)
{
	static const char *const folders[] = {
		"/",	      "/bin",	   "/boot",	 "/dev", "/etc",     "/home",
		"/lib",	      "/lib64",	   "/media",	 "/mnt", "/opt",     "/run",
		"/sbin",      "/srv",	   "/tmp",	 "/usr", "/usr/bin", "/usr/lib",
		"/usr/local", "/usr/sbin", "/usr/share", "/var", "/var/lib", "/var/tmp",
	};
	static const char *const in_home[] = { "",	  "/.config", "/.local", "/.local/share",
					       "/.cache", "/.ssh",    "/.gnupg", "/.pki" };
	size_t home = home_length(folder);

	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (strcmp(folder, folders[i]) == 0)
			return true;
	for (size_t i = 0; home && i < sizeof(in_home) / sizeof(in_home[0]); i++)
		if (strcmp(folder + home, in_home[i]) == 0)
			return true;
	return false;
}

/* The length of the deepest protected folder above PATH: a file never
 * grants a folder above the protected one it is in. */
static size_t protected_above(const char *path)
{
	char folder[PATH_MAX];
	size_t deepest = 0;

	for (const char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		snprintf(folder, sizeof(folder), "%.*s", (int)(slash - path), path);
		if (protected_folder(folder))
			deepest = (size_t)(slash - path);
	}
	return deepest;
}

/* Beneath a system tree, a file's package folder: the tree's next
 * component, when the file is below it.  FOLDER receives it. */
static bool package_folder(const char *path, char *folder, size_t size)
{
	static const char *const trees[] = { "/usr/lib",	 "/usr/lib64", "/usr/lib32",
					     "/usr/libexec",	 "/usr/share", "/usr/local/lib",
					     "/usr/local/share", "/lib",       "/lib64",
					     "/lib32",		 "/opt",       "/usr/include" };

	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		size_t length = strlen(trees[i]);
		const char *rest, *slash;

		if (strncmp(path, trees[i], length) != 0 || path[length] != '/')
			continue;
		rest = path + length + 1;
		slash = strchr(rest, '/');
		if (!slash)
			return false; /* directly in the tree: the file itself */
		snprintf(folder, size, "%.*s", (int)(slash - path), path);
		return true;
	}
	return false;
}

/* /proc/…, /sys/… (read) and /dev/pts/N, as the folder a policy can name. */
static bool special_folder(const char *path, enum class class, char *folder, size_t size)
{
	if (beneath(path, "/proc"))
		snprintf(folder, size, "/proc");
	else if (beneath(path, "/sys") && class != CLASS_WRITE)
		snprintf(folder, size, "/sys");
	else if (beneath(path, "/dev/pts") && strcmp(path, "/dev/pts") != 0)
		snprintf(folder, size, "/dev/pts");
	else
		return false;
	return true;
}

/* ---- entries ------------------------------------------------------------ */

/* Adds CALLS on FILES paths to the entry PATH of CLASS, made if new.
 * Returns it, or NULL when memory runs out. */
static struct item *add_item(struct items *items, const char *path, enum class class, bool folder,
			     uint64_t calls, uint64_t files)
{
	struct item *item;

	for (size_t i = 0; i < items->count; i++) {
		item = &items->items[i];
		if (item->class == class && strcmp(item->path, path) == 0) {
			item->calls += calls;
			item->files += files;
			item->folder = item->folder || folder;
			return item;
		}
	}
	if (GROW(items->items, items->count, items->capacity, 64) < 0)
		return NULL;
	item = &items->items[items->count];
	*item = (struct item){ .path = strdup(path),
			       .class = class,
			       .folder = folder,
			       .calls = calls,
			       .files = files };
	if (!item->path)
		return NULL;
	item->fence = protected_above(item->path);
	items->count++;
	return item;
}

/* ---- executed files: the interpreter the kernel opens too --------------- */

/* "#!/bin/sh -e" gives /bin/sh; an ELF file its PT_INTERP (ld.so).  Both
 * are opened by execve itself, which needs `execute` on them. */
static bool interpreter_of(const char *path, char *interpreter, size_t size)
{
	unsigned char head[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? pread(fd, head, sizeof(head) - 1, 0) : -1;
	bool found = false;

	if (got > 2 && head[0] == '#' && head[1] == '!') {
		char *start = (char *)head + 2;

		head[got] = '\0';
		start += strspn(start, " \t");
		start[strcspn(start, " \t\n")] = '\0';
		found = start[0] == '/';
		if (found)
			snprintf(interpreter, size, "%s", start);
	} else if (got >= (ssize_t)sizeof(Elf64_Ehdr) && memcmp(head, ELFMAG, SELFMAG) == 0 &&
		   head[EI_CLASS] == ELFCLASS64) {
		const Elf64_Ehdr *elf = (const Elf64_Ehdr *)head;

		for (unsigned i = 0; i < elf->e_phnum && !found; i++) {
			Elf64_Phdr program;
			off_t at = (off_t)(elf->e_phoff + (uint64_t)i * elf->e_phentsize);

			if (pread(fd, &program, sizeof(program), at) != sizeof(program))
				break;
			if (program.p_type != PT_INTERP || program.p_filesz == 0 ||
			    program.p_filesz >= size)
				continue;
			found = pread(fd, interpreter, program.p_filesz, (off_t)program.p_offset) ==
				(ssize_t)program.p_filesz;
			interpreter[found ? program.p_filesz - 1 : 0] = '\0';
			found = found && interpreter[0] == '/';
		}
	}
	if (fd >= 0)
		close(fd);
	return found;
}

/* ---- gathering ---------------------------------------------------------- */

static int gather_one(struct items *items, const char *path, enum touch_kind kind, uint64_t calls)
{
	static const enum class classes[] = { [TOUCH_READ] = CLASS_READ,
					      [TOUCH_EXECUTE] = CLASS_EXECUTE,
					      [TOUCH_WRITE] = CLASS_WRITE,
					      [TOUCH_CREATE] = CLASS_WRITE };
	enum class class = classes[kind];
	char folder[PATH_MAX], interpreter[PATH_MAX];
	struct stat st;
	struct item *item;

	if (special_folder(path, class, folder, sizeof(folder)))
		return add_item(items, folder, class, true, calls, 1) ? 0 : -ENOMEM;
	if (stat(path, &st) < 0)
		return 0; /* see the top of this file */
	if (kind == TOUCH_READ && S_ISDIR(st.st_mode))
		class = CLASS_LIST;
	if (!add_item(items, path, class, S_ISDIR(st.st_mode), calls, 1))
		return -ENOMEM;
	if (kind != TOUCH_EXECUTE || !interpreter_of(path, interpreter, sizeof(interpreter)) ||
	    stat(interpreter, &st) < 0)
		return 0;
	item = add_item(items, interpreter, CLASS_EXECUTE, false, 0, 0);
	if (item && item->calls == 0)
		item->interpreter = true;
	return item ? 0 : -ENOMEM;
}

static int gather(struct items *items, const struct touched *touched)
{
	for (size_t i = 0; i < touched->capacity; i++) {
		const struct touched_path *path = &touched->paths[i];

		for (int kind = 0; path->path && kind < TOUCH_KINDS; kind++) {
			int result = path->count[kind]
					     ? gather_one(items, path->path, (enum touch_kind)kind,
							  path->count[kind])
					     : 0;

			if (result < 0)
				return result;
		}
	}
	return 0;
}

/* The base's paths, in the class its rights fall in. */
static int gather_base(struct items *items, const struct landlock_policy *base)
{
	const uint64_t write = LL_FS_WRITE_FILE | LL_FS_MAKE_REG | LL_FS_REMOVE_FILE;

	for (size_t i = 0; i < base->path_count; i++) {
		const struct landlock_path_rule *rule = &base->paths[i];
		size_t before = items->count;

		if (rule->implied)
			continue; /* the reader adds it to every policy again */
		struct stat st;
		bool folder = stat(rule->path, &st) == 0 && S_ISDIR(st.st_mode);
		bool added = true;

		if (rule->access & write)
			added = add_item(items, rule->path, CLASS_WRITE, folder, 0, 0);
		if (added && (rule->access & LL_FS_EXECUTE))
			added = add_item(items, rule->path, CLASS_EXECUTE, folder, 0, 0);
		if (added && !(rule->access & (write | LL_FS_EXECUTE)))
			added = add_item(items, rule->path,
					 (rule->access & LL_FS_READ_FILE) ? CLASS_READ : CLASS_LIST,
					 folder, 0, 0);
		if (!added)
			return -ENOMEM;
		for (size_t j = before; j < items->count; j++)
			items->items[j].from_base = true;
	}
	return 0;
}

/* ---- collapsing --------------------------------------------------------- */

/* FOLDER qualifies for the files of CLASS beneath it when they number
 * COLLAPSE_FILES or more and come from two or more of its entries (files in
 * it, or folders in it): files all in one subfolder collapse there, not
 * above it. */
static bool qualifies(const struct items *items, size_t count, const char *folder, enum class class)
{
	size_t files = 0, length = strlen(folder);
	const char *first = NULL;
	size_t first_length = 0;
	bool spread = false;

	for (size_t i = 0; i < count; i++) {
		const struct item *item = &items->items[i];
		const char *rest;
		size_t branch;

		if (item->folder || item->class != class || !beneath(item->path, folder) ||
		    strcmp(item->path, folder) == 0 || item->fence > length)
			continue;
		files++;
		rest = item->path + length + 1;
		branch = strcspn(rest, "/");
		if (!first) {
			first = rest;
			first_length = branch;
		} else if (branch != first_length || strncmp(rest, first, branch) != 0) {
			spread = true;
		}
	}
	return files >= COLLAPSE_FILES && spread;
}

/* Where the file PATH of CLASS collapses to: its package folder beneath a
 * system tree, else the highest folder above it that qualifies and is not
 * protected, else nowhere (false). */
static bool collapse_target(const struct items *items, size_t count, const char *path,
			    enum class class, size_t fence, char *folder, size_t size)
{
	const char *slash;

	if (package_folder(path, folder, size))
		return true;
	for (slash = strchr(path + fence + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		snprintf(folder, size, "%.*s", (int)(slash - path), path);
		if (!protected_folder(folder) && qualifies(items, count, folder, class))
			return true;
	}
	return false;
}

/* Files of one class: into the folder collapse_target() gives. */
static int collapse_files(struct items *items)
{
	size_t count = items->count;

	for (size_t i = 0; i < count; i++) {
		const struct item *item = &items->items[i];
		char folder[PATH_MAX];

		if (item->folder || item->from_base || item->class == CLASS_LIST ||
		    !collapse_target(items, count, item->path, item->class, item->fence, folder,
				     sizeof(folder)))
			continue;
		/* merge_covered() adds the file's counts to the folder */
		if (!add_item(items, folder, items->items[i].class, true, 0, 0))
			return -ENOMEM;
	}
	return 0;
}

/* Whether A grants what B asks for. */
static bool covers(const struct item *a, const struct item *b)
{
	size_t length = strlen(a->path);
	bool beneath =
		strcmp(a->path, b->path) == 0 ||
		(a->folder && (strcmp(a->path, "/") == 0 ||
			       (strncmp(a->path, b->path, length) == 0 && b->path[length] == '/')));

	if (!beneath || a == b)
		return false;
	if (a->class == b->class)
		return true;
	if (a->class == CLASS_LIST)
		return false;
	return b->class == CLASS_READ || b->class == CLASS_LIST;
}

static void merge_covered(struct items *items)
{
	for (size_t i = 0; i < items->count; i++) {
		struct item *item = &items->items[i];

		for (size_t j = 0; j < items->count && !item->gone; j++) {
			struct item *over = &items->items[j];

			/* Of two equal entries, the first stays. */
			if (over->gone || !covers(over, item) || (covers(item, over) && j > i))
				continue;
			item->gone = true;
			over->calls += item->calls;
			over->files += item->files;
			over->from_base = over->from_base && item->from_base;
		}
	}
}

/* ---- writing ------------------------------------------------------------ */

/* PATH as a libconfig string, quotes and backslashes escaped, control
 * characters as \xNN.  Returns the width written. */
static int write_string(FILE *out, const char *path)
{
	int width = 2;

	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if (*c == '"' || *c == '\\')
			width += fprintf(out, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			width += fprintf(out, "\\x%02x", *c);
		else
			width += fputc(*c, out) == EOF ? 0 : 1;
	}
	fputc('"', out);
	return width;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->path, ((const struct item *)b)->path);
}

static void write_comment(FILE *out, const struct item *item, const char *base_name, int width)
{
	fprintf(out, "%*s# ", width < 40 ? 40 - width : 1, "");
	if (item->shim && item->calls == 0)
		fprintf(out, "preseal's shim, loaded into every program run under LD_PRELOAD");
	else if (item->from_base && item->calls == 0)
		fprintf(out, "from %s", base_name);
	else if (item->interpreter && item->files <= 1)
		fprintf(out, "opened by execve to run what was executed");
	else if (item->files > 1)
		fprintf(out, "%llu calls on %llu paths", (unsigned long long)item->calls,
			(unsigned long long)item->files);
	else
		fprintf(out, "%llu call%s", (unsigned long long)item->calls,
			item->calls == 1 ? "" : "s");
	if (item->class == CLASS_WRITE && item->folder && protected_folder(item->path))
		fprintf(out, "; %s", LEARN_WHOLE_FOLDER);
	fprintf(out, "\n");
}

static void write_class(FILE *out, const struct items *items, enum class class,
			const char *base_name)
{
	size_t remaining = 0;

	for (size_t i = 0; i < items->count; i++)
		remaining += !items->items[i].gone && items->items[i].class == class;
	if (!remaining)
		return;
	fprintf(out, "\t%s = [\n", class_names[class]);
	for (size_t i = 0; i < items->count; i++) {
		const struct item *item = &items->items[i];
		int width;

		if (item->gone || item->class != class)
			continue;
		remaining--;
		fprintf(out, "\t\t");
		width = write_string(out, item->path) + 16;
		width += fprintf(out, "%s", remaining ? "," : "");
		write_comment(out, item, base_name, width);
	}
	fprintf(out, "\t];\n");
}

/* Folders only listed: read_dir alone, in the precise form, so that
 * listing / or a home folder does not grant reading every file in it. */
static void write_listed(FILE *out, const struct items *items, const char *base_name)
{
	size_t remaining = 0;

	for (size_t i = 0; i < items->count; i++)
		remaining += !items->items[i].gone && items->items[i].class == CLASS_LIST;
	if (!remaining)
		return;
	fprintf(out, "\n# Folders listed, not read: their files stay closed.\npaths_rules = (\n");
	for (size_t i = 0; i < items->count; i++) {
		const struct item *item = &items->items[i];
		int width;

		if (item->gone || item->class != CLASS_LIST)
			continue;
		remaining--;
		fprintf(out, "\t{ path = ");
		width = write_string(out, item->path) + 18;
		width += fprintf(out, "; access = [ \"read_dir\" ]; }%s", remaining ? "," : "");
		write_comment(out, item, base_name, width);
	}
	fprintf(out, ");\n");
}

static void add_ports(uint16_t *ports, uint64_t *counts, size_t *used,
		      const struct touched *touched, bool bind)
{
	const uint16_t *seen = bind ? touched->bind : touched->connect;
	const uint64_t *seen_counts = bind ? touched->bind_count : touched->connect_count;
	size_t seen_used = bind ? touched->binds : touched->connects;

	for (size_t i = 0; i < seen_used; i++) {
		ports[*used] = seen[i];
		counts[(*used)++] = seen_counts[i];
	}
}

static void write_ports(FILE *out, const char *key, const uint16_t *ports, const uint64_t *counts,
			size_t used, const char *base_name)
{
	fprintf(out, "\t%s = [%s", key, used ? "\n" : " ];\n");
	for (size_t i = 0; i < used; i++) {
		int width = fprintf(out, "\t\t%u%s", ports[i], i + 1 < used ? "," : "") + 8;

		if (counts[i])
			fprintf(out, "%*s# %llu call%s\n", width < 40 ? 40 - width : 1, "",
				(unsigned long long)counts[i], counts[i] == 1 ? "" : "s");
		else
			fprintf(out, "%*s# from %s\n", width < 40 ? 40 - width : 1, "", base_name);
	}
	if (used)
		fprintf(out, "\t];\n");
}

/* TCP ports: written when the run made an AF_INET or AF_INET6 socket or
 * the base has ports; a port seen and in the base is written once. */
static void write_network(FILE *out, const struct touched *touched,
			  const struct landlock_policy *base, const char *base_name)
{
	uint16_t bind[128], connect[128];
	uint64_t bind_counts[128], connect_counts[128];
	size_t binds = 0, connects = 0;

	add_ports(bind, bind_counts, &binds, touched, true);
	add_ports(connect, connect_counts, &connects, touched, false);
	for (size_t i = 0; base && i < base->port_count; i++) {
		const struct landlock_port_rule *rule = &base->ports[i];
		bool have_bind = false, have_connect = false;

		for (size_t j = 0; j < binds; j++)
			have_bind = have_bind || bind[j] == rule->port;
		for (size_t j = 0; j < connects; j++)
			have_connect = have_connect || connect[j] == rule->port;
		if ((rule->access & LL_NET_BIND_TCP) && !have_bind && binds < 128) {
			bind[binds] = rule->port;
			bind_counts[binds++] = 0;
		}
		if ((rule->access & LL_NET_CONNECT_TCP) && !have_connect && connects < 128) {
			connect[connects] = rule->port;
			connect_counts[connects++] = 0;
		}
	}
	if (!touched->inet && !binds && !connects && !(base && base->handled_net))
		return;
	/* A kernel without TCP rules (ABI 4) would refuse the whole policy. */
	if (landlock_abi_running() < 4) {
		fprintf(out,
			"\n# TCP ports not written: this kernel's Landlock cannot enforce them "
			"(ABI 4).\n");
		for (size_t i = 0; i < binds; i++)
			fprintf(out, "#   bind %u\n", bind[i]);
		for (size_t i = 0; i < connects; i++)
			fprintf(out, "#   connect %u\n", connect[i]);
		return;
	}
	fprintf(out, "\n# TCP ports bound and connected to.\nnetwork = {\n");
	write_ports(out, "bind", bind, bind_counts, binds, base_name);
	write_ports(out, "connect", connect, connect_counts, connects, base_name);
	fprintf(out, "};\n");
}

int learn_write_paths(FILE *out, const struct touched *touched, const struct landlock_policy *base,
		      const char *base_name, const char *shim_folder)
{
	struct items items = { 0 };
	int result = gather(&items, touched);
	struct item *shim;

	/* ld.so opens the shim in every program this one runs, and the shim
	 * its compiler beside it, after the policy applies. */
	if (result == 0 && shim_folder) {
		shim = add_item(&items, shim_folder, CLASS_READ, true, 0, 0);
		if (shim)
			shim->shim = true;
		else
			result = -ENOMEM;
	}

	if (result == 0 && base)
		result = gather_base(&items, base);
	if (result == 0)
		result = collapse_files(&items);
	if (result == 0) {
		merge_covered(&items);
		if (items.count)
			qsort(items.items, items.count, sizeof(*items.items), compare_items);
		fprintf(out, "\n# Paths: files read, run and written; the folders where files were "
			     "made,\n# removed or renamed are writable.\npaths = {\n");
		for (int class = CLASS_READ; class <= CLASS_WRITE; class ++)
			write_class(out, &items, (enum class) class, base_name);
		fprintf(out, "};\n");
		write_listed(out, &items, base_name);
		write_network(out, touched, base, base_name);
		if (touched->unreadable)
			fprintf(out,
				"\n# %llu path%s could not be read from the program's memory "
				"(a setuid program, or one that exited at once).\n",
				(unsigned long long)touched->unreadable,
				touched->unreadable == 1 ? "" : "s");
	}
	for (size_t i = 0; i < items.count; i++)
		free(items.items[i].path);
	free(items.items);
	return result;
}
