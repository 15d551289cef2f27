"""The Korean pages show the English pages' run (chapters/_hooks/replay.py), built for real.

Small two-edition sites with the book's hooks (i18n.py, replay.py, quotes.py), the i18n plugin
and markdown-exec: an executed block that counts its runs in a file runs once for both pages;
the Korean page shows its output, with the Korean variant a helper registered in place of the
English text; the Korean prose's quotes are evaluated in the English session and checked. The
controls: a wrong Korean number fails the build naming the Korean page, and a Korean block
whose code differs from the English one fails it naming both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from book_support import CHAPTERS

BLOCK = """\
```python exec="on" session="s" result="text"
import sys
with open({counter!r}, "a") as f:
    f.write("ran\\n")
answer = 6 * 7
sys.modules["chapters/_hooks/replay.py"].variant("EN-TITLE", "KO-TITLE")
print("EN-TITLE: the answer is", answer)
```
"""


def build(tmp_path: Path, korean_prose: str, korean_block: str | None = None):
    docs = tmp_path / "docs"
    docs.mkdir()
    counter = str(tmp_path / "runs.txt")
    block = BLOCK.format(counter=counter)
    (docs / "index.md").write_text(f"# Replay\n\n{block}\nThe answer is {{{{ answer => 42 }}}}.\n",
                                   encoding="utf-8")
    (docs / "index.ko.md").write_text(
        f"# 다시 보기\n\n{korean_block or block}\n{korean_prose}\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "_hooks").symlink_to(CHAPTERS / "_hooks")  # the hooks' own names
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: replay
        docs_dir: docs
        strict: true
        theme: {name: material, language: en}
        hooks: [chapters/_hooks/i18n.py, chapters/_hooks/replay.py, chapters/_hooks/quotes.py]
        markdown_extensions: [pymdownx.superfences]
        plugins:
          - i18n:
              docs_structure: suffix
              languages:
                - {locale: en, name: English, default: true, build: true}
                - {locale: ko, name: 한국어, build: true}
          - markdown-exec: {languages: [python]}
        """), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    runs = Path(counter).read_text().count("ran") if Path(counter).exists() else 0
    return proc, runs


def _html(tmp_path, *parts):
    return (tmp_path / "site" / Path(*parts) / "index.html").read_text(encoding="utf-8")


def test_the_korean_page_shows_the_english_run_with_its_variants(tmp_path):
    proc, runs = build(tmp_path, "답은 {{ answer + 0 => 42 }}입니다.")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert runs == 1, "the block ran again for the Korean page"
    english, korean = _html(tmp_path), _html(tmp_path, "ko")
    assert "EN-TITLE: the answer is 42" in english and "KO-TITLE" not in english
    assert "KO-TITLE: the answer is 42" in korean and "EN-TITLE" not in korean
    assert "답은 42입니다." in korean and "The answer is 42." in english


def test_a_wrong_korean_number_fails_naming_the_korean_page(tmp_path):
    proc, runs = build(tmp_path, "답은 {{ answer + 0 => 41 }}입니다.")
    assert proc.returncode != 0
    assert "index.ko.md" in proc.stderr and "the prose says '41' but the run gives '42'" \
        in proc.stderr, proc.stderr[-3000:]


def test_a_korean_block_that_differs_from_the_english_one_fails(tmp_path):
    changed = BLOCK.format(counter=str(tmp_path / "runs.txt")).replace("6 * 7", "7 * 6")
    proc, runs = build(tmp_path, "답은 42입니다.", korean_block=changed)
    assert proc.returncode != 0
    assert "differs from the English block it replays" in proc.stderr, proc.stderr[-3000:]
    assert "7 * 6" in proc.stderr and "6 * 7" in proc.stderr
