"""Failing, killed and over-long jobs: Failed/Stopped with the reason, nothing partial uploaded."""

import os
import re
import time

import pytest

from estlab.workflow import (Estimator, JobFailedError, ProcessingOutput, ScriptProcessor)
from estlab.workflow._uris import local_path
from estlab.workflow.local import sandbox


def _bucket(session):
    return local_path(session.default_output_uri())


def test_exception_in_script_fails_the_job_with_exit_code_and_stderr(local_session, write_script):
    script = write_script("boom.py", """
        import os
        open(os.path.join(os.environ["SM_MODEL_DIR"], "half.txt"), "w").write("partial")
        print("about to fail")
        raise ValueError("the learning rate must be positive")
    """)
    est = Estimator(script, session=local_session, base_job_name="boom")
    with pytest.raises(JobFailedError) as err:
        est.fit(logs=False)
    job = est.latest_training_job.name
    d = err.value.description
    assert d["TrainingJobStatus"] == "Failed" and d["SecondaryStatus"] == "Failed"
    assert "ExitCode 1" in d["FailureReason"]
    assert "ValueError: the learning rate must be positive" in d["FailureReason"]
    message = str(err.value)
    assert d["FailureReason"].splitlines()[0] in message and "about to fail" in message
    assert "about to fail" in err.value.log_tail and err.value.job_name == job
    # the failure file was written as the toolkit does; the job folder stays
    folder = local_session.job_folder("training", job)
    assert (folder / "algo-1" / "output" / "failure").read_text().startswith("AlgorithmError")
    assert (folder / "algo-1" / "model" / "half.txt").exists()
    # nothing uploaded, no model artifact
    assert not (_bucket(local_session) / job).exists()
    assert "ModelArtifacts" not in d
    assert est.latest_training_job.describe()["TrainingJobStatus"] == "Failed"


def test_failure_file_becomes_failure_reason_truncated_to_1024(local_session, write_script):
    script = write_script("fail_file.py", """
        import os, sys
        with open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w") as f:
            f.write("DataError: column 3 has text values. " + "x" * 2000)
        sys.exit(2)
    """)
    est = Estimator(script, session=local_session)
    with pytest.raises(JobFailedError, match="DataError: column 3 has text values"):
        est.fit(logs=False)
    reason = est.latest_training_job.describe()["FailureReason"]
    assert len(reason) == 1024 and reason.startswith("DataError: column 3 has text values. xxx")


def test_killed_process_is_reported_not_waited_on(local_session, write_script):
    script = write_script("killed.py", """
        import os, signal, time
        print("going down")
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(60)
    """)
    est = Estimator(script, session=local_session)
    start = time.monotonic()
    with pytest.raises(JobFailedError, match=r"killed by signal SIGKILL \(9\)"):
        est.fit(logs=False)
    assert time.monotonic() - start < 20
    assert "ExitCode -9" in est.latest_training_job.describe()["FailureReason"]


def test_background_children_end_with_the_job_not_outlive_it(local_session, write_script):
    # A container's end kills everything in it: a child the script left running must not
    # survive the job (nor hold the job's log pipes open and delay it). The child beats into a
    # file of the host's folder; once the job has ended, the file must stop growing.
    script = write_script("spawner.py", """
        import os, subprocess, sys
        beat = os.path.join(os.environ["SM_OUTPUT_INTERMEDIATE_DIR"], "beat")
        subprocess.Popen([sys.executable, "-c",
                          "import sys, time\\nwhile True:\\n"
                          "    open(sys.argv[1], 'a').write('.')\\n    time.sleep(0.05)", beat])
        while not os.path.exists(beat):
            pass
        print("spawned")
    """)
    est = Estimator(script, session=local_session)
    start = time.monotonic()
    est.fit(logs=False)
    elapsed = time.monotonic() - start
    beat = local_session.job_folder("training", est.latest_training_job.name) / "algo-1" / \
        "output" / "intermediate" / "beat"
    size = beat.stat().st_size
    time.sleep(0.5)
    assert beat.stat().st_size == size, "the script's child process outlived the training job"
    assert elapsed < 8, f"the job took {elapsed:.1f} s waiting for the child's pipes"


def test_max_run_stops_a_hanging_job(local_session, write_script):
    script = write_script("hang.py", """
        import subprocess, sys, time
        # a child process too: the whole process group must go
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        print("hanging", flush=True)
        time.sleep(60)
    """)
    est = Estimator(script, session=local_session, max_run=1)
    start = time.monotonic()
    with pytest.raises(JobFailedError, match="MaxRuntimeExceeded") as err:
        est.fit(logs=False)
    assert time.monotonic() - start < 20
    d = err.value.description
    assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Stopped", "MaxRuntimeExceeded")
    assert d["StoppingCondition"] == {"MaxRuntimeInSeconds": 1}


def test_failed_processing_uploads_nothing_and_keeps_exit_message(local_session, write_script,
                                                                   tmp_path):
    script = write_script("prep_fail.py", """
        import pathlib, sys
        out, message = sys.argv[2], sys.argv[4]
        pathlib.Path(out, "part.csv").write_text("1,2\\n")
        pathlib.Path(message).write_text("stopped after 1 of 3 files")
        sys.exit("cannot parse file 2")
    """)
    dest = tmp_path / "results"
    proc = ScriptProcessor(session=local_session)
    with pytest.raises(JobFailedError, match="cannot parse file 2") as err:
        proc.run(script, outputs=[ProcessingOutput("/opt/ml/processing/out", str(dest))],
                 arguments=["--out", "/opt/ml/processing/out", "--message",
                            "/opt/ml/output/message"], logs=False)
    d = err.value.description
    assert d["ProcessingJobStatus"] == "Failed"
    assert d["ExitMessage"] == "stopped after 1 of 3 files"
    assert "exit code 1" in d["FailureReason"]
    assert not dest.exists()
    folder = local_session.job_folder("processing", proc.latest_job.name)
    assert (folder / "algo-1" / "processing" / "out" / "part.csv").exists()


def test_hard_coded_container_paths_are_warned_without_a_sandbox(local_session, write_script,
                                                                   monkeypatch):
    monkeypatch.setenv("ESTLAB_SANDBOX", "0")
    sandbox._warned.cache_clear()
    training = write_script("hard_train.py", """
        import os
        MODEL_DIR = "/opt/ml/model"
        ok = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
        os.makedirs(MODEL_DIR, exist_ok=True) if False else None
    """)
    with pytest.warns(UserWarning) as record:
        Estimator(training, session=local_session).fit(logs=False)
    [fallback] = [w for w in record if w.category is sandbox.SandboxWarning]
    assert "ESTLAB_SANDBOX=0" in str(fallback.message)
    [hard] = [w for w in record if w.category is not sandbox.SandboxWarning]
    assert re.search(r"hard_train.py, line 3: .*MODEL_DIR = \"/opt/ml/model\".*SM_MODEL_DIR",
                     str(hard.message), re.S)  # the SM_MODEL_DIR fallback on line 4 is fine
    processing = write_script("hard_prep.py", """
        import argparse
        p = argparse.ArgumentParser()
        p.add_argument("--input", default="/opt/ml/processing/input")
        p.add_argument("--output", default="/opt/ml/processing/output")
        p.parse_args()
    """)
    with pytest.warns(UserWarning, match=r"hard_prep.py, line 5: .*pass that option") as record:
        ScriptProcessor(session=local_session).run(
            processing, arguments=["--input", "/opt/ml/processing/input"], logs=False)
    assert len(record) == 1  # --input is passed, so its default is never used; warned once


def test_job_names_must_be_unique(local_session, write_script):
    script = write_script("ok.py", "print(1)\n")
    Estimator(script, session=local_session).fit(job_name="same-name", logs=False)
    from estlab.workflow import WorkflowError

    with pytest.raises(WorkflowError, match="already exists"):
        Estimator(script, session=local_session).fit(job_name="same-name", logs=False)
    assert os.path.isdir(local_session.job_folder("training", "same-name"))


def test_stop_training_job_keeps_the_model_saved_on_sigterm(local_session, write_script,
                                                            tmp_path):
    script = write_script("stoppable.py", """
        import os, signal, sys, time
        def save_and_exit(signum, frame):
            open(os.path.join(os.environ["SM_MODEL_DIR"], "checkpoint.txt"), "w").write("epoch 3")
            sys.exit(0)
        signal.signal(signal.SIGTERM, save_and_exit)
        print("training", flush=True)
        time.sleep(60)
    """)
    est = Estimator(script, session=local_session)
    est.fit(wait=False)
    log = local_session.log_path("training", est.latest_training_job.name)
    deadline = time.monotonic() + 20
    while "training" not in (log.read_text() if log.exists() else "").split("\n"):
        assert time.monotonic() < deadline, "the script never started"
        time.sleep(0.02)
    start = time.monotonic()
    est.latest_training_job.stop()
    with pytest.warns(UserWarning, match="was stopped"):
        d = est.latest_training_job.wait(logs=False)
    assert time.monotonic() - start < 8  # SIGTERM ended it, not the 10 s SIGKILL fallback
    assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Stopped", "Stopped")
    assert "Stopping" in [t["Status"] for t in d["SecondaryStatusTransitions"]]
    from estlab.workflow.local.archive import safe_extract

    model = safe_extract(local_path(est.model_data), tmp_path / "m")  # Stopped still has one
    assert (model / "checkpoint.txt").read_text() == "epoch 3"


def test_stop_processing_job_uploads_nothing(local_session, write_script, tmp_path):
    script = write_script("long_prep.py", """
        import pathlib, sys, time
        pathlib.Path(sys.argv[1], "partial.csv").write_text("1\\n")
        time.sleep(60)
    """)
    proc = ScriptProcessor(session=local_session)
    proc.run(script, outputs=[ProcessingOutput("/opt/ml/processing/out", str(tmp_path / "o"))],
             arguments=["/opt/ml/processing/out"], wait=False)
    proc.latest_job.stop()
    with pytest.warns(UserWarning, match="was stopped"):
        d = proc.latest_job.wait(logs=False)
    assert d["ProcessingJobStatus"] == "Stopped"
    assert not (tmp_path / "o").exists()
