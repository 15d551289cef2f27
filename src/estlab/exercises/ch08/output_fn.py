"""Exercise 8.2: ``output_fn``, the handler that encodes predictions for the client's Accept."""

import json

import numpy as np


def output_fn(prediction, accept):
    """Return ``(body, content_type)`` encoding the 1-D array ``prediction`` as ``accept`` asks.

    ``"application/json"``: a JSON list of numbers. ``"text/csv"``: one value per line.
    The returned content type must describe the body. Any other Accept raises ``ValueError``
    naming it (the model server answers 406 Not Acceptable).

    Examples
    --------
    >>> output_fn(np.array([1.5, 2.0]), "application/json")
    ('[1.5, 2.0]', 'application/json')
    >>> output_fn(np.array([1.5, 2.0]), "text/csv")
    ('1.5\\n2.0\\n', 'text/csv')
    """
    # [solution] TODO: encode for each Accept and say which content type you produced
    values = np.asarray(prediction, dtype=float).ravel().tolist()
    if accept == "application/json":
        return json.dumps(values), "application/json"
    if accept == "text/csv":
        return "".join(f"{v!r}\n" for v in values), "text/csv"
    raise ValueError(f"unsupported Accept {accept!r}; ask for application/json or text/csv")
    # [/solution]
