# expect: Columns are reversed
import numpy as np
def lag_features(y, n_lags):
    y = np.asarray(y, dtype=float); n = len(y)
    X = np.column_stack([y[n_lags - k: n - k] for k in range(n_lags, 0, -1)])
    return X, y[n_lags:]
