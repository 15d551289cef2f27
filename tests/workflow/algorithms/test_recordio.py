"""estlab's hand-written RecordIO-protobuf reader and writer against Google's protobuf library
(the ``Record`` message built from the SDK's ``record.proto``) and the SDK v3's own framing."""

import io

import numpy as np
import pytest

import record_proto
from estlab.workflow.local.algorithms import recordio


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_reads_what_protobuf_writes_for_every_tensor_type(dtype):
    rng = np.random.default_rng(0)
    X = (rng.normal(size=(7, 4)) * 100).astype(dtype)  # int32: negative values too
    y = np.arange(7).astype(dtype)
    X_read, y_read = recordio.decode_dense(record_proto.write_numpy_to_dense_tensor(X, y))
    np.testing.assert_array_equal(X_read, X.astype(float))
    np.testing.assert_array_equal(y_read, y.astype(float))


def test_records_without_labels_read_as_features_only():
    X = np.eye(3, dtype="float32")
    X_read, y_read = recordio.decode_dense(record_proto.write_numpy_to_dense_tensor(X))
    np.testing.assert_array_equal(X_read, X)
    assert y_read is None


def test_sparse_tensors_are_densified():
    record = record_proto.Record()
    tensor = record.features["values"].float32_tensor
    tensor.values.extend([1.5, -2.0])
    tensor.keys.extend([0, 3])
    tensor.shape.extend([5])
    record.label["values"].float32_tensor.values.extend([1.0])
    from sagemaker.core.serializers.utils import _write_recordio

    buffer = io.BytesIO()
    _write_recordio(buffer, record.SerializeToString())
    X, y = recordio.decode_dense(buffer.getvalue())
    np.testing.assert_array_equal(X, [[1.5, 0, 0, -2.0, 0]])
    assert y.tolist() == [1.0]


def test_protobuf_reads_what_estlab_writes():
    X = np.array([[0.25, -1.0], [3.0, 4.5]])
    records = record_proto.read_records(recordio.encode_dense(X, labels=[1.0, 0.0]))
    assert [list(r.features["values"].float32_tensor.values) for r in records] == X.tolist()
    assert [list(r.label["values"].float32_tensor.values) for r in records] == [[1.0], [0.0]]
    answers = record_proto.read_records(recordio.encode_outputs(
        [{"score": [0.1, 0.9], "predicted_label": [1.0]}]))
    assert list(answers[0].label["predicted_label"].float32_tensor.values) == [1.0]
    assert answers[0].label["score"].float32_tensor.values == pytest.approx([0.1, 0.9])
    assert len(answers[0].features) == 0


def test_the_sdk_v3_cannot_write_records_itself():
    """Why the oracle builds Record with protobuf: the SDK v3 (3.27) left this unimplemented."""
    from sagemaker.core.serializers.utils import write_numpy_to_dense_tensor

    with pytest.raises(NotImplementedError):
        write_numpy_to_dense_tensor(io.BytesIO(), np.eye(2))


@pytest.mark.parametrize("data, message", [
    (b"1.0,2.0\n3.0,4.0\n", "magic number"),
    (recordio.encode_dense(np.eye(2))[:-3], "truncated"),
    (recordio.encode_dense(np.eye(2)) + b"\x0a\x23", "stray bytes"),
])
def test_malformed_streams_are_refused_saying_where(data, message):
    with pytest.raises(recordio.RecordIOError, match=message):
        recordio.decode_dense(data)


def test_records_of_different_widths_are_refused():
    data = recordio.encode_dense(np.ones((1, 2))) + recordio.encode_dense(np.ones((1, 3)))
    with pytest.raises(recordio.RecordIOError, match=r"different numbers of features: \[2, 3\]"):
        recordio.decode_dense(data)
