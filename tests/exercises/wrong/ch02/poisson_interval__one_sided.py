# expect: one-sided quantile
import numpy as np
from statistics import NormalDist
def poisson_wald_interval(x, level=0.95):
    lam = np.mean(x); se = np.sqrt(lam / len(x)); z = NormalDist().inv_cdf(level)
    return lam - z * se, lam + z * se
