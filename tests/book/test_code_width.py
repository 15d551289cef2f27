"""Every line of code the book shows is at most 88 characters, so it fits the column.

The content column holds about 100 characters of code at 1,400 px (chapters/assets/estlab.css);
the examples are written to 88, so a block that fits never needs sideways scrolling and a
comment is never cut mid-word. This reads every page's Markdown, as the built site shows it:
each fenced block whose source is shown (a plain block, or an executed one with ``source=``;
an executed block without it shows only its output), with its snippet includes
(``--8<-- "file"`` or ``"file:section"``) expanded as pymdownx.snippets expands them. What an
example prints is measured in the browser by test_layout.py.
"""

from __future__ import annotations

import re
import textwrap

import pytest
from book_support import CHAPTERS, ROOT

MAX_CHARS = 88
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')


def _section(path: str, section: str | None) -> list[str]:
    """The lines pymdownx.snippets inserts for ``path`` or its ``section`` (dedented)."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    if section is None:
        return [line for line in lines if "--8<-- [" not in line]
    start = next(i for i, line in enumerate(lines)
                 if line.strip() == f"# --8<-- [start:{section}]")
    end = next(i for i in range(start, len(lines))
               if lines[i].strip() == f"# --8<-- [end:{section}]")
    body = [line for line in lines[start + 1:end] if "--8<-- [" not in line]
    return textwrap.dedent("\n".join(body)).splitlines()


def shown_blocks(markdown: str) -> list[tuple[int, list[str]]]:
    """``[(line number of the fence, shown lines)]`` for every code block whose source is shown."""
    blocks, lines, i = [], markdown.splitlines(), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m["indent"], m["fence"], m["info"]
        end = next((j for j in range(i + 1, len(lines))
                    if lines[j].strip() == fence and lines[j].startswith(indent)), len(lines))
        body = [line[len(indent):] for line in lines[i + 1:end]]
        if 'exec="on"' not in info or "source=" in info:
            shown = []
            for line in body:
                inc = INCLUDE.match(line)
                shown.extend(_section(inc["path"], inc["section"]) if inc else [line])
            blocks.append((i + 1, shown))
        i = end + 1
    return blocks


def _pages():
    return sorted(p for p in CHAPTERS.rglob("*.md") if "_hooks" not in p.parts)


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(CHAPTERS)))
def test_shown_code_fits_88_characters(page):
    long = [f"line {start} of the block at {page.relative_to(ROOT)}:{start}: {len(line)} chars: "
            f"{line[:50]}..."
            for start, block in shown_blocks(page.read_text(encoding="utf-8"))
            for line in block if len(line) > MAX_CHARS]
    assert not long, (
        f"code shown in the book is longer than {MAX_CHARS} characters: {long}. Break the "
        "line (in the example file, if it is an include): at 1,400 px the column holds about "
        "100 characters and on a phone far fewer")


def test_reads_includes_and_skips_hidden_blocks(tmp_path):
    """The control: an included section over 88 is found; a hidden block's source is not."""
    long = "x = " + "1 + " * 30 + "1"
    markdown = textwrap.dedent(f'''
        ```python exec="on" source="above" session="s"
        --8<-- "chapters/_hooks/figure.py"
        ```
        ```python exec="on" session="s"
        {long}
        ```
        ```bash
        short
        ```
        ''')
    blocks = shown_blocks(markdown)
    assert len(blocks) == 2
    assert any(line.startswith("def show(") for line in blocks[0][1])
    assert blocks[1][1] == ["short"]
    assert not any(long in line for _, block in blocks for line in block)
    shown = shown_blocks(f'```python\n{long}\n```\n')
    assert len(shown[0][1][0]) > MAX_CHARS
