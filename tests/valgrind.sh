#!/bin/sh
# Runs every verb of build/preseal, and the shim preloaded into a real
# program, under valgrind memcheck: any memory error, or any definitely or
# indirectly lost block, fails.  (Still-reachable blocks are libc's and
# libseccomp's caches, kept until exit by design.)
#
#   tests/valgrind.sh [BUILD]      BUILD defaults to build/
#
# The build must be unsanitized: valgrind and ASan cannot share a process.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
preseal="$build/preseal"
shim="$(cd "$build" && pwd)/libpreseal.so"
error=99
failed=0
ran=0

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind is not installed (scripts/deps.sh test installs it)" >&2
	exit 2
fi
if readelf -d "$preseal" | grep -q 'libasan'; then
	echo "valgrind.sh: $preseal is built with SANITIZE=1; valgrind needs a plain build" >&2
	exit 2
fi

trace=no
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

memcheck() {
	valgrind -q --trace-children=$trace --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=$error \
		--log-file="$work/valgrind.log" "$@"
}

# expect STATUS LABEL COMMAND…: runs COMMAND under memcheck; it must end
# with STATUS and valgrind must have nothing to say.
expect() {
	want=$1 label=$2
	shift 2
	ran=$((ran + 1))
	memcheck "$@" >"$work/out" 2>"$work/err" </dev/null
	got=$?
	# valgrind's own "--PID-- WARNING: unhandled syscall" notes are not
	# findings; every "==PID==" line is.
	if [ "$got" -ne "$want" ] || grep -q '^==[0-9]*==' "$work/valgrind.log"; then
		failed=$((failed + 1))
		echo "FAIL: $label: status $got (expected $want)"
		grep -v '^--[0-9]*--' "$work/valgrind.log" "$work/err" | sed 's/^/    /' | head -40
	else
		echo "ok: $label"
	fi
}

bad_policy="$work/bad.cfg"
printf 'default_action = "kill";\nallow = [ "opnat", "@nope" ];\nrules = ( { syscall = "read"; } );\n' >"$bad_policy"
syntax_error="$work/syntax.cfg"
printf 'default_action = "allow";\ndeny = [ "ptrace" \n' >"$syntax_error"
# A policy valgrind itself can live under: valgrind makes syscalls of its
# own (its scheduler, its signal machinery) that an allow-list would
# refuse, so the shim is checked with a default-allow policy.  The whole
# path still runs: read, model, compile, verify, load.
lenient="$work/lenient.cfg"
printf 'default_action = "allow";\ndeny = [ "kexec_load", "reboot" ];\nrules = ( { syscall = "socket"; action = "errno(EAFNOSUPPORT)"; args = ( { index = 0; op = "eq"; value = "AF_PACKET"; } ); } );\n' >"$lenient"
chmod 600 "$lenient"
# With a Landlock part: /proc for LeakSanitizer's own reads at exit, and
# for valgrind's launcher, which the shim confines too, execute on /usr,
# write on /tmp and the shim's folder, which its client preloads again.
paths="$work/paths.cfg"
printf 'default_action = "allow";\npaths = { read = [ "/etc", "/proc", "%s" ]; execute = [ "/usr" ]; write = [ "/tmp" ]; };\nnetwork = { connect = [ 443 ]; };\n' \
	"$(dirname "$shim")" >"$paths"
chmod 600 "$paths"

expect 0 "check baseline" "$preseal" check baseline
expect 0 "check the test policies" "$preseal" check tests/policies/good/contract.cfg tests/policies/good/numbers.cfg
expect 1 "check a policy with errors" "$preseal" check "$bad_policy"
expect 1 "check a syntax error" "$preseal" check "$syntax_error"
expect 1 "check a missing file" "$preseal" check "$work/missing.cfg"
expect 1 "check --strict baseline" "$preseal" check --strict baseline
expect 0 "compile --format bpf" "$preseal" compile baseline -o "$work/baseline.bpf"
expect 0 "compile --format pfc" "$preseal" compile baseline -o "$work/baseline.pfc" --format pfc
expect 0 "compile --format preseal" "$preseal" compile "$lenient" -o "$work/lenient.pbf" --format preseal
expect 0 "compile --format preseal, with paths" "$preseal" compile "$paths" -o "$work/paths.pbf" --format preseal
expect 1 "compile a bad policy" "$preseal" compile "$bad_policy" -o "$work/bad.bpf"
expect 0 "explain" "$preseal" explain baseline ioctl 0 TIOCSTI
expect 0 "explain --arch x86" "$preseal" explain --arch x86 baseline getpid
expect 2 "explain an unknown syscall" "$preseal" explain baseline opnat
expect 0 "groups" "$preseal" groups
expect 0 "groups @mount" "$preseal" groups @mount
expect 1 "groups @nope" "$preseal" groups @nope
expect 0 "export" "$preseal" export baseline -o "$work/baseline.json"
expect 0 "import what export wrote" "$preseal" import "$work/baseline.json" -o "$work/imported.cfg"
expect 1 "import bad JSON" "$preseal" import "$bad_policy" -o "$work/bad.cfg.out"
expect 0 "help" "$preseal" --help
expect 0 "run --help" "$preseal" run --help
expect 0 "version" "$preseal" --version
expect 2 "unknown verb" "$preseal" frobnicate
expect 2 "unknown option" "$preseal" check --frob baseline
# valgrind does not emulate seccomp(2): it answers ENOSYS.  So under
# valgrind `run` and the shim take their fail-closed path after doing all
# the work before the load (read, model, compile, verify); their success
# path is checked below with LeakSanitizer.
expect 125 "run, seccomp(2) missing" "$preseal" run -- /bin/true
expect 125 "run with a bad policy" "$preseal" run -p "$bad_policy" -- /bin/true
expect 1 "learn, seccomp(2) missing" "$preseal" learn -o "$work/learned.cfg" -- /bin/true

# The shim, preloaded into a real program that runs under valgrind (env is
# valgrind's client first, then execs true with the shim preloaded).
trace=yes
expect 125 "shim with a policy file, seccomp(2) missing" \
	env PRESEAL_POLICY="$lenient" LD_PRELOAD="$shim" /bin/true
expect 125 "shim with a compiled policy, seccomp(2) missing" \
	env PRESEAL_POLICY="$work/lenient.pbf" LD_PRELOAD="$shim" /bin/true
expect 125 "shim with paths, seccomp(2) missing" \
	env PRESEAL_POLICY="$paths" LD_PRELOAD="$shim" /bin/true
expect 125 "shim with paths compiled, seccomp(2) missing" \
	env PRESEAL_POLICY="$work/paths.pbf" LD_PRELOAD="$shim" /bin/true
expect 125 "shim refusing a bad policy" \
	env PRESEAL_POLICY="$bad_policy" LD_PRELOAD="$shim" /bin/true
expect 125 "shim refusing a syntax error" \
	env PRESEAL_POLICY="$syntax_error" LD_PRELOAD="$shim" /bin/true

# The success paths, with the filter really loaded: LeakSanitizer's own
# runtime is preloaded first (it needs no rebuild) and checks the heap at
# exit.  Its check needs syscalls of its own (clone, ptrace), so the
# policies here allow them.  Exit status 23 is LeakSanitizer's.
lsan=$(${CC:-gcc} -print-file-name=liblsan.so)
# leaks LABEL [VAR=VALUE…] COMMAND…: COMMAND (with the shim when
# extra_preload names it) must exit 0 with nothing leaked.
leaks() {
	label=$1
	shift
	ran=$((ran + 1))
	env LD_PRELOAD="$lsan${extra_preload:+ $extra_preload}" "$@" >"$work/out" 2>"$work/err" </dev/null
	got=$?
	if [ "$got" -ne 0 ] || grep -q LeakSanitizer "$work/err"; then
		failed=$((failed + 1))
		echo "FAIL: $label: status $got"
		sed 's/^/    /' "$work/err" | head -40
	else
		echo "ok: $label"
	fi
}
if [ -f "$lsan" ]; then
	extra_preload=$shim
	leaks "LeakSanitizer: shim with a policy file" PRESEAL_POLICY="$lenient" /bin/true
	leaks "LeakSanitizer: shim with a compiled policy" PRESEAL_POLICY="$work/lenient.pbf" \
		/bin/true
	leaks "LeakSanitizer: shim, the filter in place" PRESEAL_POLICY="$lenient" \
		/bin/grep -q "^Seccomp:.2" /proc/self/status
	leaks "LeakSanitizer: shim with paths" PRESEAL_POLICY="$paths" /bin/true
	leaks "LeakSanitizer: shim with paths compiled" PRESEAL_POLICY="$work/paths.pbf" /bin/true
	extra_preload=
	leaks "LeakSanitizer: run" "$preseal" run -p "$lenient" -- /bin/true
	leaks "LeakSanitizer: run under the baseline" "$preseal" run -- /bin/true
	leaks "LeakSanitizer: learn" "$preseal" learn -o "$work/learned.cfg" -- /bin/true
else
	echo "SKIP: no liblsan.so ($lsan): the shim's success path is not leak-checked"
fi

echo "valgrind: $ran runs, $failed failed"
[ "$failed" -eq 0 ]
