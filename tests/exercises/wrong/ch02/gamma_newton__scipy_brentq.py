# expect: You called scipy.optimize.brentq
import numpy as np
from scipy import special
from scipy.optimize import brentq
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    k = brentq(lambda k: np.log(k) - special.digamma(k) - s, 1e-6, 1e6, xtol=1e-14)
    return float(k), [float(k), float(k)]
