"""Bernoulli likelihood with the logit link: the objective of logistic regression.

With ``eta = intercept + X @ coef`` and ``y in {0, 1}`` the mean negative log-likelihood is

.. math::

    \\ell(\\theta) = \\frac{1}{n} \\sum_i \\big[\\log(1 + e^{\\eta_i}) - y_i \\eta_i\\big]
        + \\frac{\\alpha}{2} \\lVert \\beta \\rVert^2 ,

computed with the overflow-free softplus ``log(1 + e^eta) = max(eta, 0) + log(1 + e^{-|eta|})``
(equal to ``logaddexp(0, eta)`` within 2e-16 absolute, and faster) so that ``|eta| = 1000``
stays finite. With ``mu = sigmoid(eta)`` the derivatives are

.. math::

    \\nabla \\ell = \\frac{1}{n} \\tilde X^\\top (\\mu - y) + \\alpha [0; \\beta], \\qquad
    H = \\frac{1}{n} \\tilde X^\\top \\operatorname{diag}(\\mu (1 - \\mu)) \\tilde X
        + \\alpha \\operatorname{diag}(0, 1, \\dots, 1).

``theta = np.r_[intercept, coef]`` when ``fit_intercept=True`` (``X`` never holds a column of
ones), ``theta = coef`` otherwise. The intercept is not penalised.

Examples
--------
>>> import numpy as np
>>> from estlab.likelihoods import bernoulli
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> y = np.array([0.0, 0.0, 1.0, 1.0])
>>> theta = np.zeros(2)                      # intercept 0, slope 0: every mu is 1/2
>>> round(bernoulli.nll(theta, X, y, fit_intercept=True), 6)    # log 2
0.693147
>>> bernoulli.grad(theta, X, y, fit_intercept=True)
array([ 0. , -0.5])
"""

import numpy as np
from scipy.special import expit

from estlab.likelihoods import _linear

__all__ = ["nll", "grad", "hess", "nll_grad", "irls_terms"]

# exp(708) is finite; sigmoid(-708) = 3e-308, indistinguishable from 0 in any gradient.
_EXP_CAP = 708.0


def _mean_softplus_minus_y_eta(eta, y):
    """``mean(log(1 + e^eta) - y eta)`` without overflow and without modifying ``eta``."""
    e = np.abs(eta)
    np.negative(e, out=e)
    np.exp(e, out=e)                          # e^{-|eta|} in (0, 1]: never overflows
    e += 1.0
    np.log(e, out=e)
    e += np.maximum(eta, 0.0)                 # softplus(eta) = max(eta, 0) + log(1 + e^{-|eta|})
    return (float(e.sum()) - float(y @ eta)) / eta.shape[0]


def _sigmoid_(eta):
    """``1 / (1 + e^{-eta})`` computed in place in ``eta`` (overwritten and returned).

    On large arrays NumPy's vectorised ``exp`` is about ten times faster than
    ``scipy.special.expit``; capping the exponent at 708 avoids its overflow for
    ``eta < -708``. On small arrays (mini-batches) the five calls cost more than the arithmetic,
    and ``expit`` (one call) is used instead: the same values to within 2 ulp.
    """
    if eta.size <= 512:
        return expit(eta, out=eta)
    np.negative(eta, out=eta)
    np.minimum(eta, _EXP_CAP, out=eta)
    np.exp(eta, out=eta)
    eta += 1.0
    return np.divide(1.0, eta, out=eta)


def nll(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Mean negative log-likelihood ``mean(log(1 + e^eta) - y * eta) + alpha/2 ||coef||^2``.

    Parameters
    ----------
    theta : ndarray of shape (n_features + fit_intercept,)
        ``np.r_[intercept, coef]`` with ``fit_intercept=True``, ``coef`` otherwise.
    X : ndarray of shape (n_samples, n_features)
        Design matrix without a column of ones.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}.
    alpha : float, default 0.0
        L2 penalty on ``coef`` (never on the intercept).
    fit_intercept : bool, default False
        Whether ``theta[0]`` is an intercept.

    Returns
    -------
    float

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1.0, 0.0])
    >>> round(nll(np.array([1000.0]), X, y), 6)      # perfectly separated, no overflow
    0.0
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    eta = _linear.linear_predictor(theta, X, fit_intercept)
    return _mean_softplus_minus_y_eta(eta, y) + _linear.penalty(theta, alpha, fit_intercept)


def grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Gradient ``X~^T (sigmoid(eta) - y) / n + alpha [0; coef]``, shaped like ``theta``.

    Parameters are as in :func:`nll`.

    Returns
    -------
    ndarray of shape (n_features + fit_intercept,)

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1.0, 0.0])
    >>> grad(np.array([0.0]), X, y)
    array([-0.5])
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    r = _sigmoid_(_linear.linear_predictor(theta, X, fit_intercept))
    r -= y                                               # r = mu - y
    return _linear.gradient(X, r, theta, alpha, fit_intercept)


def hess(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Hessian ``X~^T diag(mu (1 - mu)) X~ / n + alpha diag(0, 1, ..., 1)``.

    Parameters are as in :func:`nll`; ``y`` does not enter (the logit link is canonical).

    Returns
    -------
    ndarray of shape (d, d), d = n_features + fit_intercept

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1.0, 0.0])
    >>> hess(np.array([0.0]), X, y)
    array([[0.25]])
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    mu = _sigmoid_(_linear.linear_predictor(theta, X, fit_intercept))
    w = mu * (1.0 - mu)                                  # Var(y_i) = mu_i (1 - mu_i)
    H = _linear.hessian(X, w, fit_intercept)
    return _linear.add_ridge(H, alpha, fit_intercept)


def nll_grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """``(nll, grad)`` in one pass over ``X`` (``eta`` is computed once).

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1.0, 0.0])
    >>> f, g = nll_grad(np.array([0.0]), X, y)
    >>> round(f, 6), g
    (0.693147, array([-0.5]))
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    eta = _linear.linear_predictor(theta, X, fit_intercept)
    f = _mean_softplus_minus_y_eta(eta, y) + _linear.penalty(theta, alpha, fit_intercept)
    r = _sigmoid_(eta)                                   # eta is overwritten by mu
    r -= y
    return f, _linear.gradient(X, r, theta, alpha, fit_intercept)


def irls_terms(eta, y):
    """What Newton/IRLS needs per sample, in one pass over ``eta``: ``(sum_i l_i, r, w)``.

    ``l_i = log(1 + e^eta_i) - y_i eta_i``, ``r = dl/deta = mu - y`` and
    ``w = d^2 l / deta^2 = mu (1 - mu)`` with ``mu = sigmoid(eta)``: the pieces that
    :func:`nll`, :func:`grad` and :func:`hess` sum over rows, for
    :func:`estlab.optim.irls` (which sums them over blocks of rows). ``eta`` is not modified.

    The loss reuses ``mu``: ``log(1 + e^eta) = max(eta, 0) - log(max(mu, 1 - mu))``, and
    ``max(mu, 1 - mu) = 0.5 + |mu - 0.5|`` lies in [0.5, 1], so each term is accurate to
    ~1e-16 absolute with one ``log`` instead of an ``exp`` and a ``log``.

    Examples
    --------
    >>> loss, r, w = irls_terms(np.array([0.0, 0.0]), np.array([1.0, 0.0]))
    >>> round(loss, 6), r, w                  # 2 log 2, mu - y, mu (1 - mu)
    (1.386294, array([-0.5,  0.5]), array([0.25, 0.25]))
    """
    mu = _sigmoid_(np.array(eta, dtype=float))
    m = np.abs(mu - 0.5)
    m += 0.5
    np.log(m, out=m)                                     # log(max(mu, 1 - mu))
    loss = float(np.maximum(eta, 0.0).sum() - m.sum() - y @ eta)
    w = mu * (1.0 - mu)                                  # Var(y_i) = mu_i (1 - mu_i)
    mu -= y                                              # r = mu - y
    return loss, mu, w
