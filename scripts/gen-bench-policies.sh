#!/bin/sh
# Writes the policies `make bench` measures into OUT_DIR:
#   one-rule.cfg     the smallest filter that checks an argument: default
#                    allow, ioctl(…, TIOCSTI) refused (the per-call limit)
#   rules-360.cfg    an allow-list of 350 syscalls plus 10 argument rules
#                    (clone, ioctl, personality, socket, as Docker's and the
#                    baseline's), optimize = "tree"
#   rules-360-priority.cfg   the same with optimize = "priority"
#   rules-2000.cfg   2,000 argument rules (ioctl, fcntl, prctl, setsockopt
#                    value lists, one or two checked arguments each)
#   scripts/gen-bench-policies.sh PRESEAL OUT_DIR
set -eu
preseal=$1
out=$2
mkdir -p "$out"
header=/usr/include/x86_64-linux-gnu/asm/unistd_64.h
[ -r "$header" ] || header=$(echo '#include <asm/unistd.h>' | cc -E -H - 2>&1 >/dev/null |
	sed -n 's/^\.* \(.*unistd_64\.h\)$/\1/p' | head -1)

# The names libseccomp knows, without the ones the argument rules cover.
sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' "$header" |
	grep -vx -e ioctl -e clone -e personality -e socket >"$out/names.all"
printf 'default_action = "allow";\nallow = [\n' >"$out/probe.cfg"
sed 's/.*/"&",/' "$out/names.all" >>"$out/probe.cfg"
printf '"read" ];\n' >>"$out/probe.cfg"
"$preseal" check "$out/probe.cfg" 2>&1 | sed -n "s/.*unknown syscall '\([a-z0-9_]*\)'.*/\1/p" \
	>"$out/names.unknown" || true
grep -vxF -f "$out/names.unknown" "$out/names.all" | head -350 >"$out/names.350"
[ "$(wc -l <"$out/names.350")" = 350 ] || { echo "gen-bench-policies: too few syscalls" >&2; exit 1; }

arg_rules='rules = (
  { syscall = "clone"; action = "allow";
    args = ( { index = 0; op = "masked_eq"; value = 0;
               mask = "CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET"; } ); },
  { syscall = "ioctl"; action = "allow";
    args = ( { index = 1; op = "masked_ne"; mask = 0xffffffff; value = "TIOCSTI"; } ); },
  { syscall = "ioctl"; action = "errno(EIO)";
    args = ( { index = 1; op = "masked_eq"; mask = 0xffffffff; value = "TIOCSTI"; } ); },
  { syscall = "personality"; action = "allow"; args = ( { index = 0; op = "eq"; value = 0; } ); },
  { syscall = "personality"; action = "allow"; args = ( { index = 0; op = "eq"; value = 8; } ); },
  { syscall = "personality"; action = "allow"; args = ( { index = 0; op = "eq"; value = 0x20000; } ); },
  { syscall = "personality"; action = "allow"; args = ( { index = 0; op = "eq"; value = 0x20008; } ); },
  { syscall = "personality"; action = "allow"; args = ( { index = 0; op = "eq"; value = 0xffffffff; } ); },
  { syscall = "socket"; action = "allow"; args = ( { index = 0; op = "ne"; value = "AF_PACKET"; } ); },
  { syscall = "socket"; action = "errno(EAFNOSUPPORT)"; args = ( { index = 0; op = "eq"; value = "AF_PACKET"; } ); }
);'

rules_360() {
	printf '# 350 unconditional allows and 10 argument rules.\n'
	printf 'default_action = "errno(EPERM)";\noptimize = "%s";\nallow = [\n' "$1"
	sed 's/.*/  "&",/' "$out/names.350" | sed '$ s/,$//'
	printf '];\n%s\n' "$arg_rules"
}
rules_360 tree >"$out/rules-360.cfg"
rules_360 priority >"$out/rules-360-priority.cfg"

cat >"$out/one-rule.cfg" <<'POLICY'
# The smallest filter that checks an argument.
default_action = "allow";
rules = ( { syscall = "ioctl"; action = "errno(EIO)";
            args = ( { index = 1; op = "masked_eq"; mask = 0xffffffff; value = "TIOCSTI"; } ); } );
POLICY

{
	printf '# 2,000 argument rules.\ndefault_action = "errno(EPERM)";\n'
	printf 'allow = [ "@default", "@basic-io", "@file-system", "@process", "@signal" ];\nrules = (\n'
	awk 'BEGIN {
		for (i = 0; i < 2000; i++) {
			if (i < 1000)
				printf "{ syscall = \"ioctl\"; action = \"allow\"; args = ( { index = 1; op = \"eq\"; value = %d; } ); }", 21504 + i
			else if (i < 1300)
				printf "{ syscall = \"fcntl\"; action = \"allow\"; args = ( { index = 1; op = \"eq\"; value = %d; } ); }", i - 1000
			else if (i < 1600)
				printf "{ syscall = \"prctl\"; action = \"%s\"; args = ( { index = 0; op = \"eq\"; value = %d; } ); }", (i % 3 ? "allow" : "errno(EINVAL)"), i - 1300
			else
				printf "{ syscall = \"setsockopt\"; action = \"allow\"; args = ( { index = 1; op = \"eq\"; value = %d; }, { index = 2; op = \"masked_eq\"; mask = 0xffff; value = %d; } ); }", 1 + (i % 4), i - 1600
			printf "%s\n", (i < 1999 ? "," : "")
		}
	}'
	printf ');\n'
} >"$out/rules-2000.cfg"
rm -f "$out/probe.cfg" "$out/names.all" "$out/names.unknown"
