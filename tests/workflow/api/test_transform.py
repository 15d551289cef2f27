"""Batch transform jobs through ``estlab serve`` with boto3: a trained model's predictions, one
``.out`` per input object in S3, failures and errors as SageMaker words them."""

import time

import botocore.exceptions
import numpy as np
import pytest
from api_helpers import BUCKET, ROLE, SKLEARN_TRAINING, training_request, wait

ARN = "arn:aws:sagemaker:us-east-1:000000000000"
X = np.array([[1.0, 1.0], [0.0, 0.0], [2.0, -1.0], [-0.5, 3.0]])



@pytest.fixture(scope="module")
def model(aws):
    """A model from a trained job's artifact (as in test_boto3), and its true coefficients."""
    sm, s3 = aws["sagemaker"], aws["s3"]
    sm.create_training_job(**training_request("tr-linear"))
    record, _ = wait(lambda: sm.describe_training_job(TrainingJobName="tr-linear"),
                     "TrainingJobStatus")
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    sm.create_model(ModelName="tr-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": SKLEARN_TRAINING, "ModelDataUrl": record["ModelArtifacts"]["S3ModelArtifacts"],
        "Environment": {"SAGEMAKER_PROGRAM": "inference.py",
                        "SAGEMAKER_SUBMIT_DIRECTORY": f"s3://{BUCKET}/code/sourcedir.tar.gz"}})
    csv = "\n".join(",".join(str(v) for v in row) for row in X) + "\n"
    s3.put_object(Bucket=BUCKET, Key="batch/in/part-1.csv", Body=csv.encode())
    s3.put_object(Bucket=BUCKET, Key="batch/bad/part-1.csv", Body=b"1,1\n666,1\n")
    return "tr-model"


def request(name, model_name, prefix="batch/in", **extra):
    """A CreateTransformJob request as the SDK's Transformer sends it."""
    return {
        "TransformJobName": name, "ModelName": model_name,
        "BatchStrategy": "MultiRecord", "MaxPayloadInMB": 1,
        "TransformInput": {"DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/{prefix}"}},
            "ContentType": "text/csv", "SplitType": "Line"},
        "TransformOutput": {"S3OutputPath": f"s3://{BUCKET}/batch/out/{name}",
                            "Accept": "text/csv", "AssembleWith": "Line"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
        **extra,
    }


@pytest.fixture(scope="module")
def completed(aws, model):
    sm = aws["sagemaker"]
    answer = sm.create_transform_job(**request("tj-1", model))
    assert answer["TransformJobArn"] == f"{ARN}:transform-job/tj-1"
    return wait(lambda: sm.describe_transform_job(TransformJobName="tj-1"),
                "TransformJobStatus")


def test_csv_lines_multirecord_give_one_prediction_per_line(aws, completed):
    record, seen = completed
    assert record["TransformJobStatus"] == "Completed", record.get("FailureReason")
    assert seen[0] == "InProgress"
    body = aws["s3"].get_object(Bucket=BUCKET, Key="batch/out/tj-1/part-1.csv.out")["Body"]
    lines = body.read().decode().splitlines()
    assert len(lines) == len(X)
    # the training data are y = 2 x1 - x2 + 0.5 without noise: least squares recovers it
    assert [float(v) for v in lines] == pytest.approx(X @ [2.0, -1.0] + 0.5, abs=1e-4)


def test_describe_echoes_the_request_with_status_and_times(aws, completed):
    record, _ = completed
    assert record["TransformJobName"] == "tj-1"
    assert record["TransformJobArn"] == f"{ARN}:transform-job/tj-1"
    assert record["ModelName"] == "tr-model"
    assert (record["BatchStrategy"], record["MaxPayloadInMB"]) == ("MultiRecord", 1)
    assert record["TransformInput"]["SplitType"] == "Line"
    assert record["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"] == \
        f"s3://{BUCKET}/batch/in"
    assert record["TransformOutput"] == {"S3OutputPath": f"s3://{BUCKET}/batch/out/tj-1",
                                         "Accept": "text/csv", "AssembleWith": "Line"}
    assert record["TransformResources"] == {"InstanceType": "ml.m5.large", "InstanceCount": 1}
    assert record["CreationTime"] <= record["TransformStartTime"] <= record["TransformEndTime"]
    assert "FailureReason" not in record


def test_list_transform_jobs(aws, completed):
    sm = aws["sagemaker"]
    [row] = sm.list_transform_jobs(NameContains="tj-1")["TransformJobSummaries"]
    assert (row["TransformJobName"], row["TransformJobStatus"]) == ("tj-1", "Completed")
    assert row["TransformJobArn"] == f"{ARN}:transform-job/tj-1"
    assert {"CreationTime", "TransformEndTime", "LastModifiedTime"} <= set(row)
    assert sm.list_transform_jobs(NameContains="tj-1", StatusEquals="Failed")[
        "TransformJobSummaries"] == []


def test_model_server_output_reaches_cloudwatch(aws, completed):
    logs, deadline = aws["logs"], time.monotonic() + 10
    while True:
        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TransformJobs",
                                            logStreamNamePrefix="tj-1/")["logStreams"]
        if streams or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert [s["logStreamName"].startswith("tj-1/algo-1-") for s in streams] == [True]


def test_join_source_input_writes_each_record_with_its_prediction(aws, model):
    sm = aws["sagemaker"]
    sm.create_transform_job(**request("tj-join", model, BatchStrategy="SingleRecord",
                                      DataProcessing={"JoinSource": "Input"}))
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="tj-join"),
                     "TransformJobStatus")
    assert record["TransformJobStatus"] == "Completed", record.get("FailureReason")
    body = aws["s3"].get_object(Bucket=BUCKET, Key="batch/out/tj-join/part-1.csv.out")["Body"]
    rows = np.array([[float(v) for v in line.split(",")]
                     for line in body.read().decode().splitlines()])
    assert rows[:, :2] == pytest.approx(X)
    assert rows[:, 2] == pytest.approx(X @ [2.0, -1.0] + 0.5, abs=1e-4)


def test_failing_handler_ends_failed_naming_the_cause(aws, model):
    sm = aws["sagemaker"]
    sm.create_transform_job(**request("tj-fails", model, prefix="batch/bad"))
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="tj-fails"),
                     "TransformJobStatus")
    assert record["TransformJobStatus"] == "Failed"
    assert record["FailureReason"].startswith("ClientError: part-1.csv:")
    assert "the number of the beast" in record["FailureReason"]
    assert "TransformEndTime" in record
    # the model server's traceback (blank lines and all) reaches the job's log stream
    logs, deadline = aws["logs"], time.monotonic() + 10
    while True:
        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TransformJobs",
                                            logStreamNamePrefix="tj-fails/")["logStreams"]
        messages = [e["message"] for s in streams for e in logs.get_log_events(
            logGroupName="/aws/sagemaker/TransformJobs", logStreamName=s["logStreamName"],
            startFromHead=True)["events"]]
        if any("the number of the beast" in m for m in messages) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert any("RuntimeError: the number of the beast" in m for m in messages)


def test_unsupported_content_type_ends_failed_naming_it(aws, model):
    sm = aws["sagemaker"]
    job = request("tj-type", model)
    job["TransformInput"]["ContentType"] = "application/x-parquet"
    sm.create_transform_job(**job)
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="tj-type"),
                     "TransformJobStatus")
    assert record["TransformJobStatus"] == "Failed"
    assert "415" in record["FailureReason"]
    assert "application/x-parquet" in record["FailureReason"]


def test_what_does_not_run_locally_fails_the_job_saying_so(aws, model):
    sm = aws["sagemaker"]
    job = request("tj-gzip", model)
    job["TransformInput"]["CompressionType"] = "Gzip"
    sm.create_transform_job(**job)
    record = sm.describe_transform_job(TransformJobName="tj-gzip")
    assert record["TransformJobStatus"] == "Failed"
    assert "CompressionType 'Gzip'" in record["FailureReason"]


def test_stop_ends_the_job_stopped(aws, model):
    sm = aws["sagemaker"]
    sm.create_transform_job(**request("tj-stop", model))
    sm.stop_transform_job(TransformJobName="tj-stop")
    record, seen = wait(lambda: sm.describe_transform_job(TransformJobName="tj-stop"),
                        "TransformJobStatus")
    assert record["TransformJobStatus"] == "Stopped", record.get("FailureReason")
    assert seen[0] in ("Stopping", "Stopped")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.stop_transform_job(TransformJobName="tj-stop")
    assert info.value.response["Error"]["Message"] == \
        "The request was rejected because the transform job is in status Stopped."


def test_missing_model_and_duplicate_name_get_sagemakers_errors(aws, completed):
    sm = aws["sagemaker"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_transform_job(**request("tj-nomodel", "never-made"))
    assert info.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": f'Could not find model "{ARN}:model/never-made".'}
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.describe_transform_job(TransformJobName="tj-nomodel")  # nothing was created
    assert info.value.response["Error"] == {"Code": "ValidationException",
                                            "Message": "Requested resource not found."}
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_transform_job(**request("tj-1", "tr-model"))
    assert info.value.response["Error"]["Code"] == "ResourceInUse"
    assert f"{ARN}:transform-job/tj-1" in info.value.response["Error"]["Message"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_transform_job(**request("tj_underscore", "tr-model"))
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "transformJobName" in info.value.response["Error"]["Message"]


def test_a_job_running_when_the_server_stopped_ends_failed_after_restart(tmp_path):
    from estlab.workflow.local.api.plane import ControlPlane
    from estlab.workflow.local.records import now

    ControlPlane(tmp_path).store.put("transform-jobs", "orphan", {
        "Request": request("orphan", "some-model"), "CreationTime": now()})
    record = ControlPlane(tmp_path).call("DescribeTransformJob",
                                         {"TransformJobName": "orphan"})
    assert record["TransformJobStatus"] == "Failed"
    assert "estlab serve stopped while this job ran" in record["FailureReason"]
