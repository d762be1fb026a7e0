"""The kernels a run starts: ipykernel's own launcher, without its debugger.

ipykernel imports debugpy as it makes a kernel, for a frontend's visual debugger (JupyterLab's).
A kernel that papermill drives never debugs, and the import was 0,06-0,12 s of each kernel's
start (0,64-0,69 s with the cleaning step's imports), on the path of every run: a cold run
starts two kernels, and an edit waits for its cleaning kernel. With ``debugpy`` unimportable,
ipykernel starts without a debugger, as it does where debugpy is not installed.
:func:`pipeline.run.kernels.kernel_manager` launches its kernels with this module; JupyterLab
(``make lab``) and notebooks run by hand keep the standard kernel and its debugger.
"""

import sys
from pathlib import Path

MODULE = "pipeline.run.kernel_launcher"


def prepare() -> None:
    """What this process does before it imports ipykernel (here, and in the run's kernel factory,
    pipeline.run.kernel_factory): as ipykernel_launcher, the working directory leaves sys.path
    while the kernel loads (IPython's shell puts it back); debugpy is unimportable."""
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]).resolve() == Path.cwd().resolve()):
        del sys.path[0]
    sys.modules.setdefault("debugpy", None)


if __name__ == "__main__":
    prepare()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
