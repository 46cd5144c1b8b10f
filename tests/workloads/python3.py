# python3.py: what the python3 profile's header claims, run by root under
# the profile.  test_profiles runs `python3 python3.py FOLDER prepare`
# unconfined (a tree with owners, modes and times of its own), then
# `preseal run -p python3 -- python3 python3.py FOLDER`.  Each step
# prints one line.
import ctypes
import os
import signal
import stat
import sys
import tarfile
import time

work = sys.argv[1]
source = os.path.join(work, "source")


def prepare():
    os.makedirs(os.path.join(source, "sub"))
    for name, mode, owner in (("secret", 0o600, (1234, 2345)), ("tool", 0o4750, (0, 2345)),
                              ("sub/shared", 0o664, (4321, 4321))):
        path = os.path.join(source, name)
        with open(path, "w") as f:
            f.write(name + "\n")
        os.chown(path, *owner)
        os.chmod(path, mode)
        os.utime(path, (1000000000, 1000000000 + len(name)))
    os.symlink("secret", os.path.join(source, "link"))
    os.lchown(os.path.join(source, "link"), 777, 888)
    os.chown(os.path.join(source, "sub"), 4321, 4321)
    os.chmod(os.path.join(source, "sub"), 0o2775)
    os.utime(os.path.join(source, "sub"), (1100000000, 1100000000))


if sys.argv[2:] == ["prepare"]:
    prepare()
    sys.exit(0)

# The tree archived and extracted again: tarfile as root restores owners,
# modes and times (chown, chmod, utime).
archive = os.path.join(work, "tree.tar")
with tarfile.open(archive, "w") as tar:
    tar.add(source, arcname="tree")
with tarfile.open(archive) as tar:
    tar.extractall(os.path.join(work, "out"))


def facts(root):
    seen = []
    for folder, folders, files in os.walk(root):
        for name in sorted(folders + files):
            path = os.path.join(folder, name)
            st = os.lstat(path)
            seen.append((os.path.relpath(path, root), stat.filemode(st.st_mode), st.st_uid,
                         st.st_gid, int(st.st_mtime) if not stat.S_ISLNK(st.st_mode) else 0))
    return sorted(seen)


before, after = facts(source), facts(os.path.join(work, "out", "tree"))
print("tar:", len(after), "entries", "same" if before == after else "differ %s %s" % (before, after))

# Pipes, signals and an interval timer.
got = []
signal.signal(signal.SIGALRM, lambda *args: got.append("alarm"))
signal.setitimer(signal.ITIMER_REAL, 0.05)
reading, writing = os.pipe()
os.write(writing, b"through a pipe")
time.sleep(0.5)
print("pipe:", os.read(reading, 100).decode(), "timer:", got)

# ctypes callbacks: Debian's libffi makes them without W+X memory.
libc = ctypes.CDLL(None)
compare = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                           ctypes.POINTER(ctypes.c_int))(lambda a, b: a[0] - b[0])
numbers = (ctypes.c_int * 5)(5, 1, 4, 2, 3)
libc.qsort(numbers, 5, ctypes.sizeof(ctypes.c_int), compare)
print("ctypes callback:", list(numbers))

# Dropping privileges in a child: supplementary groups, then the group,
# then the user; afterwards root's file is out of reach.
sys.stdout.flush()
child = os.fork()
if child == 0:
    try:
        os.setgroups([])
        os.setresgid(65534, 65534, 65534)
        os.setresuid(65534, 65534, 65534)
        print("dropped:", os.getresuid(), os.getresgid(), os.getgroups(), flush=True)
        open(os.path.join(source, "secret")).close()
        print("read root's file", flush=True)
    except OSError as e:
        print("after the drop:", e.__class__.__name__, e.errno, flush=True)
    os._exit(0)
os.waitpid(child, 0)
