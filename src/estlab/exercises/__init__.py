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
    ex.check(2, lang="ko")         # statements, hints and feedback in Korean (한국어)

The language follows the locale (``LANG=ko_KR.UTF-8``) unless ``lang`` or ``--lang`` says
otherwise; English is the default. Every text comes from one message catalogue, see
:mod:`estlab._i18n`.

Your code runs in a separate process with a time limit, so an infinite loop or a crash is a
FAIL with its message, never a hang.
"""

from pathlib import Path

from estlab._errors import EstlabError
from estlab._i18n import LANGUAGES, language, translate
from estlab.exercises._exercise import Exercise, Mistake, Student
from estlab.exercises._files import DEFAULT_DIRECTORY, write_stubs
from estlab.exercises._registry import CHAPTERS, exercises, get_exercise
from estlab.exercises._render import render_markdown
from estlab.exercises._report import Report, Result
from estlab.exercises._runner import run_checks

__all__ = [
    "CHAPTERS",
    "DEFAULT_DIRECTORY",
    "LANGUAGES",
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


def check(chapter, directory=None, *, solutions=False, timeout=None, lang=None):
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
    lang : {"en", "ko"}, optional
        The language of the report (default: the locale's, English unless it is Korean).

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
    >>> check(5, solutions=True, lang="ko").summary()
    '통과 3개, 실패 0개'
    """
    with language(lang) as code:
        return _check(chapter, directory, solutions, timeout, code)


def _check(chapter, directory, solutions, timeout, lang):
    everything = chapter is None or chapter == "all"
    one = isinstance(chapter, str) and "." in chapter
    if one:  # one exercise: check("3.1")
        selected = [get_exercise(chapter)]
        chapter = selected[0].chapter
    else:
        selected = exercises(None if everything else chapter)
    if solutions:
        items = [(ex, ex.solution_path) for ex in selected]
        where = translate("reference solutions")
    else:
        directory = Path(DEFAULT_DIRECTORY if directory is None else directory)
        if not directory.is_dir():
            first = "" if everything else f" {chapter}"
            raise ExerciseFolderError(translate(
                "no exercises folder at {folder}; create it with `estlab exercises init{first}` "
                "(or pass the folder you used with --dir).").format(folder=directory.resolve(),
                                                                    first=first))
        items = [(ex, _locate(ex, directory)) for ex in selected]
        where = str(directory.resolve())
    name = (translate("All chapters") if everything
            else translate("Exercise {key}").format(key=selected[0].key) if one
            else translate("Chapter {chapter}").format(chapter=selected[0].chapter))
    return Report(run_checks(items, timeout=timeout, lang=lang), title=f"{name}: {where}",
                  lang=lang)


def hint(key, level=1, *, lang=None):
    """The graded hints of exercise ``key`` up to ``level`` (1 = a nudge), one per line.

    Examples
    --------
    >>> print(hint("2.1"))  # doctest: +ELLIPSIS
    Hint 1: ...
    >>> print(hint("2.1", lang="ko"))  # doctest: +ELLIPSIS
    힌트 1: ...
    """
    with language(lang):
        ex = get_exercise(key).translated()
        level = max(1, min(int(level), len(ex.hints)))
        return "\n".join(translate("Hint {i}: {hint}").format(i=i, hint=h)
                         for i, h in enumerate(ex.hints[:level], start=1))
