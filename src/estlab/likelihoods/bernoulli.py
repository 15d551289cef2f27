"""Bernoulli likelihood with the logit link: the objective of logistic regression.

With ``eta = intercept + X @ coef`` and ``y in {0, 1}`` the mean negative log-likelihood is

.. math::

    \\ell(\\theta) = \\frac{1}{n} \\sum_i \\big[\\log(1 + e^{\\eta_i}) - y_i \\eta_i\\big]
        + \\frac{\\alpha}{2} \\lVert \\beta \\rVert^2 ,

computed as ``logaddexp(0, eta) - y * eta`` so that ``|eta| = 1000`` stays finite. With
``mu = sigmoid(eta)`` the derivatives are

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

__all__ = ["nll", "grad", "hess", "nll_grad"]


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
    return float(np.mean(np.logaddexp(0.0, eta) - y * eta)) + _linear.penalty(
        theta, alpha, fit_intercept)


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
    r = expit(_linear.linear_predictor(theta, X, fit_intercept))
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
    mu = expit(_linear.linear_predictor(theta, X, fit_intercept))
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
    f = float(np.mean(np.logaddexp(0.0, eta) - y * eta)) + _linear.penalty(
        theta, alpha, fit_intercept)
    r = expit(eta)
    r -= y
    return f, _linear.gradient(X, r, theta, alpha, fit_intercept)
