"""Exercise 7.1: read hyperparameters.json the way the training toolkit does."""

import json


def read_hyperparameters(path):
    """Return the hyperparameters in ``path`` (``/opt/ml/input/config/hyperparameters.json``).

    SageMaker writes every value as a STRING: the SDK sends ``json.dumps(value)``, so
    ``10`` arrives as ``"10"``, ``True`` as ``"true"`` and ``"newton"`` as ``"\\"newton\\""``.
    Decode each value with ``json.loads``; a value that is not valid JSON (``"abc"``, written by
    another client) stays the raw string.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "hyperparameters.json")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"epochs": "10", "lr": "0.05", '
    ...                 '"solver": "\\\\"newton\\\\"", "tag": "abc"}')
    >>> read_hyperparameters(path)
    {'epochs': 10, 'lr': 0.05, 'solver': 'newton', 'tag': 'abc'}
    """
    # [solution] TODO: json.load the file, then decode each value
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    decoded = {}
    for key, value in raw.items():
        try:
            decoded[key] = json.loads(value)
        except json.JSONDecodeError:
            decoded[key] = value  # not JSON: keep the string, as the toolkit does
    return decoded
    # [/solution]
