"""show()'s phone drawing does not depend on the numbers of the run it draws.

Chapter 7 draws a real job's SecondaryStatusTransitions: how long the job took (the machine's
load) sets the x axis, its ticks and the width of the tight drawing. show() widens the narrow
drawing towards the phone's 3.4 in; with a tick more or less at each step the width can jump
over the target window, and the figure used to fall back to the wide drawing in a scroll box
(5 of 79 job durations, among them the build of 2026-12-04). The widest drawing that fits is
kept now; this test draws the chapter's own figure code for job durations that failed.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import types

import pytest
from book_support import CHAPTERS

MESSAGES = {"Starting": "Preparing the instances for training",
            "Downloading": "Downloading input data",
            "Training": "Training image download completed. Training in progress.",
            "Uploading": "Uploading generated training model",
            "Completed": "Training job completed"}
STEPS = [("Starting", 0, 0.05), ("Downloading", 0.05, 0.1), ("Training", 0.1, 0.6),
         ("Uploading", 0.6, 0.65), ("Completed", 0.65, None)]


@pytest.fixture(scope="module")
def helper():
    import matplotlib
    matplotlib.use("Agg")
    namespace: dict = {}
    exec((CHAPTERS / "_hooks" / "figure.py").read_text(encoding="utf-8"), namespace)  # noqa: S102
    return namespace


def _figure_code():
    source = (CHAPTERS / "07-training" / "examples" / "script_mode.py").read_text(encoding="utf-8")
    return source.split("# --8<-- [start:figure]")[1].split("# --8<-- [end:figure]")[0]


@pytest.mark.parametrize("seconds", [0.65, 0.26, 1.235, 1.3, 1.365, 2.405])
def test_the_status_chart_gets_its_phone_drawing_whatever_the_job_took(helper, seconds):
    t0 = datetime.datetime(2026, 12, 4)
    scale = seconds / 0.65
    transitions = []
    for status, start, end in STEPS:
        step = {"Status": status, "StatusMessage": MESSAGES[status],
                "StartTime": t0 + datetime.timedelta(seconds=start * scale)}
        if end is not None:
            step["EndTime"] = t0 + datetime.timedelta(seconds=end * scale)
        transitions.append(step)
    namespace = dict(helper, d={"SecondaryStatusTransitions": transitions},
                     workdir=types.SimpleNamespace(cleanup=lambda: None))
    exec(_figure_code(), namespace)  # noqa: S102 (the chapter's figure code, as the page runs it)
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        namespace["show"](namespace["fig"], "SecondaryStatusTransitions of a local training job")
    html = shown.getvalue()
    assert "<picture>" in html and "estlab-figure--wide" not in html, html[:300]
