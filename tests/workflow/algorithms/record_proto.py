"""The oracle: SageMaker's ``aialgs.data.Record`` built with Google's protobuf library.

The message types are declared here field by field from the SDK v2's ``record.proto`` (the
SDK v3 ships neither ``record_pb2`` nor a working ``write_numpy_to_dense_tensor``), and the
RecordIO framing is the SDK v3's own ``sagemaker.core.serializers.utils._write_recordio``.
"""

import io

import numpy as np
import pytest

descriptor_pb2 = pytest.importorskip("google.protobuf.descriptor_pb2")
from google.protobuf import descriptor_pool, message_factory  # noqa: E402

_F = descriptor_pb2.FieldDescriptorProto


def _build():
    file = descriptor_pb2.FileDescriptorProto(name="estlab_test_record.proto",
                                              package="aialgs.data", syntax="proto2")

    def message(name, fields, nested=()):
        msg = file.message_type.add(name=name)
        for nested_msg in nested:
            msg.nested_type.add().CopyFrom(nested_msg)
        for number, fname, ftype, label, type_name, packed, oneof in fields:
            field = msg.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                field.type_name = type_name
            if packed:
                field.options.packed = True
            if oneof is not None:
                field.oneof_index = oneof
        return msg

    rep, opt = _F.LABEL_REPEATED, _F.LABEL_OPTIONAL
    for name, kind in (("Float32Tensor", _F.TYPE_FLOAT), ("Float64Tensor", _F.TYPE_DOUBLE),
                       ("Int32Tensor", _F.TYPE_INT32)):
        message(name, [(1, "values", kind, rep, None, True, None),
                       (2, "keys", _F.TYPE_UINT64, rep, None, True, None),
                       (3, "shape", _F.TYPE_UINT64, rep, None, True, None)])
    message("Bytes", [(1, "value", _F.TYPE_BYTES, rep, None, False, None),
                      (2, "content_type", _F.TYPE_STRING, opt, None, False, None)])
    value = message("Value", [
        (2, "float32_tensor", _F.TYPE_MESSAGE, opt, ".aialgs.data.Float32Tensor", False, 0),
        (3, "float64_tensor", _F.TYPE_MESSAGE, opt, ".aialgs.data.Float64Tensor", False, 0),
        (7, "int32_tensor", _F.TYPE_MESSAGE, opt, ".aialgs.data.Int32Tensor", False, 0),
        (9, "bytes", _F.TYPE_MESSAGE, opt, ".aialgs.data.Bytes", False, 0)])
    value.oneof_decl.add(name="value")
    entries = []
    for entry_name in ("FeaturesEntry", "LabelEntry"):
        entry = descriptor_pb2.DescriptorProto(name=entry_name)
        entry.options.map_entry = True
        entry.field.add(name="key", number=1, type=_F.TYPE_STRING, label=opt)
        entry.field.add(name="value", number=2, type=_F.TYPE_MESSAGE, label=opt,
                        type_name=".aialgs.data.Value")
        entries.append(entry)
    message("Record", [
        (1, "features", _F.TYPE_MESSAGE, rep, ".aialgs.data.Record.FeaturesEntry", False, None),
        (2, "label", _F.TYPE_MESSAGE, rep, ".aialgs.data.Record.LabelEntry", False, None),
        (3, "uid", _F.TYPE_STRING, opt, None, False, None),
        (4, "metadata", _F.TYPE_STRING, opt, None, False, None),
        (5, "configuration", _F.TYPE_STRING, opt, None, False, None)], nested=entries)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("aialgs.data.Record"))


Record = _build()


def _tensor(value, dtype):
    return {np.dtype("float32"): value.float32_tensor, np.dtype("float64"): value.float64_tensor,
            np.dtype("int32"): value.int32_tensor}[np.dtype(dtype)]


def write_numpy_to_dense_tensor(array, labels=None):
    """The SDK v2 function, line for line in effect, on the real protobuf library."""
    from sagemaker.core.serializers.utils import _write_recordio

    buffer = io.BytesIO()
    record = Record()
    for index, vector in enumerate(array):
        record.Clear()
        _tensor(record.features["values"], array.dtype).values.extend(vector.tolist())
        if labels is not None:
            _tensor(record.label["values"], labels.dtype).values.extend([labels[index].item()])
        _write_recordio(buffer, record.SerializeToString())
    return buffer.getvalue()


def read_records(data):
    """Records parsed by protobuf from a RecordIO stream, framing read by the SDK v3."""
    from sagemaker.core.serializers.utils import read_recordio

    out = []
    for chunk in read_recordio(io.BytesIO(data)):
        record = Record()
        record.ParseFromString(chunk)
        out.append(record)
    return out
