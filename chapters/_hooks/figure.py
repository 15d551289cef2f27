# Included (hidden) at the top of every chapter's executed session by pymdownx.snippets; not an
# example. `show(fig, alt)` prints a matplotlib figure as an inline SVG image, so the page needs
# no image file and no network. The salt and the empty date make the SVG byte-identical from
# build to build.
#
# Labels are drawn at 12 pt at least. The SVG's unit is the point and the browser shows it at
# 4/3 px per pt, so a 12 pt label is 16 px on screen, the size of the body text, as long as the
# figure is not shrunk to fit the column (the column is 868 px at a 1,400 px window; the figures
# are 7 to 9 inches wide). tests/book/test_layout.py measures this in the browser.
import base64 as _base64
import io as _io

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


def show(fig, alt):
    """Print ``fig`` as an <img> with an SVG data URI (markdown-exec with html="on" inserts it)."""
    _raise_small_text(fig)
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _plt.close(fig)
    data = _base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = alt.replace('"', "&quot;")
    print(f'<figure class="estlab-figure"><img alt="{alt}" src="data:image/svg+xml;base64,{data}">'
          f"<figcaption>{alt}</figcaption></figure>")
