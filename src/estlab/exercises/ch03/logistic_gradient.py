"""Exercise 3.1: the gradient of the logistic model's mean negative log-likelihood."""

import numpy as np


def logistic_nll(theta, X, y):
    """Mean negative log-likelihood: mean(log(1 + e^eta) - y * eta), eta = X theta."""
    eta = X @ theta
    return np.mean(np.logaddexp(0.0, eta) - y * eta)


def logistic_nll_grad(theta, X, y):
    """Return the gradient of :func:`logistic_nll` in ``theta``, shape (p,).

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0]])
    >>> logistic_nll_grad(np.zeros(2), X, np.array([0.0, 1.0]))
    array([ 0.  , -0.25])
    """
    # [solution] TODO: the gradient, derived by hand (then compare with finite differences)
    p = 1.0 / (1.0 + np.exp(-(X @ theta)))  # sigmoid(eta): predicted probabilities
    return X.T @ (p - y) / len(y)
    # [/solution]
