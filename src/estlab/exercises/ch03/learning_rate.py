"""Exercise 3.3: the learning rate that gradient descent on least squares can afford."""

import numpy as np


def stable_learning_rate(X):
    """Return a safe learning rate for gradient descent on (1 / 2n) * ||X b - y||^2.

    Safe means half the smallest learning rate at which gradient descent on this loss
    diverges; it depends on ``X`` only, not on ``y``.

    Examples
    --------
    >>> rate = stable_learning_rate(np.array([[1.0, 0.0], [1.0, 2.0]]))
    >>> 0 < rate < 1
    True
    """
    # [solution] TODO: find the divergence threshold from X, return half of it
    X = np.asarray(X, dtype=float)
    hessian = X.T @ X / X.shape[0]
    L = np.linalg.eigvalsh(hessian)[-1]  # eigenvalues in ascending order
    return float(1.0 / L)
    # [/solution]
