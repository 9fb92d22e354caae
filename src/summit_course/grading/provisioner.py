"""The kernel provisioner that starts each grading kernel: in a cgroup of its own, inside bubblewrap when sandboxed.

jupyter_client's supported way to change how a kernel is launched: a subclass of its
:class:`~jupyter_client.provisioning.LocalProvisioner`, registered under the entry point
``summit-grading`` (group ``jupyter_client.kernel_provisioners``) and named in the
kernelspec's ``metadata.kernel_provisioner``, whose ``config`` sets the traits below.

The kernel itself comes from the worker's template (:mod:`.forking`): the provisioner
starts a small *holder* process in the kernel's cgroup (inside bubblewrap when sandboxed,
which builds the sandbox around it), and the template forks a kernel that joins them. The
holder is the process jupyter_client manages: the kernel's death ends it, its end ends the
kernel. Where the template cannot serve, the kernel's own command runs in the holder's place,
started afresh as before.

Sandboxed, the kernel reads its connection file from inside the sandbox and creates its IPC
sockets in the sandbox's own tmpfs; the provisioner hands the kernel manager the same
connection with the sockets' path as the host reaches them, ``/proc/<pid>/root/…`` of the
sandbox's first process, whose pid bubblewrap reports on ``--info-fd``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Dict, List, Unicode

from .forking import HOLDER, Forked, TemplateUnavailable, fork_kernel
from .sandbox import WORK, Launch, SandboxSpec

__all__ = ["GradingProvisioner"]

HOLDER_ARGV = [sys.executable, "-I", "-S", "-c", HOLDER]
KERNEL_MODULE = "summit_course.grading.capped_kernel"
_MODULE_ARGV = 3  # [python, "-m", "summit_course.grading.capped_kernel"] before the kernel's own arguments


class GradingProvisioner(LocalProvisioner):
    """Start a kernel after ``scope`` (a cgroup of its own), inside bubblewrap when ``sandbox`` is set."""

    scope = List(Unicode(), config=True, help="the command that starts what follows in a cgroup ([]: none)")
    sandbox = Dict(config=True, help="the fields of a SandboxSpec ({}: no sandbox)")
    kernel_log = Unicode("", config=True, help="the kernel's log file (a forked kernel writes to it itself)")
    forked: Forked | None = None
    _lifeline: int | None = None  # the holder's input (see forking.HOLDER)
    how = ""  # "forked" or "fresh: <why not forked>", for the run's record

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> dict:
        """Start the kernel (forked from the template, or ``cmd`` afresh); return its connection as this side reaches it."""
        try:
            return await self._launch(cmd, forked=True, **kwargs)
        except TemplateUnavailable as exc:
            self.how = f"fresh: {exc}"
        return await self._launch(cmd, forked=False, **kwargs)

    async def _launch(self, cmd: list[str], *, forked: bool, **kwargs: Any) -> dict:
        holder = {}
        if forked:  # its input: a pipe only this process writes to, which ends when it does
            reader, self._lifeline = os.pipe()
            os.set_inheritable(self._lifeline, False)
            holder = {"stdout": subprocess.PIPE, "stdin": reader}
        if not self.sandbox:
            await super().launch_kernel([*self.scope, *(HOLDER_ARGV if forked else cmd)], **{**kwargs, **holder})
            if forked:
                os.close(holder["stdin"])
                await self._fork(cmd, kwargs["env"], str(kwargs.get("cwd") or os.getcwd()), None)
            return self.connection_info
        spec = SandboxSpec(**{**self.sandbox, "fonts": tuple(self.sandbox.get("fonts", ()))})
        launch = Launch(Path(self.parent.connection_file).read_bytes())
        try:
            kwargs["env"] = dict(os.environ)  # for systemd-run and bubblewrap, which clears it for the kernel
            await super().launch_kernel(launch.command(HOLDER_ARGV if forked else cmd, spec, list(self.scope)),
                                        pass_fds=launch.pass_fds, **{**kwargs, **holder})
            child = await asyncio.to_thread(launch.child_pid)
        finally:
            launch.close()
            if forked:
                os.close(holder["stdin"])
        if forked:
            await self._fork(cmd, spec.env, str(WORK), child)
        self.connection_info = {**self.connection_info, "ip": f"/proc/{child}/root{self.connection_info['ip']}"}
        return self.connection_info

    async def _fork(self, cmd: list[str], env: dict, cwd: str, sandbox_pid: int | None) -> None:
        """Once the holder runs, have the template fork the kernel into its cgroup (and sandbox)."""
        try:
            if cmd[1:_MODULE_ARGV] != ["-m", KERNEL_MODULE]:
                raise TemplateUnavailable(f"the kernel's command is not {KERNEL_MODULE}'s")
            ready = await asyncio.to_thread(self.process.stdout.readline)
            if ready != b"ready\n":
                raise TemplateUnavailable("the sandbox around the kernel did not start (see the kernel's log)")
            request = {"argv": cmd[_MODULE_ARGV:], "env": env, "cwd": cwd, "log": self.kernel_log,
                       "cgroup_of": self.process.pid, "sandbox_of": sandbox_pid}
            self.forked = await asyncio.to_thread(fork_kernel, bool(self.sandbox), request)
            self.how = "forked"
        except BaseException:
            await self.kill()
            await self.wait()
            self._close_lifeline()
            raise

    async def poll(self) -> int | None:
        """The holder's exit status; when the forked kernel has gone, the holder is ended too."""
        status = await super().poll()
        if status is None and self.forked is not None and not self.forked.alive():
            await self.kill()
            status = await super().poll()
            return -signal.SIGKILL if status is None else status
        return status

    async def send_signal(self, signum: int) -> None:
        if self.forked is not None:
            self.forked.signal(signum)
            return
        await super().send_signal(signum)

    async def kill(self, restart: bool = False) -> None:
        """End the kernel (with every process it started) and its holder, and wait for the holder."""
        if self.forked is None:
            await super().kill(restart)
        else:
            self.forked.signal(signal.SIGKILL)
            if self.process is not None:
                with contextlib.suppress(OSError):
                    self.process.kill()
        if self.process is not None:  # so that the kernel manager's first look finds it gone
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self.process.wait, 2)

    async def terminate(self, restart: bool = False) -> None:
        await self.kill(restart)

    def _close_lifeline(self) -> None:
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None

    async def cleanup(self, restart: bool = False) -> None:
        if self.forked is not None:
            self.forked.close()
            self.forked = None
        self._close_lifeline()
        await super().cleanup(restart)
