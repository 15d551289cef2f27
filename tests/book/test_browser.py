"""A real browser against the built book: offline, math rendered, images loaded, search working.

Debian's chromium (``/usr/bin/chromium``, installed by ``make test``) is driven by Playwright's Python
package; Playwright never downloads a browser here. The site is served by ``http.server`` on
127.0.0.1 and every other host is made unresolvable, so a page that needs the internet fails.
Screenshots of every page go to ``test-artifacts/`` for a human to look at.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest
from book_support import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, MATH_TYPESET, nav_pages, page_url,
                          serve)

pytestmark = pytest.mark.browser

# Generous: CI machines are shared; a page that never settles still fails, with this timeout.
_TIMEOUT_MS = 90_000

# Text outside code that would mean MathJax left TeX unrendered.
_RAW_TEX = r"""() => {
  const article = document.querySelector("article").cloneNode(true);
  article.querySelectorAll("pre, code, mjx-container, script").forEach(e => e.remove());
  const text = article.textContent;
  return ["\\(", "\\)", "\\[", "\\]", "$$"].filter(s => text.includes(s));
}"""


@pytest.fixture(scope="module")
def server(good_site):
    with serve(good_site.path) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        profile = tmp_path_factory.mktemp("chromium-profile")
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


def _visit(browser, url):
    """Open ``url``; return the page, every requested URL, failed requests and JavaScript errors."""
    page = browser.new_page()
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url}: HTTP {r.status}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load", timeout=_TIMEOUT_MS)
    # MathJax typesets asynchronously after load; wait until every formula is typeset, then until
    # every image has finished (loaded or failed). Playwright's "networkidle" is not used: it waits
    # for 500 ms without any connection, which a slow shared CI machine may never give a long page.
    page.wait_for_function(MATH_TYPESET, timeout=_TIMEOUT_MS)
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=_TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page, requests, failures, errors


@pytest.mark.parametrize("nav_page", nav_pages())
def test_page_renders_offline(browser, server, nav_page):
    url = server + page_url(nav_page)
    page, requests, failures, errors = _visit(browser, url)
    try:
        foreign = [r for r in requests if not r.startswith("data:")
                   and urlsplit(r).hostname != "127.0.0.1"]
        assert not foreign, f"requests to other hosts: {foreign}"
        assert not failures, failures
        assert not errors, errors
        n_math = page.locator(".arithmatex").count()
        if n_math:
            assert page.locator("mjx-container").count() >= n_math, "some math was not typeset"
        # A second typeset renders the screen-reader MathML again, inside it (mathjax-config.js).
        assert page.locator("mjx-assistive-mml mjx-container").count() == 0, \
            "MathJax typeset the page twice: typeset once, from Material's document$"
        assert page.evaluate(_RAW_TEX) == [], "raw TeX left in the page"
        broken = page.evaluate(
            "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.alt || i.src.slice(0, 80))")
        assert not broken, f"images that did not load: {broken}"
        ARTIFACTS.mkdir(exist_ok=True)
        name = page_url(nav_page).strip("/").replace("/", "_") or "home"
        page.screenshot(path=str(ARTIFACTS / f"book-{name}.png"), full_page=False)
    finally:
        page.close()


def test_search_returns_results(browser, server):
    page, _, failures, errors = _visit(browser, server)
    try:
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("likelihood", delay=20)  # Material listens to key events
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15_000)
        assert results.count() > 0
        assert not failures and not errors, (failures, errors)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "book-search.png"))
    finally:
        page.close()
