# expect: catastrophic
import numpy as np
def normal_mle(x):
    x = np.asarray(x, dtype=float)
    mu = x.mean()
    return float(mu), float(np.sqrt(max(np.mean(x ** 2) - mu ** 2, 0.0)))
