"""Real-time inference: a Predictor sends data to an endpoint and decodes the answer.

``predictor.predict(data)`` is three steps, each replaceable: the *serializer* turns ``data``
into a request body and names its Content-Type; the session's ``invoke_endpoint`` POSTs it to
the endpoint (a local model-server process, or SageMaker Runtime); the *deserializer* turns
the response body back into Python data, asking for its type with the Accept header.
"""

import io

from estlab.workflow.serializers import (BytesDeserializer, IdentitySerializer,
                                         NumpyDeserializer, NumpySerializer)

__all__ = ["Predictor", "NumPyPredictor"]


def _default_session(session):
    if session is not None:
        return session
    from estlab.workflow import LocalSession

    return LocalSession()


class Predictor:
    """Make predictions against a deployed endpoint (SageMaker's ``Predictor``).

    Parameters
    ----------
    endpoint_name : str
        The endpoint to call.
    session : Session or None
        The session that owns the endpoint; None means a new ``LocalSession()``.
    serializer : serializer, default IdentitySerializer()
        Turns ``data`` into the request body (bytes are sent as they are).
    deserializer : deserializer, default BytesDeserializer()
        Turns the response body into data (raw bytes by default).

    Attributes
    ----------
    endpoint_name : str
    url : str
        Base URL of the endpoint's local HTTP server (``http://127.0.0.1:<port>``).

    Examples
    --------
    A predictor is what ``Model.deploy`` returns; this one serves a two-line inference script
    (``model_fn`` loads the slope, ``predict_fn`` applies it):

    >>> import pathlib, tarfile, tempfile
    >>> from estlab.workflow import JSONSerializer, JSONDeserializer, LocalSession, Model
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "slope.txt").write_text("2.0")
    >>> _ = (d / "inference.py").write_text(
    ...     "import os\\n"
    ...     "def model_fn(model_dir):\\n"
    ...     "    return float(open(os.path.join(model_dir, 'slope.txt')).read())\\n"
    ...     "def predict_fn(x, slope):\\n"
    ...     "    return slope * x\\n")
    >>> with tarfile.open(d / "model.tar.gz", "w:gz") as tar:
    ...     tar.add(d / "slope.txt", arcname="slope.txt")
    >>> session = LocalSession(root=d)
    >>> model = Model(str(d / "model.tar.gz"), entry_point=str(d / "inference.py"),
    ...               session=session)
    >>> predictor = model.deploy(serializer=JSONSerializer(), deserializer=JSONDeserializer())
    >>> predictor.predict([[1.0, 2.5]])
    [[2.0, 5.0]]
    >>> predictor.url.startswith("http://127.0.0.1:")
    True
    >>> predictor.delete_endpoint()
    """

    _default_serializer = IdentitySerializer
    _default_deserializer = BytesDeserializer

    def __init__(self, endpoint_name, session=None, serializer=None, deserializer=None):
        if not isinstance(endpoint_name, str) or not endpoint_name:
            raise TypeError(f"endpoint_name must be a non-empty str; got {endpoint_name!r}.")
        self.endpoint_name = endpoint_name
        self.session = _default_session(session)
        self.serializer = serializer if serializer is not None else self._default_serializer()
        self.deserializer = (deserializer if deserializer is not None
                             else self._default_deserializer())

    @property
    def content_type(self):
        """The request's Content-Type (the serializer's)."""
        return self.serializer.CONTENT_TYPE

    @property
    def accept(self):
        """The request's Accept header (the deserializer's types, joined by ", ")."""
        return ", ".join(self.deserializer.ACCEPT)

    @property
    def url(self):
        """Base URL of the endpoint's HTTP server."""
        return self.session.endpoint_url(self.endpoint_name)

    def predict(self, data, custom_attributes=None):
        """Serialize ``data``, invoke the endpoint, deserialize the answer.

        Parameters
        ----------
        data : object
            Anything the serializer accepts.
        custom_attributes : str or None
            Sent as ``X-Amzn-SageMaker-Custom-Attributes`` (at most 1024 visible ASCII
            characters), passed untouched to the inference script's context.

        Returns
        -------
        object
            What the deserializer makes of the response.

        Raises
        ------
        estlab.workflow.EndpointError
            When the endpoint answers with an error status (``status_code`` holds it).
        """
        body = self.serializer.serialize(data)
        if isinstance(body, str):
            body = body.encode("utf-8")
        if custom_attributes is not None and (
                len(custom_attributes) > 1024 or not custom_attributes.isascii()):
            raise ValueError("custom_attributes must be at most 1024 ASCII characters; got "
                             f"{len(custom_attributes)} characters.")
        response, response_type = self.session.invoke_endpoint(
            self.endpoint_name, body, self.content_type, self.accept, custom_attributes)
        return self.deserializer.deserialize(io.BytesIO(response),
                                             response_type or "application/octet-stream")

    def delete_endpoint(self):
        """Stop the endpoint (its server process) and release it."""
        self.session.delete_endpoint(self.endpoint_name)

    def describe_endpoint(self):
        """The endpoint's DescribeEndpoint record."""
        return self.session.describe_endpoint(self.endpoint_name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.delete_endpoint()

    def __repr__(self):
        return (f"{type(self).__name__}(endpoint_name={self.endpoint_name!r}, "
                f"serializer={self.serializer!r}, deserializer={self.deserializer!r})")


class NumPyPredictor(Predictor):
    """A Predictor that sends and receives NumPy arrays (NPY), like the SDK's SKLearnPredictor.

    Examples
    --------
    >>> NumPyPredictor._default_serializer.__name__, NumPyPredictor._default_deserializer.__name__
    ('NumpySerializer', 'NumpyDeserializer')
    """

    _default_serializer = NumpySerializer
    _default_deserializer = NumpyDeserializer
