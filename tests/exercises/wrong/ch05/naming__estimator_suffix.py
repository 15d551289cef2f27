# expect: named after the framework alone
def framework_class(framework, component):
    return framework + component
