#!/bin/sh
# make demo: a real program under the built-in baseline profile, showing one
# thing it may do and one thing it may not.
set -u
build=${1:-build}
shim="$(cd "$build" && pwd)/libpreseal.so"

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo "preseal demo: python3 (unmodified, from Debian) under the built-in baseline profile"
echo "shim: $shim"

say "LD_PRELOAD=$shim python3 -c '…list a directory, then try unshare(CLONE_NEWUSER)…'"
LD_PRELOAD="$shim" python3 - <<'PY'
import ctypes, os
print("allowed: os.listdir('/') ->", len(os.listdir("/")), "entries")
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith(("Seccomp:", "NoNewPrivs:")):
            print("        ", line.strip())
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER = 0x10000000
if libc.unshare(CLONE_NEWUSER) != 0:
    print("denied:  unshare(CLONE_NEWUSER) ->", os.strerror(ctypes.get_errno()),
          "(the baseline shuts namespace creation)")
else:
    print("unshare(CLONE_NEWUSER) succeeded: the baseline did NOT apply")
    raise SystemExit(1)
PY
status=$?

say "LD_PRELOAD=$shim PRESEAL_POLICY=/nonexistent.cfg /bin/true"
LD_PRELOAD="$shim" PRESEAL_POLICY=/nonexistent.cfg /bin/true
echo "exit status $? (125: a policy that cannot be applied stops the program before main)"
exit $status
