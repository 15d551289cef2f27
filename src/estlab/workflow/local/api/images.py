"""Which container images run on this machine, and the FailureReason for one that does not.

A job names an image; the local runtime stands in for it with a Python environment. Until the
image profiles of the container issue land, the images that run locally are the scikit-learn
framework images (training and inference, any account, region and tag, as
``sagemaker.core.image_uris.retrieve("sklearn", ...)`` names them) and estlab's own
``estlab-local`` placeholder. Any other image fails its job as SageMaker fails a job whose
image cannot start: with a ``FailureReason`` that names it, here also listing what would run.

Examples
--------
>>> runs_locally("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3")
True
>>> print(unsupported_reason("382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"))  # doctest: +ELLIPSIS
ClientError: The image '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1' has no local profile...
"""

import re

__all__ = ["runs_locally", "unsupported_reason", "LOCAL_IMAGES"]

# repository name -> what stands in for it
LOCAL_IMAGES = {
    "sagemaker-scikit-learn": "the scikit-learn framework image (training and inference): "
                              "this machine's Python with NumPy, SciPy and estlab",
    "estlab-local": "estlab's placeholder image (the same local Python)",
}
_REPOSITORY = re.compile(r"^(?:.+/)?([^:/@]+)(?:[:@].+)?$")


def repository(image):
    """The repository name of an image URI (``sagemaker-scikit-learn`` for the sklearn image)."""
    match = _REPOSITORY.match(image or "")
    return match.group(1) if match else ""


def runs_locally(image):
    """True when the image has a local profile."""
    return repository(image) in LOCAL_IMAGES


def unsupported_reason(image):
    """The FailureReason of a job or endpoint whose image cannot run here."""
    known = "; ".join(f"{name} ({what})" for name, what in LOCAL_IMAGES.items())
    return (f"ClientError: The image '{image}' has no local profile, so estlab serve cannot run "
            f"it. Images that run locally: {known}. Use one of these images (for example "
            "sagemaker.core.image_uris.retrieve('sklearn', region, version='1.2-1')).")
