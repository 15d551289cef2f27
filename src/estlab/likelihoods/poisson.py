"""Poisson likelihood with the log link: the objective of Poisson regression.

With ``eta = intercept + X @ coef`` and ``mu = exp(eta)`` the mean negative log-likelihood of
counts ``y_i ~ Poisson(mu_i)`` is, after dropping ``log(y_i!)`` (free of ``theta``),

.. math::

    \\ell(\\theta) = \\frac{1}{n} \\sum_i \\big[e^{\\eta_i} - y_i \\eta_i\\big]
        + \\frac{\\alpha}{2} \\lVert \\beta \\rVert^2 ,

    \\nabla \\ell = \\frac{1}{n} \\tilde X^\\top (\\mu - y) + \\alpha [0; \\beta], \\qquad
    H = \\frac{1}{n} \\tilde X^\\top \\operatorname{diag}(\\mu) \\tilde X
        + \\alpha \\operatorname{diag}(0, 1, \\dots, 1).

Because ``log(y!)`` is dropped, ``nll`` is not the full negative log-likelihood; add
``mean(scipy.special.gammaln(y + 1))`` for that (for ``loglik_`` or AIC).

**Overflow guard.** ``exp(eta)`` overflows for ``eta > 709``, which a too-large gradient step can
reach. Above ``ETA_MAX = 100`` (a mean count of ``2.7e43``, far outside any data) ``exp`` is
continued by its second-order Taylor polynomial,
``exp(c) * (1 + (eta - c) + (eta - c)^2 / 2)``, so the objective stays finite, convex and twice
continuously differentiable (and ``grad``/``hess`` stay its exact derivatives). For every
``eta <= 100`` the formulas above hold exactly.

Examples
--------
>>> import numpy as np
>>> from estlab.likelihoods import poisson
>>> X = np.array([[0.0], [1.0]]); y = np.array([1.0, 3.0])
>>> round(poisson.nll(np.zeros(2), X, y, fit_intercept=True), 6)     # mean(e^0 - 0)
1.0
>>> poisson.grad(np.zeros(2), X, y, fit_intercept=True)               # mean(1 - y), ...
array([-1., -1.])
"""

import numpy as np

from estlab.likelihoods import _linear

__all__ = ["nll", "grad", "hess", "nll_grad", "irls_terms", "ETA_MAX"]

ETA_MAX = 100.0


def _cumulant(eta):
    """``(b(eta), b'(eta), b''(eta))`` with ``b = exp`` guarded above ``ETA_MAX``."""
    mu = np.exp(np.minimum(eta, ETA_MAX))
    over = eta > ETA_MAX
    if not over.any():
        return mu, mu, mu
    # Taylor continuation of exp at c = ETA_MAX, u = eta - c:
    # b = e^c (1 + u + u^2/2), b' = e^c (1 + u), b'' = e^c
    u = np.where(over, eta - ETA_MAX, 0.0)
    b = np.where(over, mu * (1.0 + u + 0.5 * u * u), mu)
    db = np.where(over, mu * (1.0 + u), mu)
    return b, db, mu


def nll(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Mean negative log-likelihood ``mean(exp(eta) - y * eta) + alpha/2 ||coef||^2``.

    The constant ``mean(log(y!))`` is dropped.

    Parameters
    ----------
    theta : ndarray of shape (n_features + fit_intercept,)
        ``np.r_[intercept, coef]`` with ``fit_intercept=True``, ``coef`` otherwise.
    X : ndarray of shape (n_samples, n_features)
        Design matrix without a column of ones.
    y : ndarray of shape (n_samples,)
        Non-negative counts.
    alpha : float, default 0.0
        L2 penalty on ``coef`` (never on the intercept).
    fit_intercept : bool, default False
        Whether ``theta[0]`` is an intercept.

    Returns
    -------
    float

    Examples
    --------
    >>> X = np.array([[1.0], [2.0]]); y = np.array([2.0, 0.0])
    >>> bool(np.isfinite(nll(np.array([1000.0]), X, y)))     # guarded, no overflow
    True
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    eta = _linear.linear_predictor(theta, X, fit_intercept)
    b, _, _ = _cumulant(eta)
    return float(np.mean(b - y * eta)) + _linear.penalty(theta, alpha, fit_intercept)


def grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Gradient ``X~^T (exp(eta) - y) / n + alpha [0; coef]``, shaped like ``theta``.

    Examples
    --------
    >>> grad(np.array([0.0]), np.array([[1.0], [2.0]]), np.array([2.0, 0.0]))
    array([0.5])
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    _, r, _ = _cumulant(_linear.linear_predictor(theta, X, fit_intercept))
    r = r - y                                            # r = mu - y
    return _linear.gradient(X, r, theta, alpha, fit_intercept)


def hess(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Hessian ``X~^T diag(exp(eta)) X~ / n + alpha diag(0, 1, ..., 1)``.

    Examples
    --------
    >>> hess(np.array([0.0]), np.array([[1.0], [2.0]]), np.array([2.0, 0.0]))
    array([[2.5]])
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    _, _, w = _cumulant(_linear.linear_predictor(theta, X, fit_intercept))   # Var(y_i) = mu_i
    H = _linear.hessian(X, w, fit_intercept)
    return _linear.add_ridge(H, alpha, fit_intercept)


def nll_grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """``(nll, grad)`` in one pass over ``X`` (``eta`` and ``exp(eta)`` computed once).

    Examples
    --------
    >>> nll_grad(np.array([0.0]), np.array([[1.0], [2.0]]), np.array([2.0, 0.0]))
    (1.0, array([0.5]))
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    eta = _linear.linear_predictor(theta, X, fit_intercept)
    b, db, _ = _cumulant(eta)
    f = float(np.mean(b - y * eta)) + _linear.penalty(theta, alpha, fit_intercept)
    return f, _linear.gradient(X, db - y, theta, alpha, fit_intercept)


def irls_terms(eta, y):
    """What Newton/IRLS needs per sample, in one pass over ``eta``: ``(sum_i l_i, r, w)``.

    ``l_i = e^eta_i - y_i eta_i``, ``r = mu - y``, ``w = mu`` (with the overflow guard of
    :func:`_cumulant` above ``ETA_MAX``): the pieces :func:`nll`, :func:`grad` and :func:`hess`
    sum over rows, for :func:`estlab.optim.irls`.

    Examples
    --------
    >>> irls_terms(np.array([0.0, 0.0]), np.array([2.0, 0.0]))
    (2.0, array([-1.,  1.]), array([1., 1.]))
    """
    if eta.size and eta.max() <= ETA_MAX:                # the usual case: no guard needed
        mu = np.exp(eta)
        return float(mu.sum() - y @ eta), mu - y, mu
    b, db, w = _cumulant(eta)
    return float(b.sum() - y @ eta), db - y, w
