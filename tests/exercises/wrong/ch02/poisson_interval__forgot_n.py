# expect: sqrt(n) times too wide
import numpy as np
def poisson_wald_interval(x, level=0.95):
    from statistics import NormalDist
    lam = np.mean(x); z = NormalDist().inv_cdf((1 + level) / 2)
    return lam - z * np.sqrt(lam), lam + z * np.sqrt(lam)
