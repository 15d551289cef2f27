# expect: ignores trim
import numpy as np
class MeanEstimator:
    def __init__(self, trim=0.0):
        self.trim = trim
    def fit(self, x):
        self.mean_ = float(np.mean(x))
        self.n_ = len(x)
        return self
