# expect: method-of-moments
import numpy as np
def gamma_shape_mle(x, tol=1e-10, max_iter=100):
    x = np.asarray(x, dtype=float)
    return float(x.mean() ** 2 / x.var())
