"""Exercise 2.2: a Wald interval for a Poisson rate from the Fisher information."""

from statistics import NormalDist

import numpy as np


def poisson_wald_interval(x, level=0.95):
    """Return ``(low, high)``, the Wald interval at ``level`` for a Poisson rate.

    ``x`` holds n counts from one Poisson distribution. The interval is the one Section
    2.4 builds from the MLE and the Fisher information; ``level`` is its nominal
    coverage (0.95 for a 95% interval).

    Examples
    --------
    >>> low, high = poisson_wald_interval([2, 4, 3, 3], level=0.95)
    >>> (low + high) / 2  # centred on the MLE
    3.0
    """
    # [solution] TODO: the MLE, its standard error, the normal quantile, the interval
    x = np.asarray(x, dtype=float)
    lam = x.mean()
    se = np.sqrt(lam / x.size)
    z = NormalDist().inv_cdf((1 + level) / 2)  # = norm.ppf; alpha/2 in each tail
    return float(lam - z * se), float(lam + z * se)
    # [/solution]
