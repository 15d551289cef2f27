# Included (hidden) at the top of every chapter's executed session by pymdownx.snippets; not an
# example. `show(fig, alt)` prints a matplotlib figure as an inline SVG image, so the page needs
# no image file and no network. The salt and the empty date make the SVG byte-identical from
# build to build.
#
# Labels are drawn at 12 pt at least. The SVG's unit is the point and the browser shows it at
# 4/3 px per pt, so a 12 pt label is 16 px on screen, the size of the body text, as long as the
# figure is not shrunk to fit the column (the column is 868 px at a 1,400 px window; the figures
# are 7 to 9 inches wide). tests/book/test_layout.py measures this in the browser.
#
# On the Korean pages (ESTLAB_BOOK_LANG=ko, set per page by chapters/_hooks/i18n.py) every text of
# the figure (titles, axes, legends, annotations, tick labels with words) and the caption go
# through one en->ko catalogue, chapters/_hooks/book_text.ko.json (i18n.translate), drawn with a Hangul font
# (Debian's fonts-nanum, installed by `make book`): the example code the reader sees is unchanged.
# A text missing from the catalogue fails the page, naming the text and what to add.
import base64 as _base64
import io as _io
import os as _os
import sys as _sys

import matplotlib as _mpl

_mpl.use("Agg")
import matplotlib.pyplot as _plt  # noqa: E402
from matplotlib.text import Text as _Text  # noqa: E402

_plt.rcParams["svg.hashsalt"] = "estlab-book"
_plt.rcParams["svg.fonttype"] = "path"
_MIN_FONT_PT = 12
_plt.rcParams.update({key: _MIN_FONT_PT for key in (
    "font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
    "legend.fontsize", "legend.title_fontsize", "figure.titlesize")})


def _raise_small_text(fig):
    """Raise every text an example set below ``_MIN_FONT_PT`` to it; re-lay out if one changed."""
    small = [t for t in fig.findobj(_Text)
             if t.get_text().strip() and t.get_fontsize() < _MIN_FONT_PT]
    for text in small:
        text.set_fontsize(_MIN_FONT_PT)
    if small and fig.axes and all(ax.axison for ax in fig.axes):
        fig.tight_layout()


_HANGUL_FONT = "NanumGothic"
_i18n = _sys.modules.get("chapters/_hooks/i18n.py")  # the book's hook: the page's language


def _book_language():
    return _os.environ.get("ESTLAB_BOOK_LANG", "en")


def _use_fonts():
    """Korean pages: NanumGothic first (Hangul and Latin), DejaVu Sans for what it lacks (−).

    matplotlib falls back glyph by glyph only along ``font.family``, and a text holding
    ``$math$`` is drawn by mathtext, whose plain words take the first family: so NanumGothic
    leads the list on a Korean page. English pages keep matplotlib's defaults.
    """
    from matplotlib import font_manager

    family = list(_mpl.rcParamsDefault["font.family"])
    if _book_language() != "en":
        if _HANGUL_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
            # matplotlib's font cache may predate the font's installation: add it by its file
            for path in font_manager.findSystemFonts():
                if _os.path.basename(path).startswith(_HANGUL_FONT):
                    font_manager.fontManager.addfont(path)
        if _HANGUL_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
            raise RuntimeError(f"no Hangul font {_HANGUL_FONT!r} for the Korean figures: install "
                               "Debian's fonts-nanum (`make book` does)")
        family = [_HANGUL_FONT, "DejaVu Sans"]
    _plt.rcParams["font.family"] = family


def _math_labels_in_dejavu(formatter):
    """Tick labels such as log axes' ``$\\mathdefault{10^{-2}}$`` drawn in DejaVu Sans.

    mathtext draws ``\\mathdefault`` in the first family without fallback, and NanumGothic has
    no minus sign (U+2212); ``\\mathrm`` is DejaVu Sans in matplotlib's default math fonts.
    """
    cls = type(formatter)
    if getattr(cls, "_estlab_dejavu_math", False):
        return

    def call(self, x, pos=None):
        return cls.__call__(self, x, pos).replace("\\mathdefault{", "\\mathrm{")

    def offset(self):
        return cls.get_offset(self).replace("\\mathdefault{", "\\mathrm{")

    formatter.__class__ = type(cls.__name__, (cls,), {
        "__call__": call, "get_offset": offset, "_estlab_dejavu_math": True})


_use_fonts()


def _translate_figure(fig):
    """Every text of ``fig`` in the page's language (fixed tick labels through their formatter)."""
    from matplotlib.ticker import FixedFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(formatter, FixedFormatter):
                    formatter.seq = [_i18n.translate(str(t)) for t in formatter.seq]
                _math_labels_in_dejavu(formatter)
    for text in fig.findobj(_Text):
        if text.get_text().strip():
            text.set_text(_i18n.translate(text.get_text()))


def show(fig, alt):
    """Print ``fig`` as an <img> with an SVG data URI (markdown-exec with html="on" inserts it)."""
    if _book_language() != "en":
        _translate_figure(fig)
        alt = _i18n.translate(alt)
    _raise_small_text(fig)
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _plt.close(fig)
    data = _base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = alt.replace('"', "&quot;")
    print(f'<figure class="estlab-figure"><img alt="{alt}" src="data:image/svg+xml;base64,{data}">'
          f"<figcaption>{alt}</figcaption></figure>")
