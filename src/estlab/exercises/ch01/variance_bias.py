"""Exercise 1.2: the exact bias of the maximum-likelihood variance estimator."""


def variance_mle_bias(n, sigma2):
    """Return E[sigma2_hat] - sigma2 for sigma2_hat = (1/n) * sum((x_i - xbar)^2).

    The data are n independent draws from a normal distribution with variance ``sigma2``.
    Derive the expectation by hand (it is a one-line formula), then return it.

    Examples
    --------
    >>> variance_mle_bias(10, 4.0)
    -0.4
    """
    # [solution] TODO: E[sum((x - xbar)^2)] = (n - 1) * sigma2; finish the derivation
    return -sigma2 / n
    # [/solution]
