# expect: expected Newton's iterate
import numpy as np
def poisson_irls(X, y, n_iter=300):
    beta = np.zeros(X.shape[1])
    H = X.T @ (X * (y + 0.5)[:, None])  # weights from the observed counts, fixed: not Newton
    for _ in range(n_iter):
        beta = beta + np.linalg.solve(H, X.T @ (y - np.exp(X @ beta)))
    return beta
