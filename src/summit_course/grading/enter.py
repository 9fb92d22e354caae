"""Move a freshly forked process into a sandbox bubblewrap has built, with no privileges left (Linux).

bubblewrap builds each submission's sandbox (its namespaces, mounts, tmpfs and binds) around
a small holder process. A kernel forked from the worker's template (:mod:`.template`) then
joins that sandbox the way ``nsenter`` does: it opens the holder's namespaces, joins the user
namespace that owns them, then the mount, network, IPC, UTS, cgroup and PID namespaces, then
the holder's own user namespace (bubblewrap nests a second one when the sandbox's user is not
root), and takes the holder's root as its own. Joining the PID namespace takes effect for
children, so the caller forks once more: that child lives inside, as the sandbox's third
process. :func:`drop_privileges` then leaves it what bubblewrap's ``--cap-drop ALL`` leaves a
sandboxed command: no capability in any set, ``no_new_privs``, a session of its own.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
from dataclasses import dataclass

__all__ = ["NAMESPACES", "Namespaces", "drop_privileges", "enter", "open_namespaces"]

#: The namespaces ``bwrap --unshare-all`` makes, joined in this order (user namespaces apart).
NAMESPACES = ("mnt", "net", "ipc", "uts", "cgroup", "pid")
_NS_GET_USERNS = 0xB701  # ioctl: the user namespace that owns a namespace
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


@dataclass
class Namespaces:
    """Open descriptors of a process's namespaces and root, ready to join."""

    user: int
    others: dict  # name -> descriptor, for each of NAMESPACES
    root: int

    def close(self) -> None:
        for fd in (self.user, self.root, *self.others.values()):
            try:
                os.close(fd)
            except OSError:
                pass


def open_namespaces(pid: int) -> Namespaces:
    """Open the namespaces and the root directory of process ``pid`` (a sandbox's holder)."""
    opened = []
    try:
        for name in ("user", *NAMESPACES):
            opened.append(os.open(f"/proc/{pid}/ns/{name}", os.O_RDONLY | os.O_CLOEXEC))
        root = os.open(f"/proc/{pid}/root", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        for fd in opened:
            os.close(fd)
        raise
    return Namespaces(opened[0], dict(zip(NAMESPACES, opened[1:])), root)


def _same(a: int, b: int) -> bool:
    first, second = os.fstat(a), os.fstat(b)
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def enter(ns: Namespaces) -> None:
    """Join ``ns`` (this process must be single-threaded); its children are born inside the sandbox.

    Raises
    ------
    OSError
        When the system refuses a step (nothing of the sandbox is then half-joined by a
        process that runs anyone's code: the caller exits).
    """
    libc = _libc()
    owner = fcntl.ioctl(ns.others["mnt"], _NS_GET_USERNS)  # returns a new descriptor
    try:
        _check(libc.setns(owner, 0), "joining the sandbox's user namespace")
        for name in NAMESPACES:
            _check(libc.setns(ns.others[name], 0), f"joining the sandbox's {name} namespace")
        if not _same(owner, ns.user):  # bubblewrap's second user namespace, where the sandbox's user lives
            _check(libc.setns(ns.user, 0), "joining the sandbox's inner user namespace")
    finally:
        os.close(owner)
    os.fchdir(ns.root)
    os.chroot(".")
    os.chdir("/")
    ns.close()


def drop_privileges() -> None:
    """Give up every capability for good, as ``bwrap --cap-drop ALL`` does, and set ``no_new_privs``."""
    libc = _libc()
    with open("/proc/sys/kernel/cap_last_cap", encoding="ascii") as handle:
        last = int(handle.read())
    for cap in range(last + 1):
        _check(libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0), "dropping a capability from the bounding set")
    _check(libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clearing the ambient capabilities")
    header, data = _CapHeader(_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "clearing the capabilities")
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "setting no_new_privs")
