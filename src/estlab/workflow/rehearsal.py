"""Run the book's SageMaker SDK v3 examples on AWS, on the local SageMaker API, or rehearse them.

Every ``chapters/*/examples/sagemaker_*.py`` file is real SDK v3 code. Wrapped in
:func:`aws_or_rehearsal`, it runs in one of three ways:

* **AWS**: when ``SAGEMAKER_ROLE_ARN`` and ``SAGEMAKER_BUCKET`` are set, the stage carries your
  role, bucket and a boto3 session with your credentials: the example creates real jobs (and
  costs real money).
* **Local** (otherwise, the default): ``estlab serve`` starts on 127.0.0.1 for the block, with
  a scratch root, and the SDK talks to it as it would to AWS. The jobs really run (in estlab's
  sandbox, ``/opt/ml`` at its real path), endpoints answer, logs reach CloudWatch Logs, and
  models land in S3 (moto's, inside the server). No account, no Docker, no network.
* **Rehearsal** (``mode="rehearsal"``): moto's in-process AWS mock stands in for S3, IAM, STS
  and the SageMaker API. Nothing runs; what you see is exactly what the SDK *would* send.

In every mode the requests the SDK sends (CreateTrainingJob, CreateProcessingJob, CreateModel,
CreateEndpointConfig, CreateEndpoint, CreateTransformJob, InvokeEndpoint) are captured through
botocore's ``before-parameter-build`` events and summarised when the block ends::

    CreateTrainingJob: name=estlab-numpy-20260101120000,
        image=sagemaker-scikit-learn:1.4-2-py312-cpu-py3, channels=[train, code, sm_drivers],
        hyperparameters={"estimator": "Normal"}
"""

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from estlab.workflow._errors import WorkflowError

__all__ = ["Stage", "aws_or_rehearsal", "summarize_request", "OFFLINE_ENVIRONMENT",
           "REHEARSAL_ROLE", "REHEARSAL_BUCKET", "REHEARSAL_REGION", "LOCAL_BUCKET",
           "SAGEMAKER_TRUST_POLICY"]

REHEARSAL_REGION = "us-east-1"
#: moto's default account is 123456789012; the role need not exist (role validation is off).
REHEARSAL_ROLE = "arn:aws:iam::123456789012:role/EstlabRehearsalRole"
REHEARSAL_BUCKET = "estlab-rehearsal"
LOCAL_BUCKET = "estlab-book"
LOCAL_ROLE_NAME = "EstlabBookRole"
#: The trust policy of the local stage's role: the SDK v3 reads it from IAM before it creates a
#: job (as on AWS), and refuses a role that SageMaker may not assume.
SAGEMAKER_TRUST_POLICY = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}

#: The environment that keeps boto3 and the SDK offline: a region (``import sagemaker.serve``
#: needs one), fake keys (else boto3 probes the EC2 metadata service for 14-32 s), no IAM role
#: validation (moto lacks iam:SimulatePrincipalPolicy). The SDK's telemetry opt-out has no
#: environment variable: it is set through ``SAGEMAKER_USER_CONFIG_OVERRIDE`` (a YAML file).
OFFLINE_ENVIRONMENT = {
    "AWS_DEFAULT_REGION": REHEARSAL_REGION,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_EC2_METADATA_DISABLED": "true",
    "SAGEMAKER_VALIDATE_ROLE": "false",
}
# Settings that would send a rehearsal elsewhere than moto: removed while it runs.
_UNSET = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
          "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "AWS_REGION")
TELEMETRY_OPT_OUT_YAML = ("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n"
                          "      TelemetryOptOut: true\n")

_CREATE_OPERATIONS = ("CreateProcessingJob", "CreateTrainingJob", "CreateModel",
                      "CreateEndpointConfig", "CreateEndpoint", "CreateTransformJob",
                      "InvokeEndpoint")


@dataclass
class Stage:
    """Where a SageMaker example runs: AWS, the local SageMaker API, or the offline rehearsal.

    Attributes
    ----------
    role, bucket, region : str
        The execution role ARN, the S3 bucket and the AWS region to use.
    boto_session : boto3.Session
        Credentials and region; requests made through it are captured.
    sagemaker_session : sagemaker.core.helper.session_helper.Session
        The SDK v3 session built on ``boto_session`` with ``default_bucket=bucket``.
    where : {"aws", "local", "rehearsal"}
        Which of the three.
    requests : list of (str, dict)
        ``(operation, parameters)`` of every captured request, in order.
    endpoint_url : str or None
        The local API's URL (``where == "local"``), else None.

    Examples
    --------
    >>> from estlab.workflow.rehearsal import aws_or_rehearsal
    >>> with aws_or_rehearsal(mode="rehearsal", summary=False) as stage:
    ...     print(stage.rehearsal, stage.region, stage.captured("CreateTrainingJob"))
    True us-east-1 []
    """

    role: str
    bucket: str
    region: str
    boto_session: Any
    sagemaker_session: Any
    where: str
    requests: list = field(default_factory=list)
    endpoint_url: str = None

    @property
    def rehearsal(self):
        """True when moto stands in for AWS: nothing runs, so do not wait for jobs."""
        return self.where == "rehearsal"

    def estlab_session(self, **kwargs):
        """An :class:`~estlab.workflow.SageMakerSession` on this stage's role, bucket and region."""
        from estlab.workflow.sagemaker.session import SageMakerSession

        if self.where == "local":  # a local job takes a second or two: poll often
            kwargs.setdefault("poll_seconds", 0.5)
        return SageMakerSession(role=self.role, bucket=self.bucket, region=self.region,
                                boto_session=self.boto_session, **kwargs)

    def captured(self, operation):
        """The parameters of every captured ``operation`` request (e.g. ``"CreateTrainingJob"``)."""
        return [params for name, params in self.requests if name == operation]

    def summary(self):
        """One readable line per captured Create*/InvokeEndpoint request."""
        return "\n".join(summarize_request(name, params) for name, params in self.requests
                         if name in _CREATE_OPERATIONS)


def _short_image(image):
    return image.split("/", 1)[-1] if image else image


def summarize_request(operation, params):
    """One line that says what a captured request asks SageMaker to do.

    Examples
    --------
    >>> print(summarize_request("CreateEndpoint", {"EndpointName": "ep",
    ...                                            "EndpointConfigName": "ep"}))
    CreateEndpoint: name=ep, config=ep
    """
    p = params
    if operation == "CreateTrainingJob":
        spec = p.get("AlgorithmSpecification", {})
        channels = [c["ChannelName"] for c in p.get("InputDataConfig", [])]
        hps = json.dumps(p.get("HyperParameters", {}), sort_keys=True)
        res = p.get("ResourceConfig", {})
        return (f"CreateTrainingJob: name={p['TrainingJobName']}, "
                f"image={_short_image(spec.get('TrainingImage') or spec.get('AlgorithmName'))}, "
                f"instances={res.get('InstanceCount')}x{res.get('InstanceType')}, "
                f"channels=[{', '.join(channels)}], hyperparameters={hps}, "
                f"output={p.get('OutputDataConfig', {}).get('S3OutputPath')}")
    if operation == "CreateProcessingJob":
        app = p.get("AppSpecification", {})
        inputs = [f"{i['InputName']}->{i['S3Input']['LocalPath']}"
                  for i in p.get("ProcessingInputs", [])]
        outputs = [f"{o['S3Output']['LocalPath']}->{o['S3Output']['S3Uri']}"
                   for o in p.get("ProcessingOutputConfig", {}).get("Outputs", [])]
        return (f"CreateProcessingJob: name={p['ProcessingJobName']}, "
                f"image={_short_image(app.get('ImageUri'))}, "
                f"entrypoint={' '.join(app.get('ContainerEntrypoint', []))}, "
                f"arguments={app.get('ContainerArguments', [])}, inputs=[{', '.join(inputs)}], "
                f"outputs=[{', '.join(outputs)}]")
    if operation == "CreateModel":
        c = p.get("PrimaryContainer", {})
        env = c.get("Environment", {})
        program = env.get("SAGEMAKER_PROGRAM")
        return (f"CreateModel: name={p['ModelName']}, image={_short_image(c.get('Image'))}, "
                f"model_data={c.get('ModelDataUrl')}" + (f", program={program}" if program else ""))
    if operation == "CreateEndpointConfig":
        variants = [f"{v['VariantName']}:{v['ModelName']}:{v.get('InitialInstanceCount')}x"
                    f"{v.get('InstanceType')}" for v in p.get("ProductionVariants", [])]
        return (f"CreateEndpointConfig: name={p['EndpointConfigName']}, "
                f"variants=[{', '.join(variants)}]")
    if operation == "CreateEndpoint":
        return f"CreateEndpoint: name={p['EndpointName']}, config={p['EndpointConfigName']}"
    if operation == "CreateTransformJob":
        source = p["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"]
        return (f"CreateTransformJob: name={p['TransformJobName']}, model={p['ModelName']}, "
                f"input={source}, split={p['TransformInput'].get('SplitType', 'None')}, "
                f"strategy={p.get('BatchStrategy')}, output={p['TransformOutput']['S3OutputPath']}")
    if operation == "InvokeEndpoint":
        return (f"InvokeEndpoint: endpoint={p['EndpointName']}, "
                f"content_type={p.get('ContentType')}, accept={p.get('Accept')}, "
                f"body={len(p.get('Body') or b'')} bytes")
    return f"{operation}: {json.dumps(p, default=str)[:200]}"


@contextmanager
def _offline_environment():
    """Set :data:`OFFLINE_ENVIRONMENT` (plus a telemetry opt-out file); restore everything after."""
    saved = {key: os.environ.get(key) for key in (*OFFLINE_ENVIRONMENT, *_UNSET,
                                                  "SAGEMAKER_USER_CONFIG_OVERRIDE",
                                                  "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")}
    with tempfile.TemporaryDirectory(prefix="estlab-rehearsal-") as tmp:
        config = Path(tmp) / "sagemaker-config.yaml"
        config.write_text(TELEMETRY_OPT_OUT_YAML)
        try:
            for key in _UNSET:
                os.environ.pop(key, None)
            os.environ.update(OFFLINE_ENVIRONMENT)
            os.environ["SAGEMAKER_USER_CONFIG_OVERRIDE"] = str(config)
            # The user's ~/.aws files must not leak a profile or endpoint into the rehearsal.
            os.environ["AWS_CONFIG_FILE"] = str(Path(tmp) / "no-aws-config")
            os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(Path(tmp) / "no-aws-credentials")
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def capture_requests(boto_session, requests):
    """Append ``(operation, params)`` to ``requests`` for every SageMaker (Runtime) call.

    Also drops the empty ``{}`` values moto returns for ``VpcConfig`` / ``DataCaptureConfig``,
    which the SDK's pydantic models reject (harmless against AWS, which omits them).

    Examples
    --------
    >>> import boto3
    >>> from botocore.stub import Stubber
    >>> session = boto3.Session(region_name="us-east-1", aws_access_key_id="x",
    ...                         aws_secret_access_key="x")
    >>> requests = []
    >>> capture_requests(session, requests)
    >>> client = session.client("sagemaker")
    >>> with Stubber(client) as stub:
    ...     stub.add_response("delete_endpoint", {})
    ...     _ = client.delete_endpoint(EndpointName="churn-endpoint")
    >>> requests
    [('DeleteEndpoint', {'EndpointName': 'churn-endpoint'})]
    """

    def capture(params, model, **_):
        requests.append((model.name, dict(params)))

    def drop_empty(parsed, **_):
        if isinstance(parsed, dict):
            for key in [k for k, v in parsed.items() if v == {}]:
                del parsed[key]

    events = boto_session.events
    events.register("before-parameter-build.sagemaker.*", capture)
    events.register("before-parameter-build.sagemaker-runtime.*", capture)
    events.register("after-call.sagemaker.*", drop_empty)


@contextmanager
def aws_or_rehearsal(*, mode="auto", offline="local", summary=True, stream=None):
    """Yield a :class:`Stage` on AWS (when configured), on the local SageMaker API, or rehearsed.

    Parameters
    ----------
    mode : {"auto", "aws", "local", "rehearsal"}, default="auto"
        ``"auto"`` uses AWS when both ``SAGEMAKER_ROLE_ARN`` and ``SAGEMAKER_BUCKET`` are set,
        ``offline`` otherwise. ``"aws"`` requires them; ``"local"`` starts ``estlab serve``
        for the block (jobs run on this machine); ``"rehearsal"`` runs nothing (moto).
    offline : {"local", "rehearsal"}, default="local"
        What ``"auto"`` uses without AWS settings: ``"rehearsal"`` for examples whose images
        have no local profile yet (TensorFlow, PyTorch), which would fail on the local API.
    summary : bool, default=True
        Print one line per captured request when the block ends.
    stream : file, optional
        Where the summary goes (default ``sys.stdout``).

    Yields
    ------
    Stage
        ``role``, ``bucket``, ``region``, ``boto_session``, ``sagemaker_session`` (SDK v3),
        ``rehearsal``, ``where`` and the captured ``requests``.

    Examples
    --------
    >>> from estlab.workflow.rehearsal import aws_or_rehearsal
    >>> with aws_or_rehearsal(mode="rehearsal", summary=False) as stage:
    ...     s3 = stage.boto_session.client("s3")
    ...     _ = s3.put_object(Bucket=stage.bucket, Key="data/train.csv", Body=b"1,2\\n")
    ...     listing = s3.list_objects_v2(Bucket=stage.bucket)
    ...     print(stage.rehearsal, stage.bucket, listing["KeyCount"])
    True estlab-rehearsal 1
    """
    if mode not in ("auto", "aws", "local", "rehearsal"):
        raise WorkflowError(f"mode must be 'auto', 'aws', 'local' or 'rehearsal'; got {mode!r}.")
    role, bucket = os.environ.get("SAGEMAKER_ROLE_ARN"), os.environ.get("SAGEMAKER_BUCKET")
    if mode == "aws" and not (role and bucket):
        raise WorkflowError("mode='aws' needs SAGEMAKER_ROLE_ARN (your SageMaker execution role) "
                            "and SAGEMAKER_BUCKET (an S3 bucket you own) in the environment.")
    if offline not in ("local", "rehearsal"):
        raise WorkflowError(f"offline must be 'local' or 'rehearsal'; got {offline!r}.")
    if mode == "auto":
        mode = "aws" if role and bucket else offline
    try:
        import boto3
    except ImportError as exc:
        raise WorkflowError("the SageMaker examples need boto3, the SDK v3 and moto: "
                            "pip install 'estlab[sagemaker]'") from exc
    if mode == "aws":
        stages = _aws_stage(role, bucket)
    elif mode == "local":
        stages = _local_stage()
    else:
        stages = _rehearsal_stage()
    with stages as stage:
        try:
            yield stage
        finally:
            if summary:
                _print_summary(stage, stream)


@contextmanager
def _aws_stage(role, bucket):
    import boto3

    yield _make_stage(boto3.Session(), role, bucket, where="aws")


@contextmanager
def _local_stage():
    """``estlab serve`` for the block, on a scratch root, with a bucket and a SageMaker role."""
    import boto3

    from estlab.workflow.local.api import serve

    with _offline_environment(), tempfile.TemporaryDirectory(prefix="estlab-book-") as root, \
            serve(root=root, region=REHEARSAL_REGION) as api:
        os.environ["SAGEMAKER_VALIDATE_ROLE"] = "true"  # the local IAM answers, as AWS would
        boto_session = boto3.Session(region_name=REHEARSAL_REGION)
        boto_session.client("s3").create_bucket(Bucket=LOCAL_BUCKET)
        role = boto_session.client("iam").create_role(
            RoleName=LOCAL_ROLE_NAME,
            AssumeRolePolicyDocument=json.dumps(SAGEMAKER_TRUST_POLICY))["Role"]["Arn"]
        stage = _make_stage(boto_session, role, LOCAL_BUCKET, where="local")
        stage.endpoint_url = api.url
        yield stage


@contextmanager
def _rehearsal_stage():
    import boto3

    try:
        import moto
    except ImportError as exc:
        raise WorkflowError("the offline rehearsal needs moto: "
                            "pip install 'estlab[sagemaker]'") from exc
    with _offline_environment(), moto.mock_aws():
        boto_session = boto3.Session(region_name=REHEARSAL_REGION)
        boto_session.client("s3").create_bucket(Bucket=REHEARSAL_BUCKET)
        yield _make_stage(boto_session, REHEARSAL_ROLE, REHEARSAL_BUCKET, where="rehearsal")


def _make_stage(boto_session, role, bucket, where):
    from sagemaker.core.helper.session_helper import Session

    requests = []
    capture_requests(boto_session, requests)
    sagemaker_session = Session(boto_session=boto_session, default_bucket=bucket)
    return Stage(role=role, bucket=bucket, region=boto_session.region_name,
                 boto_session=boto_session, sagemaker_session=sagemaker_session,
                 where=where, requests=requests)


def _print_summary(stage, stream):
    stream = stream or sys.stdout
    where = {"aws": "AWS",
             "local": f"local SageMaker API at {stage.endpoint_url}: the jobs ran on this machine",
             "rehearsal": "rehearsal (moto, offline): nothing ran on AWS"}[stage.where]
    print(f"--- requests the SDK sent to SageMaker [{where}] ---", file=stream)
    print(stage.summary() or "(no SageMaker requests)", file=stream)
