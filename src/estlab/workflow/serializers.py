"""How a Predictor turns Python data into a request body and a response body back into data.

The classes and their behaviour are the SageMaker Python SDK's (``sagemaker.serializers`` and
``sagemaker.deserializers``), so tutorial code ports unchanged. A serializer has
``CONTENT_TYPE`` (sent as the request's Content-Type) and ``serialize(data)``; a deserializer
has ``ACCEPT`` (a tuple, sent joined by ``", "`` as the Accept header) and
``deserialize(stream, content_type)``, where ``stream`` is a binary file-like object.

=====================  ===================  ==================================================
class                  media type           turns
=====================  ===================  ==================================================
CSVSerializer          text/csv             a row or a 2-D list/array into comma-separated rows
JSONSerializer         application/json     lists, dicts, arrays (via ``tolist``) into JSON
NumpySerializer        application/x-npy    an array into the bytes of ``numpy.save``
IdentitySerializer     application/...      bytes, sent as they are
CSVDeserializer        text/csv             rows into a list of lists of strings
JSONDeserializer       application/json     JSON into Python objects
NumpyDeserializer      application/x-npy    CSV, JSON, NPY or NPZ responses into arrays
BytesDeserializer      \\*/\\*                  the raw bytes
=====================  ===================  ==================================================
"""

import codecs
import csv
import io
import json

import numpy as np

__all__ = ["CSVSerializer", "JSONSerializer", "NumpySerializer", "IdentitySerializer",
           "CSVDeserializer", "JSONDeserializer", "NumpyDeserializer", "BytesDeserializer"]


def _base(content_type):
    return (content_type or "").split(";")[0].strip().lower()


def _is_sequence_like(obj):
    return hasattr(obj, "__iter__") and hasattr(obj, "__getitem__")


class _Serializer:
    def __init__(self, content_type):
        self.content_type = content_type

    @property
    def CONTENT_TYPE(self):
        """The request's Content-Type."""
        return self.content_type

    def __repr__(self):
        return f"{type(self).__name__}(content_type={self.content_type!r})"


class CSVSerializer(_Serializer):
    """Serialize a row (1-D) or rows (2-D list/array) as CSV without header.

    Examples
    --------
    >>> CSVSerializer().serialize([[1, 2.5], [3, 4]])
    '1,2.5\\n3,4'
    >>> CSVSerializer().serialize(np.array([1.0, 2.0]))
    '1.0,2.0'
    >>> CSVSerializer().serialize([])
    Traceback (most recent call last):
    ...
    ValueError: Cannot serialize an empty array to CSV: send at least one value.
    """

    def __init__(self, content_type="text/csv"):
        super().__init__(content_type)

    def serialize(self, data):
        """``str`` body: one line per row."""
        if hasattr(data, "read"):
            return data.read()
        if hasattr(data, "to_csv"):  # a pandas DataFrame
            return data.to_csv(header=False, index=False)
        mutable = _is_sequence_like(data) and hasattr(data, "__setitem__")
        multiple_rows = mutable and len(data) > 0 and _is_sequence_like(data[0]) \
            and not isinstance(data[0], str)
        if multiple_rows:
            return "\n".join(self._serialize_row(row) for row in data)
        return self._serialize_row(data)

    @staticmethod
    def _serialize_row(row):
        if isinstance(row, str):
            return row
        if isinstance(row, np.ndarray):
            row = row.flatten()
        if hasattr(row, "__len__"):
            if len(row) == 0:
                raise ValueError("Cannot serialize an empty array to CSV: send at least one value.")
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=",").writerow(row)
            return buffer.getvalue().rstrip("\r\n")
        raise ValueError(f"CSVSerializer cannot serialize a {type(row).__name__}; pass a list, "
                         "an array or a str.")


class JSONSerializer(_Serializer):
    """Serialize data as JSON; arrays (also as dict values) become nested lists.

    Examples
    --------
    >>> JSONSerializer().serialize(np.array([[1.0, 2.0]]))
    '[[1.0, 2.0]]'
    >>> JSONSerializer().serialize({"x": np.arange(2)})
    '{"x": [0, 1]}'
    """

    def __init__(self, content_type="application/json"):
        super().__init__(content_type)

    def serialize(self, data):
        """``str`` body."""
        if isinstance(data, dict):
            return json.dumps({k: _to_list(v) for k, v in data.items()})
        if hasattr(data, "read"):
            return data.read()
        return json.dumps(_to_list(data))


def _to_list(value):
    return value.tolist() if isinstance(value, np.ndarray) else value


class NumpySerializer(_Serializer):
    """Serialize data as the bytes of ``numpy.save`` (NPY format, never pickled).

    Parameters
    ----------
    dtype : dtype or None
        Cast lists (and arrays) to this type first.

    Examples
    --------
    >>> body = NumpySerializer().serialize([[1.0, 2.0]])
    >>> np.load(io.BytesIO(body))
    array([[1., 2.]])
    """

    def __init__(self, dtype=None, content_type="application/x-npy"):
        super().__init__(content_type)
        self.dtype = dtype

    def serialize(self, data):
        """``bytes`` body."""
        if hasattr(data, "read"):
            return data.read()
        array = np.asarray(data, dtype=self.dtype)
        if array.size == 0:
            raise ValueError("Cannot serialize an empty array: send at least one value.")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return buffer.getvalue()


class IdentitySerializer(_Serializer):
    """Send bytes (or str) as they are: the default of a plain ``Predictor``.

    Examples
    --------
    >>> IdentitySerializer("text/csv").serialize(b"1,2")
    b'1,2'
    """

    def __init__(self, content_type="application/octet-stream"):
        super().__init__(content_type)

    def serialize(self, data):
        """``data`` unchanged."""
        return data


class _Deserializer:
    def __init__(self, accept):
        self.accept = accept

    @property
    def ACCEPT(self):
        """Accepted media types, as a tuple."""
        return (self.accept,) if isinstance(self.accept, str) else tuple(self.accept)

    def __repr__(self):
        return f"{type(self).__name__}(accept={self.accept!r})"


class CSVDeserializer(_Deserializer):
    """CSV into a list of rows, each a list of strings (as the SDK does).

    Examples
    --------
    >>> CSVDeserializer().deserialize(io.BytesIO(b"1.5\\n2.5\\n"), "text/csv")
    [['1.5'], ['2.5']]
    """

    def __init__(self, encoding="utf-8", accept="text/csv"):
        super().__init__(accept)
        self.encoding = encoding

    def deserialize(self, stream, content_type):
        """List of lists of str."""
        try:
            return list(csv.reader(stream.read().decode(self.encoding).splitlines()))
        finally:
            stream.close()


class JSONDeserializer(_Deserializer):
    """JSON into Python objects.

    Examples
    --------
    >>> JSONDeserializer().deserialize(io.BytesIO(b"[1.5, 2.5]"), "application/json")
    [1.5, 2.5]
    """

    def __init__(self, accept="application/json"):
        super().__init__(accept)

    def deserialize(self, stream, content_type):
        """The decoded JSON value."""
        try:
            return json.load(codecs.getreader("utf-8")(stream))
        finally:
            stream.close()


class NumpyDeserializer(_Deserializer):
    """A CSV, JSON, NPY or NPZ response into a NumPy array, decoded by the response's type.

    Parameters
    ----------
    dtype : dtype or None
        Type of the result (CSV and JSON); None reads CSV as float.
    accept : str, default "application/x-npy"
    allow_pickle : bool, default False
        Kept False: a pickle from a server could run code here.

    Examples
    --------
    >>> d = NumpyDeserializer()
    >>> d.deserialize(io.BytesIO(b"[1.5, 2.5]"), "application/json")
    array([1.5, 2.5])
    >>> d.deserialize(io.BytesIO(b"1.5,2\\n3,4\\n"), "text/csv")
    array([[1.5, 2. ],
           [3. , 4. ]])
    """

    def __init__(self, dtype=None, accept="application/x-npy", allow_pickle=False):
        super().__init__(accept)
        self.dtype = dtype
        self.allow_pickle = allow_pickle

    def deserialize(self, stream, content_type):
        """An ndarray (a dict of arrays for NPZ)."""
        kind = _base(content_type)
        try:
            if kind == "text/csv":
                # float unless told otherwise: the SDK's dtype=None lets genfromtxt guess per
                # column, which turns "1.5,2" into a structured array
                return np.genfromtxt(codecs.getreader("utf-8")(stream), delimiter=",",
                                     dtype=float if self.dtype is None else self.dtype)
            if kind == "application/json":
                return np.array(json.load(codecs.getreader("utf-8")(stream)), dtype=self.dtype)
            if kind == "application/x-npy":
                return np.load(io.BytesIO(stream.read()), allow_pickle=self.allow_pickle)
            if kind == "application/x-npz":
                with np.load(io.BytesIO(stream.read()), allow_pickle=self.allow_pickle) as npz:
                    return {key: npz[key] for key in npz.files}
        finally:
            stream.close()
        raise ValueError(f"NumpyDeserializer cannot read content type {content_type!r}; it reads "
                         "text/csv, application/json, application/x-npy and application/x-npz.")


class BytesDeserializer(_Deserializer):
    """The response's raw bytes: the default of a plain ``Predictor``.

    Examples
    --------
    >>> BytesDeserializer().deserialize(io.BytesIO(b"abc"), "text/plain")
    b'abc'
    """

    def __init__(self, accept="*/*"):
        super().__init__(accept)

    def deserialize(self, stream, content_type):
        """``bytes``."""
        try:
            return stream.read()
        finally:
            stream.close()
