/* clash: a program whose own global functions carry the names of the
 * libconfig and libseccomp functions the shim uses.
 *
 *   clash DIR   tries mkdir(DIR) and prints "mkdir OK" or "mkdir ERRNAME",
 *               then "exported" when its clashing functions are in the
 *               dynamic symbol table (built with -rdynamic), else "hidden".
 *
 * Each clashing function says it was called and exits 97: if the shim ever
 * bound to the program's symbols instead of its own, the program would end
 * with 97 before main, or unconfined.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORTED __attribute__((visibility("default"), noinline))

void config_init(void *config);
int config_read_string(void *config, const char *text);
void config_destroy(void *config);
void *seccomp_init(unsigned int action);
int seccomp_load(void *context);
int seccomp_rule_add(void *context, unsigned int action, int syscall, unsigned int count);
int seccomp_export_bpf(void *context, int fd);

static void __attribute__((noreturn)) called(const char *name)
{
	static const char prefix[] = "clash: the program's own ";
	static const char suffix[] = "() was called\n";

	(void)!write(STDERR_FILENO, prefix, sizeof(prefix) - 1);
	(void)!write(STDERR_FILENO, name, strlen(name));
	(void)!write(STDERR_FILENO, suffix, sizeof(suffix) - 1);
	_exit(97);
}

EXPORTED void config_init(void *config)
{
	(void)config;
	called("config_init");
}

EXPORTED int config_read_string(void *config, const char *text)
{
	(void)config;
	(void)text;
	called("config_read_string");
}

EXPORTED void config_destroy(void *config)
{
	(void)config;
	called("config_destroy");
}

EXPORTED void *seccomp_init(unsigned int action)
{
	(void)action;
	called("seccomp_init");
}

EXPORTED int seccomp_load(void *context)
{
	(void)context;
	called("seccomp_load");
}

EXPORTED int seccomp_rule_add(void *context, unsigned int action, int syscall, unsigned int count)
{
	(void)context;
	(void)action;
	(void)syscall;
	(void)count;
	called("seccomp_rule_add");
}

EXPORTED int seccomp_export_bpf(void *context, int fd)
{
	(void)context;
	(void)fd;
	called("seccomp_export_bpf");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: clash DIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0755) == 0)
		puts("mkdir OK");
	else
		printf("mkdir %s\n", strerrorname_np(errno));
	puts(dlsym(RTLD_DEFAULT, "seccomp_init") == (void *)seccomp_init ? "exported" : "hidden");
	return 0;
}
