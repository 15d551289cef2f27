# expect: ignores `level`
import numpy as np
def poisson_wald_interval(x, level=0.95):
    lam = np.mean(x); se = np.sqrt(lam / len(x))
    return lam - 1.959963984540054 * se, lam + 1.959963984540054 * se
