"""The inference toolkit's handler contract: the five functions a serving script may define.

A SageMaker framework container imports the user's script (``SAGEMAKER_PROGRAM``, default
``inference.py``, from ``<model_dir>/code``) and serves every ``POST /invocations`` with

``model_fn(model_dir)`` once at start, then per request
``input_fn(body, content_type) -> data``, ``predict_fn(data, model) -> prediction``,
``output_fn(prediction, accept) -> body`` or ``(body, content_type)``,

or, instead of the last three, one ``transform_fn(model, body, content_type, accept)``.
Each function may take one more trailing argument, a ``context``; the number of parameters
decides, as in the toolkit. Functions the script leaves out get the defaults below: JSON,
CSV and NPY in and out, and ``model.predict``.

Errors carry an HTTP status: :class:`UnsupportedContentType` (415), :class:`UnsupportedAccept`
(406), :class:`BadRequest` (400). Any exception with an integer ``status_code`` attribute keeps
its status (the toolkit's ``BaseInferenceToolkitError`` has one); everything else is a 500.
"""

import importlib.util
import inspect
import io
import json
import sys
from pathlib import Path

import numpy as np

__all__ = ["Handlers", "Context", "InferenceError", "BadRequest", "UnsupportedContentType",
           "UnsupportedAccept", "default_input_fn", "default_output_fn", "default_predict_fn",
           "load_module"]

JSON, CSV, NPY = "application/json", "text/csv", "application/x-npy"
JSONLINES = "application/jsonlines"
TEXT_TYPES = (JSON, CSV, JSONLINES)  # bodies of these types reach input_fn as str
SUPPORTED = (JSON, CSV, NPY)  # what the default output_fn writes


class InferenceError(Exception):
    """An error with an HTTP status for the response (``status_code``)."""

    status_code = 500

    def __init__(self, message, status_code=None):
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code


class BadRequest(InferenceError):
    """The payload cannot be decoded (HTTP 400)."""

    status_code = 400


class UnsupportedContentType(InferenceError):
    """No decoder for the request's Content-Type (HTTP 415)."""

    status_code = 415


class UnsupportedAccept(InferenceError):
    """No encoder for the request's Accept (HTTP 406)."""

    status_code = 406


def base_type(content_type):
    """``"text/csv; charset=utf-8"`` -> ``"text/csv"``."""
    return (content_type or "").split(";")[0].strip().lower()


# ------------------------------------------------------------------------------ defaults --
def default_input_fn(input_data, content_type):
    """Decode a JSON, JSON lines, CSV or NPY body into a float ndarray.

    CSV rows are records, so the result is 2-D even for one row (``"1,2"`` -> shape (1, 2)).
    JSON lines (one record per line, what batch transform's MultiRecord sends for JSON input)
    are stacked into one array. Pickled NPY and payloads with no records are refused (400).

    Examples
    --------
    >>> default_input_fn("1,2\\n3,4", "text/csv")
    array([[1., 2.],
           [3., 4.]])
    >>> default_input_fn("[[1, 2]]", "application/json").shape
    (1, 2)
    >>> default_input_fn("1,x", "text/csv")
    Traceback (most recent call last):
    ...
    estlab.workflow.local.handlers.BadRequest: Malformed text/csv payload: ...
    """
    kind = base_type(content_type)
    if kind not in SUPPORTED + (JSONLINES,):
        raise UnsupportedContentType(
            f"Content-Type {content_type!r} is not supported by the default input_fn; send one "
            f"of {', '.join(SUPPORTED + (JSONLINES,))}, or define input_fn in the inference "
            "script.")
    empty = BadRequest(f"The {kind} payload holds no records; send at least one record.")
    try:
        if kind in (JSON, JSONLINES):
            data = np.asarray(_json_records(input_data), dtype=float)
        elif kind == CSV:
            if not input_data.strip():  # (np.loadtxt would only warn and return nothing)
                raise empty
            data = np.loadtxt(io.StringIO(input_data), delimiter=",", dtype=float, ndmin=2)
        else:
            data = np.load(io.BytesIO(input_data), allow_pickle=False)
    except BadRequest:
        raise
    except (ValueError, TypeError, OSError, EOFError) as err:
        raise BadRequest(f"Malformed {kind} payload: {str(err).rstrip('.')}. Expected "
                         + {JSON: "numbers or nested lists of numbers (or JSON lines).",
                            JSONLINES: "one list of numbers per line.",
                            CSV: "rows of comma-separated numbers, no header.",
                            NPY: "the bytes of numpy.save (pickled objects are refused)."}[kind]
                         ) from err
    if data.size == 0:
        raise empty
    return data


def _json_records(text):
    """One JSON document, or JSON lines (what batch transform's MultiRecord sends) as a list."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2:
            raise
        return [json.loads(line) for line in lines]


def default_predict_fn(data, model):
    """``model.predict(data)``."""
    return model.predict(data)


def _first_supported(accept):
    for item in accept.split(","):
        if base_type(item) in SUPPORTED:
            return base_type(item)
    return None


def default_output_fn(prediction, accept):
    """Encode a prediction as the first supported type in ``accept``: JSON, CSV or NPY.

    Returns ``(body, content_type)``.

    Examples
    --------
    >>> default_output_fn(np.array([1.5, 2.0]), "text/csv")
    (b'1.5\\n2.0\\n', 'text/csv')
    >>> default_output_fn(np.array([1.5]), "application/json")
    (b'[1.5]', 'application/json')
    """
    kind = _first_supported(accept)
    if kind is None:
        raise UnsupportedAccept(
            f"Accept {accept!r} is not supported by the default output_fn; ask for one of "
            f"{', '.join(SUPPORTED)}, or define output_fn in the inference script.")
    if kind == JSON:
        value = prediction.tolist() if isinstance(prediction, np.ndarray) else prediction
        return json.dumps(value, default=_json_default).encode(), JSON
    buffer = io.BytesIO()
    if kind == CSV:
        np.savetxt(buffer, np.atleast_1d(np.asarray(prediction)), fmt="%s", delimiter=",")
    else:
        np.save(buffer, np.asarray(prediction), allow_pickle=False)
    return buffer.getvalue(), kind


def _json_default(value):
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# ------------------------------------------------------------------------------- context --
class Context:
    """What a handler that takes a trailing ``context`` argument receives.

    Attributes
    ----------
    system_properties : dict
        ``{"model_dir": ..., "gpu_id": None}``, as in the toolkit.
    request_headers : dict
        The request's headers, lower-case names.
    response_headers : dict
        Headers to add to the response (set with :meth:`set_response_header`).
    """

    def __init__(self, model_dir, request_headers=None):
        self.system_properties = {"model_dir": str(model_dir), "gpu_id": None}
        self.request_headers = dict(request_headers or {})
        self.response_headers = {}

    @property
    def custom_attributes(self):
        """The request's ``X-Amzn-SageMaker-Custom-Attributes`` header, or None."""
        return self.request_headers.get("x-amzn-sagemaker-custom-attributes")

    def get_request_header(self, idx, key):
        """The request header ``key`` (``idx`` is the batch index; always 0 here)."""
        return self.request_headers.get(key.lower())

    def set_response_header(self, idx, key, value):
        """Add ``key: value`` to the response headers."""
        self.response_headers[key] = str(value)


# ---------------------------------------------------------------------------- the module --
def load_module(path):
    """Import the script at ``path`` as module ``path.stem``, with its folder on ``sys.path``."""
    path = Path(path)
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def _takes_context(fn, n_args, name):
    """True if ``fn`` takes ``n_args + 1`` parameters (a context), False if ``n_args``."""
    params = list(inspect.signature(fn).parameters.values())
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if len(required) <= n_args <= len(positional):
        return False
    if len(required) <= n_args + 1 <= len(positional):
        return True
    raise TypeError(
        f"{name} takes {len(positional)} arguments; the inference toolkit calls it with "
        f"{n_args} (or {n_args + 1} with a trailing context).")


class Handlers:
    """The handler functions of one serving script, with the toolkit's defaults filled in.

    Parameters
    ----------
    module : module or None
        The imported inference script; None means every default (then ``model_fn`` is missing).
    default_accept : str, default "application/json"
        Used when a request has no Accept or ``*/*`` (``SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT``).

    Examples
    --------
    >>> import types
    >>> script = types.SimpleNamespace(model_fn=lambda model_dir: np.poly1d([2.0, 0.0]),
    ...                                predict_fn=lambda data, model: model(data))
    >>> h = Handlers(script)
    >>> model = h.load_model("/opt/ml/model")
    >>> h.invoke(model, b"[1, 2]", "application/json", "text/csv")[:2]
    (b'2.0\\n4.0\\n', 'text/csv')
    """

    def __init__(self, module=None, default_accept=JSON):
        self.default_accept = default_accept
        get = (lambda name: getattr(module, name, None)) if module is not None else (lambda n: None)
        self.model_fn = get("model_fn")
        self.transform_fn = get("transform_fn")
        user = {name: get(name) for name in ("input_fn", "predict_fn", "output_fn")}
        if self.transform_fn is not None and any(user.values()):
            both = ", ".join(name for name, fn in user.items() if fn)
            raise ValueError(
                f"The inference script defines transform_fn and also {both}: transform_fn replaces "
                "input_fn, predict_fn and output_fn, so define either transform_fn alone or the "
                "other three (any of them).")
        self.input_fn = user["input_fn"] or default_input_fn
        self.predict_fn = user["predict_fn"] or default_predict_fn
        self.output_fn = user["output_fn"] or default_output_fn
        self.execution_parameters_fn = get("execution_parameters_fn")
        self._context = {}
        for name, n in (("model_fn", 1), ("input_fn", 2), ("predict_fn", 2), ("output_fn", 2),
                        ("transform_fn", 4)):
            fn = getattr(self, name)
            if fn is not None:
                self._context[name] = _takes_context(fn, n, name)

    def _call(self, name, context, *args):
        fn = getattr(self, name)
        return fn(*args, context) if self._context[name] else fn(*args)

    def load_model(self, model_dir, context=None):
        """Run ``model_fn(model_dir)``; raise a clear error if the script has none."""
        if self.model_fn is None:
            raise NotImplementedError(
                "The inference script defines no model_fn(model_dir): write one that loads the "
                "model from model_dir and returns it.")
        return self._call("model_fn", context or Context(model_dir), str(model_dir))

    def invoke(self, model, body, content_type, accept, context=None):
        """Serve one request; return ``(body_bytes, content_type, response_headers)``."""
        context = context or Context("")
        content_type = content_type or JSON  # missing Content-Type means JSON, as in the containers
        if not accept or accept.strip() in ("*/*", ""):
            accept = self.default_accept
        if base_type(content_type) in TEXT_TYPES:
            try:
                body = body.decode("utf-8")
            except UnicodeDecodeError as err:
                raise BadRequest(f"The {base_type(content_type)} body is not UTF-8: {err}") from err
        if self.transform_fn is not None:
            result = self._call("transform_fn", context, model, body, content_type, accept)
        else:
            if self.output_fn is default_output_fn and _first_supported(accept) is None:
                default_output_fn(None, accept)  # raises 406 before any work is done
            data = self._call("input_fn", context, body, content_type)
            prediction = self._call("predict_fn", context, data, model)
            result = self._call("output_fn", context, prediction, accept)
        payload, out_type = result if isinstance(result, tuple) else (result, None)
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        if not isinstance(payload, (bytes, bytearray, memoryview)):
            raise TypeError(f"output_fn/transform_fn returned {type(payload).__name__}; return "
                            "bytes or str (optionally as (body, content_type)).")
        return bytes(payload), out_type or accept.split(",")[0].strip(), context.response_headers
