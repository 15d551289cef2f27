"""Exercise 4.2: the classical standard errors of least-squares coefficients."""

import numpy as np


def ols_stderr(X, y):
    """Return the standard errors of ``[intercept, coef_1, ..., coef_p]``, shape (p + 1,).

    With design D = [1, X] and beta_hat its least-squares solution, the covariance of beta_hat
    is s^2 (D^T D)^{-1}, where s^2 = RSS / (n - k) is the unbiased residual variance and
    k = p + 1 the number of parameters (the intercept counts). These are statsmodels' ``bse``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> np.round(ols_stderr(X, np.array([1.0, 2.0, 2.0, 4.0])), 4)
    array([0.495 , 0.2646])
    """
    # [solution] TODO: design matrix, residuals, s^2 with the right denominator, covariance
    X = np.asarray(X, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ beta
    n, k = design.shape
    s2 = residuals @ residuals / (n - k)  # unbiased: n - k, k counting the intercept
    cov = s2 * np.linalg.inv(design.T @ design)
    return np.sqrt(np.diag(cov))
    # [/solution]
