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


def command(module: str, first: str = "") -> list[str]:
    """The arguments after the interpreter that run ``module`` of the pipeline package this
    process runs, in a new interpreter (a run's kernel factory, this launcher, ``lkjip pantau``
    starting itself again), after the code ``first``. ``-m`` would look in the working folder,
    the project, first: a run's kernels imported the pipeline/ folder a project holds (a copied
    project run by another copy's command), else the one installed in the environment, while the
    command reported and cached its own. The working folder's place at the head of sys.path holds
    the package's folder instead; :func:`prepare` takes it off again in a kernel."""
    from pipeline.config import PACKAGE_ROOT

    return ["-c", f"{first}import runpy, sys; sys.path[0] = {str(PACKAGE_ROOT)!r}; "
                  f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"]


def arguments(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments (``-f <connection file>``, ...) in a command that runs this
    launcher (:func:`command`); None for another command."""
    for i, arg in enumerate(cmd[:-1]):
        if arg == "-c" and f"runpy.run_module({MODULE!r}" in cmd[i + 1]:
            return list(cmd[i + 2:])
    return None


def prepare() -> None:
    """What this process does before it imports ipykernel (here, and in the run's kernel factory,
    pipeline.run.kernel_factory): as ipykernel_launcher, the working directory leaves sys.path
    while the kernel loads (IPython's shell puts it back), as does the package's folder that
    :func:`command` put in its place (the package is imported by then); debugpy is unimportable."""
    from pipeline.config import PACKAGE_ROOT

    here = (Path.cwd().resolve(), PACKAGE_ROOT)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]).resolve() in here):
        del sys.path[0]
    sys.modules.setdefault("debugpy", None)


if __name__ == "__main__":
    prepare()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
