"""Exercise 1.2: the exact bias of the maximum-likelihood variance estimator."""


def variance_mle_bias(n, sigma2):
    """Return the exact bias E[s2] - sigma2 of the MLE s2 = mean((x_i - xbar)^2).

    The data are n independent draws from a normal distribution with variance
    ``sigma2``. Derive the expectation by hand first; the answer is a formula in ``n``
    and ``sigma2``.

    Examples
    --------
    >>> variance_mle_bias(10, 4.0) < 0  # the MLE underestimates the variance
    True
    """
    # [solution] TODO: your formula for E[sigma2_hat] - sigma2
    return -sigma2 / n
    # [/solution]
