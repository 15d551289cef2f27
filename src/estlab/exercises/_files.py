"""Reference solutions to stubs, and stubs into the student's working folder.

A reference solution marks the part the student writes::

    def normal_mle(x):
        # [solution] TODO: compute mu and sigma by maximum likelihood
        mu = ...
        return mu, sigma
        # [/solution]

The stub keeps everything else and replaces the marked lines with the TODO comment and
``raise NotImplementedError(...)``; the book shows the solution without the marker lines.
"""

import re
from pathlib import Path

__all__ = ["DEFAULT_DIRECTORY", "make_stub", "solution_code", "write_stubs"]

DEFAULT_DIRECTORY = "estlab-exercises"

_START = re.compile(r"^(?P<indent>\s*)# \[solution\]\s*(?P<todo>.*)$")
_END = re.compile(r"^\s*# \[/solution\]\s*$")
_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(?P<name>\w+)")


def make_stub(source, name="exercise"):
    """Replace every ``# [solution]`` ... ``# [/solution]`` block by a TODO and a raise.

    The raise names the enclosing function (``name`` for a block at module level).

    Examples
    --------
    >>> src = ("def f(x):\\n    # [solution] TODO: double x\\n    return 2 * x\\n"
    ...        "    # [/solution]\\n")
    >>> print(make_stub(src))
    def f(x):
        # TODO: double x
        raise NotImplementedError("f: not implemented yet")
    <BLANKLINE>
    """
    out, inside, where = [], False, name
    for line in source.splitlines():
        definition = _DEF.match(line)
        if definition and not inside:
            where = definition["name"]
        start = _START.match(line)
        if start:
            if inside:
                raise ValueError(f"{name}: nested '# [solution]' marker")
            inside = True
            indent, todo = start["indent"], start["todo"] or "TODO: your code here"
            out.append(f"{indent}# {todo}")
            out.append(f'{indent}raise NotImplementedError("{where}: not implemented yet")')
        elif _END.match(line):
            if not inside:
                raise ValueError(f"{name}: '# [/solution]' without '# [solution]'")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{name}: '# [solution]' block is never closed")
    return "\n".join(out) + "\n"


def solution_code(source):
    """The reference solution without its marker lines (what the book shows).

    Examples
    --------
    >>> print(solution_code("def f(x):\\n    # [solution] TODO\\n    return 2 * x\\n"
    ...                     "    # [/solution]\\n"))
    def f(x):
        return 2 * x
    <BLANKLINE>
    """
    lines = [line for line in source.splitlines() if not (_START.match(line) or _END.match(line))]
    return "\n".join(lines) + "\n"


def write_stubs(exercises, directory, *, overwrite=False):
    """Write each exercise's stub under ``directory``; return ``(written, kept)`` path lists.

    Existing files are kept (they may hold the student's work) unless ``overwrite`` is true.
    """
    directory = Path(directory)
    written, kept = [], []
    for ex in exercises:
        target = directory / ex.filename
        if target.exists() and not overwrite:
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        stub = make_stub(ex.solution_path.read_text(encoding="utf-8"), name=ex.slug)
        target.write_text(stub, encoding="utf-8")
        written.append(target)
    return written, kept
