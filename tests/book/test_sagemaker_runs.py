"""The book's SageMaker runs, without a build: pages get a token, the written site gets the output.

``chapters/_hooks/sagemaker_runs.py`` lets a page show a run's output before the run has ended:
the page's code box holds a token, and when the build ends the token is replaced, in the written
HTML (with the line anchors pymdownx.highlight gives every line) and in the search index.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from book_support import CHAPTERS, ROOT


def _load():
    path = CHAPTERS / "_hooks" / "sagemaker_runs.py"
    spec = importlib.util.spec_from_file_location("test_sagemaker_runs_hook", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class _Finished:
    """A run that has ended and printed ``text``."""

    def __init__(self, text):
        self.text = text

    def output(self):
        return self.text


def _line(block, n, text):
    return (f'<a id="__codelineno-{block}-{n}" name="__codelineno-{block}-{n}" '
            f'href="#__codelineno-{block}-{n}"></a>{text}')


@pytest.fixture
def runs():
    module = _load()
    key = str((ROOT / "chapters/07-training/examples/sagemaker_training.py").resolve())
    module._runs[key] = _Finished('job "a" <Completed> & saved\nsecond line')
    yield module
    module._runs.clear()
    module._tokens.clear()
    module._pages_with_tokens.clear()


def test_a_token_in_a_code_box_becomes_the_output_with_its_line_anchors(runs, tmp_path):
    token = runs.deferred("chapters/07-training/examples/sagemaker_training.py")
    assert runs.deferred("chapters/07-training/examples/sagemaker_training.py") == token
    page = tmp_path / "07-training" / "index.html"
    page.parent.mkdir()
    page.write_text(f"<pre><code>{_line(3, 1, token)}</code></pre>", encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"docs": [{"text": f"before {token} after"}]}), encoding="utf-8")
    runs._pages_with_tokens.add(str(page))

    runs._fill_tokens(str(tmp_path))

    assert page.read_text(encoding="utf-8") == (
        "<pre><code>" + _line(3, 1, 'job "a" &lt;Completed&gt; &amp; saved') + "\n"
        + _line(3, 2, "second line") + "</code></pre>")
    index = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"][0]["text"] == 'before job "a" &lt;Completed&gt; &amp; saved\nsecond line after'


def test_a_token_outside_a_code_box_line_fails_naming_the_page(runs, tmp_path):
    token = runs.deferred("chapters/07-training/examples/sagemaker_training.py")
    page = tmp_path / "index.html"
    page.write_text(f"<p>the output: {token}</p>", encoding="utf-8")
    runs._pages_with_tokens.add(str(page))
    with pytest.raises(RuntimeError, match="not alone on the first line of a code box"):
        runs._fill_tokens(str(tmp_path))
    assert token in page.read_text(encoding="utf-8")  # the page is left as it was


def test_a_run_that_fails_fails_the_build_with_its_output(runs, tmp_path):
    script = tmp_path / "sagemaker_failing.py"
    script.write_text('print("half done")\nraise SystemExit(3)\n', encoding="utf-8")
    run = runs.Run(script)
    with pytest.raises(RuntimeError, match=r"failed \(exit 3\):\nhalf done"):
        run.output()


def test_a_run_that_prints_a_lot_is_not_stopped_by_its_pipe(runs, tmp_path):
    script = tmp_path / "sagemaker_chatty.py"
    script.write_text('print("x" * 300_000)\nprint("done")\n', encoding="utf-8")
    run = runs.Run(script)
    run.process.wait(timeout=60)  # ends without anyone asking for its output (the pipe is read)
    assert run.output().endswith("done\n") and run.seconds < 60
