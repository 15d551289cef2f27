# expect: n times too small
import numpy as np
def stable_learning_rate(X):
    X = np.asarray(X, dtype=float)
    return float(1.0 / np.linalg.eigvalsh(X.T @ X)[-1])
