"""Mean negative log-likelihoods of linear models, with gradients and Hessians.

Pure functions, one module per model family, all with the same four functions::

    nll(theta, X, y, alpha=0.0, *, fit_intercept=False)       -> float
    grad(theta, X, y, alpha=0.0, *, fit_intercept=False)      -> ndarray shaped like theta
    hess(theta, X, y, alpha=0.0, *, fit_intercept=False)      -> ndarray (d, d)
    nll_grad(theta, X, y, alpha=0.0, *, fit_intercept=False)  -> (float, ndarray)

* :mod:`~estlab.likelihoods.gaussian`: linear regression (identity link, sigma = 1).
* :mod:`~estlab.likelihoods.bernoulli`: logistic regression (logit link).
* :mod:`~estlab.likelihoods.categorical`: softmax regression (class 0 is the reference).
* :mod:`~estlab.likelihoods.poisson`: Poisson regression (log link).

Conventions: the objective is the **mean** over samples, plus ``alpha / 2 * ||coef||^2``; ``X``
never contains a column of ones; with ``fit_intercept=True`` ``theta = np.r_[intercept, coef]``
and the intercept is not penalised. The optimizers of :mod:`estlab.optim` minimise these.

Examples
--------
>>> import numpy as np
>>> from estlab.likelihoods import bernoulli
>>> from estlab.optim import newton
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0.0, 1.0, 0.0, 1.0])
>>> args = (X, y)
>>> res = newton(lambda t: bernoulli.nll(t, *args, fit_intercept=True),
...              lambda t: bernoulli.grad(t, *args, fit_intercept=True),
...              lambda t: bernoulli.hess(t, *args, fit_intercept=True), np.zeros(2))
>>> res.converged
True
"""

from estlab.likelihoods import bernoulli, categorical, gaussian, poisson

__all__ = ["gaussian", "bernoulli", "categorical", "poisson"]
