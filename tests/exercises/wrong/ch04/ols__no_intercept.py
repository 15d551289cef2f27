# expect: You forgot the intercept
import numpy as np
def ols_fit(X, y):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return 0.0, coef
