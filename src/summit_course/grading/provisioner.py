"""The kernel provisioner that starts each grading kernel: in a cgroup of its own, inside bubblewrap when sandboxed.

jupyter_client's supported way to change how a kernel is launched: a subclass of its
:class:`~jupyter_client.provisioning.LocalProvisioner`, registered under the entry point
``summit-grading`` (group ``jupyter_client.kernel_provisioners``) and named in the
kernelspec's ``metadata.kernel_provisioner``, whose ``config`` sets the traits below.

Sandboxed, the kernel reads its connection file from inside the sandbox and creates its IPC
sockets in the sandbox's own tmpfs; the provisioner hands the kernel manager the same
connection with the sockets' path as the host reaches them, ``/proc/<pid>/root/…`` of the
sandbox's first process, whose pid bubblewrap reports on ``--info-fd``.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Dict, List, Unicode

from .sandbox import Launch, SandboxSpec

__all__ = ["GradingProvisioner"]


class GradingProvisioner(LocalProvisioner):
    """Start the kernel's command after ``scope`` (a cgroup of its own), inside bubblewrap when ``sandbox`` is set."""

    scope = List(Unicode(), config=True, help="the command that starts what follows in a cgroup ([]: none)")
    sandbox = Dict(config=True, help="the fields of a SandboxSpec ({}: no sandbox)")

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> dict:
        """Start ``cmd``; return its connection as this side reaches it."""
        if not self.sandbox:
            return await super().launch_kernel([*self.scope, *cmd], **kwargs)
        spec = SandboxSpec(**{**self.sandbox, "fonts": tuple(self.sandbox.get("fonts", ()))})
        launch = Launch(Path(self.parent.connection_file).read_bytes())
        try:
            kwargs["env"] = dict(os.environ)  # for systemd-run and bubblewrap, which clears it for the kernel
            await super().launch_kernel(launch.command(cmd, spec, list(self.scope)), pass_fds=launch.pass_fds,
                                        **kwargs)
            child = await asyncio.to_thread(launch.child_pid)
        finally:
            launch.close()
        self.connection_info = {**self.connection_info, "ip": f"/proc/{child}/root{self.connection_info['ip']}"}
        return self.connection_info
