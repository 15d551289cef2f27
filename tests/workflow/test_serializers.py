"""Serializers and deserializers behave as the SageMaker Python SDK's (the reference here)."""

import io

import numpy as np
import pytest
from sagemaker.core import deserializers as sdk_d
from sagemaker.core import serializers as sdk_s

from estlab.workflow import (CSVDeserializer, CSVSerializer, JSONDeserializer, JSONSerializer,
                             NumpyDeserializer, NumpySerializer)
from estlab.workflow.serializers import BytesDeserializer, IdentitySerializer

DATA = [
    [[1, 2.5], [3, 4]],
    np.array([[1.0, -2.5], [1e-300, 7.0]]),
    [1.5, 2, 3],
    np.array([1.0, 2.0]),
    "1,2,3",
    [[1, 2], [3]],
]


@pytest.mark.parametrize("data", DATA, ids=range(len(DATA)))
def test_csv_serializer_matches_the_sdk(data):
    assert CSVSerializer().serialize(data) == sdk_s.CSVSerializer().serialize(data)


@pytest.mark.parametrize("data", DATA[:4] + [{"a": np.arange(3), "b": "x"}],
                         ids=range(5))
def test_json_serializer_matches_the_sdk(data):
    assert JSONSerializer().serialize(data) == sdk_s.JSONSerializer().serialize(data)


@pytest.mark.parametrize("data", DATA[:4], ids=range(4))
def test_numpy_serializer_matches_the_sdk(data):
    ours = NumpySerializer().serialize(data)
    theirs = sdk_s.NumpySerializer().serialize(data)
    np.testing.assert_array_equal(np.load(io.BytesIO(ours)), np.load(io.BytesIO(theirs)))
    assert ours == theirs


def test_empty_input_is_rejected_like_the_sdk():
    for ours, theirs in [(CSVSerializer(), sdk_s.CSVSerializer()),
                         (NumpySerializer(), sdk_s.NumpySerializer())]:
        with pytest.raises(ValueError):
            theirs.serialize([])
        with pytest.raises(ValueError, match="empty"):
            ours.serialize([])


def test_file_like_input_is_read():
    assert CSVSerializer().serialize(io.StringIO("1,2")) == "1,2"
    assert NumpySerializer().serialize(io.BytesIO(b"raw")) == b"raw"


def test_content_types_and_accepts_match_the_sdk():
    pairs = [(CSVSerializer(), sdk_s.CSVSerializer()), (JSONSerializer(), sdk_s.JSONSerializer()),
             (NumpySerializer(), sdk_s.NumpySerializer()),
             (IdentitySerializer(), sdk_s.IdentitySerializer())]
    for ours, theirs in pairs:
        assert ours.CONTENT_TYPE == theirs.CONTENT_TYPE
    pairs = [(CSVDeserializer(), sdk_d.CSVDeserializer()),
             (JSONDeserializer(), sdk_d.JSONDeserializer()),
             (NumpyDeserializer(), sdk_d.NumpyDeserializer()),
             (BytesDeserializer(), sdk_d.BytesDeserializer())]
    for ours, theirs in pairs:
        assert ours.ACCEPT == theirs.ACCEPT


@pytest.mark.parametrize("body, content_type", [
    (b"[[1.5, 2], [3, 4]]", "application/json"),
    (b"1.5,2\n3,4\n", "text/csv"),
    (b'{"a": [1, 2]}', "application/json"),
])
def test_deserializers_match_the_sdk(body, content_type):
    for ours, theirs in [(CSVDeserializer(), sdk_d.CSVDeserializer()),
                         (JSONDeserializer(), sdk_d.JSONDeserializer())]:
        if isinstance(ours, JSONDeserializer) and content_type == "text/csv":
            continue
        assert ours.deserialize(io.BytesIO(body), content_type) == \
            theirs.deserialize(io.BytesIO(body), content_type)


def test_numpy_deserializer_reads_npy_json_csv_and_refuses_pickles():
    X = np.array([[1.0, 2.5], [3.0, 4.0]])
    buffer = io.BytesIO()
    np.save(buffer, X)
    d = NumpyDeserializer()
    np.testing.assert_array_equal(d.deserialize(io.BytesIO(buffer.getvalue()),
                                                "application/x-npy"), X)
    np.testing.assert_array_equal(d.deserialize(io.BytesIO(b"[[1, 2.5], [3, 4]]"),
                                                "application/json"), X)
    # CSV is read as float (the SDK's dtype=None would make a structured array of this)
    np.testing.assert_array_equal(d.deserialize(io.BytesIO(b"1,2.5\n3,4\n"), "text/csv"), X)
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="allow_pickle"):
        d.deserialize(io.BytesIO(pickled.getvalue()), "application/x-npy")
    with pytest.raises(ValueError, match="cannot read content type 'text/plain'"):
        d.deserialize(io.BytesIO(b"x"), "text/plain")


def test_identity_and_bytes_pass_data_through():
    assert IdentitySerializer().serialize(b"\x00\x01") == b"\x00\x01"
    assert BytesDeserializer().deserialize(io.BytesIO(b"\x00\x01"), "x/y") == b"\x00\x01"
