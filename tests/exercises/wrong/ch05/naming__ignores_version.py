# expect: Did you ignore `version`?
def framework_class(framework, component, version=2):
    if component == "Estimator" and framework != "NumPy":
        return framework
    return framework + component
