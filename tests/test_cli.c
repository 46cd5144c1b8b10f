/* The `preseal` command, run the way a user runs it: run on dynamic,
 * static and setuid programs and with a broken shim, check's lines and
 * warnings, compile's BPF loaded by bwrap, and explain agreeing with the
 * kernel for every op. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness.h"
#include "live.h"
#include "load.h"

static int run_preseal_plain(const char *const *args, struct live_output *output)
{
	return live_run_preseal(args, NULL, output);
}

static char temp[256];

static int make_temp(void)
{
	return live_temp_dir(temp, sizeof(temp));
}

/* ---- run ---------------------------------------------------------------- */

static void run_confines_a_dynamic_program(void)
{
	const char *args[] = { "run", "--", "/bin/cat", "/proc/self/status", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 0), "status; stderr: %s", output.err);
	LIVE_EXPECT(live_status_field(output.out, "Seccomp") == 2, "Seccomp: %s", output.out);
	/* The gate before execve, and the exact policy the shim stacked. */
	LIVE_EXPECT(live_status_field(output.out, "Seccomp_filters") == 2, "filters: %s",
		    output.out);
	LIVE_EXPECT(live_status_field(output.out, "NoNewPrivs") == 1, "NoNewPrivs: %s", output.out);
	live_output_free(&output);
}

static void run_applies_the_policy_given_with_p(void)
{
	char policy[4096], target[4096 + 8];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "p.cfg",
			"default_action = \"allow\";\ndeny = [ \"mkdir\", \"mkdirat\" ];\n"
			"deny_action = \"errno(EACCES)\";\n",
			0644, policy, sizeof(policy));
	snprintf(target, sizeof(target), "%s/new", temp);
	const char *args[] = { "run", "-p", policy, "--", "/bin/mkdir", target, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "mkdir should fail; stderr %s",
			    output.err);
		LIVE_EXPECT(strstr(output.err, "Permission denied") != NULL, "stderr: %s",
			    output.err);
		LIVE_EXPECT(!live_path_exists(target), "%s was created", target);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void run_passes_the_exit_status_through(void)
{
	const char *args[] = { "run", "--", "/bin/sh", "-c", "exit 7", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 7), "stderr: %s", output.err);
	live_output_free(&output);
}

static void run_reports_a_signal_death_as_128_plus_n(void)
{
	const char *args[] = { "run", "--", "/bin/sh", "-c", "kill -TERM $$", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 128 + 15), "stderr: %s", output.err);
	live_output_free(&output);
}

/* Leaves an orphan that writes its pid to $1 and ends; waits (5 s at most)
 * until it has ended, gone or a zombie, then a moment more, and says
 * whether it is still there. */
static const char orphan_script[] =
	"(sh -c 'echo $$ > \"$0\"' \"$1\" &)\n"
	"i=0\n"
	"while [ $i -lt 100 ]; do\n"
	"  if [ -s \"$1\" ]; then pid=$(cat \"$1\")\n"
	"    { [ ! -e /proc/$pid ] || grep -q '^State:.*Z' /proc/$pid/status; } && break\n"
	"  fi\n"
	"  sleep 0.05; i=$((i + 1))\n"
	"done\n"
	"sleep 0.2\n"
	"echo \"pid 1: $(cat /proc/1/comm)\"\n"
	"if [ -e /proc/$pid ]; then grep '^State:' /proc/$pid/status; else echo reaped; fi\n";

/* As a container's PID 1 (an entrypoint that execs `preseal run`), every
 * orphan becomes preseal's child: it reaps them as an init does, or each
 * stays a zombie until the container ends. */
static void run_as_pid_1_reaps_orphans(void)
{
	char preseal[4096], pid_file[512];
	struct live_output output;
	struct live_env env;

	if (make_temp() < 0)
		return;
	if (live_build_path("preseal", preseal, sizeof(preseal)) < 0)
		goto out;
	snprintf(pid_file, sizeof(pid_file), "%s/orphan", temp);
	const char *argv[] = {
		"/usr/bin/unshare", "--pid", "--fork",	    "--mount-proc", preseal,  "run", "--",
		"/bin/sh",	    "-c",    orphan_script, "orphan",	    pid_file, NULL
	};

	live_env_init(&env);
	if (live_run(&(struct live_command){ .argv = argv, .env = env.items }, &output) == 0) {
		if (strstr(output.err, "unshare failed"))
			test_skip("no new PID namespace here (unshare --pid)");
		else
			LIVE_EXPECT(live_exited_with(output.status, 0) &&
					    strcmp(output.out, "pid 1: preseal\nreaped\n") == 0,
				    "out: %s; err: %s", output.out, output.err);
		live_output_free(&output);
	}
	live_env_free(&env);
out:
	live_remove_tree(temp);
}

static void run_command_not_found_is_127(void)
{
	const char *args[] = { "run", "--", "no-such-command-preseal", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 127), "stderr: %s", output.err);
	LIVE_EXPECT(strstr(output.err, "command not found") != NULL, "stderr: %s", output.err);
	live_output_free(&output);
}

static void run_command_not_executable_is_126(void)
{
	const char *args[] = { "run", "--", "/etc/hostname", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 126), "stderr: %s", output.err);
	live_output_free(&output);
}

/* A static program: prints whether mkdir worked and its seccomp state. */
static const char static_source[] =
	"#include <errno.h>\n#include <stdio.h>\n#include <string.h>\n#include <sys/stat.h>\n"
	"int main(int argc, char **argv) {\n"
	"  char line[256]; FILE *status = fopen(\"/proc/self/status\", \"r\");\n"
	"  int made = argc > 1 ? mkdir(argv[1], 0755) : 0;\n"
	"  printf(\"mkdir %s\\n\", made == 0 ? \"ok\" : strerror(errno));\n"
	"  while (status && fgets(line, sizeof(line), status))\n"
	"    if (!strncmp(line, \"Seccomp:\", 8)) fputs(line, stdout);\n"
	"  return 0;\n}\n";

/* Builds the static program into TEMP; -1 after a skip when gcc -static
 * cannot (libc6-dev ships libc.a on Debian). */
static int build_static(char *binary, size_t size)
{
	char source[4096], command[16384];

	if (live_write_file(temp, "static.c", static_source, 0644, source, sizeof(source)) < 0)
		return -1;
	snprintf(binary, size, "%s/static", temp);
	snprintf(command, sizeof(command), "cc -static -O1 -o %s %s 2>/dev/null", binary, source);
	if (system(command) != 0) {
		test_skip("cc -static could not build a static program");
		return -1;
	}
	return 0;
}

static const char strict_static_policy[] =
	"default_action = \"errno(EPERM)\";\n"
	"allow = [ \"write\", \"fstat\", \"newfstatat\", \"openat\", \"read\", \"close\", "
	"\"lseek\", \"exit_group\" ];\n"
	"deny = [ \"mkdir\" ];\ndeny_action = \"errno(EACCES)\";\n";

static void check_static_output(const struct live_output *output, const char *target)
{
	LIVE_EXPECT(live_exited_with(output->status, 0), "status; stderr %s", output->err);
	LIVE_EXPECT(strstr(output->out, "mkdir Permission denied") != NULL, "out: %s", output->out);
	LIVE_EXPECT(strstr(output->out, "Seccomp:\t2") != NULL, "out: %s", output->out);
	LIVE_EXPECT(!live_path_exists(target), "%s was created", target);
}

static void run_confines_a_static_program_and_names_what_it_adds(void)
{
	char binary[4096], policy[4096], target[4096 + 8];
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (build_static(binary, sizeof(binary)) == 0 &&
	    live_write_file(temp, "p.cfg", strict_static_policy, 0644, policy, sizeof(policy)) ==
		    0) {
		snprintf(target, sizeof(target), "%s/made", temp);
		const char *args[] = { "run", "-p", policy, "--", binary, target, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			check_static_output(&output, target);
			LIVE_EXPECT(strstr(output.err, "is static") != NULL &&
					    strstr(output.err, "execve (once, run's own)") !=
						    NULL &&
					    strstr(output.err, "brk") != NULL,
				    "warning line: %s", output.err);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

static void run_confines_a_setuid_program(void)
{
	char binary[4096], policy[4096], target[4096 + 8];
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (build_static(binary, sizeof(binary)) == 0 && chmod(binary, 04755) == 0 &&
	    live_write_file(temp, "p.cfg", strict_static_policy, 0644, policy, sizeof(policy)) ==
		    0) {
		snprintf(target, sizeof(target), "%s/made", temp);
		const char *args[] = { "run", "-p", policy, "--", binary, target, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			check_static_output(&output, target);
			LIVE_EXPECT(strstr(output.err, "setuid") != NULL, "warning: %s",
				    output.err);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* Copies build/preseal alone into TEMP, optionally with a file named
 * libpreseal.so holding SHIM_TEXT beside it. */
static int lonely_preseal(char *copy, size_t size, const char *shim_text)
{
	char source[4096], command[16384], ignored[4096];

	if (live_build_path("preseal", source, sizeof(source)) < 0)
		return -1;
	if (access(PRESEAL_LIBDIR "/libpreseal.so", F_OK) == 0) {
		test_skip("a shim is installed in " PRESEAL_LIBDIR ": the copy would find it");
		return -1;
	}
	snprintf(copy, size, "%s/bin/preseal", temp);
	snprintf(command, sizeof(command), "mkdir -p %s/bin && cp %s %s", temp, source, copy);
	if (system(command) != 0)
		return -1;
	if (shim_text) {
		snprintf(command, sizeof(command), "%s/bin", temp);
		return live_write_file(command, "libpreseal.so", shim_text, 0644, ignored,
				       sizeof(ignored));
	}
	return 0;
}

static void expect_refusal(const char *copy, const char *message)
{
	char marker[4096 + 8];
	struct live_env env;
	struct live_output output;

	snprintf(marker, sizeof(marker), "%s/ran", temp);
	const char *argv[] = { copy, "run", "--", "/usr/bin/touch", marker, NULL };
	struct live_command command = { .argv = argv };

	live_env_init(&env);
	command.env = env.items;
	if (live_run(&command, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 125), "status; stderr %s", output.err);
		LIVE_EXPECT(strstr(output.err, message) != NULL, "stderr: %s", output.err);
		LIVE_EXPECT(!live_path_exists(marker), "the program ran: %s exists", marker);
		live_output_free(&output);
	}
	live_env_free(&env);
}

static void run_refuses_when_the_shim_is_missing(void)
{
	char copy[4096];

	if (make_temp() < 0)
		return;
	if (lonely_preseal(copy, sizeof(copy), NULL) == 0)
		expect_refusal(copy, "cannot find libpreseal.so");
	live_remove_tree(temp);
}

static void run_refuses_when_ld_so_cannot_preload_the_shim(void)
{
	char copy[4096];

	if (make_temp() < 0)
		return;
	if (lonely_preseal(copy, sizeof(copy), "not a shared object\n") == 0)
		expect_refusal(copy, "cannot preload");
	live_remove_tree(temp);
}

/* ---- run's gate, its trust in the program, the trust rules -------------- */

/* Compiles SOURCE (written to TEMP/NAME.c) with FLAGS into TEMP/NAME; -1
 * after a skip when the compiler cannot. */
static int build_program(const char *name, const char *source, const char *flags, char *binary,
			 size_t size)
{
	char file[64], path[4096], command[16384];

	snprintf(file, sizeof(file), "%s.c", name);
	if (live_write_file(temp, file, source, 0644, path, sizeof(path)) < 0)
		return -1;
	snprintf(binary, size, "%s/%s", temp, name);
	snprintf(command, sizeof(command), "cc -O1 %s -o %s %s 2>/dev/null", flags, binary, path);
	if (system(command) != 0) {
		test_skip("cc could not build a test program (static libc, -nostdlib?)");
		return -1;
	}
	return 0;
}

/* A static program that cannot exec by name: it finds, in its parent's
 * stack, every copy of its own path (one is the string whose address the
 * old gate allowed), maps that address in itself, writes "/bin/sh" there
 * and execs through it.  The shell would create ARGV[2]. */
static const char address_exec_source[] =
	"#include <errno.h>\n#include <fcntl.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
	"#include <string.h>\n#include <sys/mman.h>\n#include <unistd.h>\n"
	"int main(int argc, char **argv) {\n"
	"  char maps[64], mem[64], line[512], script[4200];\n"
	"  unsigned long low = 0, high = 0; size_t n = strlen(argv[0]) + 1;\n"
	"  int tries = 0, last = 0;\n"
	"  if (argc < 2) return 2;\n"
	"  snprintf(script, sizeof(script), \": > %s\", argv[1]);\n"
	"  snprintf(maps, sizeof(maps), \"/proc/%d/maps\", (int)getppid());\n"
	"  snprintf(mem, sizeof(mem), \"/proc/%d/mem\", (int)getppid());\n"
	"  FILE *f = fopen(maps, \"r\");\n"
	"  while (f && fgets(line, sizeof(line), f))\n"
	"    if (strstr(line, \"[stack]\")) sscanf(line, \"%lx-%lx\", &low, &high);\n"
	"  int fd = open(mem, O_RDONLY); char *copy = malloc(high - low + 1);\n"
	"  if (fd < 0 || !copy || !high ||\n"
	"      pread(fd, copy, high - low, (off_t)low) != (ssize_t)(high - low)) {\n"
	"    printf(\"cannot read the parent: %s\\n\", strerror(errno)); return 3; }\n"
	"  for (size_t i = 0; i + n <= high - low; i++) {\n"
	"    if (memcmp(copy + i, argv[0], n) != 0) continue;\n"
	"    unsigned long at = low + i, page = at & ~4095UL;\n"
	"    void *mapped = mmap((void *)page, 8192, PROT_READ | PROT_WRITE,\n"
	"                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);\n"
	"    if (mapped != (void *)page) continue;\n"
	"    strcpy((char *)at, \"/bin/sh\");\n"
	"    char *args[] = { \"sh\", \"-c\", script, NULL };\n"
	"    tries++; execve((char *)at, args, NULL); last = errno;\n"
	"    munmap(mapped, 8192);\n"
	"  }\n"
	"  printf(\"tries %d exec: %s\\n\", tries, tries ? strerror(last) : \"none\");\n"
	"  return 0;\n}\n";

static void run_gate_refuses_a_second_execve_through_the_path_address(void)
{
	char binary[4096], policy[4096], marker[4096 + 8];
	struct live_output output;

	if (make_temp() < 0)
		return;
	snprintf(marker, sizeof(marker), "%s/shell-ran", temp);
	if (build_program("exec_by_address", address_exec_source, "-static", binary,
			  sizeof(binary)) == 0 &&
	    live_write_file(temp, "p.cfg",
			    "default_action = \"allow\";\ndeny = [ \"execve\", \"execveat\" ];\n"
			    "deny_action = \"errno(EXDEV)\";\n",
			    0644, policy, sizeof(policy)) == 0) {
		const char *args[] = { "run", "-p", policy, "--", binary, marker, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			if (strstr(output.out, "cannot read the parent"))
				test_skip("cannot read the parent's memory (ptrace restrictions)");
			else
				LIVE_EXPECT(live_exited_with(output.status, 0) &&
						    strstr(output.out, "exec: Invalid cross-device "
								       "link"),
					    "status; out %s; err %s", output.out, output.err);
			LIVE_EXPECT(!live_path_exists(marker), "a shell ran: %s exists", marker);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* The gate's answer to a later execve the policy kills: the process is
 * killed and run exits as the kernel's kill would have made it. */
static void run_gate_kills_a_later_execve_the_policy_kills(void)
{
	char binary[4096], policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (build_program("exec_true",
			  "#include <stdio.h>\n#include <unistd.h>\n"
			  "int main(void) { char *args[] = { \"true\", NULL };\n"
			  "  execve(\"/bin/true\", args, NULL); puts(\"survived\"); return 0; }\n",
			  "-static", binary, sizeof(binary)) == 0 &&
	    live_write_file(temp, "p.cfg",
			    "default_action = \"allow\";\ndeny = [ \"execve\", \"execveat\" ];\n"
			    "deny_action = \"kill_process\";\n",
			    0644, policy, sizeof(policy)) == 0) {
		const char *args[] = { "run", "-p", policy, "--", binary, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			LIVE_EXPECT(
				live_exited_with(output.status, 128 + 31) &&
					!strstr(output.out, "survived") &&
					strstr(output.err, "made execve, which the policy forbids"),
				"status; out %s; err %s", output.out, output.err);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* The shim's SIGSYS handler calls getpid with its token, which the shim's
 * report guard lets through: the gate must not answer that call with the
 * policy's kill and name it instead of the call that was killed. */
static void run_gate_lets_the_shims_report_handler_work(void)
{
	char policy[4096], target[4096 + 8];
	struct live_output output;

	if (make_temp() < 0)
		return;
	snprintf(target, sizeof(target), "%s/made", temp);
	if (live_write_file(temp, "p.cfg",
			    "default_action = \"allow\";\n"
			    "deny = [ \"mkdir\", \"mkdirat\", \"getpid\" ];\n"
			    "deny_action = \"kill_process\";\n",
			    0644, policy, sizeof(policy)) == 0) {
		const char *args[] = { "run", "-p", policy, "--", "/bin/mkdir", target, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			LIVE_EXPECT(live_exited_with(output.status, 128 + 31) &&
					    !strstr(output.err, "made getpid"),
				    "status; err %s", output.err);
			LIVE_EXPECT(!live_path_exists(target), "%s was created", target);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* An interpreter of its own, without libc: in ld.so's dry run it says the
 * shim was loaded (and leaves a mark), then it writes to the ready
 * descriptor and opens TEMP/secret, which the policy denies. */
static const char fake_loader_source[] =
	"#define SYS_write 1\n#define SYS_openat 257\n#define SYS_exit_group 231\n"
	"static long call(long n, long a, long b, long c, long d) { long r;\n"
	"  register long r10 __asm__(\"r10\") = d;\n"
	"  __asm__ volatile(\"syscall\" : \"=a\"(r) : \"a\"(n), \"D\"(a), \"S\"(b), \"d\"(c),"
	" \"r\"(r10) : \"rcx\", \"r11\", \"memory\"); return r; }\n"
	"static unsigned long length(const char *s) { unsigned long n = 0; while (s[n]) n++;"
	" return n; }\n"
	"static const char *after(const char *s, const char *p) {\n"
	"  while (*p) if (*s++ != *p++) return 0; return s; }\n"
	"static void say(const char *s) { call(SYS_write, 1, (long)s, (long)length(s), 0); }\n"
	"__attribute__((used)) void entry(long *sp) {\n"
	"  char **e = (char **)(sp + sp[0] + 2); const char *preload = \"\", *ready = 0, *v;\n"
	"  int trace = 0;\n"
	"  for (; *e; e++) {\n"
	"    if ((v = after(*e, \"LD_PRELOAD=\"))) preload = v;\n"
	"    if (after(*e, \"LD_TRACE_LOADED_OBJECTS=\")) trace = 1;\n"
	"    if ((v = after(*e, \"PRESEAL_READY_FD=\"))) ready = v; }\n"
	"  if (trace) {\n"
	"    call(SYS_openat, -100, (long)(DIR \"/dry-run-ran\"), 0101, 0644);\n"
	"    say(\"\\tlibpreseal.so => \"); say(preload); say(\" (0x1)\\n\");\n"
	"    call(SYS_exit_group, 0, 0, 0, 0); }\n"
	"  if (ready) { long fd = 0; while (*ready >= '0' && *ready <= '9')"
	" fd = fd * 10 + *ready++ - '0'; call(SYS_write, fd, (long)\"1\", 1, 0); }\n"
	"  say(call(SYS_openat, -100, (long)(DIR \"/secret\"), 0, 0) >= 0 ? \"open: ok\\n\""
	" : \"open: refused\\n\");\n"
	"  call(SYS_exit_group, 0, 0, 0, 0); }\n"
	"__asm__(\".globl _start\\n_start:\\n mov %rsp, %rdi\\n and $-16, %rsp\\n"
	" call entry\\n hlt\\n\");\n";

static void run_treats_a_program_with_its_own_interpreter_as_static(void)
{
#if defined(__x86_64__)
	char loader[4096], binary[4096], policy[4096], flags[4400], ignored[4096], dry[4096 + 16];
	struct live_output output;

	if (make_temp() < 0)
		return;
	snprintf(flags, sizeof(flags),
		 "-nostdlib -static-pie -fPIE -fno-stack-protector "
		 "-DDIR='\"%s\"'",
		 temp);
	snprintf(dry, sizeof(dry), "%s/dry-run-ran", temp);
	if (build_program("fakeld", fake_loader_source, flags, loader, sizeof(loader)) == 0) {
		snprintf(flags, sizeof(flags), "-Wl,--dynamic-linker=%s", loader);
		if (build_program("own_loader", "int main(void) { return 0; }\n", flags, binary,
				  sizeof(binary)) == 0 &&
		    live_write_file(temp, "secret", "secret\n", 0644, ignored, sizeof(ignored)) ==
			    0 &&
		    live_write_file(
			    temp, "p.cfg",
			    "default_action = \"allow\";\ndeny = [ \"open\", \"openat\" ];\n"
			    "deny_action = \"errno(EXDEV)\";\n",
			    0644, policy, sizeof(policy)) == 0) {
			const char *args[] = { "run", "-p", policy, "--", binary, NULL };

			if (run_preseal_plain(args, &output) == 0) {
				LIVE_EXPECT(strstr(output.err, "warning") &&
						    strstr(output.err, "not the system's dynamic "
								       "loader"),
					    "no warning; out %s; err %s", output.out, output.err);
				LIVE_EXPECT(!live_path_exists(dry),
					    "the dry run executed the program's own interpreter");
				live_output_free(&output);
			}
		}
	}
	live_remove_tree(temp);
#else
	test_skip("the fake interpreter is written for x86_64");
#endif
}

/* A library constructor that runs before the shim's and never returns. */
static void run_stops_a_start_up_that_outlasts_the_timeout(void)
{
	char library[4096], binary[4096], flags[8400];
	struct live_env env;
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (build_program(
		    "libblock.so",
		    "#include <unistd.h>\n"
		    "__attribute__((constructor)) static void block(void) { for (;;) pause(); }\n"
		    "int block_linked(void) { return 0; }\n",
		    "-shared -fPIC", library, sizeof(library)) == 0) {
		snprintf(flags, sizeof(flags), "-L%s -Wl,-rpath,%s -Wl,--no-as-needed -x none %s",
			 temp, temp, library);
		if (build_program(
			    "blocked",
			    "int block_linked(void);\nint main(void) { return block_linked(); }\n",
			    flags, binary, sizeof(binary)) == 0) {
			const char *args[] = { "run", "--", binary, NULL };

			live_env_init(&env);
			live_env_set(&env, "PRESEAL_START_TIMEOUT", "1");
			if (live_run_preseal(args, &env, &output) == 0) {
				LIVE_EXPECT(live_exited_with(output.status, 125) &&
						    strstr(output.err, "start-up"),
					    "status; err %s", output.err);
				live_output_free(&output);
			}
			live_env_free(&env);
		}
	}
	live_remove_tree(temp);
}

static const char group_writable_text[] = "default_action = \"allow\";\n";

static int group_writable_policy(char *policy, size_t size)
{
	if (make_temp() < 0)
		return -1;
	if (live_write_file(temp, "shared.cfg", group_writable_text, 0664, policy, size) < 0) {
		live_remove_tree(temp);
		return -1;
	}
	return 0;
}

/* A static program: the shim, which would refuse the file, never loads. */
static void run_p_refuses_a_group_writable_policy(void)
{
	char policy[4096], binary[4096], target[4096 + 8];
	struct live_output output;

	if (group_writable_policy(policy, sizeof(policy)) < 0)
		return;
	snprintf(target, sizeof(target), "%s/made", temp);
	if (build_static(binary, sizeof(binary)) == 0) {
		const char *args[] = { "run", "-p", policy, "--", binary, target, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			LIVE_EXPECT(live_exited_with(output.status, 125) &&
					    strstr(output.err, "is writable by group or others"),
				    "status; out %s; err %s", output.out, output.err);
			LIVE_EXPECT(!live_path_exists(target), "the program ran");
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

static void learn_p_refuses_a_group_writable_policy(void)
{
	char policy[4096], out[4096 + 16];
	struct live_output output;

	if (group_writable_policy(policy, sizeof(policy)) < 0)
		return;
	snprintf(out, sizeof(out), "%s/learned.cfg", temp);
	const char *args[] = { "learn", "-o", out, "-p", policy, "--", "/bin/true", NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 125) &&
				    strstr(output.err, "is writable by group or others"),
			    "status; err %s", output.err);
		LIVE_EXPECT(!live_path_exists(out), "%s was written", out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void check_reports_a_policy_the_shim_would_not_trust(void)
{
	char policy[4096];
	struct live_output output;

	if (group_writable_policy(policy, sizeof(policy)) < 0)
		return;
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1) &&
				    strstr(output.err, "is writable by group or others"),
			    "status; err %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* run under a shim that loaded the same policy: the program's shim must
 * still stack it (the inherited marker would let it skip that), since
 * start-up ends only then.  The shim confines a shell, which drops
 * LD_PRELOAD and executes preseal (an ASan build cannot have it preloaded). */
static void run_under_the_same_policy_still_ends_its_start_up(void)
{
	char policy[4096], preseal[4096];
	struct live_env env;
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "p.cfg", "default_action = \"allow\";\n", 0644, policy,
			sizeof(policy));
	live_env_init(&env);
	if (live_build_path("preseal", preseal, sizeof(preseal)) == 0 &&
	    live_env_preload(&env) == 0) {
		const char *argv[] = {
			"/bin/sh",
			"-c",
			"unset LD_PRELOAD; exec \"$0\" run -p \"$1\" -- /bin/sleep 0.3",
			preseal,
			policy,
			NULL
		};

		live_env_set(&env, "PRESEAL_POLICY", "%s", policy);
		live_env_set(&env, "PRESEAL_MODE", "enforce");
		live_env_set(&env, "PRESEAL_START_TIMEOUT", "0.2");
		if (live_run(&(struct live_command){ .argv = argv, .env = env.items }, &output) ==
		    0) {
			LIVE_EXPECT(live_exited_with(output.status, 0) && !output.err[0],
				    "status; err %s", output.err);
			live_output_free(&output);
		}
	}
	live_env_free(&env);
	live_remove_tree(temp);
}

/* Nothing of run's own reaches the program: only the selection. */
static void run_leaves_no_internal_variable_in_the_environment(void)
{
	const char *args[] = { "run", "--", "/usr/bin/env", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    !strstr(output.out, "PRESEAL_READY_FD"),
			    "status; out %s; err %s", output.out, output.err);
		live_output_free(&output);
	}
}

/* ---- check -------------------------------------------------------------- */

static void check_reports_every_error_at_its_line_and_exits_1(void)
{
	char policy[4096], expected[4200];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "bad.cfg",
			"default_action = \"kil_process\";\n"
			"allow = [ \"read\", \"opnat\" ];\n"
			"rules = ( { syscall = \"socket\"; action = \"allow\";\n"
			"  args = ( { index = 7; op = \"eq\"; value = \"AF_UNIX\"; } ); } );\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "stderr: %s", output.err);
		snprintf(expected, sizeof(expected), "%s:1: default_action: unknown action",
			 policy);
		LIVE_EXPECT(strstr(output.err, expected) != NULL, "no '%s' in: %s", expected,
			    output.err);
		snprintf(expected, sizeof(expected), "%s:4: argument index 7 is out of range",
			 policy);
		LIVE_EXPECT(strstr(output.err, expected) != NULL, "no '%s' in: %s", expected,
			    output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void check_names_an_unknown_syscall_with_a_suggestion(void)
{
	char policy[4096], expected[4200];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "typo.cfg", "allow = [ \"read\",\n  \"opnat\" ];\n", 0644, policy,
			sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "stderr: %s", output.err);
		snprintf(expected, sizeof(expected),
			 "%s:2: unknown syscall 'opnat' (did you mean 'openat'?)", policy);
		LIVE_EXPECT(strstr(output.err, expected) != NULL, "stderr: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static const char weak_policy[] =
	"default_action = \"allow\";\n"
	"deny = [ \"mount\" ];\n"
	"\n"
	"rules = ( { syscall = \"clone3\"; action = \"errno(EPERM)\"; } );\n";

static void check_warns_about_policies_weaker_than_they_look(void)
{
	static const char *const expected[] = {
		":1: warning: default_action is allow",
		":1: warning: allows ptrace",
		":1: warning: allows io_uring_setup",
		":1: warning: allows personality without",
		":1: warning: allows mmap with PROT_WRITE|PROT_EXEC",
		":4: warning: clone3 is refused with an errno other than ENOSYS",
	};
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "weak.cfg", weak_policy, 0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "warnings alone pass: %s",
			    output.err);
		for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
			LIVE_EXPECT(strstr(output.err, expected[i]) != NULL, "no '%s' in: %s",
				    expected[i], output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void check_refuses_socket_argument_rules_with_x86_listed(void)
{
	char policy[512], expected[640];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "x86.cfg",
			"default_action = \"errno(EPERM)\";\n"
			"architectures = [ \"native\", \"x86\" ];\n"
			"rules = ( { syscall = \"socket\"; action = \"allow\";\n"
			"  args = ( { index = 0; op = \"eq\"; value = \"AF_UNIX\"; } ); } );\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "stderr: %s", output.err);
		snprintf(expected, sizeof(expected), "%s:3: argument rule on 'socket'", policy);
		LIVE_EXPECT(strstr(output.err, expected) && strstr(output.err, "socketcall"),
			    "stderr: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void check_strict_turns_warnings_into_failure(void)
{
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "weak.cfg", weak_policy, 0644, policy, sizeof(policy));
	const char *args[] = { "check", "--strict", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "stderr: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static const char width_policy[] =
	"default_action = \"allow\";\n"
	"rules = ( { syscall = \"openat\"; action = \"errno(EACCES)\";\n"
	"            args = ( { index = 0; op = \"eq\"; value = 0xffffff9c; } ); },\n"
	"          { syscall = \"fchmod\"; action = \"errno(EPERM)\";\n"
	"            args = ( { index = 1; op = \"masked_eq\"; mask = 0x10000;\n"
	"                       value = 0x10000; } ); },\n"
	"          { syscall = \"read\"; action = \"errno(EPERM)\";\n"
	"            args = ( { index = 2; op = \"eq\"; value = 0x100000000L; } ); } );\n";

/* openat's dirfd is an int: 0xffffff9c is no int's 64-bit value (-100 is);
 * fchmod's mode has 16 bits; read's count has 64, so it is not warned. */
static void check_warns_where_a_value_cannot_fit_the_argument(void)
{
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "width.cfg", width_policy, 0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };
	const char *strict[] = { "check", "--strict", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "warnings alone pass: %s",
			    output.err);
		LIVE_EXPECT(strstr(output.err, ":2: warning: argument 0 of 'openat' is an int") &&
				    strstr(output.err, "never 0xffffff9c; this eq never holds; "
						       "for the int whose 32 bits those are, "
						       "write -100"),
			    "stderr: %s", output.err);
		LIVE_EXPECT(strstr(output.err, ":4: warning: the mask 0x10000 of argument 1 of "
					       "'fchmod' reaches above the 16 bits"),
			    "stderr: %s", output.err);
		LIVE_EXPECT(!strstr(output.err, ":6:"), "stderr: %s", output.err);
		live_output_free(&output);
	}
	if (run_preseal_plain(strict, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "--strict: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void check_accepts_the_baseline(void)
{
	const char *args[] = { "check", "baseline", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) < 0)
		return;
	LIVE_EXPECT(live_exited_with(output.status, 0), "stderr: %s", output.err);
	LIVE_EXPECT(strstr(output.out, "baseline: ok") != NULL, "out: %s", output.out);
	live_output_free(&output);
}

/* ---- compile and bwrap ------------------------------------------------- */

static void compile_output_is_loaded_by_bwrap(void)
{
	char policy[512], bpf[512], target[512], script[4096];
	struct live_output output;

	if (access("/usr/bin/bwrap", X_OK) < 0) {
		test_skip("bwrap (Debian's bubblewrap) is not installed");
		return;
	}
	if (make_temp() < 0)
		return;
	live_write_file(temp, "p.cfg",
			"default_action = \"allow\";\ndeny = [ \"mkdir\", \"mkdirat\" ];\n"
			"deny_action = \"errno(EACCES)\";\n",
			0644, policy, sizeof(policy));
	snprintf(bpf, sizeof(bpf), "%s/p.bpf", temp);
	snprintf(target, sizeof(target), "%s/made", temp);
	const char *args[] = { "compile", policy, "-o", bpf, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "compile: %s", output.err);
		live_output_free(&output);
	}
	/* One run: mkdir is refused, and ls (allowed) still works. */
	snprintf(script, sizeof(script),
		 "exec 9<%s; bwrap --ro-bind / / --bind %s %s --dev /dev --seccomp 9 "
		 "/bin/sh -c 'mkdir %s; echo mkdir=$?; ls %s >/dev/null; echo ls=$?'",
		 bpf, temp, temp, target, temp);
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	struct live_env env;

	live_env_init(&env);
	struct live_command command = { .argv = argv, .env = env.items };

	if (live_run(&command, &output) == 0) {
		if (strstr(output.err, "No permissions to create") ||
		    strstr(output.err, "Operation not permitted")) {
			test_skip("bwrap cannot create its sandbox here");
		} else {
			LIVE_EXPECT(strstr(output.out, "mkdir=1") != NULL, "out %s err %s",
				    output.out, output.err);
			LIVE_EXPECT(strstr(output.err, "Permission denied") != NULL, "err %s",
				    output.err);
			LIVE_EXPECT(strstr(output.out, "ls=0") != NULL, "out %s", output.out);
			LIVE_EXPECT(!live_path_exists(target), "%s was created under bwrap",
				    target);
		}
		live_output_free(&output);
	}
	live_env_free(&env);
	live_remove_tree(temp);
}

/* ---- compiled policies loaded by the shim ------------------------------- */

static const char mkdir_policy[] =
	"default_action = \"allow\";\ndeny = [ \"mkdir\", \"mkdirat\" ];\n"
	"deny_action = \"errno(EACCES)\";\n";

/* Compiles mkdir_policy into TEMP/p.pbf with MODE; 0 or -1. */
static int compiled_policy(char *compiled, size_t size, mode_t mode)
{
	char policy[512];
	struct live_output output;
	int result = -1;

	if (live_write_file(temp, "p.cfg", mkdir_policy, 0644, policy, sizeof(policy)) < 0)
		return -1;
	snprintf(compiled, size, "%s/p.pbf", temp);
	const char *args[] = { "compile", policy, "-o", compiled, "--format", "preseal", NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "compile: %s", output.err);
		result = live_exited_with(output.status, 0) ? 0 : -1;
		live_output_free(&output);
	}
	return result == 0 && chmod(compiled, mode) == 0 ? 0 : -1;
}

/* Runs mkdir TEMP/made under the shim with PRESEAL_POLICY=COMPILED. */
static int mkdir_under(const char *compiled, struct live_output *output)
{
	char target[512];
	struct live_env env;
	int result;

	snprintf(target, sizeof(target), "%s/made", temp);
	const char *argv[] = { "/bin/mkdir", target, NULL };

	live_env_init(&env);
	if (live_env_preload(&env) < 0) {
		live_env_free(&env);
		return -1;
	}
	live_env_set(&env, "PRESEAL_POLICY", "%s", compiled);
	result = live_run(&(struct live_command){ .argv = argv, .env = env.items }, output);
	live_env_free(&env);
	return result;
}

/* A policy that reads but is too large for the kernel: 3,000 ioctl
 * requests with gaps between them.  Written to TEMP/big.cfg. */
static int write_too_large_policy(char *path, size_t size)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	int result = -1;

	if (!out)
		return -1;
	fprintf(out, "default_action = \"allow\";\nrules = (\n");
	for (unsigned i = 0; i < 3000; i++)
		fprintf(out,
			"%s{ syscall = \"ioctl\"; action = \"errno(EPERM)\"; "
			"args = ( { index = 1; op = \"eq\"; value = %u; } ); }",
			i ? ",\n" : "", 3 * i);
	fprintf(out, "\n);\n");
	if (fclose(out) == 0)
		result = live_write_file(temp, "big.cfg", text, 0644, path, size);
	free(text);
	return result;
}

/* Files in TEMP whose names start with PREFIX. */
static unsigned files_named(const char *prefix)
{
	DIR *dir = opendir(temp);
	unsigned count = 0;

	for (struct dirent *entry; dir && (entry = readdir(dir));)
		count += strncmp(entry->d_name, prefix, strlen(prefix)) == 0;
	if (dir)
		closedir(dir);
	return count;
}

/* `compile -o OUT` replaces OUT only with a whole program: a policy that
 * does not compile leaves the earlier file as it was, with no temporary
 * beside it, and the new file has mode 0644 whatever the old one had (the
 * shim refuses a policy others may write). */
static void compile_replaces_its_output_only_with_a_whole_program(void)
{
	char compiled[512], big[512], source[512];
	struct live_output output, made;
	struct stat before, after;

	if (make_temp() < 0 || compiled_policy(compiled, sizeof(compiled), 0666) < 0 ||
	    stat(compiled, &before) < 0 || write_too_large_policy(big, sizeof(big)) < 0)
		goto out;
	snprintf(source, sizeof(source), "%s/p.cfg", temp);
	const char *failing[] = { "compile", big, "-o", compiled, "--format", "preseal", NULL };
	const char *good[] = { "compile", source, "-o", compiled, "--format", "preseal", NULL };

	if (run_preseal_plain(failing, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1) &&
				    strstr(output.err, "does not fit in a seccomp filter"),
			    "compile of a policy too large: %s", output.err);
		live_output_free(&output);
	}
	LIVE_EXPECT(stat(compiled, &after) == 0 && after.st_ino == before.st_ino &&
			    after.st_size == before.st_size && (after.st_mode & 0777) == 0666,
		    "the earlier output was touched: size %lld mode %o", (long long)after.st_size,
		    (unsigned)(after.st_mode & 0777));
	LIVE_EXPECT(files_named("p.pbf") == 1, "%u files named p.pbf*", files_named("p.pbf"));
	if (run_preseal_plain(good, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "compile: %s", output.err);
		live_output_free(&output);
	}
	LIVE_EXPECT(stat(compiled, &after) == 0 && (after.st_mode & 0777) == 0644,
		    "mode %o after compiling over a 0666 file", (unsigned)(after.st_mode & 0777));
	if (mkdir_under(compiled, &made) == 0) {
		LIVE_EXPECT(live_exited_with(made.status, 1) &&
				    strstr(made.err, "Permission denied"),
			    "mkdir under the replaced policy: %s", made.err);
		live_output_free(&made);
	}
out:
	live_remove_tree(temp);
}

static void shim_loads_a_compiled_policy(void)
{
	char compiled[512], target[512];
	struct live_output output;

	if (make_temp() < 0)
		return;
	snprintf(target, sizeof(target), "%s/made", temp);
	if (compiled_policy(compiled, sizeof(compiled), 0644) == 0 &&
	    mkdir_under(compiled, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "status; stderr %s", output.err);
		LIVE_EXPECT(strstr(output.err, "Permission denied") != NULL, "stderr %s",
			    output.err);
		LIVE_EXPECT(!live_path_exists(target), "%s was created", target);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void expect_compiled_refused(const char *compiled, const char *message)
{
	char target[512];
	struct live_output output;

	snprintf(target, sizeof(target), "%s/made", temp);
	if (mkdir_under(compiled, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 125), "status; stderr %s", output.err);
		LIVE_EXPECT(strstr(output.err, message) != NULL, "no '%s' in: %s", message,
			    output.err);
		LIVE_EXPECT(!live_path_exists(target), "the program ran: %s exists", target);
		live_output_free(&output);
	}
}

static void shim_refuses_a_group_writable_compiled_policy(void)
{
	char compiled[512];

	if (make_temp() < 0)
		return;
	if (compiled_policy(compiled, sizeof(compiled), 0664) == 0)
		expect_compiled_refused(compiled, "writable by group or others");
	live_remove_tree(temp);
}

static void shim_refuses_a_truncated_compiled_policy(void)
{
	char compiled[512];

	if (make_temp() < 0)
		return;
	if (compiled_policy(compiled, sizeof(compiled), 0644) == 0 && truncate(compiled, 200) == 0)
		expect_compiled_refused(compiled, "compiled policy is truncated");
	live_remove_tree(temp);
}

static void shim_refuses_a_corrupt_compiled_policy(void)
{
	char compiled[512];
	FILE *file;

	if (make_temp() < 0)
		return;
	if (compiled_policy(compiled, sizeof(compiled), 0644) == 0 &&
	    (file = fopen(compiled, "r+")) != NULL) {
		/* Flip a bit in the last instruction: the checksum must notice. */
		fseek(file, -1, SEEK_END);
		int byte = fgetc(file);

		fseek(file, -1, SEEK_END);
		fputc(byte ^ 0x01, file);
		fclose(file);
		expect_compiled_refused(compiled, "checksum mismatch");
	}
	live_remove_tree(temp);
}

static void check_refuses_a_compiled_policy_as_source(void)
{
	char compiled[512];
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (compiled_policy(compiled, sizeof(compiled), 0644) == 0) {
		const char *args[] = { "check", compiled, NULL };

		if (run_preseal_plain(args, &output) == 0) {
			LIVE_EXPECT(live_exited_with(output.status, 1), "err %s", output.err);
			LIVE_EXPECT(strstr(output.err, "is a compiled policy"), "err %s",
				    output.err);
			live_output_free(&output);
		}
	}
	live_remove_tree(temp);
}

/* ---- explain against the kernel ---------------------------------------- */

/* Each op on its own syscall, all of which ignore their arguments: the
 * filter still sees the registers, so every value can be tried safely. */
static const char every_op_policy[] =
	"default_action = \"allow\";\n"
	"rules = (\n"
	"  { syscall = \"getpid\"; action = \"errno(E2BIG)\";\n"
	"    args = ( { index = 0; op = \"eq\"; value = 100; } ); },\n"
	"  { syscall = \"getppid\"; action = \"errno(EBADF)\";\n"
	"    args = ( { index = 1; op = \"ne\"; value = 100; } ); },\n"
	"  { syscall = \"getuid\"; action = \"errno(ECHILD)\";\n"
	"    args = ( { index = 2; op = \"lt\"; value = 100; } ); },\n"
	"  { syscall = \"geteuid\"; action = \"errno(EDOM)\";\n"
	"    args = ( { index = 3; op = \"le\"; value = 100; } ); },\n"
	"  { syscall = \"getgid\"; action = \"errno(EEXIST)\";\n"
	"    args = ( { index = 4; op = \"gt\"; value = 100; } ); },\n"
	"  { syscall = \"getegid\"; action = \"errno(EFAULT)\";\n"
	"    args = ( { index = 5; op = \"ge\"; value = 100; } ); },\n"
	"  { syscall = \"gettid\"; action = \"errno(EFBIG)\";\n"
	"    args = ( { index = 0; op = \"masked_eq\"; mask = 0xf0; value = 0x60; } ); },\n"
	"  { syscall = \"getpgrp\"; action = \"errno(EILSEQ)\";\n"
	"    args = ( { index = 1; op = \"masked_ne\"; mask = 0xf0; value = 0x60; } ); },\n"
	"  { syscall = \"sched_yield\"; action = \"errno(EISDIR)\";\n"
	"    args = ( { index = 0; op = \"eq\"; value = 7; }, { index = 2; op = \"gt\"; value = 9; "
	"} ); }\n"
	");\n";

struct probe_call {
	long number;
	uint64_t args[6];
};

static int call_under_filter(void *context)
{
	const struct probe_call *call = context;
	struct policy *policy;
	struct filter filter;
	struct diag_list diags = { 0 };
	long result;

	if (live_compile(every_op_policy, 0, &policy, &filter) < 0 ||
	    load_filter(&filter, &diags) < 0)
		return 255;
	result = syscall(call->number, call->args[0], call->args[1], call->args[2], call->args[3],
			 call->args[4], call->args[5]);
	return result < 0 ? errno : 0;
}

/* What explain answers, as an errno (0 for allow), or -1. */
static int explain_answer(const char *policy, const char *name, const uint64_t args[6])
{
	char values[6][32], expected[64];
	const char *argv[12] = { "explain", policy, name };
	struct live_output output;
	int answer = -1;

	for (int i = 0; i < 6; i++) {
		snprintf(values[i], sizeof(values[i]), "%#llx", (unsigned long long)args[i]);
		argv[3 + i] = values[i];
	}
	argv[9] = NULL;
	if (run_preseal_plain(argv, &output) < 0)
		return -1;
	if (strstr(output.out, "): allow"))
		answer = 0;
	for (int e = 1; e < 134 && answer < 0; e++) {
		snprintf(expected, sizeof(expected), "): errno(%s)", strerrorname_np(e) ?: "?");
		if (strerrorname_np(e) && strstr(output.out, expected))
			answer = e;
	}
	live_output_free(&output);
	return answer;
}

static void explain_agrees_with_the_kernel_for_every_op(void)
{
	static const struct {
		const char *name;
		long number;
		unsigned index;
	} calls[] = {
		{ "getpid", SYS_getpid, 0 },	       { "getppid", SYS_getppid, 1 },
		{ "getuid", SYS_getuid, 2 },	       { "geteuid", SYS_geteuid, 3 },
		{ "getgid", SYS_getgid, 4 },	       { "getegid", SYS_getegid, 5 },
		{ "gettid", SYS_gettid, 0 },	       { "getpgrp", SYS_getpgrp, 1 },
		{ "sched_yield", SYS_sched_yield, 2 },
	};
	static const uint64_t values[] = { 0,	 7,    9,  10,	0x5f, 0x60,	      0x61,
					   0x6f, 0x70, 99, 100, 101,  0x100000064ull, UINT64_MAX };
	char policy[4096];

	if (make_temp() < 0)
		return;
	live_write_file(temp, "ops.cfg", every_op_policy, 0644, policy, sizeof(policy));
	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++)
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			struct probe_call call = { .number = calls[c].number };
			struct live_status status;
			int said;

			call.args[calls[c].index] = values[v];
			if (calls[c].number == SYS_sched_yield)
				call.args[0] = 7;
			said = explain_answer(policy, calls[c].name, call.args);
			status = live_fork(call_under_filter, &call);
			LIVE_EXPECT(status.exited && status.code == said,
				    "%s(arg%u=%#llx): explain says %d, the kernel %d",
				    calls[c].name, calls[c].index, (unsigned long long)values[v],
				    said, status.code);
		}
	live_remove_tree(temp);
}

static void explain_names_the_rule_and_line(void)
{
	const char *args[] = { "explain", "baseline", "clone", "CLONE_NEWUSER|SIGCHLD", NULL };
	const char *allowed[] = { "explain", "baseline", "read", NULL };
	struct live_output output;

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, ": errno(EPERM)") != NULL, "out %s", output.out);
		LIVE_EXPECT(strstr(output.out, "from: default_action at baseline:") != NULL,
			    "out %s", output.out);
		live_output_free(&output);
	}
	if (run_preseal_plain(allowed, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "read() on native (nr 0): allow") != NULL, "out %s",
			    output.out);
		LIVE_EXPECT(strstr(output.out, "(via @basic-io)") != NULL, "out %s", output.out);
		live_output_free(&output);
	}
}

/* socket's family is an int: explain says what the kernel reads of
 * 0x100000011 and decides on that, as the filter does. */
static void explain_shows_what_the_kernel_reads_of_an_int_argument(void)
{
	char policy[512];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "packet.cfg",
			"default_action = \"allow\";\n"
			"rules = ( { syscall = \"socket\"; action = \"errno(EPERM)\";\n"
			"  args = ( { index = 0; op = \"eq\"; value = \"AF_PACKET\"; } ); } );\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "explain", policy, "socket", "0x100000011", "SOCK_RAW", NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "socket(0x100000011, 0x3) on native (nr ") &&
				    strstr(output.out,
					   "): errno(EPERM)\n"
					   "  arg 0 is an int: the kernel reads 17 from "
					   "0x100000011, and the filter decides on that\n"
					   "  from: "),
			    "out %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_answers_for_another_architecture(void)
{
	char policy[512];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(
		temp, "x86.cfg",
		"default_action = \"errno(EPERM)\";\narchitectures = [ \"native\", \"x86\" ];\n"
		"allow = [ \"getpid\" ];\n",
		0644, policy, sizeof(policy));
	/* getpid is 20 on i386 and 39 on x86_64: the answer names the table used. */
	const char *args[] = { "explain", "--arch", "x86", policy, "getpid", NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "getpid() on x86 (nr 20): allow") != NULL,
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* ---- groups, help, usage ------------------------------------------------ */

static void groups_lists_members_and_descriptions(void)
{
	const char *one[] = { "groups", "@io-uring", NULL };
	const char *all[] = { "groups", NULL };
	struct live_output output;

	if (run_preseal_plain(one, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "io_uring_setup") &&
				    strstr(output.out, "# io_uring"),
			    "out %s", output.out);
		live_output_free(&output);
	}
	if (run_preseal_plain(all, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "@system-service") &&
				    strstr(output.out, "# Ungrouped"),
			    "out %.400s", output.out);
		live_output_free(&output);
	}
}

static void unknown_verb_and_option_exit_2_with_usage(void)
{
	const char *verb[] = { "frobnicate", NULL };
	const char *option[] = { "check", "--frobnicate", "baseline", NULL };
	struct live_output output;

	if (run_preseal_plain(verb, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 2), "err %s", output.err);
		LIVE_EXPECT(strstr(output.err, "unknown verb 'frobnicate'") &&
				    strstr(output.err, "usage:"),
			    "err %s", output.err);
		live_output_free(&output);
	}
	if (run_preseal_plain(option, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 2), "err %s", output.err);
		LIVE_EXPECT(strstr(output.err, "usage: preseal check"), "err %s", output.err);
		live_output_free(&output);
	}
}

static void help_and_version_exit_0(void)
{
	const char *help[] = { "run", "--help", NULL };
	const char *version[] = { "--version", NULL };
	struct live_output output;

	if (run_preseal_plain(help, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    strstr(output.out, "usage: preseal run"),
			    "out %s", output.out);
		live_output_free(&output);
	}
	if (run_preseal_plain(version, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "preseal " PRESEAL_VERSION) != NULL, "out %s",
			    output.out);
		live_output_free(&output);
	}
}

/* ---- libseccomp's generator, bounded or gone ------------------------------ */

/* libseccomp 2.5.4 never finishes two rules for one syscall that share a
 * range check on one argument and differ in kind on another: with x86
 * listed it built the loaded filter, and check, run and the shim spun
 * until killed.  preseal's own generator builds it now.  (live_run gives
 * each command LIVE_TIMEOUT seconds.) */
static const char shared_range_x86[] =
	"default_action = \"errno(EPERM)\";\n"
	"architectures = [ \"native\", \"x86\" ];\n"
	"allow = [ \"@default\" ];\n"
	"rules = ( { syscall = \"ioctl\"; action = \"allow\";\n"
	"            args = ( { index = 1; op = \"ge\"; value = 1; },\n"
	"                     { index = 2; op = \"lt\"; value = 10; } ); },\n"
	"          { syscall = \"ioctl\"; action = \"allow\";\n"
	"            args = ( { index = 1; op = \"ge\"; value = 1; },\n"
	"                     { index = 2; op = \"eq\"; value = 20; } ); } );\n";

static void check_finishes_rules_libseccomp_never_finishes(void)
{
	char policy[512], shown[64];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "range.cfg", shared_range_x86, 0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "%s; stderr: %s",
			    live_describe(output.status, shown, sizeof(shown)), output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void run_finishes_rules_libseccomp_never_finishes(void)
{
	char policy[512], shown[64];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "range.cfg", shared_range_x86, 0644, policy, sizeof(policy));
	const char *args[] = { "run", "-p", policy, "--", "/bin/sh", "-c", "exit 7", NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 7), "%s; stderr: %s",
			    live_describe(output.status, shown, sizeof(shown)), output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void shim_finishes_rules_libseccomp_never_finishes(void)
{
	char policy[512], shown[64];
	struct live_output output;
	struct live_env env;
	const char *argv[] = { "/bin/sh", "-c", "exit 7", NULL };

	if (make_temp() < 0)
		return;
	live_write_file(temp, "range.cfg", shared_range_x86, 0644, policy, sizeof(policy));
	live_env_init(&env);
	if (live_env_preload(&env) == 0) {
		live_env_set(&env, "PRESEAL_POLICY", "%s", policy);
		if (live_run(&(struct live_command){ .argv = argv, .env = env.items }, &output) ==
		    0) {
			LIVE_EXPECT(live_exited_with(output.status, 7), "%s; stderr: %s",
				    live_describe(output.status, shown, sizeof(shown)), output.err);
			live_output_free(&output);
		}
	}
	live_env_free(&env);
	live_remove_tree(temp);
}

/* export (what a runtime's libseccomp builds) and compile --format pfc
 * still need libseccomp: it runs in a child with a budget, and over it
 * the command refuses with one line and writes nothing.  No x86 needed.
 * prctl's arguments 1 and 2 are 64 bits wide (on ioctl's unsigned int
 * request a range becomes masked entries, which libseccomp finishes). */
static const char shared_range_native[] =
	"default_action = \"errno(EPERM)\";\n"
	"allow = [ \"@default\" ];\n"
	"rules = ( { syscall = \"prctl\"; action = \"allow\";\n"
	"            args = ( { index = 1; op = \"ge\"; value = 1; },\n"
	"                     { index = 2; op = \"lt\"; value = 10; } ); },\n"
	"          { syscall = \"prctl\"; action = \"allow\";\n"
	"            args = ( { index = 1; op = \"ge\"; value = 1; },\n"
	"                     { index = 2; op = \"eq\"; value = 20; } ); } );\n";

static void expect_libseccomp_refusal_at(unsigned at, const char *const *args, const char *out)
{
	char shown[64];
	struct live_output output;
	unsigned lines = 0;

	if (run_preseal_plain(args, &output) < 0)
		return;
	for (const char *c = output.err; *c; c++)
		lines += *c == '\n';
	live_expect_at(__FILE__, at, live_exited_with(output.status, 1), "%s; stderr: %s",
		       live_describe(output.status, shown, sizeof(shown)), output.err);
	live_expect_at(__FILE__, at,
		       lines == 1 && strstr(output.err, "libseccomp did not finish") != NULL,
		       "stderr: %s", output.err);
	live_expect_at(__FILE__, at, !live_path_exists(out), "%s was written", out);
	live_output_free(&output);
}

static void export_refuses_what_libseccomp_cannot_finish(void)
{
	char policy[512], out[512];

	if (make_temp() < 0)
		return;
	live_write_file(temp, "range.cfg", shared_range_native, 0644, policy, sizeof(policy));
	snprintf(out, sizeof(out), "%s/out.json", temp);
	const char *args[] = { "export", policy, "-o", out, NULL };

	expect_libseccomp_refusal_at(__LINE__, args, out);
	live_remove_tree(temp);
}

static void compile_pfc_refuses_what_libseccomp_cannot_finish(void)
{
	char policy[512], out[512];

	if (make_temp() < 0)
		return;
	live_write_file(temp, "range.cfg", shared_range_native, 0644, policy, sizeof(policy));
	snprintf(out, sizeof(out), "%s/out.pfc", temp);
	const char *args[] = { "compile", policy, "-o", out, "--format", "pfc", NULL };

	expect_libseccomp_refusal_at(__LINE__, args, out);
	live_remove_tree(temp);
}

/* explain names socket on x86 by its own number, 359, which the filter
 * decides (libseccomp's name lookup gives a pseudo-number). */
static void explain_finds_socket_under_its_x86_number(void)
{
	char policy[512];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "x86.cfg",
			"default_action = \"allow\";\narchitectures = [ \"native\", \"x86\" ];\n"
			"deny = [ \"socket\" ];\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "explain", "--arch", "x86", policy, "socket", NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "socket() on x86 (nr 359): errno(EPERM)") != NULL,
			    "out %s err %s", output.out, output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* ---- paths and ports: check and explain ---------------------------------- */

static void check_warns_when_write_of_root_makes_paths_pointless(void)
{
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "root.cfg",
			"default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n"
			"paths = {\n  read = [ \"/usr\" ];\n  write = [ \"/\" ];\n};\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };
	const char *strict[] = { "check", "--strict", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "warnings alone pass: %s",
			    output.err);
		LIVE_EXPECT(strstr(output.err, "root.cfg:5: warning: '/' is writable: every file "
					       "this user may write stays writable"),
			    "stderr: %s", output.err);
		LIVE_EXPECT(!strstr(output.err, "root.cfg:4:"), "stderr: %s", output.err);
		live_output_free(&output);
	}
	if (run_preseal_plain(strict, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 1), "--strict: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* A readable "/" makes an entry that only reads pointless: it looks like a
 * limit and is none. */
static void check_warns_when_read_of_root_hides_nothing(void)
{
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "root.cfg",
			"default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n"
			"paths = { read = [ \"/\", \"/etc\" ]; };\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(strstr(output.err, "root.cfg:3: warning: '/' is readable: every file "
					       "this user may read stays readable (~/.ssh, ~/.aws, "
					       "...), so '/etc' at line 3 limits nothing"),
			    "stderr: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* read = [ "/" ] alone limits what is written, not what is read (the
 * read-only profile): nothing to warn about. */
static void check_accepts_a_readable_root_that_only_limits_writing(void)
{
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "root.cfg",
			"default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n"
			"paths = { read = [ \"/\" ]; write = [ \"/tmp\" ]; };\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) &&
				    !strstr(output.err, "'/' is readable"),
			    "stderr: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void check_warns_about_a_path_that_does_not_exist(void)
{
	char policy[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(temp, "missing.cfg",
			"default_action = \"allow\";\ndeny = [ \"ptrace\" ];\n"
			"paths = {\n  read = [ \"/usr\",\n    \"/preseal-nonexistent/x\" ];\n};\n",
			0644, policy, sizeof(policy));
	const char *args[] = { "check", policy, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "stderr: %s", output.err);
		LIVE_EXPECT(strstr(output.err, "missing.cfg:5: warning: '/preseal-nonexistent/x' "
					       "does not exist here: it grants nothing"),
			    "stderr: %s", output.err);
		LIVE_EXPECT(!strstr(output.err, "missing.cfg:4:"), "stderr: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static const char paths_policy[] = "default_action = \"allow\";\n"
				   "paths = {\n"
				   "  read = [ \"/usr\" ];\n"
				   "  execute = [ \"/usr/bin\" ];\n"
				   "};\n"
				   "network = {\n"
				   "  connect = [ 443 ];\n"
				   "  bind = [ 8080 ];\n"
				   "};\n";

/* Runs `preseal explain TEMP/p.cfg QUESTION…` with POLICY; OUTPUT filled. */
static int explain_with(const char *policy_text, const char *const *question,
			struct live_output *output)
{
	char policy[4096];
	const char *args[8] = { "explain", policy };
	size_t count = 2;

	live_write_file(temp, "p.cfg", policy_text, 0644, policy, sizeof(policy));
	for (size_t i = 0; question[i] && count < 7; i++)
		args[count++] = question[i];
	args[count] = NULL;
	return run_preseal_plain(args, output);
}

static void explain_path_cites_every_rule_whose_rights_it_unions(void)
{
	const char *question[] = { "--path", "/usr/bin/ls", "read", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with(paths_policy, question, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "stderr: %s", output.err);
		LIVE_EXPECT(strstr(output.out, "read /usr/bin/ls: allowed (needs read_file)") &&
				    strstr(output.out, "p.cfg:3 /usr (read_file, read_dir)") &&
				    strstr(output.out,
					   "p.cfg:4 /usr/bin (execute, read_file, read_dir)"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_path_not_listed_is_denied_by_the_paths_key(void)
{
	const char *question[] = { "--path", "/etc/passwd", "read", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with(paths_policy, question, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0), "stderr: %s", output.err);
		LIVE_EXPECT(strstr(output.out, "read /etc/passwd: denied") &&
				    strstr(output.out, "not listed: denied (paths at ") &&
				    strstr(output.out, "p.cfg:2 handles it)"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* A relative --path is taken from the working folder, as a shell takes it. */
static void explain_path_takes_a_relative_path_from_the_working_folder(void)
{
	const char *question[] = { "--path", "tests/main.c", "read", NULL };
	struct live_output output;
	char here[PATH_MAX], expected[PATH_MAX + 64];

	if (make_temp() < 0 || !getcwd(here, sizeof(here)))
		return;
	snprintf(expected, sizeof(expected), "read %s/tests/main.c: denied", here);
	if (explain_with(paths_policy, question, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 0) && strstr(output.out, expected),
			    "out: %s err: %s", output.out, output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_path_execute_needs_execute_not_read(void)
{
	const char *question[] = { "--path", "/usr/share", "execute", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with(paths_policy, question, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "execute /usr/share: denied (needs execute)"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_path_shows_an_implied_entry_with_its_reason(void)
{
	const char *question[] = { "--path", "/dev/null", "write", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with(paths_policy, question, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "write /dev/null: allowed (needs write_file)") &&
				    strstr(output.out, "from: implied: /dev/null (write_file, "
						       "read_file, truncate): output thrown away"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* A symlink in an allowed folder to a file outside it: the kernel checks
 * the target, and so does explain. */
static void explain_path_follows_a_symlink_to_its_target(void)
{
	char policy_text[1024], secret[300], link[320], folder[290];
	const char *question[] = { "--path", link, "read", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	snprintf(folder, sizeof(folder), "%s/allowed", temp);
	snprintf(secret, sizeof(secret), "%s/secret", temp);
	snprintf(link, sizeof(link), "%s/link", folder);
	snprintf(policy_text, sizeof(policy_text), "paths = { read = [ \"%s\" ]; };\n", folder);
	if (mkdir(folder, 0755) == 0 && close(open(secret, O_CREAT | O_WRONLY, 0600)) == 0 &&
	    symlink(secret, link) == 0 && explain_with(policy_text, question, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, ": denied (needs read_file)") &&
				    strstr(output.out, "resolved: ") &&
				    strstr(output.out, "/secret (symlinks followed"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_path_without_paths_is_not_handled(void)
{
	const char *question[] = { "--path", "/etc/shadow", "read", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with("default_action = \"allow\";\n", question, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "read /etc/shadow: allowed\n  not handled: allowed "
					       "(the policy has no paths key)"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_connect_cites_the_port_line(void)
{
	const char *allowed[] = { "--connect", "443", NULL };
	const char *denied[] = { "--connect", "25", NULL };
	const char *bind[] = { "--bind", "443", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with(paths_policy, allowed, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "connect 443: allowed\n  from: ") &&
				    strstr(output.out, "p.cfg:7\n"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	if (explain_with(paths_policy, denied, &output) == 0) {
		LIVE_EXPECT(strstr(output.out,
				   "connect 25: denied\n  not listed: denied (network at ") &&
				    strstr(output.out, "p.cfg:6 handles it)"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	if (explain_with(paths_policy, bind, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "bind 443: denied"), "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_bind_without_network_is_not_handled(void)
{
	const char *question[] = { "--bind", "22", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with("default_action = \"allow\";\n", question, &output) == 0) {
		LIVE_EXPECT(strstr(output.out, "bind 22: allowed\n  not handled: allowed (the "
					       "policy has no network key)"),
			    "out: %s", output.out);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static void explain_path_with_an_unknown_operation_is_a_usage_error(void)
{
	const char *question[] = { "--path", "/usr", "delete", NULL };
	const char *port[] = { "--connect", "65536", NULL };
	struct live_output output;

	if (make_temp() < 0)
		return;
	if (explain_with(paths_policy, question, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 2) &&
				    strstr(output.err,
					   "the operation is read, write or execute, not "
					   "'delete'"),
			    "err: %s", output.err);
		live_output_free(&output);
	}
	if (explain_with(paths_policy, port, &output) == 0) {
		LIVE_EXPECT(live_exited_with(output.status, 2) &&
				    strstr(output.err, "--connect needs a TCP port 0-65535"),
			    "err: %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

/* `preseal run` with a policy that has paths never runs the program with
 * the seccomp part alone: the file outside them stays unread. */
static void run_with_paths_never_reads_a_file_outside_them(void)
{
	char policy[4096], secret[4096];
	struct live_output output;

	if (make_temp() < 0)
		return;
	live_write_file(
		temp, "p.cfg",
		"default_action = \"allow\";\npaths = { read = [ \"/usr\", \"/etc\" ]; };\n", 0644,
		policy, sizeof(policy));
	live_write_file(temp, "secret", "the secret\n", 0644, secret, sizeof(secret));
	const char *args[] = { "run", "-p", policy, "--", "/bin/cat", secret, NULL };

	if (run_preseal_plain(args, &output) == 0) {
		LIVE_EXPECT(!strstr(output.out, "the secret") &&
				    !live_exited_with(output.status, 0),
			    "cat read a file outside paths; stderr %s", output.err);
		live_output_free(&output);
	}
	live_remove_tree(temp);
}

static const struct test_case cases[] = {
	{ "explain_finds_socket_under_its_x86_number", explain_finds_socket_under_its_x86_number },
	{ "check_finishes_rules_libseccomp_never_finishes",
	  check_finishes_rules_libseccomp_never_finishes },
	{ "run_finishes_rules_libseccomp_never_finishes",
	  run_finishes_rules_libseccomp_never_finishes },
	{ "shim_finishes_rules_libseccomp_never_finishes",
	  shim_finishes_rules_libseccomp_never_finishes },
	{ "export_refuses_what_libseccomp_cannot_finish",
	  export_refuses_what_libseccomp_cannot_finish },
	{ "compile_pfc_refuses_what_libseccomp_cannot_finish",
	  compile_pfc_refuses_what_libseccomp_cannot_finish },
	{ "run_confines_a_dynamic_program", run_confines_a_dynamic_program },
	{ "run_applies_the_policy_given_with_p", run_applies_the_policy_given_with_p },
	{ "run_passes_the_exit_status_through", run_passes_the_exit_status_through },
	{ "run_reports_a_signal_death_as_128_plus_n", run_reports_a_signal_death_as_128_plus_n },
	{ "run_as_pid_1_reaps_orphans", run_as_pid_1_reaps_orphans },
	{ "run_command_not_found_is_127", run_command_not_found_is_127 },
	{ "run_command_not_executable_is_126", run_command_not_executable_is_126 },
	{ "run_confines_a_static_program_and_names_what_it_adds",
	  run_confines_a_static_program_and_names_what_it_adds },
	{ "run_confines_a_setuid_program", run_confines_a_setuid_program },
	{ "run_refuses_when_the_shim_is_missing", run_refuses_when_the_shim_is_missing },
	{ "run_refuses_when_ld_so_cannot_preload_the_shim",
	  run_refuses_when_ld_so_cannot_preload_the_shim },
	{ "run_gate_refuses_a_second_execve_through_the_path_address",
	  run_gate_refuses_a_second_execve_through_the_path_address },
	{ "run_gate_kills_a_later_execve_the_policy_kills",
	  run_gate_kills_a_later_execve_the_policy_kills },
	{ "run_gate_lets_the_shims_report_handler_work",
	  run_gate_lets_the_shims_report_handler_work },
	{ "run_treats_a_program_with_its_own_interpreter_as_static",
	  run_treats_a_program_with_its_own_interpreter_as_static },
	{ "run_stops_a_start_up_that_outlasts_the_timeout",
	  run_stops_a_start_up_that_outlasts_the_timeout },
	{ "run_p_refuses_a_group_writable_policy", run_p_refuses_a_group_writable_policy },
	{ "learn_p_refuses_a_group_writable_policy", learn_p_refuses_a_group_writable_policy },
	{ "check_reports_a_policy_the_shim_would_not_trust",
	  check_reports_a_policy_the_shim_would_not_trust },
	{ "run_under_the_same_policy_still_ends_its_start_up",
	  run_under_the_same_policy_still_ends_its_start_up },
	{ "run_leaves_no_internal_variable_in_the_environment",
	  run_leaves_no_internal_variable_in_the_environment },
	{ "check_reports_every_error_at_its_line_and_exits_1",
	  check_reports_every_error_at_its_line_and_exits_1 },
	{ "check_names_an_unknown_syscall_with_a_suggestion",
	  check_names_an_unknown_syscall_with_a_suggestion },
	{ "check_warns_about_policies_weaker_than_they_look",
	  check_warns_about_policies_weaker_than_they_look },
	{ "check_refuses_socket_argument_rules_with_x86_listed",
	  check_refuses_socket_argument_rules_with_x86_listed },
	{ "check_strict_turns_warnings_into_failure", check_strict_turns_warnings_into_failure },
	{ "check_warns_where_a_value_cannot_fit_the_argument",
	  check_warns_where_a_value_cannot_fit_the_argument },
	{ "check_accepts_the_baseline", check_accepts_the_baseline },
	{ "compile_output_is_loaded_by_bwrap", compile_output_is_loaded_by_bwrap },
	{ "compile_replaces_its_output_only_with_a_whole_program",
	  compile_replaces_its_output_only_with_a_whole_program },
	{ "explain_agrees_with_the_kernel_for_every_op",
	  explain_agrees_with_the_kernel_for_every_op },
	{ "explain_shows_what_the_kernel_reads_of_an_int_argument",
	  explain_shows_what_the_kernel_reads_of_an_int_argument },
	{ "explain_names_the_rule_and_line", explain_names_the_rule_and_line },
	{ "explain_answers_for_another_architecture", explain_answers_for_another_architecture },
	{ "shim_loads_a_compiled_policy", shim_loads_a_compiled_policy },
	{ "shim_refuses_a_group_writable_compiled_policy",
	  shim_refuses_a_group_writable_compiled_policy },
	{ "shim_refuses_a_truncated_compiled_policy", shim_refuses_a_truncated_compiled_policy },
	{ "shim_refuses_a_corrupt_compiled_policy", shim_refuses_a_corrupt_compiled_policy },
	{ "check_refuses_a_compiled_policy_as_source", check_refuses_a_compiled_policy_as_source },
	{ "groups_lists_members_and_descriptions", groups_lists_members_and_descriptions },
	{ "unknown_verb_and_option_exit_2_with_usage", unknown_verb_and_option_exit_2_with_usage },
	{ "help_and_version_exit_0", help_and_version_exit_0 },
	{ "check_warns_when_write_of_root_makes_paths_pointless",
	  check_warns_when_write_of_root_makes_paths_pointless },
	{ "check_warns_when_read_of_root_hides_nothing",
	  check_warns_when_read_of_root_hides_nothing },
	{ "check_accepts_a_readable_root_that_only_limits_writing",
	  check_accepts_a_readable_root_that_only_limits_writing },
	{ "check_warns_about_a_path_that_does_not_exist",
	  check_warns_about_a_path_that_does_not_exist },
	{ "explain_path_cites_every_rule_whose_rights_it_unions",
	  explain_path_cites_every_rule_whose_rights_it_unions },
	{ "explain_path_takes_a_relative_path_from_the_working_folder",
	  explain_path_takes_a_relative_path_from_the_working_folder },
	{ "explain_path_not_listed_is_denied_by_the_paths_key",
	  explain_path_not_listed_is_denied_by_the_paths_key },
	{ "explain_path_execute_needs_execute_not_read",
	  explain_path_execute_needs_execute_not_read },
	{ "explain_path_shows_an_implied_entry_with_its_reason",
	  explain_path_shows_an_implied_entry_with_its_reason },
	{ "explain_path_follows_a_symlink_to_its_target",
	  explain_path_follows_a_symlink_to_its_target },
	{ "explain_path_without_paths_is_not_handled", explain_path_without_paths_is_not_handled },
	{ "explain_connect_cites_the_port_line", explain_connect_cites_the_port_line },
	{ "explain_bind_without_network_is_not_handled",
	  explain_bind_without_network_is_not_handled },
	{ "explain_path_with_an_unknown_operation_is_a_usage_error",
	  explain_path_with_an_unknown_operation_is_a_usage_error },
	{ "run_with_paths_never_reads_a_file_outside_them",
	  run_with_paths_never_reads_a_file_outside_them },
	{ NULL, NULL },
};

const struct test_suite suite_cli = { "cli", cases };
