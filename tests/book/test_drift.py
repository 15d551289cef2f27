"""Numbers in the prose cannot drift from what the examples print (chapters/_hooks/quotes.py).

A number the prose quotes from an example is written ``{{ expression => 2 }}``: the build evaluates
the expression in the page's executed session and fails (``--strict``) unless it formats as ``2``.
These tests build small sites with the real hook and markdown-exec (about 2 s each), including the
control the mechanism exists for: a deliberately wrong number fails the build and the message names
the page, the line, what the prose says and what the run gave.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from book_support import CHAPTERS, ROOT

HOOK = CHAPTERS / "_hooks" / "quotes.py"
_spec = importlib.util.spec_from_file_location("estlab_book_quotes", HOOK)
quotes = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = quotes  # dataclasses look their module up
_spec.loader.exec_module(quotes)


def build(tmp_path: Path, page: str) -> subprocess.CompletedProcess:
    """Build a one-page site with the book's quote hook and markdown-exec, strictly."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: drift control
        docs_dir: docs
        strict: true
        hooks: ["{HOOK}"]
        markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences,
                              {{pymdownx.tabbed: {{alternate_style: true}}}}]
        plugins: [{{markdown-exec: {{languages: [python]}}}}]
        """), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def page_text(tmp_path: Path) -> str:
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<h1"):html.index("</article>") if "</article>" in html else None]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


PAGE = """\
    # Drift

    The example draws {{ next: n_reps:, => 20,000 }} samples.

    ```python exec="on" session="s" result="text"
    n_reps, n = 20_000, 10
    iterations = 2
    print(n)
    ```

    Halley needs {{ iterations => 2 }} ({{ words(iterations) => two }}) steps; the peak is
    10^{{ exponent(1.4e-8) => -8 }}; a ratio {{ 0.0546 / 0.0031:.0f => 18 }}; inserted: {{ n * 3 }}.

    === "A tab"

        ```python exec="on" session="s" result="text"
        n = 1000
        ```

        In the tab n = {{ n => 1000 }}.
"""


def test_right_numbers_build_and_show(tmp_path):
    proc = build(tmp_path, PAGE)
    assert proc.returncode == 0, proc.stderr
    text = page_text(tmp_path)
    for shown in ("draws 20,000 samples", "needs 2 (two) steps", "10^-8", "ratio 18",
                  "inserted: 30", "In the tab n = 1000"):
        assert shown in text, (shown, text)
    assert "{{" not in text and "ESTLABQUOTE" not in text and "estlab-quotes" not in text


def test_control_a_wrong_number_fails_the_build(tmp_path):
    # The contradiction that started this: prose saying "four steps" when the run prints 2.
    proc = build(tmp_path, PAGE.replace("{{ iterations => 2 }}", "{{ iterations => 4 }}"))
    assert proc.returncode != 0, "a wrong quoted number must fail mkdocs build --strict"
    message = "index.md:11: {{ iterations => 4 }}: the prose says '4' but the run gives '2'"
    assert message in proc.stderr


def test_control_a_quote_sees_the_state_where_it_stands(tmp_path):
    # The tab reassigns n = 1000 later; the sentence above it still quotes the n it follows.
    proc = build(tmp_path, PAGE.replace("{{ n * 3 }}", "{{ n => 1000 }}"))
    assert proc.returncode != 0
    assert "the prose says '1000' but the run gives '10'" in proc.stderr


def test_control_an_expression_that_raises_fails_the_build(tmp_path):
    proc = build(tmp_path, PAGE.replace("{{ n * 3 }}", "{{ no_such_name }}"))
    assert proc.returncode != 0
    assert "NameError: name 'no_such_name' is not defined" in proc.stderr


def test_parse_quote():
    q = quotes.parse_quote(" next:  100 * wald[0]:.1f  =>  92.7 ", 3, 7)
    assert (q.expression, q.expected, q.deferred, q.line) == ("100 * wald[0]:.1f", "92.7", True, 7)
    q = quotes.parse_quote("weibull.n_iter_", 0, 1)
    assert (q.expression, q.expected, q.deferred) == ("weibull.n_iter_", None, False)


def test_rewrite_places_each_quote_after_the_block_it_quotes():
    page = ('Intro {{ next: a => 1 }}.\n\n```python exec="on" session="s"\na = 1\n```\n\n'
            'Then {{ a => 1 }} and `{{ kept }}`.\n\n```python exec="on" session="s"\na = 2\n```\n')
    new, found, errors = quotes.rewrite(page, "p.md")
    assert errors == []
    assert [q.expected for q in found.values()] == ["1", "1"]
    assert "`{{ kept }}`" in new and "Intro 1." in new and "Then 1 and" in new
    # Both quotes are evaluated right after the first block, before `a = 2` runs.
    assert new.index("estlab-quotes") < new.index("a = 2") and new.count("estlab-quotes") == 1


@pytest.mark.parametrize("page, message", [
    ("No session here: {{ x => 1 }}.\n", "no executed block with a session above"),
    ('Too early {{ x => 1 }}.\n\n```python exec="on" session="s"\nx = 1\n```\n',
     "no executed block with a session above"),
    ('```python exec="on" session="s"\nx = 1\n```\n\nLate {{ next: x => 1 }}.\n',
     "no executed block with a session follows"),
])
def test_control_misplaced_quotes_are_errors(page, message):
    assert any(message in e for e in quotes.rewrite(page, "p.md")[2])


def chapter_quotes() -> dict[str, list]:
    found = {}
    for page in sorted(CHAPTERS.glob("*/index.md")) + [CHAPTERS / "index.md"]:
        name = str(page.relative_to(ROOT))
        _, page_quotes, errors = quotes.rewrite(page.read_text(encoding="utf-8"), name)
        assert errors == [], errors
        found[name] = list(page_quotes.values())
    return found


def test_chapters_quote_their_numbers():
    # The chapters whose prose discusses what their examples print quote those numbers; the full
    # build (tests/book/test_build.py) checks every one of them against the run.
    found = chapter_quotes()
    counts = {name: len(q) for name, q in found.items() if q}
    for chapter in ("01-estimators", "02-mle", "03-gradient-descent", "04-regression"):
        assert counts.get(f"chapters/{chapter}/index.md", 0) >= 3, counts
    # The prose asserts its numbers (=> text), so that a change stops the build at the sentence;
    # only measured times, which differ from run to run, are inserted.
    inserted = [q.source for qs in found.values() for q in qs if q.expected is None]
    assert all("latency" in source for source in inserted), inserted


def test_every_reference_is_cited_and_every_citation_resolves():
    # Appendix D lists the primary sources; the text cites them where the idea appears.
    references = (CHAPTERS / "appendix-references" / "index.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', references))
    cited = {}
    for page in CHAPTERS.glob("*/index.md"):
        text = page.read_text(encoding="utf-8")
        for anchor in re.findall(r"appendix-references/index\.md#([\w-]+)", text):
            cited.setdefault(anchor, []).append(page.parent.name)
    assert len(anchors) >= 15
    assert set(cited) - anchors == set(), "citations of entries that do not exist"
    assert anchors - set(cited) == set(), "entries that no chapter cites"
