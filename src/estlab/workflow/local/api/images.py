"""Which container images run on this machine, and the FailureReason for one that does not.

A job names an image; the local runtime stands in for it with a Python environment. Until the
image profiles of the container issue land, the images that run locally are the scikit-learn
framework images (training and inference, any account, region and tag, as
``sagemaker.core.image_uris.retrieve("sklearn", ...)`` names them), estlab's own
``estlab-local`` placeholder, and the built-in algorithms of :data:`ALGORITHMS`, whose
container program is a file of :mod:`estlab.workflow.local.algorithms` (the Linear Learner
image, ``retrieve("linear-learner", region)``, trains and serves with estlab's GLMs). Any other
image fails its job as SageMaker fails a job whose image cannot start: with a
``FailureReason`` that names it, here also listing what would run.

Examples
--------
>>> runs_locally("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3")
True
>>> algorithm_program("382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1").name
'linear_learner.py'
>>> print(unsupported_reason("382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"))
... # doctest: +ELLIPSIS
ClientError: The image '382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1' has no local...
"""

import re
from pathlib import Path

__all__ = ["runs_locally", "unsupported_reason", "algorithm_program", "algorithm_module",
           "LOCAL_IMAGES",
           "ALGORITHMS"]

# repository name -> what stands in for it
LOCAL_IMAGES = {
    "sagemaker-scikit-learn": "the scikit-learn framework image (training and inference): "
                              "this machine's Python with NumPy, SciPy and estlab",
    "estlab-local": "estlab's placeholder image (the same local Python)",
    "linear-learner": "the built-in Linear Learner algorithm (training and inference), fitted "
                      "by estlab's LinearRegression, LogisticRegression and SoftmaxRegression",
}
# built-in algorithm repository -> its container program (training: run as a script;
# inference: model_fn/transform_fn), a file of estlab.workflow.local.algorithms
ALGORITHMS = {
    "linear-learner": "linear_learner.py",
}
_REPOSITORY = re.compile(r"^(?:.+/)?([^:/@]+)(?:[:@].+)?$")


def repository(image):
    """The repository name of an image URI (``sagemaker-scikit-learn`` for the sklearn image)."""
    match = _REPOSITORY.match(image or "")
    return match.group(1) if match else ""


def runs_locally(image):
    """True when the image has a local profile."""
    return repository(image) in LOCAL_IMAGES


def algorithm_program(image):
    """The program file of a built-in algorithm image, or None for any other image."""
    name = ALGORITHMS.get(repository(image))
    return Path(__file__).resolve().parents[1] / "algorithms" / name if name else None


def algorithm_module(image):
    """The imported module of a built-in algorithm image (its metric definitions and more)."""
    import importlib

    program = algorithm_program(image)
    return importlib.import_module(f"estlab.workflow.local.algorithms.{program.stem}")


def unsupported_reason(image):
    """The FailureReason of a job or endpoint whose image cannot run here."""
    known = "; ".join(f"{name} ({what})" for name, what in LOCAL_IMAGES.items())
    return (f"ClientError: The image '{image}' has no local profile, so estlab serve cannot run "
            f"it. Images that run locally: {known}. Use one of these images (for example "
            "sagemaker.core.image_uris.retrieve('sklearn', region, version='1.2-1')).")
