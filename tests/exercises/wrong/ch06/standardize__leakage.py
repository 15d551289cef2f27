# expect: with its own mean and sd
import numpy as np
def standardize(train, test):
    def z(a):
        a = np.array(a, dtype=float)
        a[:, 1:] = (a[:, 1:] - a[:, 1:].mean(axis=0)) / a[:, 1:].std(axis=0)
        return a
    return z(train), z(test)
