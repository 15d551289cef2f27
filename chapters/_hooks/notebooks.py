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

The Korean edition (``/ko/``, built by mkdocs-static-i18n as a second build) also gets
``notebooks/NN-topic.ko.ipynb`` and ``notebooks/estlab-notebooks.ko.zip``: the same code cells (the
code is shared by both editions, comments included), with the title taken from the chapter's
``index.ko.md`` and the notebook's own text in Korean. The Korean pages link
``../notebooks/NN-topic.ko.ipynb``.

The output is deterministic: the same sources give byte-identical notebooks and zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import jupytext
import nbformat
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

NOTEBOOK_DIR = "notebooks"
ZIP_NAME = "estlab-notebooks.zip"
# The notebook's own text, per language (the code cells are the examples', in English).
INTRO = {
    "en": ("The runnable examples of this chapter of the estlab book, one section per example "
           "file. Run the cells from the top; each section starts with its own imports."),
    "ko": ("estlab 책의 이 장에 나오는 실행 가능한 예제입니다. 예제 파일 하나가 한 절입니다. "
           "셀을 위에서부터 차례로 실행하세요. 각 절은 필요한 import로 시작합니다. "
           "코드와 주석은 영어판과 같습니다."),
}
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


def _page_title(docs_dir: Path, chapter: str, language: str = "en") -> str:
    index = docs_dir / chapter / ("index.md" if language == "en" else f"index.{language}.md")
    if not index.exists():  # not translated yet: the English title
        index = docs_dir / chapter / "index.md"
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return chapter


def chapter_notebook(docs_dir: Path, chapter: str, files: list[Path], language: str = "en") -> str:
    """Return the JSON text of the notebook made from one chapter's example files."""
    title = _page_title(docs_dir, chapter, language)
    cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\n{INTRO[language]}")]
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


def _zip(notebooks: dict[str, str], folder: str = "estlab-notebooks") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(notebooks):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, notebooks[name])
    return buffer.getvalue()


# After mkdocs-static-i18n's on_files (priority -100), which sorts the files of docs_dir into
# editions and cannot take generated files: the notebooks are added to the edition's file list.
@event_priority(-110)
def on_files(files, config):
    """Add ``notebooks/<chapter>.ipynb`` for every chapter with examples, and the zip of all.

    In a non-English edition's build (``theme.language``, set per build by the i18n plugin) also
    ``notebooks/<chapter>.<lang>.ipynb`` and ``notebooks/estlab-notebooks.<lang>.zip``; the English
    ones stay in its file list for the pages still shown untranslated.
    """
    docs_dir = Path(config["docs_dir"])
    language = config.theme.get("language") or "en"
    for lang in ["en"] + ([language] if language != "en" else []):
        suffix = "" if lang == "en" else f".{lang}"
        notebooks = {}
        for chapter, paths in example_files(docs_dir).items():
            name = f"{chapter}{suffix}.ipynb"
            notebooks[name] = chapter_notebook(docs_dir, chapter, paths, lang)
            files.append(File.generated(config, f"{NOTEBOOK_DIR}/{name}",
                                        content=notebooks[name]))
        zip_name = ZIP_NAME.replace(".zip", f"{suffix}.zip")
        files.append(File.generated(config, f"{NOTEBOOK_DIR}/{zip_name}",
                                    content=_zip(notebooks, f"estlab-notebooks{suffix}")))
    return files
