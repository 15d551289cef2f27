# expect: least-squares gradient
import numpy as np
def logistic_nll_grad(theta, X, y):
    return X.T @ (X @ theta - y) / len(y)
