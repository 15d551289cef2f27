# expect: return the intercept separately
import numpy as np
def ols_fit(X, y):
    D = np.column_stack([np.ones(len(X)), X])
    beta, *_ = np.linalg.lstsq(D, y, rcond=None)
    return beta[0], beta
