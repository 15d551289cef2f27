"""Exercise 2.1: the maximum-likelihood estimates of a normal distribution's mu and sigma."""

import numpy as np


def normal_mle(x):
    """Return ``(mu, sigma)``, the MLEs of the mean and standard deviation of ``x``.

    Maximising the normal log-likelihood gives mu = mean(x) and
    sigma^2 = (1/n) * sum((x - mu)^2): the MLE divides by n.

    Examples
    --------
    >>> normal_mle([1.0, 2.0, 3.0, 6.0])
    (3.0, 1.8708...)
    """
    # [solution] TODO: compute mu and sigma by maximum likelihood (two lines of NumPy)
    x = np.asarray(x, dtype=float)
    mu = x.mean()
    sigma = np.sqrt(np.mean((x - mu) ** 2))  # two-pass: subtract the mean first
    return float(mu), float(sigma)
    # [/solution]
