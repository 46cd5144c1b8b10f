#!/bin/sh
# Installs what preseal needs to build and test, when it is missing, and
# prepares a position-independent libconfig from Debian's source package.
#
#   scripts/deps.sh build     compilers and libraries (make all)
#   scripts/deps.sh test      the above, plus the real programs the tests run,
#                             valgrind, and the fuzzing tools (make test fuzzes)
#   scripts/deps.sh fuzz      the build's, plus clang and libFuzzer (make fuzz)
#   scripts/deps.sh bench     the build list, plus what `make bench` compares with
#
# Debian's libconfig.a is not position-independent, so it cannot go into a
# shared object; its source package (same version, same patches policy) is
# compiled by the Makefile instead, so libpreseal.so needs neither libconfig
# nor libseccomp where it runs.
set -eu

what=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
third_party="$top/build/third_party"

build_packages="gcc make libc6-dev libseccomp-dev libcunit1-dev patch libjansson-dev"
test_packages="coreutils python3 procps bubblewrap git curl nginx-light crun util-linux man-db valgrind openssl iproute2"
# Debian 12's clang is clang 14; libFuzzer and the sanitizer runtimes it
# links are in libclang-rt-14-dev.
fuzz_packages="clang libclang-rt-14-dev"
bench_packages="coreutils hyperfine bubblewrap firejail"

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

missing=""
packages=$build_packages
[ "$what" = test ] && packages="$packages $test_packages $fuzz_packages"
[ "$what" = fuzz ] && packages="$packages $fuzz_packages"
[ "$what" = bench ] && packages="$packages $bench_packages"
for package in $packages; do
	dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $package"
done

updated=no
apt_update() {
	[ "$updated" = yes ] && return 0
	$sudo apt-get update -qq
	updated=yes
}

if [ -n "$missing" ]; then
	echo "preseal: installing:$missing"
	apt_update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

# libconfig's source, once, with preseal's changes applied, in name order:
# scripts/libconfig-1.5-includes.patch (@include resolved relative to the
# including file, as DESIGN.md fixes it, and absolute names used as given),
# scripts/libconfig-1.5-regular-includes.patch (an include must be a regular
# file of at most 4 MiB: a FIFO or /dev/zero would block or never end),
# scripts/libconfig-1.5-string-leak.patch (the string a syntax error
# discards is freed; found by the fuzzer) and
# scripts/libconfig-1.5-no-echo.patch (text no scanner rule matches is a
# syntax error, not copied to the program's stdout; found by the fuzzer).  The stamp names the patches by
# their checksum; other patches mean a fresh unpack.
stamp="$third_party/libconfig/.preseal-patch-$(cat "$top"/scripts/libconfig-1.5-*.patch | cksum | cut -d" " -f1)"
if [ ! -f "$stamp" ]; then
	mkdir -p "$third_party"
	download=$(mktemp -d)
	trap 'rm -rf "$download"' EXIT
	# apt downloads as _apt when it can; let it write here.
	if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
		chown _apt "$download"
	fi
	if ! (cd "$download" && apt-get source --download-only libconfig >/dev/null 2>&1); then
		if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
			! grep -qs '^deb-src' /etc/apt/sources.list; then
			echo "preseal: enabling Debian source packages to build libconfig"
			$sudo sh -c 'cat > /etc/apt/sources.list.d/preseal-deb-src.sources' <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
		fi
		updated=no
		apt_update
		(cd "$download" && apt-get source --download-only libconfig >/dev/null)
	fi
	tarball=$(ls "$download"/libconfig_*.orig.tar.gz)
	rm -rf "$third_party/libconfig"
	mkdir -p "$third_party/libconfig"
	tar -xzf "$tarball" -C "$third_party/libconfig" --strip-components=1
	for change in "$top"/scripts/libconfig-1.5-*.patch; do
		patch -s -p1 -d "$third_party/libconfig" <"$change"
	done
	touch "$stamp"
	echo "preseal: libconfig source $(basename "$tarball") unpacked and patched"
fi

