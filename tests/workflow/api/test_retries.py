"""A Create* that botocore retries (its answer came too late) is answered, not refused.

botocore resends a call whose answer did not arrive in time, with the first attempt's
``amz-sdk-invocation-id``. The local API treats a Create for an existing name with that same id as
the retry it is and answers it as the first attempt was answered; a new call for the name (a
new id, even with an identical request) is ``ResourceInUse``, as on AWS.
"""

import http.server
import json
import threading

import boto3
import botocore.config
import botocore.exceptions
import pytest
from api_helpers import training_request, wait
from test_processing import processing_request


def _same_id(request, **_):
    request.headers["amz-sdk-invocation-id"] = "one-call-retried"


def _client_resending_one_call(operation):
    """A sagemaker client whose every ``operation`` call carries one invocation id, as a retry."""
    client = boto3.session.Session().client("sagemaker")
    client.meta.events.register_last(f"before-send.sagemaker.{operation}", _same_id)
    return client


def test_a_retried_create_training_job_gets_the_first_answer(aws):
    retrying = _client_resending_one_call("CreateTrainingJob")
    first = retrying.create_training_job(**training_request("retried-1"))
    again = retrying.create_training_job(**training_request("retried-1"))
    assert again == {**first, "ResponseMetadata": again["ResponseMetadata"]}
    record, _ = wait(lambda: aws["sagemaker"].describe_training_job(
        TrainingJobName="retried-1"), "TrainingJobStatus")
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    names = [j["TrainingJobName"] for j in aws["sagemaker"].list_training_jobs(
        NameContains="retried-1")["TrainingJobSummaries"]]
    assert names == ["retried-1"]  # one job, not two
    # the control: a new call (its own id) with the identical request is refused, as on AWS
    with pytest.raises(botocore.exceptions.ClientError) as info:
        aws["sagemaker"].create_training_job(**training_request("retried-1"))
    assert info.value.response["Error"]["Code"] == "ResourceInUse"


def test_a_retried_create_processing_job_gets_the_first_answer(aws):
    retrying = _client_resending_one_call("CreateProcessingJob")
    first = retrying.create_processing_job(**processing_request("retried-proc", ["python3", "-c", "print(1)"], []))
    again = retrying.create_processing_job(**processing_request("retried-proc", ["python3", "-c", "print(1)"], []))
    assert again["ProcessingJobArn"] == first["ProcessingJobArn"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        aws["sagemaker"].create_processing_job(**processing_request("retried-proc", ["python3", "-c", "print(1)"], []))
    assert info.value.response["Error"]["Code"] == "ResourceInUse"


def test_botocore_retries_a_call_with_its_first_attempts_invocation_id():
    """What the rule above relies on, checked on botocore itself: a 500, then the retry."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(self.headers["amz-sdk-invocation-id"])
            status, body = (500, {"__type": "InternalFailure", "message": "try again"}) \
                if len(seen) == 1 else (200, {"TrainingJobArn": "arn:x"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = boto3.session.Session().client(
            "sagemaker", endpoint_url=f"http://127.0.0.1:{server.server_address[1]}",
            config=botocore.config.Config(retries={"max_attempts": 3, "mode": "standard"}))
        client.describe_training_job(TrainingJobName="x")
        client.describe_training_job(TrainingJobName="y")
    finally:
        server.shutdown()
        server.server_close()
    assert len(seen) == 3 and seen[0] == seen[1] != seen[2]  # a retry keeps it; a new call not
