# expect: sign of the Newton step
import numpy as np
from scipy import special
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    k = (3 - s + np.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)
    iterates = [k]
    for _ in range(max_iter):
        f = np.log(k) - special.digamma(k) - s
        k = k + f / (1 / k - special.polygamma(1, k))
        iterates.append(k)
    return float(k), iterates
