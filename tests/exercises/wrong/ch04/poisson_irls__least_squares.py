# expect: least squares on the counts
import numpy as np
def poisson_irls(X, y, n_iter=25):
    return np.linalg.lstsq(X, y, rcond=None)[0]
