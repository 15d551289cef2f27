"""Training: SageMaker's ``Estimator`` in script mode, and the NumPy framework's ``NumPyEstimator``.

``Estimator.fit`` is CreateTrainingJob: the training script (``entry_point``) runs with the
channels you pass (``{"train": uri, "validation": uri}``) under ``/opt/ml/input/data/<channel>``,
reads its hyperparameters from the command line (``--max_iter 100``) and the ``SM_*``
environment variables, and saves the model in ``SM_MODEL_DIR``; the platform tars that folder
into ``model.tar.gz`` at ``<output_path>/<job>/output/``. :attr:`Estimator.model_data` is that
URI, and ``deploy`` / ``transformer`` serve it, with the training script's handler functions
(``model_fn`` ...) unless you give an inference script: the SDK's framework behaviour.
"""

import re
import warnings
from pathlib import Path

from estlab.workflow._errors import WorkflowError
from estlab.workflow._names import base_name_from_image, name_from_base, validate_name
from estlab.workflow._specs import ChannelSpec, TrainingJobSpec

__all__ = ["Estimator", "NumPyEstimator", "TrainingInput", "TrainingJob"]

# SDK v2 arguments accepted so that SageMaker code runs unchanged, but with no local effect.
_IGNORED_OPTIONS = (
    "volume_size", "volume_kms_key", "max_wait", "use_spot_instances", "checkpoint_s3_uri",
    "checkpoint_local_path", "framework_version", "py_version", "subnets", "security_group_ids",
    "tags", "dependencies", "code_location", "output_kms_key",
    "debugger_hook_config", "disable_profiler", "profiler_config", "keep_alive_period_in_seconds",
    "distribution", "container_log_level", "encrypt_inter_container_traffic", "input_mode",
    "model_uri", "model_channel_name", "max_retry_attempts", "enable_sagemaker_metrics",
    "disable_output_compression", "training_repository_access_mode", "environment_variables",
)


def _default_session(session):
    if session is not None:
        return session
    from estlab.workflow.local.session import LocalSession

    return LocalSession()


def _warn_ignored(owner, options, allowed):
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise TypeError(f"{owner}() got unexpected keyword argument(s) {unknown}; see "
                        f"help(estlab.workflow.{owner}) for the supported ones.")
    for name in sorted(options):
        warnings.warn(f"{owner}({name}=...) is accepted for SageMaker compatibility but ignored "
                      "by the local runtime.", UserWarning, stacklevel=3)


class TrainingInput:
    """One training channel's data source (SageMaker's ``TrainingInput``).

    Parameters
    ----------
    s3_data : str
        URI of a file or prefix: local path, ``file://`` or ``s3://``.
    distribution : {"FullyReplicated", "ShardedByS3Key"}, optional
        With several instances, every host gets all files, or a share of them.
    content_type : str, optional
        Recorded in inputdataconfig.json (e.g. ``"text/csv"``).
    input_mode : {"File", "FastFile", "Pipe"}, optional
        Only ``"File"`` is emulated; the others run as File with a warning.

    Examples
    --------
    >>> TrainingInput("s3://bucket/train", distribution="ShardedByS3Key").distribution
    'ShardedByS3Key'
    """

    def __init__(self, s3_data, distribution=None, content_type=None, input_mode=None,
                 compression=None, record_wrapping=None, s3_data_type="S3Prefix"):
        self.s3_data = str(s3_data)
        self.distribution = distribution or "FullyReplicated"
        self.content_type = content_type
        self.input_mode = input_mode or "File"
        if compression not in (None, "None") or record_wrapping not in (None, "None") or \
                s3_data_type != "S3Prefix":
            warnings.warn("TrainingInput(compression, record_wrapping, s3_data_type) are accepted "
                          "for SageMaker compatibility but ignored by the local runtime.",
                          UserWarning, stacklevel=2)

    def __repr__(self):
        return f"TrainingInput({self.s3_data!r}, distribution={self.distribution!r})"


class TrainingJob:
    """A started training job (``estimator.latest_training_job``).

    Attributes
    ----------
    name : str
    session : Session

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from estlab.workflow import Estimator, LocalSession
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "train.py").write_text("import time; time.sleep(0.2)\\n")
    >>> est = Estimator(str(d / "train.py"), session=LocalSession(root=d / "root"))
    >>> est.fit(wait=False)
    >>> job = est.latest_training_job
    >>> job.describe()["TrainingJobStatus"]
    'InProgress'
    >>> job.wait(logs=False)["SecondaryStatus"]
    'Completed'
    """

    def __init__(self, session, name):
        self.session, self.name = session, name

    @property
    def job_name(self):
        """Same as :attr:`name` (the SDK has both)."""
        return self.name

    def describe(self):
        """The DescribeTrainingJob record (status, transitions, artifacts, metrics...)."""
        return self.session.describe_training_job(self.name)

    def wait(self, logs=True):
        """Block until the job ends; raise :class:`~estlab.workflow.JobFailedError` if it failed."""
        return self.session.wait_for_job("training", self.name, logs=bool(logs) and logs != "None")

    def stop(self):
        """StopTrainingJob: end the job early; the model saved so far is still uploaded."""
        stop = getattr(self.session, "stop_training_job", None)
        if stop is None:
            raise WorkflowError(f"{type(self.session).__name__} cannot stop training jobs.")
        stop(self.name)

    def __repr__(self):
        return f"TrainingJob({self.name!r})"


class Estimator:
    """Train with your own script, as SageMaker's script mode (``Estimator``).

    Parameters
    ----------
    entry_point : str
        The training script: a path, or a file name inside ``source_dir``.
    source_dir : str, optional
        Folder shipped with the script (copied to ``/opt/ml/code``, the working folder).
    hyperparameters : dict, optional
        Passed to the script as ``--key value`` arguments and ``SM_HP_<KEY>`` variables
        (script mode encodes each value with ``json.dumps``).
    instance_count : int, default 1
        Hosts ``algo-1`` ... ``algo-N``, each a process with its own ``/opt/ml``.
    instance_type : str, default "local"
        ``"local"`` is this machine; ``"ml.*"`` types also run here with a LocalSession.
    output_path : str, optional
        Prefix for ``<job>/output/model.tar.gz``; default: the session's bucket.
    base_job_name : str, optional
        Job names are ``<base>-<timestamp>``.
    metric_definitions : list of dict, optional
        ``[{"Name": "train:accuracy", "Regex": "train:accuracy=([0-9.]+)"}]``; the last value
        each regex captures in the log lands in ``FinalMetricDataList``.
    environment : dict, optional
        Extra environment variables for the script.
    session : Session, optional
        Default: a new :class:`~estlab.workflow.LocalSession`.
    max_run : int, default 86400
        Seconds before the job is stopped (MaxRuntimeInSeconds).
    image_uri, role : str, optional
        Used on SageMaker only.
    enable_network_isolation : bool, default False
        ``EnableNetworkIsolation``: the job's hosts get no network at all (locally: a sandbox
        with its own empty network namespace; the job fails at once where no sandbox runs).
    **sagemaker_options
        Other SDK arguments (``volume_size``, ``use_spot_instances``...): accepted, with a
        warning that the local runtime ignores them.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from estlab.workflow import Estimator, LocalSession
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "train.py").write_text(
    ...     "import os, sys\\n"
    ...     "print('args', sys.argv[1:])\\n"
    ...     "open(os.path.join(os.environ['SM_MODEL_DIR'], 'w.txt'), 'w').write('1')\\n")
    >>> est = Estimator(str(d / "train.py"), hyperparameters={"epochs": 3},
    ...                 session=LocalSession(root=d / "root"), base_job_name="demo")
    >>> est.fit(logs=False)
    >>> est.latest_training_job.describe()["TrainingJobStatus"]
    'Completed'
    >>> est.model_data.endswith("/output/model.tar.gz")
    True
    """

    _default_base_name = "training-job"

    def __init__(self, entry_point, source_dir=None, hyperparameters=None, instance_count=1,
                 instance_type="local", output_path=None, base_job_name=None,
                 metric_definitions=None, environment=None, session=None, max_run=None,
                 image_uri=None, role=None, sagemaker_session=None,
                 enable_network_isolation=False, **sagemaker_options):
        _warn_ignored(type(self).__name__, sagemaker_options, _IGNORED_OPTIONS)
        if not isinstance(enable_network_isolation, bool):
            raise WorkflowError(f"enable_network_isolation must be True or False; got "
                                f"{enable_network_isolation!r}.")
        self.enable_network_isolation = enable_network_isolation
        if not entry_point:
            raise WorkflowError("entry_point is required: the path of the training script.")
        self.entry_point = str(entry_point)
        self.source_dir = None if source_dir is None else str(source_dir)
        self._hyperparameters = dict(hyperparameters or {})
        if not isinstance(instance_count, int) or instance_count < 1:
            raise WorkflowError(f"instance_count must be a positive integer; got "
                                f"{instance_count!r}.")
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.output_path = output_path
        if base_job_name is not None:
            validate_name(base_job_name, "base_job_name")
        self.base_job_name = base_job_name
        self.metric_definitions = [dict(m) for m in (metric_definitions or [])]
        for m in self.metric_definitions:
            if set(m) != {"Name", "Regex"}:
                raise WorkflowError(f"Each metric definition needs exactly 'Name' and 'Regex'; "
                                    f"got {m}.")
            try:
                re.compile(m["Regex"])
            except (re.error, TypeError) as err:
                raise WorkflowError(
                    f"Metric {m['Name']!r}: Regex {m['Regex']!r} is not a valid regular "
                    f"expression ({err}); fix it, with one capture group around the value, "
                    r"e.g. 'train:loss=([0-9.]+);'.") from err
        self.environment = dict(environment or {})
        self.session = _default_session(session if session is not None else sagemaker_session)
        self.max_run = max_run
        self.image_uri, self.role = image_uri, role
        self.latest_training_job = None

    # -- hyperparameters, as the SDK's methods ------------------------------------------------
    def hyperparameters(self):
        """The hyperparameters as Python values (a copy)."""
        return dict(self._hyperparameters)

    def set_hyperparameters(self, **kwargs):
        """Add or replace hyperparameters."""
        self._hyperparameters.update(kwargs)

    # -- training -------------------------------------------------------------------------------
    @staticmethod
    def _channels(inputs):
        if inputs is None:
            return ()
        if isinstance(inputs, (str, Path, TrainingInput)):
            inputs = {"training": inputs}  # the SDK's channel name for a single input
        if not isinstance(inputs, dict):
            raise WorkflowError(f"inputs must be a URI, a TrainingInput or a dict of channel name "
                                f"-> URI; got {type(inputs).__name__}.")
        channels = []
        for name, source in inputs.items():
            if isinstance(source, (str, Path)):
                source = TrainingInput(str(source))
            if not isinstance(source, TrainingInput):
                raise WorkflowError(f"Channel {name!r}: expected a URI or TrainingInput; got "
                                    f"{type(source).__name__}.")
            channels.append(ChannelSpec(name=str(name), uri=source.s3_data,
                                        distribution=source.distribution,
                                        content_type=source.content_type,
                                        input_mode=source.input_mode))
        return tuple(channels)

    def _base_name(self):
        return self.base_job_name or base_name_from_image(self.image_uri,
                                                          self._default_base_name)

    def fit(self, inputs=None, wait=True, logs=True, job_name=None):
        """Start a training job on ``inputs``; with ``wait`` block until it ends.

        Parameters
        ----------
        inputs : str, TrainingInput or dict, optional
            A dict maps channel names to URIs or :class:`TrainingInput`; a single URI is the
            channel ``"training"``.
        wait : bool, default True
            Block until the job ends; raise :class:`~estlab.workflow.JobFailedError` if it
            fails. False returns at once (see ``latest_training_job.describe()``).
        logs : bool, default True
            Stream the job's log and status lines to the console while waiting.
        job_name : str, optional
            Default: ``<base_job_name>-<timestamp>``.
        """
        name = job_name or name_from_base(self._base_name())
        validate_name(name, "training job name")
        output_path = self.output_path or self.session.default_output_uri()
        spec = TrainingJobSpec(
            job_name=name, entry_point=self.entry_point, source_dir=self.source_dir,
            hyperparameters=self._hyperparameters, channels=self._channels(inputs),
            instance_count=self.instance_count, instance_type=self.instance_type,
            output_path=output_path, environment=self.environment,
            metric_definitions=tuple(self.metric_definitions), image_uri=self.image_uri,
            role=self.role, max_run=self.max_run,
            network_isolation=self.enable_network_isolation)
        self.session.create_training_job(spec)
        self.latest_training_job = TrainingJob(self.session, name)
        if wait:
            self.latest_training_job.wait(logs=logs)

    @property
    def model_data(self):
        """URI of the trained ``model.tar.gz`` (``ModelArtifacts.S3ModelArtifacts``)."""
        if self.latest_training_job is None:
            raise WorkflowError("No model yet: call fit() first.")
        d = self.latest_training_job.describe()
        status = d["TrainingJobStatus"]
        if "ModelArtifacts" in d:  # Completed, or Stopped with the model saved so far
            return d["ModelArtifacts"]["S3ModelArtifacts"]
        if status != "Completed":
            raise WorkflowError(f"Training job {d['TrainingJobName']} is {status}, so it has no "
                                "model artifact" + (f": {d['FailureReason']}"
                                                    if d.get("FailureReason") else "")
                                + (". Wait with latest_training_job.wait()."
                                   if status == "InProgress" else "."))
        return d["ModelArtifacts"]["S3ModelArtifacts"]

    # -- serving ------------------------------------------------------------------------------
    def create_model(self, entry_point=None, source_dir=None, env=None):
        """A :class:`~estlab.workflow.Model` of the trained artifact, served by the training
        script's handlers unless another ``entry_point`` is given."""
        from estlab.workflow.model import Model

        return Model(model_data=self.model_data, entry_point=entry_point or self.entry_point,
                     source_dir=source_dir or self.source_dir, env=env, session=self.session)

    def deploy(self, **kwargs):
        """``create_model().deploy(**kwargs)``: an endpoint and its Predictor."""
        return self.create_model().deploy(**kwargs)

    def transformer(self, **kwargs):
        """``create_model().transformer(**kwargs)``: batch transform with this model."""
        return self.create_model().transformer(**kwargs)


def default_training_script():
    """Path of the NumPy framework's default training (and serving) script.

    Examples
    --------
    >>> from pathlib import Path
    >>> Path(default_training_script()).relative_to(Path(__file__).parent).as_posix()
    'scripts/train.py'
    """
    return str(Path(__file__).with_name("scripts") / "train.py")


class NumPyEstimator(Estimator):
    """The NumPy framework's estimator: trains any estlab estimator named by a hyperparameter.

    With no ``entry_point`` it runs the default script (``estlab/workflow/scripts/train.py``):
    ``hyperparameters={"estimator": "LogisticRegression", "max_iter": 200}`` trains
    ``estlab.linear_model.LogisticRegression(max_iter=200)`` on the ``train`` channel (CSV
    without header, target first, as SageMaker's built-in algorithms), prints metrics such as
    ``train:accuracy=0.93;`` and saves the model with ``estlab.save``.

    Examples
    --------
    >>> import tempfile
    >>> from estlab.workflow import LocalSession
    >>> est = NumPyEstimator(hyperparameters={"estimator": "LinearRegression"},
    ...                      session=LocalSession(root=tempfile.mkdtemp()))
    >>> est.entry_point.endswith("train.py"), est.metric_definitions[0]["Name"]
    (True, 'train:score')
    """

    _default_base_name = "numpy-training"

    def __init__(self, entry_point=None, source_dir=None, hyperparameters=None, **kwargs):
        if entry_point is None:
            if source_dir is not None:
                raise WorkflowError("Give entry_point with source_dir (the script inside it).")
            entry_point = default_training_script()
            kwargs.setdefault("metric_definitions", NUMPY_METRICS)
        super().__init__(entry_point, source_dir=source_dir, hyperparameters=hyperparameters,
                         **kwargs)

    def create_model(self, entry_point=None, source_dir=None, env=None):
        """A :class:`~estlab.workflow.NumPyModel` of the trained estimator."""
        from estlab.workflow.model import NumPyModel

        return NumPyModel(model_data=self.model_data,
                          entry_point=entry_point or self.entry_point,
                          source_dir=source_dir or self.source_dir, env=env, session=self.session)


# What the default script prints: "<channel>:<metric>=<value>;"
NUMPY_METRICS = [
    {"Name": f"{channel}:{metric}", "Regex": rf"{channel}:{metric}=([-+0-9.eE]+|nan|inf);"}
    for channel in ("train", "validation") for metric in ("score", "accuracy", "rmse")
]
