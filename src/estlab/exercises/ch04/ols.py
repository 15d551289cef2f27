"""Exercise 4.1: least squares with an intercept."""

import numpy as np


def ols_fit(X, y):
    """Return ``(intercept, coef)`` of the least-squares line/plane y ~ intercept + X @ coef.

    ``X`` has shape (n, p) and holds the features only: no column of ones.

    Examples
    --------
    >>> intercept, coef = ols_fit(np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0]))
    >>> round(intercept, 10), np.round(coef, 10)
    (1.0, array([2.]))
    """
    # [solution] TODO: build the design matrix, solve the least-squares problem
    X = np.asarray(X, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])  # the intercept's column of ones
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(beta[0]), beta[1:]
    # [/solution]
