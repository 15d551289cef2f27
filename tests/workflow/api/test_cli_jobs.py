"""The AWS CLI (awscli v1, unmodified) against ``estlab serve``: processing jobs, endpoints and
batch transform, each also failing as SageMaker fails, and the CLI's own waiters.

The waiters (``aws sagemaker wait ...``) poll every 30-60 s, so each test first polls the
describe call until the resource has settled and then runs the waiter, which returns on its
first call: success for Completed/Stopped/InService, "terminal failure state" for Failed.
"""

import json
import time

import pytest
from api_helpers import (BUCKET, INFERENCE_SCRIPT, ROLE, SKLEARN_TRAINING, linear_model_tar,
                         tar_gz)
from test_cli import aws, start, stop

PREP = """
import argparse, os, sys
parser = argparse.ArgumentParser()
parser.add_argument("--input")
parser.add_argument("--out")
args = parser.parse_args()
rows = open(os.path.join(args.input, "raw.csv")).read().split()
if "boom" in rows:
    sys.exit("cannot parse 'boom' in raw.csv")
with open(os.path.join(args.out, "scaled.csv"), "w") as f:
    f.write("\\n".join(str(float(r) * 3) for r in rows))
"""


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """``estlab serve`` as a command with a bucket of data, code and a model; ``run(*args)``
    runs the AWS CLI against it (``run.sm``: a boto3 client, to poll without the CLI's 3 s
    start-up per call)."""
    import boto3

    proc, url = start(tmp_path_factory.mktemp("cli-root"))

    def run(*args):
        return aws(url, *args)

    try:
        session = boto3.session.Session(aws_access_key_id="testing",
                                        aws_secret_access_key="testing", region_name="us-east-1")
        s3 = session.client("s3", endpoint_url=url)
        run.sm = session.client("sagemaker", endpoint_url=url)
        s3.create_bucket(Bucket=BUCKET)
        for key, body in (("raw/ok/raw.csv", b"1\n2\n3\n"), ("raw/bad/raw.csv", b"1\nboom\n"),
                          ("code/prep.py", PREP.encode()),
                          ("model/model.tar.gz", linear_model_tar([2.0, -1.0], 0.5)),
                          ("code/sourcedir.tar.gz", tar_gz({"inference.py": INFERENCE_SCRIPT})),
                          ("batch/ok/part-1.csv", b"1,1\n0,0\n2,-1\n"),
                          ("batch/bad/part-1.csv", b"1,1\n666,1\n")):
            s3.put_object(Bucket=BUCKET, Key=key, Body=body)
        yield run
    finally:
        stop(proc)


def _settle(run, command, option, name, key, done, timeout=60):
    """Poll (boto3) until ``key`` is in ``done``; then ``aws sagemaker <command>`` once."""
    describe = getattr(run.sm, command.replace("-", "_"))
    param = "".join(part.title() for part in option.lstrip("-").split("-"))
    deadline = time.monotonic() + timeout
    while describe(**{param: name})[key] not in done and time.monotonic() < deadline:
        time.sleep(0.1)
    code, out, err = run("sagemaker", command, option, name)
    assert code == 0, err
    return json.loads(out)


def _processing_request(name, data_key):
    return {
        "ProcessingJobName": name, "RoleArn": ROLE,
        "ProcessingResources": {"ClusterConfig": {
            "InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}},
        "AppSpecification": {
            "ImageUri": SKLEARN_TRAINING,
            "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/prep.py"],
            "ContainerArguments": ["--input", "/opt/ml/processing/input/data",
                                   "--out", "/opt/ml/processing/out"]},
        "ProcessingInputs": [
            {"InputName": name_, "S3Input": {"S3Uri": f"s3://{BUCKET}/{key}", "LocalPath": local,
                                             "S3DataType": "S3Prefix", "S3InputMode": "File"}}
            for name_, key, local in (("data", data_key, "/opt/ml/processing/input/data"),
                                      ("code", "code/prep.py",
                                       "/opt/ml/processing/input/code"))],
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "out", "S3Output": {
            "S3Uri": f"s3://{BUCKET}/processed/{name}", "LocalPath": "/opt/ml/processing/out",
            "S3UploadMode": "EndOfJob"}}]},
        "StoppingCondition": {"MaxRuntimeInSeconds": 300},
    }


def test_aws_cli_runs_a_processing_job_and_waits_for_it(cli):
    code, out, err = cli("sagemaker", "create-processing-job", "--cli-input-json",
                         json.dumps(_processing_request("cli-proc-ok", "raw/ok/")))
    assert code == 0, err
    assert json.loads(out)["ProcessingJobArn"].endswith(":processing-job/cli-proc-ok")
    record = _settle(cli, "describe-processing-job", "--processing-job-name", "cli-proc-ok",
                     "ProcessingJobStatus", ("Completed", "Failed", "Stopped"))
    assert record["ProcessingJobStatus"] == "Completed", record.get("FailureReason")
    code, _, err = cli("sagemaker", "wait", "processing-job-completed-or-stopped",
                       "--processing-job-name", "cli-proc-ok")
    assert code == 0, err
    code, out, err = cli("s3", "cp", f"s3://{BUCKET}/processed/cli-proc-ok/scaled.csv", "-")
    assert code == 0, err
    assert out.split() == ["3.0", "6.0", "9.0"]


def test_aws_cli_sees_a_failing_processing_job_fail(cli):
    code, _, err = cli("sagemaker", "create-processing-job", "--cli-input-json",
                       json.dumps(_processing_request("cli-proc-bad", "raw/bad/")))
    assert code == 0, err
    record = _settle(cli, "describe-processing-job", "--processing-job-name", "cli-proc-bad",
                     "ProcessingJobStatus", ("Completed", "Failed", "Stopped"))
    assert record["ProcessingJobStatus"] == "Failed"
    assert record["FailureReason"].startswith("AlgorithmError: ")
    assert "cannot parse 'boom' in raw.csv" in record["FailureReason"]
    code, _, err = cli("sagemaker", "wait", "processing-job-completed-or-stopped",
                       "--processing-job-name", "cli-proc-bad")
    assert code != 0
    assert "Waiter ProcessingJobCompletedOrStopped failed: Waiter encountered a terminal " \
           "failure state" in err
    code, out, _ = cli("s3", "ls", f"s3://{BUCKET}/processed/cli-proc-bad/")
    assert out == ""  # EndOfJob outputs are uploaded only when the job succeeds


def _create_model(cli, name, image=SKLEARN_TRAINING):
    code, out, err = cli(
        "sagemaker", "create-model", "--model-name", name, "--execution-role-arn", ROLE,
        "--primary-container", json.dumps({
            "Image": image, "ModelDataUrl": f"s3://{BUCKET}/model/model.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py",
                            "SAGEMAKER_SUBMIT_DIRECTORY":
                                f"s3://{BUCKET}/code/sourcedir.tar.gz"}}))
    assert code == 0, err
    return json.loads(out)["ModelArn"]


def _create_endpoint(cli, name, model):
    code, _, err = cli("sagemaker", "create-endpoint-config", "--endpoint-config-name",
                       f"{name}-config", "--production-variants", json.dumps([{
                           "VariantName": "AllTraffic", "ModelName": model,
                           "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}]))
    assert code == 0, err
    code, out, err = cli("sagemaker", "create-endpoint", "--endpoint-name", name,
                         "--endpoint-config-name", f"{name}-config")
    assert code == 0, err
    assert json.loads(out)["EndpointArn"].endswith(f":endpoint/{name}")


def test_aws_cli_hosts_invokes_and_deletes_an_endpoint(cli, tmp_path):
    assert _create_model(cli, "cli-model").endswith(":model/cli-model")
    _create_endpoint(cli, "cli-ep", "cli-model")
    record = _settle(cli, "describe-endpoint", "--endpoint-name", "cli-ep", "EndpointStatus",
                     ("InService", "Failed"))
    assert record["EndpointStatus"] == "InService", record.get("FailureReason")
    code, _, err = cli("sagemaker", "wait", "endpoint-in-service", "--endpoint-name", "cli-ep")
    assert code == 0, err
    (tmp_path / "rows.json").write_text("[[1, 1], [0, 0]]")
    code, out, err = cli("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "cli-ep",
                         "--body", f"fileb://{tmp_path / 'rows.json'}",
                         "--content-type", "application/json", "--accept", "application/json",
                         str(tmp_path / "answer.json"))
    assert code == 0, err
    assert json.loads(out)["ContentType"] == "application/json"
    assert json.loads((tmp_path / "answer.json").read_text()) == pytest.approx([1.5, 0.5])
    # the model raises inside its container: the CLI prints SageMaker's ModelError
    (tmp_path / "beast.json").write_text("[[666, 1]]")
    code, _, err = cli("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "cli-ep",
                       "--body", f"fileb://{tmp_path / 'beast.json'}",
                       "--content-type", "application/json", str(tmp_path / "no.json"))
    assert code != 0
    assert "An error occurred (ModelError) when calling the InvokeEndpoint operation: " \
           "Received server error (500) from primary" in err
    assert "the number of the beast" in err
    code, _, err = cli("sagemaker", "delete-endpoint", "--endpoint-name", "cli-ep")
    assert code == 0, err
    code, _, err = cli("sagemaker", "wait", "endpoint-deleted", "--endpoint-name", "cli-ep")
    assert code == 0, err
    code, _, err = cli("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "cli-ep",
                       "--body", f"fileb://{tmp_path / 'rows.json'}",
                       "--content-type", "application/json", str(tmp_path / "gone.json"))
    assert code != 0 and "Endpoint cli-ep of account 000000000000 not found." in err


def test_aws_cli_sees_an_endpoint_whose_image_cannot_run_fail(cli):
    image = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
    _create_model(cli, "cli-model-kmeans", image=image)
    _create_endpoint(cli, "cli-ep-kmeans", "cli-model-kmeans")
    record = _settle(cli, "describe-endpoint", "--endpoint-name", "cli-ep-kmeans",
                     "EndpointStatus", ("InService", "Failed"))
    assert record["EndpointStatus"] == "Failed"
    assert image in record["FailureReason"]
    code, _, err = cli("sagemaker", "wait", "endpoint-in-service", "--endpoint-name",
                       "cli-ep-kmeans")
    assert code != 0
    assert "Waiter EndpointInService failed: Waiter encountered a terminal failure state" in err
    assert cli("sagemaker", "delete-endpoint", "--endpoint-name", "cli-ep-kmeans")[0] == 0


def _transform_request(name, model, prefix):
    return {
        "TransformJobName": name, "ModelName": model,
        "BatchStrategy": "MultiRecord", "MaxPayloadInMB": 1,
        "TransformInput": {"DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/{prefix}"}},
            "ContentType": "text/csv", "SplitType": "Line"},
        "TransformOutput": {"S3OutputPath": f"s3://{BUCKET}/batch-out/{name}",
                            "Accept": "text/csv", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
    }


@pytest.fixture(scope="module")
def batch_model(cli):
    _create_model(cli, "cli-batch-model")
    return "cli-batch-model"


def test_aws_cli_runs_a_transform_job_and_waits_for_it(cli, batch_model):
    code, out, err = cli("sagemaker", "create-transform-job", "--cli-input-json",
                         json.dumps(_transform_request("cli-tj-ok", batch_model, "batch/ok")))
    assert code == 0, err
    assert json.loads(out)["TransformJobArn"].endswith(":transform-job/cli-tj-ok")
    record = _settle(cli, "describe-transform-job", "--transform-job-name", "cli-tj-ok",
                     "TransformJobStatus", ("Completed", "Failed", "Stopped"))
    assert record["TransformJobStatus"] == "Completed", record.get("FailureReason")
    code, _, err = cli("sagemaker", "wait", "transform-job-completed-or-stopped",
                       "--transform-job-name", "cli-tj-ok")
    assert code == 0, err
    code, out, err = cli("s3", "cp", f"s3://{BUCKET}/batch-out/cli-tj-ok/part-1.csv.out", "-")
    assert code == 0, err
    assert [float(v) for v in out.split()] == pytest.approx([1.5, 0.5, 5.5])


def test_aws_cli_sees_a_failing_transform_job_fail(cli, batch_model):
    code, _, err = cli("sagemaker", "create-transform-job", "--cli-input-json",
                       json.dumps(_transform_request("cli-tj-bad", batch_model, "batch/bad")))
    assert code == 0, err
    record = _settle(cli, "describe-transform-job", "--transform-job-name", "cli-tj-bad",
                     "TransformJobStatus", ("Completed", "Failed", "Stopped"))
    assert record["TransformJobStatus"] == "Failed"
    assert "the number of the beast" in record["FailureReason"]
    code, _, err = cli("sagemaker", "wait", "transform-job-completed-or-stopped",
                       "--transform-job-name", "cli-tj-bad")
    assert code != 0
    assert "Waiter TransformJobCompletedOrStopped failed: Waiter encountered a terminal " \
           "failure state" in err
    # an input prefix with no objects: rejected at create, as SageMaker rejects it
    code, _, err = cli("sagemaker", "create-transform-job", "--cli-input-json",
                       json.dumps(_transform_request("cli-tj-none", batch_model, "batch/none")))
    assert code != 0
    assert "(ValidationException) when calling the CreateTransformJob operation: No S3 " \
           f'objects found under S3 URL "s3://{BUCKET}/batch/none"' in err
