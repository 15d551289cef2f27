"""Markdown for the book: each exercise as a collapsible admonition with hints and solution.

The book includes ``render_markdown(N)`` at the end of chapter N. The ``exercise`` and
``solution`` admonition types are styled by the book's CSS; hints use Material's ``tip``.
"""

import re
import textwrap

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


def _one(ex):
    code = solution_code(ex.solution_path.read_text(encoding="utf-8")).rstrip("\n")
    body = [
        _escape(ex.statement.strip()),
        "",
        f"Edit `{ex.filename}`, then check it:",
        "",
        "```bash",
        f"estlab exercises init {ex.chapter}   # once: copies the stubs to ./estlab-exercises/",
        f"estlab check {ex.chapter}",
        "```",
        "",
    ]
    for i, hint in enumerate(ex.hints, start=1):
        body += [f'??? tip "Hint {i}"', "", _indent(_escape(hint.strip()), 1), ""]
    body += ['??? solution "Solution"', "", _indent(f"```python\n{code}\n```", 1), ""]
    return "\n".join([f'??? exercise "Exercise {ex.key} {ex.title}"', "",
                      _indent("\n".join(body), 1)])


def render_markdown(chapter):
    """The exercises of ``chapter`` as Markdown admonitions for the book.

    Each exercise is ``??? exercise "Exercise N.k Title"`` holding the statement, the commands
    that check it (``estlab exercises init N`` then ``estlab check N``), the graded hints as
    collapsible tips, and a nested collapsible ``??? solution`` with the reference solution.

    Parameters
    ----------
    chapter : int

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
    """
    return "\n".join(_one(ex) for ex in exercises(chapter)).rstrip("\n") + "\n"
