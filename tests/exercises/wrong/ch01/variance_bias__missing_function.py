# expect: defines no function `variance_mle_bias`
def variance_bias(n, sigma2):
    return -sigma2 / n
