# expect: PASS
import os
import numpy as np
def bias_variance_mse(estimates, theta):
    print("debugging" * 1000)
    os.write(1, b"not JSON, straight to file descriptor 1\n")
    e = np.asarray(estimates, dtype=float)
    return e.mean() - theta, e.var(), np.mean((e - theta) ** 2)
