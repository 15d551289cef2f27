# expect: method-of-moments
import numpy as np
def gamma_shape_mle(x, k0=None, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    k = float(x.mean() ** 2 / x.var())
    return k, [k, k]
