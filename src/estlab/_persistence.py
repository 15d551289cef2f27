"""Saving and loading fitted estimators without pickle.

``save(est, "model.npz")`` writes two files side by side:

* ``model.json``: human-readable: the class, the hyperparameters, every fitted scalar,
  string, list and dict, and the names of the arrays;
* ``model.npz``: every array, read back with ``np.load(..., allow_pickle=False)``.

Pickle can run arbitrary code when loaded, so an artifact from someone else's training job
would be a security hole. JSON and ``.npz`` are data only, and ``load`` only rebuilds classes
that live inside the ``estlab`` package.
"""

import importlib
import json
import math
from pathlib import Path

import numpy as np

from estlab._errors import EstlabError
from estlab.base import BaseEstimator, check_is_fitted

__all__ = ["save", "load"]

FORMAT = "estlab-estimator"
FORMAT_VERSION = 1


def _paths(path):
    """``(json_path, npz_path)`` for a user path with or without a suffix."""
    path = Path(path)
    if path.suffix in (".npz", ".json"):
        path = path.with_suffix("")
    return path.with_name(path.name + ".json"), path.with_name(path.name + ".npz")


class _Encoder:
    """Turns nested Python/NumPy values into JSON, moving arrays into a dict for ``np.savez``."""

    def __init__(self):
        self.arrays = {}

    def encode(self, value, where):
        if isinstance(value, np.ndarray):
            if value.dtype == object:
                raise TypeError(f"{where} is an object array, which cannot be saved without pickle.")
            key = f"a{len(self.arrays)}"
            self.arrays[key] = value
            return {"__ndarray__": key}
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, (int, np.integer)):
            return int(value)
        if isinstance(value, (float, np.floating)):
            value = float(value)
            return value if math.isfinite(value) else {"__float__": repr(value)}
        if isinstance(value, (complex, np.complexfloating)):
            return {"__complex__": [self.encode(value.real, where), self.encode(value.imag, where)]}
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, dict):
            if not all(isinstance(k, str) for k in value):
                items = [[self.encode(k, where), self.encode(v, f"{where}[{k!r}]")]
                         for k, v in value.items()]
                return {"__items__": items}
            return {"__dict__": {k: self.encode(v, f"{where}[{k!r}]") for k, v in value.items()}}
        raise TypeError(
            f"{where} has type {type(value).__name__}, which estlab.save cannot store without "
            "pickle. Fitted attributes must be arrays, numbers, strings, or lists/dicts of those."
        )


def _decode(value, arrays):
    if isinstance(value, list):
        return [_decode(v, arrays) for v in value]
    if isinstance(value, dict):
        if "__ndarray__" in value:
            return arrays[value["__ndarray__"]]
        if "__float__" in value:
            return float(value["__float__"])
        if "__complex__" in value:
            re, im = (_decode(v, arrays) for v in value["__complex__"])
            return complex(re, im)
        if "__tuple__" in value:
            return tuple(_decode(v, arrays) for v in value["__tuple__"])
        if "__items__" in value:
            return {_decode(k, arrays): _decode(v, arrays) for k, v in value["__items__"]}
        if "__dict__" in value:
            return {k: _decode(v, arrays) for k, v in value["__dict__"].items()}
    return value


def save(estimator, path):
    """Save a fitted estimator as ``<path>.json`` + ``<path>.npz`` (no pickle).

    Parameters
    ----------
    estimator : BaseEstimator
        A fitted estlab estimator.
    path : str or pathlib.Path
        Where to write; a ``.npz`` or ``.json`` suffix is optional and replaced by both.

    Returns
    -------
    pathlib.Path
        The path of the ``.npz`` file.

    Examples
    --------
    >>> import tempfile, os
    >>> import estlab
    >>> from estlab.distributions import Normal
    >>> est = Normal().fit([1.0, 2.0, 4.0])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     estlab.save(est, os.path.join(d, "normal"))
    ...     again = estlab.load(os.path.join(d, "normal"))
    PosixPath(...normal.npz')
    >>> again.mu_ == est.mu_
    True
    """
    if not isinstance(estimator, BaseEstimator):
        raise TypeError(
            f"estlab.save expects an estlab estimator; got {type(estimator).__name__}. "
            "Save other objects with numpy.savez or json directly."
        )
    check_is_fitted(estimator)
    encoder = _Encoder()
    cls = type(estimator)
    params = {k: encoder.encode(v, f"hyperparameter {k!r}")
              for k, v in estimator.get_params(deep=False).items()}
    fitted = {k: encoder.encode(v, f"fitted attribute {k!r}")
              for k, v in vars(estimator).items() if k.endswith("_") and not k.startswith("_")}
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "estlab_version": _version(),
        "class": f"{cls.__module__}:{cls.__qualname__}",
        "hyperparameters": params,
        "fitted": fitted,
    }
    json_path, npz_path = _paths(path)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    with open(npz_path, "wb") as fh:
        np.savez(fh, **encoder.arrays)
    json_path.write_text(json.dumps(meta, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return npz_path


def load(path):
    """Load an estimator written by :func:`save`; predictions are identical to the saved one.

    Only classes defined inside the ``estlab`` package are rebuilt, and arrays are read with
    ``allow_pickle=False``, so loading an untrusted file cannot execute code.

    Parameters
    ----------
    path : str or pathlib.Path
        The path given to :func:`save` (with or without ``.npz`` / ``.json``).

    Examples
    --------
    >>> import estlab
    >>> estlab.load("no/such/model.npz")
    Traceback (most recent call last):
    ...
    estlab._errors.EstlabError: No saved estimator at no/such/model.json: ...
    """
    json_path, npz_path = _paths(path)
    if not json_path.exists() or not npz_path.exists():
        missing = json_path if not json_path.exists() else npz_path
        raise EstlabError(
            f"No saved estimator at {missing}: estlab.save writes a .json and a .npz file side "
            "by side. Check the path, and that both files were copied."
        )
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EstlabError(f"{json_path} is not valid JSON ({exc}); the file is damaged.") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise EstlabError(f"{json_path} was not written by estlab.save (no 'format' marker).")
    if meta.get("format_version", 0) > FORMAT_VERSION:
        raise EstlabError(
            f"{json_path} uses format version {meta['format_version']}, newer than this estlab "
            f"understands ({FORMAT_VERSION}). Upgrade estlab to load it."
        )
    cls = _resolve_class(meta.get("class", ""))
    with np.load(npz_path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    # the two top-level dicts are plain JSON objects: decode their values one by one
    estimator = cls(**{k: _decode(v, arrays) for k, v in meta["hyperparameters"].items()})
    for name, value in meta["fitted"].items():
        setattr(estimator, name, _decode(value, arrays))
    return estimator


def _resolve_class(spec):
    module_name, _, qualname = spec.partition(":")
    if not (module_name == "estlab" or module_name.startswith("estlab.")) or not qualname:
        raise EstlabError(
            f"Refusing to load class {spec!r}: estlab.load only rebuilds estlab's own "
            "estimators."
        )
    try:
        obj = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        raise EstlabError(
            f"The saved class {spec!r} does not exist in this version of estlab; load it with the "
            "estlab version that saved it."
        ) from None
    if not (isinstance(obj, type) and issubclass(obj, BaseEstimator)):
        raise EstlabError(f"{spec!r} is not an estlab estimator class.")
    return obj


def _version():
    from estlab import __version__

    return __version__
