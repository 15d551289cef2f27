"""The Korean edition's parts of the book's hooks, without a build: texts, sessions, notebooks."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import string
import sys

import pytest
from book_support import CHAPTERS


def _load(name):
    spec = importlib.util.spec_from_file_location(f"ko_test_{name}", CHAPTERS / "_hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


i18n = _load("i18n")
notebooks = _load("notebooks")


def test_translate_exact_fields_and_pass_through():
    assert i18n.translate("What it printed when it ran for this page", "ko") == \
        "이 페이지를 빌드할 때 실행하여 출력된 내용"
    assert i18n.translate("What it printed when it ran for this page", "en") == \
        "What it printed when it ran for this page"
    for text in ("0.25", "−2", "$\\hat\\theta$", "$10^{-3}$", "n", ""):  # no word: unchanged
        assert i18n.translate(text, "ko") == text


def test_translate_fills_fields(tmp_path, monkeypatch):
    catalogue = tmp_path / "book_text.ko.json"
    catalogue.write_text(json.dumps({"n = {n}, {reps} samples": "n = {n}, 표본 {reps}개"}),
                         encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE", tmp_path / "book_text.{language}.json")
    assert i18n.translate("n = 10, 20,000 samples", "ko") == "n = 10, 표본 20,000개"
    assert i18n.translate("n = 10, 표본 20,000개", "ko") == "n = 10, 표본 20,000개"  # drawn twice


def test_a_missing_text_fails_naming_it_and_the_fix():
    with pytest.raises(ValueError) as error:
        i18n.translate("Bias of the sample variance", "ko")
    message = str(error.value)
    assert "'Bias of the sample variance' has no ko translation" in message
    assert '"Bias of the sample variance": "..."' in message and "book_text.ko.json" in message


def test_the_catalogue_is_well_formed():
    entries = json.loads((CHAPTERS / "_hooks" / "book_text.ko.json").read_text("utf-8"))
    for key, value in entries.items():
        assert value.strip(), f"{key!r} has an empty translation"
        fields = {f for _, f, _, _ in string.Formatter().parse(key) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(value) if f}, \
            f"{key!r}: the translation must use the same fields {sorted(fields)}"
        assert re.search("[가-힣]", value) or value == key, f"{key!r} -> {value!r} is not Korean"


def test_korean_sessions_are_their_own():
    page = ('Text with session="ch1" in prose.\n\n```python exec="on" session="ch1" result="text"\n'
            'x = 1\n```\n\n    ```python exec="on" session="ch1"\n    print(x)\n    ```\n')
    out = i18n.localize_sessions(page, "ko")
    assert out.count('session="ko-ch1"') == 2
    assert 'Text with session="ch1" in prose.' in out  # prose untouched
    assert i18n.localize_sessions(page, "en") == page


def test_korean_notebook_has_the_same_code_and_a_korean_title():
    chapter = "appendix-glossary"
    files = notebooks.example_files(CHAPTERS)[chapter]
    en = json.loads(notebooks.chapter_notebook(CHAPTERS, chapter, files))
    ko = json.loads(notebooks.chapter_notebook(CHAPTERS, chapter, files, "ko"))
    code = [c["source"] for c in en["cells"] if c["cell_type"] == "code"]
    assert code == [c["source"] for c in ko["cells"] if c["cell_type"] == "code"]
    assert "".join(ko["cells"][0]["source"]).startswith("# B. 용어집\n\n")
    assert "실행" in "".join(ko["cells"][0]["source"])
    # a chapter not translated yet keeps its English title
    other = "01-estimators"
    if not (CHAPTERS / other / "index.ko.md").exists():
        nb = json.loads(notebooks.chapter_notebook(CHAPTERS, other,
                                                   notebooks.example_files(CHAPTERS)[other], "ko"))
        assert "".join(nb["cells"][0]["source"]).startswith("# 1. ")


DRAW = r'''
import io, os, sys, types
sys.modules["chapters/_hooks/i18n.py"] = types.SimpleNamespace(translate=lambda text: text)
exec(open(sys.argv[1], encoding="utf-8").read())
import matplotlib.pyplot as plt
fig, (ax, log) = plt.subplots(1, 2)
ax.set_title("밀도 density")
ax.set_xlabel("크기 $n = 10$인 표본으로 구한 $\\sigma^2$의 추정값")
ax.plot([-2, 1], [0, 1], label="$n$으로 나누기 (MLE)")
ax.legend()
log.loglog([1e-3, 1], [1e-2, 1])  # tick labels $\\mathdefault{10^{-3}}$, with a minus sign
log.text(1e-3, 0.5, "본문: 38바이트", family="monospace")  # a diagram's code line
print(plt.rcParams["font.family"])
fig.tight_layout()  # as the examples do: tick labels laid out before show() redraws them
show(fig, "그림")   # the book's helper: translates, then draws the SVG
'''


RECORDED = r"""
import os, sys, types
KO = {"density": "밀도", "estimate of $\\sigma^2$ from $n = 10$": "$n = 10$으로 구한 $\\sigma^2$의 추정값",
      "divide by $n$ (MLE)": "$n$으로 나누기 (MLE)", "body: 38 bytes": "본문: 38바이트",
      "figure": "그림"}

def translate(text, language=None):  # the book's catalogue passes numbers through
    return text if (language or os.environ.get("ESTLAB_BOOK_LANG", "en")) == "en" else KO.get(
        text, text)

sys.modules["chapters/_hooks/i18n.py"] = types.SimpleNamespace(translate=translate)
pairs = []
sys.modules["chapters/_hooks/replay.py"] = types.SimpleNamespace(
    recording=lambda: True, variant=lambda english, korean: pairs.append((english, korean)))
with open(sys.argv[1], encoding="utf-8") as source:
    exec(source.read())
import matplotlib.pyplot as plt
fig, (ax, log) = plt.subplots(1, 2, figsize=(8, 3))
ax.set_title("density")
ax.set_xlabel("estimate of $\\sigma^2$ from $n = 10$")
ax.plot([-2, 1], [0, 1], label="divide by $n$ (MLE)")  # tick labels -2, -1: a minus sign
ax.legend()
log.loglog([1e-3, 1], [1e-2, 1])
log.text(1e-3, 0.5, "body: 38 bytes", family="monospace")
fig.tight_layout()
show(fig, "figure")   # English on the page; its Korean drawing registered for the replay
english, korean = pairs[0]
assert 'alt="figure"' in english and 'alt="그림"' in korean and english != korean
print(os.environ["ESTLAB_BOOK_LANG"], plt.rcParams["font.family"], len(pairs))
"""


def test_the_english_pass_draws_the_korean_figure_in_hangul_fonts():
    # replay.py: the Korean page shows a Korean drawing of the English page's figure, made
    # while the English page runs: a copy of the figure, translated, whose texts (made in the
    # English fonts, family "sans-serif") fall back to DejaVu for what NanumGothic lacks (the
    # minus sign of the tick labels). show() fails on any glyph drawn as an empty box.
    import subprocess

    proc = subprocess.run([sys.executable, "-W", "error", "-c", RECORDED,
                           str(CHAPTERS / "_hooks" / "figure.py")],
                          env={**os.environ, "ESTLAB_BOOK_LANG": "en", "MPLBACKEND": "Agg"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # after the Korean drawing, the page is English again, in matplotlib's default fonts
    assert proc.stdout.split()[-3:] == ["en", "['sans-serif']", "1"], proc.stdout[-300:]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_korean_figures_draw_every_glyph(tmp_path, language):
    # Hangul in plain text, next to $math$ (mathtext draws such a text whole) and in monospace
    # with the book's figure helper. matplotlib only warns for a glyph its fonts lack (drawn as
    # an empty box); show() fails on it, naming the glyphs (English: Hangul is missing, the
    # control that the failure is seen).
    import subprocess

    proc = subprocess.run([sys.executable, "-W", "error", "-c", DRAW,
                           str(CHAPTERS / "_hooks" / "figure.py")],
                          env={**os.environ, "ESTLAB_BOOK_LANG": language, "MPLBACKEND": "Agg"},
                          capture_output=True, text=True, timeout=120)
    missing = "does not have a glyph" in proc.stderr or "missing from font" in proc.stderr
    if language == "ko":
        assert proc.returncode == 0 and not missing, proc.stderr[-2000:]
        assert "NanumGothic" in proc.stdout
    else:
        # show() names the glyphs, or the example's own tight_layout fails first (the warning
        # is an error once figure.py is included)
        assert proc.returncode != 0 and ("would be drawn as empty boxes" in proc.stderr
                                         or "missing from font" in proc.stderr), \
            proc.stderr[-2000:]
        assert "HANGUL SYLLABLE" in proc.stderr or "does not have a glyph for '\\u" in proc.stderr
