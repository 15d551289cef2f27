"""Wall time of the book's build, both editions, every example executed (``make book`` less serving).

Runs ``mkdocs build --strict`` from the repository root into a scratch folder, as ``make book``
does, and reads what the build's hooks say about themselves:

- ``chapters/_hooks/i18n.py``: each edition's time and its slowest pages;
- ``chapters/_hooks/sagemaker_runs.py``: how long each SageMaker example ran (they all start
  with the build, in children of one runner process, and the pages do not wait for them).

It also records the CPU time the build used (this process's children: mkdocs and everything it
started), so that a slow build can be told from a busy machine: on 2 cores the build cannot take
less than half its CPU time. There is no reference to run side by side; the goal is absolute:
both editions within 2 minutes (issues 12 and 13).

Run: ``python benchmarks/bench_book.py`` (writes ``benchmarks/results/book.md``; ``--repeats 3``
for a median, ``--no-write`` to keep a run out of the results).
"""

import _harness  # first: fixes BLAS threads before NumPy loads

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 120
# The build runs as `make book` runs it: _harness's one-thread BLAS setting is for timing
# contenders side by side, not for the build (whose examples run with the machine's default).
BUILD_ENV = {**{k: v for k, v in os.environ.items() if k not in _harness.THREAD_VARIABLES},
             "NO_MKDOCS_2_WARNING": "1"}


def build_once():
    """One strict build into a scratch folder: (wall s, CPU s, the build's log)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="estlab-bench-book-") as site:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site],
                              cwd=ROOT, env=BUILD_ENV,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        sys.exit(f"the build failed (exit {proc.returncode}):\n{log[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, log


def parse(log):
    """The hooks' own lines: edition times and the SageMaker runs' times."""
    editions = re.findall(r"(\w+) edition built in (\d+) s; its pages took (\d+) s, the slowest "
                          r"([^\n]+)", log)
    runs = re.search(r"SageMaker examples run on the local API: ([^\n]+)", log)
    return editions, runs.group(1) if runs else "(not reported)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--out", default=str(_harness.RESULTS_DIR / "book.md"))
    args = parser.parse_args()

    rows = []
    for i in range(args.repeats):
        wall, cpu, log = build_once()
        editions, runs = parse(log)
        rows.append((wall, cpu, editions, runs))
        print(f"build {i + 1}/{args.repeats}: {wall:.0f} s wall, {cpu:.0f} s CPU", flush=True)
    walls = [r[0] for r in rows]
    median = _harness.median(walls)
    lines = ["# The book's build: both editions, every example executed", "",
             _harness.environment(packages=("numpy", "matplotlib", "mkdocs", "sagemaker",
                                            "estlab")), "",
             f"Goal: `mkdocs build --strict` (what `make book` runs before serving) within "
             f"{GOAL_SECONDS} s.", "",
             "| build | wall (s) | CPU (s, all processes) | editions (s; pages' share, slowest) |",
             "|---|---|---|---|"]
    for i, (wall, cpu, editions, _) in enumerate(rows, 1):
        said = "; ".join(f"{lang} {total} s (pages {pages} s; slowest {slowest})"
                         for lang, total, pages, slowest in editions)
        lines.append(f"| {i} | {wall:.0f} | {cpu:.0f} | {said} |")
    lines += ["", f"Median wall time: **{median:.0f} s** "
              f"({'goal met' if median <= GOAL_SECONDS else 'goal NOT met'}; "
              f"{median / GOAL_SECONDS:.2f}x the goal). On 2 cores a build cannot take less than "
              f"half its CPU time: {min(r[1] for r in rows) / 2:.0f} s here.", "",
              f"SageMaker examples (last build; each from the build's start to its end, all "
              f"running at once): {rows[-1][3]}.", "", _harness.NOISE_NOTE]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        _harness.write_results(args.out, text)


if __name__ == "__main__":
    main()
