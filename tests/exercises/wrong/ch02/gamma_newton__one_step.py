# expect: not converged
import numpy as np
from scipy import special
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    k = x.mean() ** 2 / x.var()
    f = np.log(k) - special.digamma(k) - s
    k1 = float(k - f / (1 / k - special.polygamma(1, k)))
    return k1, [k, k1]
