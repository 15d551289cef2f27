"""Exercise 3.4: one step of Adam, the way ``optimizer.step()`` does it."""

import numpy as np


def adam_step(theta, grad, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999,
              eps=1e-8):
    """Return ``(theta, m, v)`` after Adam's step number ``t`` (t = 1 for the first).

    ``m`` and ``v`` are Adam's running averages (as the chapter defines them) after step
    ``t - 1``, zero before the first step; ``grad`` is the gradient at ``theta``.
    Include the bias correction, and do not modify the inputs: return new arrays.

    Examples
    --------
    >>> theta, m, v = adam_step(np.array([1.0]), np.array([0.5]), np.zeros(1),
    ...                          np.zeros(1), t=1)
    >>> theta  # the first step moves each coordinate by about learning_rate
    array([0.999])
    """
    # [solution] TODO: update the averages, correct their bias, step
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)  # bias correction: both averages started at 0
    v_hat = v / (1 - beta2 ** t)
    theta = theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return theta, m, v
    # [/solution]
