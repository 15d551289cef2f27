"""Every English page of the book has a Korean page beside it (``index.ko.md``) with the same skeleton.

The Korean edition (issue 13) is written from the English pages, which stay the source of truth for
code and examples. A Korean page may say things in its own words, but it must have, in order:
the same heading levels; the same fenced code blocks, byte for byte (info strings and bodies; the
one allowed change is ``render_markdown(N)`` -> ``render_markdown(N, lang="ko")``); the same
admonitions and collapsible blocks (types, in order; titles are translated); the same content tabs
with the same labels (linked tabs switch by label); the same number of tables, images, footnotes;
the same quotes of example output (``{{ expr => 2 }}``; ``words(x) => two`` becomes ``x => 2``);
the same API-reference (``::: estlab.x``) and include (``--8<--``) lines outside code blocks;
and, for a chapter with a notebook, the link to its Korean notebook. The test fails when a page is
missing or when an English page changes and its Korean page falls behind, naming what to fix.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from book_support import CHAPTERS

# The quotes hook's number words (chapters/_hooks/quotes.py, _estlab_words).
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
_ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)\s*(?P<type>[\w-]+)")
_TAB = re.compile(r'^(?P<indent>[ \t]*)===\+?\s*"(?P<label>[^"]*)"')
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\(")
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:", re.M)
_QUOTE = re.compile(r"\{\{(.+?)\}\}", re.S)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_NOTEBOOK = re.compile(r"\.\./notebooks/([\w-]+?)(\.ko)?\.ipynb")
_KO_EXERCISES = re.compile(r"render_markdown\((\d+), lang=\"ko\"\)")


@dataclasses.dataclass
class Skeleton:
    """What a translation must keep of a page, in order."""

    headings: list[int]
    code: list[tuple[str, str, str]]   # (indent, info string, body)
    admonitions: list[str]             # "!!! note", "??? exercise", with their indentation
    tabs: list[str]                    # tab labels, with their indentation
    tables: int
    images: int
    footnotes: int
    quotes: list[str]
    notebooks: list[str]               # the chapters whose notebook the page links
    directives: list[str] = dataclasses.field(default_factory=list)  # ::: api, --8<-- includes


def korean_path(page: Path) -> Path:
    """``chapters/X/index.md`` -> ``chapters/X/index.ko.md``."""
    return page.with_name(page.stem + ".ko.md")


def english_pages(chapters: Path = CHAPTERS) -> list[Path]:
    """Every English Markdown page of the book (not the hooks, not a translation)."""
    return sorted(p for p in chapters.rglob("*.md")
                  if "_hooks" not in p.parts and not p.name.endswith(".ko.md"))


def _normal_quote(body: str) -> str:
    body = " ".join(body.split())
    match = re.fullmatch(r"(next:\s*)?words\((.+)\) => (\w+)", body)
    if match and match.group(3) in NUMBER_WORDS:  # words(x) => two  ~  x => 2
        return f"{match.group(1) or ''}{match.group(2)} => {NUMBER_WORDS.index(match.group(3))}"
    return body


def skeleton(text: str, korean: bool = False) -> Skeleton:
    """The skeleton of one page's Markdown (``korean``: undo the one allowed code change)."""
    s = Skeleton([], [], [], [], 0, 0, 0, [], [])
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        opening = _FENCE.match(line)
        if opening:
            indent, fence = opening.group("indent"), opening.group("fence")
            end = i + 1
            while end < len(lines) and not (lines[end].strip() == fence
                                            and lines[end].startswith(indent)):
                end += 1
            body = "\n".join(lines[i + 1:end])
            if korean:
                body = _KO_EXERCISES.sub(r"render_markdown(\1)", body)
            s.code.append((indent, opening.group("info").strip(), body))
            i = end + 1
            continue
        prose = _CODE_SPAN.sub("", line)
        if (heading := _HEADING.match(line)):
            s.headings.append(len(heading.group(1)))
        if (admonition := _ADMONITION.match(line)):
            s.admonitions.append(f"{admonition.group('indent')}{admonition.group('marker')} "
                                 f"{admonition.group('type')}")
        if (tab := _TAB.match(line)):
            s.tabs.append(f"{tab.group('indent')}=== {tab.group('label')}")
        if line.lstrip().startswith((":::", "--8<--")):
            s.directives.append(line.rstrip())
        s.tables += bool(_TABLE_RULE.match(line))
        s.images += len(_IMAGE.findall(prose))
        s.notebooks += [m.group(1) + (m.group(2) or "") for m in _NOTEBOOK.finditer(line)]
        i += 1
    prose_only = "\n".join(_CODE_SPAN.sub("", line) for line in _outside_code(lines))
    s.footnotes = len(_FOOTNOTE.findall(prose_only))
    # A quote is evaluated after the executed block above it (``next:``: below it), so what must
    # not change is the stretch of prose between two code blocks it sits in; inside a stretch
    # Korean word order may reorder the quotes.
    for stretch, text in enumerate(_stretches(lines)):
        s.quotes += sorted(f"(after code block {stretch}) {_normal_quote(q)}"
                           for q in _QUOTE.findall(_CODE_SPAN.sub("", text)))
    return s


def _stretches(lines: list[str]) -> list[str]:
    """The prose between consecutive fenced code blocks (the first: before any block)."""
    stretches, current, fence = [], [], None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = (opening.group("indent"), opening.group("fence"))
            stretches.append("\n".join(current))
            current = []
        elif fence is not None and line.strip() == fence[1] and line.startswith(fence[0]):
            fence = None
        elif fence is None:
            current.append(line)
    stretches.append("\n".join(current))
    return stretches


def _outside_code(lines: list[str]) -> list[str]:
    out, fence = [], None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = (opening.group("indent"), opening.group("fence"))
        elif fence is not None and line.strip() == fence[1] and line.startswith(fence[0]):
            fence = None
        elif fence is None:
            out.append(line)
    return out


def _first_difference(name: str, english: list, korean: list, describe) -> str | None:
    for k, (a, b) in enumerate(zip(english, korean)):
        if a != b:
            return f"{name} {k + 1}: the English page has {describe(a)}, the Korean page {describe(b)}"
    if len(english) != len(korean):
        k = min(len(english), len(korean))
        if len(english) > len(korean):
            return (f"{name}s: the English page has {len(english)}, the Korean page "
                    f"{len(korean)}; the first missing one is {describe(english[k])}")
        return (f"{name}s: the English page has {len(english)}, the Korean page {len(korean)}; "
                f"the Korean page adds {describe(korean[k])}")
    return None


def _code(block) -> str:
    indent, info, body = block
    shown = body if len(body) < 300 else body[:300] + "..."
    return f"```{info} (indent {len(indent)})\n{shown}\n```"


def compare(english_text: str, korean_text: str) -> list[str]:
    """What the Korean page lacks or changed against the English one (empty: in step)."""
    en, ko = skeleton(english_text), skeleton(korean_text, korean=True)
    problems = [
        _first_difference("heading", en.headings, ko.headings, lambda n: "#" * n + " (level "
                          f"{n})"),
        _first_difference("code block", en.code, ko.code, _code),
        _first_difference("admonition", en.admonitions, ko.admonitions, repr),
        _first_difference("tab", en.tabs, ko.tabs, lambda t: f"{t!r} (keep the English label)"),
        _first_difference("quote", en.quotes, ko.quotes,
                          lambda q: q.replace(") ", ") {{ ", 1) + " }}"),
        _first_difference("API or include line", en.directives, ko.directives, repr),
    ]
    for name in ("tables", "images", "footnotes"):
        if getattr(en, name) != getattr(ko, name):
            problems.append(f"{name}: the English page has {getattr(en, name)}, the Korean "
                            f"page {getattr(ko, name)}")
    expected = [f"{c}.ko" for c in en.notebooks]
    if ko.notebooks != expected:
        problems.append(f"notebook links: the Korean page should link "
                        f"{[f'../notebooks/{c}.ipynb' for c in expected]}, it links "
                        f"{[f'../notebooks/{c}.ipynb' for c in ko.notebooks]}")
    return [p for p in problems if p]


def check_page(page: Path, chapters: Path = CHAPTERS) -> list[str]:
    """The problems of ``page``'s Korean counterpart, each naming the page."""
    name = page.relative_to(chapters).as_posix()
    ko = korean_path(page)
    if not ko.exists():
        return [f"{name} has no Korean page: write {ko.relative_to(chapters).as_posix()} "
                "(see KO-TRANSLATE.md; until then /ko/ shows the English text with a notice)"]
    return [f"{ko.relative_to(chapters).as_posix()} is not in step with {name}: {problem}"
            for problem in compare(page.read_text(encoding="utf-8"),
                                   ko.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", english_pages(), ids=lambda p: p.relative_to(CHAPTERS).as_posix())
def test_korean_page_exists_and_is_in_step(page):
    problems = check_page(page)
    assert not problems, "\n".join(problems)


def test_no_korean_page_without_its_english_source():
    orphans = [p.relative_to(CHAPTERS).as_posix() for p in CHAPTERS.rglob("*.ko.md")
               if not p.with_name(p.name.removesuffix(".ko.md") + ".md").exists()]
    assert not orphans, f"Korean pages without an English page: {orphans}"


# --- The test's own controls: a faithful translation passes, every kind of lag fails. ---

def fake_translation(english: str) -> str:
    """A stand-in translation of ``english``: the prose replaced by Korean, the skeleton kept."""
    out, fence, directive = [], None, False
    for line in english.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = (opening.group("indent"), opening.group("fence"))
            out.append(line)
            continue
        if fence is not None:
            if line.strip() == fence[1] and line.startswith(fence[0]):
                fence = None
            out.append(re.sub(r"render_markdown\((\d+)\)", r'render_markdown(\1, lang="ko")',
                              line))
            continue
        if line.lstrip().startswith((":::", "--8<--")) or (
                directive and line.startswith(" ")):  # an API object, its options, an include
            directive = line.lstrip().startswith(":::") or (directive and line.startswith(" "))
            out.append(line)
            continue
        directive = False
        if (heading := _HEADING.match(line)):
            out.append(f"{heading.group(1)} 한국어 제목")
        elif (admonition := _ADMONITION.match(line)):
            out.append(f'{admonition.group(0)} "한국어 제목"')
        elif _TAB.match(line) or _TABLE_RULE.match(line) or not line.strip():
            out.append(line)
        else:
            keep = _QUOTE.findall(line) + _IMAGE.findall(line) + _FOOTNOTE.findall(line)
            keep = ["{{" + q + "}}" if not q.startswith(("![", "[^")) else q for q in keep]
            for m in _NOTEBOOK.finditer(line):
                keep.append(f"[노트북](../notebooks/{m.group(1)}.ko.ipynb)")
            indent = re.match(r"[ \t]*(?:[-*] |\d+\. |> )?", line).group(0)
            cells = line.count("|") if line.lstrip().startswith("|") else 0
            body = " ".join(["한국어 문장입니다.", *keep])
            out.append(indent + ("| 칸 " * (cells - 1) + "|" if cells else body))
    return "\n".join(out)


@pytest.fixture
def chapter_copy(tmp_path):
    """A copy of chapter 7's English page with a stand-in Korean page beside it."""
    folder = tmp_path / "chapters" / "07-training"
    folder.mkdir(parents=True)
    english = (CHAPTERS / "07-training" / "index.md").read_text(encoding="utf-8")
    (folder / "index.md").write_text(english, encoding="utf-8")
    (folder / "index.ko.md").write_text(fake_translation(english), encoding="utf-8")
    return folder


def test_control_a_page_in_step_passes(chapter_copy):
    assert check_page(chapter_copy / "index.md", chapter_copy.parent) == []


def test_control_a_missing_korean_page_fails(chapter_copy):
    (chapter_copy / "index.ko.md").unlink()
    (problem,) = check_page(chapter_copy / "index.md", chapter_copy.parent)
    assert "07-training/index.md has no Korean page: write 07-training/index.ko.md" in problem


@pytest.mark.parametrize("change, expected", [
    # the English page gains a section the translation does not have yet
    (lambda en, ko: (en + "\n## 7.9 A new section\n\nText.\n", ko), "headings: the English page"),
    # an example is included differently in English (the Korean page fell behind)
    (lambda en, ko: (en.replace("script_mode.py:fit", "script_mode.py:fit2"), ko), "code block"),
    # the translator changed a code block (code is shared, never translated)
    (lambda en, ko: (en, ko.replace("--8<-- \"chapters/07-training/examples/failures.py",
                                    "--8<-- \"chapters/07-training/examples/failures_ko.py")),
     "code block"),
    # a tab label translated: linked tabs would no longer switch together
    (lambda en, ko: (en, ko.replace('=== "SageMaker"', '=== "세이지메이커"')), "tab"),
    # an admonition dropped
    (lambda en, ko: (en, re.sub(r"(?m)^!!! abstract.*$", "요약", ko, count=1)), "admonition"),
    # an API page that lost an object
    (lambda en, ko: (en + "\n::: estlab.optim\n", ko), "API or include line"),
    # a heading level changed
    (lambda en, ko: (en, ko.replace("### 한국어 제목", "#### 한국어 제목", 1)), "heading"),
    # a quoted number changed in the translation
    (lambda en, ko: (en + "\nIt took {{ n_iter => 5 }} steps.\n",
                     ko + "\n{{ n_iter => 6 }} 단계가 걸렸습니다.\n"), "{{ n_iter => 5 }}"),
    # a quote moved to the other side of an executed block (it would quote another state)
    (lambda en, ko: (en + "\nIt took {{ n_iter => 5 }} steps.\n\n```text\nx\n```\n",
                     ko + "\n```text\nx\n```\n\n{{ n_iter => 5 }} 단계가 걸렸습니다.\n"),
     "(after code block"),
    # the English notebook link kept
    (lambda en, ko: (en + "\n[nb](../notebooks/07-training.ipynb)\n",
                     ko + "\n[nb](../notebooks/07-training.ipynb)\n"), "notebook links"),
])
def test_control_a_lagging_korean_page_fails(chapter_copy, change, expected):
    en_path, ko_path = chapter_copy / "index.md", chapter_copy / "index.ko.md"
    en, ko = change(en_path.read_text(encoding="utf-8"), ko_path.read_text(encoding="utf-8"))
    en_path.write_text(en, encoding="utf-8")
    ko_path.write_text(ko, encoding="utf-8")
    problems = check_page(en_path, chapter_copy.parent)
    assert problems and all(p.startswith("07-training/index.ko.md is not in step with "
                                         "07-training/index.md: ") for p in problems)
    assert any(expected in p for p in problems), problems


def test_control_the_allowed_changes_pass():
    english = ('Two {{ words(n) => two }} steps of {{ m => 3 }}.\n\n```python exec="on" session="ch2"\n'
               "print(render_markdown(2))\n```\n")
    korean = ('{{ m => 3 }}의 {{ n => 2 }} 단계.\n\n```python exec="on" session="ch2"\n'
              'print(render_markdown(2, lang="ko"))\n```\n')  # Korean word order
    assert compare(english, korean) == []
    assert compare(english, korean.replace('lang="ko"', 'lang="en"'))  # not the allowed change
