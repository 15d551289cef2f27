"""MkDocs hook: an executed block that printed nothing gets no output box.

markdown-exec shows what a block with ``result="text"`` printed as a code block below its source,
and it does so even when the block printed nothing: the page then has an empty grey box with a copy
button. Every figure of the book was preceded by one, because a chapter draws a figure in two
blocks: the example's ``figure`` section, shown with ``source="above" result="text"``, builds
``fig`` and prints nothing, and a second block calls ``show(fig, alt)`` (``figure.py``) to print the
SVG. Some setup blocks (writing a training script, defining an estimator) print nothing either.

Whether a block prints is only known once it has run, so the rule lives here and not in the
chapters: after markdown-exec and pymdownx.highlight have rendered the page, a code block with no
text at all is removed. A block that printed a blank line is not empty and stays.
"""

from __future__ import annotations

import re

# The markup pymdownx.highlight (with anchor_linenums) gives a code block whose only line is empty.
EMPTY_CODE_BLOCK = re.compile(
    r'<div class="(?:language-[\w-]+ )?highlight"><pre><span></span><code>'
    r'(?:<a id="__codelineno-[\w-]+" name="__codelineno-[\w-]+" href="#__codelineno-[\w-]+"></a>)?'
    r"\n?</code></pre></div>\n?")


def on_page_content(html, page, config, files):
    """Drop the empty output boxes of executed blocks from the rendered page."""
    return EMPTY_CODE_BLOCK.sub("", html)
