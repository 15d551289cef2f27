"""Requests checked against botocore's own SageMaker service model, as the service checks them.

botocore's client validates only what it must to serialise a request (required members, types,
minimum lengths); the service also enforces every ``pattern``, ``enum``, ``max`` length and
range in the model, and answers in Coral's wording::

    1 validation error detected: Value 'my_job' at 'trainingJobName' failed to satisfy
    constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}

Patterns are Java regular expressions matched whole (``String.matches``), hence ``fullmatch``.

Member paths are lowerCamelCase and list items are 1-based (``inputDataConfig.1.member.channelName``).
The model read is the one installed with botocore (``session.get_service_model("sagemaker")``),
so the checks follow the API as botocore ships it.

Examples
--------
>>> errors = check("CreateModel", {"ModelName": "bad_name", "ExecutionRoleArn": "x"})
>>> print(errors[0])
Value 'bad_name' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?
"""

import functools
import re

import botocore.session

from estlab.workflow.local.api.errors import ApiError

__all__ = ["service_model", "check", "validate"]


@functools.lru_cache(maxsize=None)
def service_model(name="sagemaker"):
    """botocore's service model (``sagemaker`` or ``sagemaker-runtime``), loaded once."""
    return botocore.session.get_session().get_service_model(name)


@functools.lru_cache(maxsize=None)
def _pattern(text):
    try:
        return re.compile(text)
    except re.error:  # a Java-only construct: the service would check it, we cannot
        return None


def _camel(name):
    return name[:1].lower() + name[1:]


def _show(value):
    if isinstance(value, str):
        return repr(value) if "'" not in value else f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else str(value)


def _check(shape, value, path, errors):
    """Append one message per violated constraint of ``value`` (a request member) to ``errors``."""
    meta, kind = shape.metadata, shape.type_name
    where = f"at '{path}'" if path else "at the request"
    if kind == "structure":
        if not isinstance(value, dict):
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          "must be a structure")
            return
        for member in shape.required_members:
            if value.get(member) is None:
                errors.append(f"Value null at '{_join(path, member)}' failed to satisfy "
                              "constraint: Member must not be null")
        for key, item in value.items():
            if key in shape.members and item is not None:
                _check(shape.members[key], item, _join(path, key), errors)
        return
    if kind == "list":
        if not isinstance(value, list):
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          "must be a list")
            return
        _length(meta, len(value), value, where, errors)
        for i, item in enumerate(value, 1):
            _check(shape.member, item, f"{path}.{i}.member", errors)
        return
    if kind == "map":
        if not isinstance(value, dict):
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          "must be a map")
            return
        _length(meta, len(value), value, where, errors)
        for key, item in value.items():
            _check(shape.key, key, f"{path}.key", errors)
            _check(shape.value, item, f"{path}.'{key}'.value", errors)
        return
    if kind == "string":
        if not isinstance(value, str):
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          "must be a string")
            return
        _length(meta, len(value), value, where, errors)
        if shape.enum and value not in shape.enum:
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          f"must satisfy enum value set: [{', '.join(shape.enum)}]")
        pattern = meta.get("pattern")
        if pattern and _pattern(pattern) is not None and not _pattern(pattern).fullmatch(value):
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          f"must satisfy regular expression pattern: {pattern}")
        return
    if kind in ("integer", "long", "float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          f"must be a number")
            return
        if "min" in meta and value < meta["min"]:
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          f"must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member "
                          f"must have value less than or equal to {meta['max']}")
        return
    if kind == "boolean" and not isinstance(value, bool):
        errors.append(f"Value {_show(value)} {where} failed to satisfy constraint: Member must "
                      "be a boolean")


def _length(meta, n, value, where, errors):
    shown = _show(value) if isinstance(value, str) else "[...]"
    if "min" in meta and n < meta["min"]:
        errors.append(f"Value {shown} {where} failed to satisfy constraint: Member must have "
                      f"length greater than or equal to {meta['min']}")
    if "max" in meta and n > meta["max"]:
        errors.append(f"Value {shown} {where} failed to satisfy constraint: Member must have "
                      f"length less than or equal to {meta['max']}")


def _join(path, member):
    return f"{path}.{_camel(member)}" if path else _camel(member)


def check(operation, params, service="sagemaker"):
    """Every constraint ``params`` violates for ``operation``, as the service words them.

    Unknown top-level members are reported too (the service rejects them as serialisation
    errors; botocore would not have sent them).
    """
    model = service_model(service)
    try:
        shape = model.operation_model(operation).input_shape
    except Exception:  # botocore.exceptions.OperationNotFoundError
        raise ApiError("UnknownOperationException",
                       f"Operation {operation} is not part of the SageMaker API.") from None
    errors = []
    if shape is None:
        return errors
    if not isinstance(params, dict):
        raise ApiError("SerializationException", "The request body is not a JSON object.")
    unknown = sorted(set(params) - set(shape.members))
    if unknown:
        raise ApiError("SerializationException",
                       f"Unknown member(s) {', '.join(unknown)} for {operation}; expected some "
                       f"of: {', '.join(sorted(shape.members))}.")
    _check(shape, params, "", errors)
    return errors


def validate(operation, params, service="sagemaker"):
    """Raise ``ValidationException`` (the service's wording) if ``params`` break the model."""
    errors = check(operation, params, service)
    if errors:
        n = len(errors)
        head = f"{n} validation error{'s' if n > 1 else ''} detected: "
        raise ApiError("ValidationException", head + "; ".join(errors))
