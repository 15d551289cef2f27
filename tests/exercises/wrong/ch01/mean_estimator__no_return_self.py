# expect: must `return self`
import numpy as np
class MeanEstimator:
    def __init__(self, trim=0.0):
        self.trim = trim
    def fit(self, x):
        x = np.sort(np.asarray(x, dtype=float))
        cut = int(self.trim * x.size)
        self.mean_ = float(x[cut: x.size - cut].mean())
        self.n_ = x.size
