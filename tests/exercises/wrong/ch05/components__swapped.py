# expect: Model and Predictor are swapped
def workflow_components():
    return {"preprocess": "Processor", "train": "Estimator", "package": "Predictor",
            "predict in real time": "Model", "predict in bulk": "Transformer"}
