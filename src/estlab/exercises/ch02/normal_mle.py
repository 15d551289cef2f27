"""Exercise 2.1: the maximum-likelihood estimates of a normal mu and sigma."""

import numpy as np


def normal_mle(x):
    """Return ``(mu, sigma)``, the maximum-likelihood estimates for a normal ``x``.

    ``sigma`` is the standard deviation (not the variance). The answer must stay
    accurate for data with a large mean and a small spread, such as sensor readings
    around 10,000,000 that vary by 0.1.

    Examples
    --------
    >>> mu, sigma = normal_mle([1.0, 2.0, 3.0, 6.0])
    >>> mu
    3.0
    """
    # [solution] TODO: derive the two estimates, then compute them (two lines of NumPy)
    x = np.asarray(x, dtype=float)
    mu = x.mean()
    sigma = np.sqrt(np.mean((x - mu) ** 2))  # two-pass: subtract the mean first
    return float(mu), float(sigma)
    # [/solution]
