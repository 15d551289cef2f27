# expect: You called scipy.optimize.minimize
import numpy as np
from scipy.optimize import minimize
def poisson_irls(X, y, n_iter=25):
    def nll(beta):
        eta = X @ beta
        return np.sum(np.exp(eta) - y * eta)
    def grad(beta):
        return X.T @ (np.exp(X @ beta) - y)
    return minimize(nll, np.zeros(X.shape[1]), jac=grad, method="BFGS", tol=1e-14).x
