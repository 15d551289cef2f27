# expect: You called scipy.optimize.newton
import numpy as np
from scipy import optimize, special
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    start = x.mean() ** 2 / x.var() if k0 is None else k0
    k = optimize.newton(lambda k: np.log(k) - special.digamma(k) - s, start,
                        fprime=lambda k: 1 / k - special.polygamma(1, k), tol=1e-14)
    return float(k), [start, float(k)]
