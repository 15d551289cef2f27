"""SageMakerSession offline: the requests the SDK v3 sends, captured under moto and checked.

moto's in-process mock stands in for S3 and the SageMaker API; botocore's
``before-parameter-build.sagemaker.*`` event hands us each request's parameters (after the SDK
built them, before botocore serialises them). botocore validates types and required fields but
not name patterns, so the job-name rule is checked here.
"""

import dataclasses

import io
import json
import re
import subprocess
import sys
import tarfile
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from estlab.workflow import EndpointError, JobFailedError, SageMakerSession, WorkflowError
from estlab.workflow._specs import (ChannelSpec, EndpointSpec, ModelSpec, ProcessingInputSpec,
                                    ProcessingJobSpec, ProcessingOutputSpec, TrainingJobSpec,
                                    TransformJobSpec)

# The SDK's own import-time DeprecationWarning (sagemaker.train.model_trainer imports its
# sagemaker.train.configs shim); estlab imports the new location, the SDK itself does not yet.
pytestmark = pytest.mark.filterwarnings(
    "ignore:sagemaker.train.configs has been moved:DeprecationWarning")

NAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")  # the API's job/model/endpoint names
ROLE = "arn:aws:iam::123456789012:role/EstlabTestRole"
BUCKET = "estlab-test-bucket"


@pytest.fixture
def aws(monkeypatch, tmp_path):
    """moto in-process, the offline environment (set with monkeypatch), a bucket, a capture."""
    boto3 = pytest.importorskip("boto3")  # the sagemaker extra is part of the test extra
    moto = pytest.importorskip("moto")
    from estlab.workflow.rehearsal import (_UNSET, OFFLINE_ENVIRONMENT, TELEMETRY_OPT_OUT_YAML,
                                           capture_requests)

    for key in _UNSET:
        monkeypatch.delenv(key, raising=False)
    for key, value in OFFLINE_ENVIRONMENT.items():
        monkeypatch.setenv(key, value)
    config = tmp_path / "sagemaker-config.yaml"
    config.write_text(TELEMETRY_OPT_OUT_YAML)
    monkeypatch.setenv("SAGEMAKER_USER_CONFIG_OVERRIDE", str(config))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    with moto.mock_aws():
        boto_session = boto3.Session(region_name="us-east-1")
        boto_session.client("s3").create_bucket(Bucket=BUCKET)
        requests = []
        capture_requests(boto_session, requests)
        session = SageMakerSession(role=ROLE, bucket=BUCKET, boto_session=boto_session,
                                   poll_seconds=0)
        yield SimpleNamespace(session=session, requests=requests, s3=boto_session.client("s3"),
                              tmp=tmp_path)


def captured(aws, operation):
    found = [params for name, params in aws.requests if name == operation]
    assert len(found) == 1, f"expected one {operation}, captured {[n for n, _ in aws.requests]}"
    return found[0]


def s3_keys(aws, prefix):
    pages = aws.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return sorted(obj["Key"][len(prefix):].lstrip("/") for obj in pages)


def s3_read(aws, uri):
    bucket, key = uri[len("s3://"):].split("/", 1)
    return aws.s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def decode(value):
    """How the containers read a hyperparameter string: JSON if it parses, else the string."""
    try:
        return json.loads(value)
    except ValueError:
        return value


@pytest.fixture
def user_code(tmp_path):
    source = tmp_path / "code"
    source.mkdir()
    (source / "train.py").write_text("import estlab\nprint('loglik=-1.5')\n")
    (source / "helper.py").write_text("X = 1\n")
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "helper.cpython-311.pyc").write_bytes(b"\0")
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("1.0,2.0\n0.0,1.5\n")
    (data / "validation.csv").write_text("1.0,2.5\n")
    return SimpleNamespace(source=source, data=data)


def training_spec(user_code):
    return TrainingJobSpec(
        job_name="estlab-numpy-2026-01-02-03-04-05-678", entry_point="train.py",
        source_dir=str(user_code.source),
        hyperparameters={"estimator": "LogisticRegression", "alpha": 0.5, "max_iter": 50,
                         "fit_intercept": True, "classes": [0, 1]},
        channels=(ChannelSpec("train", str(user_code.data / "train.csv")),
                  ChannelSpec("validation", f"file://{user_code.data / 'validation.csv'}",
                              content_type="text/csv"),
                  ChannelSpec("extra", "s3://other-bucket/prefix/", distribution="ShardedByS3Key")),
        instance_count=2, output_path=f"s3://{BUCKET}/models",
        environment={"ESTLAB_VERBOSE": "1"},
        metric_definitions=({"Name": "train:loglik", "Regex": r"loglik=(\S+)"},))


# -- training -------------------------------------------------------------------------------
def test_training_request_carries_the_specs_channels_hyperparameters_and_entry_script(
        aws, user_code):
    spec = dataclasses.replace(training_spec(user_code), max_run=600)
    assert aws.session.create_training_job(spec) == spec.job_name
    request = captured(aws, "CreateTrainingJob")
    assert request["StoppingCondition"]["MaxRuntimeInSeconds"] == 600

    assert request["TrainingJobName"] == spec.job_name and NAME_RULE.match(spec.job_name)
    # the same hyperparameters, as the containers decode them
    sent = {k: decode(v) for k, v in request["HyperParameters"].items()}
    assert sent == dict(spec.hyperparameters)
    # the spec's channels, in order, plus the SDK v3's own code and driver channels
    channels = {c["ChannelName"]: c for c in request["InputDataConfig"]}
    assert list(channels) == ["train", "validation", "extra", "code", "sm_drivers"]
    assert channels["validation"]["ContentType"] == "text/csv"
    extra = channels["extra"]["DataSource"]["S3DataSource"]
    assert extra == {"S3DataType": "S3Prefix", "S3Uri": "s3://other-bucket/prefix/",
                     "S3DataDistributionType": "ShardedByS3Key"}
    # local channel data was uploaded to the bucket, under the job's name
    train_uri = channels["train"]["DataSource"]["S3DataSource"]["S3Uri"]
    assert train_uri.startswith(f"s3://{BUCKET}/{spec.job_name}/input/train")
    assert s3_read(aws, train_uri + "/train.csv" if not train_uri.endswith(".csv") else train_uri) \
        == b"1.0,2.0\n0.0,1.5\n"
    # the scikit-learn framework image, the instance type that replaces "local"
    algo = request["AlgorithmSpecification"]
    assert algo["TrainingImage"].endswith("/sagemaker-scikit-learn:1.4-2-py312-cpu-py3")
    assert algo["MetricDefinitions"] == [{"Name": "train:loglik", "Regex": r"loglik=(\S+)"}]
    assert request["ResourceConfig"]["InstanceCount"] == 2
    assert request["ResourceConfig"]["InstanceType"] == "ml.m5.large"
    assert request["OutputDataConfig"]["S3OutputPath"] == f"s3://{BUCKET}/models"
    assert request["Environment"] == {"ESTLAB_VERBOSE": "1"}
    assert request["RoleArn"] == ROLE

    # the entry script the container runs, and the code channel: the user's files plus estlab
    code_prefix = channels["code"]["DataSource"]["S3DataSource"]["S3Uri"][len(f"s3://{BUCKET}/"):]
    code = s3_keys(aws, code_prefix)
    assert "train.py" in code and "helper.py" in code and "estlab/__init__.py" in code
    assert "estlab/workflow/sagemaker/session.py" in code
    assert not [key for key in code if "__pycache__" in key or key.endswith(".pyc")]
    drivers = channels["sm_drivers"]["DataSource"]["S3DataSource"]["S3Uri"]
    source_code = json.loads(s3_read(aws, drivers + "/sourcecode.json"))
    assert source_code["entry_script"] == "train.py"


def test_training_job_is_described_and_waited_for_by_the_specs_name(aws, user_code):
    spec = training_spec(user_code)
    aws.session.create_training_job(spec)
    description = aws.session.wait_for_job("training", spec.job_name, logs=True)
    assert description["TrainingJobName"] == spec.job_name
    assert aws.session.describe_training_job(spec.job_name)["TrainingJobStatus"] == "Completed"
    assert "ResponseMetadata" not in description


def test_a_failed_job_raises_with_its_failure_reason(aws, monkeypatch):
    reason = "AlgorithmError: ExecuteUserScriptError: ExitCode 1"
    monkeypatch.setattr(aws.session, "_describe", lambda op, **kw: {
        "TrainingJobName": "job-1", "TrainingJobStatus": "Failed", "SecondaryStatus": "Failed",
        "FailureReason": reason})
    with pytest.raises(JobFailedError, match="ended Failed: AlgorithmError") as info:
        aws.session.wait_for_job("training", "job-1", logs=False)
    assert info.value.description["FailureReason"] == reason
    with pytest.raises(WorkflowError, match="kind must be one of"):
        aws.session.wait_for_job("inference", "job-1")


def test_a_job_stopped_on_request_warns_as_the_sdk_and_the_local_session_do(aws, monkeypatch):
    description = {"TrainingJobName": "job-1", "TrainingJobStatus": "Stopped",
                   "SecondaryStatus": "Stopped"}
    monkeypatch.setattr(aws.session, "_describe", lambda op, **kw: dict(description))
    with pytest.warns(UserWarning, match="job-1 was stopped"):
        assert aws.session.wait_for_job("training", "job-1", logs=False) == description
    # stopped by MaxRuntimeInSeconds is a failure to report
    description.update(SecondaryStatus="MaxRuntimeExceeded", FailureReason="MaxRuntimeExceeded")
    with pytest.raises(JobFailedError, match="ended Stopped: MaxRuntimeExceeded"):
        aws.session.wait_for_job("training", "job-1", logs=False)


def test_output_path_must_be_s3(aws, user_code):
    spec = TrainingJobSpec(job_name="j-1", entry_point="train.py", source_dir=str(user_code.source),
                           output_path=f"file://{user_code.data}")
    with pytest.raises(WorkflowError, match="output_path must be an s3:// URI"):
        aws.session.create_training_job(spec)
    assert not [name for name, _ in aws.requests if name == "CreateTrainingJob"]


# -- processing ----------------------------------------------------------------------------
def test_processing_request_runs_the_script_with_estlab_next_to_it(aws, user_code):
    spec = ProcessingJobSpec(
        job_name="estlab-numpy-processing-2026-01-02-03-04-05-678", command=("python3",),
        code=str(user_code.source / "train.py"),
        inputs=(ProcessingInputSpec(str(user_code.data), "/opt/ml/processing/input", "raw"),
                ProcessingInputSpec("s3://other/raw/", "/opt/ml/processing/more", "more",
                                    "ShardedByS3Key")),
        outputs=(ProcessingOutputSpec("/opt/ml/processing/train", f"s3://{BUCKET}/clean/train",
                                      "train"),),
        arguments=("--input", "/opt/ml/processing/input", "--test-size", "0.2"),
        env={"PYTHONUNBUFFERED": "1"})
    aws.session.create_processing_job(spec)
    request = captured(aws, "CreateProcessingJob")
    assert request["ProcessingJobName"] == spec.job_name and NAME_RULE.match(spec.job_name)
    app = request["AppSpecification"]
    assert app["ContainerArguments"] == list(spec.arguments)
    assert app["ContainerEntrypoint"][0] == "/bin/bash"
    inputs = {i["InputName"]: i["S3Input"] for i in request["ProcessingInputs"]}
    assert inputs["raw"]["LocalPath"] == "/opt/ml/processing/input"
    assert inputs["raw"]["S3Uri"].startswith(f"s3://{BUCKET}/{spec.job_name}/input/raw")
    assert s3_keys(aws, f"{spec.job_name}/input/raw") == ["train.csv", "validation.csv"]
    assert inputs["more"]["S3DataDistributionType"] == "ShardedByS3Key"
    assert request["ProcessingOutputConfig"]["Outputs"] == [{
        "OutputName": "train", "S3Output": {"S3Uri": f"s3://{BUCKET}/clean/train",
                                            "LocalPath": "/opt/ml/processing/train",
                                            "S3UploadMode": "EndOfJob"}}]
    assert request["Environment"] == {"PYTHONUNBUFFERED": "1"}
    # the code input holds the script and estlab; runproc.sh runs `python3 train.py "$@"`
    code_prefix = inputs["code"]["S3Uri"][len(f"s3://{BUCKET}/"):]
    code = s3_keys(aws, code_prefix)
    runproc = s3_read(aws, inputs["entrypoint"]["S3Uri"]).decode()
    assert "python3 train.py" in runproc
    tar_name = [k for k in code if k.endswith(".tar.gz")]
    files = code if not tar_name else tarfile.open(
        fileobj=io.BytesIO(s3_read(aws, f"s3://{BUCKET}/{code_prefix}{tar_name[0]}"))).getnames()
    assert "train.py" in files and "estlab/__init__.py" in files
    assert aws.session.wait_for_job("processing", spec.job_name, logs=False)[
        "ProcessingJobStatus"] == "Completed"


def test_processing_output_to_a_local_folder_is_refused(aws, user_code):
    spec = ProcessingJobSpec(job_name="p-1", command=("python3",),
                             code=str(user_code.source / "train.py"),
                             outputs=(ProcessingOutputSpec("/opt/ml/processing/out",
                                                           str(user_code.data), "out"),))
    with pytest.raises(WorkflowError, match="output 'out' must be an s3:// URI"):
        aws.session.create_processing_job(spec)


# -- hosting and batch transform -----------------------------------------------------------
def test_model_endpoint_invoke_transform_delete(aws, user_code, tmp_path):
    model_tar = tmp_path / "model.tar.gz"
    with tarfile.open(model_tar, "w:gz") as tar:
        tar.add(user_code.data / "train.csv", arcname="model.json")
    session = aws.session
    session.create_model(ModelSpec(name="estlab-model-2026-01-02-03-04-05-678",
                                   model_data=str(model_tar), entry_point="train.py",
                                   source_dir=str(user_code.source), env={"EXTRA": "1"}))
    session.create_endpoint(EndpointSpec(name="estlab-ep-2026-01-02-03-04-05-678",
                                         model_name="estlab-model-2026-01-02-03-04-05-678",
                                         instance_count=2, instance_type="ml.c5.large"))
    assert session.wait_for_endpoint("estlab-ep-2026-01-02-03-04-05-678")["EndpointStatus"] \
        == "InService"

    model = captured(aws, "CreateModel")
    assert NAME_RULE.match(model["ModelName"])
    container = model["PrimaryContainer"]
    assert container["Image"].endswith("/sagemaker-scikit-learn:1.4-2-py312-cpu-py3")
    assert container["ModelDataUrl"].startswith(f"s3://{BUCKET}/")
    assert s3_read(aws, container["ModelDataUrl"]) == model_tar.read_bytes()
    env = container["Environment"]
    assert env["SAGEMAKER_PROGRAM"] == "train.py" and env["EXTRA"] == "1"
    assert env["SAGEMAKER_REGION"] == "us-east-1"
    sourcedir = tarfile.open(fileobj=io.BytesIO(s3_read(aws, env["SAGEMAKER_SUBMIT_DIRECTORY"])))
    assert {"train.py", "helper.py", "estlab/__init__.py"} <= set(sourcedir.getnames())
    assert captured(aws, "CreateEndpointConfig")["ProductionVariants"] == [{
        "VariantName": "AllTraffic", "ModelName": "estlab-model-2026-01-02-03-04-05-678",
        "InitialInstanceCount": 2, "InstanceType": "ml.c5.large"}]
    assert captured(aws, "CreateEndpoint") == {
        "EndpointName": "estlab-ep-2026-01-02-03-04-05-678",
        "EndpointConfigName": "estlab-ep-2026-01-02-03-04-05-678"}

    body, content_type = session.invoke_endpoint("estlab-ep-2026-01-02-03-04-05-678", b"1.0,2.0",
                                                 "text/csv", "application/json",
                                                 custom_attributes="trace=1")
    assert isinstance(body, bytes) and isinstance(content_type, str)  # moto answers a fixed body
    invoke = captured(aws, "InvokeEndpoint")
    assert invoke["Body"] == b"1.0,2.0" and invoke["Accept"] == "application/json"
    assert invoke["CustomAttributes"] == "trace=1"

    spec = TransformJobSpec(job_name="estlab-transform-2026-01-02-03-04-05-678",
                            model_name="estlab-model-2026-01-02-03-04-05-678",
                            data=str(user_code.data), output_path=f"s3://{BUCKET}/batch",
                            content_type="text/csv", split_type="Line", strategy="SingleRecord",
                            assemble_with="Line", accept="text/csv", join_source="Input",
                            max_payload_mb=2)
    session.create_transform_job(spec)
    transform = captured(aws, "CreateTransformJob")
    assert NAME_RULE.match(transform["TransformJobName"])
    assert transform["TransformInput"]["SplitType"] == "Line"
    assert transform["TransformInput"]["ContentType"] == "text/csv"
    assert transform["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"].startswith(
        f"s3://{BUCKET}/{spec.job_name}/input")
    assert transform["TransformOutput"] == {"S3OutputPath": f"s3://{BUCKET}/batch",
                                            "Accept": "text/csv", "AssembleWith": "Line"}
    assert transform["BatchStrategy"] == "SingleRecord" and transform["MaxPayloadInMB"] == 2
    assert transform["DataProcessing"] == {"JoinSource": "Input"}
    assert session.wait_for_job("transform", spec.job_name, logs=False)[
        "TransformJobStatus"] == "Completed"

    session.delete_endpoint("estlab-ep-2026-01-02-03-04-05-678")
    client = session._client("sagemaker")
    assert client.list_endpoints()["Endpoints"] == []
    assert client.list_endpoint_configs()["EndpointConfigs"] == []


def test_an_unset_batch_strategy_and_max_payload_are_left_out_of_the_request(
        aws, user_code, tmp_path):
    # then SageMaker asks the container's GET /execution-parameters, else uses its defaults
    model_tar = tmp_path / "model.tar.gz"
    with tarfile.open(model_tar, "w:gz") as tar:
        tar.add(user_code.data / "train.csv", arcname="model.json")
    aws.session.create_model(ModelSpec(name="m-1", model_data=str(model_tar),
                                       entry_point="train.py", source_dir=str(user_code.source)))
    aws.session.create_transform_job(TransformJobSpec(
        job_name="t-1", model_name="m-1", data=str(user_code.data),
        output_path=f"s3://{BUCKET}/batch", content_type="text/csv", split_type="Line"))
    transform = captured(aws, "CreateTransformJob")
    assert "BatchStrategy" not in transform and "MaxPayloadInMB" not in transform
    assert "MaxConcurrentTransforms" not in transform


def test_a_model_without_inference_code_is_refused(aws):
    with pytest.raises(WorkflowError, match="needs a script with model_fn"):
        aws.session.create_model(ModelSpec(name="m", model_data="s3://b/model.tar.gz"))


def test_a_model_error_becomes_an_endpoint_error_with_the_container_status(aws):
    from botocore.stub import Stubber

    client = aws.session._client("sagemaker-runtime")
    with Stubber(client) as stub:
        stub.add_client_error("invoke_endpoint", service_error_code="ModelError",
                              service_message="Received client error (415)", http_status_code=424,
                              response_meta={}, modeled_fields={
                                  "OriginalStatusCode": 415,
                                  "OriginalMessage": "unsupported content type text/plain"})
        with pytest.raises(EndpointError, match="unsupported content type") as info:
            aws.session.invoke_endpoint("ep", b"x", "text/plain", None)
    assert info.value.status_code == 415


# -- configuration errors and laziness -------------------------------------------------------
def test_role_region_and_extra_are_required_with_a_clear_fix(monkeypatch, tmp_path):
    monkeypatch.delenv("SAGEMAKER_ROLE_ARN", raising=False)
    with pytest.raises(WorkflowError, match="needs an IAM execution role"):
        SageMakerSession(bucket="b", region="us-east-1")
    with pytest.raises(WorkflowError, match="must be an IAM role ARN"):
        SageMakerSession(role="MySageMakerRole", region="us-east-1")
    monkeypatch.setenv("SAGEMAKER_ROLE_ARN", ROLE)
    assert SageMakerSession(region="us-east-1").role == ROLE

    for key in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(WorkflowError, match="no AWS region"):
        SageMakerSession(bucket="b").region

    monkeypatch.setitem(sys.modules, "sagemaker.train", None)  # as if the extra were missing
    with pytest.raises(WorkflowError, match=r"pip install 'estlab\[sagemaker\]'"):
        SageMakerSession(bucket="b", region="us-east-1").sdk


def test_importing_the_workflow_does_not_import_the_sdk():
    code = textwrap.dedent("""
        import sys
        import estlab.workflow
        from estlab.workflow import SageMakerSession
        import estlab.workflow.rehearsal, estlab.workflow.counterparts
        s = SageMakerSession(role="arn:aws:iam::1:role/r", bucket="b", region="eu-west-1")
        print(s.default_output_uri(), sorted(m for m in ("sagemaker", "boto3", "moto")
                                             if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["s3://b", "[]"]


# -- the code bundle runs on numpy and scipy alone --------------------------------------------
_BLOCKER = """
import sys, importlib.abc
BLOCKED = {"matplotlib", "boto3", "botocore", "uvicorn", "starlette", "sklearn", "pandas",
           "sagemaker", "moto", "statsmodels", "requests", "yaml"}
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{name} is not in the scikit-learn container's budget")
sys.meta_path.insert(0, Blocker())
sys.path.insert(0, sys.argv[1])
"""


def test_the_bundled_estlab_imports_with_numpy_and_scipy_only(tmp_path):
    from estlab.workflow.sagemaker.bundle import ESTLAB_PACKAGE_DIR, make_bundle

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text("")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    make_bundle(bundle, "train.py", tmp_path / "src")
    # every subpackage that exists now must import inside the container with numpy/scipy only
    subpackages = sorted(p.name for p in ESTLAB_PACKAGE_DIR.iterdir()
                         if (p / "__init__.py").is_file() and p.name not in ("exercises",))
    code = _BLOCKER + textwrap.dedent(f"""
        import importlib, estlab
        assert estlab.__file__.startswith(sys.argv[1]), estlab.__file__
        for name in {subpackages!r}:
            importlib.import_module("estlab." + name)
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code, str(bundle)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


# -- one estimator object, two sessions ---------------------------------------------------------
def test_the_same_numpy_estimator_sends_what_its_local_run_used(aws, tmp_path):
    import numpy as np

    from estlab.workflow import LocalSession, NumPyEstimator

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, -2.0, 0.5] + rng.normal(scale=0.1, size=60)
    (tmp_path / "train").mkdir()
    np.savetxt(tmp_path / "train" / "train.csv", np.column_stack([y, X]), delimiter=",")
    hyperparameters = {"estimator": "LinearRegression", "alpha": 0.1, "fit_intercept": True}

    local_session = LocalSession(root=tmp_path / "local")
    local = NumPyEstimator(hyperparameters=hyperparameters, session=local_session)
    local.fit({"train": str(tmp_path / "train")}, logs=False)
    remote = NumPyEstimator(hyperparameters=hyperparameters, session=aws.session)
    remote.fit({"train": str(tmp_path / "train")}, wait=False)
    request = captured(aws, "CreateTrainingJob")
    assert request["TrainingJobName"] == remote.latest_training_job.name
    assert NAME_RULE.match(request["TrainingJobName"])

    config = local_session.job_folder("training", local.latest_training_job.name) / "algo-1"
    local_hps = json.loads((config / "input" / "config" / "hyperparameters.json").read_text())
    user_hps = {k: decode(v) for k, v in local_hps.items() if not k.startswith("sagemaker_")}
    assert {k: decode(v) for k, v in request["HyperParameters"].items()} == user_hps
    local_channels = json.loads((config / "input" / "config" / "inputdataconfig.json").read_text())
    sent = [c["ChannelName"] for c in request["InputDataConfig"]]
    assert [c for c in sent if c not in ("code", "sm_drivers")] == sorted(local_channels)
    # the entry script: the local run's sagemaker_program, the SDK's sourcecode.json
    drivers = {c["ChannelName"]: c for c in request["InputDataConfig"]}["sm_drivers"]
    source_code = json.loads(s3_read(aws, drivers["DataSource"]["S3DataSource"]["S3Uri"]
                                     + "/sourcecode.json"))
    assert source_code["entry_script"] == decode(local_hps["sagemaker_program"]) == "train.py"
    assert request["AlgorithmSpecification"]["MetricDefinitions"] == [
        {"Name": m["Name"], "Regex": m["Regex"]} for m in local.metric_definitions]


def test_the_default_scripts_run_from_the_bundle_with_numpy_and_scipy_only(tmp_path):
    """preprocess.py, train.py (training, then model_fn/predict_fn) as the container runs them."""
    import numpy as np

    from estlab.workflow.sagemaker.bundle import make_bundle
    from estlab.workflow.estimator import default_training_script
    from estlab.workflow.processing import default_processing_script

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    make_bundle(bundle, default_training_script())
    (bundle / "preprocess.py").write_bytes(Path(default_processing_script()).read_bytes())
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 2))
    y = (X @ [2.0, -1.0] + rng.logistic(size=80) > 0).astype(int)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "data.csv").write_text(
        "a,b,label\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(X, y)))
    out = tmp_path / "out"
    code = _BLOCKER + textwrap.dedent(f"""
        import os, runpy
        os.chdir(sys.argv[1])
        sys.argv = ["preprocess.py", "--input", {str(tmp_path / "raw")!r}, "--target", "label",
                    "--train-output", {str(out / "train")!r},
                    "--validation-output", {str(out / "validation")!r},
                    "--test-output", {str(out / "test")!r}]
        runpy.run_path("preprocess.py", run_name="__main__")
        os.environ.update(SM_CHANNEL_TRAIN={str(out / "train")!r},
                          SM_MODEL_DIR={str(tmp_path / "model")!r})
        sys.argv = ["train.py", "--estimator", "LogisticRegression", "--max_iter", "50"]
        runpy.run_path("train.py", run_name="__main__")
        serve = runpy.run_path("train.py")
        model = serve["model_fn"]({str(tmp_path / "model")!r})
        print("prediction", serve["predict_fn"]([[0.5, -0.5], [-1.0, 1.0]], model).tolist())
    """)
    result = subprocess.run([sys.executable, "-c", code, str(bundle)], capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "train:accuracy=" in result.stdout
    assert result.stdout.strip().splitlines()[-1] in ("prediction [1.0, 0.0]", "prediction [1, 0]")


# -- the rehearsal used by the book's examples ---------------------------------------------------
def test_the_rehearsal_restores_the_environment_and_summarises_what_was_sent(monkeypatch, tmp_path):
    import io as _io
    import os

    from estlab.workflow.rehearsal import REHEARSAL_BUCKET, aws_or_rehearsal

    monkeypatch.setenv("AWS_PROFILE", "my-real-profile")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("SAGEMAKER_USER_CONFIG_OVERRIDE", raising=False)
    before = dict(os.environ)
    out = _io.StringIO()
    with aws_or_rehearsal(mode="rehearsal", stream=out) as stage:
        assert "AWS_PROFILE" not in os.environ  # the user's profile must not leak in
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        assert os.environ["AWS_ACCESS_KEY_ID"]  # fake keys (moto swaps in its own while active)
        session = stage.estlab_session()
        (tmp_path / "serve.py").write_text("def model_fn(model_dir):\n    return None\n")
        session.create_model(ModelSpec(name="m-1", model_data=f"s3://{stage.bucket}/model.tar.gz",
                                       entry_point=str(tmp_path / "serve.py")))
        session.create_endpoint(EndpointSpec(name="ep-1", model_name="m-1"))
    assert dict(os.environ) == before
    assert stage.rehearsal and stage.bucket == REHEARSAL_BUCKET
    assert [name for name, _ in stage.requests if name.startswith("Create")] == [
        "CreateModel", "CreateEndpointConfig", "CreateEndpoint"]
    assert out.getvalue().splitlines()[2:] == [
        "CreateEndpointConfig: name=ep-1, variants=[AllTraffic:m-1:1xml.m5.large]",
        "CreateEndpoint: name=ep-1, config=ep-1"]


def test_the_rehearsal_refuses_aws_mode_without_settings(monkeypatch):
    from estlab.workflow.rehearsal import aws_or_rehearsal

    monkeypatch.delenv("SAGEMAKER_ROLE_ARN", raising=False)
    monkeypatch.delenv("SAGEMAKER_BUCKET", raising=False)
    with pytest.raises(WorkflowError, match="needs SAGEMAKER_ROLE_ARN"):
        with aws_or_rehearsal(mode="aws"):
            pass
    with pytest.raises(WorkflowError, match="mode must be"):
        with aws_or_rehearsal(mode="cloud"):
            pass


def test_an_sdk_that_names_the_training_job_itself_is_followed(aws, user_code, monkeypatch):
    """If a future SDK drops the private hook that sets the job name, describe still works."""
    from estlab.workflow.sagemaker import session as sagemaker_session

    monkeypatch.setattr(sagemaker_session, "_named_trainer_class", lambda cls: cls)
    spec = training_spec(user_code)
    aws.session.create_training_job(spec)
    sent = captured(aws, "CreateTrainingJob")["TrainingJobName"]
    assert sent != spec.job_name and NAME_RULE.match(sent)
    assert aws.session.describe_training_job(spec.job_name)["TrainingJobName"] == sent
    assert aws.session.wait_for_job("training", spec.job_name, logs=False)[
        "TrainingJobName"] == sent


def test_a_script_already_in_s3_runs_through_script_processor(aws):
    aws.s3.put_object(Bucket=BUCKET, Key="scripts/clean.py", Body=b"print('clean')\n")
    spec = ProcessingJobSpec(job_name="clean-2026-01-02-03-04-05-678", command=("python3",),
                             code=f"s3://{BUCKET}/scripts/clean.py", arguments=("--n", "3"))
    aws.session.create_processing_job(spec)
    request = captured(aws, "CreateProcessingJob")
    assert request["AppSpecification"]["ContainerEntrypoint"] == [
        "python3", "/opt/ml/processing/input/code/clean.py"]
    assert request["AppSpecification"]["ContainerArguments"] == ["--n", "3"]
    [code] = request["ProcessingInputs"]
    assert code["InputName"] == "code"
    assert code["S3Input"]["S3Uri"] == f"s3://{BUCKET}/scripts/clean.py"


def test_log_streaming_reads_every_page_of_cloudwatch_events(aws, capsys):
    # filter_log_events answers at most 10,000 events (1 MB) a page: a verbose job's later
    # lines, and so the tail quoted when it fails, are on the next pages.
    logs = aws.session.boto_session.client("logs")
    group, stream = "/aws/sagemaker/TrainingJobs", "chatty-job/algo-1-1700000000"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    start = int(time.time() * 1000) - 60_000  # recent: older events are refused
    for first in range(0, 10_050, 1_000):
        logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
            {"timestamp": start + i, "message": f"line {i}"}
            for i in range(first, min(first + 1_000, 10_050))])
    seen = set()
    lines = aws.session._new_log_lines(group, "chatty-job", seen)
    assert len(lines) == 10_050 and lines[-1] == "line 10049"
    assert aws.session._new_log_lines(group, "chatty-job", seen) == []  # nothing twice
    assert capsys.readouterr().out.rstrip().endswith("line 10049")
