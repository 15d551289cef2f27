"""The Korean edition in a real browser: lang="ko", Korean interface, the language switcher, search.

Debian's chromium driven by Playwright, offline, as in test_browser.py. Two sites:

- the built book (``good_site``): every nav page under ``/ko/`` is ``<html lang="ko">`` with
  Material's Korean interface; the header's language menu goes from an English page to the *same*
  page in Korean and back; a Korean search finds the Korean pages that write the term with a
  particle attached;
- a small site built here with the book's own i18n, search and slug settings from ``mkdocs.yml``
  and pages that write 추정기는, 추정기를, 추정기의 (and one that does not): the search for 추정기
  must find exactly those three, whatever the state of the translations.

Korean is typed with ``fill`` and a ``keyup``: Playwright's ``press_sequentially`` inserts Hangul
as text without key events, while a real input method sends the key events Material listens to.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
import yaml
from book_support import (CHROMIUM, CHROMIUM_ARGS, MATH_TYPESET, ROOT, mkdocs_config, nav_pages,
                          page_url, serve)

pytestmark = pytest.mark.browser

_TIMEOUT_MS = 90_000
PARTICLES = ("는", "은", "를", "을", "의", "가", "이", "에", "로", "와", "과", "도", "만")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
        yield context
        context.close()


@pytest.fixture(scope="module")
def server(good_site):
    with serve(good_site.path) as url:
        yield url


def _open(browser, url, math=True):
    page = browser.new_page()
    failures = []
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url}: HTTP {r.status}"))
    page.on("pageerror", lambda e: failures.append(str(e)))
    page.goto(url, wait_until="load", timeout=_TIMEOUT_MS)
    if math:
        page.wait_for_function(MATH_TYPESET, timeout=_TIMEOUT_MS)
    return page, failures


def _search(page, query):
    """Type ``query`` into Material's search box; return the result pages' paths (no ?h=)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.match(/\\d|없습니다|No matching/)",
        timeout=15_000)
    # Material renders the results ten at a time and adds more as the last one scrolls into
    # view: scroll until the list stops growing, so that every result is read.
    items, count = page.locator(".md-search-result__item"), -1
    for _ in range(50):
        if items.count() == count:
            break
        count = items.count()
        if count:
            items.nth(count - 1).scroll_into_view_if_needed()
        page.wait_for_timeout(400)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname)")
    return sorted(set(hrefs))


@pytest.mark.parametrize("nav_page", nav_pages())
def test_korean_page_is_lang_ko_with_korean_interface(browser, server, nav_page):
    page, failures = _open(browser, server + "ko/" + page_url(nav_page))
    try:
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert page.locator("input.md-search__input").get_attribute("placeholder") == "검색"
        assert page.locator("a[hreflang='en']").count() >= 1, "no link to the English page"
        assert not failures, failures
    finally:
        page.close()


@pytest.mark.parametrize("nav_page", ["07-training/index.md", "appendix-glossary/index.md",
                                      "api/optim.md"])
def test_language_switcher_keeps_the_page(browser, server, nav_page):
    path = "/" + page_url(nav_page).rstrip("/") + "/"   # "api/optim.md" -> "/api/optim/"
    page, failures = _open(browser, server + path.lstrip("/"))
    try:
        for target, expected in (("ko", "/ko" + path), ("en", path)):
            page.locator(".md-header__option .md-select").first.hover()
            link = page.locator(f".md-select__link[hreflang='{target}']").first
            link.wait_for(state="visible", timeout=5_000)
            with page.expect_navigation(timeout=_TIMEOUT_MS):
                link.click()
            page.wait_for_function(MATH_TYPESET, timeout=_TIMEOUT_MS)
            assert page.evaluate("location.pathname") == expected, \
                f"the {target} link of the header went to {page.url}, not to {expected}"
            assert page.evaluate("document.documentElement.lang") == target
        # leaving a page aborts what it was still loading (the search worker's scripts)
        assert not [f for f in failures if "ERR_ABORTED" not in f], failures
    finally:
        page.close()


def test_korean_search_finds_pages_with_particles_attached(browser, server, good_site):
    # The Korean pages whose indexed text writes 추정기 with a particle right after it.
    index = json.loads((good_site.path / "search" / "search_index.json").read_text("utf-8"))
    with_particle = sorted({"/" + d["location"].split("#")[0] for d in index["docs"]
                            if d["location"].startswith("ko/")
                            and any("추정기" + p in d["text"] for p in PARTICLES)})
    assert with_particle, "no Korean page writes 추정기는/를/의...: is the Korean edition built?"
    page, failures = _open(browser, server + "ko/")
    try:
        found = _search(page, "추정기")
        missing = [p for p in with_particle if p not in found]
        assert not missing, f"the search for 추정기 missed {missing} (found {found})"
        assert not failures, failures
    finally:
        page.close()


PAGES = {
    "index.md": "# Home\n\nAn estimator is a rule.\n",
    "index.ko.md": "# 처음으로\n\n추정기는 데이터의 함수입니다.\n",
    "a.md": "# A\n\nThe estimator of a mean.\n",
    "a.ko.md": "# 가\n\n평균의 추정기를 살펴봅니다. 경사 하강법으로 학습합니다.\n",
    "b.md": "# B\n\nThe variance of an estimator.\n",
    "b.ko.md": "# 나\n\n표본 추정기의 분산을 계산합니다.\n",
    "c.md": "# C\n\nNothing about that here.\n",
    "c.ko.md": "# 다\n\n여기에는 그 낱말이 나오지 않습니다. 추정값만 나옵니다.\n",
}


@pytest.fixture(scope="module")
def particle_site(tmp_path_factory):
    """A four-page site built with the book's search, i18n and slug settings."""
    root = tmp_path_factory.mktemp("particle-site")
    (root / "docs").mkdir()
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    book = mkdocs_config()
    plugins = {}
    for item in book["plugins"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name in ("search", "i18n"):
            plugins[name] = options or {}
    for language in plugins["i18n"]["languages"]:
        language.pop("nav_translations", None)
    config = {"site_name": "particles", "docs_dir": "docs", "strict": True,
              "theme": {"name": "material", "font": False,
                        "features": book["theme"]["features"]},
              "plugins": [{k: v} for k, v in plugins.items()],
              # the book's hook gives /ko/ its sitemap.xml (Material's language menu reads it)
              "hooks": [str(ROOT / "chapters" / "_hooks" / "i18n.py")]}
    text = yaml.safe_dump(config, allow_unicode=True) + textwrap.dedent("""\
        markdown_extensions:
          - toc:
              slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
        """)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                          cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


@pytest.mark.parametrize("query, expected", [
    ("추정기", ["/", "/a/", "/b/"]),       # 추정기는, 추정기를, 추정기의
    ("하강법", ["/a/"]),                   # 하강법으로
    ("추정값", ["/c/"]),                   # 추정값만
])
def test_particle_search_control(browser, particle_site, query, expected):
    with serve(particle_site) as url:
        page, failures = _open(browser, url + "ko/", math=False)
        try:
            found = _search(page, query)
            assert found == ["/ko" + p for p in expected], f"{query}: found {found}"
            assert not failures, failures
        finally:
            page.close()
