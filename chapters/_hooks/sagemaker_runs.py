"""MkDocs hook: every SageMaker example runs while the book builds, and its page shows the output.

Each ``chapters/*/examples/sagemaker_*.py`` is real SDK v3 code. Without AWS settings it runs on
the local SageMaker API (``estlab serve``, started by the example for its own run): the jobs
train, the endpoints answer, and what the SDK printed is what a reader would see. Most of an
example's time is the SDK's own waiting (ModelTrainer polls every 5 s, ModelBuilder.deploy every
30 s), so all of them start together when the build starts, in subprocesses, and a page that
shows one waits only for its own::

    ```python exec="on" session="ch7"
    sagemaker_output("chapters/07-training/examples/sagemaker_training.py")
    ```

(``sagemaker_output`` is defined in ``sagemaker_tab.py``, included by the chapters.) The runs
never reach AWS, even when the builder has credentials: every ``AWS_*`` and ``SAGEMAKER_*``
variable is removed from their environment. A run that fails fails the build, with its output.

**Both editions share one run.** mkdocs-static-i18n builds the Korean edition (``/ko/``) as a
second build nested inside the English one's ``on_post_build``. The Korean pages show the same
examples, run by the same code in the same build, so they show the same run: the runs started by
the first build are kept until the outermost build ends (``_depth`` counts the builds in progress),
and the second build waits for none.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 300
_runs: dict[str, "Run"] = {}
_depth = 0  # builds in progress: 2 while the Korean edition builds inside the English build


class Run:
    """One example running in its own scratch folder; ``output()`` waits for it."""

    def __init__(self, path: Path):
        self.path = path
        self.folder = tempfile.TemporaryDirectory(prefix="estlab-book-sagemaker-")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "SAGEMAKER_")) and k != "PYTHONWARNINGS"}
        env["HOME"] = self.folder.name  # no ~/.aws, no ~/.config/sagemaker of the builder's
        env["COLUMNS"] = "80"  # the SDK's progress panels are drawn to this width
        env["PYTHONUNBUFFERED"] = "1"  # the script's prints and the SDK's log lines in order
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, str(path)], cwd=self.folder.name, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._text = None

    def output(self) -> str:
        if self._text is None:
            try:
                text, _ = self.process.communicate(timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                text, _ = self.process.communicate()
                raise RuntimeError(f"{self.path} did not finish in {TIMEOUT_SECONDS} s; its "
                                   f"output so far:\n{text[-4000:]}") from None
            if self.process.returncode != 0:
                raise RuntimeError(f"{self.path} failed (exit {self.process.returncode}):\n"
                                   f"{text[-6000:]}")
            self.seconds = time.perf_counter() - self.started
            # the SDK's progress panel (rich) ends without a newline: the next print joins it
            self._text = re.sub("╯(?=[^\n])", "╯\n", text)
            self.folder.cleanup()
        return self._text


def output(path: str) -> str:
    """What the example at ``path`` (relative to the repository) printed, stdout and stderr."""
    key = str((ROOT / path).resolve())
    if key not in _runs:  # a page outside the build's start (e.g. a single-page test)
        _runs[key] = Run(Path(key))
    return _runs[key].output()


def wrapped(path: str, width: int = 88) -> str:
    """:func:`output`, each line wrapped to ``width`` (continuations indented): pages do not scroll."""
    import textwrap

    lines = []
    for line in output(path).rstrip().splitlines():
        lines.extend(textwrap.wrap(line, width, subsequent_indent="    ", break_long_words=True,
                                   break_on_hyphens=False, drop_whitespace=False) or [""])
    return "\n".join(line.rstrip() for line in lines)


def on_pre_build(config, **kwargs):
    """Start every SageMaker example at once; pages collect their output as they render."""
    global _depth
    _depth += 1
    for path in sorted(ROOT.glob("chapters/*/examples/sagemaker_*.py")):
        key = str(path.resolve())
        if key not in _runs:
            _runs[key] = Run(path)


# After the i18n plugin's on_post_build (priority -100), which runs the nested Korean build.
@event_priority(-200)
def on_post_build(config, **kwargs):
    """Collect the runs no page asked for (a failure still fails the build), then say the times."""
    global _depth
    _depth -= 1
    for run in _runs.values():
        run.output()
    if _depth > 0:  # an inner (Korean) build: the outer one reports and clears
        return
    times = ", ".join(f"{Path(k).stem} {r.seconds:.0f} s" for k, r in sorted(_runs.items()))
    if times:
        print(f"SageMaker examples run on the local API: {times}", file=sys.stderr)
    _runs.clear()


def on_build_error(error, **kwargs):
    """A failed build leaves no run behind for the next one (``mkdocs serve`` rebuilds)."""
    global _depth
    _depth = 0
    for run in _runs.values():
        if run.process.poll() is None:
            run.process.kill()
    _runs.clear()
