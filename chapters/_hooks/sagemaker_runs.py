"""MkDocs hook: every SageMaker example runs while the book builds, and its page shows the output.

Each ``chapters/*/examples/sagemaker_*.py`` is real SDK v3 code. Without AWS settings it runs on
the local SageMaker API (``estlab serve``, started by the example for its own run): the jobs
train, the endpoints answer, and what the SDK printed is what a reader would see. Most of an
example's time is the SDK's own waiting (ModelTrainer polls every 5 s, ModelBuilder.deploy every
30 s), so all of them start together when the build starts, in subprocesses, and a page shows
one without waiting for it (see below)::

    ```python exec="on" session="ch7"
    sagemaker_output("chapters/07-training/examples/sagemaker_training.py")
    ```

(``sagemaker_output`` is defined in ``sagemaker_tab.py``, included by the chapters.) The runs
never reach AWS, even when the builder has credentials: every ``AWS_*`` and ``SAGEMAKER_*``
variable is removed from their environment. A run that fails fails the build, with its output.

**Pages do not wait for the runs.** A page shows a run's output through :func:`deferred`: a
token stands in the page's code box while the build goes on (the rest of the English pages,
then the whole Korean edition, computed while the runs' jobs train and their endpoints start),
and when the outermost build ends, each token in the written pages and in the search index is
replaced by the run's output, with the line anchors the code box would have had. A page's build
no longer waits for its example (chapter 5 used to wait 28 s at the point where the processor,
the training job and the endpoint of its example were still running).

**Both editions share one run.** mkdocs-static-i18n builds the Korean edition (``/ko/``) as a
second build nested inside the English one's ``on_post_build``. The Korean pages show the same
examples, run by the same code in the same build, so they show the same run: the runs started by
the first build are kept until the outermost build ends (``_depth`` counts the builds in progress),
and the second build waits for none.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 600  # a loaded machine, with the runs at a lower priority than the pages
NICENESS = 10  # the runs' scheduling priority below the build's (see Run)
_runs: dict[str, "Run"] = {}
_depth = 0  # builds in progress: 2 while the Korean edition builds inside the English build
_tokens: dict[str, str] = {}  # the run's key (its example's absolute path) -> its token
_pages_with_tokens: set[str] = set()  # written pages (absolute paths) that hold a token
_TOKEN = "ESTLABRUNOUTPUT{}X"
# A code box's line as pymdownx.highlight writes it (anchor_linenums): block K, line N.
_ANCHORED_TOKEN = re.compile(r'<a id="__codelineno-(?P<block>\d+)-1" name="__codelineno-(?P=block)-1"'
                             r' href="#__codelineno-(?P=block)-1"></a>(?P<token>ESTLABRUNOUTPUT\d+X)')


class Run:
    """One example running in its own scratch folder; ``output()`` waits for it.

    A thread reads what the example prints while it runs (a full pipe would stop it) and notes
    when it ended, so that the time said at the end is the run's, not the build's.
    """

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
        # The pages come first: the runs mostly wait (for the SDK's polls, for their jobs) and
        # take the CPU the pages leave (their jobs and servers inherit the priority).
        if hasattr(os, "setpriority"):
            try:
                os.setpriority(os.PRIO_PROCESS, self.process.pid, NICENESS)
            except OSError:
                pass
        self._text = None
        self._raw, self._timed_out = "", False
        self._reader = threading.Thread(target=self._collect, daemon=True)
        self._reader.start()

    def _collect(self):
        try:
            self._raw, _ = self.process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._timed_out = True
            self.process.kill()
            self._raw, _ = self.process.communicate()
        self.seconds = time.perf_counter() - self.started

    def output(self) -> str:
        if self._text is None:
            self._reader.join()
            text = self._raw
            self.folder.cleanup()  # what it printed is all a failure message needs
            if self._timed_out:
                raise RuntimeError(f"{self.path} did not finish in {TIMEOUT_SECONDS} s; its "
                                   f"output so far:\n{text[-4000:]}")
            if self.process.returncode != 0:
                raise RuntimeError(f"{self.path} failed (exit {self.process.returncode}):\n"
                                   f"{text[-6000:]}")
            # the SDK's progress panel (rich) ends without a newline: the next print joins it
            self._text = re.sub("╯(?=[^\n])", "╯\n", text)
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


def deferred(path: str) -> str:
    """A token for :func:`wrapped` ``(path)``, replaced by it in the written site (see above).

    The token must stand alone on one line of a code box (as ``sagemaker_output`` prints it).
    """
    key = str((ROOT / path).resolve())
    if key not in _runs:
        _runs[key] = Run(Path(key))
    return _tokens.setdefault(key, _TOKEN.format(len(_tokens)))


def _fill_tokens(site_dir: str) -> None:
    """Replace every token in the written pages and the search index by its run's output."""
    texts = {token: wrapped(key) for key, token in _tokens.items()}  # (ROOT / an absolute key)

    def anchored(match):
        block, lines = match["block"], texts[match["token"]].split("\n")
        return "\n".join(f'<a id="__codelineno-{block}-{n}" name="__codelineno-{block}-{n}" '
                         f'href="#__codelineno-{block}-{n}"></a>{html.escape(line, quote=False)}'
                         for n, line in enumerate(lines, 1))

    for page in sorted(_pages_with_tokens):
        text = Path(page).read_text(encoding="utf-8")
        filled = _ANCHORED_TOKEN.sub(anchored, text)
        left = [t for t in texts if t in filled]
        if left:
            raise RuntimeError(f"{page}: the SageMaker output token(s) {left} are not alone on the "
                               "first line of a code box (print them as sagemaker_output does)")
        Path(page).write_text(filled, encoding="utf-8")
    index = Path(site_dir) / "search" / "search_index.json"
    if index.exists():
        text = index.read_text(encoding="utf-8")
        for token, output in texts.items():
            text = text.replace(token, json.dumps(html.escape(output, quote=False))[1:-1])
        index.write_text(text, encoding="utf-8")


def on_post_page(output, page, config, **kwargs):
    """Remember the pages that show a deferred output (they are filled in when the build ends)."""
    if any(token in output for token in _tokens.values()):
        _pages_with_tokens.add(page.file.abs_dest_path)
    return output


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
    if _depth > 0:  # an inner (Korean) build: the outer one reports, fills in and clears
        return
    _fill_tokens(config.site_dir)
    _tokens.clear()
    _pages_with_tokens.clear()
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
    _tokens.clear()
    _pages_with_tokens.clear()
