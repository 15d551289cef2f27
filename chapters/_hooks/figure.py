# Included (hidden) at the top of every chapter's executed session by pymdownx.snippets; not an example.
# `show(fig, alt)` prints a matplotlib figure as an inline SVG image, so the page needs no image file
# and no network. The salt and the empty date make the SVG byte-identical from build to build.
import base64 as _base64
import io as _io

import matplotlib as _mpl

_mpl.use("Agg")
import matplotlib.pyplot as _plt  # noqa: E402

_plt.rcParams["svg.hashsalt"] = "estlab-book"
_plt.rcParams["svg.fonttype"] = "path"


def show(fig, alt):
    """Print ``fig`` as an <img> with an SVG data URI (markdown-exec with html="on" inserts it)."""
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _plt.close(fig)
    data = _base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = alt.replace('"', "&quot;")
    print(f'<figure class="estlab-figure"><img alt="{alt}" src="data:image/svg+xml;base64,{data}">'
          f"<figcaption>{alt}</figcaption></figure>")
