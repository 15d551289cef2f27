"""The container a job host or an endpoint runs in: a bubblewrap sandbox with /opt/ml at its place.

A SageMaker host is a container: the script finds its data, configuration and model folder at
``/opt/ml/...``, sees only the environment the request defines, and ends with its container.
Locally each host (and each endpoint's model server, see :mod:`estlab.workflow.local.hosting`)
runs in an unprivileged `bubblewrap <https://github.com/containers/bubblewrap>`_
sandbox (Debian's ``bubblewrap``; the same tool Flatpak uses) built like that container:

* the host's job folder is bound at ``/opt/ml`` (read-write), so scripts that hard-code
  ``/opt/ml/model`` or ``/opt/ml/processing/input`` run unchanged;
* the rest of the file system is read-only; ``/tmp`` is the sandbox's own (empty); the
  caller's home folder is hidden (no ``~/.aws/credentials``), except the Python installation
  and estlab's sources, which stand for the image's software;
* the environment is only what the image profile sets (``PATH``, ``HOME``, ``LANG``, ...) plus what
  the request defines: never the caller's credentials (see :func:`base_environment`);
* a job sent with ``EnableNetworkIsolation`` (processing: ``NetworkConfig``) gets its own empty
  network namespace (``--unshare-net``): no interface but a loopback of its own, so not even a
  server on this machine's 127.0.0.1 is reachable, as a SageMaker container in network
  isolation reaches nothing;
* the sandbox has its own PID namespace (its processes end when its first process ends, as a
  container's do) and dies with the Python process that started it (``--die-with-parent``).

Why bubblewrap rather than ``unshare``: ``unshare`` creates the namespaces but leaves the mounts
to a script (bind ``/opt/ml``, a private ``/tmp``, a read-only root), and its ``--kill-child``
is not "die with the parent". bubblewrap does exactly this, unprivileged, in one command, and
starts in about 10 ms (``benchmarks/bench_workflow.py`` measures it).

Signals: ``bwrap`` itself dies on SIGTERM, and ``--die-with-parent`` then SIGKILLs the sandbox at
once, which would leave no grace period for a script saving its model. The sandbox therefore
runs in its own session (``--new-session``) and :func:`spawn` learns its process group from
``--info-fd``: stop requests go to that group, so the script gets SIGTERM as in a container.

Where no sandbox can be made (macOS, Windows, user namespaces disabled, ``bwrap`` missing, or
``ESTLAB_SANDBOX=0``), jobs run as plain processes with ``/opt/ml`` relocated to the job folder
(the ``SM_*`` variables point there) and one :class:`SandboxWarning` says what will not work.
"""

import concurrent.futures
import functools
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

__all__ = ["SandboxWarning", "available", "enabled", "spawn", "base_environment",
           "warn_if_unavailable", "isolation_unavailable", "reason_unavailable", "CONTAINER_ML"]

CONTAINER_ML = "/opt/ml"
_SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
ESTLAB_SRC = str(Path(__file__).resolve().parents[3])  # src/: the folder holding the estlab package


class SandboxWarning(UserWarning):
    """Jobs run without a container sandbox on this machine (said once per process)."""


@functools.cache
def available():
    """The ``bwrap`` program if it can create a sandbox here, else None (probed once)."""
    exe = shutil.which("bwrap")
    if exe is None or not sys.platform.startswith("linux"):
        return None
    try:
        probe = subprocess.run([exe, "--ro-bind", "/", "/", "--unshare-pid", "--die-with-parent",
                                "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return exe if probe.returncode == 0 else None


def enabled():
    """True when jobs run in a sandbox: ``bwrap`` works here and ``ESTLAB_SANDBOX`` is not ``0``."""
    return os.environ.get("ESTLAB_SANDBOX", "1") != "0" and available() is not None


def reason_unavailable():
    """Why jobs run without a sandbox here, as a clause (``"ESTLAB_SANDBOX=0 is set"``)."""
    if os.environ.get("ESTLAB_SANDBOX", "1") == "0":
        return "ESTLAB_SANDBOX=0 is set"
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    return "bwrap cannot create a user namespace here (unprivileged user namespaces disabled?)"


@functools.cache
def _warned():
    warnings.warn(
        f"Jobs run without a container sandbox: {reason_unavailable()}. Each host's /opt/ml is "
        "relocated to its job folder and the SM_* variables point there, so scripts that use "
        "them work, but hard-coded /opt/ml paths do not, and a job's processes are not isolated "
        "from this machine. Install bubblewrap to run hosts as containers.",
        SandboxWarning, stacklevel=4)
    return True


def isolation_unavailable():
    """Why a job asking for ``EnableNetworkIsolation`` cannot run here (no sandbox)."""
    return (f"EnableNetworkIsolation asks for hosts without network, which needs the bubblewrap "
            f"sandbox, and {reason_unavailable()}: without it the job's processes would share "
            "this machine's network. Run where the sandbox works (Linux with bubblewrap and "
            "ESTLAB_SANDBOX unset), or send EnableNetworkIsolation false.")


def warn_if_unavailable():
    """Warn once per process when jobs will run without a sandbox; return :func:`enabled`."""
    if enabled():
        return True
    _warned()
    return False


def base_environment(pythonpath=()):
    """What the image profile sets in every host: the variables a job sees besides its request's.

    ``PATH`` starts with the folder of the Python that stands in for the image's Python, ``HOME``
    is ``/root`` (SageMaker's containers run as root), ``PYTHONPATH`` holds the code folder(s)
    given and estlab's sources. Nothing comes from the caller's environment: no AWS keys, no
    ``SM_*`` leftovers, no virtualenv activation.

    Examples
    --------
    >>> env = base_environment(["/opt/ml/code"])
    >>> env["HOME"], env["PYTHONPATH"].split(":")[0]
    ('/root', '/opt/ml/code')
    >>> "AWS_SECRET_ACCESS_KEY" in env
    False
    """
    return {
        "PATH": f"{Path(sys.executable).parent}:{_SYSTEM_PATH}",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",  # lines reach the log (and the console) as they are printed
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.pathsep.join([*map(str, pythonpath), ESTLAB_SRC]),
    }


def _software_paths():
    """Folders holding the Python installation and estlab: bound read-only inside the sandbox."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, ESTLAB_SRC,
             str(Path(sys.executable).resolve().parent.parent)}
    paths.update(p for p in sys.path if p and os.path.isdir(p))
    return sorted({str(Path(p).resolve()) for p in paths})


def bwrap_arguments(host_dir, *, cwd=CONTAINER_ML, network=True):
    """The ``bwrap`` options of one host's sandbox (without the command).

    Examples
    --------
    >>> args = bwrap_arguments("/jobs/j/algo-1", cwd="/opt/ml/code")
    >>> args[args.index("/jobs/j/algo-1") + 1]
    '/opt/ml'
    >>> args[args.index("--chdir") + 1]
    '/opt/ml/code'
    """
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    home = os.environ.get("HOME") or str(Path.home())
    hidden = [h for h in {home, "/root"} if h not in ("", "/") and os.path.isdir(h)]
    for folder in hidden:
        args += ["--tmpfs", folder]
    if os.path.isdir("/opt"):  # keep what /opt holds (conda, pyenv...), make room for /opt/ml
        args += ["--tmpfs", "/opt"]
        for entry in sorted(os.listdir("/opt")):
            if entry != "ml":
                args += ["--ro-bind", f"/opt/{entry}", f"/opt/{entry}"]
    for path in _software_paths():
        if any(path.startswith(h.rstrip("/") + "/") for h in hidden) or path.startswith("/tmp/"):
            args += ["--ro-bind", path, path]
    args += ["--bind", str(host_dir), CONTAINER_ML]
    args += ["--unshare-pid", "--die-with-parent", "--new-session", "--chdir", cwd]
    if not network:
        args.append("--unshare-net")
    return args


def spawn(host_dir, argv, *, env, cwd=CONTAINER_ML, network=True, **popen_kwargs):
    """Start ``argv`` in the sandbox of one host; return the ``Popen`` object.

    The returned process has a ``group`` attribute: the process group of the sandbox's own
    processes, which stop requests signal (``bwrap``'s own process dies on SIGTERM and would
    take the sandbox with it at once).

    Parameters
    ----------
    host_dir : path
        The host's folder, bound at ``/opt/ml``.
    argv : list of str
        The command as the container runs it (container paths).
    env : dict
        The whole environment of the host (see :func:`base_environment`).
    cwd : str
        The working folder inside the container.
    network : bool
        False gives the sandbox no network (``EnableNetworkIsolation``).
    """
    return _spawner().submit(_spawn, host_dir, argv, env, cwd, network, popen_kwargs).result()


@functools.cache
def _spawner():
    """The one thread that starts every sandbox, alive as long as this process.

    ``--die-with-parent`` is the kernel's parent-death signal, and Linux sends it when the
    *thread* that started the sandbox ends, not the process. A server that starts an endpoint
    from a request thread would otherwise see the endpoint killed as soon as that request is
    answered.
    """
    return concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="estlab-sandbox-spawner")


def _spawn(host_dir, argv, env, cwd, network, popen_kwargs):
    exe = available()
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen([exe, *bwrap_arguments(host_dir, cwd=cwd, network=network),
                                 "--info-fd", str(write_end), *argv],
                                env=env, pass_fds=(write_end,), **popen_kwargs)
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as info_pipe:
        info = _read_info(info_pipe)
    proc.group = info.get("child-pid", proc.pid)
    return proc


def _read_info(pipe):
    """bwrap's ``--info-fd`` JSON (``{"child-pid": ...}``), or ``{}`` if it never came."""
    data = b""
    while True:
        chunk = pipe.read1(4096)
        if not chunk:
            break
        data += chunk
        try:
            return json.loads(data)
        except ValueError:
            continue
    return {}
