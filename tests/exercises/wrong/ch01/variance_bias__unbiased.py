# expect: The MLE of the variance is biased
def variance_mle_bias(n, sigma2):
    return 0.0
