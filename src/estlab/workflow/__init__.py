"""SageMaker's ML workflow, run on this machine or on SageMaker.

raw data -> :class:`ScriptProcessor` (preprocess) -> cleaned data -> :class:`Estimator` (train)
-> :class:`Model` (deployable artifact) -> :class:`Predictor` (real-time inference), plus
:class:`Transformer` (batch transform).

Every component talks to a session. :class:`LocalSession` (the default) runs jobs as real
subprocesses in job folders with SageMaker's ``/opt/ml`` layout and serves endpoints from a
real HTTP server on 127.0.0.1: no Docker, no AWS account. :class:`SageMakerSession` sends the
same jobs to SageMaker through the official SDK v3 (``pip install estlab[sagemaker]``).

Names follow SageMaker's pattern [Framework] + [Component], with NumPy as the framework:
:class:`NumPyProcessor`, :class:`NumPyEstimator`, :class:`NumPyModel`, :class:`NumPyPredictor`.
"""

from importlib import import_module

# Public name -> module that defines it (the local runtime lives in local/, the AWS bridge in sagemaker/). Modules are imported on first use so that
# ``import estlab.workflow`` stays cheap and optional dependencies load only when needed.
_EXPORTS = {
    # sessions
    "LocalSession": "local.session",
    "SageMakerSession": "sagemaker.session",
    # processing
    "ScriptProcessor": "processing",
    "NumPyProcessor": "processing",
    "ProcessingInput": "processing",
    "ProcessingOutput": "processing",
    # training
    "Estimator": "estimator",
    "NumPyEstimator": "estimator",
    "TrainingInput": "estimator",
    # hosting
    "Model": "model",
    "NumPyModel": "model",
    "Predictor": "predictor",
    "NumPyPredictor": "predictor",
    "Transformer": "transformer",
    # serializers
    "CSVSerializer": "serializers",
    "JSONSerializer": "serializers",
    "NumpySerializer": "serializers",
    "CSVDeserializer": "serializers",
    "JSONDeserializer": "serializers",
    "NumpyDeserializer": "serializers",
    "IdentitySerializer": "serializers",
    "BytesDeserializer": "serializers",
    # SageMaker counterparts of estlab estimators
    "counterpart": "counterparts",
    # errors
    "WorkflowError": "_errors",
    "JobFailedError": "_errors",
    "EndpointError": "_errors",
    "UnsafeArchiveError": "_errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'estlab.workflow' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
