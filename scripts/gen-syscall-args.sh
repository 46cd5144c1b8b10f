#!/bin/sh
# gen-syscall-args.sh: writes config/syscall-args.list from the kernel's own
# prototypes.  Run by hand when the kernel grows syscalls; its output is
# committed, and the build reads only the list (scripts/gen-arg-widths.sh).
#
#   scripts/gen-syscall-args.sh COMMON_DIR AMD64_DIR >config/syscall-args.list
#
# COMMON_DIR is the tree of Debian's linux-headers-VERSION-common package,
# AMD64_DIR that of linux-headers-VERSION-amd64 (both from `apt-get download`
# and `dpkg-deb -x`, e.g. /tmp/x/usr/src/linux-headers-6.1.0-53-common).
# They give:
#   include/linux/syscalls.h         every generic sys_*() prototype
#   include/uapi/asm-generic/unistd.h the generic table (aarch64, riscv64, …)
#   arch/x86/include/generated/uapi/asm/unistd_64.h and
#   arch/x86/include/generated/asm/syscalls_64.h  x86_64's names and entries
#
# The kernel's SYSCALL_DEFINEx wrappers receive every argument as a 64-bit
# register and cast it to the declared type (__SC_CAST) before the syscall
# sees it: an int argument is the low 32 bits, whatever the upper ones say.
# Each argument is written as the class of that type:
#   64   long, unsigned long, size_t, loff_t, pointers, …: all 64 bits
#   s32  int, pid_t, clockid_t, key_serial_t, mqd_t, timer_t, key_t, rwf_t
#   u32  unsigned int, u32, uid_t, gid_t, qid_t, enums
#   u16  umode_t, old_uid_t, old_gid_t
# A syscall whose entries on x86_64 and in the generic table have different
# prototypes keeps, for each argument, the class of both when they agree and
# 64 otherwise.  A syscall whose entry has no prototype in syscalls.h (the
# architectures' own: arch_prctl, mmap on x86_64, rt_sigreturn, …) is left
# out, unless written by hand below (x86_64's arch_prctl, get/set_thread_area,
# iopl, modify_ldt, mmap, rt_sigreturn, and syscalls newer than the headers):
# preseal then compares all 64 bits of each of its arguments, as before.
# A number the kernel answers with sys_ni_syscall (ENOSYS) reads no argument.
# A function with one prototype per configuration (sys_clone) keeps a class
# where they agree, 64 where they differ; the CONFIG_ARCH_SPLIT_ARG64 ones
# are 32-bit architectures' and left out.
# An unknown type stops the script.
set -eu

me=gen-syscall-args.sh
if [ "$#" -ne 2 ]; then
	echo "usage: $me COMMON_DIR AMD64_DIR" >&2
	exit 2
fi
common=$1
amd64=$2
LC_ALL=C
export LC_ALL
for file in "$common/include/linux/syscalls.h" "$common/include/uapi/asm-generic/unistd.h" \
	"$amd64/arch/x86/include/generated/uapi/asm/unistd_64.h" \
	"$amd64/arch/x86/include/generated/asm/syscalls_64.h"; do
	if [ ! -r "$file" ]; then
		echo "$me: cannot read $file" >&2
		exit 1
	fi
done
version=$(basename "$common")
work=$(mktemp -d "${TMPDIR:-/tmp}/gen-syscall-args.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# syscalls.h -> prototypes: FUNCTION TAB CLASS CLASS …
awk -v me="$me" '
function class_of(type) {
	if (type ~ /[*\[]/)
		return "64"
	type = " " type " "
	gsub(/[ \t]+/, " ", type)
	while (type ~ / (const|volatile|__user) /)
		sub(/ (const|volatile|__user) /, " ", type)
	sub(/^ /, "", type)
	sub(/ $/, "", type)
	if (type in classes)
		return classes[type]
	if (type ~ /^enum [a-z_0-9]+$/)
		return "u32"
	return ""
}
# Two prototypes of one function (sys_clone has one per configuration): an
# argument keeps its class where they agree, else 64.
function merge(a, b,    n, m, i, x, y, out) {
	n = split(a, x, " ")
	m = split(b, y, " ")
	out = ""
	for (i = 1; i <= (n > m ? n : m); i++)
		out = out (i > 1 ? " " : "") (x[i] == y[i] ? x[i] : "64")
	return out
}
BEGIN {
	split("long|unsigned long|long long|unsigned long long|size_t|ssize_t|loff_t|off_t|" \
	      "aio_context_t|u64|__u64|s64|__s64|old_sigset_t|__sighandler_t|" \
	      "cap_user_header_t|cap_user_data_t", wide, "|")
	for (i in wide)
		classes[wide[i]] = "64"
	split("int|signed int|pid_t|clockid_t|key_serial_t|mqd_t|timer_t|key_t|rwf_t|__s32|s32",
	      s32, "|")
	for (i in s32)
		classes[s32[i]] = "s32"
	split("unsigned|unsigned int|u32|__u32|uint32_t|uid_t|gid_t|qid_t", u32, "|")
	for (i in u32)
		classes[u32[i]] = "u32"
	split("umode_t|old_uid_t|old_gid_t|unsigned short|u16|__u16", u16, "|")
	for (i in u16)
		classes[u16[i]] = "u16"
}
# Only 32-bit architectures split a 64-bit argument in two registers.
/^#if defined\(CONFIG_ARCH_SPLIT_ARG64\)/ { split_arg64 = 1; next }
split_arg64 && /^#(else|endif)/ { split_arg64 = 0; next }
split_arg64 { next }
/^asmlinkage long sys_[a-z0-9_]+\(/ {
	line = $0
	while (line !~ /\);/ && (getline more) > 0)
		line = line " " more
	name = line
	sub(/^asmlinkage long /, "", name)
	sub(/\(.*/, "", name)
	params = line
	sub(/^[^(]*\(/, "", params)
	sub(/\);.*/, "", params)
	gsub(/[ \t]+/, " ", params)
	out = ""
	if (params != "void") {
		n = split(params, param, ",")
		for (i = 1; i <= n; i++) {
			class = class_of(param[i])
			if (class == "") {
				# the parameter has a name: drop it
				type = param[i]
				sub(/[A-Za-z_0-9]+[ ]*$/, "", type)
				class = class_of(type)
			}
			if (class == "") {
				printf "%s: unknown type in %s: %s\n", me, name, param[i] > "/dev/stderr"
				exit 1
			}
			out = out (out == "" ? "" : " ") class
		}
	}
	if (name in seen)
		out = merge(seen[name], out)
	seen[name] = out
}
END {
	for (name in seen)
		printf "%s\t%s\n", name, seen[name]
}' "$common/include/linux/syscalls.h" >"$work/prototypes"

# x86_64: NAME TAB FUNCTION
awk '
FNR == NR && /^#define __NR_[a-z0-9_]+ [0-9]+$/ {
	name[$3] = substr($2, 6)
	next
}
FNR != NR && /^__SYSCALL\([0-9]+, sys_[a-z0-9_]+\)/ {
	split(substr($0, 11), part, /[, )]+/)
	if (part[1] in name)
		printf "%s\t%s\n", name[part[1]], part[2]
}' "$amd64/arch/x86/include/generated/uapi/asm/unistd_64.h" \
	"$amd64/arch/x86/include/generated/asm/syscalls_64.h" >"$work/table"

# The generic table, as a 64-bit architecture builds it: __SC_3264 takes
# its 64-bit entry, __SC_COMP its native one, and __NR3264_* numbers go by
# the names the 64-bit section gives them.
awk '
/^#if __BITS_PER_LONG == 64 && !defined\(__SYSCALL_COMPAT\)/ { in64 = 1 }
in64 && /^#else/ { in64 = 0 }
in64 && /^#define __NR_[a-z0-9_]+ __NR3264_[a-z0-9_]+$/ {
	alias[$3] = substr($2, 6)
}
/^__(SYSCALL|SC_COMP|SC_3264|SC_COMP_3264)\(/ {
	line = $0
	while (line !~ /\)/ && (getline more) > 0)
		line = line " " more
	macro = line
	sub(/\(.*/, "", macro)
	sub(/^[^(]*\(/, "", line)
	sub(/\).*/, "", line)
	gsub(/[ \t\\]+/, "", line)
	split(line, part, ",")
	function_name = part[2]
	if (macro == "__SC_3264" || macro == "__SC_COMP_3264")
		function_name = part[3]
	entry[part[1]] = function_name
}
END {
	for (nr in entry) {
		if (nr ~ /^__NR3264_/) {
			if (!(nr in alias))
				continue
			name = alias[nr]
		} else {
			name = substr(nr, 6)
		}
		if (entry[nr] ~ /^sys_/ && entry[nr] != "sys_ni_syscall")
			printf "%s\t%s\n", name, entry[nr]
	}
}' "$common/include/uapi/asm-generic/unistd.h" >>"$work/table"

# sys_ni_syscall (a number that only answers ENOSYS) reads no argument.
printf 'sys_ni_syscall\t\n' >>"$work/prototypes"

# NAME TAB CLASSES for every entry with a prototype, the two tables merged.
awk '
FNR == NR {
	split($0, field, "\t")
	prototype[field[1]] = field[2]
	next
}
{
	split($0, field, "\t")
	if (!(field[2] in prototype))
		next
	classes = prototype[field[2]]
	if (!(field[1] in merged)) {
		merged[field[1]] = classes
		next
	}
	n = split(merged[field[1]], old, " ")
	m = split(classes, new, " ")
	out = ""
	for (i = 1; i <= (n > m ? n : m); i++)
		out = out (i > 1 ? " " : "") (old[i] == new[i] ? old[i] : "64")
	merged[field[1]] = out
}
END {
	for (name in merged)
		printf "%s\t%s\n", name, merged[name]
}' "$work/prototypes" "$work/table" >"$work/merged"

# Written by hand, from the SYSCALL_DEFINEx of each: x86_64's own syscalls,
# which have no generic prototype, and syscalls newer than the headers.
# Each is added only where the headers do not already give it.
cat >"$work/by-hand" <<'LIST'
arch_prctl	s32 64
get_thread_area	64
set_thread_area	64
iopl	u32
modify_ldt	s32 64 64
mmap	64 64 64 64 64 64
rt_sigreturn	
cachestat	u32 64 64 u32
fchmodat2	s32 64 u16 u32
futex_requeue	64 u32 s32 s32
futex_wait	64 64 64 u32 64 s32
futex_wake	64 64 s32 u32
map_shadow_stack	64 64 u32
LIST
awk -F '\t' 'FNR == NR { seen[$1] = 1; print; next } !($1 in seen)' \
	"$work/merged" "$work/by-hand" | sort >"$work/list"

cat <<EOF
# syscall-args.list: the width of each syscall argument as the kernel reads it
# on a 64-bit architecture.  Generated by scripts/gen-syscall-args.sh from
# the prototypes of $version (include/linux/syscalls.h) and
# the x86_64 and generic syscall tables; regenerate rather than edit.
#
# Format: NAME, a tab, then one class per argument in order:
#   64   all 64 bits (long, unsigned long, size_t, loff_t, pointers, …)
#   s32  a signed 32-bit type (int, pid_t, clockid_t, key_serial_t, mqd_t, …)
#   u32  an unsigned 32-bit type (unsigned int, u32, uid_t, gid_t, enums)
#   u16  an unsigned 16-bit type (umode_t)
# The kernel casts each register to the declared type before the syscall
# reads it, so a narrow argument's upper bits never matter to the kernel.
# preseal compares such an argument's checks with the value the kernel reads,
# extended to 64 bits (sign-extended for s32, zero-extended otherwise): see
# preseal.cfg(5), "Argument width".  A syscall that is not listed (the
# architectures' own, without a generic prototype) has its arguments
# compared in all 64 bits; one listed without classes takes no argument or
# only answers ENOSYS.  Sorted by name (LC_ALL=C), one line each.
EOF
cat "$work/list"
