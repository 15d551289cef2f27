"""The API reference renders estlab's Sphinx-style docstrings: math as math, references as links.

The docstrings keep their Sphinx form (``:math:``, ``.. math::``, ``:class:`~estlab.X```, ````x````,
``Text::`` blocks); chapters/_hooks/sphinx_markdown.py rewrites them when griffe loads the package.
The unit tests below check the rewrite on small strings and a tiny package; the site tests check the
built book (the session's one build) page by page, and the search index.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import textwrap

import griffe
import pytest

from book_support import CHAPTERS, ROOT

API_PAGES = ["api", "api/distributions", "api/properties", "api/inference",
             "api/likelihoods", "api/optim",
             "api/linear_model", "api/workflow", "api/datasets", "api/exercises"]
RAW_MARKERS = [":math:", ":class:", ":func:", ":meth:", ":mod:", ":attr:", ":exc:", ":data:",
               ".. math::", "``"]
# A reference the extension wrote, linked by autorefs / left unlinked (target on no page).
XREF_LINK = re.compile(r'<a class="autorefs autorefs-internal"[^>]*href="([^"]*)"[^>]*>'
                       r'<code class="estlab-xref">([^<]*)</code></a>')
XREF_UNLINKED = re.compile(r'<span title="([^"]*)"><code class="estlab-xref">([^<]*)</code></span>')


def _extension():
    spec = importlib.util.spec_from_file_location("book_sphinx_markdown",
                                                  CHAPTERS / "_hooks" / "sphinx_markdown.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ext = _extension()


def _raw_markers(text: str) -> list[str]:
    return [marker for marker in RAW_MARKERS if marker in text]


def _article(site, page: str) -> str:
    html = (site.path / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


# --- the rewrite itself, without a build --------------------------------------------------------


def _link_all(kind, target):
    return f"pkg.{target}"


def test_inline_roles_become_markdown():
    text = ext.convert("With :math:`\\beta_0 + x` and ``y = 1``, see :class:`~pkg.mod.Thing`"
                       " or :func:`pkg.run`.", _link_all)
    assert "$\\beta_0 + x$" in text
    assert "`y = 1`" in text and "``" not in text
    assert ('<autoref identifier="pkg.pkg.mod.Thing" optional>'
            '<code class="estlab-xref">Thing</code></autoref>') in text
    assert '<code class="estlab-xref">pkg.run</code>' in text  # no "~": the full name
    assert not _raw_markers(text)


def test_a_role_that_wraps_lines_stays_on_one_line_and_unknown_targets_are_code():
    text = ext.convert("Here :math:`a +\n    -b` and :func:`numpy.linalg.solve`, :ref:`intro`.",
                       lambda kind, target: None)
    assert "$a + -b$" in text  # a line starting "-b" would have become a Markdown list
    assert "`numpy.linalg.solve`" in text and "autoref" not in text
    assert "`intro`" in text


def test_math_directive_becomes_display_math_one_block_per_equation():
    doc = textwrap.dedent("""\
        Before

        .. math::

            a = b
                + c

            d = e \\\\ f

        After :math:`x`.
        """)
    text = ext.convert(doc, _link_all)
    assert "$$\na = b\n+ c\n$$" in text
    assert "$$\n\\begin{split}d = e \\\\ f\\end{split}\n$$" in text  # Sphinx's rule for "\\"
    assert text.rstrip().endswith("After $x$.")
    one_line = ext.convert("    .. math:: g = 0,\n              h = 1\n\n    next", _link_all)
    assert "    $$\n    g = 0,\n    h = 1\n    $$" in one_line


def test_doctests_and_literal_blocks_are_left_alone():
    doc = textwrap.dedent("""\
        Run it::

            estlab check ``2``  # :math:`x`

        >>> print("``a`` :class:`B`")
        ``a`` :class:`B`

        Then ``c``.""")
    text = ext.convert(doc, _link_all)
    assert "Run it:\n\n```\nestlab check ``2``  # :math:`x`\n```" in text
    assert '>>> print("``a`` :class:`B`")\n``a`` :class:`B`\n' in text
    assert text.endswith("Then `c`.")


def test_the_raw_marker_check_can_fail():
    # Control for the site tests below: the check finds what the unconverted docstrings show.
    assert _raw_markers(inspect.getdoc(importlib.import_module("estlab.likelihoods.bernoulli")))


def test_references_resolve_like_sphinx_and_only_public_targets_link(tmp_path):
    package = tmp_path / "toy"
    (package / "_impl").mkdir(parents=True)
    (package / "__init__.py").write_text(
        '"""Toy: :class:`Widget`, :func:`~toy.make`, :func:`helper`, :class:`numpy.ndarray`."""\n'
        "from toy._impl.widget import Widget, make\n__all__ = ['Widget', 'make']\n")
    (package / "_impl" / "__init__.py").write_text("")
    (package / "_impl" / "widget.py").write_text(textwrap.dedent('''\
        def helper():
            """Private: not re-exported."""

        def make():
            """Build a :class:`Widget`; see :meth:`Widget.spin` and :mod:`toy`."""

        class Widget:
            """A widget."""

            def spin(self):
                """Spin; compare :meth:`spin` and :func:`make`."""
        '''))
    loader = griffe.GriffeLoader(search_paths=[str(tmp_path)],
                                 extensions=griffe.load_extensions(ext.SphinxRolesToMarkdown))
    toy = loader.load("toy")
    root = toy.docstring.value
    assert 'identifier="toy._impl.widget.Widget"' in root    # through the re-export
    assert '<code class="estlab-xref">make</code>' in root  # "~": the last name
    assert "`helper`" in root and "toy._impl.widget.helper" not in root  # private: code only
    assert "`numpy.ndarray`" in root  # another library: code, no link
    make = toy["_impl.widget.make"].docstring.value
    assert 'identifier="toy._impl.widget.Widget.spin"' in make
    assert 'identifier="toy"' in make
    spin = toy["_impl.widget.Widget.spin"].docstring.value
    assert 'identifier="toy._impl.widget.Widget.spin"' in spin  # relative to the class
    assert 'identifier="toy._impl.widget.make"' in spin       # relative to the module


def _sections(package) -> dict[str, list[tuple[str, list[str]]]]:
    """Each docstring's numpy sections: their kinds, and the names of their items."""
    shapes = {}
    for obj in ext._walk(package):
        if obj.docstring is not None and obj.docstring.value:
            shapes[obj.path] = [
                (section.kind.value, [getattr(item, "name", "") for item in section.value]
                 if isinstance(section.value, list) else [])
                for section in obj.docstring.parse("numpy")]
    return shapes


def test_the_rewrite_keeps_every_docstring_section_of_estlab():
    # Display math becomes "$$" paragraphs with blank lines around them, literal blocks become
    # fences: none of it may end a Parameters list early or swallow the next section.
    src = str(ROOT / "src")
    before = _sections(griffe.load("estlab", search_paths=[src]))
    after = _sections(griffe.load("estlab", search_paths=[src],
                                  extensions=griffe.load_extensions(ext.SphinxRolesToMarkdown)))
    assert len(before) > 500
    changed = [path for path in before if before[path] != after.get(path)]
    assert not changed, changed


# --- the built book -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", API_PAGES)
def test_api_pages_show_no_sphinx_markup(good_site, page):
    article = _article(good_site, page)
    assert not _raw_markers(article), f"{page}: raw Sphinx markup {_raw_markers(article)}"
    assert "$$" not in re.sub(r'<div class="arithmatex">.*?</div>', "", article, flags=re.S)


def test_search_index_of_the_api_shows_no_sphinx_markup(good_site):
    index_file = good_site.path / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    api = [doc for doc in index["docs"] if doc["location"].startswith("api/")]
    assert len(api) > 100, "every API object is a search entry"
    offenders = [f"{doc['location']}: {_raw_markers(doc['text'])}"
                 for doc in api if _raw_markers(doc["text"])]
    assert not offenders, "\n".join(offenders)


def test_api_pages_render_math_and_link_references(good_site):
    articles = {page: _article(good_site, page) for page in API_PAGES}
    math = {page: a.count('class="arithmatex"') for page, a in articles.items()}
    links = {page: XREF_LINK.findall(a) for page, a in articles.items()}
    # Floors well below today's counts (120 formulas, 168 links, 39 to another page), so that
    # docstring edits elsewhere do not trip them; without the extension all three are 0.
    assert sum(math.values()) >= 60, math
    assert math["api/distributions"] >= 30 and math["api/likelihoods"] >= 4, math
    assert sum(len(found) for found in links.values()) >= 90, {p: len(f) for p, f in links.items()}
    other_pages = [href for found in links.values() for href, _ in found if href.startswith("../")]
    assert len(other_pages) >= 15, "references between API pages are links to the other page"
    unlinked = [f"{page}: {title} -> {target}" for page, a in articles.items()
                for target, title in XREF_UNLINKED.findall(a)]
    assert not unlinked, (
        "these docstring references name public objects that no API page shows; add them to a "
        "page in chapters/api/ (or give them a docstring), or refer to a shown object:\n"
        + "\n".join(unlinked))


def test_a_known_formula_and_a_known_reference_render(good_site):
    # Control: the first displayed equation of estlab.likelihoods.bernoulli, as in the source.
    source = inspect.getdoc(importlib.import_module("estlab.likelihoods.bernoulli"))
    formula = source.split(".. math::", 1)[1].strip().splitlines()[0].strip()
    assert formula.startswith("\\ell(\\theta)")
    likelihoods = _article(good_site, "api/likelihoods")
    blocks = re.findall(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', likelihoods, flags=re.S)
    assert any(formula in block for block in blocks), blocks[:3]
    # Inline math: the Weibull notes' start value, \( ... \) in an arithmatex span.
    distributions = _article(good_site, "api/distributions")
    assert ('<span class="arithmatex">\\(k_0 = \\pi / (\\sqrt6\\,\\mathrm{sd}(\\log x))\\)</span>'
            in distributions)
    # References: ":class:`OptimizeResult`" in estlab.optim's docstring links on its own page,
    # ":class:`~estlab.DataError`" from the distributions page to the estlab section of the index.
    assert ("#estlab.optim.OptimizeResult", "OptimizeResult") in XREF_LINK.findall(
        _article(good_site, "api/optim"))
    assert ("../#estlab.DataError", "DataError") in XREF_LINK.findall(distributions)
