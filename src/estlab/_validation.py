"""Validation at the boundary: turn user input into clean float arrays, or say exactly why not.

Every check raises :class:`~estlab.DataError` (a ``ValueError``) whose message has three parts:
what was expected, the first offending index and value, and how to fix it. Estimators call these
helpers at the top of ``fit`` / ``predict``; nothing deeper in estlab re-validates.
"""

import numbers

import numpy as np

from estlab._errors import DataError

__all__ = [
    "as_1d_array",
    "as_2d_array",
    "check_finite",
    "check_finite_fast",
    "check_support",
    "check_integers",
    "check_positive",
    "check_level",
    "check_random_state",
    "format_index",
]


def format_index(name, index):
    """``x[17]`` or ``X[3, 1]``: how messages point at one entry."""
    if isinstance(index, tuple):
        return f"{name}[{', '.join(str(int(i)) for i in index)}]"
    return f"{name}[{int(index)}]"


def _show(value):
    """A value as users typed it: ``nan``, ``-3.0``, not NumPy 2's ``np.float64(nan)``."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _first_bad(mask):
    """Index (int or tuple) of the first True entry of a boolean array."""
    flat = int(np.flatnonzero(mask.ravel())[0])
    idx = np.unravel_index(flat, mask.shape)
    return idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)


def _to_float(x, name):
    try:
        arr = np.asarray(x)
        if arr.dtype.kind != "c":  # (a cast of complex to float would drop the imaginary part)
            arr = np.asarray(arr, dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"{name} must be numeric (convertible to float); got {type(x).__name__} "
            f"that NumPy cannot convert ({exc}). Pass a list or array of numbers."
        ) from None
    if arr.dtype.kind == "c":
        raise DataError(
            f"{name} must be real numbers; got complex values (dtype {arr.dtype}). "
            f"Pass the real part ({name}.real) or the modulus (abs({name}))."
        )
    return arr


def check_finite(a, name="x"):
    """Raise unless every entry of ``a`` is finite (no NaN, no +-inf).

    Examples
    --------
    >>> check_finite(np.array([1.0, np.nan]), "x")
    Traceback (most recent call last):
    ...
    estlab._errors.DataError: x must contain only finite numbers; x[1] = nan. ...
    """
    if np.isfinite(a).all():  # fast path: no index to report
        return a
    bad = ~np.isfinite(a)
    if bad.any():
        idx = _first_bad(bad)
        raise DataError(
            f"{name} must contain only finite numbers; {format_index(name, idx)} = {_show(a[idx])}. "
            "Remove or impute missing values (NaN) and infinities before fitting."
        )
    return a


def as_1d_array(x, name="x", *, min_size=1, finite=True):
    """A 1-D float array of finite values with at least ``min_size`` entries.

    A 2-D array with a single column is accepted and flattened; anything else 2-D is an error.
    ``finite=False`` leaves the NaN/inf check to the caller, who may have reductions that prove
    it for free (the minimum and maximum: :func:`check_finite_fast`).

    Examples
    --------
    >>> as_1d_array([1, 2, 3])
    array([1., 2., 3.])
    >>> as_1d_array([])
    Traceback (most recent call last):
    ...
    estlab._errors.DataError: x must have at least 1 value; got an empty array. ...
    """
    arr = _to_float(x, name)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise DataError(
            f"{name} must be one-dimensional (a sample of numbers); got an array of shape "
            f"{arr.shape}. Pass one variable at a time, e.g. data[:, 0]."
        )
    if arr.size < min_size:
        got = "an empty array" if arr.size == 0 else f"{arr.size} value(s)"
        raise DataError(
            f"{name} must have at least {min_size} value{'s' if min_size > 1 else ''}; got {got}. "
            "Check that the data loaded correctly."
        )
    return check_finite(arr, name) if finite else arr


def as_2d_array(X, name="X", *, finite=True):
    """A 2-D float64 array with at least one row and one column; float64 input is not copied.

    Refuses sparse matrices (``TypeError``: densify them explicitly), complex and non-numeric
    data, and any other number of dimensions, with scikit-learn's wording (its estimator checks
    look for it). ``finite=False`` leaves the NaN/inf check to the caller, who may have a sum
    that proves it for free (:func:`check_finite_fast`).

    Examples
    --------
    >>> as_2d_array([[1, 2], [3, 4]]).shape
    (2, 2)
    >>> as_2d_array([1, 2])
    Traceback (most recent call last):
    ...
    estlab._errors.DataError: X must be two-dimensional (n_samples, n_features); got ...
    """
    if hasattr(X, "tocsr") or hasattr(X, "toarray"):
        raise TypeError(
            f"{name} is a sparse matrix ({type(X).__name__}); estlab's estimators do not "
            f"support sparse input. Pass a dense array, e.g. {name}.toarray()."
        )
    arr = np.asarray(X)
    if np.iscomplexobj(arr):
        raise DataError(
            f"Complex data not supported: {name} must be real numbers; got an array of dtype "
            f"{arr.dtype}. Pass the real part ({name}.real) or the modulus (abs({name}))."
        )
    if arr.dtype != np.float64:
        try:
            arr = arr.astype(np.float64)
        except TypeError as exc:  # e.g. a dict in an object array: not data at all
            raise TypeError(
                f"{name} must be numeric; an entry cannot be converted to float ({exc}). "
                "Encode categorical columns as numbers first."
            ) from None
        except ValueError as exc:
            raise DataError(
                f"{name} must be numeric (convertible to float); got dtype {arr.dtype} that "
                f"NumPy cannot convert ({exc}). Encode categorical columns as numbers first."
            ) from None
    if arr.ndim != 2:
        raise DataError(
            f"{name} must be two-dimensional (n_samples, n_features); got an array of shape "
            f"{arr.shape}. Reshape your data: {name}.reshape(-1, 1) for a single feature, "
            f"{name}.reshape(1, -1) for a single sample."
        )
    if arr.shape[1] == 0:
        raise DataError(
            f"{name} must have at least 1 feature; found array with 0 feature(s) "
            f"(shape={arr.shape}) while a minimum of 1 is required. Check that the data loaded "
            "correctly."
        )
    if arr.shape[0] == 0:
        raise DataError(
            f"{name} must have at least 1 sample; found array with 0 sample(s) "
            f"(shape={arr.shape}) while a minimum of 1 is required. Check that the data loaded "
            "correctly."
        )
    if finite:
        check_finite_fast(arr, name=name)
    return arr


def check_finite_fast(X, summary=None, *, name="X"):
    """Raise a DataError naming the first NaN/inf entry of ``X``, in one cheap pass.

    NaN and inf propagate into any sum over them, so a finite ``summary`` (by default
    ``X.sum()``; a solver may pass sums it computes anyway, such as the Gram matrix) proves
    that ``X`` is finite. Only when it is not (or a sum of finite values overflowed) does the
    exact per-entry check (:func:`check_finite`) run, to name the entry.

    Examples
    --------
    >>> check_finite_fast(np.array([[1.0, 2.0], [np.inf, 0.0]]))
    Traceback (most recent call last):
    ...
    estlab._errors.DataError: X must contain only finite numbers; X[1, 0] = inf. ...
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if summary is None:
            summary = X.sum()
        if np.all(np.isfinite(summary)):
            return
    check_finite(X, name)


def check_support(x, *, family, low=-np.inf, high=np.inf, low_open=False, high_open=False,
                  name="x", description=None, extremes=None):
    """Raise unless every value lies in the distribution's support.

    Parameters
    ----------
    x : ndarray
        Already validated 1-D float data.
    family : str
        Distribution name for the message, e.g. ``"Exponential"``.
    low, high : float
        Bounds of the support.
    low_open, high_open : bool
        Whether the bound itself is excluded.
    description : str, optional
        Words for the support ("positive", "in the open interval (0, 1)").
    extremes : (float, float), optional
        ``(x.min(), x.max())`` if the caller has them: then the check needs no pass over ``x``.

    Examples
    --------
    >>> check_support(np.array([0.5, 2.0]), family="Beta", low=0, high=1, low_open=True,
    ...               high_open=True, description="in the open interval (0, 1)")
    Traceback (most recent call last):
    ...
    estlab._errors.DataError: Beta data must be in the open interval (0, 1); x[1] = 2.0. ...
    """
    # fast path on the extremes (two reductions, no temporaries); the mask only on failure
    if x.size == 0:
        return x
    if extremes is None:  # only the reductions the bounds need
        extremes = (x.min() if low != -np.inf else low, x.max() if high != np.inf else high)
    lo, hi = extremes
    if ((low == -np.inf or (lo > low if low_open else lo >= low))
            and (high == np.inf or (hi < high if high_open else hi <= high))):
        return x
    below = x <= low if low_open else x < low
    above = x >= high if high_open else x > high
    bad = below | above
    if bad.any():
        idx = _first_bad(bad)
        lo, hi = ("(" if low_open else "["), (")" if high_open else "]")
        words = description or f"in {lo}{low}, {high}{hi}"
        raise DataError(
            f"{family} data must be {words}; {format_index(name, idx)} = {_show(x[idx])}. "
            f"Remove or correct such values, or choose a distribution whose support includes them."
        )
    return x


def check_integers(x, *, family, name="x", low=0, high=None, description=None, fix=None,
                   extremes=None):
    """Raise unless every value is a whole number in ``[low, high]`` (counts, labels).

    ``extremes``: ``(x.min(), x.max())`` if the caller has them (the range check is then free).

    Examples
    --------
    >>> check_integers(np.array([1.0, -3.0]), family="Poisson")
    Traceback (most recent call last):
    ...
    estlab._errors.DataError: Poisson data must be non-negative integers; x[1] = -3.0. ...
    """
    words = description or ("non-negative integers" if low == 0 and high is None
                            else f"integers in [{low}, {high}]")
    if x.size == 0:
        return x
    if extremes is None:  # only the reductions the bounds need
        extremes = (x.min(), x.max() if high is not None else None)
    lo, hi = extremes
    if lo >= low and (high is None or hi <= high) and np.array_equal(x, np.round(x)):
        return x  # fast path: nothing to report
    bad = x != np.round(x)
    bad |= x < low
    if high is not None:
        bad |= x > high
    if bad.any():
        idx = _first_bad(bad)
        raise DataError(
            f"{family} data must be {words}; {format_index(name, idx)} = {_show(x[idx])}. "
            + (fix or "Counts must be whole numbers: round or correct the offending entries.")
        )
    return x


def check_positive(value, name, *, allow_zero=False, integer=False):
    """Validate a scalar hyperparameter such as ``learning_rate`` or ``max_iter``.

    Examples
    --------
    >>> check_positive(0.1, "learning_rate")
    0.1
    >>> check_positive(-1, "max_iter", integer=True)
    Traceback (most recent call last):
    ...
    ValueError: max_iter must be a positive integer; got -1. ...
    """
    kind = "integer" if integer else "number"
    ok_type = (isinstance(value, numbers.Integral) if integer else isinstance(value, numbers.Real))
    if isinstance(value, bool) or not ok_type or not np.isfinite(value) or value < 0 or (
        value == 0 and not allow_zero
    ):
        sign = "non-negative" if allow_zero else "positive"
        raise ValueError(
            f"{name} must be a {sign} {kind}; got {value!r}. Pass e.g. {name}="
            f"{'100' if integer else '0.1'}."
        )
    return value


def check_level(level):
    """A confidence level strictly between 0 and 1, e.g. 0.95.

    Examples
    --------
    >>> check_level(95)
    Traceback (most recent call last):
    ...
    ValueError: level must be strictly between 0 and 1; got 95. For a 95% interval pass level=0.95.
    """
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ValueError(
            f"level must be strictly between 0 and 1; got {level!r}. "
            "For a 95% interval pass level=0.95."
        )
    return float(level)


def check_random_state(random_state):
    """A ``numpy.random.Generator`` from ``None``, an int seed or a Generator.

    Examples
    --------
    >>> rng = check_random_state(0)
    >>> float(rng.random()) == float(np.random.default_rng(0).random())
    True
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (isinstance(random_state, numbers.Integral)
                                and not isinstance(random_state, bool)):
        return np.random.default_rng(random_state)
    raise ValueError(
        f"random_state must be None, an int seed or a numpy.random.Generator; got "
        f"{random_state!r}. Pass e.g. random_state=0 for reproducible results."
    )
