# expect: one-sided quantile
from statistics import NormalDist
import numpy as np
def wald_coverage(lam, n, level=0.95, n_sims=20_000, random_state=None):
    rng = np.random.default_rng(random_state)
    lam_hat = rng.poisson(n * lam, size=n_sims) / n
    half = NormalDist().inv_cdf(level) * np.sqrt(lam_hat / n)
    return float(np.mean((lam_hat - half <= lam) & (lam <= lam_hat + half)))
