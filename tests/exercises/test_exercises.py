"""estlab.exercises: every solution passes, every wrong answer gets its hint, stubs fail cleanly.

The wrong answers live in ``wrong/chNN/<slug>__<mistake>.py``; the first line of each says what
the report must contain (``# expect: <text>``, or ``# expect: PASS`` for code that is right but
noisy). They are checked in one batch, as ``estlab check`` would, through the same separate
process and time limits.
"""

import ast
import re
import sys
import subprocess
from pathlib import Path

import pytest

import estlab.exercises as ex
from estlab._cli import main
from estlab.exercises._files import make_stub, solution_code
from estlab.exercises._runner import run_checks

WRONG = Path(__file__).parent / "wrong"
WRONG_FILES = sorted(WRONG.glob("ch*/*.py"))
ALL = ex.exercises()


def _exercise_of(path):
    slug = path.stem.split("__")[0]
    chapter = int(path.parent.name[2:])
    return next(e for e in ex.exercises(chapter) if e.slug == slug)


def _expected(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (.+)", first)
    assert match, f"{path} must start with '# expect: <text>'"
    return match[1]


# -- the set itself ------------------------------------------------------------------------------

def test_at_least_three_exercises_in_every_chapter():
    for chapter in ex.CHAPTERS:
        found = ex.exercises(chapter)
        assert len(found) >= 3, chapter
        assert [e.number for e in found] == list(range(1, len(found) + 1))


def test_exercises_mix_functions_quantities_and_scripts():
    kinds = {e.kind for e in ALL}
    assert kinds == {"function", "quantity", "script"}
    scripts = [e.key for e in ALL if e.kind == "script"]
    assert {"6.2", "7.2", "8.3"} <= set(scripts)


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.key)
def test_every_exercise_has_statement_graded_hints_solution_and_stub(exercise):
    assert exercise.statement.strip() and exercise.title.strip()
    assert len(exercise.hints) >= 2, "graded hints: at least a nudge and a near-answer"
    source = exercise.solution_path.read_text(encoding="utf-8")
    assert "# [solution]" in source and "# [/solution]" in source
    stub = make_stub(source)
    ast.parse(stub)  # the stub is valid Python
    assert "raise NotImplementedError" in stub
    assert "# [solution]" not in solution_code(source)
    assert stub != source


# -- reference solutions -------------------------------------------------------------------------

def test_every_reference_solution_passes_every_check():
    report = ex.check("all", solutions=True)
    assert report.ok, str(report)
    assert len(report) == len(ALL) >= 33


def test_cli_check_all_solutions(capsys):
    code = main(["check", "--all", "--solutions"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert out[-1] == f"{len(ALL)} passed, 0 failed"
    assert sum(line.startswith("PASS") for line in out) == len(ALL)


# -- wrong answers -------------------------------------------------------------------------------

def test_every_exercise_has_a_wrong_answer_on_file():
    covered = {_exercise_of(p).key for p in WRONG_FILES if _expected(p) != "PASS"}
    assert covered == {e.key for e in ALL}


@pytest.fixture(scope="module")
def wrong_results():
    """All wrong answers checked in one batch (one worker process, restarted after crashes).

    Each exercise keeps its own time limit (generous: the machine may be loaded), except the
    deliberate infinite loops, which get a short one so the suite stays fast.
    """
    loops = [p for p in WRONG_FILES if "infinite_loop" in p.stem]
    others = [p for p in WRONG_FILES if p not in loops]
    results = dict(zip(others, run_checks([(_exercise_of(p), p) for p in others])))
    results.update(zip(loops, run_checks([(_exercise_of(p), p) for p in loops], timeout=1.0)))
    return results


@pytest.mark.parametrize("path", WRONG_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_wrong_answer_is_rejected_with_the_intended_hint(path, wrong_results):
    result = wrong_results[path]
    expected = _expected(path)
    if expected == "PASS":
        assert result.passed, result.message
        return
    assert not result.passed
    assert expected in result.message, result.message
    assert "Traceback" not in result.message


def test_named_mistakes_from_the_issue_are_recognised(wrong_results):
    """The six mistakes the issue names, each with its targeted message."""
    cases = {
        "ch02/normal_mle__n_minus_1": "divided by n - 1",
        "ch04/ols__no_intercept": "forgot the intercept",
        "ch03/logistic_gradient__wrong_sign": "wrong sign",
        "ch03/learning_rate__diverges": "diverges",
        "ch06/preprocess__writes_next_to_script": "outside its output folder",
        "ch08/output_fn__wrong_content_type": "content type",
    }
    for name, text in cases.items():
        result = wrong_results[WRONG / f"{name}.py"]
        assert not result.passed and text in result.message, (name, result.message)


def test_unrecognised_errors_point_at_the_student_line_and_add_a_hint(wrong_results):
    result = wrong_results[WRONG / "ch02" / "normal_mle__crash_zero_division.py"]
    assert "normal_mle__crash_zero_division.py, line 4: return len(x) / n" in result.message
    assert result.hint == ex.get_exercise("2.1").hints[0]
    script = wrong_results[WRONG / "ch07" / "train__crashes.py"]
    assert "(train__crashes.py, line 6: data = np.loadtxt(" in script.message
    assert script.hint == ex.get_exercise("7.2").hints[0]


def test_infinite_loop_is_a_fail_and_the_next_exercise_still_runs():
    loop = WRONG / "ch03" / "gradient_descent__infinite_loop.py"
    items = [(ex.get_exercise("3.2"), loop),
             (ex.get_exercise("3.3"), ex.get_exercise("3.3").solution_path)]
    first, second = run_checks(items, timeout=1.0)
    assert not first.passed and "did not finish within 1 s" in first.message
    assert second.passed, second.message


def test_a_hanging_script_is_stopped(tmp_path):
    (tmp_path / "ch06").mkdir()
    (tmp_path / "ch06" / "preprocess.py").write_text("import time\ntime.sleep(60)\n")
    script = tmp_path / "ch06" / "preprocess.py"
    [result] = run_checks([(ex.get_exercise("6.2"), script)], timeout=1.5)
    assert not result.passed and "did not finish" in result.message


def test_a_killed_worker_is_reported_and_the_rest_continue(tmp_path):
    crash = tmp_path / "normal_mle.py"
    crash.write_text("import os, signal\ndef normal_mle(x):\n    os.kill(os.getpid(), "
                     "signal.SIGKILL)\n")
    items = [(ex.get_exercise("2.1"), crash),
             (ex.get_exercise("2.2"), ex.get_exercise("2.2").solution_path)]
    first, second = run_checks(items)
    assert not first.passed and "signal 9" in first.message
    assert second.passed


# -- stubs ---------------------------------------------------------------------------------------

def test_untouched_stubs_fail_cleanly(tmp_path):
    written = ex.init(None, tmp_path)
    assert len(written) == len(ALL)
    report = ex.check("all", tmp_path)
    assert report.failed == len(ALL) and not report.ok
    for result in report:
        assert result.message.startswith("not implemented yet: open " + result.filename), result
        assert "Traceback" not in result.message and not result.hint
    assert str(report).splitlines()[-1] == f"0 passed, {len(ALL)} failed"


def test_init_keeps_work_unless_forced(tmp_path, capsys):
    assert main(["exercises", "init", "2", "--dir", str(tmp_path)]) == 0
    target = tmp_path / "ch02" / "normal_mle.py"
    target.write_text("# my work\n")
    assert main(["exercises", "init", "2", "--dir", str(tmp_path)]) == 0
    assert "kept" in capsys.readouterr().out and target.read_text() == "# my work\n"
    assert main(["exercises", "init", "2", "--dir", str(tmp_path), "--force"]) == 0
    assert "raise NotImplementedError" in target.read_text()


def test_a_solved_file_passes_from_the_working_folder(tmp_path):
    ex.init(2, tmp_path)
    target = tmp_path / "ch02" / "normal_mle.py"
    target.write_text(ex.get_exercise("2.1").solution_path.read_text())
    report = ex.check(2, tmp_path)
    assert report["2.1"].passed and not report["2.2"].passed
    assert report.summary() == f"1 passed, {len(ex.exercises(2)) - 1} failed"
    # The chapter's own folder works as --dir too.
    assert ex.check(2, tmp_path / "ch02")["2.1"].passed


# -- command line --------------------------------------------------------------------------------

def test_cli_exit_codes_and_last_line(tmp_path):
    env_cmd = [sys.executable, "-m", "estlab._cli"]
    subprocess.run([*env_cmd, "exercises", "init", "9", "--dir", str(tmp_path)], check=True,
                   capture_output=True)
    failed = subprocess.run([*env_cmd, "check", "9", "--dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert failed.returncode == 1
    assert failed.stdout.strip().splitlines()[-1] == "0 passed, 3 failed"
    assert "FAIL  9.1" in failed.stdout
    for ex9 in ex.exercises(9):
        (tmp_path / ex9.filename).write_text(ex9.solution_path.read_text())
    passed = subprocess.run([*env_cmd, "check", "9", "--dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.strip().splitlines()[-1] == "3 passed, 0 failed"


def test_cli_usage_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as err:
        main(["check"])
    assert err.value.code == 2 and "CHAPTER number or --all" in capsys.readouterr().err
    with pytest.raises(SystemExit) as err:
        main(["check", "12"])
    assert err.value.code == 2 and "from 1 to 11" in capsys.readouterr().err
    assert main(["check", "2", "--dir", str(tmp_path / "nope")]) == 2
    assert "estlab exercises init 2" in capsys.readouterr().err


def test_cli_list_and_hints(capsys):
    assert main(["exercises", "list", "4"]) == 0
    assert "4.1  Least squares, with its intercept  (ch04/ols.py)" in capsys.readouterr().out
    assert main(["exercises", "hint", "2.1", "--level", "3"]) == 0
    out = capsys.readouterr().out
    assert out.count("Hint ") == 3 and "divides by n" in out
    with pytest.raises(SystemExit):
        main(["exercises", "hint", "2.9"])
    assert "chapter 2 has" in capsys.readouterr().err


# -- notebook and book ---------------------------------------------------------------------------

def test_prose_formulas_survive_markdown():
    import markdown

    html = markdown.markdown(ex.render_markdown(11), extensions=["admonition", "pymdownx.details",
                                                                 "pymdownx.superfences"])
    assert "n = ceil(overhead * (1 - max_share) / (max_share * seconds_per_row))" in html


def test_report_renders_in_a_notebook():
    report = ex.Report([ex.Result("2.1", "A <b>", "ch02/a.py", False, "x < y", "try & see")], "T")
    html = report._repr_html_()
    assert "<table" in html and "FAIL" in html and "x &lt; y" in html and "try &amp; see" in html
    assert repr(report) == str(report) and str(report).endswith("0 passed, 1 failed")


@pytest.mark.parametrize("chapter", sorted(ex.CHAPTERS))
def test_render_markdown_builds_collapsible_exercises(chapter):
    import markdown

    md = ex.render_markdown(chapter)
    found = ex.exercises(chapter)
    assert md.count('??? exercise "Exercise ') == len(found)
    assert md.count('??? solution "Solution"') == len(found)
    assert f"estlab exercises init {chapter}" in md and f"estlab check {chapter}\n" in md
    assert "# [solution]" not in md
    html = markdown.markdown(md, extensions=["admonition", "pymdownx.details",
                                             "pymdownx.superfences"])
    assert html.count('<details class="exercise"') == len(found)
    assert html.count('<details class="solution"') == len(found)
    assert html.count('<details class="tip"') == sum(len(e.hints) for e in found)
    # Formulas in prose stay literal: no accidental italics or bold from * and _.
    assert "<em>" not in html and "<strong>" not in html
    # Solutions sit inside their exercise, and their code is highlighted as Python.
    for e in found:
        start = html.index(f"Exercise {e.key} ")
        assert html.index('<details class="solution"', start) < (
            html.index('<details class="exercise"', start) if e is not found[-1] else len(html))


def test_slugs_are_unique_across_chapters():
    slugs = [e.slug for e in ALL]
    assert len(slugs) == len(set(slugs))


def test_console_script_is_installed_and_points_at_main():
    from importlib.metadata import entry_points

    [script] = entry_points(group="console_scripts", name="estlab")
    assert script.value == "estlab._cli:main" and script.load() is main


@pytest.mark.slow
def test_check_from_a_notebook_renders_a_table(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import estlab.exercises as ex\nex.check(5, "
                                          "solutions=True)")]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    [output] = nb.cells[0].outputs
    assert "<table" in output["data"]["text/html"]
    assert output["data"]["text/plain"].endswith("3 passed, 0 failed")


def test_watch_calls_records_library_shortcuts_and_restores_them():
    """The spy behind 2.3's and 4.4's method checks: records, delegates, puts everything back."""
    import numpy as np
    from scipy import optimize, stats

    from estlab.distributions import Gamma
    from estlab.exercises._exercise import watch_calls

    fit, brentq, gamma_fit = stats.gamma.fit, optimize.brentq, Gamma.fit
    x = np.random.default_rng(5).gamma(2.0, 1.0, size=50)
    with watch_calls("scipy.stats.gamma.fit", "scipy.optimize.brentq",
                     "estlab.distributions.Gamma.fit", "no_such_module.f") as calls:
        shape, _, _ = stats.gamma.fit(x, floc=0)
        Gamma().fit(x)
    assert calls[0] == "scipy.stats.gamma.fit" and "estlab.distributions.Gamma.fit" in calls
    assert shape == fit(x, floc=0)[0]  # the spy delegated to the real fit
    assert "fit" not in vars(stats.gamma) and stats.gamma.fit == fit
    assert optimize.brentq is brentq and Gamma.fit is gamma_fit
    with watch_calls("scipy.optimize.brentq") as calls:
        pass
    assert calls == []  # a control: nothing called, nothing recorded
