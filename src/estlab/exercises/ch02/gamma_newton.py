"""Exercise 2.3: the Gamma shape MLE by Newton's method, with its iterates."""

import numpy as np
from scipy import special


def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    """Return ``(k, iterates)``: the MLE of the Gamma shape and every Newton iterate.

    Write Newton's method yourself (no ``scipy.stats.gamma.fit``, no
    ``scipy.optimize``): the point is to watch it converge. ``iterates`` is the list
    ``[k0, k1, ..., k]`` of the shapes the iteration visited, starting value first and
    the answer last, so that the errors ``abs(k_j - k)`` can be printed and compared
    step by step.

    Parameters
    ----------
    x : array-like
        Positive observations.
    k0 : float, optional
        Starting value; None picks a good one from the data.
    tol : float
        Stop once a step is smaller than ``tol * k``.
    max_iter : int
        At most this many Newton steps.

    Examples
    --------
    >>> k, iterates = gamma_shape_mle([1.0, 2.0, 3.0, 4.0, 8.0])
    >>> round(k, 6), iterates[-1] == k
    (2.332347, True)
    """
    # [solution] TODO: the equation in k alone, a starting value, then the Newton loop
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))  # the data enter only through s > 0
    if k0 is None:
        # Minka's approximation, within a few per cent of the root
        k0 = (3 - s + np.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)
    k = float(k0)
    iterates = [k]
    for _ in range(max_iter):
        g = np.log(k) - special.digamma(k) - s  # the profile score equation g(k) = 0
        gprime = 1 / k - special.polygamma(1, k)
        step = g / gprime
        k = float(k - step)  # Newton step: k <- k - g(k) / g'(k)
        iterates.append(k)
        if abs(step) < tol * k:
            break
    return k, iterates
    # [/solution]
