"""Exercise 2.4: how often does a 95% Wald interval for a Poisson rate cover it?"""

from statistics import NormalDist

import numpy as np


def wald_coverage(lam, n, level=0.95, n_sims=20_000, random_state=None):
    """Estimate by simulation how often exercise 2.2's interval covers ``lam``.

    Simulate ``n_sims`` samples of size ``n`` from Poisson(``lam``), all drawn through
    ``np.random.default_rng(random_state)`` so that a run can be repeated, and return
    the fraction of their ``level`` intervals that contain ``lam``. Make it fast enough
    for ``n_sims=200_000``: no Python loop over the samples.

    Examples
    --------
    >>> round(wald_coverage(4.0, 50, random_state=0), 2)
    0.94
    """
    # [solution] TODO: simulate, build each sample's interval, count the hits
    rng = np.random.default_rng(random_state)
    lam_hat = rng.poisson(n * lam, size=n_sims) / n  # the MLE of each simulated sample
    z = NormalDist().inv_cdf((1 + level) / 2)
    half = z * np.sqrt(lam_hat / n)
    return float(np.mean((lam_hat - half <= lam) & (lam <= lam_hat + half)))
    # [/solution]
