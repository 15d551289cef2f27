"""MkDocs hook: numbers the prose quotes from an example, checked against the run (or inserted).

A chapter's prose often repeats what its examples printed ("Newton needs 5 iterations", "the Wald
interval covers 92.7% of the time"). Written by hand, such numbers drift as soon as an example
changes. In the Markdown source a quoted number is therefore written as a *quote*, an expression
evaluated at build time in the page's executed session (the ``session="chN"`` of its
``python exec="on"`` blocks), with Python's format-spec syntax::

    in {{ weibull.n_iter_ => 2 }} iterations        asserted: the build fails unless
                                                     f"{weibull.n_iter_}" == "2"; the page shows 2
    in {{ weibull.n_iter_ }} iterations              inserted: the page shows f"{weibull.n_iter_}"
    covers {{ 100 * wald[0]:.1f => 92.7 }}%          the format spec rounds before comparing
    in {{ words(weibull.n_iter_) => two }} steps     helpers: words(2) == "two",
                                                     exponent(1.4e-8) == -8
    {{ next: n_reps:, => 20,000 }} samples            ``next:``: evaluated after the next executed
                                                     block (for prose that introduces its example)

The asserted form is the house style: the source stays readable, and when an example changes, the
build stops at every sentence whose number changed, so that a person re-reads the sentence (the
words around a number, "about 18 times", "undercovers", often change with it). The inserted form
is for numbers no sentence depends on.

**When and where a quote is evaluated.** Without ``next:``, right after the last executed block
(with a ``session=``) *above* it, in that block's session: the state the reader has seen. With
``next:``, right after the first such block below it. A later block cannot change what an earlier
sentence quoted, even if it reuses a variable name.

**How.** ``on_page_markdown`` replaces each quote by its expected text (asserted) or by a token
(inserted), and after the executed block a quote refers to it adds a hidden executed block in the
same session that evaluates the quotes and prints their values as JSON in a ``<script>`` element.
``on_page_content`` reads the values, compares or inserts, and removes the JSON. Any mismatch, an
expression that raises, or a quote on a page without a session is logged as a warning naming the
page, line, quote, what the prose says and what the run gave: ``mkdocs build --strict`` (the
book's only build) then fails. Only markdown-exec's documented behaviour is used (sessions and
``html="on"`` output), nothing of its internals.

**The Korean edition.** When the build makes both editions, a Korean page shows its English
page's run (``replay.py``), so its quotes are evaluated on the English page: each English page's
hidden blocks also evaluate the quotes of ``index.ko.md``, after the same block (the two pages
have the same executed blocks), and the Korean page adds no block and checks those values.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.estlab.quotes")

# A quote, or an inline code span (left alone: code is never rewritten).
_QUOTE_OR_CODE = re.compile(r"(`[^`\n]*`)|\{\{(.+?)\}\}", re.S)
_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_SESSION = re.compile(r'\bsession="([^"]+)"')
_JSON = re.compile(r'<script type="application/json" class="estlab-quotes">(.*?)</script>', re.S)
_TOKEN = "ESTLABQUOTE{}X"

# The helpers a quote may call, defined inside the hidden block (so they need no import).
HELPERS = '''
def _estlab_words(n):
    """0..20 as English words ("two"), other integers as digits."""
    names = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
             "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
    return names[n] if 0 <= n <= 20 and n == int(n) else str(n)

def _estlab_exponent(x):
    """The power of ten of abs(x): exponent(1.4e-08) == -8, exponent(250) == 2."""
    import math
    return math.floor(math.log10(abs(x)))
'''


@dataclass
class Quote:
    """One ``{{ ... }}`` of a page: its expression, expected text (None: insert), source line."""

    index: int
    expression: str
    expected: str | None
    line: int
    deferred: bool  # ``next:``: evaluated after the next executed block
    source: str = ""  # the quote as written, for messages


def parse_quote(body: str, index: int, line: int) -> Quote:
    """Split ``" next: expr:fmt => text "`` into its parts."""
    body = original = " ".join(body.split())
    deferred = body.startswith("next:")
    if deferred:
        body = body[len("next:"):].strip()
    expression, sep, expected = body.rpartition(" => ")
    if not sep:
        expression, expected = body, None
    return Quote(index, expression.strip(), None if expected is None else expected.strip(),
                 line, deferred, "{{ " + original + " }}")


def _executed_blocks(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(first line, last line, indent, session) of every executed Python block with a session."""
    blocks, i = [], 0
    while i < len(lines):
        opening = _FENCE_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, info = opening.group("indent", "fence", "info")
        end = i + 1
        while end < len(lines) and not (lines[end].strip() == fence
                                        and lines[end].startswith(indent)):
            end += 1
        session = _SESSION.search(info)
        if "exec=" in info and session:
            blocks.append((i, end, indent, session.group(1)))
        i = end + 1
    return blocks


def _in_fence(lines: list[str]) -> list[bool]:
    inside, fence, flags = False, None, []
    for line in lines:
        opening = _FENCE_OPEN.match(line)
        if not inside and opening:
            inside, fence = True, opening.group("fence")
            flags.append(True)
        elif inside and line.strip() == fence:
            inside = False
            flags.append(True)
        else:
            flags.append(inside)
    return flags


def _hidden_block(indent: str, session: str, quotes: list[Quote],
                  korean: list[Quote] = ()) -> list[str]:
    items = [[str(q.index), "f" + repr("{" + q.expression + "}")] for q in quotes]
    items += [[f"ko{q.index}", "f" + repr("{" + q.expression + "}")] for q in korean]
    code = HELPERS + f'''
def _estlab_quote(source):
    try:
        helpers = {{"words": _estlab_words, "exponent": _estlab_exponent}}
        return ["ok", eval(source, globals(), helpers)]
    except Exception as error:
        return ["error", f"{{type(error).__name__}}: {{error}}"]

print('<script type="application/json" class="estlab-quotes">'
      + __import__("json").dumps({{i: _estlab_quote(s) for i, s in {items!r}}})
        .replace("</", "<\\\\/")
      + "</script>")
del _estlab_words, _estlab_exponent, _estlab_quote
'''
    body = [f'```python exec="on" session="{session}" html="on"', *code.strip("\n").splitlines(),
            "```"]
    return ["", *[(indent + line) if line else "" for line in body], ""]


def rewrite(markdown: str, page_name: str, korean: str | None = None,
            evaluate: bool = True) -> tuple[str, dict[int, Quote], list[str]]:
    """Replace the quotes of one page; return the new Markdown, the quotes and any errors.

    ``korean``: the Korean page's Markdown, whose quotes are evaluated here too, each after the
    same block as on its own page (``replay.py``: the Korean page shows this page's run).
    ``evaluate=False``: add no blocks (a Korean page whose quotes the English page evaluated).
    """
    lines, quotes, attach, blocks, errors = _find(markdown, page_name)
    korean_attach = {}
    if korean is not None:
        _, _, korean_attach, korean_blocks, korean_errors = _find(korean, page_name + " (ko)")
        errors += korean_errors
        if len(korean_blocks) != len(blocks):
            errors.append(f"{page_name}: the Korean page has {len(korean_blocks)} executed "
                          f"blocks with a session, this page {len(blocks)}: they must be the same")
            korean_attach = {}
    if evaluate:  # from the bottom, so earlier line numbers stay valid
        for k in sorted(set(attach) | set(korean_attach), reverse=True):
            first, last, indent, session = blocks[k]
            lines[last + 1:last + 1] = _hidden_block(indent, session, attach.get(k, []),
                                                     korean_attach.get(k, []))
    return "\n".join(lines), quotes, errors


def _find(markdown: str, page_name: str):
    """The page's lines with each quote replaced, its quotes, the block each is evaluated
    after (block number -> quotes), its executed blocks, and any errors."""
    lines = markdown.split("\n")
    fenced = _in_fence(lines)
    blocks = _executed_blocks(lines)
    quotes: dict[int, Quote] = {}
    errors: list[str] = []
    attach: dict[int, list[Quote]] = {}   # block number -> the quotes evaluated after it

    for n, line in enumerate(lines):
        if fenced[n] or "{{" not in line:
            continue

        def replace(match, n=n):
            if match.group(1):
                return match.group(1)
            quote = parse_quote(match.group(2), len(quotes), n + 1)
            quotes[quote.index] = quote
            where = f"{page_name}:{quote.line}: {{{{ {match.group(2).strip()} }}}}"
            if quote.deferred:
                after = [k for k, b in enumerate(blocks) if b[0] > n]
                if after:
                    attach.setdefault(after[0], []).append(quote)
                else:
                    errors.append(f"{where}: `next:` but no executed block with a session "
                                  "follows it")
            else:
                before = [k for k, b in enumerate(blocks) if b[1] < n]
                if before:
                    attach.setdefault(before[-1], []).append(quote)
                else:
                    errors.append(f"{where}: no executed block with a session above this quote; "
                                  "write `{{ next: ... }}` to quote the block below it")
            return _TOKEN.format(quote.index) if quote.expected is None else quote.expected

        lines[n] = _QUOTE_OR_CODE.sub(replace, line)
    return lines, quotes, attach, blocks, errors


_PAGES: dict[str, dict[int, Quote]] = {}
_KOREAN_VALUES: dict[str, dict[str, list[str]]] = {}  # Korean page (its source) -> its quotes' values


def _replay():
    return sys.modules.get("chapters/_hooks/replay.py")


def _korean_source(page) -> Path:
    path = Path(page.file.abs_src_path)
    return path.with_name(path.name.removesuffix(".md") + ".ko.md")


def on_page_markdown(markdown, page, config, files):
    """Replace the quotes by their expected text or a token; add the blocks that evaluate them.

    While the English pages are recorded for the Korean edition (``replay.py``), an English
    page's blocks also evaluate its Korean page's quotes, and the Korean page adds no blocks.
    """
    replay, korean = _replay(), None
    if replay is not None and replay.recording() and _korean_source(page).exists():
        korean = _korean_source(page).read_text(encoding="utf-8")
        if "{{" not in korean:
            korean = None
    replayed = replay is not None and replay.replaying() and page.file.abs_src_path.endswith(
        ".ko.md")
    if "{{" not in markdown and korean is None:
        return markdown
    name = page.file.src_uri
    new, quotes, errors = rewrite(markdown, name, korean=korean, evaluate=not replayed)
    for error in errors:
        log.warning(error)
    _PAGES[name] = quotes
    return new


def evaluated(content: str) -> tuple[str, dict[str, list[str]]]:
    """The page's HTML without the hidden blocks' JSON, and the values it held."""
    values: dict[str, list[str]] = {}
    for match in _JSON.finditer(content):
        values.update(json.loads(match.group(1)))
    return _JSON.sub("", content), values


def check(content: str, quotes: dict[int, Quote], page_name: str,
          values: dict[str, list[str]] | None = None) -> tuple[str, list[str]]:
    """Compare or insert every quote of a rendered page; return the new HTML and the errors.

    ``values``: the quotes' values (by default, read from the page's hidden blocks' JSON).
    """
    content, found = evaluated(content)
    values = found if values is None else values
    errors = []
    for quote in quotes.values():
        where = f"{page_name}:{quote.line}: {quote.source}"
        status, value = values.get(str(quote.index), ["error", "it was never evaluated "
                                                      "(did an executed block above it fail?)"])
        if status != "ok":
            errors.append(f"{where} could not be evaluated in the page's session: {value}")
        elif quote.expected is None:
            content = content.replace(_TOKEN.format(quote.index), html.escape(value))
        elif value != quote.expected:
            errors.append(f"{where}: the prose says {quote.expected!r} but the run gives "
                          f"{value!r}. Re-read the sentence, then write => {value}")
    return content, errors


def on_page_content(content, page, config, files):
    """Check the asserted quotes against the run and insert the others."""
    quotes = _PAGES.pop(page.file.src_uri, None)
    if quotes is None:
        return content
    replay, values = _replay(), None
    if replay is not None and replay.recording():  # the Korean page's, evaluated here
        content, values = evaluated(content)
        _KOREAN_VALUES[str(_korean_source(page))] = {
            key[2:]: value for key, value in values.items() if key.startswith("ko")}
    elif replay is not None and replay.replaying() and page.file.abs_src_path.endswith(".ko.md"):
        values = _KOREAN_VALUES.pop(page.file.abs_src_path, {})
    content, errors = check(content, quotes, page.file.src_uri, values)
    for error in errors:
        log.warning(error)
    return content
