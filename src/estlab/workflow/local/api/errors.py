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

__all__ = ["ApiError", "not_found", "in_use", "limit_exceeded", "error_body"]


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


def limit_exceeded(message):
    """``ResourceLimitExceeded``: an account quota (instances, endpoints) would be exceeded."""
    return ApiError("ResourceLimitExceeded", message)


def error_body(err):
    """The JSON 1.1 error body (bytes) for ``err``."""
    return json.dumps({"__type": err.code, "message": err.message}).encode()
