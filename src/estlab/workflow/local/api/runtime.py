"""SageMaker Runtime's InvokeEndpoint: ``POST /endpoints/<name>/invocations``, by endpoint name.

The request is checked as the runtime checks it (botocore's ``sagemaker-runtime`` model: name
pattern, content-type length, the 6 MB body limit), forwarded to the endpoint's model server
through the control plane's :class:`LocalSession`, and answered in the runtime's REST-JSON
shape: the model's bytes with its ``Content-Type`` and ``x-Amzn-Invoked-Production-Variant``;
an error from the model's container becomes HTTP 424 ``ModelError`` with
``OriginalStatusCode`` and ``OriginalMessage``; an unknown endpoint is ``ValidationError``.
"""

import json

from estlab.workflow._errors import EndpointError
from estlab.workflow.local.api import endpoints
from estlab.workflow.local.api.errors import ApiError
from estlab.workflow.local.api.validation import check

__all__ = ["invoke", "MAX_BODY"]

MAX_BODY = 6 * 1024 * 1024  # BodyBlob max 6291456 bytes


def _error(code, message, status=400, **extra):
    body = json.dumps({"ErrorCode": code, "Message": message, "message": message, **extra})
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": code}, body.encode()


def invoke(plane, name, body, headers):
    """Answer one InvokeEndpoint: ``(status, headers, body bytes)``."""
    content_type = headers.get("Content-Type") or "application/octet-stream"
    accept = headers.get("Accept")
    attributes = headers.get("X-Amzn-SageMaker-Custom-Attributes")
    params = {"EndpointName": name, "Body": b"", "ContentType": content_type,
              **({"Accept": accept} if accept else {}),
              **({"CustomAttributes": attributes} if attributes else {})}
    errors = check("InvokeEndpoint", params, service="sagemaker-runtime")
    if len(body) > MAX_BODY:
        errors.append(f"Value at 'body' failed to satisfy constraint: Member must have length "
                      f"less than or equal to {MAX_BODY}")
    if errors:
        n = len(errors)
        return _error("ValidationError", f"{n} validation error{'s' if n > 1 else ''} "
                                         f"detected: " + "; ".join(errors))
    try:
        record = endpoints.describe(plane, name)
    except ApiError:
        return _error("ValidationError", f"Endpoint {name} of account {plane.account} not found.")
    if record["EndpointStatus"] != "InService":
        return _error("ValidationError", f"Endpoint {name} of account {plane.account} is "
                                         f"{record['EndpointStatus']}, not InService"
                      + (f": {record['FailureReason']}" if "FailureReason" in record else "."))
    try:
        answer, answer_type = plane.session.invoke_endpoint(name, body, content_type,
                                                            accept or "*/*", attributes)
    except EndpointError as err:
        if err.status_code is None:
            return _error("InternalFailure", str(err), status=500)
        stream = (f"arn:aws:logs:{plane.region}:{plane.account}:log-group:/aws/sagemaker/"
                  f"Endpoints/{name}")
        kind = "client" if 400 <= err.status_code < 500 else "server"
        return _error("ModelError", f'Received {kind} error ({err.status_code}) from primary '
                                    f'with message "{err.body}". See {stream} for more '
                                    'information.', status=424,
                      OriginalStatusCode=err.status_code, OriginalMessage=err.body,
                      LogStreamArn=stream)
    variant = record["ProductionVariants"][0]["VariantName"]
    return 200, {"Content-Type": answer_type or "application/octet-stream",
                 "x-Amzn-Invoked-Production-Variant": variant}, answer
