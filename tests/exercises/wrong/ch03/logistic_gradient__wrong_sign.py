# expect: wrong sign
import numpy as np
def logistic_nll_grad(theta, X, y):
    p = 1 / (1 + np.exp(-(X @ theta)))
    return X.T @ (y - p) / len(y)
