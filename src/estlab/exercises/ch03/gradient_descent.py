"""Exercise 3.2: gradient descent with a fixed learning rate."""

import numpy as np


def gradient_descent(grad, x0, learning_rate=0.1, n_iter=100):
    """Minimise a function by ``n_iter`` steps of gradient descent, fixed learning rate.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns the gradient at ``x`` (an array shaped like ``x``).
    x0 : ndarray
        Starting point; it must not be modified.
    learning_rate : float
    n_iter : int

    Returns
    -------
    ndarray
        The last iterate.

    Examples
    --------
    >>> gradient_descent(lambda x: 2 * (x - 3.0), np.array([0.0]), learning_rate=0.25,
    ...                  n_iter=50)
    array([3.])
    """
    # [solution] TODO: n_iter gradient steps from x0 (leave x0 itself unchanged)
    x = np.array(x0, dtype=float)  # a copy: never change the caller's array
    for _ in range(n_iter):
        x = x - learning_rate * grad(x)  # step downhill, against the gradient
    return x
    # [/solution]
