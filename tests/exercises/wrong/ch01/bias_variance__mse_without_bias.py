# expect: forgets the bias
import numpy as np
def bias_variance_mse(estimates, theta):
    e = np.asarray(estimates, dtype=float)
    return e.mean() - theta, e.var(), e.var()
