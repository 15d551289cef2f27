"""MkDocs hook: every SageMaker example runs while the book builds, and its page shows the output.

Each ``chapters/*/examples/sagemaker_*.py`` is real SDK v3 code. Without AWS settings it runs on
the local SageMaker API (``estlab serve``, started by the example for its own run): the jobs
train, the endpoints answer, and what the SDK printed is what a reader would see. Most of an
example's time is the SDK's own waiting (ModelTrainer polls every 5 s, ModelBuilder.deploy every
30 s), so all of them start together when the build starts, and a page shows one without
waiting for it (see below)::

    ```python exec="on" session="ch7"
    sagemaker_output("chapters/07-training/examples/sagemaker_training.py")
    ```

(``sagemaker_output`` is defined in ``sagemaker_tab.py``, included by the chapters.) The runs
never reach AWS, even when the builder has credentials: every ``AWS_*`` and ``SAGEMAKER_*``
variable is removed from their environment. A run that fails fails the build, with its output.

**One runner for all of them.** ``example_runner.py`` imports the SDK, boto3, moto and estlab's
local API once (6.5 s of CPU, measured) and forks a child per example, which runs it as ``python
EXAMPLE`` would (its docstring says the one difference); eight interpreters used to import the
same modules eight times. The runner runs at a lower scheduling priority than the build, so
the pages come first.

**Pages do not wait for the runs.** A page shows a run's output through :func:`deferred`: a
token stands in the page's code box while the build goes on (the rest of the English pages,
then the whole Korean edition, computed while the runs' jobs train and their endpoints start),
and when the outermost build ends, each token in the written pages and in the search index is
replaced by the run's output, with the line anchors the code box would have had. Prose that
quotes a run's numbers quotes the page's own values, and :func:`check_later` checks, when the
run has ended, that the run printed the same (chapter 10 used to wait 61 s for two runs there;
chapter 5 waited 28 s for its run before tokens).

**Both editions share one run.** mkdocs-static-i18n builds the Korean edition (``/ko/``) as a
second build nested inside the English one's ``on_post_build``. The Korean pages show the same
examples, run by the same code in the same build, so they show the same run: the runs started by
the first build are kept until the outermost build ends (``_depth`` counts the builds in progress),
and the second build waits for none.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 600  # a loaded machine, with the runs at a lower priority than the pages
RUNNER = Path(__file__).resolve().parent / "example_runner.py"
_runs: dict[str, "Run"] = {}  # the example's absolute path -> its run
_runners: list["Runner"] = []
_checks: list[tuple[str, object]] = []  # (a run's key, a check of its output), see check_later
_depth = 0  # builds in progress: 2 while the Korean edition builds inside the English build
_tokens: dict[str, str] = {}  # the run's key (its example's absolute path) -> its token
_pages_with_tokens: set[str] = set()  # written pages (absolute paths) that hold a token
_TOKEN = "ESTLABRUNOUTPUT{}X"
# A code box's line as pymdownx.highlight writes it (anchor_linenums): block K, line N.
_ANCHORED_TOKEN = re.compile(r'<a id="__codelineno-(?P<block>\d+)-1" name="__codelineno-(?P=block)-1"'
                             r' href="#__codelineno-(?P=block)-1"></a>(?P<token>ESTLABRUNOUTPUT\d+X)')


class Run:
    """One example: its scratch folder, and what it printed once it has ended.

    The example runs in a child of the runner (``example_runner.py``, see :func:`start`), with
    ``FOLDER/run`` as its working directory and ``HOME``, and prints into ``FOLDER/output.txt``
    (a file, so that no pipe can fill and stop it). ``output()`` waits for it.
    """

    def __init__(self, path: Path):
        self.path = path
        self.folder = tempfile.TemporaryDirectory(prefix="estlab-book-sagemaker-")
        (Path(self.folder.name) / "run").mkdir()
        self.started = time.perf_counter()
        self.pid = None  # the child's, once the runner says it started
        self.returncode = None
        self.seconds = None  # from its start to its end, said by the runner
        self.died = ""  # why it has no return code (the runner itself failed)
        self.runner = None  # the Runner that runs it
        self.ended = threading.Event()
        self._text = None

    def _printed(self) -> str:
        path = Path(self.folder.name) / "output.txt"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def output(self) -> str:
        if self._text is None:
            left = self.started + TIMEOUT_SECONDS - time.perf_counter()
            if not self.ended.wait(max(left, 0)):
                if self.pid is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(self.pid, signal.SIGKILL)
                else:  # its runner is still importing after all that time: stop the runner
                    self.runner.kill()
                self.ended.wait(10)
                text = self._printed()
                self.folder.cleanup()
                raise RuntimeError(f"{self.path} did not finish in {TIMEOUT_SECONDS} s; its "
                                   f"output so far:\n{text[-4000:]}")
            text = self._printed()
            self.folder.cleanup()  # what it printed is all a failure message needs
            if self.returncode != 0:
                why = self.died or f"exit {self.returncode}"
                raise RuntimeError(f"{self.path} failed ({why}):\n{text[-6000:]}")
            # the SDK's progress panel (rich) ends without a newline: the next print joins it
            self._text = re.sub("╯(?=[^\n])", "╯\n", text)
        return self._text


class Runner:
    """The process that runs a set of examples (``example_runner.py``), and a thread hearing it.

    The runner imports the SDK once and forks one child per example; it says on its stdout when
    each child starts and ends (JSON lines), and this thread marks the :class:`Run`.
    """

    def __init__(self, runs: list[Run]):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "SAGEMAKER_")) and k != "PYTHONWARNINGS"}
        env["COLUMNS"] = "80"  # the SDK's progress panels are drawn to this width
        env["PYTHONUNBUFFERED"] = "1"  # the script's prints and the SDK's log lines in order
        args = [sys.executable, str(RUNNER)]
        for run in runs:
            args += [str(run.path), run.folder.name]
        self.runs = {str(run.path): run for run in runs}
        for run in runs:
            run.runner = self
        self.messages: list[str] = []  # what the runner said itself (an import that failed)
        # its own session: a failed build stops it and every example (os.killpg)
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, text=True, start_new_session=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self):
        with self.process.stdout:
            for line in self.process.stdout:
                try:
                    news = json.loads(line)
                    run = self.runs[news["example"]]
                except (ValueError, KeyError, TypeError):
                    self.messages.append(line)
                    continue
                run.pid = news["pid"]
                if "returncode" in news:
                    run.returncode, run.seconds = news["returncode"], news["seconds"]
                    run.ended.set()
        self.process.wait()
        for run in self.runs.values():  # the runner ended before them: it failed
            if not run.ended.is_set():
                run.returncode = self.process.returncode or 1
                run.died = ("the example runner ended first, exit "
                            f"{self.process.returncode}: {''.join(self.messages)[-3000:]}")
                run.seconds = time.perf_counter() - run.started
                run.ended.set()

    def join(self, timeout=30):
        """Wait for the runner to end (it does once its last example has) and reap it."""
        self._thread.join(timeout)

    def kill(self):
        """Stop the runner and every example it runs (one process group), and hear it end."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self._thread.join(10)


def _key(path) -> str:
    """A run's key: its example's absolute path (``path`` may be relative to the repository)."""
    return str((ROOT / path).resolve())


def start(paths) -> list[Run]:
    """Start the examples at ``paths`` not started yet, in one runner; their :class:`Run`\\ s."""
    keys = [_key(p) for p in paths]
    new = [Run(Path(key)) for key in dict.fromkeys(keys) if key not in _runs]
    if new:
        _runners.append(Runner(new))
        _runs.update((str(run.path), run) for run in new)
    return [_runs[key] for key in keys]


def output(path: str) -> str:
    """What the example at ``path`` (relative to the repository) printed, stdout and stderr."""
    return start([path])[0].output()  # started already, unless outside a build


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
    key = _key(path)
    start([key])
    return _tokens.setdefault(key, _TOKEN.format(len(_tokens)))


def check_later(path: str, check) -> None:
    """Call ``check(output)`` with :func:`output` ``(path)`` when the outermost build ends.

    For prose that quotes numbers a run must agree with: the page quotes the values its own
    session computed, and ``check`` raises (failing the build) if the run printed others. The
    page need not wait for the run.
    """
    key = _key(path)
    start([key])
    _checks.append((key, check))


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
    start(sorted(ROOT.glob("chapters/*/examples/sagemaker_*.py")))


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
    for key, check in _checks:
        check(_runs[key].output())
    _checks.clear()
    _fill_tokens(config.site_dir)
    _tokens.clear()
    _pages_with_tokens.clear()
    times = ", ".join(f"{Path(k).stem} {r.seconds:.0f} s" for k, r in sorted(_runs.items()))
    if times:
        print(f"SageMaker examples run on the local API: {times}", file=sys.stderr)
    for runner in _runners:
        runner.join()
    _runs.clear()
    _runners.clear()


def on_build_error(error, **kwargs):
    """A failed build leaves no run behind for the next one (``mkdocs serve`` rebuilds)."""
    global _depth
    _depth = 0
    for runner in _runners:
        runner.kill()
    _runners.clear()
    _runs.clear()
    _checks.clear()
    _tokens.clear()
    _pages_with_tokens.clear()
