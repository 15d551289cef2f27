"""One ``mkdocs build`` makes both editions: English at the root, Korean under /ko/."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from book_support import CHAPTERS, example_files, nav_pages, page_url


@pytest.mark.parametrize("page", nav_pages())
def test_every_page_has_its_korean_edition_page(good_site, page):
    html = (good_site.path / "ko" / page_url(page) / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ko"', html)
    assert 'hreflang="en"' in html and 'hreflang="ko"' in html, "no language menu"
    source = CHAPTERS / page.replace(".md", ".ko.md")
    if source.exists():
        assert "estlab-untranslated" not in html
    else:  # shown from the English text, and says so
        assert "아직 번역되지 않은 페이지" in html and '<div lang="en">' in html


def test_the_sagemaker_examples_ran_once_for_both_editions(good_site):
    # sagemaker_runs.py reports its runs when the outermost build ends: once, not per edition.
    assert good_site.log.count("SageMaker examples run on the local API:") == 1, good_site.log[-3000:]
    assert re.search(r"ko edition built in \d+ s", good_site.log), good_site.log[-3000:]


def test_korean_notebooks_and_zip(good_site):
    notebooks = good_site.path / "notebooks"
    chapters = sorted({p.parent.parent.name for p in example_files()})
    for chapter in chapters:
        en = json.loads((notebooks / f"{chapter}.ipynb").read_text(encoding="utf-8"))
        ko = json.loads((notebooks / f"{chapter}.ko.ipynb").read_text(encoding="utf-8"))
        code = [c["source"] for c in en["cells"] if c["cell_type"] == "code"]
        assert code == [c["source"] for c in ko["cells"] if c["cell_type"] == "code"], chapter
    with zipfile.ZipFile(notebooks / "estlab-notebooks.ko.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            f"estlab-notebooks.ko/{c}.ko.ipynb" for c in chapters)


def test_a_sitemap_beside_every_page_for_material_s_alternate_links(good_site):
    # Material fetches sitemap.xml beside each <link rel="alternate"> of a page (i18n.py)
    for folder in ("ko", "ko/07-training", "07-training", "api/optim"):
        assert (good_site.path / folder / "sitemap.xml").read_text(encoding="utf-8") \
            .startswith("<?xml"), folder
