# expect: named after the framework alone
def framework_class(framework, component, version=2):
    return framework + component
