/* cli_oci: the tables `preseal import` and `preseal export` share.
 *
 * Small tables searched linearly: each is read a few times per command.
 */
#include "cli_oci.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Docker's names are those of its profiles' "arches" (GOARCH-like; the
 * MIPS n32 little-endian one really is spelt "mips3l64n32" there). */
static const struct oci_arch arches[] = {
	{ "x86_64", "SCMP_ARCH_X86_64", "amd64", SCMP_ARCH_X86_64 },
	{ "x86", "SCMP_ARCH_X86", "x86", SCMP_ARCH_X86 },
	{ "x32", "SCMP_ARCH_X32", "x32", SCMP_ARCH_X32 },
	{ "arm", "SCMP_ARCH_ARM", "arm", SCMP_ARCH_ARM },
	{ "aarch64", "SCMP_ARCH_AARCH64", "arm64", SCMP_ARCH_AARCH64 },
	{ "mips", "SCMP_ARCH_MIPS", "mips", SCMP_ARCH_MIPS },
	{ "mips64", "SCMP_ARCH_MIPS64", "mips64", SCMP_ARCH_MIPS64 },
	{ "mips64n32", "SCMP_ARCH_MIPS64N32", "mips64n32", SCMP_ARCH_MIPS64N32 },
	{ "mipsel", "SCMP_ARCH_MIPSEL", "mipsel", SCMP_ARCH_MIPSEL },
	{ "mipsel64", "SCMP_ARCH_MIPSEL64", "mipsel64", SCMP_ARCH_MIPSEL64 },
	{ "mipsel64n32", "SCMP_ARCH_MIPSEL64N32", "mips3l64n32", SCMP_ARCH_MIPSEL64N32 },
	{ "ppc", "SCMP_ARCH_PPC", "ppc", SCMP_ARCH_PPC },
	{ "ppc64", "SCMP_ARCH_PPC64", "ppc64", SCMP_ARCH_PPC64 },
	{ "ppc64le", "SCMP_ARCH_PPC64LE", "ppc64le", SCMP_ARCH_PPC64LE },
	{ "s390", "SCMP_ARCH_S390", "s390", SCMP_ARCH_S390 },
	{ "s390x", "SCMP_ARCH_S390X", "s390x", SCMP_ARCH_S390X },
	{ "parisc", "SCMP_ARCH_PARISC", "parisc", SCMP_ARCH_PARISC },
	{ "parisc64", "SCMP_ARCH_PARISC64", "parisc64", SCMP_ARCH_PARISC64 },
	{ "riscv64", "SCMP_ARCH_RISCV64", "riscv64", SCMP_ARCH_RISCV64 },
};

const struct oci_arch *oci_arch_by_token(uint32_t token)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].token == token)
			return &arches[i];
	return NULL;
}

const struct oci_arch *oci_arch_native(void)
{
	return oci_arch_by_token(seccomp_arch_native());
}

const struct oci_arch *oci_arch_by_name(const char *name)
{
	if (strcmp(name, "native") == 0)
		return oci_arch_native();
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].name, name) == 0 || strcmp(arches[i].docker, name) == 0)
			return &arches[i];
	return NULL;
}

const struct oci_arch *oci_arch_by_oci(const char *oci)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].oci, oci) == 0)
			return &arches[i];
	return NULL;
}

/* SCMP_ACT_KILL is libseccomp's old name for killing the thread.
 * SCMP_ACT_NOTIFY is listed so that import can refuse it by name. */
static const struct oci_action actions[] = {
	{ "SCMP_ACT_ALLOW", ACTION_ALLOW },
	{ "SCMP_ACT_ERRNO", ACTION_ERRNO },
	{ "SCMP_ACT_KILL", ACTION_KILL_THREAD },
	{ "SCMP_ACT_KILL_PROCESS", ACTION_KILL_PROCESS },
	{ "SCMP_ACT_KILL_THREAD", ACTION_KILL_THREAD },
	{ "SCMP_ACT_LOG", ACTION_LOG },
	{ "SCMP_ACT_NOTIFY", ACTION_USER_NOTIF },
	{ "SCMP_ACT_TRACE", ACTION_TRACE },
	{ "SCMP_ACT_TRAP", ACTION_TRAP },
};

/* Indexed by enum action_kind: what export writes. */
static const char *const action_names[] = {
	[ACTION_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[ACTION_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
	[ACTION_TRAP] = "SCMP_ACT_TRAP",
	[ACTION_ERRNO] = "SCMP_ACT_ERRNO",
	[ACTION_USER_NOTIF] = "SCMP_ACT_NOTIFY",
	[ACTION_TRACE] = "SCMP_ACT_TRACE",
	[ACTION_LOG] = "SCMP_ACT_LOG",
	[ACTION_ALLOW] = "SCMP_ACT_ALLOW",
};

const struct oci_action *oci_action_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcmp(actions[i].oci, name) == 0)
			return &actions[i];
	return NULL;
}

const char *oci_action_name(enum action_kind kind)
{
	return action_names[kind];
}

/* Indexed by enum arg_op; OP_MASKED_NE has none. */
static const char *const op_names[] = {
	[OP_EQ] = "SCMP_CMP_EQ",
	[OP_NE] = "SCMP_CMP_NE",
	[OP_LT] = "SCMP_CMP_LT",
	[OP_LE] = "SCMP_CMP_LE",
	[OP_GT] = "SCMP_CMP_GT",
	[OP_GE] = "SCMP_CMP_GE",
	[OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
	[OP_MASKED_NE] = NULL,
};

int oci_op_parse(const char *name, enum arg_op *op)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++) {
		if (op_names[i] && strcmp(op_names[i], name) == 0) {
			*op = (enum arg_op)i;
			return 0;
		}
	}
	return -1;
}

const char *oci_op_name(enum arg_op op)
{
	return op_names[op];
}

/* Indexed by capability number, as in <linux/capability.h>. */
static const char *const caps[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

/* Docker's default set, as its oci/caps/defaults.go lists it. */
static const char *const docker_default_caps[] = {
	"CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",	   "CAP_FOWNER",
	"CAP_MKNOD",   "CAP_NET_RAW",	   "CAP_SETGID",	   "CAP_SETUID",
	"CAP_SETFCAP", "CAP_SETPCAP",	   "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
	"CAP_KILL",    "CAP_AUDIT_WRITE",
};

int oci_cap_parse(const char *name, unsigned *number)
{
	const char *bare = strncasecmp(name, "CAP_", 4) == 0 ? name + 4 : name;

	for (unsigned i = 0; i < ARRAY_SIZE(caps); i++) {
		if (strcasecmp(caps[i] + 4, bare) == 0) {
			*number = i;
			return 0;
		}
	}
	return -1;
}

const char *oci_cap_name(unsigned number)
{
	return number < ARRAY_SIZE(caps) ? caps[number] : NULL;
}

unsigned oci_cap_count(void)
{
	return ARRAY_SIZE(caps);
}

uint64_t oci_docker_default_caps(void)
{
	uint64_t set = 0;
	unsigned number;

	for (size_t i = 0; i < ARRAY_SIZE(docker_default_caps); i++)
		if (oci_cap_parse(docker_default_caps[i], &number) == 0)
			set |= 1ull << number;
	return set;
}

/* Writes TEXT to PATH ("-": standard output) as io_replace_begin() does:
 * a reader never sees half a profile or policy, and a failed run leaves an
 * earlier PATH as it was. */
int oci_write_output(const char *path, const char *text, size_t size, struct diag_list *diags)
{
	struct io_replacement replacement = { .fd = -1 };

	if (strcmp(path, "-") == 0) {
		if (io_write_all(STDOUT_FILENO, text, size) == 0)
			return 0;
		diag_error(diags, NULL, 0, "cannot write to standard output: %s", strerror(errno));
		return -1;
	}
	if (io_replace_begin(&replacement, path) < 0 ||
	    io_replace_end(&replacement, path, io_write_all(replacement.fd, text, size)) < 0) {
		diag_error(diags, path, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}
