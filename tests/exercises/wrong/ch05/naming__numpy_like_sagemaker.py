# expect: estlab's estimator is NumPyEstimator
def framework_class(framework, component, version=2):
    if component == "Estimator":
        return framework
    return framework + component
