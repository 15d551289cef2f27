"""Exercise 4.2: the classical standard errors of least-squares coefficients."""

import numpy as np


def ols_stderr(X, y):
    """Return the standard errors of ``[intercept, coef_1, ..., coef_p]``, (p + 1,).

    These are the classical standard errors (statsmodels' ``bse``) of the least-squares
    fit with an intercept, under independent errors of equal, unknown variance.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> np.round(ols_stderr(X, np.array([1.0, 2.0, 2.0, 4.0])), 4)
    array([0.495 , 0.2646])
    """
    # [solution] TODO: the fit, an unbiased estimate of the error variance, the covariance
    X = np.asarray(X, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ beta
    n, k = design.shape
    s2 = residuals @ residuals / (n - k)  # unbiased: n - k, k counting the intercept
    cov = s2 * np.linalg.inv(design.T @ design)
    return np.sqrt(np.diag(cov))
    # [/solution]
