"""Exercise 2.2: a Wald interval for a Poisson rate from the Fisher information."""

from statistics import NormalDist

import numpy as np


def poisson_wald_interval(x, level=0.95):
    """Return ``(low, high)``, the Wald interval for the Poisson rate lambda.

    The MLE is lambda_hat = mean(x); the Fisher information of n observations is n / lambda, so
    the standard error is sqrt(lambda_hat / n) and the interval is
    lambda_hat -/+ z * se with z the (1 + level) / 2 quantile of the standard normal.

    Examples
    --------
    >>> low, high = poisson_wald_interval([2, 4, 3, 3], level=0.95)
    >>> round(low, 4), round(high, 4)
    (1.3026, 4.6974)
    """
    # [solution] TODO: the MLE, its standard error, the normal quantile, the interval
    x = np.asarray(x, dtype=float)
    lam = x.mean()
    se = np.sqrt(lam / x.size)
    z = NormalDist().inv_cdf((1 + level) / 2)  # = scipy.stats.norm.ppf; alpha/2 in each tail
    return float(lam - z * se), float(lam + z * se)
    # [/solution]
