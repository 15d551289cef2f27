# Included (hidden) at the top of every chapter's executed session by pymdownx.snippets; not an
# example. `show(fig, alt)` prints a matplotlib figure as inline SVG images, so the page needs no
# image file and no network. The salt and the empty date make the SVGs byte-identical from build
# to build.
#
# Labels are drawn at 12 pt at least. The SVG's unit is the point and the browser shows it at 4/3
# px per pt, so a 12 pt label is 16 px on screen, the body text's size, as long as the figure is
# shown at its natural size, never shrunk to fit the column. A figure of 6 to 9 inches fits the
# 868 px column of a 1,400 px window, not the 358 px column of a 390 px phone, so show() prints
# two drawings of each plot in a <picture>: the example's own, chosen only where the window is
# wide enough for the column to hold it at natural size, and a narrow one (3.4 in, 326 px), with
# the panels reflowed into one column (or fewer columns, for bare image panels), chosen
# everywhere else. The reflow wraps long titles, axis labels, legend entries and annotations,
# moves a legend wider than its panel below the panels, and makes a row taller where a legend,
# a wrapped title or annotations that would overlap leave its plot too little height. Panels
# move, so a caption names them by the letters of their titles, "(a) ... (b) ...", never by
# place (tests/book/test_figure_captions.py). A diagram (axes switched off, boxes placed in
# inches) cannot be reflowed: its example draws it for a phone too, by the same code at a
# smaller width, and passes both, `show(fig, alt, narrow=fig_narrow)` (chapters 5 and 9; a
# narrow drawing wider than 3.4 in fails the page), or draws it narrow enough for both (the
# chains of boxes of chapter 8). A wide diagram with neither would be shown at natural size in
# a box that scrolls sideways on a phone (class estlab-figure--wide; the book has none).
# tests/book/test_layout.py measures the drawn label size in the browser at 390 and 1,400 px.
#
# On the Korean pages (ESTLAB_BOOK_LANG=ko, set per page by chapters/_hooks/i18n.py) every text of
# the figure (titles, axes, legends, annotations, tick labels with words) and the caption go
# through one en->ko catalogue, chapters/_hooks/book_text.ko.json (i18n.translate), drawn with a
# Hangul font (Debian's fonts-nanum, installed by `make book`): the example code the reader sees
# is unchanged. A text missing from the catalogue fails the page, naming the text and what to add.
# When the book builds both editions, the Korean pages replay the English pages' run (replay.py):
# show() then draws each figure twice on the English page, as it is and (a copy) in Korean, and
# the Korean page shows the Korean drawing.
import base64 as _base64
import contextlib as _contextlib
import io as _io
import logging as _logging
import math as _math
import os as _os
import re as _re
import sys as _sys
import warnings as _warnings

import matplotlib as _mpl

_mpl.use("Agg")
import matplotlib.pyplot as _plt  # noqa: E402
from matplotlib.gridspec import GridSpec as _GridSpec  # noqa: E402
from matplotlib.text import Text as _Text  # noqa: E402

_plt.rcParams["svg.hashsalt"] = "estlab-book"
_plt.rcParams["svg.fonttype"] = "path"
_MIN_FONT_PT = 12
_plt.rcParams.update({key: _MIN_FONT_PT for key in (
    "font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
    "legend.fontsize", "legend.title_fontsize", "figure.titlesize")})
# The narrow drawing's width: it fits a 360 px phone's 328 px column at natural size.
_NARROW_IN = 3.4
# Material's content column is the window less 32 px below 960 px, less 274 px up to 1,220 px
# and less 532 px above (both sidebars; measured in Chromium). A window at least this much wider
# than a drawing always has a column that holds it at natural size.
_SIDEBARS_PX = 532
_PANEL_MIN_IN = {"plot": 3.0, "bare": 0.8}  # narrowest panel: one with axes and ticks, an image


def _raise_small_text(fig):
    """Raise every text an example set below ``_MIN_FONT_PT`` to it; re-lay out if one changed."""
    small = [t for t in fig.findobj(_Text)
             if t.get_text().strip() and t.get_fontsize() < _MIN_FONT_PT]
    for text in small:
        text.set_fontsize(_MIN_FONT_PT)
    if small and fig.axes and all(ax.axison for ax in fig.axes):
        fig.tight_layout()


_HANGUL_FONT = "NanumGothic"
_HANGUL_MONOSPACE = "NanumGothicCoding"  # also in fonts-nanum: the diagrams' monospace lines
_i18n = _sys.modules.get("chapters/_hooks/i18n.py")  # the book's hook: the page's language


def _book_language():
    return _os.environ.get("ESTLAB_BOOK_LANG", "en")


def _use_fonts():
    """Korean pages: NanumGothic first (Hangul and Latin), DejaVu Sans for what it lacks (−).

    matplotlib falls back glyph by glyph only along ``font.family``, and a text holding
    ``$math$`` is drawn by mathtext, whose plain words take the first family: so NanumGothic
    leads the list on a Korean page. Texts drawn in ``family="monospace"`` (the diagrams'
    resource names and code lines) take NanumGothicCoding, a monospace font with Hangul, with
    DejaVu Sans Mono behind it. English pages keep matplotlib's defaults.
    """
    from matplotlib import font_manager

    family = list(_mpl.rcParamsDefault["font.family"])
    if _book_language() != "en":
        if _HANGUL_MONOSPACE not in {f.name for f in font_manager.fontManager.ttflist}:
            # matplotlib's font cache may predate the font's installation: add it by its file
            for path in font_manager.findSystemFonts():
                if _os.path.basename(path).startswith(_HANGUL_FONT):
                    font_manager.fontManager.addfont(path)
        if _HANGUL_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
            raise RuntimeError(f"no Hangul font {_HANGUL_FONT!r} for the Korean figures: install "
                               "Debian's fonts-nanum (`make book` does)")
        family = [_HANGUL_FONT, "DejaVu Sans"]
        _plt.rcParams["font.monospace"] = [_HANGUL_MONOSPACE, "DejaVu Sans Mono"]
    else:
        _plt.rcParams["font.monospace"] = _mpl.rcParamsDefault["font.monospace"]
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
    # The texts made before (in a figure drawn first in English) name the generic families,
    # which resolve to one font each: give them the page's lists, which fall back glyph by glyph.
    generic = {"sans-serif": list(_plt.rcParams["font.family"]),
               "monospace": list(_plt.rcParams["font.monospace"])}
    for text in fig.findobj(_Text):
        family = text.get_fontfamily()
        if len(family) == 1 and family[0] in generic:
            text.set_fontfamily(generic[family[0]])
        if text.get_text().strip():
            text.set_text(_i18n.translate(text.get_text()))


class _MissingGlyphs(_logging.Handler):
    """Collects mathtext's "Font ... does not have a glyph" records while a figure is drawn."""

    def __init__(self):
        super().__init__(_logging.WARNING)
        self.messages = []

    def emit(self, record):
        if "glyph" in record.getMessage():
            self.messages.append(record.getMessage())


def _svg(fig):
    """The figure as SVG text (tight bounding box) and its width in CSS px."""
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue().decode("utf-8")
    width_pt = float(_re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    return svg, width_pt * 4 / 3


def _glyph_watch():
    """The handler that collects mathtext's missing-glyph records, attached once per process.

    matplotlib only warns for a glyph its fonts lack, once per text, at the text's first layout
    or draw, which may come before show() (an example's own ``tight_layout``): plain text through
    ``warnings`` (an error from here on), mathtext through its logger (collected here).
    """
    logger = _logging.getLogger("matplotlib.mathtext")
    if getattr(logger, "_estlab_glyphs", None) is None:
        logger._estlab_glyphs = _MissingGlyphs()
        logger.addHandler(logger._estlab_glyphs)
    _warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from font")
    return logger._estlab_glyphs


_glyph_watch()


@_contextlib.contextmanager
def _every_glyph_drawn(alt):
    """Fail where a glyph the fonts lack would be drawn as an empty box (tofu) or a dummy symbol.

    What was said before show() is dropped (an example's own ``tight_layout`` lays out tick
    labels that show() then draws in other fonts), and mathtext's cache of parsed texts is
    emptied, so that every text show() draws is parsed again, in its final fonts, and a glyph
    missing there is said here.
    """
    from matplotlib.mathtext import MathTextParser

    watch = _logging.getLogger("matplotlib.mathtext")._estlab_glyphs  # see _glyph_watch
    watch.messages.clear()
    MathTextParser._parse_cached.cache_clear()
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        yield
    missing = set(watch.messages)
    for w in caught:
        if "missing from font" in str(w.message):
            missing.add(str(w.message))
        else:  # other warnings are said as usual
            _warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    missing = sorted(missing)
    watch.messages.clear()
    if missing:
        raise RuntimeError(f"the figure {alt[:60]!r}: its fonts lack {len(missing)} glyph(s), "
                           "which would be drawn as empty boxes: " + "; ".join(missing[:6])
                           + ". Draw the text in a font that has them (figure.py's _use_fonts "
                           "sets the fonts).")


def _uri(svg):
    return "data:image/svg+xml;base64," + _base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _is_bare(ax):
    """An image panel with no ticks and no axis labels (a digit, a matrix): it can be small."""
    return (bool(ax.images) and not ax.get_xticks().size and not ax.get_yticks().size
            and not ax.get_xlabel() and not ax.get_ylabel())


def _narrow(fig):
    """Redraw ``fig`` for a phone: panels reflowed, texts wrapped, 3.4 in wide. False if it
    is a diagram (an axes without a grid position, or switched off without an image)."""
    axes = fig.axes
    if not axes or any(ax.get_subplotspec() is None or not (ax.axison or ax.images)
                       for ax in axes):
        return False
    spec = axes[0].get_subplotspec().get_gridspec()
    if any(ax.get_subplotspec().get_gridspec() is not spec for ax in axes):
        return False
    nrows, ncols = spec.get_geometry()
    kind = "bare" if all(_is_bare(ax) for ax in axes) else "plot"
    cols = max(1, min(ncols, int(_NARROW_IN // _PANEL_MIN_IN[kind])))
    # Panels in reading order (row by row), placed again row by row in `cols` columns.
    order = sorted(axes, key=lambda ax: (ax.get_subplotspec().rowspan.start,
                                         ax.get_subplotspec().colspan.start))
    rows = _math.ceil(len(order) / cols)
    width, height = fig.get_size_inches()
    panel_height = height / nrows * (_NARROW_IN / cols) / (width / ncols)
    panel_height = min(max(panel_height, 0.9 * _NARROW_IN / cols), 1.2 * _NARROW_IN / cols)
    renderer = fig.canvas.get_renderer()
    overlaps = sum(_overlaps(ax, renderer) for ax in axes)   # in the example's own drawing
    grid = _GridSpec(rows, cols, figure=fig)
    for i, ax in enumerate(order):
        ax.set_subplotspec(grid[i // cols, i % cols])
        shares_y = len(ax.get_shared_y_axes().get_siblings(ax)) > 1
        shares_x = len(ax.get_shared_x_axes().get_siblings(ax)) > 1
        if ax.axison and (shares_y or shares_x):   # labels hidden by sharex/sharey come back
            ax.tick_params(labelleft=shares_y or None, labelbottom=shares_x or None)
    panel_pt = (_NARROW_IN / cols - 0.7) * 72   # a panel's width less its y tick labels
    for ax in axes:
        for text in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label):
            _wrap(text, panel_pt, renderer)
    if fig._suptitle is not None:
        _wrap(fig._suptitle, (_NARROW_IN - 0.2) * 72, renderer)
    for ax in axes:                        # a row of entries is wider than a phone
        if ax.get_legend() is not None and ax.get_legend()._ncols > 1:
            _one_column(ax, ax.get_legend())
    for legend in list(fig.legends):
        _one_column(fig, legend, loc="lower center")
    height = rows * panel_height + (0.4 if fig._suptitle else 0)
    fig.set_size_inches(_NARROW_IN, height)
    for ax in axes:        # a legend below its panel, or wider than it, goes below the panels
        legend = ax.get_legend()
        if legend is not None:
            for text in legend.texts:
                _wrap(text, panel_pt - 0.4 * 72, renderer)
            anchor = legend._bbox_to_anchor
            below = anchor is not None and anchor.y1 < ax.bbox.y0
            if below or (legend.get_window_extent(renderer).width
                         > ax.get_window_extent(renderer).width):
                _one_column(fig, legend, loc="lower center")
    for legend in fig.legends:
        for text in legend.texts:
            _wrap(text, (_NARROW_IN - 0.8) * 72, renderer)
    annotations = {text: text.get_text() for ax in axes for text in ax.texts}
    # A panel keeps at least 40% of its height for its plot: a tall legend or a wrapped title
    # below or above it make its row taller. So do annotations that overlap once wrapped.
    for _ in range(6):
        fig.set_size_inches(_NARROW_IN, height)
        # The figure's own legends go in a strip below the panels (tight_layout does not see
        # them).
        strip = sum(legend.get_window_extent(renderer).height for legend in fig.legends) / fig.dpi
        fig.set_size_inches(_NARROW_IN, height + strip)
        fig._estlab_rect = (0, strip / (height + strip), 1, 1)
        for text in annotations:          # the panels laid out without their annotations,
            text.set_in_layout(False)
        _tight(fig)
        for text, original in annotations.items():   # which then wrap in the room they have
            text.set_text(original)
            text.set_in_layout(True)
            _wrap(text, _room_pt(text.axes, text, renderer), renderer)
        fits = _tight(fig)
        short = max((0.4 * panel_height - ax.get_position().height * (height + strip)
                     for ax in axes if kind == "plot" and ax.get_aspect() == "auto"), default=0.0)
        crowded = sum(_overlaps(ax, renderer) for ax in axes) > overlaps
        if fits and _tilt_crowded_ticks(axes, renderer):
            continue                       # laid out again with the tick labels tilted
        if fits and short <= 0.01 and not crowded:
            return True
        if not fits:
            height *= 1.3
        else:
            height += max(short * rows, (0.2 if crowded else 0.1) * height)
    return False


def _tilt_crowded_ticks(axes, renderer):
    """Tilt the x tick labels of a panel where they run into each other (words, such as
    category names, on a narrow panel); True if one was tilted."""
    tilted = False
    for ax in axes:
        labels = [t for t in ax.get_xticklabels() if t.get_text().strip() and t.get_visible()]
        boxes = [t.get_window_extent(renderer) for t in labels]
        if any(a.x1 > b.x0 for a, b in zip(boxes, boxes[1:])) and labels[0].get_rotation() == 0:
            ax.tick_params(axis="x", labelrotation=30)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
            tilted = True
    return tilted


def _overlaps(ax, renderer):
    """How many of ``ax``'s annotations overlap another, a bar (or other patch) or the title."""
    texts = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    others = [p.get_window_extent(renderer) for p in ax.patches]
    if ax.get_title():
        others.append(ax.title.get_window_extent(renderer))
    return (sum(a.overlaps(b) for i, a in enumerate(texts) for b in texts[i + 1:])
            + sum(a.overlaps(b) for a in texts for b in others))


def _room_pt(ax, text, renderer):
    """The room (pt) for an annotation between its anchor and the axes' edge (at least 1 in)."""
    anchor = text.get_transform().transform(text.get_position())[0]
    box = ax.get_window_extent(renderer)
    align = text.get_horizontalalignment()
    room = {"left": box.x1 - anchor, "right": anchor - box.x0,
            "center": 2 * min(box.x1 - anchor, anchor - box.x0)}.get(align, box.width)
    return max(0.95 * room * 72 / ax.figure.dpi, 72.0)


def _tight(fig):
    """tight_layout within the figure's rectangle; False if the panels cannot fit (it warns)."""
    with _warnings.catch_warnings():
        _warnings.simplefilter("error", UserWarning)
        try:
            fig.tight_layout(rect=fig._estlab_rect)
        except UserWarning:
            return False
    return True


def _words(text):
    """The words of ``text``, each with the glue before it: split at spaces, but never inside
    $math$ or a call's parentheses, ``fit(X, y)``; code may also break before a method call,
    ``).fit``."""
    words, word, math, depth = [], "", False, 0
    for i, char in enumerate(text):
        if char == " " and not math and not depth:
            words.append(word)
            word = ""
            continue
        if char == "." and text[i - 1:i] == ")" and not math and not depth:
            words.append(word)
            word = "\0"                    # glued to the word before it on one line
        math ^= char == "$"
        if not math and (depth or char == "(" and word):   # a call: "(" right after a name
            depth += (char == "(") - (char == ")")
        word += char
    return [*words, word]


def _fill(words, chars):
    """Greedy lines of at most ``chars`` characters (a word longer than that stands alone)."""
    lines = [words[0]]
    for word in words[1:]:
        glue, word = ("", word[1:]) if word.startswith("\0") else (" ", word)
        if len(lines[-1]) + len(glue) + len(word) <= chars:
            lines[-1] += glue + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _wrap(text, room_pt, renderer):
    """Break ``text`` at spaces (not inside $math$) until it is at most ``room_pt`` wide."""
    words = _words(text.get_text())
    for chars in range(len(text.get_text()), 8, -2):
        width_pt = text.get_window_extent(renderer).width * 72 / text.figure.dpi
        if len(words) < 2 or width_pt <= room_pt:
            return
        text.set_text(_fill(words, chars))


def _one_column(parent, legend, loc=None):
    """Draw ``legend`` again with its entries in one column (a legend's layout is fixed when
    it is made), where it was, with the same title and frame."""
    handles, labels = legend.legend_handles, [t.get_text() for t in legend.texts]
    kwargs = {"ncols": 1, "frameon": legend.get_frame_on(),
              "title": legend.get_title().get_text() or None, "loc": loc or legend._loc}
    anchor = legend._bbox_to_anchor   # as the example gave it (axes fractions), with its
    if loc is None and anchor is not None:   # transform: it follows the axes when they move
        kwargs["bbox_to_anchor"], kwargs["bbox_transform"] = anchor._bbox, anchor._transform
    if any(legend is other for other in getattr(parent, "legends", ())):
        parent.legends.remove(legend)  # a figure's (in a copy, its remove() is the original's)
    else:
        legend.remove()
    parent.legend(handles, labels, **kwargs)


def show(fig, alt, narrow=None):
    """Print ``fig`` as a <figure> with SVG data URIs (markdown-exec with html="on" inserts it).

    ``narrow`` is the example's own drawing for a phone, at most 3.4 in wide, for a figure that
    cannot be reflowed (a diagram drawn again by the same code at a smaller width).

    While the English pages are recorded for the Korean edition (``replay.py``: the Korean
    pages show the English pages' run), a copy of the figure is also drawn in Korean, and the
    Korean page shows that drawing in place of this one.
    """
    replay = _sys.modules.get("chapters/_hooks/replay.py")
    korean = replay is not None and replay.recording() and _book_language() == "en"
    twins = [_copy(f, alt) if f is not None else None for f in (fig, narrow)] if korean else None
    with _every_glyph_drawn(alt):
        html = _show(fig, alt, narrow)
    print(html)
    if korean:
        with _korean(), _every_glyph_drawn(alt):
            replay.variant(html, _show(twins[0], alt, twins[1]))


def _copy(fig, alt):
    """An independent copy of ``fig`` (show() reflows and translates the figure it draws).

    ``copy.deepcopy`` goes through the figure's pickling state (a new canvas) and, unlike a
    pickle, keeps an example's lambdas (a tick formatter) as they are.
    """
    import copy

    try:
        return copy.deepcopy(fig)
    except Exception as error:  # noqa: BLE001 (what cannot be copied varies)
        raise RuntimeError(f"the figure {alt[:60]!r} cannot be copied for its Korean drawing "
                           f"({type(error).__name__}: {error})") from error


@_contextlib.contextmanager
def _korean():
    """The Korean page's language and fonts, for the figure drawn inside the block."""
    saved = _os.environ.get("ESTLAB_BOOK_LANG")
    _os.environ["ESTLAB_BOOK_LANG"] = "ko"
    try:
        with _plt.rc_context():
            _use_fonts()  # for the texts made while it is drawn (ticks, reflowed legends)
            yield
    finally:
        _os.environ["ESTLAB_BOOK_LANG"] = saved or "en"


def _show(fig, alt, narrow_fig=None):
    """The <figure> element for ``fig`` (and its own phone drawing), in the page's language."""
    figures = [fig] if narrow_fig is None else [fig, narrow_fig]
    if _book_language() != "en":
        for each in figures:
            _translate_figure(each)
        alt = _i18n.translate(alt)
    for each in figures:
        _raise_small_text(each)
    wide, wide_px = _svg(fig)
    narrow = None
    if narrow_fig is not None:
        narrow, narrow_px = _svg(narrow_fig)
        _plt.close(narrow_fig)
        if narrow_px > _NARROW_IN * 96 + 1:
            _plt.close(fig)
            raise ValueError(f"the narrow drawing of the figure {alt[:60]!r} is {narrow_px:.0f} px "
                             f"wide, wider than a phone's {_NARROW_IN * 96:.0f} px: draw it at "
                             f"most {_NARROW_IN} in wide, with its labels inside")
    elif wide_px > _NARROW_IN * 96 + 1 and _narrow(fig):
        narrow, narrow_px = _svg(fig)
        # The tight bounding box crops the margins, and a legend or a long label can reach past
        # them: adjust the width until the drawing is within a few px of the target.
        # The width can oscillate around the target (a tick more or less as the axes widen,
        # and the last tick label reaches past the axes), so the widest drawing that fits is kept.
        target = _NARROW_IN * 96
        fits = (narrow, narrow_px) if narrow_px <= target + 1 else None
        for _ in range(4):
            if target - 6 <= narrow_px <= target + 1:
                break
            width, height = fig.get_size_inches()
            new_width = max(width + (target - narrow_px - 2) / 96, 1.0)
            if all(ax.get_aspect() != "auto" for ax in fig.axes):   # images keep their shape:
                height *= new_width / width                       # the drawing scales whole
            fig.set_size_inches(new_width, height)
            if not _tight(fig):
                break
            narrow, narrow_px = _svg(fig)
            if narrow_px <= target + 1 and (fits is None or narrow_px > fits[1]):
                fits = (narrow, narrow_px)
        # none fits a phone: shown wide, in a scroll box
        narrow = fits[0] if fits is not None else None
    _plt.close(fig)
    alt = alt.replace('"', "&quot;")
    if narrow is not None:
        image = (f'<picture><source media="(min-width: {_math.ceil(wide_px) + _SIDEBARS_PX}px)"'
                 f' srcset="{_uri(wide)}"><img alt="{alt}" src="{_uri(narrow)}"></picture>')
        kind = "estlab-figure"
    else:
        image = f'<img alt="{alt}" src="{_uri(wide)}">'
        scrolls = wide_px > _NARROW_IN * 96 + 1
        kind = "estlab-figure estlab-figure--wide" if scrolls else "estlab-figure"
    return f'<figure class="{kind}">{image}<figcaption>{alt}</figcaption></figure>'
