"""What a job *is*, independent of where it runs: frozen records passed to a session.

The public objects (``ScriptProcessor``, ``Estimator``, ``Model``, ``Transformer``) turn their
arguments into one of these specs and hand it to a session's ``create_*`` method. A
:class:`~estlab.workflow.LocalSession` runs the spec on this machine; a
:class:`~estlab.workflow.SageMakerSession` sends it to SageMaker through the SDK v3. This is
the one seam between the two worlds: everything above it is identical for both.

URIs are strings: a local path, ``file://...`` or ``s3://bucket/key``.
"""

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

__all__ = [
    "ProcessingInputSpec",
    "ProcessingOutputSpec",
    "ProcessingJobSpec",
    "ChannelSpec",
    "TrainingJobSpec",
    "ModelSpec",
    "EndpointSpec",
    "TransformJobSpec",
]


def _frozen(mapping):
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class ProcessingInputSpec:
    """One ``ProcessingInput``: data at ``source`` is made available at ``destination``."""

    source: str
    destination: str  # container path, must start with /opt/ml/processing/
    input_name: str
    s3_data_distribution_type: str = "FullyReplicated"  # or "ShardedByS3Key"


@dataclass(frozen=True)
class ProcessingOutputSpec:
    """One ``ProcessingOutput``: what the script writes to ``source`` is uploaded to ``destination``."""

    source: str  # container path, must start with /opt/ml/processing/
    destination: str  # URI; the processor fills in a default when the user gave none
    output_name: str


@dataclass(frozen=True)
class ProcessingJobSpec:
    """A CreateProcessingJob request: run ``command + [code] + arguments`` on each instance.

    Or, with ``entrypoint`` (a request's ``ContainerEntrypoint`` as a client sent it, e.g. the
    SDK's ``["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"]``), run
    ``entrypoint + arguments`` exactly as given: the code then arrives through ``inputs`` and
    ``command`` and ``code`` stay empty.
    """

    job_name: str
    command: tuple[str, ...]
    code: str | None  # local path (or URI) of the script; None with an entrypoint
    inputs: tuple[ProcessingInputSpec, ...] = ()
    outputs: tuple[ProcessingOutputSpec, ...] = ()
    arguments: tuple[str, ...] = ()
    instance_count: int = 1
    instance_type: str = "local"
    env: Mapping[str, str] = field(default_factory=dict)
    image_uri: str | None = None  # used on SageMaker only
    role: str | None = None  # used on SageMaker only
    max_run: float | None = None  # seconds; StoppingCondition.MaxRuntimeInSeconds (None: default)
    entrypoint: tuple[str, ...] = ()  # ContainerEntrypoint as sent; replaces command + code
    network_isolation: bool = False  # NetworkConfig.EnableNetworkIsolation: hosts get no network

    def __post_init__(self):
        object.__setattr__(self, "env", _frozen(self.env))


@dataclass(frozen=True)
class ChannelSpec:
    """One training channel (``fit({"train": uri})``), as in CreateTrainingJob's InputDataConfig."""

    name: str
    uri: str
    distribution: str = "FullyReplicated"  # or "ShardedByS3Key"
    content_type: str | None = None
    input_mode: str = "File"


@dataclass(frozen=True)
class TrainingJobSpec:
    """A CreateTrainingJob request in script mode.

    ``hyperparameters`` hold the user's Python values; each backend encodes them as its
    platform requires (the SDK's script mode sends ``json.dumps(value)`` strings).
    """

    job_name: str
    entry_point: str  # file name inside source_dir, or a path when source_dir is None
    source_dir: str | None = None
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    channels: tuple[ChannelSpec, ...] = ()
    instance_count: int = 1
    instance_type: str = "local"
    output_path: str = ""  # URI prefix; artifacts go to <output_path>/<job_name>/output/
    environment: Mapping[str, str] = field(default_factory=dict)
    metric_definitions: tuple[Mapping[str, str], ...] = ()  # ({"Name": ..., "Regex": ...}, ...)
    image_uri: str | None = None
    role: str | None = None
    max_run: float | None = None  # seconds; StoppingCondition.MaxRuntimeInSeconds (None: default)
    network_isolation: bool = False  # EnableNetworkIsolation: the hosts get no network
    # a built-in algorithm's module, run as ``python -m <algorithm> train`` instead of an entry
    # point, with hyperparameters.json exactly as sent (strings, no sagemaker_* keys added)
    algorithm: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "hyperparameters", _frozen(self.hyperparameters))
        object.__setattr__(self, "environment", _frozen(self.environment))


@dataclass(frozen=True)
class ModelSpec:
    """A CreateModel request: a model.tar.gz plus the inference code that serves it."""

    name: str
    model_data: str  # URI of model.tar.gz
    entry_point: str | None = None  # script with model_fn/input_fn/predict_fn/output_fn
    source_dir: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    image_uri: str | None = None
    role: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "env", _frozen(self.env))


@dataclass(frozen=True)
class EndpointSpec:
    """CreateEndpointConfig + CreateEndpoint, folded into one record."""

    name: str
    model_name: str
    instance_count: int = 1
    instance_type: str = "local"


@dataclass(frozen=True)
class TransformJobSpec:
    """A CreateTransformJob request (batch transform)."""

    job_name: str
    model_name: str
    data: str  # URI of an input file or prefix
    output_path: str  # URI prefix for the <input>.out files
    content_type: str | None = None
    split_type: str = "None"  # "None" or "Line"
    # None: unset, left out of the request; the platform then asks the model server's
    # GET /execution-parameters, else uses its defaults (locally, as SDK local mode: MultiRecord, 6)
    strategy: str | None = None  # "MultiRecord" or "SingleRecord"
    max_payload_mb: int | None = None  # 0 to 100
    assemble_with: str = "None"  # "None" or "Line"
    accept: str | None = None
    join_source: str = "None"  # "None" or "Input"
    instance_count: int = 1
    instance_type: str = "local"
    env: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "env", _frozen(self.env))
