# expect: forget the intercept
from pathlib import Path
import numpy as np
def model_fn(model_dir):
    with np.load(Path(model_dir) / "model.npz", allow_pickle=False) as npz:
        return {"intercept": float(npz["intercept"]), "coef": npz["coef"]}
def predict_fn(input_data, model):
    return input_data @ model["coef"]
