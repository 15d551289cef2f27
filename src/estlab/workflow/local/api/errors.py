"""SageMaker's API errors, in the JSON 1.1 shape botocore parses.

An AWS JSON 1.1 service answers a rejected request with HTTP 400 and a body
``{"__type": "ValidationException", "message": "..."}``; botocore turns it into a
``ClientError`` whose ``response["Error"]`` is ``{"Code": "ValidationException",
"Message": "..."}``. The codes and wording here are SageMaker's own.

Examples
--------
>>> err = not_found("training job", "demo-1")
>>> err.code, err.status
('ValidationException', 400)
>>> err.message
'Requested resource not found.'
"""

import json

__all__ = ["ApiError", "not_found", "in_use", "is_retry", "limit_exceeded", "error_body"]


class ApiError(Exception):
    """A SageMaker API error: ``code`` (``__type``), ``message`` and the HTTP ``status``."""

    def __init__(self, code, message, status=400):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


def not_found(kind, name):
    """What SageMaker answers for a Describe/Stop/Delete of a name it does not know.

    Training, processing and transform jobs answer ``ValidationException: Requested resource
    not found.``; models, endpoint configs and endpoints answer ``Could not find ...``.
    """
    if kind.endswith("job"):
        return ApiError("ValidationException", "Requested resource not found.")
    return ApiError("ValidationException", f'Could not find {kind} "{name}".')


def in_use(kind, name, arn):
    """A Create* of a name that exists (``ResourceInUse``)."""
    if kind.endswith("job"):
        return ApiError("ResourceInUse", f"{kind[0].upper() + kind[1:]} names must be unique "
                                         f"within an AWS account and region, and a {kind} with "
                                         f"this name already exists ({arn})")
    return ApiError("ValidationException", f'Cannot create already existing {kind} "{arn}".')


def is_retry(stored, invocation):
    """Whether a Create* of an existing name is the client's retry of the call that made it.

    botocore resends a request whose answer did not arrive in time (its read timeout is 60 s;
    on a machine under heavy load a Create may still be setting its job up), with the same
    ``amz-sdk-invocation-id`` as the first attempt. Answering that retry ``ResourceInUse``
    would fail a call whose job is running, so it gets the first attempt's answer. A new call
    for the same name, even an identical one, has a new id and is ``ResourceInUse``, as on AWS.
    """
    return bool(invocation) and stored is not None and stored.get("Invocation") == invocation


def limit_exceeded(message):
    """``ResourceLimitExceeded``: an account quota (instances, endpoints) would be exceeded."""
    return ApiError("ResourceLimitExceeded", message)


def error_body(err):
    """The JSON 1.1 error body (bytes) for ``err``."""
    return json.dumps({"__type": err.code, "message": err.message}).encode()
