# expect: evaluated the gradient 12 times
import numpy as np
def gradient_descent(grad, x0, learning_rate=0.1, n_iter=100):
    x = np.array(x0, dtype=float)
    for _ in range(n_iter):
        if np.linalg.norm(grad(x)) == 0:  # a second gradient per step
            break
        x = x - learning_rate * grad(x)
    return x
