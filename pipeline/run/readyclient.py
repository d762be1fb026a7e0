"""The kernel client papermill drives a step's notebook with, ready as soon as the kernel is.

Before its first cell, nbclient (under papermill) connects a new client to the step's kernel and
waits until it is ready (``wait_for_ready``). jupyter_client's own wait asks for kernel_info,
gives the output channel (IOPub) 0,2 s to show a message, and then flushes that channel until
it has been quiet for another 0,2 s: at least 0,2 s of doing nothing for every notebook, and a run
executes seven of them, most one after another on the same two kernels.

:class:`ReadyClient` waits for the same thing, differently: it asks for kernel_info until the
output channel delivers the ``idle`` status of its own request. IOPub keeps the kernel's order,
so once that message is in, the subscription is live (nothing of the first cell can be missed)
and everything the kernel published before has already been received (nothing is left to
flush). A subscription that is not live yet loses the status: the request is then repeated.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient

# How long one kernel_info round waits for its status on IOPub before asking again: a
# subscription is usually live within milliseconds; a missed one costs one more round.
ROUND = 0.05
REPLY_TIMEOUT = 1.0
# The client class of every kernel manager the runner creates (a traitlets import string).
CLIENT_CLASS = "pipeline.run.readyclient.ReadyClient"


class ReadyClient(AsyncKernelClient):
    """An asynchronous kernel client whose ``wait_for_ready`` returns once the kernel answered
    and the IOPub subscription is live (see the module docstring)."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            reply = await self._reply_to(request)
            if reply is not None and await self._idle_seen(request):
                self._handle_kernel_info_reply(reply)
                return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _reply_to(self, request: str) -> dict | None:
        """The kernel_info reply to ``request`` (older replies are skipped); None on a timeout."""
        while True:
            try:
                msg = await self.shell_channel.get_msg(timeout=REPLY_TIMEOUT)
            except Empty:
                return None
            if msg.get("parent_header", {}).get("msg_id") == request and msg["msg_type"] == "kernel_info_reply":
                return msg

    async def _idle_seen(self, request: str) -> bool:
        """Whether IOPub delivers the idle status of ``request`` within a round."""
        end = time.monotonic() + ROUND
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                    and msg.get("parent_header", {}).get("msg_id") == request):
                return True
        return False
