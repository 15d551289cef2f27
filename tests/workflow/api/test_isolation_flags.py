"""estlab's own ``Estimator(enable_network_isolation=...)`` and ``ScriptProcessor(network_config=...)``.

The flags reach the job: with ``LocalSession`` the host runs in a sandbox without a network, and
through ``SageMakerSession`` the SDK v3 sends ``EnableNetworkIsolation`` /
``NetworkConfig.EnableNetworkIsolation`` to the API (``estlab serve`` here), whose job then runs
isolated too. Each isolated run has its control: the same code without the flag connects.
"""

import io
import json
import socket
import tarfile
import textwrap

import pytest

from estlab.workflow import (Estimator, LocalSession, ProcessingOutput, ScriptProcessor,
                             WorkflowError)
from estlab.workflow.local import sandbox
from estlab.workflow.rehearsal import SAGEMAKER_TRUST_POLICY
from estlab.workflow.sagemaker.session import SageMakerSession

pytestmark = [
    pytest.mark.skipif(not sandbox.enabled(), reason="needs the bubblewrap sandbox"),
    pytest.mark.filterwarnings("ignore:sagemaker.train.configs has been moved:DeprecationWarning"),
]

PROBE = textwrap.dedent('''
    import os, socket, sys
    try:
        socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), timeout=5).close()
        outcome = "connected"
    except OSError as err:
        outcome = type(err).__name__
    out = sys.argv[-1] if sys.argv[-1].startswith("/opt/ml/processing") else os.environ.get(
        "SM_MODEL_DIR", "/opt/ml/model")
    open(os.path.join(out, "net.txt"), "w").write(outcome)
''')


BUCKET = "estlab-isolation"


@pytest.fixture(scope="module")
def sdk_session(aws):
    """A SageMakerSession whose SDK v3 talks to the module's ``estlab serve``."""
    import boto3

    aws["s3"].create_bucket(Bucket=BUCKET)
    role = boto3.client("iam").create_role(
        RoleName="estlab-isolation",
        AssumeRolePolicyDocument=json.dumps(SAGEMAKER_TRUST_POLICY))["Role"]["Arn"]
    return SageMakerSession(role=role, bucket=BUCKET, region="us-east-1", poll_seconds=0.1)


@pytest.fixture(scope="module")
def port():
    """A TCP listener on this machine's 127.0.0.1: reachable unless the job is isolated."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def probe(tmp_path):
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "probe.py").write_text(PROBE)
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.csv").write_text("1,2\n")
    return tmp_path


class _NetworkConfig:  # the shape of sagemaker.core.network.NetworkConfig, for LocalSession
    def __init__(self, enable_network_isolation):
        self.enable_network_isolation = enable_network_isolation


def _train(session, probe, port, **flag):
    est = Estimator("probe.py", source_dir=str(probe / "code"), environment={"PORT": str(port)},
                    session=session, **flag)
    est.fit({"train": str(probe / "train")}, logs=False)
    return est


def _outcome_of(model_tar):
    with tarfile.open(fileobj=io.BytesIO(model_tar)) as tar:
        return tar.extractfile("net.txt").read().decode()


def _local_model(est):
    with open(est.model_data.removeprefix("file://"), "rb") as f:
        return f.read()


def test_a_local_estimator_with_network_isolation_reaches_no_network(probe, port):
    session = LocalSession(root=probe / "root")
    assert _outcome_of(_local_model(_train(session, probe, port))) == "connected"  # control
    isolated = _train(session, probe, port, enable_network_isolation=True)
    assert _outcome_of(_local_model(isolated)) == "ConnectionRefusedError"
    assert isolated.latest_training_job.describe()["EnableNetworkIsolation"] is True


def test_a_local_processor_with_network_isolation_reaches_no_network(probe, port):
    session = LocalSession(root=probe / "root")

    def run(name, **flag):
        proc = ScriptProcessor(env={"PORT": str(port)}, session=session, **flag)
        proc.run(str(probe / "code" / "probe.py"), arguments=["/opt/ml/processing/out"],
                 outputs=[ProcessingOutput("/opt/ml/processing/out", str(probe / name))],
                 logs=False)
        return (probe / name / "net.txt").read_text()

    assert run("open") == "connected"
    assert run("closed", network_config=_NetworkConfig(True)) == "ConnectionRefusedError"
    assert run("explicit-off", network_config=_NetworkConfig(False)) == "connected"


def test_the_sdk_route_sends_the_flag_and_the_job_runs_isolated(aws, sdk_session, probe, port):
    def outcome(est):
        bucket, key = est.model_data[len("s3://"):].split("/", 1)
        return _outcome_of(aws["s3"].get_object(Bucket=bucket, Key=key)["Body"].read())

    open_job = _train(sdk_session, probe, port)
    assert outcome(open_job) == "connected"
    assert not open_job.latest_training_job.describe().get("EnableNetworkIsolation")
    isolated = _train(sdk_session, probe, port, enable_network_isolation=True)
    assert outcome(isolated) == "ConnectionRefusedError"
    described = aws["sagemaker"].describe_training_job(
        TrainingJobName=isolated.latest_training_job.name)
    assert described["EnableNetworkIsolation"] is True  # what ModelTrainer sent


def test_the_sdk_route_sends_the_processing_network_config(aws, sdk_session, probe, port):
    from sagemaker.core.network import NetworkConfig

    proc = ScriptProcessor(env={"PORT": str(port)}, session=sdk_session,
                           network_config=NetworkConfig(enable_network_isolation=True))
    proc.run(str(probe / "code" / "probe.py"), arguments=["/opt/ml/processing/out"],
             outputs=[ProcessingOutput("/opt/ml/processing/out",
                                       destination=f"s3://{BUCKET}/isolated-proc")],
             logs=False)
    described = proc.latest_job.describe()
    assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    assert described["NetworkConfig"]["EnableNetworkIsolation"] is True
    [key] = [o["Key"] for o in aws["s3"].list_objects_v2(
        Bucket=BUCKET, Prefix="isolated-proc")["Contents"] if o["Key"].endswith("net.txt")]
    body = aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    assert body == "ConnectionRefusedError"


def test_bad_isolation_arguments_say_what_is_expected(tmp_path):
    with pytest.raises(WorkflowError, match="enable_network_isolation must be True or False; "
                                            "got 'yes'"):
        Estimator("train.py", enable_network_isolation="yes", session=LocalSession(root=tmp_path))
    with pytest.raises(WorkflowError, match=r"network_config must be the SDK's NetworkConfig.*"
                                            r"got dict"):
        ScriptProcessor(network_config={"EnableNetworkIsolation": True},
                        session=LocalSession(root=tmp_path))
