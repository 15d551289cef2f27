"""Every command the book and the README tell the reader to type works exactly as printed.

The book teaches one set-up, once (home page and README): ``make book`` creates ``.venv``, and
``source .venv/bin/activate`` puts ``.venv/bin`` first on ``PATH`` for that terminal. Every
command is written for that set-up and typed from the repository's root folder: ``python ...``
(not ``python3``, which on Debian is the system Python without NumPy), ``estlab ...`` (not
``.venv/bin/estlab``).

This module collects the commands the reader is told to run:

- every line of every ``bash`` / ``console`` / ``sh`` / ``shell`` code block in
  ``chapters/**/*.md``, in ``README.md`` and in the exercise boxes that
  ``estlab.exercises.render_markdown`` inserts;
- inline code in the prose that is a command of the taught set-up (``estlab ...``, ``make ...``,
  ``jupyter ...``, ``python chapters/...``, ``python benchmarks/...``, ``python -m ...``, and any
  ``.venv/bin/...`` command);

and checks each against the set-up: a ``make`` target exists, a script path exists, an ``estlab``
command line parses with the real CLI parser, a ``jupyter`` subcommand is one the ``book`` extra
installs, a notebook name is one the book offers. The cheap commands are then actually run in a
shell with the environment "activated" (the test interpreter's ``bin`` folder first on ``PATH``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from book_support import CHAPTERS, ROOT

SHELL_LANGUAGES = {"bash", "console", "sh", "shell"}
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n"
                    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)
_INLINE = re.compile(r"`([^`\n]+)`")
# Inline code that is a command of the taught set-up (other inline code is illustration, such as
# the `python3 /opt/ml/...` a SageMaker container runs).
_INLINE_COMMAND = re.compile(
    r"^(estlab|make|jupyter) |^python (chapters/|benchmarks/|-m )|^(\./)?\.venv/bin/\S+ ")
# Programs the reader may be told to run besides the environment's own (none today).
OTHER_PROGRAMS: set[str] = set()


@dataclass(frozen=True)
class Command:
    """One command the text tells the reader to type, and where it is written."""

    text: str
    where: str

    @property
    def words(self) -> list[str]:
        return shlex.split(self.text, comments=True)


def _commands_in_markdown(text: str, where: str) -> list[Command]:
    commands = []
    prose = text
    for match in _FENCE.finditer(text):
        prose = prose.replace(match.group(0), "\n" * match.group(0).count("\n"))
        language = match.group("info").split()[0].lower() if match.group("info").strip() else ""
        if language not in SHELL_LANGUAGES:
            continue
        line0 = text[:match.start()].count("\n") + 2
        body = textwrap.dedent(match.group("body"))
        for i, line in enumerate(body.splitlines()):
            line = line.strip()
            if line.startswith("$ "):  # a console prompt is not part of the command
                line = line[2:]
            if line and not line.startswith("#"):
                commands.append(Command(line, f"{where}:{line0 + i}"))
    for line_no, line in enumerate(prose.splitlines(), 1):
        for span in _INLINE.findall(line):
            if _INLINE_COMMAND.match(span):
                commands.append(Command(span, f"{where}:{line_no} (inline)"))
    return commands


def _exercise_chapters() -> list[int]:
    chapters = set()
    for page in CHAPTERS.glob("*/index.md"):
        chapters.update(int(n) for n in re.findall(r"render_markdown\((\d+)\)", page.read_text()))
    return sorted(chapters)


def collect_commands() -> list[Command]:
    """Every command the chapters, the README and the exercise boxes tell the reader to run."""
    from estlab.exercises import render_markdown

    commands = _commands_in_markdown((ROOT / "README.md").read_text(encoding="utf-8"), "README.md")
    for page in sorted(CHAPTERS.rglob("*.md")):
        where = str(page.relative_to(ROOT))
        commands += _commands_in_markdown(page.read_text(encoding="utf-8"), where)
    for chapter in _exercise_chapters():
        commands += _commands_in_markdown(render_markdown(chapter),
                                          f"render_markdown({chapter}) (estlab.exercises)")
    return commands


def _book_extra() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        extras = tomllib.load(f)["project"]["optional-dependencies"]
    return [re.split(r"[<>=!\[; ]", req, maxsplit=1)[0].lower() for req in extras["book"]]


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.M))


def _offered_notebooks() -> set[str]:
    """The notebook names the book offers for download (what chapters/_hooks/notebooks.py makes):
    ``02-mle.ipynb`` and, for the Korean edition, ``02-mle.ko.ipynb``."""
    return {f"{p.parent.parent.name}{suffix}.ipynb" for p in CHAPTERS.glob("*/examples/*.py")
            if not p.name.startswith("sagemaker_") for suffix in ("", ".ko")}


def _estlab_parses(args: list[str]) -> str | None:
    from estlab._cli import _parser

    parser = _parser()[0]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            parser.parse_args(args)
        except SystemExit as stop:  # --help and --version exit 0; a bad command line exits 2
            if stop.code not in (0, None):
                return err.getvalue().strip().splitlines()[-1]
    return None


def problem(command: Command) -> str | None:
    """Why ``command`` does not work as printed in the taught set-up, or None when it does."""
    try:
        words = command.words
    except ValueError as error:
        return f"cannot be split into words as a shell would: {error}"
    if not words:
        return None
    program, args = words[0], words[1:]
    if ".venv/bin/" in program:
        return (f"`{program}` is the un-activated spelling; the book teaches `source "
                f".venv/bin/activate` once, so write `{Path(program).name} ...`")
    if program in ("source", "."):
        if args == [".venv/bin/activate"]:
            return None
        return f"activate with `source .venv/bin/activate`, not `{command.text}`"
    if program == "deactivate":
        return None
    if program == "export":  # setting variables for the next commands (the local SageMaker API)
        bad = [a for a in args if not re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S+", a)]
        return f"`export` takes NAME=value pairs; got {bad}" if bad or not args else None
    if program == "make":
        targets = [a for a in args if "=" not in a]
        missing = [t for t in targets if t not in _make_targets()]
        return f"no make target {missing} in the Makefile" if missing else None
    if program == "python3":
        if args[:2] == ["-m", "venv"]:
            return None  # the one command that runs before the environment exists
        return ("`python3` is the system Python (no NumPy, no estlab) on Debian; in the activated "
                "environment write `python`")
    if program == "python":
        if not args:
            return None
        if args[0] == "-m":
            import importlib.util

            found = importlib.util.find_spec(args[1]) if len(args) > 1 else None
            return None if found else f"no module {args[1:2]} in the environment"
        if args[0] == "-c":
            return None
        script = ROOT / args[0]
        if script.is_file():
            return None
        return f"no file {args[0]} (paths are from the repository root)"
    if program == "estlab":
        error = _estlab_parses(args)
        return f"`estlab` rejects this command line: {error}" if error else None
    if program == "jupyter":
        if not args:
            return "`jupyter` needs a subcommand (`jupyter lab`)"
        needs = {"lab": "jupyterlab", "execute": "nbclient"}
        if args[0] not in needs:
            return f"`jupyter {args[0]}` is not installed by the book extra (use `jupyter lab`)"
        if needs[args[0]] not in _book_extra():
            return f"`jupyter {args[0]}` needs {needs[args[0]]} in pyproject's book extra"
        names = [Path(a).name for a in args[1:] if a.endswith(".ipynb")]
        unknown = [n for n in names if n not in _offered_notebooks()]
        return f"the book offers no notebook {unknown}" if unknown else None
    if program == "pip":
        return "a bare `pip` may belong to another Python: write `python -m pip`"
    if program in OTHER_PROGRAMS:
        return None
    return (f"`{program}` is not a command of the taught set-up; teach it or add a rule to "
            "tests/book/test_commands.py")


COMMANDS = collect_commands()


def test_the_text_tells_the_reader_to_run_commands():
    # A broken extractor would find nothing and pass everything.
    assert len(COMMANDS) >= 40, [c.text for c in COMMANDS]
    texts = {c.text.split("#")[0].strip() for c in COMMANDS}
    assert {"source .venv/bin/activate", "python chapters/01-estimators/examples/sampling.py",
            "estlab exercises init 2", "estlab check 2"} <= texts


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.where}: {c.text[:50]}")
def test_command_works_as_printed(command):
    assert problem(command) is None, f"{command.where}: `{command.text}`: {problem(command)}"


def test_the_setup_is_taught_on_the_home_page_and_in_the_readme():
    for path in (CHAPTERS / "index.md", ROOT / "README.md"):
        commands = _commands_in_markdown(path.read_text(encoding="utf-8"), path.name)
        assert any(c.text.startswith("source .venv/bin/activate") for c in commands), path
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^VENV\s*:=\s*\.venv$", makefile, re.M), (
        "make creates the .venv the book activates")


@pytest.mark.parametrize("text, expected", [
    (".venv/bin/estlab check 2", "un-activated spelling"),
    ("estlab exercise init 2", "rejects"),
    ("estlab check 2 --solutinos", "rejects"),
    ("python chapters/01-estimators/examples/no_such_file.py", "no file"),
    ("python3 chapters/01-estimators/examples/sampling.py", "system Python"),
    ("make frobnicate", "no make target"),
    ("jupyter notebook 02-mle.ipynb", "not installed"),
    ("jupyter lab 99-nothing.ipynb", "no notebook"),
    ("pip install estlab", "python -m pip"),
    ("curl http://127.0.0.1:8000", "not a command of the taught set-up"),
])
def test_control_broken_commands_are_caught(text, expected):
    # The checks can fail: each of these is wrong in a way a reader would hit.
    found = problem(Command(text, "control"))
    assert found is not None and expected in found, found


def test_control_extraction_sees_indented_blocks_and_inline_commands():
    page = ("Run `estlab check 9` now, and `not a command`.\n\n"
            "??? exercise\n\n    ```bash\n    $ .venv/bin/estlab check 2   # old\n    ```\n")
    texts = [c.text for c in _commands_in_markdown(page, "control")]
    assert texts == [".venv/bin/estlab check 2   # old", "estlab check 9"]


def _activated_env() -> dict[str, str]:
    """The environment of a terminal after `source .venv/bin/activate` (this interpreter's venv)."""
    bin_dir = Path(sys.executable).parent
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(bin_dir.parent), "MPLBACKEND": "Agg"}


@pytest.mark.parametrize("text", [
    "estlab --version",
    "estlab check --help",
    "python chapters/01-estimators/examples/sampling.py",
])
def test_cheap_commands_run_as_printed(text):
    assert any(c.text.split("#")[0].strip() == text for c in COMMANDS) or text.startswith(
        "estlab"), f"`{text}` is no longer in the text; run what the text says instead"
    proc = subprocess.run(["bash", "-c", text], cwd=ROOT, env=_activated_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"`{text}` failed:\n{proc.stderr[-2000:]}"
    assert proc.stdout.strip()
