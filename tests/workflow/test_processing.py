"""Processing jobs on the local runtime: the tutorial pipeline and the container contract."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from estlab.datasets import make_tutorial_rows, write_tutorial_csv
from estlab.workflow import (JobFailedError, NumPyProcessor, ProcessingInput, ProcessingOutput,
                             ScriptProcessor, WorkflowError)
from estlab.workflow._uris import local_path
from estlab.workflow.local import sandbox

ARGS = ["--input", "/opt/ml/processing/input", "--train-output", "/opt/ml/processing/train",
        "--validation-output", "/opt/ml/processing/validation",
        "--test-output", "/opt/ml/processing/test", "--stats-output", "/opt/ml/processing/stats",
        "--target", "churned", "--drop", "customer_id"]
OUTPUTS = ["train", "validation", "test", "stats"]


@pytest.fixture
def tutorial_job(local_session, tmp_path):
    raw = write_tutorial_csv(tmp_path / "raw" / "churn.csv", n=400, random_state=1)
    proc = NumPyProcessor(session=local_session)
    proc.run(inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
             outputs=[ProcessingOutput(f"/opt/ml/processing/{o}", output_name=o) for o in OUTPUTS],
             arguments=ARGS, logs=False)
    return proc, raw


def _complete_raw_rows(raw):
    with open(raw, newline="") as f:
        rows = list(csv.reader(f))[1:]
    missing = {"", "na", "?"}
    return [r for r in rows if all(c.strip().lower() not in missing for c in r[1:])]


def test_tutorial_csv_is_cleaned_split_and_standardised(tutorial_job):
    proc, raw = tutorial_job
    dest = {o.output_name: local_path(o.destination) for o in proc.latest_job.outputs}
    train = np.loadtxt(dest["train"] / "train.csv", delimiter=",")
    val = np.loadtxt(dest["validation"] / "validation.csv", delimiter=",")
    test = np.loadtxt(dest["test"] / "test.csv", delimiter=",")
    complete = _complete_raw_rows(raw)
    assert len(train) + len(val) + len(test) == len(complete)  # messy records dropped
    assert len(complete) < 400
    assert abs(len(val) - 0.2 * len(complete)) <= 1 and abs(len(test) - 0.2 * len(complete)) <= 1
    # target first, encoded no -> 0, yes -> 1
    labels = sorted(r[6].strip().lower() for r in complete)
    assert sorted(np.concatenate([train[:, 0], val[:, 0], test[:, 0]])) == [
        float(label == "yes") for label in labels]
    # features standardised with the training statistics only
    np.testing.assert_allclose(train[:, 1:].mean(axis=0), 0, atol=1e-8)
    np.testing.assert_allclose(train[:, 1:].std(axis=0), 1, atol=1e-8)
    stats = json.loads((dest["stats"] / "standardization.json").read_text())
    assert stats["features"] == ["age", "tenure_months", "monthly_charges", "support_calls",
                                 "contract=monthly"]
    assert stats["classes"] == ["no", "yes"]
    # undo the scaling: validation ages are the raw integers again
    age = val[:, 1] * stats["std"][0] + stats["mean"][0]
    np.testing.assert_allclose(age, np.round(age), atol=1e-6)
    raw_ages = {float(r[1]) for r in complete}
    assert set(np.round(age)) <= raw_ages


def test_describe_and_processingjobconfig(tutorial_job, local_session):
    proc, raw = tutorial_job
    d = proc.latest_job.describe()
    assert d["ProcessingJobStatus"] == "Completed"
    assert d["ProcessingEndTime"] >= d["ProcessingStartTime"]
    assert d["AppSpecification"]["ContainerArguments"] == ARGS  # container paths, unmapped
    assert d["AppSpecification"]["ContainerEntrypoint"] == [
        "python3", "/opt/ml/processing/input/code/preprocess.py"]
    names = [i["InputName"] for i in d["ProcessingInputs"]]
    assert names == ["input-1", "code"]
    assert [o["OutputName"] for o in d["ProcessingOutputConfig"]["Outputs"]] == OUTPUTS
    bucket = local_session.default_output_uri()
    assert d["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"] == \
        f"{bucket}/{proc.latest_job.name}/output/train"
    host = local_session.job_folder("processing", proc.latest_job.name) / "algo-1"
    config = json.loads((host / "config" / "processingjobconfig.json").read_text())
    assert config["ProcessingJobName"] == proc.latest_job.name
    assert config["ProcessingResources"]["ClusterConfig"]["InstanceCount"] == 1
    assert config["ProcessingInputs"][0]["S3Input"]["LocalPath"] == "/opt/ml/processing/input"
    assert json.loads((host / "config" / "resourceconfig.json").read_text()) == {
        "current_host": "algo-1", "hosts": ["algo-1"]}
    assert (host / "processing" / "input" / "churn.csv").read_bytes() == raw.read_bytes()


def test_arguments_env_and_exit_message(local_session, write_script, tmp_path, capsys):
    script = write_script("inspect_env.py", """
        import json, os, pathlib, sys
        args = sys.argv[1:]
        pathlib.Path(args[1], "seen.json").write_text(json.dumps({
            "args": args, "cwd": os.getcwd(),
            "sm": sorted(k for k in os.environ if k.startswith("SM_")),
            "mine": os.environ.get("MY_FLAG")}))
        pathlib.Path(args[3]).write_text("processed 0 records")
        print("done processing")
    """)
    dest = tmp_path / "seen"
    proc = ScriptProcessor(session=local_session, env={"MY_FLAG": "42"}, base_job_name="inspect")
    proc.run(script, outputs=[ProcessingOutput("/opt/ml/processing/out", dest.as_uri())],
             arguments=["--out", "/opt/ml/processing/out", "--message", "/opt/ml/output/message",
                        "--ratio=0.2", "--path=/opt/ml/processing/x"])
    seen = json.loads((dest / "seen.json").read_text())
    # in a sandbox the arguments arrive as given (/opt/ml is the host's folder); without one,
    # container paths are relocated into the host's folder
    host = Path("/opt/ml") if sandbox.enabled() else \
        local_session.job_folder("processing", proc.latest_job.name) / "algo-1"
    assert seen["args"] == ["--out", str(host / "processing" / "out"), "--message",
                            str(host / "output" / "message"), "--ratio=0.2",
                            f"--path={host}/processing/x"]
    assert seen["sm"] == [] and seen["mine"] == "42"  # processing sets no SM_* variables
    assert proc.latest_job.describe()["ExitMessage"] == "processed 0 records"
    out = capsys.readouterr().out
    assert "done processing" in out and "Completed - Processing job completed" in out
    assert proc.latest_job.name.startswith("inspect-")


def test_wait_false_then_wait(local_session, write_script, capsys):
    script = write_script("nap.py", "import time\ntime.sleep(0.4)\nprint('awake')\n")
    proc = ScriptProcessor(session=local_session)
    proc.run(script, wait=False)
    assert proc.latest_job.describe()["ProcessingJobStatus"] == "InProgress"
    assert capsys.readouterr().out == ""
    assert proc.latest_job.wait(logs=False)["ProcessingJobStatus"] == "Completed"
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("kwargs, message", [
    ({"outputs": [ProcessingOutput("/tmp/out")]}, "must begin with /opt/ml/processing/"),
    ({"inputs": [ProcessingInput("x", "/data")]}, "must begin with /opt/ml/processing/"),
    ({"outputs": [ProcessingOutput("/opt/ml/processing/../../../../secret")]}, "'\\.\\.'"),
    ({"inputs": [ProcessingInput("x", "/opt/ml/processing/a/../../../x")]}, "'\\.\\.'"),
    ({"code": "missing.py"}, "not found"),
    ({"job_name": "bad_name"}, "Invalid processing job name"),
])
def test_bad_processing_requests(local_session, write_script, kwargs, message):
    code = write_script("fine.py", "print(1)\n")
    with pytest.raises(WorkflowError, match=message):
        ScriptProcessor(session=local_session).run(**{"code": code, "logs": False, **kwargs})


def test_tutorial_rows_are_reproducible_and_messy():
    header, a = make_tutorial_rows(n=300, random_state=7)
    _, b = make_tutorial_rows(n=300, random_state=7)
    assert a == b
    cells = [c for row in a for c in row]
    assert {"", "NA", "?"} & set(cells)
    assert any(c != c.strip() for c in cells) and {"Yes", "yes", "no"} <= set(cells)
    with pytest.raises(ValueError, match="positive integer"):
        make_tutorial_rows(n=0)


@pytest.mark.parametrize("content, expected", [
    ("", "churn.csv is empty: expected a header row, then one record per line. Remove the "
         "empty file from the input or write the data into it."),
    ("customer_id,age,churned\n", "No complete records to split: the input has the header "
                                   "['customer_id', 'age', 'churned'] but 0 record(s)"),
])
def test_default_script_on_an_empty_csv_fails_with_a_clear_exit_message(local_session, tmp_path,
                                                                        content, expected):
    raw = tmp_path / "raw" / "churn.csv"
    raw.parent.mkdir()
    raw.write_text(content)
    proc = NumPyProcessor(session=local_session)
    with pytest.raises(JobFailedError, match="AlgorithmError") as info:
        proc.run(inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
                 outputs=[ProcessingOutput(f"/opt/ml/processing/{o}", output_name=o)
                          for o in OUTPUTS], arguments=ARGS, logs=False)
    d = proc.latest_job.describe()
    assert d["ProcessingJobStatus"] == "Failed"
    assert d["ExitMessage"].startswith(expected)  # the script's own words, not a traceback
    assert expected in d["FailureReason"] and "StopIteration" not in d["FailureReason"]
    assert expected in str(info.value)


_RUNPROC_SCRIPT = """
import argparse, os, sys
parser = argparse.ArgumentParser()
parser.add_argument("--input")
parser.add_argument("--out")
args = parser.parse_args()
rows = open(os.path.join(args.input, "raw.csv")).read().split()
with open(os.path.join(args.out, "doubled.csv"), "w") as f:
    f.write("\\n".join(str(2 * float(r)) for r in rows))
print("cwd=" + os.getcwd())
"""


def _framework_processor_job(tmp_path, name):
    """The SDK v3 FrameworkProcessor's request: its own runproc.sh, the code as a bundle."""
    import io
    import tarfile
    from types import SimpleNamespace

    from estlab.workflow._specs import (ProcessingInputSpec, ProcessingJobSpec,
                                        ProcessingOutputSpec)

    FrameworkProcessor = pytest.importorskip("sagemaker.core.processing").FrameworkProcessor
    generator = SimpleNamespace(
        command=["python3"], _SOURCE_CODE_CONTAINER_DIR="/opt/ml/processing/input/code/",
        _requirements_file_in_container=FrameworkProcessor._requirements_file_in_container)
    runproc = FrameworkProcessor._generate_framework_script(generator, "double.py")
    assert "cd /opt/ml/processing/input/code/" in runproc  # the container path, hard-coded
    (tmp_path / "entry").mkdir()
    (tmp_path / "entry" / "runproc.sh").write_text(runproc)
    (tmp_path / "code").mkdir()
    with tarfile.open(tmp_path / "code" / "sourcedir.tar.gz", "w:gz") as tar:
        data = _RUNPROC_SCRIPT.encode()
        info = tarfile.TarInfo("double.py")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "raw.csv").write_text("1\n2\n3\n")
    return ProcessingJobSpec(
        job_name=name, command=(), code=None,
        entrypoint=("/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"),
        arguments=("--input", "/opt/ml/processing/input/data", "--out",
                   "/opt/ml/processing/out"),
        inputs=tuple(ProcessingInputSpec(str(tmp_path / d), f"/opt/ml/processing/input/{n}", n)
                     for d, n in (("data", "data"), ("code", "code"), ("entry", "entrypoint"))),
        outputs=(ProcessingOutputSpec("/opt/ml/processing/out", str(tmp_path / "result"),
                                      "out"),))


def test_without_a_sandbox_the_framework_processors_runproc_runs_relocated(
        local_session, tmp_path, monkeypatch):
    monkeypatch.setenv("ESTLAB_SANDBOX", "0")
    sandbox._warned.cache_clear()
    spec = _framework_processor_job(tmp_path, "runproc-nosandbox")
    with pytest.warns(sandbox.SandboxWarning, match="ESTLAB_SANDBOX=0"):
        local_session.create_processing_job(spec)
    record = local_session.wait_for_job("processing", spec.job_name, logs=False)
    assert record["ProcessingJobStatus"] == "Completed"
    assert (tmp_path / "result" / "doubled.csv").read_text().split() == ["2.0", "4.0", "6.0"]
    host = local_session.job_folder("processing", spec.job_name) / "algo-1"
    log = local_session.log_path("processing", spec.job_name).read_text()
    assert f"cwd={host}/processing/input/code" in log  # runproc.sh's cd, relocated


def test_without_a_sandbox_a_job_folder_a_shell_would_split_fails_saying_why(
        tmp_path, monkeypatch):
    from estlab.workflow import LocalSession

    monkeypatch.setenv("ESTLAB_SANDBOX", "0")
    sandbox._warned.cache_clear()
    session = LocalSession(root=tmp_path / "a root with spaces")
    spec = _framework_processor_job(tmp_path, "runproc-spaces")
    with pytest.warns(sandbox.SandboxWarning):
        session.create_processing_job(spec)
    with pytest.raises(JobFailedError) as info:
        session.wait_for_job("processing", spec.job_name, logs=False)
    reason = info.value.description["FailureReason"]
    assert "characters a shell splits" in reason and "ESTLAB_HOME" in reason
