"""``EnableNetworkIsolation``: a training or processing host with it reaches no network, not even
a server on this machine's 127.0.0.1; without it (the control) the same script connects."""

import io
import json
import socket
import tarfile
import textwrap

import pytest
from api_helpers import BUCKET, tar_gz, training_request, wait
from test_processing import processing_request, wait_job

from estlab.workflow.local import sandbox

pytestmark = pytest.mark.skipif(not sandbox.enabled(), reason="needs the bubblewrap sandbox")

PROBE = textwrap.dedent('''
    import json, os, socket, sys
    try:
        socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), timeout=5).close()
        outcome = "connected"
    except OSError as err:
        outcome = f"{type(err).__name__}: {err}"
    out = sys.argv[-1] if sys.argv[-1].startswith("/opt/ml/processing") else "/opt/ml/model"
    with open(os.path.join(out, "net.json"), "w") as f:
        json.dump({"outcome": outcome}, f)
    print("outcome=" + outcome)
''')


@pytest.fixture(scope="module")
def listener(aws):
    """A TCP server on 127.0.0.1 (the port), and the probe script in S3."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    aws["s3"].put_object(Bucket=BUCKET, Key="net/probe.py", Body=PROBE.encode())
    aws["s3"].put_object(Bucket=BUCKET, Key="code/probe.tar.gz", Body=tar_gz({"probe.py": PROBE}))
    yield server.getsockname()[1]
    server.close()


def _processing(aws, name, port, **extra):
    sm = aws["sagemaker"]
    sm.create_processing_job(**processing_request(
        name, ["python3", "/opt/ml/processing/input/code/probe.py"],
        [{"InputName": "code", "S3Input": {
            "S3Uri": f"s3://{BUCKET}/net/probe.py", "LocalPath": "/opt/ml/processing/input/code",
            "S3DataType": "S3Prefix", "S3InputMode": "File"}}],
        arguments=["/opt/ml/processing/out"], Environment={"PORT": str(port)}, **extra))
    record, _ = wait_job(sm, name)
    assert record["ProcessingJobStatus"] == "Completed", record.get("FailureReason")
    body = aws["s3"].get_object(Bucket=BUCKET, Key=f"processed/{name}/net.json")["Body"]
    return json.loads(body.read())["outcome"]


def _training(aws, name, port, **extra):
    sm = aws["sagemaker"]
    sm.create_training_job(**training_request(name, program="probe.py",
                                              archive="code/probe.tar.gz",
                                              Environment={"PORT": str(port)}, **extra))
    record, _ = wait(lambda: sm.describe_training_job(TrainingJobName=name), "TrainingJobStatus")
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    assert record.get("EnableNetworkIsolation", False) == bool(extra)  # echoed as sent
    uri = record["ModelArtifacts"]["S3ModelArtifacts"]
    bucket, key = uri[len("s3://"):].split("/", 1)
    data = aws["s3"].get_object(Bucket=bucket, Key=key)["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return json.loads(tar.extractfile("net.json").read())["outcome"]


def test_processing_with_network_isolation_cannot_connect_and_without_it_can(aws, listener):
    assert _processing(aws, "net-proc-open", listener) == "connected"  # the control
    isolated = _processing(aws, "net-proc-isolated", listener,
                           NetworkConfig={"EnableNetworkIsolation": True})
    assert isolated.startswith("ConnectionRefusedError")  # its own loopback has no listener


def test_training_with_network_isolation_cannot_connect_and_without_it_can(aws, listener):
    assert _training(aws, "net-train-open", listener) == "connected"
    isolated = _training(aws, "net-train-isolated", listener, EnableNetworkIsolation=True)
    assert isolated.startswith("ConnectionRefusedError")


def test_isolation_without_a_sandbox_fails_the_job_saying_why(aws, listener, monkeypatch):
    monkeypatch.setenv("ESTLAB_SANDBOX", "0")
    sm = aws["sagemaker"]
    sm.create_training_job(**training_request("net-nosandbox", program="probe.py",
                                              archive="code/probe.tar.gz",
                                              EnableNetworkIsolation=True))
    record = sm.describe_training_job(TrainingJobName="net-nosandbox")
    assert record["TrainingJobStatus"] == "Failed"
    assert "EnableNetworkIsolation" in record["FailureReason"]
    assert "ESTLAB_SANDBOX=0 is set" in record["FailureReason"]
