"""Every example of the book runs on its own, and every generated notebook executes."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from book_support import ROOT, example_files
from nbclient import NotebookClient


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_example_runs_on_its_own(path, tmp_path):
    # A fresh interpreter in an empty folder, warnings as errors: what a student gets with
    # `python chapters/.../examples/x.py`, minus any window (Agg backend).
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-W", "error", str(path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{path.relative_to(ROOT)} failed:\n{proc.stderr[-3000:]}"
    assert proc.stdout.strip(), "an example prints what it found"
    assert not list(tmp_path.iterdir()), "an example must not leave files behind"


def _chapters_with_examples():
    return sorted({p.parent.parent.name for p in example_files()})


@pytest.mark.parametrize("chapter", _chapters_with_examples())
def test_generated_notebook_executes(good_site, chapter, tmp_path, monkeypatch):
    # jupyter_core warns about its data-path migration unless told which layout to use.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(good_site.path / "notebooks" / f"{chapter}.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors, errors
