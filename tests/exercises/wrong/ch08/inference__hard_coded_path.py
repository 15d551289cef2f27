# expect: Read from the model_dir
import numpy as np
def model_fn(model_dir):
    with np.load("/opt/ml/model/model.npz", allow_pickle=False) as npz:
        return {"intercept": float(npz["intercept"]), "coef": npz["coef"]}
def predict_fn(input_data, model):
    return model["intercept"] + input_data @ model["coef"]
