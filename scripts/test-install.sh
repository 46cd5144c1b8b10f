#!/bin/sh
# Installs into a temporary DESTDIR, runs the installed command, reads the
# installed man pages, uninstalls, and checks that nothing is left.
#   scripts/test-install.sh MAKE PREFIX      (called by `make test`)
# PREFIX must be the build's own, so nothing is rebuilt.
set -eu
make=$1
prefix=$2
dest=$(mktemp -d /tmp/preseal-install-XXXXXX)
trap 'rm -rf "$dest"' EXIT
fail() {
	echo "test-install: FAILED: $*" >&2
	exit 1
}

# A shared folder that exists before: uninstall must leave it.
mkdir -p "$dest$prefix/share/man/man1"
$make --no-print-directory -s install DESTDIR="$dest" >/dev/null
root=$dest$prefix
for file in bin/preseal bin/preseal-entrypoint lib/preseal/libpreseal.so \
	lib/preseal/libpreseal-compiler.so \
	share/preseal/profiles/baseline.cfg share/preseal/profiles/nginx.cfg \
	share/man/man1/preseal.1 share/man/man5/preseal.cfg.5 share/man/man1/preseal-entrypoint.1 \
	share/bash-completion/completions/preseal; do
	[ -f "$root/$file" ] || fail "$prefix/$file was not installed"
done

# The installed preseal finds the installed shim (../lib/preseal).
status=$(PRESEAL_PATH=/nonexistent "$root/bin/preseal" run -- /bin/cat /proc/self/status) ||
	fail "installed preseal run failed"
echo "$status" | grep -q '^Seccomp:[[:space:]]*2$' || fail "installed preseal run did not confine"
# The installed shim compiles a policy file with the module beside it.
PRESEAL_CACHE=off PRESEAL_POLICY=$root/share/preseal/profiles/read-only.cfg \
	LD_PRELOAD=$root/lib/preseal/libpreseal.so /bin/true ||
	fail "the installed shim could not compile a policy file (libpreseal-compiler.so)"
# The installed profiles are found by PRESEAL_PATH and pass check --strict.
for profile in "$root"/share/preseal/profiles/*.cfg; do
	name=$(basename "$profile" .cfg)
	[ "$name" = baseline ] && continue
	PRESEAL_PATH=$root/share/preseal/profiles "$root/bin/preseal" check -q --strict "$name" ||
		fail "installed profile $name does not pass check --strict"
done
# Starts from the installed layout, as root and as another user, with the
# cache on: an unchanged built-in profile is loaded as compiled at build
# time, so nothing is written beside it (uninstall below would find it left)
# and nothing anywhere else.
chmod 0755 "$dest"
marker=$dest/.before-starts
touch "$marker"
for user in root nobody; do
	for name in baseline read-only; do
		status=$(runuser -u "$user" -- env -u PRESEAL_CACHE PRESEAL_PATH="$root/share/preseal/profiles" \
			PRESEAL_POLICY="$name" LD_PRELOAD="$root/lib/preseal/libpreseal.so" \
			/bin/cat /proc/self/status) || fail "the installed shim with $name as $user failed"
		echo "$status" | grep -q '^Seccomp:[[:space:]]*2$' ||
			fail "the installed shim did not confine $user with $name"
	done
done
written=$(find "$dest" /var/cache/preseal -newer "$marker" ! -type d 2>/dev/null | tr '\n' ' ')
[ -z "$written" ] || fail "starts from the installed layout wrote: $written"
rm -f "$marker"
# The entrypoint beside it finds it.
PRESEAL_POLICY=read-only "$root/bin/preseal-entrypoint" /bin/true ||
	fail "installed preseal-entrypoint failed"
# bash-completion loads the installed script by the command's name, and it
# completes with the installed preseal.
if [ -x /bin/bash ]; then
	words=$(PATH=$root/bin:$PATH /bin/bash -c '. "$1"; COMP_WORDS=(preseal prof); COMP_CWORD=1;
		_preseal; echo "${COMPREPLY[*]}"' sh "$root/share/bash-completion/completions/preseal")
	[ "$words" = profiles ] || fail "the installed completion offered [$words] for 'preseal prof'"
fi
# The man pages render without warnings.
for page in man1/preseal.1 man5/preseal.cfg.5 man1/preseal-entrypoint.1; do
	warnings=$(MANWIDTH=80 man --warnings -l "$root/share/man/$page" 2>&1 >/dev/null)
	[ -z "$warnings" ] || fail "man $page: $warnings"
	MANWIDTH=80 man -l "$root/share/man/$page" 2>/dev/null | grep -q 'SEE ALSO' ||
		fail "man $page does not render"
done

$make --no-print-directory -s uninstall DESTDIR="$dest" >/dev/null
left=$(cd "$dest" && find . -mindepth 1 | sort | tr '\n' ' ')
expected=$(cd "$dest" && for dir in "$prefix/share/man/man1" "$prefix/share/man" "$prefix/share" "$prefix"; do
	while [ "$dir" != / ]; do
		echo ".$dir"
		dir=$(dirname "$dir")
	done
done | sort -u | tr '\n' ' ')
[ "$left" = "$expected" ] || fail "uninstall left [$left], expected [$expected]"
echo "test-install: install, run and uninstall in a DESTDIR: ok"
