"""The inference toolkit's handler contract: defaults, context by arity, errors with statuses."""

import io
import json
import types

import numpy as np
import pytest

from estlab.workflow.local.handlers import (BadRequest, Context, Handlers, UnsupportedAccept,
                                       UnsupportedContentType, default_input_fn,
                                       default_output_fn)

X = np.array([[1.0, -2.5, 3.25], [0.0, 1e-300, -7.0]])


def test_default_input_fn_decodes_like_numpy():
    csv_text = "1.0,-2.5,3.25\n0.0,1e-300,-7.0\n"
    np.testing.assert_array_equal(default_input_fn(csv_text, "text/csv"),
                                  np.loadtxt(io.StringIO(csv_text), delimiter=","))
    assert default_input_fn("1,2,3", "text/csv").shape == (1, 3)  # one row is one record
    np.testing.assert_array_equal(default_input_fn(json.dumps(X.tolist()), "application/json"), X)
    np.testing.assert_array_equal(
        default_input_fn("[1.0, -2.5, 3.25]\n[0.0, 1e-300, -7.0]\n", "application/json"), X)
    buffer = io.BytesIO()
    np.save(buffer, X)
    np.testing.assert_array_equal(default_input_fn(buffer.getvalue(), "application/x-npy"), X)
    np.testing.assert_array_equal(
        default_input_fn(csv_text, "text/csv; charset=utf-8"), X)  # parameters are ignored


@pytest.mark.parametrize("body, content_type", [
    ("1,2\n3", "text/csv"), ("a,b", "text/csv"), ("[[1, 2], [3]]", "application/json"),
    ('["a"]', "application/json"), ("{", "application/json"), (b"\x93NUMPY garbage",
                                                               "application/x-npy"),
])
def test_malformed_payloads_are_400(body, content_type):
    with pytest.raises(BadRequest, match="Malformed") as info:
        default_input_fn(body, content_type)
    assert info.value.status_code == 400


def test_pickled_npy_is_refused():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(BadRequest, match="pickled objects are refused"):
        default_input_fn(buffer.getvalue(), "application/x-npy")


def test_unsupported_types_are_415_and_406():
    with pytest.raises(UnsupportedContentType) as info:
        default_input_fn("x", "text/plain")
    assert info.value.status_code == 415
    with pytest.raises(UnsupportedAccept) as info:
        default_output_fn(np.ones(2), "image/png")
    assert info.value.status_code == 406


def test_default_output_fn_round_trips():
    y = np.array([0.1, 1 / 3, -2e10])
    body, kind = default_output_fn(y, "application/json")
    assert kind == "application/json" and json.loads(body) == y.tolist()
    body, kind = default_output_fn(y, "text/csv")
    assert kind == "text/csv"
    np.testing.assert_array_equal(np.loadtxt(io.BytesIO(body)), y)  # "%s" keeps every digit
    body, kind = default_output_fn(X, "text/csv")
    np.testing.assert_array_equal(np.loadtxt(io.BytesIO(body), delimiter=","), X)
    body, kind = default_output_fn(X, "application/x-npy")
    np.testing.assert_array_equal(np.load(io.BytesIO(body), allow_pickle=False), X)
    # the first supported type of a list wins, as in the toolkit
    assert default_output_fn(y, "image/png, text/csv, application/json")[1] == "text/csv"


class _Model:
    def predict(self, X):
        return X.sum(axis=1)


def test_defaults_fill_in_what_the_script_leaves_out():
    h = Handlers(types.SimpleNamespace(model_fn=lambda model_dir: _Model()))
    model = h.load_model("/tmp")
    body, kind, _ = h.invoke(model, b"1,2\n3,4", "text/csv", "application/json")
    assert json.loads(body) == [3.0, 7.0] and kind == "application/json"
    # no Accept or */* -> SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT (JSON); no Content-Type -> JSON
    assert h.invoke(model, b"[[1, 2]]", None, "*/*")[:2] == (b"[3.0]", "application/json")
    h_csv = Handlers(types.SimpleNamespace(model_fn=lambda d: _Model()), default_accept="text/csv")
    assert h_csv.invoke(model, b"[[1, 2]]", "application/json", None)[:2] == (b"3.0\n",
                                                                               "text/csv")


def test_context_is_passed_by_arity():
    seen = {}

    def input_fn(body, content_type, context):
        seen["attrs"] = context.custom_attributes
        seen["model_dir"] = context.system_properties["model_dir"]
        return body

    def output_fn(prediction, accept, context):
        context.set_response_header(0, "X-Amzn-SageMaker-Custom-Attributes", "seen")
        return prediction

    h = Handlers(types.SimpleNamespace(model_fn=lambda d: None, input_fn=input_fn,
                                       predict_fn=lambda data, model: data.upper(),
                                       output_fn=output_fn))
    context = Context("/opt/ml/model", {"x-amzn-sagemaker-custom-attributes": "trace=1"})
    body, kind, headers = h.invoke(None, b"abc", "text/csv", "text/csv", context)
    assert body == b"ABC" and kind == "text/csv"
    assert seen == {"attrs": "trace=1", "model_dir": "/opt/ml/model"}
    assert headers == {"X-Amzn-SageMaker-Custom-Attributes": "seen"}


def test_wrong_arity_and_transform_fn_conflicts_are_clear():
    with pytest.raises(TypeError, match="predict_fn takes 4 arguments"):
        Handlers(types.SimpleNamespace(predict_fn=lambda a, b, c, d: None))
    with pytest.raises(ValueError, match="transform_fn replaces input_fn, predict_fn"):
        Handlers(types.SimpleNamespace(transform_fn=lambda m, b, c, a: b,
                                       output_fn=lambda p, a: p))
    with pytest.raises(NotImplementedError, match="no model_fn"):
        Handlers(None).load_model("/tmp")


def test_transform_fn_and_return_types():
    h = Handlers(types.SimpleNamespace(transform_fn=lambda m, b, c, a: ("ok", "text/plain")))
    assert h.invoke(None, b"", "application/octet-stream", "*/*")[:2] == (b"ok", "text/plain")
    # a bare body takes the Accept type
    h = Handlers(types.SimpleNamespace(transform_fn=lambda m, b, c, a: b"raw"))
    assert h.invoke(None, b"", "application/octet-stream", "text/csv")[:2] == (b"raw", "text/csv")
    h = Handlers(types.SimpleNamespace(transform_fn=lambda m, b, c, a: 42))
    with pytest.raises(TypeError, match="returned int; return bytes or str"):
        h.invoke(None, b"", "application/octet-stream", "text/csv")


def test_unsupported_accept_is_406_before_the_model_runs():
    calls = []
    h = Handlers(types.SimpleNamespace(predict_fn=lambda d, m: calls.append(1)))
    with pytest.raises(UnsupportedAccept):
        h.invoke(None, b"1,2", "text/csv", "image/png")
    assert calls == []
