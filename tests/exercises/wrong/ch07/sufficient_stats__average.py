# expect: You averaged each host's coefficients
import numpy as np
def host_statistics(X, y):
    return np.linalg.lstsq(X, y, rcond=None)[0]
def combine(statistics):
    return np.mean(statistics, axis=0)
