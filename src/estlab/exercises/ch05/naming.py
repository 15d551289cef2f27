"""Exercise 5.2: which SDK class to write: SageMaker's naming pattern, v3's classes."""


def framework_class(framework, component, version=2):
    """Return the name of the class that plays ``component`` for ``framework``.

    Parameters
    ----------
    framework : str
        A framework of Section 5.5's table: ``"TensorFlow"``, ``"PyTorch"``,
        ``"SKLearn"``, ``"XGBoost"``, or estlab's local ``"NumPy"``.
    component : str
        ``"Processor"``, ``"Estimator"``, ``"Model"`` or ``"Predictor"``.
    version : int
        2 for the SageMaker Python SDK v2 (and estlab), 3 for SDK v3 (Section 5.6),
        which names one class per component whatever the framework; ``"NumPy"`` is
        estlab's and only has version 2 names.

    Examples
    --------
    >>> framework_class("TensorFlow", "Processor")
    'TensorFlowProcessor'
    """
    # [solution] TODO: the pattern, its one exception in v2, and v3's classes
    if version == 3:
        return {"Processor": "FrameworkProcessor", "Estimator": "ModelTrainer",
                "Model": "ModelBuilder", "Predictor": "Endpoint"}[component]
    if component == "Estimator" and framework != "NumPy":
        return framework  # SageMaker's estimators drop it: sagemaker.pytorch.PyTorch
    return framework + component  # estlab keeps it: NumPyEstimator
    # [/solution]
