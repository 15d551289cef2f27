"""A figure's caption never says where a panel is: a phone shows the panels in another place.

show() (chapters/_hooks/figure.py) redraws a figure for a phone with its panels in one column,
so a caption that says "left" or "right" is false on a phone (and "top" or "below" on a page).
The book names panels by the letters their titles start with, "(a) ... (b) ...", true in both
layouts. This test reads every ``show(fig, "caption")`` in the chapters (both editions: the
Korean caption is the catalogue's translation of the English one) and fails on a positional word
in the caption of a figure show() reflows. A figure drawn by the example for both widths
(``show(fig, alt, narrow=fig_narrow)``) is left out: its code says where each part goes.
"""

from __future__ import annotations

import ast
import json
import re

import pytest
from book_support import CHAPTERS

# "left", "right", "top", "bottom" in any use; "above" and "below" for a panel, not a number
# ("above 2/L"). In Korean: 왼쪽, 오른쪽, 위쪽, 아래쪽, and 위/아래 naming a panel or figure.
POSITIONAL = re.compile(
    r"\b(left|right|top|bottom)\b|\b(above|below)\)|\b(above|below) (panel|plot|figure)"
    r"|\((above|below)\b|왼쪽|오른쪽|위쪽|아래쪽|(위|아래)(의)? ?(패널|그림)|\((위|아래)\)",
    re.IGNORECASE)
_FENCE = re.compile(r'^```python exec="on"[^\n]*\n(.*?)^```', re.S | re.M)


def positional_words(caption: str) -> list[str]:
    return [m.group(0) for m in POSITIONAL.finditer(caption)]


def shown_captions(text: str) -> list[tuple[str, bool]]:
    """``(caption, has its own narrow drawing)`` for every show() call in a page's examples.

    An f-string caption is read without its fields (``n = {n}`` gives ``n = ``)."""
    found = []
    for block in _FENCE.findall(text):
        if "show(" not in block or "--8<--" in block:
            continue
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "show":
                alt = node.args[1]
                parts = alt.values if isinstance(alt, ast.JoinedStr) else [alt]
                caption = "".join(p.value for p in parts if isinstance(p, ast.Constant))
                found.append((caption, any(k.arg == "narrow" for k in node.keywords)))
    return found


def _catalogue() -> dict[str, str]:
    return json.loads((CHAPTERS / "_hooks" / "book_text.ko.json").read_text(encoding="utf-8"))


def _pages():
    return sorted(CHAPTERS.glob("*/index.md"))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.parent.name)
def test_captions_of_reflowed_figures_say_no_position(page):
    catalogue = _catalogue()
    wrong = []
    for caption, own_narrow in shown_captions(page.read_text(encoding="utf-8")):
        if own_narrow:
            continue
        korean = catalogue.get(caption, "")
        words = positional_words(caption) + positional_words(korean)
        if words:
            wrong.append(f"{caption[:70]!r}: {words}")
    assert not wrong, (
        f"{page.relative_to(CHAPTERS)}: captions that say where a panel is, false on a phone "
        f"where show() stacks the panels: {wrong}. Start each panel's title with its letter "
        "(ax.set_title(\"(a) ...\")) and say \"(a) ... (b) ...\" in the caption (and in its "
        "Korean translation in chapters/_hooks/book_text.ko.json)")


def test_every_figure_caption_is_read():
    """The reader finds the book's figures (28 when this was written), both kinds of caption."""
    captions = [c for page in _pages() for c in shown_captions(page.read_text(encoding="utf-8"))]
    assert len(captions) >= 25, f"only {len(captions)} show() calls found: is the parser broken?"
    assert any(own for _, own in captions), "no figure with its own narrow drawing found"
    assert all(caption.strip() for caption, _ in captions)


def test_control_positional_captions_are_caught():
    page = ('```python exec="on" html="on" session="x"\n'
            'show(fig, "Left: the data. Right: the loss")\n```\n\n'
            '```python exec="on" html="on" session="x"\n'
            'show(fig, f"Likelihood (left) and log-likelihood (right), n = {n}")\n```\n\n'
            '```python exec="on" html="on" session="x"\n'
            'show(fig, "(a) The data. (b) The loss, above 2/L", narrow=small)\n```\n')
    (first, a), (second, b), (third, c) = shown_captions(page)
    assert positional_words(first) == ["Left", "Right"] and not a
    assert positional_words(second) == ["left", "right"] and not b
    assert positional_words(third) == [] and c
    assert positional_words("the top panel") == ["top"]
    assert positional_words("Wald's interval (below) and the cut-off") == ["(below"]
    assert positional_words("우도(왼쪽)와 로그우도(오른쪽)") == ["왼쪽", "오른쪽"]
    assert positional_words("위 그림의 곡선") == ["위 그림"]
    assert positional_words("(a) 우도와 (b) 로그우도, 2/L 위의 학습률") == []
