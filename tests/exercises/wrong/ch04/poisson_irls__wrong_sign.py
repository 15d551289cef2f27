# expect: ASCENDS the log-likelihood
import numpy as np
def poisson_irls(X, y, n_iter=25):
    beta = np.zeros(X.shape[1])
    for _ in range(n_iter):
        mu = np.exp(X @ beta)
        beta = beta - np.linalg.solve(X.T @ (X * mu[:, None]), X.T @ (y - mu))
    return beta
