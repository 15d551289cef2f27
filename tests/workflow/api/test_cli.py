"""``estlab serve`` as a command, driven by the AWS CLI; its state across a restart."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api_helpers import BUCKET, tar_gz, training_request, TRAIN_SCRIPT

AWS = str(Path(sys.executable).with_name("aws"))


def start(root):
    """``estlab serve --port 0 --root root`` as a subprocess; return (process, url)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "estlab._cli", "serve", "--port", "0",
                             "--root", str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    line = proc.stdout.readline()
    assert line.startswith("estlab serve: SageMaker API on http://127.0.0.1:"), line
    return proc, line.split(" on ", 1)[1].split()[0]


def stop(proc):
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)  # also closes the pipe
    assert proc.returncode == 0, out


def aws(url, *args, stdin=None):
    env = {**os.environ, "AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_EC2_METADATA_DISABLED": "true"}
    done = subprocess.run([AWS, *args], capture_output=True, text=True, env=env, input=stdin,
                          timeout=60)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def files(tmp_path):
    (tmp_path / "train.csv").write_text("1,0.5\n2,1.0\n3,1.5\n4,2.0\n")
    (tmp_path / "sourcedir.tar.gz").write_bytes(tar_gz({"train.py": TRAIN_SCRIPT}))
    return tmp_path


def test_aws_cli_trains_lists_and_reads_the_logs_then_state_survives_a_restart(tmp_path, files):
    root = tmp_path / "root"
    proc, url = start(root)
    try:
        assert aws(url, "s3", "mb", f"s3://{BUCKET}")[0] == 0
        assert aws(url, "s3", "cp", str(files / "train.csv"), f"s3://{BUCKET}/data/train.csv")[0] == 0
        assert aws(url, "s3", "cp", str(files / "sourcedir.tar.gz"),
                   f"s3://{BUCKET}/code/sourcedir.tar.gz")[0] == 0
        request = json.dumps(training_request("cli-job-1"))
        code, out, err = aws(url, "sagemaker", "create-training-job", "--cli-input-json", request)
        assert code == 0, err
        assert json.loads(out)["TrainingJobArn"].endswith(":training-job/cli-job-1")
        deadline = time.monotonic() + 60
        while True:
            code, out, err = aws(url, "sagemaker", "describe-training-job",
                                 "--training-job-name", "cli-job-1")
            status = json.loads(out)["TrainingJobStatus"]
            if status != "InProgress" or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == "Completed", json.loads(out).get("FailureReason")
        code, out, _ = aws(url, "sagemaker", "list-training-jobs")
        assert [s["TrainingJobName"] for s in json.loads(out)["TrainingJobSummaries"]] == \
            ["cli-job-1"]
        # awscli v1 (PyPI) has no `logs tail`; get-log-events reads the same stream
        time.sleep(0.5)
        code, out, _ = aws(url, "logs", "describe-log-streams", "--log-group-name",
                           "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", "cli-job-1")
        [stream] = json.loads(out)["logStreams"]
        code, out, _ = aws(url, "logs", "get-log-events", "--log-group-name",
                           "/aws/sagemaker/TrainingJobs", "--log-stream-name",
                           stream["logStreamName"], "--start-from-head")
        assert "train_loss=0.125" in [e["message"] for e in json.loads(out)["events"]]
        # a bad request: the CLI prints SageMaker's ValidationException
        code, _, err = aws(url, "sagemaker", "describe-training-job", "--training-job-name",
                           "no_such")
        assert code != 0 and "ValidationException" in err and "trainingJobName" in err
    finally:
        stop(proc)
    proc, url = start(root)  # same root: SageMaker records survive, moto's S3 starts empty
    try:
        code, out, _ = aws(url, "sagemaker", "describe-training-job", "--training-job-name",
                           "cli-job-1")
        assert json.loads(out)["TrainingJobStatus"] == "Completed"
        code, out, err = aws(url, "s3", "ls", f"s3://{BUCKET}")
        assert code != 0 and "NoSuchBucket" in err
    finally:
        stop(proc)
