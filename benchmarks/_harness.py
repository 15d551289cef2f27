"""Shared timing harness for ``benchmarks/``, and how to time honestly on a shared machine.

Import it first, before NumPy (``import _harness`` as the first import of a script): importing it
fixes the BLAS and OpenMP thread pools at one thread, which only works if NumPy has not loaded
its BLAS yet. The scripts are run as ``python benchmarks/bench_x.py``, so this folder is on
``sys.path`` and the plain import finds this file.

How the scripts benchmark, and why
----------------------------------
The machine these numbers come from is shared: two cores, other jobs starting and stopping at
any moment. A single timing on it says little. Five habits make the comparisons trustworthy
anyway:

1. **Fix the threads.** One BLAS thread for every contender (``OMP_NUM_THREADS``,
   ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS`` = 1, set here before NumPy loads). Otherwise a
   library that happens to use more threads wins on a quiet machine and loses on a busy one, and
   the comparison measures the load, not the code. The results header records the thread count
   that threadpoolctl reports, so a run where the setting did not take is visible.
2. **Interleave.** Time the contenders in turns within one process (A, B, C, A, B, C, ...) with
   :func:`interleave`, never all of A and then all of B: a burst of load from another job then
   hits every contender alike instead of one of them. Same data, same process, same warm-up.
3. **Take medians over repeats**, with :func:`median`, and show the spread (min-max) next to it.
   The mean is dragged by the one run that another job interrupted; the median is not. The
   minimum is tempting but flatters whoever has the most variable time.
4. **Report ratios, not only seconds.** Interleaved contenders share the load, so their ratio
   (ours / reference) is much steadier than either time; the goals in the issues are ratios for
   this reason. Absolute seconds are recorded too, but depend on the machine and its load.
5. **Record the conditions.** :func:`environment` gives the block every results file starts
   with: date (UTC), the exact command, CPU model and core count, the load average at the start
   and the end of the run, Python and library versions, BLAS threads. A number without its
   conditions cannot be compared with a later one.

Then say what remains: interleaving and medians reduce the noise, they do not remove it. Re-run
on a quiet machine before quoting a figure, and keep small exploratory runs (``--n 20000
--repeats 2``) away from the recorded results (``--no-write``, or ``--out`` to a scratch file).

API: :func:`timed`, :func:`interleave`, :func:`median`, :func:`environment`,
:func:`write_results`; :data:`RESULTS_DIR`, :data:`NOISE_NOTE`, :data:`START_LOAD`.
"""

import os
import sys
import warnings

BLAS_THREADS = 1
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
for _var in THREAD_VARIABLES:
    os.environ[_var] = str(BLAS_THREADS)
if "numpy" in sys.modules:
    warnings.warn("numpy was imported before _harness: its BLAS may already run several threads; "
                  "import _harness first", RuntimeWarning, stacklevel=2)

import datetime  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

RESULTS_DIR = Path(__file__).parent / "results"
START_LOAD = os.getloadavg()[0]  # 1-minute load average when the script started

NOISE_NOTE = ("Timings come from a 2-core machine shared with other jobs, so individual numbers "
              "are noisy (interleaving and medians reduce, not remove, the noise); re-run on a "
              "quiet machine for clean figures.")


def timed(fn, *args):
    """``(seconds, fn(*args))``, timed with ``time.perf_counter``."""
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def interleave(callables, repeats, *, args=(), warmup=False, results=None):
    """Time ``callables`` (name -> function) in turns, ``repeats`` rounds; name -> list of seconds.

    Each round calls every function once, in the dict's order, with ``*args``: A, B, C, A, B, C,
    ... With ``warmup=True`` each function is first called once, untimed. If ``results`` is a
    dict, it receives each function's return value from the last round (for accuracy checks,
    done outside the timing).
    """
    if warmup:
        for fn in callables.values():
            fn(*args)
    times = {name: [] for name in callables}
    for _ in range(repeats):
        for name, fn in callables.items():
            seconds, out = timed(fn, *args)
            times[name].append(seconds)
            if results is not None:
                results[name] = out
    return times


def median(values):
    """The median of ``values`` (``statistics.median``)."""
    return statistics.median(values)


def cpu_model():
    """The CPU model from ``/proc/cpuinfo`` (or ``platform.processor()``)."""
    try:
        return next(line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


def _version(package):
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _blas_threads():
    text = f"{BLAS_THREADS} ({', '.join(THREAD_VARIABLES)} = {BLAS_THREADS}"
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return text + ")"
    pools = [f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info()]
    return text + f"; threadpoolctl reports: {', '.join(pools) or 'no pool loaded'})"


def environment(packages=("numpy", "scipy", "estlab")):
    """The conditions of a run, as a markdown bullet list to head a results file.

    Date (UTC), the command, CPU model and logical cores, OS, the 1-minute load average at the
    start (import of this module) and now, Python and each of ``packages`` (distribution names,
    e.g. ``"scikit-learn"``) with its version, and the BLAS threads.
    """
    now = datetime.datetime.now(datetime.timezone.utc)
    command = " ".join(["python", f"benchmarks/{Path(sys.argv[0]).name}", *sys.argv[1:]])
    versions = ", ".join([f"Python {platform.python_version()}",
                          *(f"{p} {_version(p)}" for p in packages)])
    return "\n".join([
        f"- date: {now:%Y-%m-%d %H:%M} UTC",
        f"- command: `{command}`",
        f"- machine: {cpu_model()}, {os.cpu_count()} logical CPUs, {platform.system()} "
        f"{platform.release()} ({platform.machine()}); shared with other jobs",
        f"- load average (1 min): {START_LOAD:.2f} at the start, {os.getloadavg()[0]:.2f} at "
        "the end",
        f"- versions: {versions}",
        f"- BLAS threads: {_blas_threads()}",
    ])


def write_results(path, markdown):
    """Write ``markdown`` to ``path`` (UTF-8, one final newline), creating folders; say so."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown.rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {path}")
