"""Markdown for the book: each exercise as a collapsible admonition with hints and solution.

The book includes ``render_markdown(N)`` at the end of chapter N, and the Korean edition
``render_markdown(N, lang="ko")``: the same exercises and solution code, with the statement,
hints and headings from the message catalogue. The ``exercise`` and ``solution`` admonition
types are styled by the book's CSS; hints use Material's ``tip``.
"""

import re
import textwrap

from estlab._i18n import language, translate
from estlab.exercises._files import solution_code
from estlab.exercises._registry import exercises

__all__ = ["render_markdown"]


def _escape(text):
    r"""Escape Markdown's emphasis and HTML characters outside `code spans`.

    Statements and hints are prose with formulas such as ``price * count * 24 * days``; left
    alone, pairs of ``*`` or ``_`` would turn into italics.

    Examples
    --------
    >>> print(_escape("a * b * c, keep `x * y`"))
    a \* b \* c, keep `x * y`
    """
    parts = re.split(r"(`[^`]*`)", text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"([*_<>\\])", r"\\\1", parts[i])
    return "".join(parts)


def _indent(text, level):
    return textwrap.indent(text, "    " * level, lambda line: line.strip() != "")


def _title(text):
    """An admonition title sits in double quotes: keep them balanced."""
    return text.replace('"', "'")


def _one(ex):
    code = solution_code(ex.solution_path.read_text(encoding="utf-8")).rstrip("\n")
    text = ex.translated()
    once = translate("once: copies the stubs to ./estlab-exercises/")
    body = [
        _escape(text.statement.strip()),
        "",
        translate("Edit `{filename}`, then check it:").format(filename=ex.filename),
        "",
        "```bash",
        f"estlab exercises init {ex.chapter}   # {once}",
        f"estlab check {ex.chapter}",
        "```",
        "",
    ]
    for i, hint in enumerate(text.hints, start=1):
        heading = _title(translate("Hint {i}").format(i=i))
        body += [f'??? tip "{heading}"', "", _indent(_escape(hint.strip()), 1), ""]
    solution = _title(translate("Solution"))
    body += [f'??? solution "{solution}"', "", _indent(f"```python\n{code}\n```", 1), ""]
    heading = _title(translate("Exercise {key} {title}").format(key=ex.key, title=text.title))
    return "\n".join([f'??? exercise "{heading}"', "", _indent("\n".join(body), 1)])


def render_markdown(chapter, lang="en"):
    """The exercises of ``chapter`` as Markdown admonitions for the book.

    Each exercise is ``??? exercise "Exercise N.k Title"`` holding the statement, the commands
    that check it (``estlab exercises init N`` then ``estlab check N``), the graded hints as
    collapsible tips, and a nested collapsible ``??? solution`` with the reference solution.

    Parameters
    ----------
    chapter : int
    lang : {"en", "ko"}, default "en"
        The language of the statements, hints and headings (the solution code is the same
        in every language). The default is English whatever the locale, so that a book build
        does not depend on the machine it runs on.

    Returns
    -------
    str

    Examples
    --------
    >>> md = render_markdown(2)
    >>> print(md.splitlines()[0])
    ??? exercise "Exercise 2.1 The normal MLE, derived"
    >>> "estlab check 2" in md and '??? solution "Solution"' in md
    True
    >>> print(render_markdown(2, lang="ko").splitlines()[0])
    ??? exercise "연습 문제 2.1 정규분포의 최대우도 추정량 유도하기"
    """
    with language(lang):
        return "\n".join(_one(ex) for ex in exercises(chapter)).rstrip("\n") + "\n"
