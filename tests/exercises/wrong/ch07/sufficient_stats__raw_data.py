# expect: that is the data, not sufficient statistics
import numpy as np
def host_statistics(X, y):
    return X, y
def combine(statistics):
    X = np.vstack([s[0] for s in statistics]); y = np.concatenate([s[1] for s in statistics])
    return np.linalg.lstsq(X, y, rcond=None)[0]
