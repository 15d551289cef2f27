"""Exercise 5.1: which SageMaker component does each stage of the ML workflow."""


def workflow_components():
    """Return a dict mapping each workflow stage to the SageMaker SDK class that runs it.

    The stages (keys) are ``"preprocess"``, ``"train"``, ``"package"`` (a deployable artifact
    plus inference code), ``"predict in real time"`` (send requests to an endpoint) and
    ``"predict in bulk"`` (score whole files offline). The values are class names from
    ``Processor``, ``Estimator``, ``Model``, ``Predictor``, ``Transformer``.

    Examples
    --------
    >>> workflow_components()["train"]
    'Estimator'
    """
    # [solution] TODO: return {"preprocess": ..., "train": ..., ...}
    return {
        "preprocess": "Processor",
        "train": "Estimator",
        "package": "Model",
        "predict in real time": "Predictor",
        "predict in bulk": "Transformer",
    }
    # [/solution]
