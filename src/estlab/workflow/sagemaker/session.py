"""SageMakerSession: the same workflow objects, run on SageMaker through the official SDK v3.

Each ``create_*`` method turns one frozen spec of :mod:`estlab.workflow._specs` into the SDK v3
object that sends the matching request (install with ``pip install estlab[sagemaker]``):

* processing: ``sagemaker.core.processing.FrameworkProcessor`` (``ScriptProcessor`` for a
  script already in S3) -> CreateProcessingJob;
* training: ``sagemaker.train.ModelTrainer`` -> CreateTrainingJob;
* model: ``sagemaker.core.resources.Model`` -> CreateModel;
* endpoint: the ``EndpointConfig`` and ``Endpoint`` resources -> CreateEndpointConfig,
  CreateEndpoint;
* transform: ``sagemaker.core.transformer.Transformer`` -> CreateTransformJob.

Every job runs in the scikit-learn framework image (Python 3.12, NumPy, SciPy) with estlab's own
source shipped in the code bundle (:mod:`estlab.workflow.sagemaker.bundle`), so the container
needs no internet. ``describe_*`` call the SageMaker API; ``invoke_endpoint`` calls SageMaker
Runtime. The SDK is imported on first use only: ``import estlab.workflow`` never imports it.
"""

import os
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

from estlab.workflow._errors import EndpointError, JobFailedError, WorkflowError
from estlab.workflow._limits import DEFAULT_MAX_RUN, RESERVED_CHANNELS, check_map
from estlab.workflow._session import Session

__all__ = ["SageMakerSession"]

_INSTALL_HINT = "install the extra with: pip install 'estlab[sagemaker]'"
_TERMINAL = {"Completed", "Failed", "Stopped"}
_KINDS = {  # kind -> (describe call, name key, status key, CloudWatch log group)
    "processing": ("describe_processing_job", "ProcessingJobName", "ProcessingJobStatus",
                   "/aws/sagemaker/ProcessingJobs"),
    "training": ("describe_training_job", "TrainingJobName", "TrainingJobStatus",
                 "/aws/sagemaker/TrainingJobs"),
    "transform": ("describe_transform_job", "TransformJobName", "TransformJobStatus",
                  "/aws/sagemaker/TransformJobs"),
}


def _import_sdk():
    """Import the pieces of the SDK v3 this session uses, or say how to install it."""
    try:
        import boto3  # noqa: F401
        from sagemaker.core import image_uris, resources, shapes
        from sagemaker.core.helper.session_helper import Session as SDKSession
        from sagemaker.core.network import NetworkConfig
        from sagemaker.core.processing import FrameworkProcessor, ScriptProcessor
        from sagemaker.core.transformer import Transformer
        from sagemaker.train import ModelTrainer
        from sagemaker.core.training.configs import (Compute, Networking, OutputDataConfig,
                                                     SourceCode)
    except ImportError as exc:
        raise WorkflowError(f"SageMakerSession needs the SageMaker Python SDK v3 and boto3 "
                            f"({exc}); {_INSTALL_HINT}") from exc
    return {"image_uris": image_uris, "resources": resources, "shapes": shapes,
            "Session": SDKSession, "FrameworkProcessor": FrameworkProcessor,
            "ScriptProcessor": ScriptProcessor,
            "Transformer": Transformer, "ModelTrainer": ModelTrainer, "Compute": Compute,
            "OutputDataConfig": OutputDataConfig, "SourceCode": SourceCode,
            "NetworkConfig": NetworkConfig, "Networking": Networking}


class SageMakerSession(Session):
    """Run estlab's Processor / Estimator / Model / Transformer on SageMaker (SDK v3).

    Parameters
    ----------
    role : str, optional
        The IAM execution role ARN the jobs assume. Defaults to the ``SAGEMAKER_ROLE_ARN``
        environment variable; without either, a :class:`~estlab.workflow.WorkflowError` says so.
    bucket : str, optional
        S3 bucket for code, staged local data and default outputs. Defaults to the SDK's default
        bucket ``sagemaker-<region>-<account>``.
    region : str, optional
        AWS region. Defaults to ``boto_session``'s region, then to your AWS configuration
        (``AWS_DEFAULT_REGION`` or ``~/.aws/config``).
    boto_session : boto3.Session, optional
        The boto3 session whose credentials and region are used. One is made when omitted.
    instance_type : str, default="ml.m5.large"
        Used wherever a component says ``instance_type="local"`` (the local default), so that
        the same script runs unchanged on both sessions.
    framework_version : str, default="1.4-2-py312"
        Version of the scikit-learn framework image (``image_uris.retrieve("sklearn", ...)``).
        The default image has Python 3.12 and NumPy 2.1. The older ``"1.2-1"`` image runs
        Python 3.9 with NumPy 1.24 (aws/sagemaker-scikit-learn-container PR #223), below
        estlab's Python >= 3.11 and NumPy >= 1.26, so the shipped estlab would not import there.
    poll_seconds : float, default=15
        How often ``wait_for_*`` asks SageMaker for the job's status.

    Notes
    -----
    Hyperparameters travel as the SDK v3 encodes them: strings as they are, other values as
    JSON (``0.1`` -> ``"0.1"``, ``True`` -> ``"true"``), and its driver passes them to the script
    as ``--name value`` (v2 sent ``json.dumps`` of every value, and the training toolkit spells
    booleans ``True``). The NumPy framework's ``train.py`` reads both spellings.

    ``wait_for_job(..., logs=True)`` prints the job's CloudWatch log events as they arrive, and
    a status line whenever the status changes.

    ``ModelTrainer.train`` has no ``job_name`` argument (it always makes ``<base>-<timestamp>``);
    estlab needs the spec's job name so that ``describe_training_job(job.name)`` works, so the
    session passes it through a small ModelTrainer subclass.

    Examples
    --------
    Building a session does not touch AWS or import the SDK; the first job does.

    >>> from estlab.workflow import SageMakerSession
    >>> session = SageMakerSession(role="arn:aws:iam::123456789012:role/SageMakerRole",
    ...                            bucket="my-bucket", region="eu-west-1")
    >>> session.default_output_uri()
    's3://my-bucket'
    >>> session  # doctest: +NORMALIZE_WHITESPACE
    SageMakerSession(role='arn:aws:iam::123456789012:role/SageMakerRole',
                     bucket='my-bucket', region='eu-west-1')
    """

    def __init__(self, role=None, bucket=None, region=None, boto_session=None, *,
                 instance_type="ml.m5.large", framework_version="1.4-2-py312", poll_seconds=15):
        role = role or os.environ.get("SAGEMAKER_ROLE_ARN")
        if not role:
            raise WorkflowError("SageMakerSession needs an IAM execution role: pass role='arn:aws:"
                                "iam::<account>:role/<name>' or set SAGEMAKER_ROLE_ARN.")
        if not str(role).startswith("arn:"):
            raise WorkflowError(f"role must be an IAM role ARN like 'arn:aws:iam::123456789012:"
                                f"role/SageMakerRole'; got {role!r}.")
        self.role = role
        self._bucket = bucket
        self._region = region
        self._boto_session = boto_session
        self.instance_type = instance_type
        self.framework_version = framework_version
        self.poll_seconds = poll_seconds
        self._sdk = None
        self._sdk_session = None
        self._clients = {}
        self._aliases = {}  # estlab job name -> the name the SDK gave the job, if it differs

    def __repr__(self):
        return (f"SageMakerSession(role={self.role!r}, bucket={self._bucket!r}, "
                f"region={self._region!r})")

    # -- lazily built AWS objects ---------------------------------------------------------
    @property
    def boto_session(self):
        """The boto3 session (made on first use from ``region`` and your AWS settings)."""
        if self._boto_session is None:
            try:
                import boto3
            except ImportError as exc:
                raise WorkflowError(f"SageMakerSession needs boto3; {_INSTALL_HINT}") from exc
            self._boto_session = boto3.Session(region_name=self._region)
        return self._boto_session

    @property
    def region(self):
        """The AWS region every request goes to."""
        region = self._region or self.boto_session.region_name
        if not region:
            raise WorkflowError("SageMakerSession has no AWS region: pass region='us-east-1' (or "
                                "yours), or set AWS_DEFAULT_REGION, or configure one with "
                                "'aws configure'.")
        self._region = region
        return region

    @property
    def sdk(self):
        """The SDK v3 modules and classes this session uses (imported on first use)."""
        if self._sdk is None:
            self._sdk = _import_sdk()
        return self._sdk

    @property
    def sagemaker_session(self):
        """The SDK v3 ``Session`` (``sagemaker.core.helper.session_helper.Session``)."""
        if self._sdk_session is None:
            region = self.region
            if self._boto_session is not None and self._boto_session.region_name != region:
                raise WorkflowError(f"region={region!r} differs from the boto session's region "
                                    f"{self._boto_session.region_name!r}; pass one of them only.")
            self._sdk_session = self.sdk["Session"](boto_session=self.boto_session,
                                                    default_bucket=self._bucket)
        return self._sdk_session

    @property
    def bucket(self):
        """The S3 bucket for code, staged data and default outputs."""
        if self._bucket is None:
            self._bucket = self.sagemaker_session.default_bucket()
        return self._bucket

    def _client(self, service):
        if service not in self._clients:
            self._clients[service] = self.boto_session.client(service, region_name=self.region)
        return self._clients[service]

    # -- helpers ------------------------------------------------------------------------------
    def _instance_type(self, instance_type):
        local = instance_type in (None, "local", "local_gpu")
        return self.instance_type if local else instance_type

    def _image(self, image_uri, scope, instance_type):
        if image_uri:
            return image_uri
        return self.sdk["image_uris"].retrieve("sklearn", self.region,
                                               version=self.framework_version,
                                               image_scope=scope, instance_type=instance_type)

    def _stage(self, uri, key_prefix):
        """Return an ``s3://`` URI for ``uri``, uploading a local file or folder first."""
        uri = str(uri)
        if uri.startswith("s3://"):
            return uri
        path = Path(uri[len("file://"):] if uri.startswith("file://") else uri).expanduser()
        if not path.exists():
            raise WorkflowError(f"cannot upload {uri!r} to S3: no such file or folder. Give an "
                                "s3:// URI or an existing local path.")
        staged = self.sagemaker_session.upload_data(str(path), bucket=self.bucket,
                                                    key_prefix=key_prefix)
        return staged

    @staticmethod
    def _require_s3(uri, what):
        if not str(uri).startswith("s3://"):
            raise WorkflowError(f"{what} must be an s3:// URI on SageMaker; got {uri!r}. Leave "
                                "it unset to use the session's bucket, or give "
                                "s3://<bucket>/<prefix>.")
        return str(uri)

    # -- processing -----------------------------------------------------------------------
    def create_processing_job(self, spec):
        """Send CreateProcessingJob through ``FrameworkProcessor`` (code + estlab as source_dir).

        A script already in S3 (``code="s3://..."``) runs as is through ``ScriptProcessor``:
        there is no local folder to bundle estlab with, so such a script must not import estlab.

        ``spec.max_run`` (seconds) becomes ``StoppingCondition.MaxRuntimeInSeconds`` (unset:
        the API's default of 86,400 s, as for a local job).
        """
        max_run = spec.max_run or DEFAULT_MAX_RUN
        check_map("CreateProcessingJob", "Environment", dict(spec.env))
        sdk, shapes = self.sdk, self.sdk["shapes"]
        instance_type = self._instance_type(spec.instance_type)
        inputs = [
            shapes.ProcessingInput(
                input_name=item.input_name,
                s3_input=shapes.ProcessingS3Input(
                    s3_uri=self._stage(item.source, f"{spec.job_name}/input/{item.input_name}"),
                    local_path=item.destination, s3_data_type="S3Prefix", s3_input_mode="File",
                    s3_data_distribution_type=item.s3_data_distribution_type))
            for item in spec.inputs]
        outputs = [
            shapes.ProcessingOutput(
                output_name=item.output_name,
                s3_output=shapes.ProcessingS3Output(
                    s3_uri=self._require_s3(item.destination, f"output {item.output_name!r}"),
                    local_path=item.source, s3_upload_mode="EndOfJob"))
            for item in spec.outputs]
        options = dict(
            image_uri=self._image(spec.image_uri, "training", instance_type),
            role=spec.role or self.role, command=list(spec.command),
            instance_count=spec.instance_count, instance_type=instance_type,
            env=dict(spec.env) or None, sagemaker_session=self.sagemaker_session,
            max_runtime_in_seconds=int(max_run) if max_run else None,
            network_config=(sdk["NetworkConfig"](enable_network_isolation=True)
                            if spec.network_isolation else None))
        run = dict(inputs=inputs, outputs=outputs, arguments=list(spec.arguments) or None,
                   wait=False, logs=False, job_name=spec.job_name)
        if str(spec.code).startswith("s3://"):
            sdk["ScriptProcessor"](**options).run(code=str(spec.code), **run)
            return spec.job_name
        processor = sdk["FrameworkProcessor"](**options)
        with tempfile.TemporaryDirectory(prefix="estlab-bundle-") as bundle:
            entry = _bundle(bundle, spec.code, None)
            processor.run(code=entry, source_dir=bundle, **run)
        return spec.job_name

    def describe_processing_job(self, job_name):
        """DescribeProcessingJob through the SageMaker API (without ResponseMetadata)."""
        return self._describe("describe_processing_job", ProcessingJobName=job_name)

    # -- training -------------------------------------------------------------------------
    def create_training_job(self, spec):
        """Send CreateTrainingJob through ``ModelTrainer`` (script mode, estlab in the code).

        ``spec.max_run`` (seconds) becomes ``StoppingCondition.MaxRuntimeInSeconds``; unset, it
        is the API's default of 86,400 s, as for a local job (ModelTrainer alone would send
        3,600). The API's limits (hyperparameters, environment, channel names) are checked
        before anything is uploaded, as the local runtime checks them.
        """
        max_run = spec.max_run or DEFAULT_MAX_RUN
        check_map("CreateTrainingJob", "HyperParameters",
                  {k: str(v) for k, v in spec.hyperparameters.items()})
        check_map("CreateTrainingJob", "Environment", dict(spec.environment))
        names = [c.name for c in spec.channels]
        if len(set(names)) < len(names) or set(names) & set(RESERVED_CHANNELS):
            raise WorkflowError(
                f"Channel names must be unique and not {' or '.join(RESERVED_CHANNELS)} (the "
                f"SDK v3 ModelTrainer sends its own code in those channels); got {names}.")
        sdk, shapes = self.sdk, self.sdk["shapes"]
        instance_type = self._instance_type(spec.instance_type)
        channels = [
            shapes.Channel(
                channel_name=ch.name, input_mode=ch.input_mode, content_type=ch.content_type,
                data_source=shapes.DataSource(s3_data_source=shapes.S3DataSource(
                    s3_data_type="S3Prefix", s3_data_distribution_type=ch.distribution,
                    s3_uri=self._stage(ch.uri, f"{spec.job_name}/input/{ch.name}"))))
            for ch in spec.channels]
        output_path = self._require_s3(spec.output_path or self.default_output_uri(), "output_path")
        with tempfile.TemporaryDirectory(prefix="estlab-bundle-") as bundle:
            entry = _bundle(bundle, spec.entry_point, spec.source_dir)
            trainer = _named_trainer_class(sdk["ModelTrainer"])(
                sagemaker_session=self.sagemaker_session, role=spec.role or self.role,
                training_image=self._image(spec.image_uri, "training", instance_type),
                base_job_name=_base_from_name(spec.job_name),
                source_code=sdk["SourceCode"](source_dir=bundle, entry_script=entry,
                                              # the bundle has no caches; [] also avoids the
                                              # SDK's leaked TemporaryDirectory for a filtered copy
                                              ignore_patterns=[]),
                compute=sdk["Compute"](instance_type=instance_type,
                                       instance_count=spec.instance_count),
                hyperparameters=dict(spec.hyperparameters),
                environment=dict(spec.environment),
                input_data_config=channels or None,
                output_data_config=sdk["OutputDataConfig"](s3_output_path=output_path),
                **({"networking": sdk["Networking"](enable_network_isolation=True)}
                   if spec.network_isolation else {}),
                **({"stopping_condition": shapes.StoppingCondition(
                    max_runtime_in_seconds=int(max_run))} if max_run else {}))
            trainer._estlab_job_name = spec.job_name
            if spec.metric_definitions:
                trainer = trainer.with_metric_definitions([
                    shapes.MetricDefinition(name=m["Name"], regex=m["Regex"])
                    for m in spec.metric_definitions])
            trainer.train(wait=False, logs=False)
        sent = getattr(trainer._latest_training_job, "training_job_name", spec.job_name)
        if sent != spec.job_name:  # an SDK without the hook named the job itself: follow it
            self._aliases[spec.job_name] = sent
        return spec.job_name

    def describe_training_job(self, job_name):
        """DescribeTrainingJob through the SageMaker API (without ResponseMetadata)."""
        return self._describe("describe_training_job",
                              TrainingJobName=self._aliases.get(job_name, job_name))

    # -- hosting --------------------------------------------------------------------------
    def create_model(self, spec):
        """Send CreateModel: the scikit-learn serving image, model.tar.gz and sourcedir.tar.gz.

        The inference script and estlab are packed into ``sourcedir.tar.gz`` (uploaded to
        ``s3://<bucket>/<model>/source/``) and named by ``SAGEMAKER_PROGRAM`` /
        ``SAGEMAKER_SUBMIT_DIRECTORY``, the scikit-learn container's contract.
        """
        if spec.entry_point is None:
            raise WorkflowError(f"model {spec.name!r} has no entry_point: the scikit-learn serving "
                                "container needs a script with model_fn (and optionally input_fn, "
                                "predict_fn, output_fn). Pass entry_point=, or use NumPyModel.")
        resources, shapes = self.sdk["resources"], self.sdk["shapes"]
        instance_type = self._instance_type(None)
        model_data = self._stage(spec.model_data, f"{spec.name}/model")
        with tempfile.TemporaryDirectory(prefix="estlab-bundle-") as tmp:
            bundle = Path(tmp) / "code"
            bundle.mkdir()
            entry = _bundle(bundle, spec.entry_point, spec.source_dir)
            tar = _make_tar(bundle, Path(tmp) / "sourcedir.tar.gz")
            submit_dir = self._stage(tar, f"{spec.name}/source")
        env = {"SAGEMAKER_PROGRAM": entry, "SAGEMAKER_SUBMIT_DIRECTORY": submit_dir,
               "SAGEMAKER_CONTAINER_LOG_LEVEL": "20", "SAGEMAKER_REGION": self.region,
               **dict(spec.env)}
        resources.Model.create(
            model_name=spec.name, execution_role_arn=spec.role or self.role,
            primary_container=shapes.ContainerDefinition(
                image=self._image(spec.image_uri, "inference", instance_type),
                model_data_url=model_data, environment=env),
            session=self.boto_session, region=self.region)
        return spec.name

    def create_endpoint(self, spec):
        """Send CreateEndpointConfig (one variant ``AllTraffic``) and CreateEndpoint."""
        resources, shapes = self.sdk["resources"], self.sdk["shapes"]
        resources.EndpointConfig.create(
            endpoint_config_name=spec.name,
            production_variants=[shapes.ProductionVariant(
                variant_name="AllTraffic", model_name=spec.model_name,
                initial_instance_count=spec.instance_count,
                instance_type=self._instance_type(spec.instance_type))],
            session=self.boto_session, region=self.region)
        resources.Endpoint.create(endpoint_name=spec.name, endpoint_config_name=spec.name,
                                  session=self.boto_session, region=self.region)
        return spec.name

    def describe_endpoint(self, endpoint_name):
        """DescribeEndpoint through the SageMaker API (without ResponseMetadata)."""
        return self._describe("describe_endpoint", EndpointName=endpoint_name)

    def delete_endpoint(self, endpoint_name):
        """Delete the endpoint and its endpoint configuration (the model stays registered)."""
        client = self._client("sagemaker")
        config = self.describe_endpoint(endpoint_name).get("EndpointConfigName")
        client.delete_endpoint(EndpointName=endpoint_name)
        if config:
            client.delete_endpoint_config(EndpointConfigName=config)

    def invoke_endpoint(self, endpoint_name, body, content_type, accept, custom_attributes=None):
        """InvokeEndpoint through boto3's ``sagemaker-runtime`` client; return (bytes, type).

        A model error (the container answered 4xx/5xx, which the service reports as 424
        ``ModelError``) raises :class:`~estlab.workflow.EndpointError` with the container's
        status code and message.
        """
        from botocore.exceptions import ClientError

        kwargs = {"EndpointName": endpoint_name, "Body": body, "ContentType": content_type}
        if accept:
            kwargs["Accept"] = accept
        if custom_attributes:
            kwargs["CustomAttributes"] = custom_attributes
        try:
            response = self._client("sagemaker-runtime").invoke_endpoint(**kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise EndpointError(
                f"endpoint {endpoint_name!r} answered {error.get('Code', 'an error')}: "
                f"{exc.response.get('OriginalMessage') or error.get('Message', '')}",
                status_code=exc.response.get("OriginalStatusCode"),
                body=exc.response.get("OriginalMessage", "")) from exc
        return response["Body"].read(), response.get("ContentType", "application/octet-stream")

    def endpoint_url(self, endpoint_name):
        """The SageMaker Runtime base URL (``Predictor.url``): boto3's ``endpoint_url`` for it."""
        return self._client("sagemaker-runtime").meta.endpoint_url

    # -- batch transform ------------------------------------------------------------------
    def create_transform_job(self, spec):
        """Send CreateTransformJob through ``sagemaker.core.transformer.Transformer``."""
        none = lambda value: None if value in (None, "None") else value  # noqa: E731
        transformer = self.sdk["Transformer"](
            model_name=spec.model_name, instance_count=spec.instance_count,
            instance_type=self._instance_type(spec.instance_type), strategy=spec.strategy,
            assemble_with=none(spec.assemble_with), accept=spec.accept,
            output_path=self._require_s3(spec.output_path, "output_path"),
            # None (unset) is left out of the request, so SageMaker asks the container's
            # GET /execution-parameters before its defaults
            max_payload=spec.max_payload_mb, env=dict(spec.env) or None,
            sagemaker_session=self.sagemaker_session)
        transformer.transform(self._stage(spec.data, f"{spec.job_name}/input"),
                              content_type=spec.content_type, split_type=none(spec.split_type),
                              join_source=none(spec.join_source), job_name=spec.job_name,
                              wait=False, logs=False)
        return spec.job_name

    def describe_transform_job(self, job_name):
        """DescribeTransformJob through the SageMaker API (without ResponseMetadata)."""
        return self._describe("describe_transform_job", TransformJobName=job_name)

    # -- waiting ----------------------------------------------------------------------------
    def _describe(self, operation, **kwargs):
        response = getattr(self._client("sagemaker"), operation)(**kwargs)
        response.pop("ResponseMetadata", None)
        return response

    def wait_for_job(self, kind, job_name, logs=True):
        """Poll the job until it ends, printing status changes (and CloudWatch logs if asked).

        Raises :class:`~estlab.workflow.JobFailedError` with ``FailureReason`` and the last log
        lines when the job ends ``Failed``, or ``Stopped`` by its MaxRuntimeInSeconds; a job
        stopped on request only warns, as the SDK's waiters (and ``LocalSession``) do.
        """
        if kind not in _KINDS:
            raise WorkflowError(f"kind must be one of {sorted(_KINDS)}; got {kind!r}.")
        operation, name_key, status_key, log_group = _KINDS[kind]
        seen, tail, last_line = set(), [], None
        while True:
            description = self._describe(operation,
                                         **{name_key: self._aliases.get(job_name, job_name)})
            status = description[status_key]
            line = f"{job_name}: {status} {description.get('SecondaryStatus', '')}".rstrip()
            if line != last_line:
                print(line, file=sys.stderr, flush=True)
                last_line = line
            if logs:
                tail = (tail + self._new_log_lines(log_group, job_name, seen))[-20:]
            if status in _TERMINAL:
                break
            time.sleep(self.poll_seconds)
        if status == "Stopped" and description.get("SecondaryStatus", "Stopped") == "Stopped" \
                and "FailureReason" not in description:
            warnings.warn(f"{kind.title()} job {job_name} was stopped.", UserWarning, stacklevel=2)
            return description
        if status != "Completed":
            reason = description.get("FailureReason", "no FailureReason given")
            raise JobFailedError(f"{kind} job {job_name!r} ended {status}: {reason}",
                                 job_name=job_name, description=description,
                                 log_tail="\n".join(tail))
        return description

    def _new_log_lines(self, log_group, job_name, seen):
        """Print CloudWatch events of the job not printed before; return their messages."""
        from botocore.exceptions import ClientError

        try:  # every page: one answer holds at most 10,000 events (1 MB)
            pages = self._client("logs").get_paginator("filter_log_events").paginate(
                logGroupName=log_group, logStreamNamePrefix=job_name)
            events = [event for page in pages for event in page["events"]]
        except ClientError:  # no log group or stream yet: the job has not started logging
            return []
        lines = []
        for event in events:
            if event["eventId"] not in seen:
                seen.add(event["eventId"])
                print(event["message"], flush=True)
                lines.append(event["message"])
        return lines

    def wait_for_endpoint(self, endpoint_name):
        """Poll DescribeEndpoint until ``InService``; raise with FailureReason if it fails."""
        while True:
            description = self.describe_endpoint(endpoint_name)
            status = description["EndpointStatus"]
            if status == "InService":
                return description
            if status in ("Failed", "OutOfService", "RollingBack", "UpdateRollbackFailed"):
                raise EndpointError(f"endpoint {endpoint_name!r} is {status}: "
                                    f"{description.get('FailureReason', 'no FailureReason given')}")
            time.sleep(self.poll_seconds)

    # -- data -------------------------------------------------------------------------------
    def default_output_uri(self):
        """``s3://<bucket>``: where outputs go when a component names no output path."""
        return f"s3://{self.bucket}"


def _bundle(dest, entry_point, source_dir):
    from estlab.workflow.sagemaker.bundle import make_bundle

    return make_bundle(dest, entry_point, source_dir)


def _make_tar(bundle_dir, tar_path):
    from estlab.workflow.sagemaker.bundle import make_sourcedir_tar

    return make_sourcedir_tar(bundle_dir, tar_path)


def _base_from_name(job_name):
    """The base of a ``name_from_base`` job name (the SDK's ``base_from_name`` rule)."""
    match = re.match(r"^(.+)-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}|\d{6}-\d{4})", job_name)
    return match.group(1) if match else job_name


_TRAINER_CLASSES = {}


def _named_trainer_class(model_trainer):
    """A ``ModelTrainer`` subclass whose job is named ``_estlab_job_name`` (see the class Notes)."""
    if model_trainer not in _TRAINER_CLASSES:
        from pydantic import PrivateAttr

        class EstlabModelTrainer(model_trainer):
            _estlab_job_name: str | None = PrivateAttr(default=None)

            def _create_training_job_args(self, *args, **kwargs):
                request = super()._create_training_job_args(*args, **kwargs)
                if self._estlab_job_name and "training_job_name" in request:
                    request["training_job_name"] = self._estlab_job_name
                elif self._estlab_job_name and "TrainingJobName" in request:
                    request["TrainingJobName"] = self._estlab_job_name
                return request

        _TRAINER_CLASSES[model_trainer] = EstlabModelTrainer
    return _TRAINER_CLASSES[model_trainer]
