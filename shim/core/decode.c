/* decode: see decode.h.  The families are prefixes of the names in
 * config/constants.list: an argument is either one value of a family
 * (AF_INET6), or a set of single-bit flags (PROT_READ|PROT_EXEC), or both
 * (a socket type in the low bits, SOCK_CLOEXEC above them).  Where two names
 * have one value, the first in byte order that is not a known alias wins. */
#include "decode.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "argwidth.h"
#include "names.h"

#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))

struct family {
	const char *values;   /* prefixes of the value names, '|'-separated, or NULL */
	uint64_t value_mask;  /* the bits the value is read from */
	const char *flags;    /* prefix of the flag names, or NULL */
	const char *low_byte; /* clone: the low byte is a signal (prefix) */
	bool zero_plain;      /* 0 is written as 0, not by a name */
};

static const struct family address_family = { "AF_", ~0ull, NULL, NULL, false };
static const struct family socket_type = { "SOCK_", 0xf, "SOCK_", NULL, false };
static const struct family socket_flags = { NULL, 0, "SOCK_", NULL, false };
static const struct family protocol = { "IPPROTO_", ~0ull, NULL, NULL, true };
static const struct family clone_flags = { NULL, 0, "CLONE_", "SIG", false };
static const struct family namespace_flags = { NULL, 0, "CLONE_", NULL, false };
static const struct family protection = { "PROT_NONE", ~0ull, "PROT_", NULL, false };
static const struct family map_flags = { "MAP_", 0xf, "MAP_", NULL, false };
static const struct family open_flags = { "O_", 0x3, "O_", NULL, false };
static const struct family directory = { "AT_FDCWD", ~0ull, NULL, NULL, true };
static const struct family at_flags = { NULL, 0, "AT_", NULL, false };
static const struct family signal_number = { "SIG", ~0ull, NULL, NULL, true };
static const struct family ioctl_request = { "TIOC|TC|FIO|FI|SIOC|NS_", ~0ull, NULL, NULL, true };
static const struct family fcntl_command = { "F_", ~0ull, NULL, NULL, false };
static const struct family advice = { "MADV_", ~0ull, NULL, NULL, false };
static const struct family level = { "SOL_|IPPROTO_", ~0ull, NULL, NULL, false };
static const struct family ptrace_request = { "PTRACE_", ~0ull, NULL, NULL, false };
static const struct family memfd_flags = { NULL, 0, "MFD_", NULL, false };
static const struct family mount_flags = { NULL, 0, "MS_", NULL, false };
static const struct family seccomp_operation = { "SECCOMP_SET_MODE_|SECCOMP_GET_", ~0ull, NULL,
						 NULL, false };

/* Which argument of which syscall takes which family; sorted by name. */
static const struct {
	const char *syscall;
	unsigned index;
	const struct family *family;
} arguments[] = {
	{ "accept4", 3, &socket_flags },
	{ "clone", 0, &clone_flags },
	{ "execveat", 0, &directory },
	{ "execveat", 4, &at_flags },
	{ "faccessat", 0, &directory },
	{ "faccessat2", 0, &directory },
	{ "faccessat2", 3, &at_flags },
	{ "fchmodat", 0, &directory },
	{ "fchownat", 0, &directory },
	{ "fchownat", 4, &at_flags },
	{ "fcntl", 1, &fcntl_command },
	{ "getsockopt", 1, &level },
	{ "ioctl", 1, &ioctl_request },
	{ "kill", 1, &signal_number },
	{ "linkat", 0, &directory },
	{ "linkat", 2, &directory },
	{ "linkat", 4, &at_flags },
	{ "madvise", 2, &advice },
	{ "memfd_create", 1, &memfd_flags },
	{ "mkdirat", 0, &directory },
	{ "mknodat", 0, &directory },
	{ "mmap", 2, &protection },
	{ "mmap", 3, &map_flags },
	{ "mount", 3, &mount_flags },
	{ "mprotect", 2, &protection },
	{ "newfstatat", 0, &directory },
	{ "newfstatat", 3, &at_flags },
	{ "open", 1, &open_flags },
	{ "openat", 0, &directory },
	{ "openat", 2, &open_flags },
	{ "pidfd_send_signal", 1, &signal_number },
	{ "pkey_mprotect", 2, &protection },
	{ "ptrace", 0, &ptrace_request },
	{ "readlinkat", 0, &directory },
	{ "renameat", 0, &directory },
	{ "renameat", 2, &directory },
	{ "renameat2", 0, &directory },
	{ "renameat2", 2, &directory },
	{ "seccomp", 0, &seccomp_operation },
	{ "setns", 1, &namespace_flags },
	{ "setsockopt", 1, &level },
	{ "socket", 0, &address_family },
	{ "socket", 1, &socket_type },
	{ "socket", 2, &protocol },
	{ "socketpair", 0, &address_family },
	{ "socketpair", 1, &socket_type },
	{ "statx", 0, &directory },
	{ "statx", 2, &at_flags },
	{ "symlinkat", 1, &directory },
	{ "tgkill", 2, &signal_number },
	{ "tkill", 1, &signal_number },
	{ "unlinkat", 0, &directory },
	{ "unlinkat", 2, &at_flags },
	{ "unshare", 0, &namespace_flags },
	{ "utimensat", 0, &directory },
	{ "utimensat", 3, &at_flags },
};

/* Names that repeat another's value and read worse. */
static const char *const aliases[] = { "AF_FILE", "AF_LOCAL", "MAP_ANON", "MAP_FILE",
				       "O_FSYNC", "O_NDELAY", "O_RSYNC",  "SIGIOT",
				       "SIGPOLL", "SIGCLD",   "MAP_TYPE", "O_ACCMODE" };

/* ---- writing without allocating ------------------------------------------ */

struct out {
	char *buffer;
	int size;
	int used;
};

static void put(struct out *out, const char *text, size_t length)
{
	for (size_t i = 0; i < length && text[i] && out->used < out->size - 1; i++)
		out->buffer[out->used++] = text[i];
	if (out->size > 0)
		out->buffer[out->used] = '\0';
}

static void puts_(struct out *out, const char *text)
{
	put(out, text, strlen(text));
}

static void put_number(struct out *out, uint64_t value, unsigned base, bool negative)
{
	char digits[24];
	int count = 0;

	if (negative) {
		puts_(out, "-");
		value = -value;
	}
	do {
		digits[count++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	if (base == 16)
		puts_(out, "0x");
	else if (base == 8)
		puts_(out, "0");
	while (count > 0) {
		char one = digits[--count];

		put(out, &one, 1);
	}
}

/* ---- families ------------------------------------------------------------ */

static const struct family *family_of(const char *syscall, unsigned index)
{
	size_t low = 0, high = ARRAY_SIZE(arguments);

	while (low < high) {
		size_t middle = (low + high) / 2;
		int order = strcmp(syscall, arguments[middle].syscall);

		if (order == 0 && arguments[middle].index == index)
			return arguments[middle].family;
		if (order < 0 || (order == 0 && index < arguments[middle].index))
			high = middle;
		else
			low = middle + 1;
	}
	return NULL;
}

static bool is_alias(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(name, aliases[i]) == 0)
			return true;
	return false;
}

/* Does NAME start with one of PREFIXES ('|'-separated)? */
static bool has_prefix(const char *name, const char *prefixes)
{
	for (const char *prefix = prefixes; *prefix;) {
		size_t length = strcspn(prefix, "|");

		if (strncmp(name, prefix, length) == 0)
			return true;
		prefix += length;
		if (*prefix == '|')
			prefix++;
	}
	return false;
}

/* The name of VALUE among PREFIXES, the first prefix first, or NULL. */
static const char *value_name(const char *prefixes, uint64_t value)
{
	size_t count;
	const struct name_value *table = names_constant_table(&count);

	for (const char *prefix = prefixes; *prefix;) {
		size_t length = strcspn(prefix, "|");
		char one[NAMES_NAME_SIZE];

		if (length >= sizeof(one))
			return NULL;
		memcpy(one, prefix, length);
		one[length] = '\0';
		for (size_t i = 0; i < count; i++)
			if (table[i].value == value && has_prefix(table[i].name, one) &&
			    !is_alias(table[i].name))
				return table[i].name;
		prefix += length;
		if (*prefix == '|')
			prefix++;
	}
	return NULL;
}

/* VALUE's single-bit flags named FLAGS…, lowest bit first; what no name
 * covers is written as a number.  Returns whether anything was written. */
static bool put_flags(struct out *out, const char *flags, uint64_t value, bool written)
{
	size_t count;
	const struct name_value *table = names_constant_table(&count);

	for (unsigned bit = 0; bit < 64 && value; bit++) {
		uint64_t one = 1ull << bit;
		const char *name = NULL;

		if (!(value & one))
			continue;
		for (size_t i = 0; i < count && !name; i++)
			if (table[i].value == one && has_prefix(table[i].name, flags) &&
			    !is_alias(table[i].name))
				name = table[i].name;
		if (!name)
			continue;
		if (written)
			puts_(out, "|");
		puts_(out, name);
		written = true;
		value &= ~one;
	}
	if (value) {
		if (written)
			puts_(out, "|");
		put_number(out, value, 16, false);
		written = true;
	}
	return written;
}

static bool put_family(struct out *out, const struct family *family, uint64_t value)
{
	bool written = false;

	if (family->values) {
		uint64_t part = value & family->value_mask;
		const char *name =
			part || !family->zero_plain ? value_name(family->values, part) : NULL;

		if (!name && !family->flags)
			return false; /* a number, written by the caller */
		if (name) {
			puts_(out, name);
			written = true;
			value &= ~family->value_mask;
		} else if (part && family->value_mask != ~0ull) {
			put_number(out, part, 16, false);
			written = true;
			value &= ~family->value_mask;
		}
	}
	if (family->low_byte && (value & 0xff)) {
		const char *name = value_name(family->low_byte, value & 0xff);

		if (name) {
			value &= ~0xffull;
			if (family->flags)
				written = put_flags(out, family->flags, value, written);
			puts_(out, written ? "|" : "");
			puts_(out, name);
			return true;
		}
	}
	if (family->flags && value)
		written = put_flags(out, family->flags, value, written);
	if (!written)
		puts_(out, "0");
	return true;
}

static void put_plain(struct out *out, const char *syscall, unsigned index, uint64_t value)
{
	enum arg_width width = argwidth_of(syscall, index);
	uint64_t seen = argwidth_canonical(width, value);

	if (width == ARG_S32)
		put_number(out, seen, 10, (int64_t)seen < 0);
	else if (width == ARG_U16)
		put_number(out, seen, 8, false);
	else if (width == ARG_U32 || seen < 0x10000)
		put_number(out, seen, 10, false);
	else
		put_number(out, seen, 16, false);
}

static void put_argument(struct out *out, const char *syscall, unsigned index, uint64_t value)
{
	const struct family *family = family_of(syscall, index);
	uint64_t seen = argwidth_canonical(argwidth_of(syscall, index), value);

	if (!family || !put_family(out, family, seen))
		put_plain(out, syscall, index, value);
}

int decode_named(const char *name, unsigned index)
{
	return family_of(name, index) != NULL;
}

int decode_argument(char *buffer, int size, const char *name, unsigned index, uint64_t value)
{
	struct out out = { buffer, size, 0 };

	if (size <= 0)
		return 0;
	buffer[0] = '\0';
	put_argument(&out, name, index, value);
	return out.used;
}

int decode_call(char *buffer, int size, const char *name, const uint64_t args[6])
{
	struct out out = { buffer, size, 0 };
	int arity = argwidth_arity(name);

	if (size <= 0)
		return 0;
	buffer[0] = '\0';
	if (arity < 0 || arity > 6)
		arity = 6;
	puts_(&out, name);
	puts_(&out, "(");
	for (int i = 0; i < arity; i++) {
		if (i)
			puts_(&out, ", ");
		put_argument(&out, name, (unsigned)i, args[i]);
	}
	puts_(&out, ")");
	return out.used;
}
