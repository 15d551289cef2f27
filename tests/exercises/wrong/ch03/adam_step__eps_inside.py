# expect: eps goes outside the square root
import numpy as np
def adam_step(theta, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return theta - learning_rate * m_hat / np.sqrt(v_hat + eps), m, v
