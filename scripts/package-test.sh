#!/bin/sh
# The Debian package, end to end (`make package-test`, run by CI after
# `make test`):
#   1. the repository's files (what a clone has, with the working tree's
#      contents) are copied into a scratch folder, which `make -n` shows
#      builds without installing anything;
#   2. `dpkg-buildpackage -us -uc -b` builds the package there with the
#      network unreachable (unshare -n), and lintian finds no error;
#   3. the .deb holds stripped binaries, compressed man pages, the profiles
#      under /usr/share/preseal and /etc/preseal; a -dbgsym package has the
#      debug symbols;
#   4. `dpkg -i` installs it; the installed shim confines real programs as
#      root and as nobody, through `preseal run` and through LD_PRELOAD, and
#      an administrator's profile in /etc/preseal is applied and cached;
#   5. `dpkg --purge` removes every file `dpkg -L` listed, and the cache
#      entry; only the administrator's own profile is left, as it should be.
# It needs root and a machine where the package may be installed: it
# refuses to run where preseal is installed already.
#   scripts/package-test.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
checks=0
skips=0
fail() {
	echo "package-test: FAILED: $*" >&2
	exit 1
}
ok() { checks=$((checks + 1)); }
skip() {
	skips=$((skips + 1))
	echo "package-test: skipped: $*" >&2
}

[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i, runuser)"
if dpkg-query -W -f='${Status}' preseal 2>/dev/null | grep -q 'installed\|config-files'; then
	fail "a preseal package is installed here already; purge it first"
fi
[ ! -e /usr/bin/preseal ] || fail "/usr/bin/preseal exists already (another install?)"

work=$(mktemp -d /tmp/preseal-package-XXXXXX)
site_profile=""
cleanup() {
	if dpkg-query -W -f='${Status}' preseal 2>/dev/null | grep -q 'installed\|config-files'; then
		dpkg --purge preseal >/dev/null 2>&1 || true
	fi
	[ -z "$site_profile" ] || rm -f "$site_profile"
	rmdir /etc/preseal 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
chmod 0755 "$work"

# ---- 1. A clone's files, and a build that installs nothing ---------------------
tree=$work/preseal
mkdir "$tree"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - --no-recursion) |
	tar -xf - -C "$tree"
[ ! -e "$tree/build" ] || fail "the copy has a build folder"
plan=$(cd "$tree" && make -n all 2>&1) || fail "make -n all failed: $plan"
installs=$(echo "$plan" | grep -E 'apt-get|scripts/deps\.sh|(^|[ ;&|(])(apt|sudo|wget|curl) ' || true)
[ -z "$installs" ] || fail "make all would install or download: $(echo "$installs" | head -1)"
ok

# ---- 2. dpkg-buildpackage, offline; lintian ------------------------------------
offline=""
if unshare -n true 2>/dev/null; then
	offline="unshare -n"
else
	skip "unshare -n is not allowed here: the package is built with the network up"
fi
if ! (cd "$tree" && $offline dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1); then
	tail -30 "$work/build.log" >&2
	fail "dpkg-buildpackage -us -uc -b failed (the log's end above)"
fi
ok
deb=$(ls "$work"/preseal_*.deb)
dbgsym=$(ls "$work"/preseal-dbgsym_*.*deb 2>/dev/null || true)
changes=$(ls "$work"/preseal_*.changes)
[ -n "$dbgsym" ] || fail "no preseal-dbgsym package was built"
ok
if lintian --fail-on error --no-tag-display-limit "$changes" >"$work/lintian.log" 2>&1; then
	ok
else
	cat "$work/lintian.log" >&2
	fail "lintian reports errors"
fi
grep -q '^W: ' "$work/lintian.log" && echo "package-test: lintian warnings:" >&2 &&
	grep '^W: ' "$work/lintian.log" >&2

# ---- 3. What the package holds --------------------------------------------------
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
for path in /usr/bin/preseal /usr/bin/preseal-entrypoint /usr/lib/preseal/libpreseal.so \
	/usr/lib/preseal/libpreseal-compiler.so /usr/share/preseal/profiles/baseline.cfg \
	/usr/share/man/man1/preseal.1.gz /usr/share/man/man5/preseal.cfg.5.gz \
	/usr/share/doc/preseal/copyright /etc/preseal/; do
	echo "$contents" | grep -qx "$path" || fail "the package has no $path"
done
ok
unpacked=$work/unpacked
dpkg-deb -x "$deb" "$unpacked"
for binary in usr/bin/preseal usr/lib/preseal/libpreseal.so usr/lib/preseal/libpreseal-compiler.so; do
	if readelf -S "$unpacked/$binary" | grep -q '\.debug_info\|\.symtab'; then
		fail "/$binary is not stripped"
	fi
done
ok
dpkg-deb -c "$dbgsym" >"$work/dbgsym.list"
grep -q '/usr/lib/debug/.build-id/.*\.debug$' "$work/dbgsym.list" ||
	fail "the -dbgsym package holds no debug symbols"
ok

# ---- 4. Installed, and used as root and as nobody -------------------------------
dpkg -i "$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }
listed=$(dpkg -L preseal)
[ -d /etc/preseal ] || fail "/etc/preseal was not made"
seccomp_of() { echo "$1" | awk '/^Seccomp:/ { print $2 }'; }
for user in root nobody; do
	out=$(runuser -u "$user" -- /usr/bin/preseal run -- /bin/cat /proc/self/status) ||
		fail "preseal run as $user failed"
	[ "$(seccomp_of "$out")" = 2 ] || fail "preseal run as $user did not confine"
	out=$(runuser -u "$user" -- env LD_PRELOAD=/usr/lib/preseal/libpreseal.so /bin/cat /proc/self/status) ||
		fail "LD_PRELOAD=/usr/lib/preseal/libpreseal.so as $user failed"
	[ "$(seccomp_of "$out")" = 2 ] || fail "the installed shim did not confine $user"
	# The baseline refuses a new user namespace: util-linux's unshare says so.
	if runuser -u "$user" -- env LD_PRELOAD=/usr/lib/preseal/libpreseal.so \
		/usr/bin/unshare -U /bin/true 2>"$work/unshare.err"; then
		fail "unshare -U ran under the installed shim as $user"
	fi
	grep -q 'Operation not permitted' "$work/unshare.err" ||
		fail "unshare -U as $user failed otherwise: $(cat "$work/unshare.err")"
	ok
done
# The administrator's profile, found first on the default path and cached
# beside itself by root's start.
site_profile=/etc/preseal/site-test.cfg
cat >"$site_profile" <<'POLICY'
default_action = "allow";
deny = [ "mkdir", "mkdirat" ];
deny_action = "errno(EACCES)";
POLICY
if PRESEAL_POLICY=site-test LD_PRELOAD=/usr/lib/preseal/libpreseal.so \
	/bin/mkdir "$work/made" 2>"$work/mkdir.err"; then
	fail "the administrator's profile in /etc/preseal was not applied"
fi
grep -q 'Permission denied' "$work/mkdir.err" || fail "mkdir failed otherwise: $(cat "$work/mkdir.err")"
[ -f /etc/preseal/.site-test.cfg.preseal-enforce ] || fail "root's start wrote no cache entry"
ok

# ---- 4b. The examples in docs/examples, against the installed package -----------
examples=$tree/docs/examples
# A server started as nobody, as the example starts it: it must answer on
# 127.0.0.1:PORT and run with a filter (Seccomp: 2 in its status).
serve_and_check() { # serve_and_check WHAT PORT COMMAND...
	what=$1
	port=$2
	shift 2
	runuser -u nobody -- "$@" >"$work/serve.log" 2>&1 &
	runner=$!
	code=000
	for _ in $(seq 50); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
		[ "$code" = 200 ] && break
		sleep 0.1
	done
	server=$(pgrep -u nobody -f "^/usr/bin/python3 -m http.server .* $port\$" | head -1 || true)
	seccomp=""
	[ -z "$server" ] || seccomp=$(awk '/^Seccomp:/ { print $2 }' "/proc/$server/status")
	[ -z "$server" ] || kill "$server" 2>/dev/null || true
	kill "$runner" 2>/dev/null || true
	wait "$runner" 2>/dev/null || true
	[ "$code" = 200 ] || fail "$what: no answer on port $port: $(tail -3 "$work/serve.log")"
	[ "$seccomp" = 2 ] || fail "$what: the server runs without a filter (Seccomp: $seccomp)"
	ok
}
mkdir "$work/units"
for unit in "$examples"/*.service; do
	name=$(basename "$unit")
	if command -v systemd-analyze >/dev/null; then
		if ! systemd-analyze verify "$unit" >"$work/verify.log" 2>&1 || [ -s "$work/verify.log" ]; then
			cat "$work/verify.log" >&2
			fail "systemd-analyze verify $name"
		fi
		ok
	else
		skip "systemd-analyze is absent: $name not verified"
	fi
	# Its Environment= and ExecStart= lines (no quoting in them), run as
	# DynamicUser= would, but by hand: systemd is not always PID 1 here.
	environment=$(sed -n 's/^Environment=//p' "$unit" | tr '\n' ' ')
	command=$(sed -n 's/^ExecStart=//p' "$unit")
	# shellcheck disable=SC2086
	serve_and_check "$name" "${command##* }" env $environment $command
done
dockerfile=$examples/Dockerfile
[ "$(sed -n 's/^FROM \([^ ]*\).*/\1/p' "$dockerfile" | head -1)" = debian:12 ] ||
	fail "the Dockerfile does not build in debian:12"
for list in $(sed -n 's|.*sh scripts/deps\.sh \([a-z]*\).*|\1|p' "$dockerfile"); do
	grep -q "\"\$what\" = $list \]" "$top/scripts/deps.sh" ||
		fail "the Dockerfile asks scripts/deps.sh for '$list', which it does not know"
done
grep -q '^RUN dpkg-buildpackage -us -uc -b ' "$dockerfile" ||
	fail "the Dockerfile does not build the package as this test does"
ls "$work"/preseal_*_"$(dpkg --print-architecture)".deb >/dev/null ||
	fail "no preseal_*_ARCH.deb, which the Dockerfile copies"
for path in $(grep -o '/usr/[a-z0-9/._-]*\|/etc/preseal/' "$dockerfile" | sort -u); do
	echo "$contents" | grep -qx "$path" || echo "$contents" | grep -qx "$path/" || [ -e "$path" ] ||
		fail "the Dockerfile names $path, which neither the package nor Debian has"
done
ok
# ENTRYPOINT and CMD as the image runs them (as nobody), on another port.
exec_form() { sed -n "s/^$1 \[\(.*\)\]\$/\1/p" "$dockerfile" | sed 's/", *"/\n/g; s/^"//; s/"$//'; }
set -f
old_ifs=$IFS
IFS='
'
# shellcheck disable=SC2046
set -- $(exec_form ENTRYPOINT) $(exec_form CMD | sed 's/^8080$/47082/')
IFS=$old_ifs
set +f
serve_and_check "the Dockerfile's ENTRYPOINT and CMD" 47082 "$@"

# ---- 5. Purged: nothing of it is left ------------------------------------------
dpkg --purge preseal >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge failed"; }
left=""
for path in $listed; do
	case $path in
	/etc/preseal) continue ;; # the administrator's profile keeps it: checked below
	/. | /etc | /usr | /usr/bin | /usr/lib | /usr/share | /usr/share/doc | /usr/share/man | \
		/usr/share/man/man1 | /usr/share/man/man5) continue ;;
	esac
	# A folder that other packages own too (/usr/share/bash-completion)
	# stays theirs.
	[ -d "$path" ] && dpkg -S "$path" >/dev/null 2>&1 && continue
	[ ! -e "$path" ] || left="$left $path"
done
[ ! -e /etc/preseal/.site-test.cfg.preseal-enforce ] || left="$left /etc/preseal/.site-test.cfg.preseal-enforce"
ls /var/lib/dpkg/info/preseal.* >/dev/null 2>&1 && left="$left /var/lib/dpkg/info/preseal.*"
[ -z "$left" ] || fail "purge left:$left"
[ "$(ls -A /etc/preseal)" = site-test.cfg ] || fail "purge did not keep exactly the administrator's profile"
rm -f "$site_profile"
rmdir /etc/preseal
site_profile=""
ok

echo "package-test: $checks checks passed, $skips skipped; lintian: $(grep -c '^W: ' "$work/lintian.log" || true) warnings"
