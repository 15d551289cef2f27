"""SageMaker's RecordIO-protobuf (``application/x-recordio-protobuf``), read and written by hand.

Amazon's built-in algorithms take (and answer with) a stream of ``aialgs.data.Record``
protobuf messages, each framed the way MXNet's RecordIO frames a record::

    uint32 magic = 0xCED7230A | uint32 length | length bytes of Record | 0-3 zero bytes (pad to 4)

(little-endian, as ``struct.pack("I", ...)`` writes it on the SDK's machines). The message, from
the SDK v2's ``record.proto``::

    message Record {
        map<string, Value> features = 1;   // the vector under the key "values"
        map<string, Value> label = 2;      // training label / inference outputs
        optional string uid = 3; optional string metadata = 4; optional string configuration = 5;
    }
    message Value { oneof value { Float32Tensor float32_tensor = 2;
                                  Float64Tensor float64_tensor = 3;
                                  Int32Tensor int32_tensor = 7; Bytes bytes = 9; } }
    message Float32Tensor { repeated float values = 1 [packed]; repeated uint64 keys = 2 [packed];
                            repeated uint64 shape = 3 [packed]; }   // Float64 / Int32 alike

A tensor with ``keys`` is sparse: ``values[i]`` sits at index ``keys[i]`` of a vector of length
``shape[0]``.

Why by hand: the SDK v3 ships neither ``record_pb2`` nor a working writer
(``sagemaker.core.serializers.utils.write_numpy_to_dense_tensor`` raises
``NotImplementedError`` in 3.27), and these three messages need only the protobuf wire format:
varints, length-delimited fields and packed little-endian numbers (about 100 lines here, no
``protobuf`` dependency). The tests check both directions against Google's ``protobuf``
library with the message types built from ``record.proto``, and the framing against the SDK's
own ``_write_recordio`` / ``read_recordio``.

Examples
--------
>>> import numpy as np
>>> data = encode_dense(np.array([[1.0, 2.0], [3.0, 4.0]]), labels=np.array([0.0, 1.0]))
>>> X, y = decode_dense(data)
>>> X
array([[1., 2.],
       [3., 4.]])
>>> y
array([0., 1.])
"""

import struct

import numpy as np

__all__ = ["RecordIOError", "encode_dense", "decode_dense", "encode_outputs", "read_records",
           "MAGIC"]

MAGIC = 0xCED7230A
_TENSORS = {2: "<f", 3: "<d", 7: "int32"}  # Value field number -> element type
_FIXED = {"<f": 4, "<d": 8}


class RecordIOError(ValueError):
    """The bytes are not RecordIO-framed ``Record`` messages (says where and why)."""


# ---------------------------------------------------------------------------- wire format --
def _varint(buf, pos):
    """``(value, new_pos)`` of the base-128 varint at ``pos``."""
    value = shift = 0
    while True:
        if pos >= len(buf):
            raise RecordIOError("a varint runs past the end of the message")
        byte = buf[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 70:
            raise RecordIOError("a varint is longer than 10 bytes")


def _fields(buf):
    """Yield ``(field_number, wire_type, payload)`` of one message (payload: int or bytes)."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + size], pos + size
        else:
            raise RecordIOError(f"field {number} has wire type {wire}, which Record never uses")
        if pos > len(buf):
            raise RecordIOError(f"field {number} runs past the end of the message")
        yield number, wire, value


def _numbers(parts, kind):
    """Repeated numbers from packed (bytes) and unpacked (one element each) occurrences."""
    out = []
    for wire, payload in parts:
        if kind in _FIXED:
            if wire == 2:  # packed
                out.extend(np.frombuffer(payload, dtype=kind).tolist())
            else:
                out.append(struct.unpack(kind, payload)[0])
        elif wire == 2:  # packed varints
            pos = 0
            while pos < len(payload):
                value, pos = _varint(payload, pos)
                out.append(value)
        else:
            out.append(payload)
    if kind == "int32":  # negative int32 values travel as 64-bit two's complement
        out = [v - (1 << 64) if v >= 1 << 63 else v for v in out]
    return out


def _tensor(buf, kind):
    """A (dense) 1-D float array from a Float32/Float64/Int32Tensor message."""
    parts = {1: [], 2: [], 3: []}
    for number, wire, payload in _fields(buf):
        if number in parts:
            parts[number].append((wire, payload))
    values = np.asarray(_numbers(parts[1], kind if kind in _FIXED else "int32"), dtype=float)
    keys = _numbers(parts[2], "uint64")
    if not keys:
        return values
    shape = _numbers(parts[3], "uint64")
    if len(shape) != 1 or len(keys) != len(values) or max(keys) >= shape[0]:
        raise RecordIOError(f"a sparse tensor needs one shape entry above every key and one "
                            f"value per key; got shape {shape}, {len(keys)} keys, "
                            f"{len(values)} values")
    dense = np.zeros(int(shape[0]))
    dense[np.asarray(keys, dtype=np.int64)] = values
    return dense


def _value(buf):
    for number, _, payload in _fields(buf):
        if number in _TENSORS:
            return _tensor(payload, _TENSORS[number])
        if number == 9:
            raise RecordIOError("the Value holds Bytes; only Float32, Float64 and Int32 tensors "
                                "are numeric data")
    raise RecordIOError("a Value holds no tensor")


def _map(entries):
    """``{key: array}`` from the entries of one ``map<string, Value>`` field."""
    out = {}
    for entry in entries:
        key, value = "", None
        for number, _, payload in _fields(entry):
            if number == 1:
                key = bytes(payload).decode("utf-8")
            elif number == 2:
                value = _value(payload)
        out[key] = value
    return out


# -------------------------------------------------------------------------------- reading --
def read_records(data):
    """Every record of a RecordIO stream as ``{"features": {...}, "label": {...}}`` of arrays.

    Raises
    ------
    RecordIOError
        On a wrong magic number, a truncated record or a malformed message, naming the record.
    """
    data = memoryview(bytes(data))
    records, pos, index = [], 0, 0
    while pos < len(data):
        if pos + 8 > len(data):
            raise RecordIOError(f"record {index}: {len(data) - pos} stray bytes at the end of "
                                "the stream (a header is 8 bytes)")
        magic, length = struct.unpack_from("<II", data, pos)
        if magic != MAGIC:
            raise RecordIOError(
                f"record {index} (byte {pos}): magic number {magic:#010x}, expected "
                f"{MAGIC:#010x}. Is the data RecordIO-protobuf? CSV needs ContentType "
                "'text/csv'.")
        length &= (1 << 29) - 1  # the top 3 bits are MXNet's continuation flag (0 here)
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length:
            raise RecordIOError(f"record {index} is truncated: {len(body)} of {length} bytes")
        features, label = [], []
        try:
            for number, _, payload in _fields(body):
                (features if number == 1 else label if number == 2 else []).append(payload)
            records.append({"features": _map(features), "label": _map(label)})
        except RecordIOError as err:
            raise RecordIOError(f"record {index}: {err}") from None
        pos += 8 + length + (-length % 4)
        index += 1
    return records


def decode_dense(data):
    """``(X, y)`` from RecordIO-protobuf training data (``y`` None if no record has a label).

    Each record's features are the tensor under ``"values"`` (dense or sparse), its label the
    first element of the label tensor ``"values"``.
    """
    records = read_records(data)
    rows, labels = [], []
    for i, record in enumerate(records):
        if "values" not in record["features"]:
            raise RecordIOError(f"record {i} has no feature tensor 'values' (keys: "
                                f"{sorted(record['features'])})")
        rows.append(record["features"]["values"])
        label = record["label"].get("values")
        labels.append(None if label is None or label.size == 0 else float(label[0]))
    widths = {row.size for row in rows}
    if len(widths) > 1:
        raise RecordIOError(f"records have different numbers of features: {sorted(widths)}")
    X = np.vstack(rows) if rows else np.empty((0, 0))
    if all(v is None for v in labels):
        return X, None
    if any(v is None for v in labels):
        missing = labels.index(None)
        raise RecordIOError(f"record {missing} has no label while others do")
    return X, np.asarray(labels, dtype=float)


# -------------------------------------------------------------------------------- writing --
def _encode_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _length_delimited(number, payload):
    return _encode_varint(number << 3 | 2) + _encode_varint(len(payload)) + payload


def _float32_value(values):
    """A ``Value`` holding a dense Float32Tensor (what the built-ins answer with)."""
    packed = np.asarray(values, dtype="<f4").tobytes()
    return _length_delimited(2, _length_delimited(1, packed))


def _map_field(number, mapping):
    return b"".join(_length_delimited(number, _length_delimited(1, key.encode())
                                      + _length_delimited(2, _float32_value(values)))
                    for key, values in mapping.items())


def _frame(message):
    return struct.pack("<II", MAGIC, len(message)) + message + b"\0" * (-len(message) % 4)


def encode_dense(X, labels=None):
    """RecordIO-protobuf training data: one Record per row, Float32 features (and label).

    What the SDK v2's ``write_numpy_to_dense_tensor`` wrote for a float32 array.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (rows are records); got shape {X.shape}")
    out = []
    for i, row in enumerate(X):
        message = _map_field(1, {"values": row})
        if labels is not None:
            message += _map_field(2, {"values": [labels[i]]})
        out.append(_frame(message))
    return b"".join(out)


def encode_outputs(outputs):
    """RecordIO-protobuf inference answers: one Record per prediction, outputs in ``label``.

    ``outputs`` is a list of ``{name: list of float}`` (e.g. ``{"score": [0.4],
    "predicted_label": [0.0]}``), each value a Float32Tensor, as the built-ins answer.
    """
    return b"".join(_frame(_map_field(2, record)) for record in outputs)
