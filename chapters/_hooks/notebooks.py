"""MkDocs hook: one downloadable notebook per chapter, and one zip of all of them.

Every chapter keeps its runnable code in ``chapters/NN-topic/examples/*.py``, written in jupytext's
"percent" format (``# %%`` starts a code cell, ``# %% [markdown]`` a text cell). This hook turns the
example files of each chapter into ``notebooks/NN-topic.ipynb`` (a title cell, then each file's cells
in file-name order, with the ``# --8<-- [start:name]`` / ``[end:name]`` snippet markers removed) and
packs all of them into ``notebooks/estlab-notebooks.zip``. The files are generated in memory
(``File.generated``), so nothing is written into ``chapters/`` and strict link checking sees them:
a chapter links to ``../notebooks/01-estimators.ipynb`` like to any other page.

The SageMaker examples (``sagemaker_*.py``) need AWS or a mock of it, so they stay out of the
notebooks; the chapters show them in their "SageMaker" tabs.

The output is deterministic: the same sources give byte-identical notebooks and zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import jupytext
import nbformat
from mkdocs.structure.files import File

NOTEBOOK_DIR = "notebooks"
ZIP_NAME = "estlab-notebooks.zip"
# A fixed timestamp for the zip entries (the zip format cannot store dates before 1980).
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)
_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[\w-]+\]\s*$")


def example_files(docs_dir: Path) -> dict[str, list[Path]]:
    """Map each chapter folder name to its example files (sorted, without ``sagemaker_*.py``)."""
    chapters = {}
    for folder in sorted(p for p in docs_dir.iterdir() if p.is_dir()):
        files = sorted(f for f in (folder / "examples").glob("*.py")
                       if not f.name.startswith("sagemaker_"))
        if files:
            chapters[folder.name] = files
    return chapters


def strip_markers(source: str) -> str:
    """Remove the snippet-section marker lines (``# --8<-- [start:x]``) from an example's source."""
    return "".join(line for line in source.splitlines(keepends=True) if not _MARKER.match(line))


def _page_title(docs_dir: Path, chapter: str) -> str:
    index = docs_dir / chapter / "index.md"
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return chapter


def chapter_notebook(docs_dir: Path, chapter: str, files: list[Path]) -> str:
    """Return the JSON text of the notebook made from one chapter's example files."""
    title = _page_title(docs_dir, chapter)
    cells = [nbformat.v4.new_markdown_cell(
        f"# {title}\n\nThe runnable examples of this chapter of the estlab book, one section per "
        "example file. Run the cells from the top; each section starts with its own imports.")]
    for path in files:
        cells.append(nbformat.v4.new_markdown_cell(f"## `examples/{path.name}`"))
        nb = jupytext.reads(strip_markers(path.read_text(encoding="utf-8")), fmt="py:percent")
        cells.extend(cell for cell in nb.cells if cell.source.strip())
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    # Stable cell ids, so that a rebuild gives byte-identical notebooks.
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"{chapter}-{i:03d}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def _zip(notebooks: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(notebooks):
            info = zipfile.ZipInfo(f"estlab-notebooks/{name}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, notebooks[name])
    return buffer.getvalue()


def on_files(files, config):
    """Add ``notebooks/<chapter>.ipynb`` for every chapter with examples, and the zip of all."""
    docs_dir = Path(config["docs_dir"])
    notebooks = {}
    for chapter, paths in example_files(docs_dir).items():
        name = f"{chapter}.ipynb"
        notebooks[name] = chapter_notebook(docs_dir, chapter, paths)
        files.append(File.generated(config, f"{NOTEBOOK_DIR}/{name}", content=notebooks[name]))
    files.append(File.generated(config, f"{NOTEBOOK_DIR}/{ZIP_NAME}", content=_zip(notebooks)))
    return files
