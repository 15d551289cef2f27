# expect: v3 has no Predictor class
def framework_class(framework, component, version=2):
    if version == 3:
        return {"Processor": "ScriptProcessor", "Estimator": "ModelTrainer",
                "Model": "ModelBuilder", "Predictor": "Predictor"}[component]
    if component == "Estimator" and framework != "NumPy":
        return framework
    return framework + component
