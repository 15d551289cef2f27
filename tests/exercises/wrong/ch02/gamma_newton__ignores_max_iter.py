# expect: max_iter=1 the answer should be one Newton step
import numpy as np
from scipy import special
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    k = (3 - s + np.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s) if k0 is None else k0
    iterates = [k]
    while True:  # never looks at max_iter
        step = (np.log(k) - special.digamma(k) - s) / (1 / k - special.polygamma(1, k))
        k = k - step
        iterates.append(k)
        if abs(step) < tol * k:
            return float(k), iterates
