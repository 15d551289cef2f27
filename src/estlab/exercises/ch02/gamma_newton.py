"""Exercise 2.3: the Gamma shape MLE by Newton's method."""

import numpy as np
from scipy import special


def gamma_shape_mle(x, tol=1e-10, max_iter=100):
    """Return the MLE of the Gamma shape k (the scale is then mean(x) / k).

    Profiling out the scale leaves one equation in k:

        f(k) = log(k) - digamma(k) - s = 0,   s = log(mean(x)) - mean(log(x)) > 0,

    with f'(k) = 1/k - trigamma(k). Newton's method iterates k <- k - f(k) / f'(k) from the
    good starting value k0 = (3 - s + sqrt((s - 3)^2 + 24 s)) / (12 s).
    ``special.digamma`` and ``special.polygamma(1, k)`` give digamma and trigamma.

    Examples
    --------
    >>> round(gamma_shape_mle([1.0, 2.0, 3.0, 4.0, 8.0]), 6)
    2.332347
    """
    # [solution] TODO: the statistic s, the starting value, then the Newton loop
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    k = (3 - s + np.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)
    for _ in range(max_iter):
        f = np.log(k) - special.digamma(k) - s
        fprime = 1 / k - special.polygamma(1, k)
        step = f / fprime
        k = k - step  # Newton step: k <- k - f(k) / f'(k)
        if abs(step) < tol * k:
            break
    return float(k)
    # [/solution]
