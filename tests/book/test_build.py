"""The book builds strictly, offline, with every example executed, and ships its notebooks."""

from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from urllib.parse import urlsplit

import pytest

from book_support import CHAPTERS, ROOT, example_files, nav_pages, page_url

# Chapters written in full by the book's own author; 6-10 are extended by the workflow's author.
TEXTBOOK_CHAPTERS = ["01-estimators", "02-mle", "03-gradient-descent", "04-regression",
                     "05-sagemaker-components", "11-trade-offs"]


def _load_hook():
    spec = importlib.util.spec_from_file_location("book_notebooks_hook",
                                                  CHAPTERS / "_hooks" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _html(site, page):
    return (site.path / page_url(page) / "index.html").read_text(encoding="utf-8")


def test_build_is_strict_clean_and_reports_its_time(built_site):
    assert built_site.returncode == 0, built_site.log[-4000:]
    # --strict turns warnings into a failure; this catches anything logged below that level too.
    assert "WARNING" not in built_site.log, built_site.log
    print(f"mkdocs build --strict took {built_site.seconds:.1f} s")


@pytest.mark.parametrize("page", nav_pages())
def test_every_nav_page_is_built(good_site, page):
    html = _html(good_site, page)
    assert "<article" in html
    if not page.startswith("api/"):  # docstring examples may show an expected traceback
        # An exception inside an executed example must never reach a chapter.
        assert "Traceback (most recent call last)" not in html


@pytest.mark.parametrize("chapter", TEXTBOOK_CHAPTERS)
def test_textbook_chapters_have_every_part(good_site, chapter):
    html = _html(good_site, f"{chapter}/index.md")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Learning objectives" in text
    assert "Summary" in text
    assert re.search(r'<figure class="estlab-figure[ "]', html), \
        "every chapter shows at least one figure"
    assert 'class="arithmatex"' in html, "the chapter's math goes through arithmatex"
    assert f"../notebooks/{chapter}.ipynb" in html, "the chapter links its notebook"


def test_pages_reference_no_other_host(good_site):
    # Scripts, stylesheets, images and fonts must all come from the site itself (the canonical
    # link names site_url, 127.0.0.1, and is never fetched anyway).
    pattern = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="((?:https?:)?//[^"]*)"',
                         re.I)
    offenders = []
    for path in good_site.path.rglob("*.html"):
        for url in pattern.findall(path.read_text(encoding="utf-8")):
            if urlsplit(url).hostname != "127.0.0.1":
                offenders.append(f"{path.relative_to(good_site.path)}: {url}")
    assert not offenders, "\n".join(offenders)
    css = "".join(p.read_text(encoding="utf-8") for p in good_site.path.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_mathjax_is_vendored_with_its_licence(good_site):
    mathjax = good_site.path / "assets" / "mathjax"
    assert (mathjax / "tex-mml-chtml.js").stat().st_size > 500_000
    assert "Apache License" in (mathjax / "LICENSE").read_text(encoding="utf-8")
    assert any((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))


def test_a_notebook_per_chapter_and_one_zip(good_site):
    chapters = sorted({p.parent.parent.name for p in example_files()})
    assert chapters, "the book has runnable examples"
    notebooks = good_site.path / "notebooks"
    for chapter in chapters:
        nb = json.loads((notebooks / f"{chapter}.ipynb").read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4
        code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert "--8<--" not in code, f"{chapter}: snippet markers must be stripped"
        assert "sagemaker_" not in "".join("".join(c["source"]) for c in nb["cells"])
    with zipfile.ZipFile(notebooks / "estlab-notebooks.zip") as archive:
        names = sorted(archive.namelist())
    assert names == sorted(f"estlab-notebooks/{c}.ipynb" for c in chapters)


def test_notebook_hook_strips_markers_and_is_deterministic():
    hook = _load_hook()
    source = "# %%\n# --8<-- [start:fit]\nx = 1\n    # --8<-- [end:fit]\nprint(x)  # --8<-- is text here\n"
    assert hook.strip_markers(source) == "# %%\nx = 1\nprint(x)  # --8<-- is text here\n"
    chapters = hook.example_files(CHAPTERS)
    chapter, files = next(iter(chapters.items()))
    first = hook.chapter_notebook(CHAPTERS, chapter, files)
    assert first == hook.chapter_notebook(CHAPTERS, chapter, files)
    assert hook._zip({"a.ipynb": first}) == hook._zip({"a.ipynb": first})


def test_every_example_is_included_by_its_chapter():
    # An example nobody includes is dead code that the reader never sees. The SageMaker examples of
    # chapters 6-10 are included by those chapters' author; the ones of this book's chapters here.
    sagemaker = [p for chapter in TEXTBOOK_CHAPTERS
                 for p in (CHAPTERS / chapter / "examples").glob("sagemaker_*.py")]
    for path in example_files() + sorted(sagemaker):
        page = (path.parent.parent / "index.md").read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        assert f'--8<-- "{rel}' in page, f"{rel} is not included in its chapter"
