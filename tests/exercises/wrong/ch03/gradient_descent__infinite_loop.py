# expect: did not finish within
import numpy as np
def gradient_descent(grad, x0, learning_rate=0.1, n_iter=100):
    x = np.array(x0, dtype=float)
    while np.linalg.norm(grad(x)) > 0:  # exact zero is never reached
        x = x - learning_rate * grad(x) + 1e-3
    return x
