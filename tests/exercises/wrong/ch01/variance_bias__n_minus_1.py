# expect: you divided by n - 1
def variance_mle_bias(n, sigma2):
    return -sigma2 / (n - 1)
