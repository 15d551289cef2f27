"""Job, model and endpoint names made as the SageMaker SDK makes them, checked as the API checks.

A SageMaker name is a base plus a UTC timestamp with milliseconds,
``sagemaker-scikit-learn-2024-05-01-12-34-56-789``, at most 63 characters, letters, digits and
hyphens only (``^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$``).
"""

import re
import threading
import time

from estlab.workflow._errors import WorkflowError

__all__ = ["name_from_base", "base_name_from_image", "validate_name"]

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_IMAGE_PATTERN = re.compile(r"^(.+/)?([^:/]+)(:[^:]+)?$")
_last_timestamp = [""]
_timestamp_lock = threading.Lock()


def _timestamp():
    """``YYYY-mm-dd-HH-MM-SS-mmm`` in UTC, strictly increasing within this process."""
    while True:
        with _timestamp_lock:  # read the clock, check and claim in one step (threads)
            now = time.time()
            stamp = time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(now))
            stamp = f"{stamp}-{int(now * 1000) % 1000:03d}"
            if stamp != _last_timestamp[0]:
                # two jobs started in the same millisecond would otherwise share a name
                _last_timestamp[0] = stamp
                return stamp
        time.sleep(0.001)


def name_from_base(base, max_length=63):
    """``<base>-<UTC timestamp with milliseconds>``, truncating ``base`` to fit ``max_length``.

    Parameters
    ----------
    base : str
        The job's base name (``base_job_name``, or the image's repository name).
    max_length : int, default 63
        SageMaker's limit for job, model and endpoint names.

    Returns
    -------
    str

    Examples
    --------
    >>> name = name_from_base("numpy-training")
    >>> name[:15], len(name) == len("numpy-training") + 24
    ('numpy-training-', True)
    >>> len(name_from_base("x" * 100))
    63
    """
    stamp = _timestamp()
    return f"{base[:max_length - len(stamp) - 1]}-{stamp}"


def base_name_from_image(image_uri, default="training-job"):
    """The repository part of an image URI, as the SDK's default base job name.

    Examples
    --------
    >>> base_name_from_image("123.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1")
    'sagemaker-scikit-learn'
    >>> base_name_from_image(None, default="processing-job")
    'processing-job'
    """
    if not image_uri:
        return default
    match = _IMAGE_PATTERN.match(image_uri)
    return match.group(2) if match else default


def validate_name(name, what="job name"):
    """Raise :class:`~estlab.workflow.WorkflowError` unless ``name`` is a valid SageMaker name.

    Parameters
    ----------
    name : str
    what : str
        What the name is for, used in the message (``"training job name"``, ``"endpoint name"``).

    Returns
    -------
    str
        ``name``, unchanged.

    Examples
    --------
    >>> validate_name("my-job-1")
    'my-job-1'
    >>> validate_name("my_job", "training job name")
    Traceback (most recent call last):
    ...
    estlab.workflow._errors.WorkflowError: Invalid training job name 'my_job': ...
    """
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        problem = "it is empty" if not name else (
            f"it has {len(name)} characters (at most 63)"
            if isinstance(name, str) and len(name) > 63
            else "it may hold only letters, digits and hyphens, starting and ending with a "
                 "letter or digit")
        fixed = re.sub(r"[^a-zA-Z0-9-]+", "-", str(name or "job")).strip("-")[:63] or "job"
        raise WorkflowError(
            f"Invalid {what} {name!r}: {problem} (SageMaker's pattern "
            f"^[a-zA-Z0-9](-*[a-zA-Z0-9]){{0,62}}$). Try {fixed!r}.")
    return name
