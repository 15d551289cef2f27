"""MkDocs hook: the Korean pages show the English pages' run instead of running it again.

Both editions execute the *same* code: a Korean page's executed blocks are copies of its English
page's (``tests/book/test_ko_parity.py``), and they differ only in what the book's helpers
print in the page's language (figure texts, box titles; see below) and in the prose's quoted
numbers. Running every example twice doubled the build's time (the Korean edition re-trained
every local job, re-deployed every endpoint and re-drew every figure), so the English build
records what each block printed, and the Korean build prints it again:

- **Recorded**: while the English edition builds (and the build also makes the Korean one),
  every executed block with a ``session=`` is kept, per session and in order, with its code,
  its output and the Korean *variants* its helpers registered while it ran
  (:func:`variant`): ``show()`` draws each figure a second time in Korean (a copy of the figure,
  translated, in the Hangul fonts) and registers the pair of ``<figure>`` elements;
  ``sagemaker_output`` registers its box title.
- **Replayed**: a Korean block (session ``ko-X``, named so by ``i18n.py``) takes the next
  recorded block of session ``X``; its code must be the same, or the build fails naming both.
  Its output is the English one with each variant put in. Nothing of the Korean block runs.
- The prose's numbers: ``quotes.py`` evaluates the Korean page's quotes in the English session,
  at the same point of the page (after the same block), and checks them on the Korean page.

Blocks without a session (the exercises, which print their statements in the page's language)
run on both pages as before. markdown-exec has no hook for this: the one function wrapped is
its Python formatter's ``_run_python`` (``markdown_exec/_internal/formatters/python.py``), and
the build fails if it is gone (a markdown-exec that moved it), so that the replay never stops
silently.
"""

from __future__ import annotations

import collections
import functools

from mkdocs.plugins import event_priority

from markdown_exec import ExecutionError
from markdown_exec._internal.formatters import python as _markdown_exec_python

KOREAN = "ko"
_recorded: dict[str, collections.deque] = collections.defaultdict(collections.deque)
_variants: list[tuple[str, str]] = []  # registered by the helpers while a block runs
_state = {"recording": False, "replaying": False, "depth": 0, "replayed": 0}


def recording() -> bool:
    """True while the English edition builds and the Korean one will replay it."""
    return _state["recording"]


def replaying() -> bool:
    """True while the Korean edition builds from the English edition's recorded run."""
    return _state["replaying"]


def variant(english: str, korean: str) -> None:
    """Say that the Korean page shows ``korean`` where the running block printed ``english``."""
    if _state["recording"]:
        _variants.append((english, korean))


def _is_quote_block(code: str) -> bool:
    return 'class="estlab-quotes"' in code  # quotes.py's hidden blocks (each edition its own)


def _run_python(code, returncode=None, session=None, id=None, **extra):  # noqa: A002
    if session and session.startswith(f"{KOREAN}-") and _state["replaying"] \
            and not _is_quote_block(code):
        try:
            return _replay(session.removeprefix(f"{KOREAN}-"), code)
        except RuntimeError as error:  # said as a failed block (superfences would hide others)
            raise ExecutionError(str(error)) from error
    _variants.clear()
    output = _original(code, returncode, session, id, **extra)
    if session and _state["recording"] and not _is_quote_block(code):
        _recorded[session].append((code, output, list(_variants)))
    _variants.clear()
    return output


def _replay(session: str, code: str) -> str:
    blocks = _recorded.get(session)
    if not blocks:
        raise RuntimeError(f"a Korean block of session {session!r} has no English block to "
                           f"replay (the English page ran fewer blocks): its code begins "
                           f"{code[:200]!r}. Keep the Korean page's code blocks identical to "
                           "the English page's.")
    english_code, output, variants = blocks.popleft()
    if english_code != code:
        raise RuntimeError(f"a Korean block of session {session!r} differs from the English "
                           f"block it replays.\nEnglish:\n{english_code[:600]}\nKorean:\n"
                           f"{code[:600]}\nThe Korean pages' executed blocks must be copies of "
                           "the English ones.")
    for english, korean in variants:
        if english not in output:
            raise RuntimeError(f"session {session!r}: a Korean variant has no English text to "
                               f"replace in the block's output: {english[:200]!r}")
        output = output.replace(english, korean, 1)
    _state["replayed"] += 1
    return output


_original = getattr(_markdown_exec_python, "_run_python", None)
if getattr(_original, "_estlab_replay", False):  # this hook loaded again (mkdocs serve)
    _original = _original.__wrapped__
if _original is None:
    raise RuntimeError("markdown-exec's Python formatter has no _run_python to wrap (replay.py "
                       "needs markdown-exec 1.9 to 1.12's layout); pin markdown-exec or update "
                       "chapters/_hooks/replay.py")
_run_python = functools.wraps(_original)(_run_python)
_run_python._estlab_replay = True
_markdown_exec_python._run_python = _run_python


def _builds_korean(config) -> bool:
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    return any(lang.locale == KOREAN and lang.build for lang in languages)


def on_pre_build(config, **kwargs):
    """The English build records (if a Korean one follows); the Korean build replays."""
    _state["depth"] += 1
    language = config.theme.get("language") or "en"
    _state["recording"] = language == "en" and _builds_korean(config)
    _state["replaying"] = language == KOREAN and bool(_recorded)


@event_priority(-300)  # after the nested Korean build (i18n's on_post_build, priority -100)
def on_post_build(config, **kwargs):
    """Stop recording when the English pages are done; forget everything after the last build."""
    _state["recording"] = False
    _state["depth"] -= 1
    if _state["depth"] == 0:
        left = {session: len(blocks) for session, blocks in _recorded.items() if blocks}
        replayed = _state["replayed"]
        _recorded.clear()
        _state.update(replaying=False, replayed=0)
        if replayed and left:
            raise RuntimeError(f"English blocks the Korean pages did not replay: {left} (a "
                               "Korean page has fewer executed blocks than its English page)")


def on_build_error(error, **kwargs):
    _recorded.clear()
    _variants.clear()
    _state.update(recording=False, replaying=False, depth=0, replayed=0)
