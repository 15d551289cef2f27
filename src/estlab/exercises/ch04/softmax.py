"""Exercise 4.3: softmax probabilities that do not overflow."""

import numpy as np


def softmax(Z):
    """Row-wise softmax of the scores ``Z`` (shape (n, K)): each row becomes probabilities.

    softmax(z)_k = exp(z_k) / sum_j exp(z_j). It must work for scores like 1000 too.

    Examples
    --------
    >>> np.round(softmax(np.array([[0.0, 0.0], [1000.0, 1000.0 + np.log(3.0)]])), 6)
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    # [solution] TODO: exponentiate and normalise each row without overflow
    Z = np.asarray(Z, dtype=float)
    shifted = Z - Z.max(axis=1, keepdims=True)  # softmax(z) = softmax(z - c): no overflow
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)
    # [/solution]
