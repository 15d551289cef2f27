# expect: That is the threshold 2 / L itself
import numpy as np
def stable_learning_rate(X):
    X = np.asarray(X, dtype=float)
    return float(2.0 / np.linalg.eigvalsh(X.T @ X / len(X))[-1])  # the edge, not the safe rate
