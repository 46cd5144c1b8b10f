#!/bin/sh
# Runs a command in a crun container whose linux.seccomp is PROFILE, a
# profile `preseal export` wrote: crun (with its own libseccomp) is the
# consumer that shows the JSON is accepted and means what preseal meant.
#
#   crun-run.sh PROFILE.json WORKDIR CMD [ARG…]
#
# The container's root is WORKDIR/bundle/rootfs with the host's /usr, /bin,
# /lib, /lib64 and /sbin bound read-only, a fresh /tmp, its own pid, mount,
# ipc and uts namespaces, no capabilities and no_new_privs.  The exit status
# is the command's (crun's own failures are 1 with a message on stderr).
# Needs root.  crun 1.8 refuses hosts whose cgroups are mounted "hybrid"
# (v1 controllers plus a v2 tree at /sys/fs/cgroup/unified); the container
# needs no cgroup, so crun runs in a private mount namespace without that
# tree and with cgroups disabled.
set -eu

profile=$1
work=$2
shift 2

bundle=$work/bundle
mkdir -p "$bundle/rootfs" "$work/state"
for dir in usr bin lib lib64 sbin proc dev tmp; do
	mkdir -p "$bundle/rootfs/$dir"
done

python3 - "$profile" "$bundle/config.json" "$@" <<'PYTHON'
import json
import os
import sys

profile, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(profile) as source:
    seccomp = json.load(source)
mounts = [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "mode=755"]},
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "nodev", "mode=1777"]},
]
for top in ("usr", "bin", "lib", "lib64", "sbin"):
    if os.path.exists("/" + top):
        mounts.append({"destination": "/" + top, "type": "bind", "source": "/" + top,
                       "options": ["rbind", "ro"]})
config = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False,
        "user": {"uid": 0, "gid": 0},
        "args": args,
        "env": ["PATH=/usr/bin:/bin", "LC_ALL=C"],
        "cwd": "/",
        "noNewPrivileges": True,
    },
    "root": {"path": "rootfs", "readonly": True},
    "hostname": "preseal-test",
    "mounts": mounts,
    "linux": {
        "namespaces": [{"type": kind} for kind in ("pid", "mount", "ipc", "uts")],
        "seccomp": seccomp,
    },
}
with open(out, "w") as sink:
    json.dump(config, sink, indent=1)
PYTHON

exec unshare -m sh -c '
	mountpoint -q /sys/fs/cgroup/unified 2>/dev/null && umount -l /sys/fs/cgroup/unified
	exec crun --root "$1/state" --cgroup-manager=disabled run --bundle "$1/bundle" "preseal-test-$$"
' sh "$work"
