"""Exercise 5.2: SageMaker's naming pattern, [Framework] + [Component]."""


def framework_class(framework, component):
    """Return the SageMaker Python SDK (v2) class name for ``framework`` and ``component``.

    ``framework`` is one of ``"TensorFlow"``, ``"PyTorch"``, ``"SKLearn"``, ``"XGBoost"``,
    ``"HuggingFace"``; ``component`` one of ``"Processor"``, ``"Estimator"``, ``"Model"``,
    ``"Predictor"``.

    Examples
    --------
    >>> framework_class("TensorFlow", "Processor")
    'TensorFlowProcessor'
    """
    # [solution] TODO: the pattern has one exception; which component is it?
    if component == "Estimator":
        return framework  # the framework's name alone: sagemaker.pytorch.PyTorch
    return framework + component
    # [/solution]
