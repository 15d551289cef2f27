# expect: You returned the variance
import numpy as np
def normal_mle(x):
    return float(np.mean(x)), float(np.var(x))
