# expect: columns sum to 1
import numpy as np
def softmax(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum(axis=0, keepdims=True)
