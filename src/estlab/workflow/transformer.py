"""Batch transform: predictions for whole files at once, without keeping an endpoint up.

A :class:`Transformer` runs a transform job: the model's server starts, every input file is
sent through it (whole, or split into lines and packed into mini-batches), one
``<input>.out`` file per input file is written under ``output_path``, and the server stops.
"""

import re

from estlab.workflow._names import name_from_base, validate_name
from estlab.workflow._specs import TransformJobSpec
from estlab.workflow._uris import join
from estlab.workflow.predictor import _default_session

__all__ = ["Transformer"]

_TIMESTAMP = re.compile(r"-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}|\d{6}-\d{4})$")


class _TransformJob:
    """The latest job of a Transformer: ``.name``, ``.describe()``, ``.wait()`` (as in the SDK)."""

    def __init__(self, session, name):
        self.session, self.name = session, name

    def describe(self):
        """The job's DescribeTransformJob record."""
        return self.session.describe_transform_job(self.name)

    def wait(self, logs=True):
        """Block until the job ends; raise JobFailedError if it failed."""
        return self.session.wait_for_job("transform", self.name, logs)

    def __repr__(self):
        return f"_TransformJob(name={self.name!r})"


class Transformer:
    """Run batch transform jobs with a created model (SageMaker's ``Transformer``).

    Parameters
    ----------
    model_name : str
        A model created in ``session`` (``Model.transformer`` creates it for you).
    instance_count : int, default 1
    instance_type : str, default "local"
    strategy : {"MultiRecord", "SingleRecord"} or None
        How records are grouped into requests when files are split; None: what the inference
        script's ``execution_parameters_fn`` says (``GET /execution-parameters``), else
        MultiRecord.
    assemble_with : {"None", "Line"} or None
        ``"Line"`` ends every response with a newline in the output file.
    output_path : str or None
        URI prefix for the ``.out`` files; None: ``<session default output>/<job name>``.
    accept : str or None
        Accept header of every request (the model's default, JSON, when None).
    max_payload : int or None
        MaxPayloadInMB, the largest request (0 to 100); None: the script's execution
        parameters, else 6.
    env : dict or None
        Extra environment variables of the model server.
    base_transform_job_name : str or None
        Base of job names; None: the model name.
    session : Session or None
        None means a new ``LocalSession()``.

    Examples
    --------
    >>> import tempfile
    >>> from estlab.workflow import LocalSession
    >>> t = Transformer("my-model", strategy="SingleRecord", assemble_with="Line",
    ...                 session=LocalSession(root=tempfile.mkdtemp()))
    >>> t.strategy, t.max_payload
    ('SingleRecord', None)
    >>> Transformer("my-model", strategy="Whole")
    Traceback (most recent call last):
    ...
    ValueError: strategy must be one of 'MultiRecord', 'SingleRecord' or None; got 'Whole'.

    When ``strategy`` or ``max_payload`` is None, the job asks the model server (as SageMaker
    does): an inference script may define ``execution_parameters_fn()`` returning, say,
    ``{"BatchStrategy": "SINGLE_RECORD", "MaxPayloadInMB": 1}``. The job's description shows
    the values it used.
    """

    def __init__(self, model_name, instance_count=1, instance_type="local", strategy=None,
                 assemble_with=None, output_path=None, accept=None, max_payload=None, env=None,
                 base_transform_job_name=None, session=None):
        _check_choice("strategy", strategy, ("MultiRecord", "SingleRecord"))
        _check_choice("assemble_with", assemble_with, ("None", "Line"))
        if max_payload is not None and not (isinstance(max_payload, int)
                                            and 0 <= max_payload <= 100):
            raise ValueError(f"max_payload must be an int from 0 to 100 (MB); got {max_payload!r}.")
        if not isinstance(instance_count, int) or instance_count < 1:
            raise ValueError(f"instance_count must be a positive int; got {instance_count!r}.")
        self.model_name = model_name
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.strategy = strategy
        self.assemble_with = assemble_with
        self.output_path = output_path
        self.accept = accept
        self.max_payload = max_payload
        self.env = dict(env or {})
        self.base_transform_job_name = base_transform_job_name
        self.session = _default_session(session)
        self.latest_transform_job = None
        self._default_output_path = output_path is None  # then each job gets its own, as the SDK

    def transform(self, data, data_type="S3Prefix", content_type=None, compression_type=None,
                  split_type=None, job_name=None, join_source=None, wait=True, logs=True):
        """Start a transform job over the file or prefix ``data``.

        Parameters
        ----------
        data : str
            URI of one input file or a prefix (folder) of files.
        data_type : {"S3Prefix"}
        content_type : str or None
            Content-Type of every request (``"text/csv"``, ``"application/json"``...).
        compression_type : None or "None"
        split_type : {"None", "Line"} or None
            ``"Line"`` splits files into records; None sends each file whole.
        job_name : str or None
            None: ``name_from_base(base_transform_job_name or model_name)``.
        join_source : {"None", "Input"} or None
            ``"Input"`` writes each input record with its prediction (CSV or JSON lines).
        wait : bool, default True
            Block until the job ends (raising :class:`~estlab.workflow.JobFailedError` on
            failure).
        logs : bool, default True
            Print the job's log while waiting.
        """
        if data_type != "S3Prefix":
            raise ValueError(f"data_type {data_type!r} is not supported locally; pass a file or "
                             "a prefix (data_type='S3Prefix').")
        if compression_type not in (None, "None"):
            raise ValueError(f"compression_type {compression_type!r} is not supported locally; "
                             "decompress the input files first.")
        _check_choice("split_type", split_type, ("None", "Line"))
        _check_choice("join_source", join_source, ("None", "Input"))
        # the SDK's base_from_name: a model name's own timestamp is not repeated
        base = self.base_transform_job_name or _TIMESTAMP.sub("", self.model_name)
        job_name = job_name or name_from_base(base)
        validate_name(job_name, "transform job name")
        if self._default_output_path:
            output_path = join(self.session.default_output_uri(), job_name)
        else:
            output_path = self.output_path
        spec = TransformJobSpec(
            job_name=job_name, model_name=self.model_name, data=str(data),
            output_path=str(output_path), content_type=content_type,
            split_type=split_type or "None", strategy=self.strategy,
            max_payload_mb=self.max_payload,  # None: unset, resolved by the platform
            assemble_with=self.assemble_with or "None", accept=self.accept,
            join_source=join_source or "None", instance_count=self.instance_count,
            instance_type=self.instance_type, env=self.env)
        self.session.create_transform_job(spec)
        self.output_path = str(output_path)
        self.latest_transform_job = _TransformJob(self.session, job_name)
        if wait:
            self.latest_transform_job.wait(logs=logs)

    def wait(self, logs=True):
        """Wait for the latest transform job."""
        if self.latest_transform_job is None:
            raise ValueError("No transform job yet: call transform() first.")
        return self.latest_transform_job.wait(logs=logs)

    def __repr__(self):
        return (f"Transformer(model_name={self.model_name!r}, strategy={self.strategy!r}, "
                f"assemble_with={self.assemble_with!r}, output_path={self.output_path!r})")


def _check_choice(name, value, allowed):
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))} or None; got "
                         f"{value!r}.")
