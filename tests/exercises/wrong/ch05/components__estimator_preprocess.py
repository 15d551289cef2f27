# expect: an Estimator runs a training job
def workflow_components():
    return {"preprocess": "Estimator", "train": "Estimator", "package": "Model",
            "predict in real time": "Predictor", "predict in bulk": "Transformer"}
