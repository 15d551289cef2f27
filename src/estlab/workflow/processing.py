"""Processing: SageMaker's ``ScriptProcessor`` and the NumPy framework's ``NumPyProcessor``.

``ScriptProcessor.run`` is CreateProcessingJob: your script runs as ``command + [script] +
arguments`` with each :class:`ProcessingInput` made available at its container path
(``/opt/ml/processing/input``) and each :class:`ProcessingOutput` folder
(``/opt/ml/processing/train``) uploaded to its destination when the script exits 0. Container
paths in ``arguments`` are mapped to the local job folder, so the same call works on SageMaker.
"""

import warnings
from pathlib import Path

from estlab.workflow import _uris
from estlab.workflow._errors import WorkflowError
from estlab.workflow._names import base_name_from_image, name_from_base, validate_name
from estlab.workflow._specs import ProcessingInputSpec, ProcessingJobSpec, ProcessingOutputSpec
from estlab.workflow.estimator import _default_session, _warn_ignored

__all__ = ["ScriptProcessor", "NumPyProcessor", "ProcessingInput", "ProcessingOutput",
           "ProcessingJob"]

_IGNORED_OPTIONS = ("volume_size_in_gb", "volume_kms_key", "output_kms_key", "tags",
                    "entrypoint")


class ProcessingInput:
    """Data made available to a processing script at a container path.

    Parameters
    ----------
    source : str
        URI of a file or prefix (local path, ``file://`` or ``s3://``).
    destination : str
        Container path beginning with ``/opt/ml/processing/``.
    input_name : str, optional
        Default ``input-<n>``.
    s3_data_distribution_type : {"FullyReplicated", "ShardedByS3Key"}, default "FullyReplicated"

    Examples
    --------
    >>> ProcessingInput("data/raw.csv", "/opt/ml/processing/input").destination
    '/opt/ml/processing/input'
    """

    def __init__(self, source, destination, input_name=None,
                 s3_data_distribution_type="FullyReplicated", s3_data_type="S3Prefix",
                 s3_input_mode="File", s3_compression_type="None", app_managed=False):
        self.source, self.destination = str(source), str(destination)
        self.input_name = input_name
        self.s3_data_distribution_type = s3_data_distribution_type
        if (s3_data_type, s3_input_mode, s3_compression_type, app_managed) != (
                "S3Prefix", "File", "None", False):
            warnings.warn("ProcessingInput(s3_data_type, s3_input_mode, s3_compression_type, "
                          "app_managed) are accepted for SageMaker compatibility but ignored by "
                          "the local runtime.", UserWarning, stacklevel=2)

    def __repr__(self):
        return f"ProcessingInput({self.source!r}, {self.destination!r})"


class ProcessingOutput:
    """A container folder whose files are uploaded to ``destination`` when the job succeeds.

    Parameters
    ----------
    source : str
        Container path beginning with ``/opt/ml/processing/``.
    destination : str, optional
        URI prefix; default ``<session bucket>/<job>/output/<output_name>``.
    output_name : str, optional
        Default ``output-<n>``.

    Examples
    --------
    >>> ProcessingOutput("/opt/ml/processing/train", output_name="train").output_name
    'train'
    """

    def __init__(self, source, destination=None, output_name=None, s3_upload_mode="EndOfJob",
                 app_managed=False):
        self.source = str(source)
        self.destination = None if destination is None else str(destination)
        self.output_name = output_name
        if s3_upload_mode != "EndOfJob" or app_managed:
            warnings.warn("ProcessingOutput(s3_upload_mode='Continuous', app_managed) are accepted "
                          "for SageMaker compatibility but ignored: outputs are uploaded at the "
                          "end of a successful job.", UserWarning, stacklevel=2)

    def __repr__(self):
        return f"ProcessingOutput({self.source!r}, {self.destination!r})"


class ProcessingJob:
    """A started processing job (``processor.latest_job``).

    Attributes
    ----------
    name : str
    inputs, outputs : list
        The job's :class:`ProcessingInput` / :class:`ProcessingOutput` objects, with the
        names and destinations filled in.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from estlab.workflow import LocalSession, ProcessingOutput, ScriptProcessor
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "noop.py").write_text("print('nothing to do')\\n")
    >>> proc = ScriptProcessor(session=LocalSession(root=d / "root"), base_job_name="noop")
    >>> proc.run(str(d / "noop.py"), outputs=[ProcessingOutput("/opt/ml/processing/out")],
    ...          logs=False)
    >>> job = proc.latest_job
    >>> job.name.startswith("noop-"), job.outputs[0].output_name
    (True, 'output-1')
    >>> job.outputs[0].destination.endswith(f"/{job.name}/output/output-1")
    True
    """

    def __init__(self, session, name, inputs, outputs):
        self.session, self.name, self.inputs, self.outputs = session, name, inputs, outputs

    @property
    def job_name(self):
        """Same as :attr:`name`."""
        return self.name

    def describe(self):
        """The DescribeProcessingJob record."""
        return self.session.describe_processing_job(self.name)

    def wait(self, logs=True):
        """Block until the job ends; raise :class:`~estlab.workflow.JobFailedError` if it failed."""
        return self.session.wait_for_job("processing", self.name, logs=bool(logs))

    def stop(self):
        """StopProcessingJob: end the job early; its outputs are not uploaded."""
        stop = getattr(self.session, "stop_processing_job", None)
        if stop is None:
            raise WorkflowError(f"{type(self.session).__name__} cannot stop processing jobs.")
        stop(self.name)

    def __repr__(self):
        return f"ProcessingJob({self.name!r})"


class ScriptProcessor:
    """Run a processing script (SageMaker's ``ScriptProcessor``).

    Parameters
    ----------
    command : list of str, default ["python3"]
        The program that runs the script; ``python``/``python3`` mean this environment's
        Python locally.
    instance_count : int, default 1
    instance_type : str, default "local"
    env : dict, optional
        The script's environment variables (processing sets no ``SM_*`` variables).
    base_job_name : str, optional
    session : Session, optional
        Default: a new :class:`~estlab.workflow.LocalSession`.
    max_runtime_in_seconds : int, optional
        Stop the job after this long (default 24 h).
    image_uri, role : str, optional
        Used on SageMaker only.
    network_config : NetworkConfig, optional
        The SDK's ``NetworkConfig`` (``sagemaker.core.network``; any object with an
        ``enable_network_isolation`` attribute). With ``enable_network_isolation=True`` the
        job's hosts get no network (locally: a sandbox with its own empty network namespace).
        Subnets and security groups matter on SageMaker only.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from estlab.workflow import LocalSession, ProcessingOutput, ScriptProcessor
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "hello.py").write_text(
    ...     "import sys, pathlib\\n"
    ...     "pathlib.Path(sys.argv[2], 'hello.txt').write_text('hi')\\n")
    >>> proc = ScriptProcessor(session=LocalSession(root=d / "root"))
    >>> proc.run(str(d / "hello.py"), arguments=["--out", "/opt/ml/processing/out"],
    ...          outputs=[ProcessingOutput("/opt/ml/processing/out", str(d / "result"))],
    ...          logs=False)
    >>> (d / "result" / "hello.txt").read_text(), proc.latest_job.describe()["ProcessingJobStatus"]
    ('hi', 'Completed')
    """

    _default_base_name = "processing-job"

    def __init__(self, command=None, instance_count=1, instance_type="local", env=None,
                 base_job_name=None, session=None, max_runtime_in_seconds=None, image_uri=None,
                 role=None, sagemaker_session=None, network_config=None, **sagemaker_options):
        _warn_ignored(type(self).__name__, sagemaker_options, _IGNORED_OPTIONS)
        isolated = getattr(network_config, "enable_network_isolation", False)
        if network_config is not None and not hasattr(network_config, "enable_network_isolation"):
            raise WorkflowError(
                "network_config must be the SDK's NetworkConfig (sagemaker.core.network."
                f"NetworkConfig(enable_network_isolation=True)); got "
                f"{type(network_config).__name__}.")
        if isolated not in (None, True, False):
            raise WorkflowError(f"network_config.enable_network_isolation must be True or False; "
                                f"got {isolated!r}.")
        self.network_config = network_config
        self.network_isolation = bool(isolated)
        self.command = list(command or ["python3"])
        if not isinstance(instance_count, int) or instance_count < 1:
            raise WorkflowError(f"instance_count must be a positive integer; got "
                                f"{instance_count!r}.")
        self.instance_count, self.instance_type = instance_count, instance_type
        self.env = dict(env or {})
        if base_job_name is not None:
            validate_name(base_job_name, "base_job_name")
        self.base_job_name = base_job_name
        self.session = _default_session(session if session is not None else sagemaker_session)
        self.max_runtime_in_seconds = max_runtime_in_seconds
        self.image_uri, self.role = image_uri, role
        self.latest_job = None
        self.jobs = []

    def _normalize(self, job_name, inputs, outputs):
        inputs = [ProcessingInput(i, "/opt/ml/processing/input") if isinstance(i, str) else i
                  for i in (inputs or [])]
        outputs = list(outputs or [])
        for n, item in enumerate(inputs, 1):
            if not isinstance(item, ProcessingInput):
                raise WorkflowError(f"inputs[{n - 1}] must be a ProcessingInput; got "
                                    f"{type(item).__name__}.")
            item.input_name = item.input_name or f"input-{n}"
        bucket = self.session.default_output_uri()
        for n, item in enumerate(outputs, 1):
            if not isinstance(item, ProcessingOutput):
                raise WorkflowError(f"outputs[{n - 1}] must be a ProcessingOutput; got "
                                    f"{type(item).__name__}.")
            item.output_name = item.output_name or f"output-{n}"
            item.destination = item.destination or _uris.join(bucket, job_name, "output",
                                                              item.output_name)
        return inputs, outputs

    def run(self, code, inputs=None, outputs=None, arguments=None, wait=True, logs=True,
            job_name=None):
        """Start a processing job running ``code``; with ``wait`` block until it ends.

        Parameters
        ----------
        code : str
            Path of the script.
        inputs : list of ProcessingInput, optional
        outputs : list of ProcessingOutput, optional
        arguments : list of str, optional
            The script's command-line arguments; container paths in them are mapped locally.
        wait : bool, default True
            Block, and raise :class:`~estlab.workflow.JobFailedError` if the job fails.
        logs : bool, default True
            Stream the job's log and status lines while waiting.
        job_name : str, optional
            Default ``<base_job_name>-<timestamp>``.
        """
        name = job_name or name_from_base(
            self.base_job_name or base_name_from_image(self.image_uri, self._default_base_name))
        validate_name(name, "processing job name")
        inputs, outputs = self._normalize(name, inputs, outputs)
        spec = ProcessingJobSpec(
            job_name=name, command=tuple(self.command), code=str(code),
            inputs=tuple(ProcessingInputSpec(i.source, i.destination, i.input_name,
                                             i.s3_data_distribution_type) for i in inputs),
            outputs=tuple(ProcessingOutputSpec(o.source, o.destination, o.output_name)
                          for o in outputs),
            arguments=tuple(str(a) for a in (arguments or ())),
            instance_count=self.instance_count, instance_type=self.instance_type, env=self.env,
            image_uri=self.image_uri, role=self.role, max_run=self.max_runtime_in_seconds,
            network_isolation=self.network_isolation)
        self.session.create_processing_job(spec)
        self.latest_job = ProcessingJob(self.session, name, inputs, outputs)
        self.jobs.append(self.latest_job)
        if wait:
            self.latest_job.wait(logs=logs)


def default_processing_script():
    """Path of the NumPy framework's default preprocessing script.

    Examples
    --------
    >>> from pathlib import Path
    >>> Path(default_processing_script()).name
    'preprocess.py'
    """
    return str(Path(__file__).with_name("scripts") / "preprocess.py")


class NumPyProcessor(ScriptProcessor):
    """The NumPy framework's processor: runs ``preprocess.py`` (or your script) with Python.

    With no ``code``, ``run`` uses the default script (``estlab/workflow/scripts/preprocess.py``):
    it reads a raw CSV with a header, cleans it, splits train/validation/test, standardises the
    features with the training statistics and writes headerless, target-first CSVs.

    Examples
    --------
    >>> import tempfile
    >>> from estlab.workflow import LocalSession
    >>> NumPyProcessor(session=LocalSession(root=tempfile.mkdtemp())).command
    ['python3']
    """

    _default_base_name = "numpy-processing"

    def __init__(self, instance_count=1, instance_type="local", **kwargs):
        kwargs.setdefault("command", ["python3"])
        super().__init__(instance_count=instance_count, instance_type=instance_type, **kwargs)

    def run(self, code=None, inputs=None, outputs=None, arguments=None, wait=True, logs=True,
            job_name=None):
        """As :meth:`ScriptProcessor.run`, with the default preprocessing script when ``code``
        is None."""
        return super().run(code or default_processing_script(), inputs=inputs, outputs=outputs,
                           arguments=arguments, wait=wait, logs=logs, job_name=job_name)
