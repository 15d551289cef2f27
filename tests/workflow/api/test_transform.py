"""Batch transform jobs through ``estlab serve`` with boto3: a trained model's predictions, one
``.out`` per input object in S3, failures and errors as SageMaker words them."""

import re
import time

import botocore.exceptions
import numpy as np
import pytest
from api_helpers import BUCKET, ROLE, SKLEARN_TRAINING, tar_gz, training_request, wait

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
        if len(streams) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    names = sorted(s["logStreamName"] for s in streams)  # the server's and the data-log
    assert len(names) == 2 and re.fullmatch(r"tj-1/algo-1-\d+", names[0])
    assert names[1] == f"{names[0]}/data-log"


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


def test_an_empty_input_prefix_is_rejected_at_create_in_sagemakers_words(aws, model):
    sm = aws["sagemaker"]
    for uri in (f"s3://{BUCKET}/batch/nothing-here", "s3://no-such-bucket-estlab/in"):
        job = request("tj-empty", model)
        job["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"] = uri
        with pytest.raises(botocore.exceptions.ClientError) as info:
            sm.create_transform_job(**job)
        bucket = uri.split("/")[2]
        # the wording of aws/amazon-sagemaker-examples#2414 (a real CreateTransformJob answer)
        assert info.value.response["Error"] == {
            "Code": "ValidationException",
            "Message": f'No S3 objects found under S3 URL "{uri}" given in input data source. '
                       "Please ensure that the bucket exists in the selected region "
                       "(us-east-1), that objects exist under that S3 prefix, and that the role "
                       f'"{ROLE}" has "s3:ListBucket" permissions on bucket "{bucket}".'}
    with pytest.raises(botocore.exceptions.ClientError) as info:  # nothing was created
        sm.describe_transform_job(TransformJobName="tj-empty")
    assert info.value.response["Error"]["Message"] == "Requested resource not found."


def test_an_unexpected_error_at_create_fails_the_job_with_its_reason(aws, model, api,
                                                                     monkeypatch):
    sm = aws["sagemaker"]

    def broken(spec):
        raise KeyError("a bug in the runtime")

    monkeypatch.setattr(api.plane.session, "create_transform_job", broken)
    answer = sm.create_transform_job(**request("tj-bug", model))
    assert answer["TransformJobArn"] == f"{ARN}:transform-job/tj-bug"
    record = sm.describe_transform_job(TransformJobName="tj-bug")
    assert record["TransformJobStatus"] == "Failed"
    assert record["FailureReason"] == "InternalServerError: KeyError: 'a bug in the runtime'"
    monkeypatch.undo()  # and the server goes on serving
    assert sm.list_transform_jobs(NameContains="tj-bug")["TransformJobSummaries"][0][
        "TransformJobStatus"] == "Failed"


def test_a_stopped_job_stores_no_output_and_stops_within_a_request(aws, model, api):
    """StopTransformJob: "Amazon SageMaker doesn't store the job's output in Amazon S3"."""
    sm, s3 = aws["sagemaker"], aws["s3"]
    for i in range(3):  # the first files transform at once; then the model blocks for 60 s
        s3.put_object(Bucket=BUCKET, Key=f"batch/slow/part-{i}.csv",
                      Body=b"1,1\n" if i < 2 else b"7777,1\n")
    sm.create_model(ModelName="tr-slow", ExecutionRoleArn=ROLE, PrimaryContainer={
        **sm.describe_model(ModelName=model)["PrimaryContainer"],
        "Environment": {"SAGEMAKER_PROGRAM": "slow.py",
                        "SAGEMAKER_SUBMIT_DIRECTORY": f"s3://{BUCKET}/code/slow.tar.gz"}})
    s3.put_object(Bucket=BUCKET, Key="code/slow.tar.gz", Body=tar_gz({"slow.py": SLOW_SCRIPT}))
    sm.create_transform_job(**request("tj-slow", "tr-slow", prefix="batch/slow",
                                      BatchStrategy="SingleRecord"))
    log = api.plane.session.root / "transform" / "tj-slow" / "transform.log"
    deadline = time.monotonic() + 60
    while "part-1.csv: " not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, "the first two files were never transformed"
        time.sleep(0.05)
    time.sleep(0.3)  # the third request is in the model's 60 s sleep
    started = time.monotonic()
    sm.stop_transform_job(TransformJobName="tj-slow")
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="tj-slow"),
                     "TransformJobStatus", timeout=30)
    assert record["TransformJobStatus"] == "Stopped", record.get("FailureReason")
    assert time.monotonic() - started < 10  # not after the 60 s request
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="batch/out/tj-slow/")
    assert listed.get("Contents", []) == []  # not even the two finished files


def test_the_data_log_stream_names_each_failed_object(aws, model):
    sm, logs = aws["sagemaker"], aws["logs"]
    sm.create_transform_job(**request("tj-datalog", model, prefix="batch/bad"))
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="tj-datalog"),
                     "TransformJobStatus")
    assert record["TransformJobStatus"] == "Failed"
    group, deadline = "/aws/sagemaker/TransformJobs", time.monotonic() + 10
    while True:
        streams = [s["logStreamName"] for s in logs.describe_log_streams(
            logGroupName=group, logStreamNamePrefix="tj-datalog/")["logStreams"]]
        data = [s for s in streams if s.endswith("/data-log")]
        messages = [e["message"] for s in data for e in logs.get_log_events(
            logGroupName=group, logStreamName=s, startFromHead=True)["events"]]
        if any("Message:" in m for m in messages) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    [stream] = data
    instance = stream[:-len("/data-log")]
    assert instance in streams  # the model server's own stream, same instance
    assert re.fullmatch(r"tj-datalog/algo-1-\d+", instance)
    texts = [m.split(":[sagemaker logs]: ", 1) for m in messages]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", t[0]) for t in texts)
    lines = [t[1] for t in texts]
    assert lines[0] == "MaxConcurrentTransforms=1, MaxPayloadInMB=1, BatchStrategy=MULTI_RECORD"
    source = f"{BUCKET}/batch/bad/part-1.csv"
    assert lines[1:4] == [f"{source}: Bad HTTP status received from algorithm: 500",
                          f"{source}: ", f"{source}: Message:"]
    assert any("the number of the beast" in line for line in lines[4:])
    assert all(line.startswith(f"{source}: ") for line in lines[1:])


SLOW_SCRIPT = '''
import time
import numpy as np

def model_fn(model_dir):
    return None

def predict_fn(data, model):
    if np.any(data == 7777):
        time.sleep(60)
    return data.sum(axis=1)
'''


def test_a_model_asking_for_network_isolation_is_refused_saying_why(aws, model):
    """Model servers are not sandboxed locally: the promise is refused, not silently broken."""
    sm = aws["sagemaker"]
    sm.create_model(ModelName="tr-isolated", ExecutionRoleArn=ROLE, EnableNetworkIsolation=True,
                    PrimaryContainer=sm.describe_model(ModelName=model)["PrimaryContainer"])
    sm.create_transform_job(**request("tj-isolated", "tr-isolated"))
    record = sm.describe_transform_job(TransformJobName="tj-isolated")
    assert record["TransformJobStatus"] == "Failed"
    assert record["FailureReason"].startswith(
        "ClientError: model 'tr-isolated' asks for EnableNetworkIsolation")
    sm.create_endpoint_config(EndpointConfigName="ep-isolated", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "tr-isolated", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="ep-isolated", EndpointConfigName="ep-isolated")
    endpoint = sm.describe_endpoint(EndpointName="ep-isolated")
    assert endpoint["EndpointStatus"] == "Failed"
    assert "EnableNetworkIsolation" in endpoint["FailureReason"]
    sm.delete_endpoint(EndpointName="ep-isolated")
    sm.delete_endpoint_config(EndpointConfigName="ep-isolated")
