"""Processing jobs through ``estlab serve`` with boto3: the request's ContainerEntrypoint runs as
given in the sandbox (``/opt/ml`` at its real path), outputs reach S3, failures end as
SageMaker ends them.

The FrameworkProcessor case runs the ``runproc.sh`` that the SDK v3 itself generates
(``FrameworkProcessor._generate_framework_script``), not a copy of it.
"""

import json
import textwrap
import time
from types import SimpleNamespace

import pytest
from api_helpers import BUCKET, ROLE, SKLEARN_TRAINING, tar_gz
from botocore.exceptions import ClientError

PREP = textwrap.dedent('''
    import argparse, json, os
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=float)
    parser.add_argument("--out")
    args = parser.parse_args()
    rows = open("/opt/ml/processing/input/data/raw.csv").read().split()
    doubled = [str(float(r) * args.factor) for r in rows]
    with open(os.path.join(args.out, "scaled.csv"), "w") as f:
        f.write("\\n".join(doubled))
    seen = {"cwd": os.getcwd(), "argv": __import__("sys").argv[1:],
            "aws": sorted(k for k in os.environ if k.startswith("AWS_")),
            "greeting": os.environ.get("GREETING")}
    print("seen=" + json.dumps(seen))
    with open(os.path.join(args.out, "seen.json"), "w") as f:
        json.dump(seen, f)
''')


def _input(name, key, local):
    return {"InputName": name, "S3Input": {
        "S3Uri": f"s3://{BUCKET}/{key}", "LocalPath": local, "S3DataType": "S3Prefix",
        "S3InputMode": "File", "S3DataDistributionType": "FullyReplicated"}}


def processing_request(name, entrypoint, inputs, arguments=(), image=SKLEARN_TRAINING, **extra):
    """A CreateProcessingJob request as the SDK's processors send it."""
    return {
        "ProcessingJobName": name, "RoleArn": ROLE,
        "ProcessingResources": {"ClusterConfig": {
            "InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}},
        "AppSpecification": {"ImageUri": image, "ContainerEntrypoint": list(entrypoint),
                             **({"ContainerArguments": list(arguments)} if arguments else {})},
        "ProcessingInputs": inputs,
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "scaled", "S3Output": {
            "S3Uri": f"s3://{BUCKET}/processed/{name}", "LocalPath": "/opt/ml/processing/out",
            "S3UploadMode": "EndOfJob"}}]},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
        "Environment": {"GREETING": "hello"},
        **extra,
    }


def wait_job(sm, name, timeout=60):
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        record = sm.describe_processing_job(ProcessingJobName=name)
        if not seen or seen[-1] != record["ProcessingJobStatus"]:
            seen.append(record["ProcessingJobStatus"])
        if record["ProcessingJobStatus"] in ("Completed", "Failed", "Stopped"):
            return record, seen
        time.sleep(0.05)
    raise AssertionError(f"processing job {name} still {seen[-1]} after {timeout} s")


@pytest.fixture(scope="module")
def staged(aws):
    s3 = aws["s3"]
    s3.put_object(Bucket=BUCKET, Key="raw/raw.csv", Body=b"1\n2\n3\n")
    s3.put_object(Bucket=BUCKET, Key="proc-code/prep.py", Body=PREP.encode())
    return aws


def _read(s3, key):
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()


def test_script_processor_request_runs_its_entrypoint_and_uploads_outputs(staged):
    sm, s3 = staged["sagemaker"], staged["s3"]
    answer = sm.create_processing_job(**processing_request(
        "prep-1", ["python3", "/opt/ml/processing/input/code/prep.py"],
        [_input("data", "raw/", "/opt/ml/processing/input/data"),
         _input("code", "proc-code/prep.py", "/opt/ml/processing/input/code")],
        ["--factor", "2", "--out", "/opt/ml/processing/out"]))
    assert answer["ProcessingJobArn"] == \
        "arn:aws:sagemaker:us-east-1:000000000000:processing-job/prep-1"
    record, seen = wait_job(sm, "prep-1")
    assert record["ProcessingJobStatus"] == "Completed", record.get("FailureReason")
    assert seen[-1] == "Completed" and set(seen) <= {"InProgress", "Completed"}
    assert _read(s3, "processed/prep-1/scaled.csv").split() == ["2.0", "4.0", "6.0"]
    seen_by_script = json.loads(_read(s3, "processed/prep-1/seen.json"))
    # the container's view: real paths, arguments as sent, the request's environment only
    # (this test process has AWS_ENDPOINT_URL and keys set; the job must not see them)
    assert seen_by_script == {"cwd": "/opt/ml/processing",
                              "argv": ["--factor", "2", "--out", "/opt/ml/processing/out"],
                              "aws": [], "greeting": "hello"}
    assert record["AppSpecification"]["ContainerEntrypoint"][0] == "python3"  # echoed as sent
    listed = sm.list_processing_jobs()["ProcessingJobSummaries"]
    assert [j["ProcessingJobName"] for j in listed if j["ProcessingJobName"] == "prep-1"]


def test_framework_processor_runproc_generated_by_the_sdk_runs_unchanged(staged):
    from sagemaker.core.processing import FrameworkProcessor

    sm, s3 = staged["sagemaker"], staged["s3"]
    generator = SimpleNamespace(
        command=["python3"], _SOURCE_CODE_CONTAINER_DIR="/opt/ml/processing/input/code/",
        _requirements_file_in_container=FrameworkProcessor._requirements_file_in_container)
    runproc = FrameworkProcessor._generate_framework_script(generator, "prep.py")
    assert "tar -xzf sourcedir.tar.gz" in runproc  # the SDK's own script, unpacking the bundle
    s3.put_object(Bucket=BUCKET, Key="fw/entrypoint/runproc.sh", Body=runproc.encode())
    s3.put_object(Bucket=BUCKET, Key="fw/code/sourcedir.tar.gz", Body=tar_gz({"prep.py": PREP}))
    sm.create_processing_job(**processing_request(
        "prep-fw", ["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"],
        [_input("data", "raw/", "/opt/ml/processing/input/data"),
         _input("code", "fw/code/", "/opt/ml/processing/input/code"),
         _input("entrypoint", "fw/entrypoint/", "/opt/ml/processing/input/entrypoint")],
        ["--factor", "10", "--out", "/opt/ml/processing/out"]))
    record, _ = wait_job(sm, "prep-fw")
    assert record["ProcessingJobStatus"] == "Completed", record.get("FailureReason")
    assert _read(s3, "processed/prep-fw/scaled.csv").split() == ["10.0", "20.0", "30.0"]


def test_failing_script_ends_failed_with_its_stderr_and_keeps_its_log(staged):
    sm, s3 = staged["sagemaker"], staged["s3"]
    s3.put_object(Bucket=BUCKET, Key="proc-fail/fail.py",
                  Body=b"import sys\nprint('about to fail')\nsys.exit('bad things happened')\n")
    sm.create_processing_job(**processing_request(
        "prep-fails", ["python3", "/opt/ml/processing/input/code/fail.py"],
        [_input("code", "proc-fail/fail.py", "/opt/ml/processing/input/code")]))
    record, _ = wait_job(sm, "prep-fails")
    assert record["ProcessingJobStatus"] == "Failed"
    assert record["FailureReason"].startswith("AlgorithmError: algo-1: exit code 1")
    assert "bad things happened" in record["FailureReason"]
    assert "processed/prep-fails/" not in str(s3.list_objects_v2(Bucket=BUCKET).get("Contents"))
    logs, group, deadline = staged["logs"], "/aws/sagemaker/ProcessingJobs", time.monotonic() + 10
    while True:  # the log shipper follows the file; give it a moment
        streams = logs.describe_log_streams(logGroupName=group,
                                            logStreamNamePrefix="prep-fails/")["logStreams"]
        if streams or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    [stream] = streams
    messages = [e["message"] for e in logs.get_log_events(
        logGroupName=group, logStreamName=stream["logStreamName"], startFromHead=True)["events"]]
    assert "about to fail" in messages  # the failed job keeps its log, in CloudWatch too


@pytest.mark.parametrize("change, reason", [
    ({"image": "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"},
     "has no local profile"),
    ({"image": "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"},
     "is a built-in algorithm: locally it runs training jobs, endpoints and transform jobs"),
    ({"pipe": True}, "S3InputMode 'Pipe'; only 'File' runs locally"),
    ({"entrypoint": ()}, "send AppSpecification.ContainerEntrypoint"),
])
def test_what_does_not_run_locally_fails_the_job_naming_why(staged, change, reason):
    sm = staged["sagemaker"]
    name = f"prep-bad-{abs(hash(reason)) % 10_000}"
    inputs = [_input("code", "proc-code/prep.py", "/opt/ml/processing/input/code")]
    if change.get("pipe"):
        inputs[0]["S3Input"]["S3InputMode"] = "Pipe"
    request = processing_request(
        name, change.get("entrypoint", ["python3", "/opt/ml/processing/input/code/prep.py"]),
        inputs, image=change.get("image", SKLEARN_TRAINING))
    if not request["AppSpecification"]["ContainerEntrypoint"]:
        del request["AppSpecification"]["ContainerEntrypoint"]
    sm.create_processing_job(**request)
    record, _ = wait_job(sm, name)
    assert record["ProcessingJobStatus"] == "Failed"
    assert reason in record["FailureReason"]


def test_stop_delete_and_names_in_use(staged):
    sm, s3 = staged["sagemaker"], staged["s3"]
    s3.put_object(Bucket=BUCKET, Key="proc-slow/slow.py",
                  Body=b"import time\nprint('working', flush=True)\ntime.sleep(60)\n")
    request = processing_request(
        "prep-slow", ["python3", "/opt/ml/processing/input/code/slow.py"],
        [_input("code", "proc-slow/slow.py", "/opt/ml/processing/input/code")])
    sm.create_processing_job(**request)
    with pytest.raises(ClientError) as err:
        sm.create_processing_job(**request)
    assert err.value.response["Error"]["Code"] == "ResourceInUse"
    with pytest.raises(ClientError) as err:  # still running: cannot be deleted
        sm.delete_processing_job(ProcessingJobName="prep-slow")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    sm.stop_processing_job(ProcessingJobName="prep-slow")
    record, _ = wait_job(sm, "prep-slow", timeout=30)
    assert record["ProcessingJobStatus"] == "Stopped"
    with pytest.raises(ClientError) as err:  # already ended
        sm.stop_processing_job(ProcessingJobName="prep-slow")
    assert "in status Stopped" in err.value.response["Error"]["Message"]
    sm.delete_processing_job(ProcessingJobName="prep-slow")
    with pytest.raises(ClientError) as err:
        sm.describe_processing_job(ProcessingJobName="prep-slow")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert "not found" in err.value.response["Error"]["Message"].lower()
