# expect: does not parse: SyntaxError
def poisson_wald_interval(x, level=0.95)
    return 0, 1
