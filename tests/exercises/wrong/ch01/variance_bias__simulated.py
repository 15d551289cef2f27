# expect: a simulation only estimates it
import numpy as np
def variance_mle_bias(n, sigma2):
    x = np.random.default_rng(0).normal(0.0, np.sqrt(sigma2), size=(100_000, n))
    return float(x.var(axis=1).mean() - sigma2)  # an estimate of the bias, not the formula
