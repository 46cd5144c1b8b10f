#!/bin/sh
# gen-names.sh: turns the name lists in config/ into the C tables of shim/core/names.c.
#
#   scripts/gen-names.sh CONFIG_DIR OUT.c
#
# Reads CONFIG_DIR/errnos.list, CONFIG_DIR/constants.list and
# CONFIG_DIR/groups.list (each file documents its own format) and writes one
# C file that shim/core/names.c #includes.  Every table is sorted by name in byte
# order (LC_ALL=C), as the binary searches of names.c require.  A duplicate
# name, a malformed line, a group without a description, a nested group that
# does not exist or a cycle among groups stops the build with FILE:LINE and
# a non-zero exit; OUT.c is then left untouched.
#
# No value is written into OUT.c: it names each macro and the C compiler
# supplies the number from the system headers.
set -eu

me=gen-names.sh
if [ "$#" -ne 2 ]; then
	echo "usage: $me CONFIG_DIR OUT.c" >&2
	exit 2
fi
config=$1
out=$2
for list in errnos constants groups; do
	if [ ! -r "$config/$list.list" ]; then
		echo "$me: cannot read $config/$list.list" >&2
		exit 1
	fi
done

LC_ALL=C
export LC_ALL
tab=$(printf '\t')
work=$(mktemp -d "${TMPDIR:-/tmp}/gen-names.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# Shared awk helpers: comment stripping, error reporting, duplicate check.
common='
function fail(message) {
	printf "%s: %s:%d: %s\n", me, FILENAME, FNR, message > "/dev/stderr"
	failed = 1
	exit 1
}
function strip(line) {
	sub(/#.*/, "", line)
	gsub(/[ \t]+$/, "", line)
	return line
}
function once(kind, name) {
	if (name in first_line)
		fail("duplicate " kind " " name " (first at line " first_line[name] ")")
	first_line[name] = FNR
}
END { if (failed) exit 1 }
'

# errnos.list -> errnos.tsv: NAME TAB ALIAS-TARGET (empty for a canonical name)
awk -v me="$me" "$common"'
{
	line = strip($0)
	if (line == "")
		next
	n = split(line, word, /[ \t]+/)
	if (word[1] == "")
		fail("a name must start the line")
	if (word[1] !~ /^E[A-Z0-9]+$/)
		fail("not an errno name: " word[1])
	if (n == 1)
		target = ""
	else if (n == 3 && word[2] == "=" && (word[3] in first_line))
		target = word[3]
	else if (n == 3 && word[2] == "=")
		fail("alias " word[1] " of " word[3] ", which is not listed above it")
	else
		fail("expected NAME or ALIAS = NAME")
	once("errno name", word[1])
	printf "%s\t%s\n", word[1], target
}' "$config/errnos.list" >"$work/errnos.tsv"
sort -t "$tab" -k1,1 -o "$work/errnos.tsv" "$work/errnos.tsv"

# constants.list -> constants.tsv: NAME TAB CONDITION (empty when unconditional)
awk -v me="$me" "$common"'
{
	line = strip($0)
	if (line == "")
		next
	if (line !~ /^[A-Za-z_][A-Za-z0-9_]*([ \t]|$)/)
		fail("not a constant name: " line)
	name = line
	sub(/[ \t].*/, "", name)
	rest = substr(line, length(name) + 1)
	sub(/^[ \t]+/, "", rest)
	condition = ""
	if (rest != "") {
		if (rest !~ /^if[ \t]+[^ \t]/)
			fail("expected NAME or NAME if CONDITION, got: " line)
		condition = rest
		sub(/^if[ \t]+/, "", condition)
	}
	once("constant", name)
	printf "%s\t%s\n", name, condition
}' "$config/constants.list" >"$work/constants.tsv"
sort -t "$tab" -k1,1 -o "$work/constants.tsv" "$work/constants.tsv"

# groups.list -> groups.tsv (NAME TAB DESCRIPTION) and members.tsv (GROUP TAB MEMBER)
awk -v me="$me" -v groups="$work/groups.tsv" -v members="$work/members.tsv" "$common"'
function end_group() {
	if (group != "" && count[group] == 0) {
		FNR = first_line[group]
		fail("group @" group " has no members")
	}
}
function visit(name, path,    i, n, list, member) {
	if (state[name] == "done")
		return
	if (state[name] == "open") {
		print me ": " FILENAME ": groups form a cycle: " path > "/dev/stderr"
		failed = 1
		exit 1
	}
	state[name] = "open"
	n = split(nested[name], list, " ")
	for (i = 1; i <= n; i++) {
		member = list[i]
		visit(member, path " -> @" member)
	}
	state[name] = "done"
}
{
	line = strip($0)
	if (line == "")
		next
	if (line ~ /^@/) {
		end_group()
		group = line
		sub(/[ \t].*/, "", group)
		group = substr(group, 2)
		if (group !~ /^[a-z0-9][a-z0-9-]*$/)
			fail("not a group name: @" group)
		description = substr(line, length(group) + 2)
		sub(/^[ \t]+/, "", description)
		if (description == "")
			fail("group @" group " has no description")
		if (description ~ /["\\]/)
			fail("a description may not contain a double quote or a backslash")
		if (group in first_line)
			fail("duplicate group @" group " (first at line " first_line[group] ")")
		first_line[group] = FNR
		count[group] = 0
		printf "%s\t%s\n", group, description > groups
		next
	}
	if (line !~ /^[ \t]/)
		fail("members must be indented under their @group line")
	if (group == "")
		fail("members before the first @group line")
	n = split(line, word, /[ \t]+/)
	for (i = 1; i <= n; i++) {
		member = word[i]
		if (member == "")
			continue
		if (member !~ /^@[a-z0-9][a-z0-9-]*$/ && member !~ /^[a-z0-9_]+$/)
			fail("not a syscall or @group name: " member)
		if ((group, member) in seen)
			fail("@" group " lists " member " twice (first at line " seen[group, member] ")")
		seen[group, member] = FNR
		count[group]++
		if (member ~ /^@/) {
			nested[group] = nested[group] " " substr(member, 2)
			nested_line[group, substr(member, 2)] = FNR
		}
		printf "%s\t%s\n", group, member > members
	}
}
END {
	if (failed)
		exit 1
	end_group()
	for (key in nested_line) {
		split(key, pair, SUBSEP)
		if (!(pair[2] in count)) {
			FNR = nested_line[key]
			fail("@" pair[1] " names @" pair[2] ", which is not a group")
		}
	}
	for (name in count)
		visit(name, "@" name)
}' "$config/groups.list"
sort -t "$tab" -k1,1 "$work/groups.tsv" >"$work/groups.sorted"
sort -t "$tab" -k1,1 -k2,2 "$work/members.tsv" >"$work/members.sorted"

# The C file.  Header choice: glibc's headers plus the uapi ones that do not
# clash with them (<linux/fcntl.h>, <linux/mount.h>, <asm/termbits.h> and
# <linux/personality.h> would, so their names come through glibc).
awk -v me="$me" -v errnos="$work/errnos.tsv" -v constants="$work/constants.tsv" \
	-v groups="$work/groups.sorted" -v members="$work/members.sorted" '
function too_long(message) {
	printf "%s: %s (names are held in fixed arrays, see shim/core/names.h)\n", me, message > "/dev/stderr"
	exit 1
}
function ident(group,    name) {
	name = group
	gsub(/-/, "_", name)
	return "names_group_" name
}
BEGIN {
	FS = "\t"
	print "/* Generated by scripts/gen-names.sh from config/errnos.list, config/constants.list"
	print " * and config/groups.list.  Do not edit: edit the lists.  #included by shim/core/names.c. */"
	print ""
	print "#ifndef _GNU_SOURCE"
	print "#error \"names_data.c needs _GNU_SOURCE, defined before the first system header\""
	print "#endif"
	print ""
	n = split("errno.h fcntl.h sched.h signal.h stdint.h stdio.h termios.h time.h unistd.h " \
		  "linux/capability.h linux/futex.h linux/netlink.h linux/nsfs.h linux/seccomp.h " \
		  "netinet/in.h netinet/tcp.h sys/epoll.h sys/eventfd.h sys/file.h sys/inotify.h " \
		  "sys/ioctl.h sys/ipc.h sys/mman.h sys/mount.h sys/personality.h sys/pidfd.h " \
		  "sys/prctl.h sys/ptrace.h sys/random.h sys/resource.h sys/shm.h sys/signalfd.h " \
		  "sys/socket.h sys/stat.h sys/timerfd.h sys/wait.h", header, " ")
	for (i = 1; i <= n; i++)
		print "#include <" header[i] ">"
	print "#if defined(__x86_64__) || defined(__i386__)"
	print "#include <asm/prctl.h>"
	print "#endif"
	print ""
	print "/* The argument as seccomp sees it: signed values sign-extended, unsigned ones"
	print " * zero-extended, whatever the width of the macro. */"
	print "#define NAMES_ARG(value) ((uint64_t)(int64_t)(value))"
	print ""

	print "static const struct name_value names_errno_data[] = {"
	while ((getline line < errnos) > 0) {
		split(line, field)
		if (length(field[1]) >= 16)
			too_long("errno name " field[1] " is longer than 15 characters")
		printf "\t{ \"%s\", (uint64_t)%s },\n", field[1], field[1]
		if (field[2] == "")
			canonical[++canonical_count] = field[1]
	}
	print "};"
	print ""
	print "/* Number -> name, canonical names only: aliases share their number. */"
	print "static const char names_errno_by_value[][16] = {"
	for (i = 1; i <= canonical_count; i++)
		printf "\t[%s] = \"%s\",\n", canonical[i], canonical[i]
	print "};"
	print ""

	print "static const struct name_value names_constant_data[] = {"
	while ((getline line < constants) > 0) {
		split(line, field)
		if (length(field[1]) >= 40)
			too_long("constant name " field[1] " is longer than NAMES_NAME_SIZE - 1")
		if (field[2] != "")
			printf "#if %s\n", field[2]
		printf "\t{ \"%s\", NAMES_ARG(%s) },\n", field[1], field[1]
		if (field[2] != "")
			print "#endif"
	}
	print "};"
	print ""

	while ((getline line < members) > 0) {
		split(line, field)
		if (field[1] != current) {
			if (current != "")
				print "};"
			current = field[1]
			printf "static const char *const %s[] = {\n", ident(current)
		}
		printf "\t\"%s\",\n", field[2]
	}
	if (current != "")
		print "};"
	print ""
	print "static const struct syscall_group names_group_data[] = {"
	while ((getline line < groups) > 0) {
		split(line, field)
		name = ident(field[1])
		printf "\t{ \"%s\", \"%s\",\n\t  %s, sizeof(%s) / sizeof(%s[0]) },\n", \
			field[1], field[2], name, name, name
	}
	print "};"
}' >"$work/out.c"

mkdir -p "$(dirname "$out")"
mv "$work/out.c" "$out.tmp"
mv "$out.tmp" "$out"
