"""Which container images run on this machine, and the FailureReason for one that does not.

A job names an image; the local runtime stands in for it with a Python environment. Until the
image profiles of the container issue land, the images that run locally are:

* the scikit-learn framework images (training and inference, any account, region and tag, as
  ``sagemaker.core.image_uris.retrieve("sklearn", ...)`` names them);
* the built-in XGBoost algorithm, ``sagemaker-xgboost`` (every version the SDK knows:
  ``retrieve("xgboost", region, version="1.7-1")`` and ``0.90-1`` ... ``3.0-5``): without a
  script it runs in algorithm mode (:mod:`estlab.workflow.local.algorithms.sagemaker_xgboost`,
  with the installed ``xgboost``), with ``sagemaker_program`` it runs the script (framework
  mode). The legacy ``xgboost:1`` image (XGBoost 0.72, another repository) does not run;
* the built-in Linear Learner algorithm, ``retrieve("linear-learner", region)``, which trains
  and serves with estlab's GLMs (:mod:`estlab.workflow.local.algorithms.linear_learner`);
  it has no script mode;
* estlab's own ``estlab-local`` placeholder.

A built-in algorithm's image is run by the module :data:`ALGORITHMS` names for it. Any other
image fails its job as SageMaker fails a job whose image cannot start: with a
``FailureReason`` that names it, here also listing what would run.

Examples
--------
>>> runs_locally("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3")
True
>>> runs_locally("382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1")
True
>>> print(unsupported_reason("382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"))
... # doctest: +ELLIPSIS
ClientError: The image '382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1' has no local...
"""

import re

__all__ = ["runs_locally", "unsupported_reason", "algorithm", "runs_scripts", "LOCAL_IMAGES",
           "ALGORITHMS"]

# repository name -> what stands in for it
LOCAL_IMAGES = {
    "sagemaker-scikit-learn": "the scikit-learn framework image (training and inference): "
                              "this machine's Python with NumPy, SciPy and estlab",
    "sagemaker-xgboost": "the built-in XGBoost algorithm (training and inference, with the "
                         "xgboost package: pip install 'estlab[xgboost]')",
    "estlab-local": "estlab's placeholder image (the same local Python)",
    "linear-learner": "the built-in Linear Learner algorithm (training and inference), fitted "
                      "by estlab's LinearRegression, LogisticRegression and SoftmaxRegression",
}
# repository -> the module that is the image's program in algorithm mode (no user script)
ALGORITHMS = {
    "sagemaker-xgboost": "estlab.workflow.local.algorithms.sagemaker_xgboost",
    "linear-learner": "estlab.workflow.local.algorithms.linear_learner",
}
_SCRIPT_MODE = {"sagemaker-xgboost"}  # built-in algorithms that also run a user's script
_REPOSITORY = re.compile(r"^(?:.+/)?([^:/@]+)(?:[:@].+)?$")


def repository(image):
    """The repository name of an image URI (``sagemaker-scikit-learn`` for the sklearn image)."""
    match = _REPOSITORY.match(image or "")
    return match.group(1) if match else ""


def runs_locally(image):
    """True when the image has a local profile."""
    return repository(image) in LOCAL_IMAGES


def algorithm(image):
    """The module that runs ``image`` as a built-in algorithm, or None (a framework image).

    Examples
    --------
    >>> algorithm("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")
    'estlab.workflow.local.algorithms.sagemaker_xgboost'
    >>> algorithm("382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1")
    'estlab.workflow.local.algorithms.linear_learner'
    >>> algorithm("sagemaker-scikit-learn:1.2-1-cpu-py3") is None
    True
    """
    return ALGORITHMS.get(repository(image))


def runs_scripts(image):
    """Whether ``image`` runs a user's script (framework or script mode) when a request names one.

    The framework images always do; of the built-in algorithms only XGBoost has a script mode.

    >>> runs_scripts("sagemaker-xgboost:1.7-1"), runs_scripts("linear-learner:1")
    (True, False)
    """
    return repository(image) not in ALGORITHMS or repository(image) in _SCRIPT_MODE


def unsupported_reason(image):
    """The FailureReason of a job or endpoint whose image cannot run here."""
    known = "; ".join(f"{name} ({what})" for name, what in LOCAL_IMAGES.items())
    return (f"ClientError: The image '{image}' has no local profile, so estlab serve cannot run "
            f"it. Images that run locally: {known}. Use one of these images (for example "
            "sagemaker.core.image_uris.retrieve('sklearn', region, version='1.2-1')).")
