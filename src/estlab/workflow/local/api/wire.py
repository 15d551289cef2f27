"""Responses shaped by botocore's output shapes: JSON 1.1 on the wire.

A local record may carry more than the API returns (paths, internal notes); the response keeps
only the members the operation's output shape names, and writes timestamps as epoch seconds
(a JSON number), which is how a JSON 1.1 service sends them and botocore parses them.

Examples
--------
>>> from datetime import datetime, timezone
>>> t = datetime(2024, 5, 1, tzinfo=timezone.utc)
>>> to_wire("DescribeModel", {"ModelName": "m", "CreationTime": t, "LocalFolder": "/x"})
{'ModelName': 'm', 'CreationTime': 1714521600.0}
"""

from datetime import datetime

from estlab.workflow.local.api.validation import service_model

__all__ = ["to_wire"]


def _shape(shape, value):
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {key: _shape(shape.members[key], item) for key, item in value.items()
                if key in shape.members and item is not None}
    if kind == "list" and isinstance(value, (list, tuple)):
        return [_shape(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {str(key): _shape(shape.value, item) for key, item in value.items()}
    if kind == "timestamp" and isinstance(value, datetime):
        return value.timestamp()
    return value


def to_wire(operation, record, service="sagemaker"):
    """``record`` reduced to ``operation``'s output shape, timestamps as epoch seconds."""
    shape = service_model(service).operation_model(operation).output_shape
    return {} if shape is None else _shape(shape, record)
