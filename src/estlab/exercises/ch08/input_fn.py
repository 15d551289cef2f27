"""Exercise 8.1: ``input_fn``, the handler that decodes a request body."""

import io
import json

import numpy as np


def input_fn(request_body, request_content_type):
    """Decode ``request_body`` (str or bytes) into a 2-D float array of rows to predict.

    Support ``"text/csv"`` (one row per line, comma-separated), ``"application/json"`` (a list
    of rows, or one row) and ``"application/x-npy"`` (``np.save`` bytes; load them without
    pickle). A single row must still come out 2-D, shape (1, p). Any other content type raises
    ``ValueError`` naming it (the model server answers 415 Unsupported Media Type).

    Examples
    --------
    >>> input_fn("1.5,2.0\\n3.0,4.0", "text/csv")
    array([[1.5, 2. ],
           [3. , 4. ]])
    >>> input_fn(b"[1, 2]", "application/json")
    array([[1., 2.]])
    """
    # [solution] TODO: branch on the content type; always return a 2-D float array
    if request_content_type == "application/x-npy":
        data = np.load(io.BytesIO(request_body), allow_pickle=False)  # never unpickle a request
    else:
        text = request_body.decode("utf-8") if isinstance(request_body, bytes) else request_body
        if request_content_type == "text/csv":
            data = np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2)
        elif request_content_type == "application/json":
            data = np.asarray(json.loads(text), dtype=float)
        else:
            raise ValueError(f"unsupported content type {request_content_type!r}; send "
                             f"text/csv, application/json or application/x-npy")
    return np.atleast_2d(np.asarray(data, dtype=float))
    # [/solution]
