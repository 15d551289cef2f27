# expect: An unfitted estimator must not have mean_
import numpy as np
class MeanEstimator:
    def __init__(self, trim=0.0):
        self.trim = trim
        self.mean_ = 0.0
        self.n_ = 0
    def fit(self, x):
        x = np.sort(np.asarray(x, dtype=float))
        cut = int(self.trim * x.size)
        self.mean_ = float(x[cut: x.size - cut].mean())
        self.n_ = x.size
        return self
