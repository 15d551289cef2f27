"""Exercise 10.3: lag features, the time-series pipeline's processing step."""

import numpy as np


def lag_features(y, n_lags):
    """Return ``(X, target)`` for forecasting y[t] from the ``n_lags`` values before it.

    For t = n_lags, ..., n - 1: row ``X[t - n_lags] = [y[t-1], y[t-2], ..., y[t-n_lags]]``
    (lag 1 first) and ``target[t - n_lags] = y[t]``. Shapes (n - n_lags, n_lags) and
    (n - n_lags,).

    Examples
    --------
    >>> X, target = lag_features(np.array([1.0, 2.0, 3.0, 4.0]), 2)
    >>> X
    array([[2., 1.],
           [3., 2.]])
    >>> target
    array([3., 4.])
    """
    # [solution] TODO: one column per lag; the target must not appear among its own features
    y = np.asarray(y, dtype=float)
    n = len(y)
    X = np.column_stack([y[n_lags - k: n - k] for k in range(1, n_lags + 1)])
    return X, y[n_lags:]
    # [/solution]
