# expect: is not a Newton step
import numpy as np
from scipy import special
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    s = np.log(x.mean()) - np.mean(np.log(x))
    low, high = 1e-3, 1e3
    iterates = [np.sqrt(low * high)]
    for _ in range(200):  # bisection on a log scale: right root, wrong method
        mid = np.sqrt(low * high)
        if np.log(mid) - special.digamma(mid) - s > 0:
            low = mid
        else:
            high = mid
        iterates.append(np.sqrt(low * high))
        if high / low - 1 < 1e-13:
            break
    return float(iterates[-1]), iterates
