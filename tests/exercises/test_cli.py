"""The command line a student types, run as the real console entry (``python -m estlab``)."""

import subprocess
import sys

import pytest

import estlab
import estlab.exercises as ex

ESTLAB = [sys.executable, "-m", "estlab"]


def run(*args, cwd=None):
    return subprocess.run([*ESTLAB, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_check_one_exercise_by_its_number():
    done = run("check", "3.1", "--solutions")
    assert done.returncode == 0, done.stderr
    assert "PASS  3.1" in done.stdout and "3.2" not in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "1 passed, 0 failed"


def test_check_an_exercise_that_does_not_exist_lists_the_real_ones():
    done = run("check", "3.9")
    assert done.returncode == 2
    assert "no exercise '3.9'" in done.stderr and "'3.1'" in done.stderr


def test_version():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"estlab {estlab.__version__}"


@pytest.mark.parametrize("args, suggestion", [
    (["chek", "3"], "did you mean check?"),
    (["exercises", "hnt", "2.1"], "did you mean hint?"),
    (["check", "3", "--solutons"], "did you mean --solutions?"),
    (["exercises", "init", "2", "--forse"], "did you mean --force?"),
])
def test_typos_get_did_you_mean(args, suggestion):
    done = run(*args)
    assert done.returncode == 2 and suggestion in done.stderr, done.stderr


def test_an_unrelated_word_gets_no_suggestion():
    done = run("zzzzzz")
    assert done.returncode == 2 and "did you mean" not in done.stderr


def _student(tmp_path, key, text):
    exercise = ex.get_exercise(key)
    ex.init(exercise.chapter, tmp_path)
    (tmp_path / exercise.filename).write_text(text)
    return run("check", key, "--dir", str(tmp_path))


def test_a_missing_return_is_named(tmp_path):
    done = _student(tmp_path, "2.1", "import numpy as np\n\ndef normal_mle(x):\n"
                                     "    mu = np.mean(x)\n")
    assert done.returncode == 1
    assert "your function returned None: did you forget `return`?" in done.stdout
    assert "got shape ()" not in done.stdout


def test_a_syntax_error_shows_file_and_line_and_no_unrelated_hint(tmp_path):
    done = _student(tmp_path, "3.1", "import numpy as np\n\ndef logistic_nll_grad(theta, X, y)\n"
                                     "    return X.T @ y\n")
    assert done.returncode == 1
    assert "logistic_gradient.py does not parse: SyntaxError on line 3" in done.stdout
    assert "sign" not in done.stdout
