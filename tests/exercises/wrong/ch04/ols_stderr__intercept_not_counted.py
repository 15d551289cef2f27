# expect: Count the intercept
import numpy as np
def ols_stderr(X, y):
    D = np.column_stack([np.ones(len(X)), X])
    beta, *_ = np.linalg.lstsq(D, y, rcond=None)
    r = y - D @ beta
    return np.sqrt(r @ r / (len(y) - X.shape[1]) * np.diag(np.linalg.inv(D.T @ D)))
