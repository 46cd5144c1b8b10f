#!/bin/sh
# Installs what preseal needs to build and test, when it is missing (the
# only part of the build that touches the system or the network; `make`
# itself needs neither).
#
#   scripts/deps.sh build     compilers and libraries (make all)
#   scripts/deps.sh test      the above, plus the real programs the tests run,
#                             valgrind, and the fuzzing tools (make test fuzzes)
#   scripts/deps.sh fuzz      the build's, plus clang and libFuzzer (make fuzz)
#   scripts/deps.sh bench     the build list, plus what `make bench` compares with
#   scripts/deps.sh package   the build list, plus what `make package-test` needs
#
# libconfig is not among them: Debian's libconfig.a is not
# position-independent, so the Makefile compiles libconfig 1.5's vendored
# sources (shim/third_party/libconfig-1.5) itself.
set -eu

what=${1:-build}

build_packages="gcc make libc6-dev libseccomp-dev libcunit1-dev patch libjansson-dev"
test_packages="coreutils python3 procps bubblewrap git curl nginx-light crun util-linux man-db valgrind openssl iproute2"
# Debian 12's clang is clang 14; libFuzzer and the sanitizer runtimes it
# links are in libclang-rt-14-dev.
fuzz_packages="clang libclang-rt-14-dev"
bench_packages="coreutils hyperfine bubblewrap firejail"
package_packages="build-essential dpkg-dev debhelper fakeroot lintian man-db curl python3 systemd"

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

missing=""
packages=$build_packages
[ "$what" = test ] && packages="$packages $test_packages $fuzz_packages"
[ "$what" = fuzz ] && packages="$packages $fuzz_packages"
[ "$what" = bench ] && packages="$packages $bench_packages"
[ "$what" = package ] && packages="$packages $package_packages"
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
