"""estlab's SageMakerSession, through the real SDK v3, against ``estlab serve``: jobs execute.

The bridge to AWS is run end to end on this machine, not only rehearsed: ``ModelTrainer`` and
``FrameworkProcessor`` send their requests to the local API, which runs them in the sandbox.
The same ``Estimator`` run by ``LocalSession`` and by ``SageMakerSession`` gives its script the
same argv, working directory and environment (job names aside).
"""

import io
import json
import tarfile
import textwrap

import pytest

from estlab.workflow import (Estimator, JobFailedError, LocalSession, ProcessingInput,
                             ProcessingOutput, ScriptProcessor)
from estlab.workflow.rehearsal import SAGEMAKER_TRUST_POLICY
from estlab.workflow.sagemaker.session import SageMakerSession

# The SDK's own import-time DeprecationWarning (sagemaker.train.model_trainer imports its
# sagemaker.train.configs shim); estlab imports the new location, the SDK itself does not yet.
pytestmark = pytest.mark.filterwarnings(
    "ignore:sagemaker.train.configs has been moved:DeprecationWarning")

BUCKET = "estlab-sdk-live"
TRUST = SAGEMAKER_TRUST_POLICY
DUMP = textwrap.dedent('''
    import json, os, sys
    seen = {"argv": sys.argv[1:], "cwd": os.getcwd(), "env": dict(os.environ)}
    with open(os.path.join(os.environ["SM_MODEL_DIR"], "seen.json"), "w") as f:
        json.dump(seen, f)
    if os.environ.get("SM_HP_FAIL"):
        sys.exit("asked to fail")
''')


@pytest.fixture(scope="module")
def sdk_session(aws):
    """A SageMakerSession whose SDK v3 talks to the module's ``estlab serve``."""
    import boto3

    aws["s3"].create_bucket(Bucket=BUCKET)
    # The SDK v3 checks the role's trust policy in IAM before it creates a job, as on AWS.
    role = boto3.client("iam").create_role(
        RoleName="estlab-sdk-live", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    return SageMakerSession(role=role, bucket=BUCKET, region="us-east-1", poll_seconds=0.1)


def _seen_in(model_tar):
    with tarfile.open(fileobj=io.BytesIO(model_tar)) as tar:
        return json.load(tar.extractfile("seen.json"))


def test_the_same_estimator_gives_its_script_the_same_argv_and_environment(
        aws, sdk_session, tmp_path):
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "dump.py").write_text(DUMP)
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.csv").write_text("1,2\n")
    hps = {"alpha": 0.1, "name": "x y", "flag": True, "n": 3}

    def estimator(session):
        return Estimator("dump.py", source_dir=str(tmp_path / "code"), hyperparameters=hps,
                         instance_type="ml.m5.large", session=session)

    local = estimator(LocalSession(root=tmp_path / "local"))
    local.fit({"train": str(tmp_path / "train")}, logs=False)
    with tarfile.open(local.model_data.removeprefix("file://")) as tar:
        seen_local = json.load(tar.extractfile("seen.json"))

    remote = estimator(sdk_session)
    remote.fit({"train": str(tmp_path / "train")}, logs=False)
    assert remote.model_data.startswith(f"s3://{BUCKET}/")
    bucket, key = remote.model_data[len("s3://"):].split("/", 1)
    seen_remote = _seen_in(aws["s3"].get_object(Bucket=bucket, Key=key)["Body"].read())

    assert seen_remote["argv"] == seen_local["argv"] == [
        "--alpha", "0.1", "--flag", "True", "-n", "3", "--name", "x y"]
    assert seen_remote["cwd"] == seen_local["cwd"] == "/opt/ml/code"
    names = (local.latest_training_job.name, remote.latest_training_job.name)

    def comparable(env, name):  # the job names differ (two jobs); everything else must not
        return {k: v.replace(name, "<job>") for k, v in env.items()}

    assert comparable(seen_remote["env"], names[1]) == comparable(seen_local["env"], names[0])
    aws_vars = {k: v for k, v in seen_remote["env"].items() if k.startswith("AWS_")}
    assert aws_vars == {"AWS_REGION": "us-east-1"}, aws_vars  # SageMaker's; no caller keys


def test_a_failing_job_raises_with_sagemakers_failure_reason(aws, sdk_session, tmp_path):
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "dump.py").write_text(DUMP)
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.csv").write_text("1,2\n")
    failing = Estimator("dump.py", source_dir=str(tmp_path / "code"),
                        hyperparameters={"fail": 1}, session=sdk_session)
    with pytest.raises(JobFailedError, match="asked to fail") as err:
        failing.fit({"train": str(tmp_path / "train")}, logs=False)
    assert err.value.description["TrainingJobStatus"] == "Failed"
    assert err.value.description["FailureReason"].startswith("AlgorithmError")


def test_a_processing_job_runs_through_the_sdks_framework_processor(aws, sdk_session, tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "numbers.csv").write_text("1\n2\n3\n")
    script = tmp_path / "double.py"
    script.write_text(textwrap.dedent('''
        import sys
        from pathlib import Path
        rows = Path("/opt/ml/processing/input/numbers.csv").read_text().split()
        out = Path("/opt/ml/processing/out")
        (out / "doubled.csv").write_text("\\n".join(str(2 * int(r)) for r in rows))
        print("doubled", len(rows), "rows; argv", sys.argv[1:])
    '''))
    processor = ScriptProcessor(command=["python3"], session=sdk_session,
                                base_job_name="double")
    processor.run(code=str(script),
                  inputs=[ProcessingInput(str(tmp_path / "raw"), "/opt/ml/processing/input")],
                  outputs=[ProcessingOutput("/opt/ml/processing/out",
                                            destination=f"s3://{BUCKET}/doubled")],
                  arguments=["--flag", "on"], logs=False)
    described = processor.latest_job.describe()
    assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    # what the SDK sent is what ran: its runproc.sh entrypoint, as on SageMaker
    assert described["AppSpecification"]["ContainerEntrypoint"][0] == "/bin/bash"
    keys = [o["Key"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET,
                                                         Prefix="doubled")["Contents"]]
    [key] = [k for k in keys if k.endswith("doubled.csv")]
    body = aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    assert body.split() == ["2", "4", "6"]


PROCESSING_DUMP = textwrap.dedent('''
    import json, os, sys
    from pathlib import Path
    out = Path("/opt/ml/processing/out")
    files = sorted(str(p) for p in Path("/opt/ml").rglob("*") if p.is_file())
    seen = {"argv": sys.argv, "cwd": os.getcwd(), "env": dict(os.environ), "files": files,
            "resourceconfig": json.loads(Path("/opt/ml/config/resourceconfig.json").read_text())}
    (out / "seen.json").write_text(json.dumps(seen))
''')


@pytest.fixture(scope="module")
def processing_views(aws, sdk_session, tmp_path_factory):
    """What the same ScriptProcessor's script saw, run by LocalSession and by SageMakerSession."""
    tmp_path = tmp_path_factory.mktemp("processing-parity")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "numbers.csv").write_text("1\n2\n3\n")
    script = tmp_path / "dump_processing.py"
    script.write_text(PROCESSING_DUMP)

    def run(session, destination):
        processor = ScriptProcessor(command=["python3"], session=session, base_job_name="seen",
                                    env={"GREETING": "hello"})
        processor.run(code=str(script),
                      inputs=[ProcessingInput(str(tmp_path / "raw"), "/opt/ml/processing/input")],
                      outputs=[ProcessingOutput("/opt/ml/processing/out",
                                                destination=destination)],
                      arguments=["--flag", "on", "--path", "/opt/ml/processing/input"],
                      logs=False)
        return processor.latest_job.name

    local_name = run(LocalSession(root=tmp_path / "local"), str(tmp_path / "local-out"))
    local = json.loads((tmp_path / "local-out" / "seen.json").read_text())
    remote_name = run(sdk_session, f"s3://{BUCKET}/seen")
    keys = [o["Key"] for o in aws["s3"].list_objects_v2(Bucket=BUCKET,
                                                         Prefix="seen")["Contents"]]
    [key] = [k for k in keys if k.endswith("seen.json")]
    remote = json.loads(aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read())
    for view, name in ((local, local_name), (remote, remote_name)):
        view["env"] = {k: v.replace(name, "<job>") for k, v in view["env"].items()}
    return local, remote


# What bash (the SDK's runproc.sh, which SageMakerSession's FrameworkProcessor sends) adds to
# the script's environment, and the folders of the code (the bundle with estlab, runproc.sh)
_BASH_VARIABLES = ("SHLVL", "OLDPWD", "_", "PWD")
_CODE = ("/opt/ml/processing/input/code/", "/opt/ml/processing/input/entrypoint/")


def test_the_same_processor_gives_its_script_the_same_arguments_environment_and_data_paths(
        processing_views):
    local, remote = processing_views
    assert remote["argv"][1:] == local["argv"][1:] == [
        "--flag", "on", "--path", "/opt/ml/processing/input"]
    assert {k: v for k, v in remote["env"].items() if k not in _BASH_VARIABLES} == \
        {k: v for k, v in local["env"].items() if k not in _BASH_VARIABLES}
    assert remote["env"]["GREETING"] == "hello"
    assert not any(k.startswith(("AWS_", "SM_")) for k in remote["env"])
    assert remote["resourceconfig"] == local["resourceconfig"] == {
        "current_host": "algo-1", "hosts": ["algo-1"]}
    data = [[f for f in view["files"] if not f.startswith(_CODE)] for view in (local, remote)]
    assert data[0] == data[1] == ["/opt/ml/config/processingjobconfig.json",
                                  "/opt/ml/config/resourceconfig.json",
                                  "/opt/ml/processing/input/numbers.csv"]
    # the script is where the SDK's processors put it, in both
    assert "/opt/ml/processing/input/code/dump_processing.py" in local["files"]
    assert "/opt/ml/processing/input/code/dump_processing.py" in remote["files"]


@pytest.mark.xfail(strict=True, reason=(
    "SageMakerSession ships estlab with the script through FrameworkProcessor, whose runproc.sh "
    "cds to /opt/ml/processing/input/code and runs `python3 <script>` from bash; LocalSession's "
    "ScriptProcessor runs `python3 /opt/ml/processing/input/code/<script>` in /opt/ml/processing "
    "as the SDK's ScriptProcessor does. Aligning them is a design choice (reported)."))
def test_the_same_processor_gives_its_script_the_same_argv0_cwd_and_code_folder(
        processing_views):
    local, remote = processing_views
    assert (remote["argv"][0], remote["cwd"]) == (local["argv"][0], local["cwd"])
    assert remote["env"] == local["env"]
    assert remote["files"] == local["files"]
