"""The process that runs the book's SageMaker examples: the SDK imported once, one child each.

Started by ``sagemaker_runs.py`` as ``python example_runner.py EXAMPLE FOLDER [EXAMPLE FOLDER
...]``. Every example imports the SageMaker SDK v3, boto3, moto and estlab's local API, which
takes 6.5 s of CPU (measured with ``python -X importtime``; half of a short example's CPU
time). This process imports them once, then forks one child per
example, which shares the imported modules (copy-on-write) and runs the example as ``python
EXAMPLE`` would: as ``__main__``, with the example's folder as ``sys.path[0]``, ``FOLDER/run``
as its working directory and ``HOME``, and what it prints (stdout and stderr, in order) in
``FOLDER/output.txt``. The example's own ``import sagemaker...`` lines then find the modules
loaded. The one difference from a fresh interpreter: what the SDK does at import time (it
creates one boto3 client for its AI registry) was done here, under the offline settings the
examples use (``estlab.workflow.rehearsal``'s fake keys and region), not inside the example's
``with aws_or_rehearsal()`` block; no example uses that client.

For each child that ends, one JSON line goes to stdout: ``{"example", "pid", "returncode",
"seconds"}``; a line ``{"example", "pid"}`` says a child started (so that the build can stop a
run that takes too long). This process ends when every child has.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time
import traceback

# What every SageMaker example imports (the SDK v3's three packages, AWS's client, the mock and
# estlab's local API); anything else an example imports, it imports itself.
NICENESS = 10  # below the build's: the pages come first (the runs mostly wait, for the SDK's polls)
SHARED_IMPORTS = ("numpy", "boto3", "moto", "sagemaker.core.helper.session_helper",
                  "sagemaker.core.shapes", "sagemaker.train", "sagemaker.serve",
                  "estlab.workflow.rehearsal", "estlab.workflow.local.api.server")


def _import_shared():
    import importlib

    from estlab.workflow import rehearsal

    with rehearsal._offline_environment():  # the SDK makes a boto3 client when imported
        for name in SHARED_IMPORTS:
            importlib.import_module(name)


def _say(**fields):
    print(json.dumps(fields), flush=True)


def _child(example, folder):
    """Run ``example`` as ``python example`` would, then exit with its status (never returns)."""
    output = os.open(os.path.join(folder, "output.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.close(0)
    workdir = os.path.join(folder, "run")
    os.chdir(workdir)
    os.environ["HOME"] = workdir  # no ~/.aws, no ~/.config/sagemaker of the builder's
    sys.argv = [example]
    sys.path[0] = os.path.dirname(example)
    status = 0
    try:
        runpy.run_path(example, run_name="__main__")
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 (what python prints for an uncaught exception)
        traceback.print_exc()
        status = 1
    sys.exit(status)  # the interpreter's own shutdown: atexit handlers, flushed streams


def main(args):
    if hasattr(os, "nice"):
        os.nice(NICENESS)  # inherited by the children, their jobs and their servers
    _import_shared()
    started = {}
    for example, folder in zip(args[::2], args[1::2]):
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(example, folder)
        started[pid] = (example, time.perf_counter())
        _say(example=example, pid=pid)
    while started:
        pid, status = os.wait()
        example, t0 = started.pop(pid)
        _say(example=example, pid=pid, returncode=os.waitstatus_to_exitcode(status),
             seconds=round(time.perf_counter() - t0, 3))


if __name__ == "__main__":
    if len(sys.argv) < 3 or len(sys.argv) % 2 == 0:
        sys.exit("usage: python example_runner.py EXAMPLE FOLDER [EXAMPLE FOLDER ...]")
    main(sys.argv[1:])
