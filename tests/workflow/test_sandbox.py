"""Each job host is a container: /opt/ml at its real path, only the request's environment,
SIGTERM and a grace period at MaxRuntime, and nothing left running when its parent dies."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from estlab.workflow import (Estimator, JobFailedError, ProcessingInput, ProcessingOutput,
                             ScriptProcessor, LocalSession)
from estlab.workflow.local import sandbox

pytestmark = pytest.mark.skipif(
    not sandbox.enabled(), reason="no sandbox here: bubblewrap missing or ESTLAB_SANDBOX=0 "
    "(make test installs bubblewrap; the fallback is tested in test_failures.py)")


def test_hard_coded_container_paths_work_as_on_sagemaker(local_session, write_script, tmp_path):
    # the way AWS's own scikit-learn examples write their scripts: literal /opt/ml paths
    training = write_script("hard_train.py", """
        import os
        open("/opt/ml/model/weights.txt", "w").write("w = 2")
        print(sorted(os.listdir("/opt/ml")), os.getcwd())
    """)
    est = Estimator(training, session=local_session)
    est.fit(logs=False)
    folder = local_session.job_folder("training", est.latest_training_job.name)
    assert (folder / "algo-1" / "model" / "weights.txt").read_text() == "w = 2"
    assert "['code', 'input', 'model', 'output'] /opt/ml/code" in (folder / "log.txt").read_text()

    raw = tmp_path / "raw" / "data.csv"
    raw.parent.mkdir()
    raw.write_text("a,b\n1,2\n")
    processing = write_script("hard_prep.py", """
        import os
        rows = open("/opt/ml/processing/input/data.csv").read()
        os.makedirs("/opt/ml/processing/train", exist_ok=True)
        open("/opt/ml/processing/train/data.csv", "w").write(rows.upper())
    """)
    dest = tmp_path / "prepared"
    ScriptProcessor(session=local_session).run(
        processing, inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
        outputs=[ProcessingOutput("/opt/ml/processing/train", dest.as_uri())], logs=False)
    assert (dest / "data.csv").read_text() == "A,B\n1,2\n"


def test_jobs_see_only_the_environment_the_request_defines(local_session, write_script,
                                                           monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "caller-secret")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "caller-key")
    monkeypatch.setenv("ESTLAB_TEST_LEAK", "leaked")
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[default]\naws_secret_access_key = x\n")
    monkeypatch.setenv("HOME", str(home))
    script = write_script("env_dump.py", """
        import json, os
        json.dump({"env": dict(os.environ), "home_files": os.listdir(os.path.expanduser("~")),
                   "caller_home": os.path.exists(os.environ.get("CALLER_HOME", "/nonexistent"))
                   and os.listdir(os.environ["CALLER_HOME"])},
                  open("/opt/ml/model/env.json", "w"))
    """)
    est = Estimator(script, session=local_session,
                    environment={"MY_SETTING": "1", "CALLER_HOME": str(home)})
    est.fit(logs=False)
    seen = json.loads((local_session.job_folder("training", est.latest_training_job.name)
                       / "algo-1" / "model" / "env.json").read_text())
    env = seen["env"]
    assert "AWS_SECRET_ACCESS_KEY" not in env and "AWS_ACCESS_KEY_ID" not in env
    assert "ESTLAB_TEST_LEAK" not in env
    assert env["MY_SETTING"] == "1" and env["SM_MODEL_DIR"] == "/opt/ml/model"
    # homes are hidden (only the Python installation, if it lives there, is bound back)
    assert env["HOME"] == "/root" and ".aws" not in seen["home_files"]
    assert seen["caller_home"] in (False, [])  # the caller's home: absent or empty, no ~/.aws


def test_max_runtime_sends_sigterm_and_keeps_what_was_saved(tmp_path, write_script):
    session = LocalSession(root=tmp_path / "root", stop_grace=5)
    script = write_script("slow.py", """
        import os, signal, sys, time
        def save(signum, frame):
            open("/opt/ml/model/checkpoint.txt", "w").write("saved on SIGTERM")
            sys.exit(0)
        signal.signal(signal.SIGTERM, save)
        print("training", flush=True)
        time.sleep(60)
    """)
    est = Estimator(script, session=session, max_run=1)
    start = time.monotonic()
    with pytest.raises(JobFailedError, match="MaxRuntimeExceeded"):
        est.fit(logs=False)
    assert time.monotonic() - start < 5  # the script saved and exited: no wait for SIGKILL
    d = est.latest_training_job.describe()
    assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Stopped", "MaxRuntimeExceeded")
    model = d["ModelArtifacts"]["S3ModelArtifacts"]
    import tarfile
    from estlab.workflow._uris import local_path
    with tarfile.open(local_path(model)) as tar:
        assert tar.extractfile("checkpoint.txt").read() == b"saved on SIGTERM"


def test_a_script_that_ignores_sigterm_is_killed_after_the_grace(tmp_path, write_script):
    session = LocalSession(root=tmp_path / "root", stop_grace=1)
    script = write_script("stubborn.py", """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(60)
    """)
    est = Estimator(script, session=session, max_run=1)
    start = time.monotonic()
    with pytest.raises(JobFailedError, match="MaxRuntimeExceeded"):
        est.fit(logs=False)
    assert 1.5 < time.monotonic() - start < 10


def test_jobs_die_with_the_process_that_started_them(tmp_path):
    # kill -9 of the Python process that runs a job: its hosts end too (--die-with-parent),
    # and the next session on the same root marks the record Failed with the reason
    beat = tmp_path / "root" / "training-jobs" / "orphan" / "algo-1" / "output" / "intermediate"
    driver = tmp_path / "driver.py"
    script = tmp_path / "beat.py"
    script.write_text(textwrap.dedent("""
        import time
        while True:
            open("/opt/ml/output/intermediate/beat", "a").write(".")
            time.sleep(0.05)
    """))
    driver.write_text(textwrap.dedent(f"""
        from estlab.workflow import Estimator, LocalSession
        est = Estimator({str(script)!r}, session=LocalSession(root={str(tmp_path / 'root')!r}))
        est.fit(job_name="orphan", wait=False)
        import time
        time.sleep(60)
    """))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    parent = subprocess.Popen([sys.executable, str(driver)], env=env)
    deadline = time.monotonic() + 30
    while not (beat / "beat").exists():
        assert time.monotonic() < deadline, "the job never started"
        assert parent.poll() is None, "the driver ended early"
        time.sleep(0.05)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    time.sleep(0.5)
    size = (beat / "beat").stat().st_size
    time.sleep(0.5)
    assert (beat / "beat").stat().st_size == size, "the job outlived the process that ran it"
    session = LocalSession(root=tmp_path / "root")
    d = session.describe_training_job("orphan")
    assert d["TrainingJobStatus"] == "Failed"
    assert "ended while the job ran" in d["FailureReason"]


def test_sandbox_start_cost_is_small(tmp_path):
    # the goal is <= 50 ms a host; a loose bound here (timings belong in benchmarks/)
    host = tmp_path / "h"
    host.mkdir()
    start = time.monotonic()
    for _ in range(5):
        proc = sandbox.spawn(host, ["true"], env=sandbox.base_environment(), cwd="/opt/ml")
        assert proc.wait() == 0
    assert (time.monotonic() - start) / 5 < 1.0


def _wheel(folder, name="estlab_demo_dep", version="1.0"):
    """A minimal pure-Python wheel (what ``pip wheel`` would write), built by hand: no network."""
    import zipfile

    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": "VALUE = 42\n",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
                              "Tag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{f},,\n" for f in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as z:
        for f, text in files.items():
            z.writestr(f, text)
    return path


def test_requirements_txt_is_installed_for_the_job_not_for_the_caller(tmp_path, local_session):
    source = tmp_path / "src"
    source.mkdir()
    wheel = _wheel(source)
    (source / "requirements.txt").write_text(wheel.name + "\n")
    (source / "train.py").write_text(textwrap.dedent("""
        import estlab_demo_dep
        open("/opt/ml/model/value.txt", "w").write(str(estlab_demo_dep.VALUE))
    """))
    est = Estimator("train.py", source_dir=str(source), session=local_session)
    est.fit(logs=False)
    folder = local_session.job_folder("training", est.latest_training_job.name)
    assert (folder / "algo-1" / "model" / "value.txt").read_text() == "42"
    assert "Installing dependencies from requirements.txt" in (folder / "log.txt").read_text()
    with pytest.raises(ImportError):  # the caller's environment is untouched
        import estlab_demo_dep  # noqa: F401


def test_a_requirement_that_cannot_install_fails_the_job_with_the_reason(tmp_path,
                                                                          local_session):
    source = tmp_path / "src"
    source.mkdir()
    (source / "requirements.txt").write_text("./no-such-package-1.0-py3-none-any.whl\n")
    (source / "train.py").write_text("print('never runs')\n")
    est = Estimator("train.py", source_dir=str(source), session=local_session)
    with pytest.raises(JobFailedError, match="InstallRequirementsError"):
        est.fit(logs=False)
    log = (local_session.job_folder("training", est.latest_training_job.name) / "log.txt")
    assert "never runs" not in log.read_text()


ENDPOINT_SCRIPT = '''
import json, os


def model_fn(model_dir):
    # hard-coded, as scripts written for SageMaker's containers often are
    return {"weights": open("/opt/ml/model/weights.txt").read(), "model_dir": model_dir}


def predict_fn(data, model):
    caller_home = os.environ.get("CALLER_HOME", "/nonexistent")
    return {**model, "pid": os.getpid(), "cwd": os.getcwd(), "env": sorted(os.environ),
            "submit": os.environ.get("SAGEMAKER_SUBMIT_DIRECTORY"),
            "caller_home": os.path.exists(caller_home) and os.listdir(caller_home)}
'''


def test_endpoints_run_in_a_sandbox_like_the_inference_container(tmp_path, monkeypatch):
    import tarfile

    from estlab.workflow import JSONDeserializer, JSONSerializer, Model

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "caller-secret")
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[default]\naws_secret_access_key = x\n")
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "weights.txt").write_text("w = 2")
    (tmp_path / "inference.py").write_text(ENDPOINT_SCRIPT)
    with tarfile.open(tmp_path / "model.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "weights.txt", arcname="weights.txt")
    session = LocalSession(root=tmp_path / "root")
    try:
        model = Model(str(tmp_path / "model.tar.gz"), entry_point=str(tmp_path / "inference.py"),
                      env={"CALLER_HOME": str(home)}, session=session)
        predictor = model.deploy(
            serializer=JSONSerializer(), deserializer=JSONDeserializer())
        seen = predictor.predict([1.0])
        assert seen["weights"] == "w = 2" and seen["model_dir"] == "/opt/ml/model"
        assert seen["submit"] == "/opt/ml/model/code" and seen["cwd"] == "/opt/ml"
        assert seen["pid"] < 100  # its own PID namespace (pid 1 is the sandbox's reaper)
        assert "AWS_SECRET_ACCESS_KEY" not in seen["env"] and "CALLER_HOME" in seen["env"]
        assert seen["caller_home"] in (False, [])  # the caller's home is hidden
        # the registry names the sandbox's process group, which other processes can signal
        info = json.loads((session.root / "endpoints" / predictor.endpoint_name
                           / "server.json").read_text())
        assert info["sandboxed"] is True
        os.kill(info["pid"], 0)
        predictor.delete_endpoint()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(info["pid"], 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the endpoint's sandbox outlived delete_endpoint")
    finally:
        session.close()
