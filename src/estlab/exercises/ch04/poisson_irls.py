"""Exercise 4.4: Poisson regression by Newton's method (IRLS)."""

import numpy as np


def poisson_irls(X, y, n_iter=25):
    """Return the MLE ``beta`` of the Poisson regression y ~ Poisson(exp(X @ beta)).

    ``X`` (n, p) already holds a column of ones. Take exactly ``n_iter`` Newton steps on
    the log-likelihood, starting from beta = 0, and return the last iterate; with a few
    steps it is the MLE to machine precision. Keep the memory at O(n p): never form an n
    x n matrix.

    Examples
    --------
    >>> X = np.column_stack([np.ones(4), [0.0, 0.0, 1.0, 1.0]])
    >>> np.round(poisson_irls(X, np.array([1.0, 3.0, 4.0, 8.0])), 6)  # log 2, log 3
    array([0.693147, 1.098612])
    """
    # [solution] TODO: derive the gradient and Hessian, then n_iter Newton steps
    X = np.asarray(X, dtype=float)
    beta = np.zeros(X.shape[1])
    for _ in range(n_iter):
        mu = np.exp(X @ beta)
        gradient = X.T @ (y - mu)
        hessian = X.T @ (X * mu[:, None])  # X^T W X without the n x n matrix W
        beta = beta + np.linalg.solve(hessian, gradient)  # Newton: ascend log L
    return beta
    # [/solution]
