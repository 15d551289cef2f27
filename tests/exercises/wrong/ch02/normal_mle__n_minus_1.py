# expect: You divided by n - 1
import numpy as np
def normal_mle(x):
    return float(np.mean(x)), float(np.std(x, ddof=1))
