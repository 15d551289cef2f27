# expect: leakage
import numpy as np
def lag_features(y, n_lags):
    y = np.asarray(y, dtype=float); n = len(y)
    X = np.column_stack([y[n_lags - k: n - k] for k in range(0, n_lags)])
    return X, y[n_lags:]
