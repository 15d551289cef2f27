"""Exercise 3.3: the learning rate that gradient descent on least squares can afford."""

import numpy as np


def stable_learning_rate(X):
    """Return 1 / L, L the largest eigenvalue of the Hessian X^T X / n of the loss
    (1 / 2n) * ||X b - y||^2.

    Gradient descent on this loss converges exactly when 0 < learning_rate < 2 / L; 1 / L is
    the classic safe choice.

    Examples
    --------
    >>> stable_learning_rate(np.array([[1.0, 0.0], [1.0, 0.0]]))  # H = [[1, 0], [0, 0]]
    1.0
    """
    # [solution] TODO: the Hessian, its largest eigenvalue (np.linalg.eigvalsh), then 1 / L
    X = np.asarray(X, dtype=float)
    hessian = X.T @ X / X.shape[0]
    L = np.linalg.eigvalsh(hessian)[-1]  # eigenvalues in ascending order
    return float(1.0 / L)
    # [/solution]
