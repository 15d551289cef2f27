"""Exercise 8.3: ``model_fn`` and ``predict_fn`` for a linear model saved as model.npz.

The endpoint extracts model.tar.gz into a folder and calls ``model_fn(model_dir)`` once at
start-up; every request then goes input_fn -> predict_fn(data, model) -> output_fn.
"""

from pathlib import Path

import numpy as np


def model_fn(model_dir):
    """Load ``model.npz`` (arrays ``intercept`` and ``coef``) from ``model_dir``; return a dict.

    Load without pickle: a model artifact is data, never code.
    """
    # [solution] TODO: np.load the file in model_dir; return {"intercept": ..., "coef": ...}
    with np.load(Path(model_dir) / "model.npz", allow_pickle=False) as npz:
        return {"intercept": float(npz["intercept"]), "coef": np.array(npz["coef"], dtype=float)}
    # [/solution]


def predict_fn(input_data, model):
    """Return the predictions for the rows of ``input_data`` (n, p): a 1-D array of length n.

    Examples
    --------
    >>> predict_fn(np.array([[1.0, 2.0]]), {"intercept": 0.5, "coef": np.array([1.0, -1.0])})
    array([-0.5])
    """
    # [solution] TODO: the linear predictor
    return model["intercept"] + np.asarray(input_data, dtype=float) @ model["coef"]
    # [/solution]
