# expect: wrong sign
import numpy as np
def bias_variance_mse(estimates, theta):
    e = np.asarray(estimates, dtype=float)
    bias = theta - e.mean()
    return bias, e.var(), np.mean((e - theta) ** 2)
