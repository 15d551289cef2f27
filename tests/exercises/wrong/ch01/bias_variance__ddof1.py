# expect: R - 1
import numpy as np
def bias_variance_mse(estimates, theta):
    e = np.asarray(estimates, dtype=float)
    return e.mean() - theta, e.var(ddof=1), np.mean((e - theta) ** 2)
