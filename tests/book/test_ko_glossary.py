"""The Korean pages use the glossary's terms: the Korean term where the English page has the English one.

``chapters/appendix-glossary/terms.ko.txt`` is the single list of terms of the Korean edition (both
glossary pages include it). For every term marked ``yes`` or ``used``: if an English page uses the
English term in its prose (outside code, math and link targets; plurals count), its Korean page
must use the Korean term. For ``yes`` terms, its first use in the page's running text (not a
heading, a box title or a table row) must also have the English in parentheses right after it, as
in 추정기(estimator) or 포아송 분포(Poisson distribution). ``used`` marks basic words (분포, 분산,
예측, ...) for which that rule was too heavy for the translators' pages; ``no`` words are too
general to check at all.

Calibrated on the four translators' first pages (ko-t1..ko-t4), which gave these rules: a term
inside a longer term of the list counts for the longer one only (우도 in 최대우도, 분산 in 공분산 or
분산 학습; likelihood in log-likelihood); a Korean noun used as a verb (추정하는, 예측합니다,
배포된) is not its first use as a term; a capitalised English word inside a sentence is a class
name (SageMaker's ``Estimator``), and a dotted name (``estlab.distributions``) an identifier, neither
the term; the references appendix lists English titles and is not checked.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from book_support import CHAPTERS
from test_ko_parity import _outside_code, english_pages, korean_path

TERMS = CHAPTERS / "appendix-glossary" / "terms.ko.txt"
# How far after the Korean term its "(English)" may start: a noun or two, as in 포아송 분포(Poisson
# distribution) or 추정기 T(estimator); not the next sentence.
PAREN_WINDOW = 12
# The endings of 하다/되다 right after a noun: the noun is a verb there (추정하는, 배포된, 예측합니다).
VERB_ENDINGS = tuple("하한할함합해했되된될됨됩돼")
EXEMPT = {"appendix-references/index.md": "its entries keep the English titles of the works"}
# An English word of the list used in another sense on one page (page, term): why.
HOMONYMS = {
    ("appendix-installing/index.md", "distribution"): "a software distribution (배포판)",
    ("07-training/index.md", "distribution"): "how S3 data is distributed to the hosts",
}


@dataclasses.dataclass(frozen=True)
class Term:
    english: str             # as written in parentheses: "estimator"
    korean: tuple[str, ...]  # accepted Korean forms: ("기울기", "그래디언트")
    checked: bool            # the Korean term must be used where the English one is
    first_use: bool = True   # ... and its first use must carry the English in parentheses


def read_terms(path: Path = TERMS) -> list[Term]:
    """The rows of the term table (English | 한국어 | checked)."""
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header, rule, *body = rows
    assert [c.strip() for c in header.strip("|").split("|")] == ["English", "한국어", "checked"], \
        f"{path}: the header must be | English | 한국어 | checked |, it is {header}"
    terms = []
    for row in body:
        english, korean, checked = (c.strip() for c in row.strip().strip("|").split("|"))
        assert checked in ("yes", "used", "no"), \
            f"{path}: {row}: the third column is yes, used or no"
        forms = tuple(re.sub(r"\s*\([^)]*\)", "", k).strip() for k in korean.split(" / "))
        terms.append(Term(re.sub(r"\s*\([^)]*\)", "", english).strip(), forms,
                          checked != "no", checked == "yes"))
    return terms


def _english_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in re.split(r"[\s-]+", term)]
    # not inside a dotted or snake_case identifier (estlab.distributions, n_iter)
    return re.compile(r"(?<![\w.-])" + r"[\s-]+".join(words) + r"(?:s|es)?(?![\w-]|\.\w)", re.I)


def _english_uses(text: str, term: str):
    """The uses of ``term`` in English prose: a lowercase term written with a capital inside a
    sentence is a name (SageMaker's Estimator, Model), not the term."""
    for match in _english_pattern(term).finditer(text):
        word = match.group(0)
        if term[0].islower() and word[0].isupper():
            before = text[:match.start()].rstrip(" *_")
            if before and before[-1] not in ".!?:#\n-":  # not a sentence's or heading's start
                continue
        yield match


_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}\n]*\}")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_HTML = re.compile(r"<[^>\n]+>")
_HEADING_OR_TITLE = re.compile(r'^\s*(#{1,6}\s|!!!|\?\?\?|===)')


def prose(markdown: str, body_only: bool = False) -> str:
    """The page's words: no code blocks, code spans, math, link targets, attributes, HTML tags.

    ``body_only`` also drops headings, admonition titles, tab labels and table rows.
    """
    lines = _outside_code(markdown.split("\n"))
    if body_only:
        lines = ["" if _HEADING_OR_TITLE.match(line) or line.lstrip().startswith("|") else line
                 for line in lines]
    text = "\n".join(lines)
    for pattern in (_MATH, _CODE_SPAN, _LINK_TARGET, _HTML):
        text = pattern.sub(" ", text)
    return text


def _korean_pattern(term: str) -> re.Pattern:
    """A Korean term as a word: any spacing (lines wrap), and not the end of a longer word
    (처리 작업 in 전처리 작업, 분산 in 공분산: Korean attaches particles after a noun, never before)."""
    return re.compile(r"(?<![가-힣])" + r"\s+".join(re.escape(w) for w in term.split()))


def _mask(text: str, inner: str, outers: list[str], english: bool) -> str:
    """``text`` with every longer term that contains ``inner`` blanked out."""
    for outer in sorted(outers, key=len, reverse=True):
        pattern = _english_pattern(outer) if english else _korean_pattern(outer)
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _longer(terms: list[Term], term: Term) -> tuple[list[str], list[str]]:
    english = [t.english for t in terms if t.english != term.english
               and _english_pattern(term.english).search(t.english)]
    korean = [k for t in terms if t is not term for k in t.korean  # not the term's own forms
              if any(form in k and form != k for form in term.korean)]
    return english, korean


def check_terms(english_md: str, korean_md: str, page: str, terms: list[Term]) -> list[str]:
    """The glossary problems of one Korean page, each naming page, term and what to write."""
    problems = []
    en_text = prose(english_md)
    ko_all, ko_body = prose(korean_md), prose(korean_md, body_only=True)
    for term in terms:
        if not term.checked or (page.replace(".ko.md", ".md"), term.english) in HOMONYMS:
            continue
        longer_en, longer_ko = _longer(terms, term)
        found = next(_english_uses(_mask(en_text, term.english, longer_en, True), term.english),
                     None)
        if not found:
            continue
        wanted = " / ".join(term.korean)
        masked_all = _mask(ko_all, "", longer_ko, False)
        if not any(_korean_pattern(form).search(masked_all) for form in term.korean):
            problems.append(
                f"{page}: the English page says {found.group(0)!r}; the Korean page never uses "
                f"{wanted}: write {term.korean[0]}({term.english}) at its first use (glossary: "
                f"{term.english} -> {wanted})")
            continue
        if not term.first_use:
            continue
        masked_body = _mask(ko_body, "", longer_ko, False)
        firsts = [(m.start(), m.group(0)) for form in term.korean
                  for m in _korean_pattern(form).finditer(masked_body)
                  if not masked_body.startswith(VERB_ENDINGS, m.end())]
        if not firsts:  # used only in headings, titles, tables or as a verb
            continue
        at, form = min(firsts)
        name = " ".join(form.split())
        after = masked_body[at + len(form):at + len(form) + PAREN_WINDOW + 80]
        paren = re.match(r"[^.。!?\n(]{0,%d}\(([^)]*)\)" % PAREN_WINDOW, after)
        if not (paren and _english_pattern(term.english).search(paren.group(1))):
            context = ko_body[max(0, at - 20):at + len(form) + 20].replace("\n", " ").strip()
            problems.append(
                f"{page}: the first use of {name} ('...{context}...') has no English in "
                f"parentheses: write {name}({term.english})")
    return problems


def korean_pages() -> list[Path]:
    """The English pages that have a Korean page, less the ``EXEMPT`` ones (said why there)."""
    return [p for p in english_pages() if korean_path(p).exists()
            and p.relative_to(CHAPTERS).as_posix() not in EXEMPT]


@pytest.mark.parametrize("page", korean_pages(), ids=lambda p: p.relative_to(CHAPTERS).as_posix())
def test_korean_page_uses_the_glossary_terms(page):
    name = korean_path(page).relative_to(CHAPTERS).as_posix()
    problems = check_terms(page.read_text(encoding="utf-8"),
                           korean_path(page).read_text(encoding="utf-8"), name, read_terms())
    assert not problems, "\n".join(problems)


def test_the_glossary_lists_every_seed_term_once():
    terms = read_terms()
    english = [t.english for t in terms]
    assert len(english) == len(set(english)), "a term is listed twice"
    for must in ("estimator", "maximum likelihood estimation", "gradient descent", "endpoint",
                 "processing job", "training job"):
        assert must in english
    assert all(t.korean and all(t.korean) for t in terms)


def test_both_glossary_pages_include_the_one_list():
    for name in ("index.md", "index.ko.md"):
        page = (CHAPTERS / "appendix-glossary" / name).read_text(encoding="utf-8")
        assert '--8<-- "chapters/appendix-glossary/terms.ko.txt"' in page, name


# --- Controls: right pages pass, each kind of slip fails with a message that says the fix. ---

TERMS_FIXTURE = [Term("estimator", ("추정기",), True), Term("estimation", ("추정",), True),
                 Term("likelihood", ("우도",), True), Term("log-likelihood", ("로그우도",), True),
                 Term("maximum likelihood", ("최대우도",), True),
                 Term("distribution", ("분포",), True), Term("Poisson", ("포아송",), True),
                 Term("sample", ("표본",), False)]
EN = """# 1. Estimators

An **estimator** is a rule; estimators of a Poisson distribution's rate. We sample data.
`estimator.fit()` is code, \\(likelihood\\) is math. Maximum likelihood gives the estimate.

## The log-likelihood

The log-likelihood of the sample.
"""
KO = """# 1. 추정기

**추정기(estimator)**는 규칙입니다. 포아송 분포(Poisson distribution)의 비율을 추정하는 추정기들.
표본을 뽑습니다. 최대우도(maximum likelihood)가 추정값을 줍니다.

## 로그우도

표본의 로그우도(log-likelihood)입니다.
"""


def test_control_a_right_page_passes():
    assert check_terms(EN, KO, "x/index.ko.md", TERMS_FIXTURE) == []


def test_control_terms_in_code_math_or_only_inside_longer_terms_are_not_required():
    # "likelihood" appears only in math and inside "log-likelihood"/"maximum likelihood": no 우도
    # is needed; "estimation" never appears in the English prose, so 추정 inside 추정기 is free.
    problems = check_terms(EN, KO, "x/index.ko.md", TERMS_FIXTURE)
    assert not any("우도 " in p or "추정(" in p for p in problems)


@pytest.mark.parametrize("korean, expected", [
    (KO.replace("**추정기(estimator)**는", "**평가 규칙**은").replace("추정기", "규칙"),
     "x/index.ko.md: the English page says 'Estimators'; the Korean page never uses 추정기: write "
     "추정기(estimator) at its first use"),
    (KO.replace("**추정기(estimator)**는", "**추정기**는"),
     "x/index.ko.md: the first use of 추정기 ('...**추정기**는 규칙입니다. 포아송 분포(Po...') has "
     "no English in parentheses: write 추정기(estimator)"),
    (KO.replace("포아송 분포(Poisson distribution)", "포아송 분포"),
     "the first use of 포아송"),
    (KO.replace("로그우도(log-likelihood)", "로그우도"), "write 로그우도(log-likelihood)"),
    # the parentheses of another term do not count
    (KO.replace("추정기(estimator)", "추정기(rule)"), "write 추정기(estimator)"),
])
def test_control_a_slip_fails_and_says_what_to_write(korean, expected):
    problems = check_terms(EN, korean, "x/index.ko.md", TERMS_FIXTURE)
    assert any(expected in p for p in problems), problems


def test_control_the_real_term_list_reads():
    terms = read_terms()
    gradient = next(t for t in terms if t.english == "gradient")
    assert gradient.korean == ("기울기", "그래디언트")
    parameter = next(t for t in terms if t.english == "parameter")
    assert parameter.korean == ("모수", "파라미터")
    assert next(t for t in terms if t.english == "maximum likelihood estimation").korean == \
        ("최대우도 추정",)


def test_a_term_whose_forms_contain_each_other_is_found_in_its_longer_form():
    # 최소제곱 is inside 최소제곱법: the longer form is the term itself, not another term to mask
    terms = [Term("least squares", ("최소제곱법", "최소제곱"), True)]
    english = "# A\n\nThe fit is by least squares.\n"
    assert check_terms(english, "# A\n\n적합은 최소제곱법(least squares)으로 합니다.\n",
                       "x/index.ko.md", terms) == []
    # the control: a page that never writes either form is still told to
    [problem] = check_terms(english, "# A\n\n적합은 제곱합을 줄입니다.\n", "x/index.ko.md", terms)
    assert "never uses 최소제곱법 / 최소제곱" in problem
