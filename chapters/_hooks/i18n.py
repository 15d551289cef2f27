"""MkDocs hook: each page's examples know its language; a page not yet translated says so.

The book is built twice by one ``mkdocs build``: English at the root, then Korean under ``/ko/``
(mkdocs-static-i18n, ``chapters/X/index.ko.md`` beside ``chapters/X/index.md``). Both editions
execute the *same* example files. This hook makes that safe and visible:

- **The page's language for its code.** Before a page's Markdown is converted (when markdown-exec
  runs its blocks), ``os.environ["ESTLAB_BOOK_LANG"]`` is set to ``"en"`` or ``"ko"``, the language
  of the page's text. The book's helpers read it (``figure.py`` draws Korean titles, axes and
  legends; ``sagemaker_tab.py`` titles its output box in Korean); the examples stay as the reader
  sees them.
- **Separate sessions per edition.** markdown-exec keeps a session's variables for the whole Python
  process, so the Korean ``session="ch7"`` would start with everything the English chapter 7 left
  behind, and a Korean page that forgot a block would still build. Korean pages run in sessions of
  their own (``session="ko-ch7"``), rewritten here in the fence lines before anything runs. When
  both editions are built, ``replay.py`` shows a ``ko-`` session's blocks from the English run
  (their code must be the English blocks', in the same order) instead of running them again.
- **Untranslated pages are never silent.** While the translations are being written, a page
  without its ``index.ko.md`` is built under ``/ko/`` from the English source (the plugin's
  ``fallback_to_default``). With ``extra.untranslated_pages: notice`` in ``mkdocs.yml`` such a page
  gets a Korean notice at its top, its text is marked ``lang="en"``, and the build log lists it;
  with ``error`` the strict build fails naming each one. ``tests/book/test_ko_parity.py`` fails
  for every page without a Korean counterpart either way.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import time
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.estlab.i18n")

ENV = "ESTLAB_BOOK_LANG"
DEFAULT = "en"
NOTICE = ('<div class="admonition warning estlab-untranslated" lang="ko">'
          '<p class="admonition-title">아직 번역되지 않은 페이지</p>'
          "<p>이 페이지의 한국어판은 아직 준비 중이라 영어 원문을 그대로 보여 줍니다.</p></div>")
_SESSION_IN_FENCE = re.compile(r'^([ \t]*(?:`{3,}|~{3,})[^\n]*?\bsession=")([^"]+)"', re.M)
_untranslated: list[str] = []
_started: list[float] = []  # one per build in progress (the Korean build runs inside the English)
_page_started: dict[str, float] = {}
_page_seconds: dict[str, float] = {}  # the edition's pages, Markdown to HTML (examples included)


CATALOGUE = Path(__file__).resolve().parent / "book_text.{language}.json"
_WORD = re.compile("[A-Za-z]{2}")
_MATH = re.compile(r"\$[^$]*\$")
_FIELD = re.compile(r"(\{\w+\})")


@functools.lru_cache(maxsize=None)
def _catalogue(language: str, mtime: float) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    with open(str(CATALOGUE).format(language=language), encoding="utf-8") as f:
        entries = json.load(f)
    patterns = []
    for key, value in entries.items():
        if "{" in key:
            regex = "".join(f"(?P<{part[1:-1]}>.+?)" if _FIELD.fullmatch(part) else re.escape(part)
                            for part in _FIELD.split(key))
            patterns.append((re.compile(regex, re.S), value, len(_FIELD.sub("", key))))
    # the most specific first: "batch size {n} (full batch)" before "batch size {n}"
    patterns.sort(key=lambda p: -p[2])
    return entries, [(pattern, value) for pattern, value, _ in patterns]


def translate(text: str, language: str | None = None) -> str:
    """A text the book's helpers draw (figure texts, captions, box titles) in the page's language.

    English, and texts without a word (numbers, math between ``$``), stay as they are. Other
    texts come from ``book_text.<language>.json``, one ``"English": "한국어"`` object; a key may
    hold ``{name}`` fields for what an example formats into the text (``"n = {n}"``), which the
    value repeats. A text missing from it raises, naming the text and the line to add (with
    ``ESTLAB_BOOK_TEXT_COLLECT=FILE`` in the environment it is appended to FILE instead, so that
    one build lists every missing text).
    """
    language = language or os.environ.get(ENV, DEFAULT)
    if language == DEFAULT or not _WORD.search(_MATH.sub("", text)):
        return text
    path = Path(str(CATALOGUE).format(language=language))
    entries, patterns = _catalogue(language, path.stat().st_mtime)
    if text in entries:
        return entries[text]
    for pattern, value in patterns:
        match = pattern.fullmatch(text)
        if match:
            return value.format(**match.groupdict())
    if text in entries.values():  # already translated (a text drawn twice)
        return text
    if os.environ.get("ESTLAB_BOOK_TEXT_COLLECT"):  # a translator's aid: list them all at once
        with open(os.environ["ESTLAB_BOOK_TEXT_COLLECT"], "a", encoding="utf-8") as f:
            f.write(json.dumps(text, ensure_ascii=False) + "\n")
        return text
    raise ValueError(f"the text {text!r} has no {language} translation: add the line "
                   f"{json.dumps(text, ensure_ascii=False)}: \"...\" to {path.name} "
                   f"(chapters/_hooks/); a number the example formats in may be a field, as in "
                   f'"n = {{n}}": "n = {{n}}"')


def build_language(config) -> str:
    """The edition being built: Material's ``theme.language``, which the i18n plugin sets per build."""
    return config.theme.get("language") or DEFAULT


def page_language(page) -> str:
    """The language of the page's *text*: ``page.file.locale`` (``index.ko.md`` -> ``"ko"``)."""
    return getattr(page.file, "locale", None) or DEFAULT


def localize_sessions(markdown: str, language: str) -> str:
    """Give the executed blocks of a non-English page sessions of their own (``ch7`` -> ``ko-ch7``)."""
    if language == DEFAULT:
        return markdown
    return _SESSION_IN_FENCE.sub(lambda m: f'{m.group(1)}{language}-{m.group(2)}"', markdown)


def on_pre_build(config, **kwargs):
    _untranslated.clear()
    _page_seconds.clear()
    _started.append(time.perf_counter())
    os.environ[ENV] = build_language(config)


# Before quotes.py adds its hidden blocks (they copy the session names written here) and before
# markdown-exec runs anything.
def on_page_markdown(markdown, page, config, files):
    """Set the page's language for its examples; rename the sessions; flag an untranslated page."""
    language = build_language(config)
    text_language = page_language(page)
    _page_started[page.file.src_uri] = time.perf_counter()
    os.environ[ENV] = text_language
    markdown = localize_sessions(markdown, language)
    if language != text_language:
        _untranslated.append(page.file.src_uri)
        mode = config.extra.get("untranslated_pages", "error")
        if mode != "notice":
            log.warning(f"{page.file.src_uri} has no {language} translation: write "
                        f"{page.file.src_uri.removesuffix('.md')}.{language}.md (the strict build "
                        f"fails while extra.untranslated_pages is {mode!r}; 'notice' builds the "
                        "English text with a notice instead)")
    return markdown


def on_page_content(html, page, config, files):
    """Mark the text of an untranslated page with its language, under the notice (after the h1)."""
    if page.file.src_uri in _page_started:
        _page_seconds[page.file.src_uri] = time.perf_counter() - _page_started.pop(page.file.src_uri)
    if page_language(page) == build_language(config):
        return html
    head, h1_end, body = html.partition("</h1>")
    if not h1_end:
        head, body = "", html
    return f'{head}{h1_end}\n{NOTICE}\n<div lang="{page_language(page)}">\n{body}\n</div>'


def on_post_build(config, **kwargs):
    """Name the untranslated pages, say the edition's build time, reset the language.

    After the last edition, every page folder gets a copy of the site's ``sitemap.xml``: each
    page names its other-language page in a ``<link rel="alternate">`` (the i18n plugin makes it
    the same page, as it should be), and Material's script fetches ``sitemap.xml`` beside every
    alternate it finds (it expects alternates to be language roots), which would otherwise be
    a 404 on every page in the browser.
    """
    language = build_language(config)
    site = Path(config.site_dir)
    if language != DEFAULT and (site / "sitemap.xml").exists():
        for index in site.rglob("index.html"):
            if index.parent != site:
                shutil.copyfile(site / "sitemap.xml", index.parent / "sitemap.xml")
    if _started:
        slowest = sorted(_page_seconds.items(), key=lambda item: -item[1])[:4]
        log.info(f"{language} edition built in {time.perf_counter() - _started.pop():.0f} s; "
                 f"its pages took {sum(_page_seconds.values()):.0f} s, the slowest "
                 + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in slowest))
    if _untranslated:
        log.info(f"{build_language(config)} edition: {len(_untranslated)} page(s) shown untranslated "
                 f"(extra.untranslated_pages: notice): {', '.join(_untranslated)}")
    os.environ[ENV] = DEFAULT
