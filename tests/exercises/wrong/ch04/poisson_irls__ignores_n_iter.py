# expect: already returns the converged MLE
import numpy as np
def poisson_irls(X, y, n_iter=25):
    beta = np.zeros(X.shape[1])
    for _ in range(20_000):  # gradient ascent until it settles: n_iter is never used
        beta = beta + 0.2 * X.T @ (y - np.exp(X @ beta)) / len(y)
    return beta
