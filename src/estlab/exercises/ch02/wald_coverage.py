"""Exercise 2.4: how often does a 95% Wald interval for a Poisson rate cover the truth?"""

from statistics import NormalDist

import numpy as np


def wald_coverage(lam, n, level=0.95, n_sims=20_000, random_state=None):
    """Estimate by simulation the coverage of the Wald interval for a Poisson rate.

    Draw ``n_sims`` samples of size ``n`` from Poisson(``lam``) with
    ``np.random.default_rng(random_state)``, compute each sample's interval
    lambda_hat -/+ z * sqrt(lambda_hat / n), and return the fraction that contain ``lam``.
    Vectorise: a sample's total is Poisson(n * lam), so no Python loop over samples is needed.

    Examples
    --------
    >>> round(wald_coverage(4.0, 50, random_state=0), 2)
    0.94
    """
    # [solution] TODO: simulate all samples at once, build the intervals, count the hits
    rng = np.random.default_rng(random_state)
    lam_hat = rng.poisson(n * lam, size=n_sims) / n  # the MLE of each simulated sample
    z = NormalDist().inv_cdf((1 + level) / 2)
    half = z * np.sqrt(lam_hat / n)
    return float(np.mean((lam_hat - half <= lam) & (lam <= lam_hat + half)))
    # [/solution]
