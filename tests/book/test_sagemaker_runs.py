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

    seconds = 1.0

    def __init__(self, text):
        self.text = text

    def output(self):
        return self.text


class _Config:
    site_dir = "/nonexistent-site"


def _line(block, n, text):
    return (f'<a id="__codelineno-{block}-{n}" name="__codelineno-{block}-{n}" '
            f'href="#__codelineno-{block}-{n}"></a>{text}')


@pytest.fixture
def runs():
    module = _load()
    key = str((ROOT / "chapters/07-training/examples/sagemaker_training.py").resolve())
    module._runs[key] = _Finished('job "a" <Completed> & saved\nsecond line')
    yield module
    for runner in module._runners:
        runner.kill()
    module._runners.clear()
    module._checks.clear()
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
    [run] = runs.start([script])
    with pytest.raises(RuntimeError, match=r"failed \(exit 3\):\nhalf done"):
        run.output()


def test_an_example_runs_as_python_would_run_it_in_its_own_folder(runs, tmp_path, monkeypatch):
    """The runner's child: ``__main__``, its argv and sys.path[0], its own working folder and
    HOME, none of the builder's AWS settings, an uncaught exception's traceback in its output
    (the control: a second example fails; the first is unaffected)."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "the builder's secret")
    script = tmp_path / "examples" / "sagemaker_probe.py"
    script.parent.mkdir()
    script.write_text(
        "import os, sys\n"
        "print(__name__, sys.argv[0] == __file__, sys.path[0] == os.path.dirname(__file__))\n"
        "print(os.getcwd() == os.environ['HOME'], os.path.basename(os.getcwd()))\n"
        "print(sorted(k for k in os.environ if k.startswith('AWS_')))\n"
        "print('sagemaker.train' in sys.modules)\n", encoding="utf-8")
    broken = tmp_path / "examples" / "sagemaker_broken.py"
    broken.write_text("print('before')\n1 / 0\n", encoding="utf-8")
    probe, failing = runs.start([script, broken])
    assert probe.output().splitlines() == ["__main__ True True", "True run", "[]", "True"]
    with pytest.raises(RuntimeError, match=r"(?s)failed \(exit 1\):\nbefore\n.*ZeroDivisionError"):
        failing.output()


def test_a_run_that_prints_a_lot_ends_without_anyone_reading_it(runs, tmp_path):
    script = tmp_path / "sagemaker_chatty.py"
    script.write_text('print("x" * 300_000)\nprint("done")\n', encoding="utf-8")
    [run] = runs.start([script])
    assert run.ended.wait(120), "the run did not end"
    assert run.output().endswith("done\n") and run.seconds < 120


def test_a_run_past_its_time_is_stopped_and_fails(runs, tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "TIMEOUT_SECONDS", 15)
    script = tmp_path / "sagemaker_slow.py"
    script.write_text('print("started", flush=True)\nimport time\ntime.sleep(300)\n',
                      encoding="utf-8")
    [run] = runs.start([script])
    with pytest.raises(RuntimeError, match="did not finish in 15 s"):
        run.output()
    assert run.ended.wait(10) and run.returncode != 0  # killed, not left running


def test_a_later_check_of_a_run_fails_the_build(runs):
    """check_later: the page quotes its own numbers; the run must agree when the build ends."""
    seen = []
    runs.check_later("chapters/07-training/examples/sagemaker_training.py", seen.append)
    assert seen == []  # nothing waits for the run while the pages build
    runs._checks[0][1]("x")
    runs._checks.clear()

    def disagrees(output):
        raise AssertionError(f"the run printed {output.splitlines()[1]!r}")

    runs.check_later("chapters/07-training/examples/sagemaker_training.py", disagrees)
    with pytest.raises(AssertionError, match="the run printed 'second line'"):
        runs.on_post_build(_Config())
