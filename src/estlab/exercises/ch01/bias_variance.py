"""Exercise 1.1: bias, variance and mean squared error from simulated estimates."""

import numpy as np


def bias_variance_mse(estimates, theta):
    """Return ``(bias, variance, mse)`` of an estimator from simulated ``estimates``.

    ``estimates`` holds the estimator's value on R simulated data sets drawn with the
    true parameter ``theta``. Return the Monte Carlo versions of the three definitions
    of the chapter's section on bias and variance, chosen so that the decomposition of
    the MSE into bias and variance holds exactly for the simulated values, not just on
    average.

    Examples
    --------
    >>> bias_variance_mse([1.0, 3.0], theta=1.5)
    (0.5, 1.0, 1.25)
    """
    # [solution] TODO: three lines of NumPy; then check the decomposition yourself
    estimates = np.asarray(estimates, dtype=float)
    bias = estimates.mean() - theta
    variance = np.mean((estimates - estimates.mean()) ** 2)
    mse = np.mean((estimates - theta) ** 2)
    return float(bias), float(variance), float(mse)
    # [/solution]
