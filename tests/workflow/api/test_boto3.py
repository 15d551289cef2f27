"""boto3, unmodified, against ``estlab serve``: train from S3, host, invoke, fail as SageMaker fails."""

import io
import json
import tarfile
import time

import botocore.exceptions
import pytest

from api_helpers import (BUCKET, ROLE, SKLEARN_TRAINING, linear_model_tar, training_request,
                         wait)

SKLEARN_INFERENCE = SKLEARN_TRAINING  # the same repository serves both scopes



@pytest.fixture(scope="module")
def trained(aws):
    sm = aws["sagemaker"]
    answer = sm.create_training_job(**training_request("linear-1"))
    assert answer["TrainingJobArn"] == \
        "arn:aws:sagemaker:us-east-1:000000000000:training-job/linear-1"
    record, seen = wait(lambda: sm.describe_training_job(TrainingJobName="linear-1"),
                        "TrainingJobStatus")
    return record, seen


def test_training_job_runs_from_s3_and_uploads_its_model_to_s3(aws, trained):
    record, seen = trained
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    assert seen[0] == "InProgress"
    assert [t["Status"] for t in record["SecondaryStatusTransitions"]] == \
        ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    uri = record["ModelArtifacts"]["S3ModelArtifacts"]
    assert uri == f"s3://{BUCKET}/output/linear-1/output/model.tar.gz"
    body = aws["s3"].get_object(Bucket=BUCKET, Key=uri.split("/", 3)[3])["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        assert sorted(tar.getnames()) >= ["b.txt", "w.npy"]
    # the request is echoed as sent; metrics parsed from the script's own output
    assert record["HyperParameters"]["sagemaker_program"] == '"train.py"'
    assert record["RoleArn"] == ROLE
    assert record["FinalMetricDataList"][0]["MetricName"] == "train:loss"
    assert record["FinalMetricDataList"][0]["Value"] == pytest.approx(0.125)


def test_list_training_jobs_finds_the_job(aws, trained):
    summaries = aws["sagemaker"].list_training_jobs(NameContains="linear")["TrainingJobSummaries"]
    assert [(s["TrainingJobName"], s["TrainingJobStatus"]) for s in summaries] == \
        [("linear-1", "Completed")]


def test_job_log_reaches_cloudwatch_with_sagemakers_stream_names(aws, trained):
    logs = aws["logs"]
    deadline = time.monotonic() + 10
    while True:
        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                            logStreamNamePrefix="linear-1/")["logStreams"]
        if streams or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    [stream] = streams
    assert stream["logStreamName"].startswith("linear-1/algo-1-")
    messages = [e["message"] for e in logs.get_log_events(
        logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=stream["logStreamName"],
        startFromHead=True)["events"]]
    assert "train_loss=0.125" in messages
    assert any(m.startswith("fitted w=[2.0, -1.0]") for m in messages)
    assert not any(" Training - " in m for m in messages)  # no runtime status lines


def test_model_endpoint_invoke_delete(aws, trained):
    sm, runtime = aws["sagemaker"], aws["sagemaker-runtime"]
    model_data = trained[0]["ModelArtifacts"]["S3ModelArtifacts"]
    sm.create_model(ModelName="linear-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": SKLEARN_INFERENCE, "ModelDataUrl": model_data,
        "Environment": {"SAGEMAKER_PROGRAM": "inference.py",
                        "SAGEMAKER_SUBMIT_DIRECTORY": f"s3://{BUCKET}/code/sourcedir.tar.gz"}})
    sm.create_endpoint_config(EndpointConfigName="linear-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "linear-model", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="linear-ep", EndpointConfigName="linear-config")
    record, seen = wait(lambda: sm.describe_endpoint(EndpointName="linear-ep"), "EndpointStatus",
                        done=("InService", "Failed"))
    assert record["EndpointStatus"] == "InService", record.get("FailureReason")
    assert seen[0] == "Creating"
    assert record["EndpointConfigName"] == "linear-config"
    answer = runtime.invoke_endpoint(EndpointName="linear-ep", Body=b"[[1, 1], [0, 0]]",
                                     ContentType="application/json", Accept="application/json")
    assert answer["ContentType"] == "application/json"
    assert answer["InvokedProductionVariant"] == "AllTraffic"
    assert json.loads(answer["Body"].read()) == pytest.approx([1.5, 0.5], abs=1e-6)
    # an error inside the model's container: ModelError (424) with the original status
    with pytest.raises(runtime.exceptions.ModelError) as info:
        runtime.invoke_endpoint(EndpointName="linear-ep", Body=b"[[666, 1]]",
                                ContentType="application/json")
    assert info.value.response["OriginalStatusCode"] == 500
    assert "beast" in info.value.response["OriginalMessage"]
    sm.delete_endpoint(EndpointName="linear-ep")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        runtime.invoke_endpoint(EndpointName="linear-ep", Body=b"[[1, 1]]",
                                ContentType="application/json")
    assert info.value.response["Error"]["Code"] == "ValidationError"
    assert info.value.response["Error"]["Message"] == \
        "Endpoint linear-ep of account 000000000000 not found."
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.describe_endpoint(EndpointName="linear-ep")
    assert info.value.response["Error"] == {
        "Code": "ValidationException", "Message": 'Could not find endpoint '
        '"arn:aws:sagemaker:us-east-1:000000000000:endpoint/linear-ep".'}
    sm.delete_endpoint_config(EndpointConfigName="linear-config")
    sm.delete_model(ModelName="linear-model")
    assert sm.list_models(NameContains="linear")["Models"] == []


def test_failing_script_ends_failed_with_its_reason(aws):
    sm = aws["sagemaker"]
    sm.create_training_job(**training_request("fails-1", program="fail.py",
                                              archive="code/fail.tar.gz"))
    record, _ = wait(lambda: sm.describe_training_job(TrainingJobName="fails-1"),
                     "TrainingJobStatus")
    assert record["TrainingJobStatus"] == "Failed"
    assert record["SecondaryStatus"] == "Failed"
    assert "bad things happened" in record["FailureReason"]
    assert record["FailureReason"].startswith("AlgorithmError: ExecuteUserScriptError")


def test_image_without_local_profile_fails_naming_it(aws):
    sm = aws["sagemaker"]
    image = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
    sm.create_training_job(**training_request("bad-image-1", image=image))
    record = sm.describe_training_job(TrainingJobName="bad-image-1")
    assert record["TrainingJobStatus"] == "Failed"
    assert f"The image '{image}' has no local profile" in record["FailureReason"]
    assert "sagemaker-scikit-learn" in record["FailureReason"]  # what does run locally


def test_invalid_requests_get_sagemakers_validation_errors(aws):
    sm = aws["sagemaker"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_training_job(**training_request("under_score"))
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "1 validation error detected: Value 'under_score' at 'trainingJobName' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    request = training_request("enum-1")
    request["AlgorithmSpecification"]["TrainingInputMode"] = "Fille"
    request["HyperParameters"]["k" * 257] = "1"
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_training_job(**request)
    message = info.value.response["Error"]["Message"]
    assert message.startswith("2 validation errors detected: ")
    assert "at 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member " \
           "must satisfy enum value set: [Pipe, File, FastFile]" in message
    assert "at 'hyperParameters.key' failed to satisfy constraint: Member must have length " \
           "less than or equal to 256" in message
    # the control: a valid request of the same shape is accepted (checked in other tests)


def test_duplicate_and_missing_names(aws, trained):
    sm = aws["sagemaker"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_training_job(**training_request("linear-1"))
    assert info.value.response["Error"]["Code"] == "ResourceInUse"
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.describe_training_job(TrainingJobName="never-made")
    assert info.value.response["Error"] == {"Code": "ValidationException",
                                            "Message": "Requested resource not found."}
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_training_job(**training_request(
            "many-1", ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 50,
                                      "VolumeSizeInGB": 30}))
    assert info.value.response["Error"]["Code"] == "ResourceLimitExceeded"


def test_tags_round_trip(aws, trained):
    sm = aws["sagemaker"]
    arn = trained[0]["TrainingJobArn"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "project", "Value": "estlab"}])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "project", "Value": "estlab"}]
    sm.delete_tags(ResourceArn=arn, TagKeys=["project"])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == []


def test_a_deleted_model_can_be_created_again_with_other_model_data(aws):
    sm, runtime, s3 = aws["sagemaker"], aws["sagemaker-runtime"], aws["s3"]
    s3.put_object(Bucket=BUCKET, Key="models/a.tar.gz", Body=linear_model_tar([1.0, 0.0], 0.0))
    s3.put_object(Bucket=BUCKET, Key="models/b.tar.gz", Body=linear_model_tar([0.0, 1.0], 10.0))
    answers = []
    for round_, key in enumerate(("a", "b")):
        sm.create_model(ModelName="again-model", ExecutionRoleArn=ROLE, PrimaryContainer={
            "Image": SKLEARN_INFERENCE, "ModelDataUrl": f"s3://{BUCKET}/models/{key}.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py",
                            "SAGEMAKER_SUBMIT_DIRECTORY":
                                f"s3://{BUCKET}/code/sourcedir.tar.gz"}})
        sm.create_endpoint_config(EndpointConfigName=f"again-config-{round_}",
                                  ProductionVariants=[{
                                      "VariantName": "AllTraffic", "ModelName": "again-model",
                                      "InitialInstanceCount": 1,
                                      "InstanceType": "ml.m5.large"}])
        sm.create_endpoint(EndpointName=f"again-ep-{round_}",
                           EndpointConfigName=f"again-config-{round_}")
        record, _ = wait(lambda: sm.describe_endpoint(EndpointName=f"again-ep-{round_}"),
                         "EndpointStatus", done=("InService", "Failed"))
        assert record["EndpointStatus"] == "InService", record.get("FailureReason")
        answer = runtime.invoke_endpoint(EndpointName=f"again-ep-{round_}",
                                         Body=b"[[2, 3]]", ContentType="application/json",
                                         Accept="application/json")
        answers.append(json.loads(answer["Body"].read()))
        sm.delete_model(ModelName="again-model")  # the endpoint goes on serving
    assert answers == [[2.0], [13.0]]  # each endpoint serves the model data it was created with
    first = runtime.invoke_endpoint(EndpointName="again-ep-0", Body=b"[[2, 3]]",
                                    ContentType="application/json", Accept="application/json")
    assert json.loads(first["Body"].read()) == [2.0]
    for round_ in range(2):
        sm.delete_endpoint(EndpointName=f"again-ep-{round_}")
        sm.delete_endpoint_config(EndpointConfigName=f"again-config-{round_}")
