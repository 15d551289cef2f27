"""The Korean exercises and checker: one message catalogue, chosen by the locale or --lang.

The catalogue (``estlab/locale/ko/LC_MESSAGES/estlab.po``, compiled to the ``.mo`` beside it)
must hold exactly the messages the code uses, every one translated, with the same fields; every
wrong answer of ``wrong/`` must be rejected in Korean with the Korean form of the *same*
diagnosis it gets in English; English stays the default.
"""

import gettext
import json
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

import estlab.exercises as ex
from estlab import _catalogue, _i18n
from estlab._i18n import translate
from estlab.exercises._runner import run_checks

WRONG = Path(__file__).parent / "wrong"
WRONG_FILES = sorted(WRONG.glob("ch*/*.py"))
PO = _i18n.po_path("ko")
MO = PO.with_suffix(".mo")
HANGUL = re.compile("[\uac00-\ud7a3]")
ESTLAB = [sys.executable, "-m", "estlab"]


def _entries():
    return _catalogue.parse_po(PO.read_text(encoding="utf-8"))


def _fields(text):
    """The named fields of a message: ``{lr:.4g}`` -> ``lr``; argparse's ``%(prog)s`` too."""
    percent = re.findall(r"%\((\w+)\)\w|(%[sr])", text)
    braces = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    return sorted(braces | {a or b for a, b in percent})


def catalogue_problems(po_text, used):
    """Everything wrong with a catalogue: untranslated, fuzzy, stale, missing, broken fields."""
    problems = []
    entries = [e for e in _catalogue.parse_po(po_text) if e["msgid"]]
    ids = {e["msgid"] for e in entries}
    for e in entries:
        head = e["msgid"][:50]
        if "fuzzy" in e["flags"]:
            problems.append(f"fuzzy: {head}")
        if not e["msgstr"]:
            problems.append(f"untranslated: {head}")
        elif not HANGUL.search(e["msgstr"]):
            problems.append(f"not Korean: {head}")
        elif _fields(e["msgid"]) != _fields(e["msgstr"]):
            problems.append(f"fields {_fields(e['msgid'])} != {_fields(e['msgstr'])}: {head}")
        if e["msgid"] not in used:
            problems.append(f"stale (no code uses it): {head}")
    problems += [f"missing from the catalogue: {m[:50]}" for m in sorted(set(used) - ids)]
    return problems


# -- the catalogue -------------------------------------------------------------------------------

def test_catalogue_is_complete_translated_and_has_no_stale_entry():
    used = _catalogue.extract()
    assert catalogue_problems(PO.read_text(encoding="utf-8"), used) == []
    assert len(used) >= 500  # statements, hints, feedback and the command line


def test_catalogue_check_can_fail():
    """A control: each kind of problem is caught."""
    used = {"Solution": [], "Hint {i}": [], "Chapter {chapter}": []}
    po = ('msgid ""\nmsgstr "Language: ko\\n"\n\n'
          'msgid "Solution"\nmsgstr ""\n\n'          # untranslated
          '#, fuzzy\nmsgid "Hint {i}"\nmsgstr "힌트 {i}"\n\n'  # fuzzy
          'msgid "Chapter {chapter}"\nmsgstr "{n}장"\n\n'   # a field renamed
          'msgid "Gone"\nmsgstr "사라짐"\n')           # stale
    problems = "\n".join(catalogue_problems(po, used))
    for word in ("untranslated: Solution", "fuzzy: Hint", "fields ['chapter'] != ['n']",
                 "stale (no code uses it): Gone"):
        assert word in problems, problems
    assert "missing from the catalogue: Exercise" in "\n".join(
        catalogue_problems(po, {**used, "Exercise {key}": []}))


def test_an_f_string_message_is_refused(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "bad.py").write_text('raise Mistake(f"got {x}")\n')
    (tmp_path / "_cli.py").write_text("")
    (tmp_path / "_i18n.py").write_text("")
    with pytest.raises(ValueError, match="an f-string given to Mistake"):
        _catalogue.extract(tmp_path)


def test_committed_mo_is_the_compiled_po():
    """The .mo shipped as package data is exactly what the .po compiles to (fix: run
    ``python -m estlab._catalogue compile``)."""
    assert MO.read_bytes() == _catalogue.compile_po(PO.read_text(encoding="utf-8")), \
        "estlab.mo is out of date: run `python -m estlab._catalogue compile`"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
def test_compiler_agrees_with_gnu_msgfmt(tmp_path):
    """The reference: GNU msgfmt --check accepts the .po and compiles the same catalogue."""
    out = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(out), str(PO)], check=True)
    with out.open("rb") as gnu, MO.open("rb") as ours:
        assert gettext.GNUTranslations(gnu)._catalog == gettext.GNUTranslations(ours)._catalog


def test_mo_is_package_data():
    import estlab

    assert MO.is_relative_to(Path(estlab.__file__).parent)


# The glossary of the Korean edition (KO-TERMS): an English term in a message -> its Korean.
TERMS = [
    (r"\bgradient descent\b", "경사 하강법"),
    (r"\blearning rate\b", "학습률"),
    (r"\bstandard errors?\b", "표준오차"),
    (r"\blog-likelihood\b", "로그우도"),
    (r"\bFisher information\b", "피셔 정보"),
    (r"\btraining job\b", "학습 작업"),
    (r"\bprocessing job\b", "처리 작업"),
    (r"\bbatch transform\b", "배치 변환"),
    (r"\bendpoint\b", "엔드포인트"),
    (r"\bhyperparameters?\b", "하이퍼파라미터"),
    (r"\bHessian\b", "헤세 행렬"),
    (r"(?<![(=] )(?<!\()\bbias\b(?! ?[\^*=,)])", "편향"),  # not bias^2, bias = ..., (bias, ...)
    (r"\bestimators?\b", "추정기"),
]


def _prose(text):
    """A message without its code: `spans`, {fields}, calls, snake_case, file.names, Classes."""
    return re.sub(r"`[^`]*`|\{[^{}]*\}|\w+\(|\w+_\w+|\w+\.\w+|[A-Z]\w+", "", text)


TERM_IDS = ["gradient-descent", "learning-rate", "standard-error", "log-likelihood",
            "fisher-information", "training-job", "processing-job", "batch-transform",
            "endpoint", "hyperparameter", "hessian", "bias", "estimator"]


@pytest.mark.parametrize("english, korean", TERMS, ids=TERM_IDS)
def test_terms_follow_the_glossary(english, korean):
    missed = [e["msgid"][:60] for e in _entries()[1:]
              if re.search(english, _prose(e["msgid"])) and korean not in e["msgstr"]]
    assert missed == []


# -- choosing the language -----------------------------------------------------------------------

@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "ko"}, "ko"),
    ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LC_ALL": "ko_KR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "ko"),
    ({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),
    ({"LANGUAGE": "ko", "LC_ALL": "en_US.UTF-8"}, "ko"),
    ({"LANGUAGE": "en:ko", "LANG": "ko_KR.UTF-8"}, "en"),
    ({"LANGUAGE": "fr:ko_KR", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LANGUAGE": "fr", "LANG": "ko_KR.UTF-8"}, "ko"),  # LANGUAGE names none we have
])
def test_locale_variables_in_gettexts_order(environ, expected):
    assert _i18n._from_environment(environ) == expected


def test_the_locale_chooses_unless_lang_says_otherwise(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert ex.hint("2.1").startswith("힌트 1: ")
    assert ex.hint("2.1", lang="en").startswith("Hint 1: ")
    monkeypatch.setenv("LANG", "C")
    assert ex.hint("2.1").startswith("Hint 1: ")
    assert ex.hint("2.1", lang="ko").startswith("힌트 1: ")


def test_an_unsupported_language_is_refused_naming_the_supported_ones():
    with pytest.raises(_i18n.UnsupportedLanguageError, match=r"'xx'.*en \(English\), ko"):
        ex.render_markdown(2, lang="xx")
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        ex.check(2, solutions=True, lang="de")


def run(*args, lang=None):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(ex.__file__).parents[2])}
    if lang is not None:
        env["LANG"] = lang
    return subprocess.run([*ESTLAB, *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_cli_lang_xx_is_a_usage_error():
    done = run("check", "2", "--lang", "xx")
    assert done.returncode == 2
    assert "unsupported language 'xx'; supported: en (English), ko (한국어)." in done.stderr
    assert "estlab check 2 --lang ko" in done.stderr
    korean = run("check", "2", "--lang=xx", lang="ko_KR.UTF-8")
    assert korean.returncode == 2 and "지원하지 않는 언어입니다: 'xx'" in korean.stderr


@pytest.mark.parametrize("lang", [None, "C", "C.UTF-8", "en_US.UTF-8"])
def test_cli_stays_english_by_default(lang):
    done = run("check", "3.1", "--solutions", lang=lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Exercise 3.1: reference solutions",
        "PASS  3.1  The gradient of the logistic loss  (ch03/logistic_gradient.py)",
        "1 passed, 0 failed"]


def test_cli_check_in_korean_prints_korean_titles_feedback_and_hints(tmp_path):
    assert run("exercises", "init", "2", "--dir", str(tmp_path), lang="ko_KR.UTF-8"
               ).returncode == 0
    crash = WRONG / "ch02" / "normal_mle__crash_zero_division.py"
    (tmp_path / "ch02" / "normal_mle.py").write_text(crash.read_text())
    done = run("check", "2", "--dir", str(tmp_path), lang="ko_KR.UTF-8")
    assert done.returncode == 1, done.stderr
    out = done.stdout
    first_hint = translate(ex.get_exercise("2.1").hints[0], "ko")
    assert "FAIL  2.1  정규분포의 최대우도 추정량 유도하기  (ch02/normal_mle.py)" in out
    assert "코드에서 ZeroDivisionError이(가) 발생했습니다" in out
    assert f"힌트: {first_hint}" in out and HANGUL.search(first_hint)
    assert "아직 구현하지 않았습니다: ch02/poisson_interval.py" in out
    assert out.strip().splitlines()[-1] == f"통과 0개, 실패 {len(ex.exercises(2))}개"
    english = run("check", "2", "--dir", str(tmp_path), "--lang", "en", lang="ko_KR.UTF-8")
    assert "your code raised ZeroDivisionError" in english.stdout
    assert english.stdout.strip().endswith("failed")


def test_cli_show_list_hint_and_help_in_korean():
    show = run("exercises", "show", "3.1", "--lang", "ko")
    assert show.returncode == 0 and show.stdout.startswith("연습 문제 3.1 로지스틱 손실의 기울기")
    assert translate(ex.get_exercise("3.1").statement, "ko") in show.stdout
    listing = run("exercises", "list", "4", lang="ko_KR.UTF-8")
    assert "4.1  절편을 포함한 최소제곱법  (ch04/ols.py)" in listing.stdout
    hint = run("exercises", "hint", "2.1", "--level", "3", lang="ko_KR.UTF-8")
    assert hint.stdout.count("힌트 ") == 3 and "Hint" not in hint.stdout
    helped = run("--lang", "ko", "check", "--help")
    assert helped.stdout.startswith("사용법: estlab check") and "옵션:" in helped.stdout
    assert "모든 장을 확인합니다" in helped.stdout


def test_cli_usage_errors_in_korean():
    done = run("check", "12", lang="ko_KR.UTF-8")
    assert done.returncode == 2
    assert "estlab check: 오류: 인수 chapter: 장 번호는 1부터 11까지의 숫자여야 합니다" in done.stderr
    typo = run("chek", "3", lang="ko_KR.UTF-8")
    assert typo.returncode == 2 and "혹시 check을(를) 입력하려던 것인가요?" in typo.stderr
    missing = run("check", "3.9", "--lang", "ko")
    assert "연습 문제 '3.9'이(가) 없습니다" in missing.stderr


# -- every wrong answer, in Korean ---------------------------------------------------------------

def _exercise_of(path):
    slug = path.stem.split("__")[0]
    return next(e for e in ex.exercises(int(path.parent.name[2:])) if e.slug == slug)


def _expected(path):
    return re.fullmatch(r"# expect: (.+)",
                        path.read_text(encoding="utf-8").splitlines()[0])[1]


def _checked(lang):
    loops = [p for p in WRONG_FILES if "infinite_loop" in p.stem]
    others = [p for p in WRONG_FILES if p not in loops]
    results = dict(zip(others, run_checks([(_exercise_of(p), p) for p in others], lang=lang)))
    results.update(zip(loops, run_checks([(_exercise_of(p), p) for p in loops], timeout=1.0,
                                         lang=lang)))
    return results


@pytest.fixture(scope="module")
def both():
    """Every wrong answer checked twice, in English and in Korean (one batch each)."""
    return _checked("en"), _checked("ko")


def _pattern(template):
    """A regex for the messages a template makes: literal text, any value in each field."""
    parts, out = re.split(r"(\{\{|\}\}|\{[^{}]*\})", template), []
    for part in parts:
        if part in ("{{", "}}"):
            out.append(re.escape(part[0]))
        elif part.startswith("{"):
            out.append("(.+?)")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out), re.S)


CATALOGUE = {e["msgid"]: e["msgstr"] for e in _catalogue.parse_po(PO.read_text(encoding="utf-8"))
             if e["msgid"] and len(re.sub(r"\{[^{}]*\}", "", e["msgid"])) >= 12}


def _same_diagnosis(english, korean, expected):
    """A catalogue message that makes the English text (where the expectation is) and whose
    translation makes the Korean text: the same mistake, said in Korean."""
    for msgid, msgstr in CATALOGUE.items():
        found = _pattern(msgid).search(english)
        if found and found.start() <= english.find(expected) < found.end() \
                and _pattern(msgstr).search(korean):
            return msgid
    return None


def test_the_wrong_answers_are_all_here():
    assert len(WRONG_FILES) >= 122
    assert sum(_expected(p) != "PASS" for p in WRONG_FILES) >= 120


@pytest.mark.parametrize("path", WRONG_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_wrong_answer_is_rejected_with_its_korean_hint(path, both):
    english, korean = both[0][path], both[1][path]
    expected = _expected(path)
    assert korean.passed == english.passed == (expected == "PASS"), korean.message
    if expected == "PASS":
        return
    assert expected in english.message, english.message
    assert HANGUL.search(korean.message), korean.message
    assert "Traceback" not in korean.message
    assert _same_diagnosis(english.message, korean.message, expected), (english.message,
                                                                       korean.message)
    assert korean.title == translate(_exercise_of(path).title, "ko")
    assert bool(korean.hint) == bool(english.hint)
    if english.hint:
        assert korean.hint == translate(english.hint, "ko") and HANGUL.search(korean.hint)
    assert korean.lang == "ko" and english.lang == "en"


def test_same_diagnosis_can_fail():
    """A control: a Korean message of another mistake is not accepted as the translation."""
    english = ("Your gradient has the wrong sign: the gradient of the negative log-likelihood is "
               "X^T (p - y) / n, not X^T (y - p) / n. With this sign gradient descent climbs.")
    right = translate(english, "ko")
    other = translate("Your gradient is n times too large: the loss is the mean, so divide by n.",
                      "ko")
    assert _same_diagnosis(english, right, "wrong sign")
    assert _same_diagnosis(english, other, "wrong sign") is None


# -- the report and the book ---------------------------------------------------------------------

def test_report_in_korean_text_and_notebook():
    report = ex.check(5, solutions=True, lang="ko")
    text = str(report)
    assert text.splitlines()[0] == "5장: 참고 풀이"
    assert "PASS  5.1  구성 요소별로 보는 워크플로  (ch05/components.py)" in text
    assert report.summary() == "통과 3개, 실패 0개" and text.endswith("통과 3개, 실패 0개")
    html = report._repr_html_()
    assert "<th>연습 문제</th><th>파일</th><th>피드백</th>" in html
    assert "통과 3개, 실패 0개" in html
    assert ex.check(5, solutions=True, lang="en").summary() == "3 passed, 0 failed"


@pytest.mark.parametrize("chapter", sorted(ex.CHAPTERS))
def test_render_markdown_in_korean(chapter):
    import markdown

    english, korean = ex.render_markdown(chapter), ex.render_markdown(chapter, lang="ko")
    found = ex.exercises(chapter)
    assert korean.count('??? exercise "연습 문제 ') == len(found)
    assert korean.count('??? solution "풀이"') == len(found)
    assert korean.count('??? tip "힌트 ') == sum(len(e.hints) for e in found)
    for e in found:
        k = e.translated("ko")
        assert f'??? exercise "연습 문제 {e.key} {k.title}"' in korean
        assert HANGUL.search(k.statement) and k.statement != e.statement
    # The same code in both editions: solutions and commands are byte-identical.
    fence = re.compile(r"```(?:python|bash)\n(.*?)```", re.S)
    code = [re.sub(r"#.*", "", block) for block in fence.findall(english)]
    assert code == [re.sub(r"#.*", "", block) for block in fence.findall(korean)]
    assert "# 한 번만: 뼈대 파일을 ./estlab-exercises/에 복사합니다" in korean
    html = markdown.markdown(korean, extensions=["admonition", "pymdownx.details",
                                                 "pymdownx.superfences"])
    assert html.count('<details class="exercise"') == len(found)
    assert html.count('<details class="solution"') == len(found)
    assert "<em>" not in html and "<strong>" not in html


def test_render_markdown_ignores_the_locale(monkeypatch):
    """The book is built the same everywhere: English unless lang= says otherwise."""
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")
    assert ex.render_markdown(2).startswith('??? exercise "Exercise 2.1 ')
    assert ex.render_markdown(2, lang="ko").startswith('??? exercise "연습 문제 2.1 ')


BOOK_EXTENSIONS = {  # mkdocs.yml's markdown_extensions that the exercise boxes go through
    "abbr": {}, "admonition": {}, "attr_list": {}, "def_list": {}, "footnotes": {},
    "md_in_html": {}, "tables": {}, "toc": {"permalink": True},
    "pymdownx.arithmatex": {"generic": True}, "pymdownx.details": {},
    "pymdownx.highlight": {"anchor_linenums": True}, "pymdownx.inlinehilite": {},
    "pymdownx.superfences": {}, "pymdownx.tabbed": {"alternate_style": True},
}


def test_the_korean_pages_exercise_blocks_run_as_the_book_runs_them(tmp_path):
    """What a Korean page's ``python exec`` block does, in a fresh interpreter with warnings as
    errors under the C locale of a build machine: the Korean boxes, whatever the locale."""
    import markdown

    code = ("import json\nfrom estlab.exercises import render_markdown\n"
            "print(json.dumps({n: render_markdown(n, lang='ko') for n in range(1, 12)}))")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONPATH": str(Path(ex.__file__).parents[2])}
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.iterdir()), "rendering leaves no files behind"
    pages = json.loads(done.stdout)
    for chapter in ex.CHAPTERS:
        korean = pages[str(chapter)]
        assert korean == ex.render_markdown(chapter, lang="ko")
        html = markdown.markdown(korean, extensions=list(BOOK_EXTENSIONS),
                                 extension_configs=BOOK_EXTENSIONS)
        found = ex.exercises(chapter)
        assert html.count('<details class="exercise"') == len(found)
        assert html.count('<summary>풀이</summary>') == len(found)
        assert html.count('<details class="tip"') == sum(len(e.hints) for e in found)
        assert "<em>" not in html and "<strong>" not in html
