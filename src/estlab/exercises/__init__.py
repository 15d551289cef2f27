"""The book's exercises, and the checks behind ``estlab check``.

Every chapter has at least three exercises: implement a function, derive and compute a quantity,
or change a workflow script. Each has a stub you edit, graded hints, a reference solution, and a
check that recognises common mistakes and says so.

From a shell::

    estlab exercises init 2        # copy chapter 2's stubs into ./estlab-exercises/ch02/
    estlab check 2                 # PASS or FAIL per exercise, last "N passed, N failed"
    estlab exercises hint 2.1      # graded hints, one more with each --level
    estlab check --all --solutions # instructors and CI: every reference solution passes

From Python or a notebook::

    import estlab.exercises as ex
    ex.init(2)
    ex.check(2)                    # a Report; in Jupyter it renders as a table

Your code runs in a separate process with a time limit, so an infinite loop or a crash is a
FAIL with its message, never a hang.
"""

from pathlib import Path

from estlab._errors import EstlabError
from estlab.exercises._exercise import Exercise, Mistake, Student
from estlab.exercises._files import DEFAULT_DIRECTORY, write_stubs
from estlab.exercises._registry import CHAPTERS, exercises, get_exercise
from estlab.exercises._render import render_markdown
from estlab.exercises._report import Report, Result
from estlab.exercises._runner import run_checks

__all__ = [
    "CHAPTERS",
    "DEFAULT_DIRECTORY",
    "Exercise",
    "ExerciseFolderError",
    "Mistake",
    "Report",
    "Result",
    "Student",
    "check",
    "exercises",
    "get_exercise",
    "hint",
    "init",
    "render_markdown",
]


class ExerciseFolderError(EstlabError, FileNotFoundError):
    """The working folder holds no exercises: run ``estlab exercises init`` first.

    Examples
    --------
    >>> try:
    ...     check(2, "no-such-folder")
    ... except ExerciseFolderError as err:
    ...     print("estlab exercises init 2" in str(err))
    True
    """


def init(chapter=None, directory=DEFAULT_DIRECTORY, *, overwrite=False):
    """Copy the stubs of one chapter (or all chapters) into a working folder.

    Files that already exist are kept, since they may hold your work; pass ``overwrite=True``
    to start again from the stubs.

    Parameters
    ----------
    chapter : int, optional
        Chapter number; None copies every chapter.
    directory : path-like, default "estlab-exercises"
        The working folder; each chapter goes in its own ``chNN`` subfolder.
    overwrite : bool, default False
        Replace files that already exist.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> [p.name for p in init(2, folder)]
    ['normal_mle.py', 'poisson_interval.py', 'gamma_newton.py', 'wald_coverage.py']
    >>> init(2, folder)  # a second call keeps your work
    []
    """
    written, _ = write_stubs(exercises(chapter), directory, overwrite=overwrite)
    return written


def _locate(ex, directory):
    """The student's file for ``ex`` under ``directory`` (``chNN/slug.py`` or ``slug.py``)."""
    directory = Path(directory)
    for candidate in (directory / ex.filename, directory / f"{ex.slug}.py"):
        if candidate.is_file():
            return candidate
    return directory / ex.filename


def check(chapter, directory=None, *, solutions=False, timeout=None):
    """Check your answers to one chapter's exercises (or ``"all"``); return a :class:`Report`.

    Each check runs in a separate process with a time limit. ``print(report)`` shows PASS or
    FAIL per exercise with a targeted hint, and last ``N passed, N failed``; ``report.ok`` is
    True when all passed.

    Parameters
    ----------
    chapter : int, str, "all" or None
        The chapter to check, or one exercise such as ``"3.1"``; ``"all"`` (or None) checks
        every chapter.
    directory : path-like, optional
        Your working folder (default ``./estlab-exercises``). The folder of one chapter, holding
        the ``.py`` files directly, works too.
    solutions : bool, default False
        Check the reference solutions instead (for instructors and CI).
    timeout : float, optional
        Seconds allowed per exercise (default: each exercise's own limit, 10 s for functions).

    Returns
    -------
    Report

    Raises
    ------
    ExerciseFolderError
        When ``directory`` does not exist.

    Examples
    --------
    >>> report = check(5, solutions=True)
    >>> report.ok, report.summary()
    (True, '3 passed, 0 failed')
    """
    everything = chapter is None or chapter == "all"
    one = isinstance(chapter, str) and "." in chapter
    if one:  # one exercise: check("3.1")
        selected = [get_exercise(chapter)]
        chapter = selected[0].chapter
    else:
        selected = exercises(None if everything else chapter)
    if solutions:
        items = [(ex, ex.solution_path) for ex in selected]
        where = "reference solutions"
    else:
        directory = Path(DEFAULT_DIRECTORY if directory is None else directory)
        if not directory.is_dir():
            first = "" if everything else f" {chapter}"
            raise ExerciseFolderError(
                f"no exercises folder at {directory.resolve()}; create it with "
                f"`estlab exercises init{first}` (or pass the folder you used with --dir).")
        items = [(ex, _locate(ex, directory)) for ex in selected]
        where = str(directory.resolve())
    name = ("All chapters" if everything else f"Exercise {selected[0].key}" if one
            else f"Chapter {selected[0].chapter}")
    return Report(run_checks(items, timeout=timeout), title=f"{name}: {where}")


def hint(key, level=1):
    """The graded hints of exercise ``key`` up to ``level`` (1 = a nudge), one per line.

    Examples
    --------
    >>> print(hint("2.1"))  # doctest: +ELLIPSIS
    Hint 1: ...
    """
    ex = get_exercise(key)
    level = max(1, min(int(level), len(ex.hints)))
    return "\n".join(f"Hint {i}: {h}" for i, h in enumerate(ex.hints[:level], start=1))
