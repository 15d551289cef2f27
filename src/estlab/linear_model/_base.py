"""Glue shared by the four regression estimators: input checks, feature names, hyperparameters.

Kept apart so that each estimator file shows only its model. Everything here is about the
boundary, on top of the checks of :mod:`estlab._validation` (the one validation layer, which
turns what the user passed into clean float arrays or refuses with a message that says what
was expected, what arrived and the fix): remembering the width and column names of a
DataFrame, labels for the classifiers, and the hyperparameters shared by all four estimators.
"""

import numbers
import warnings

import numpy as np

from estlab._errors import DataError
from estlab._validation import (as_1d_array, as_2d_array, check_finite, check_positive,
                                check_random_state)
from estlab.optim._defaults import DEFAULTS

__all__ = ["validate_X", "validate_y", "check_hyperparameters", "SOLVER_DEFAULTS"]

# Defaults of the hyperparameters whose best value depends on the solver (``None`` = this): the
# iterative solvers' entries are the one table of :mod:`estlab.optim._defaults`; the direct
# least-squares solvers ("normal", "qr") take one step and no tolerance.
SOLVER_DEFAULTS = {
    "normal": {"max_iter": 1, "tol": 0.0, "learning_rate": None},
    "qr": {"max_iter": 1, "tol": 0.0, "learning_rate": None},
    **{solver: {"learning_rate": None, **table} for solver, table in DEFAULTS.items()},
}


def _column_names(X):
    """Column names of a DataFrame-like ``X`` when they are all strings, else ``None``."""
    columns = getattr(X, "columns", None)
    if columns is None or not hasattr(X, "dtypes"):
        return None
    names = list(columns)
    if names and all(isinstance(c, str) for c in names):
        return names
    return None


def validate_X(estimator, X, *, reset, finite=True):
    """Validate ``X`` for ``fit`` (``reset=True``: remember its width and names) or ``predict``.

    Returns a float64 array; float64 input is not copied. ``finite=False`` leaves the finite
    check to the caller (:func:`~estlab._validation.check_finite_fast` on sums the solver
    computes anyway).
    """
    names = _column_names(X)
    arr = as_2d_array(X, finite=finite)
    est_name = type(estimator).__name__
    if reset:
        estimator.n_features_in_ = int(arr.shape[1])
        if names is not None:
            estimator.feature_names_in_ = names
        return arr
    fitted_names = getattr(estimator, "feature_names_in_", None)
    if fitted_names is not None and names is None:
        warnings.warn(f"X does not have valid feature names, but {est_name} was fitted with "
                      "feature names", UserWarning, stacklevel=3)
    elif fitted_names is None and names is not None:
        warnings.warn(f"X has feature names, but {est_name} was fitted without feature names",
                      UserWarning, stacklevel=3)
    elif fitted_names is not None and list(names) != list(fitted_names):
        raise DataError(
            "The feature names should match those that were passed during fit.\n"
            f"Fitted with: {list(fitted_names)}\nGot: {list(names)}\n"
            "Pass the columns in the same order, with the same names, as during fit."
        )
    if arr.shape[1] != estimator.n_features_in_:
        raise DataError(
            f"X has {arr.shape[1]} features, but {est_name} is expecting "
            f"{estimator.n_features_in_} features as input. Pass the same columns as in fit."
        )
    return arr


def check_y_given(y, est_name):
    """Refuse ``y=None`` (scikit-learn's wording, so its checks recognise the error)."""
    if y is None:
        raise DataError(
            f"{est_name} requires y to be passed, but the target y is None. Call fit(X, y)."
        )


def validate_y(y, n_samples, *, name="y"):
    """A 1-D float target with one value per row of ``X``."""
    check_y_given(y, "This estimator")
    if np.iscomplexobj(np.asarray(y)):
        raise DataError(f"Complex data not supported: {name} must be real numbers.")
    y = as_1d_array(y, name)
    if y.shape[0] != n_samples:
        raise DataError(
            f"X and {name} must have the same number of samples; got X with {n_samples} rows "
            f"and {name} with {y.shape[0]} values. Check that they come from the same rows."
        )
    return y


def check_n_samples(n_samples, est_name):
    """At least two samples (one sample cannot identify a regression)."""
    if n_samples < 2:
        raise DataError(
            f"{est_name} needs at least 2 samples; got 1 sample. A regression cannot be "
            "estimated from a single observation: collect more data."
        )


def check_hyperparameters(est, solvers):
    """Validate the hyperparameters shared by every estimator; return the resolved settings.

    Returns a dict with ``solver``, ``max_iter``, ``tol``, ``learning_rate`` (``None`` replaced
    by the solver's default from :data:`SOLVER_DEFAULTS`), ``alpha``, ``momentum``,
    ``batch_size`` and ``rng``.
    """
    name = type(est).__name__
    if est.solver not in solvers:
        raise ValueError(
            f"{name} solver must be one of {list(solvers)}; got {est.solver!r}. The default "
            f"{solvers[0]!r} is the exact method."
        )
    if not isinstance(est.fit_intercept, (bool, np.bool_)):
        raise ValueError(f"fit_intercept must be True or False; got {est.fit_intercept!r}.")
    defaults = SOLVER_DEFAULTS[est.solver]
    out = {"solver": est.solver}
    out["alpha"] = float(check_positive(est.alpha, "alpha", allow_zero=True))
    out["max_iter"] = int(check_positive(defaults["max_iter"] if est.max_iter is None
                                         else est.max_iter, "max_iter", integer=True))
    out["tol"] = float(check_positive(defaults["tol"] if est.tol is None else est.tol, "tol",
                                      allow_zero=True))
    lr = defaults["learning_rate"] if est.learning_rate is None else est.learning_rate
    out["learning_rate"] = None if lr is None else float(check_positive(lr, "learning_rate"))
    m = est.momentum
    if isinstance(m, bool) or not isinstance(m, numbers.Real) or not 0.0 <= m < 1.0:
        raise ValueError(f"momentum must be a number in [0, 1); got {m!r}. Try momentum=0.9.")
    out["momentum"] = float(m)
    out["batch_size"] = int(check_positive(est.batch_size, "batch_size", integer=True))
    out["rng"] = check_random_state(est.random_state)
    return out


def encode_labels(y, n_samples, est_name):
    """``(classes, codes)``: sorted distinct labels (any values, e.g. strings) and int codes.

    Refuses a continuous (non-integer float) target with scikit-learn's wording, NaN labels,
    and a target of the wrong length.
    """
    check_y_given(y, est_name)
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise DataError(
            f"y must be one-dimensional (one label per sample); got shape {y.shape}. "
            f"{est_name} predicts a single label per sample."
        )
    if y.shape[0] != n_samples:
        raise DataError(
            f"X and y must have the same number of samples; got X with {n_samples} rows and y "
            f"with {y.shape[0]} values. Check that they come from the same rows."
        )
    if y.dtype.kind in "fc":
        check_finite(y.astype(complex) if y.dtype.kind == "c" else y, "y")
        if y.dtype.kind == "c" or np.any(y != np.round(y)):
            raise DataError(
                f"Unknown label type: 'continuous'. {est_name} is a classifier and needs class "
                "labels (integers, strings or booleans); for a numeric target use "
                "LinearRegression, or bin y into classes first."
            )
    if y.dtype == object:
        kinds = {type(v) for v in y}
        if len(kinds) > 1:
            raise DataError(f"y mixes label types {sorted(k.__name__ for k in kinds)}; use one "
                            "type for all labels, e.g. y.astype(str).")
        y = y.astype(str) if kinds == {str} else y.astype(float)
    if y.dtype.kind in "biuf" and y.size:  # numeric labels: O(n) counting, no sorting
        lo, hi = int(y.min()), int(y.max())
        if hi - lo < 10_000:
            offset = y.astype(np.intp) - lo
            present = np.flatnonzero(np.bincount(offset))
            lookup = np.zeros(hi - lo + 1, dtype=np.intp)
            lookup[present] = np.arange(present.size)
            return (present + lo).astype(y.dtype), lookup[offset]
    classes, codes = np.unique(y, return_inverse=True)
    return classes, codes.reshape(-1)
