# expect: that is momentum
import numpy as np
def gradient_descent(grad, x0, learning_rate=0.1, n_iter=100):
    x = np.array(x0, dtype=float)
    velocity = np.zeros_like(x)
    for _ in range(n_iter):
        velocity = 0.5 * velocity + grad(x)  # heavy ball: not plain gradient descent
        x = x - learning_rate * velocity
    return x
