"""Gaussian likelihood with the identity link (sigma = 1): the objective of linear regression.

With ``eta = intercept + X @ coef`` the mean negative log-likelihood of ``y_i ~ N(eta_i, 1)`` is,
after dropping the constant ``log(2 pi) / 2``,

.. math::

    \\ell(\\theta) = \\frac{1}{2n} \\sum_i (y_i - \\eta_i)^2
        + \\frac{\\alpha}{2} \\lVert\\beta\\rVert^2 ,

half the mean squared error. Fixing ``sigma = 1`` loses nothing for the coefficients: for any
sigma the NLL is ``l(theta) / sigma^2`` plus terms free of ``theta``, so the minimiser is the same
(least squares); sigma is estimated afterwards from the residuals. The derivatives are

.. math::

    \\nabla \\ell = \\frac{1}{n} \\tilde X^\\top (\\eta - y) + \\alpha [0; \\beta], \\qquad
    H = \\frac{1}{n} \\tilde X^\\top \\tilde X + \\alpha \\operatorname{diag}(0, 1, \\dots, 1),

and ``H`` does not depend on ``theta`` (one Newton step solves the problem).

Examples
--------
>>> import numpy as np
>>> from estlab.likelihoods import gaussian
>>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])     # y = 1 + 2 x
>>> gaussian.nll(np.array([1.0, 2.0]), X, y, fit_intercept=True)
0.0
>>> gaussian.grad(np.array([0.0, 0.0]), X, y, fit_intercept=True)
array([-3.        , -4.33333333])
"""

import numpy as np

from estlab.likelihoods import _linear

__all__ = ["nll", "grad", "hess", "nll_grad"]


def nll(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Half mean squared error ``0.5 * mean((y - eta)^2) + alpha/2 ||coef||^2``.

    Parameters
    ----------
    theta : ndarray of shape (n_features + fit_intercept,)
        ``np.r_[intercept, coef]`` with ``fit_intercept=True``, ``coef`` otherwise.
    X : ndarray of shape (n_samples, n_features)
        Design matrix without a column of ones.
    y : ndarray of shape (n_samples,)
        Responses.
    alpha : float, default 0.0
        L2 penalty on ``coef`` (never on the intercept).
    fit_intercept : bool, default False
        Whether ``theta[0]`` is an intercept.

    Returns
    -------
    float

    Examples
    --------
    >>> nll(np.array([0.0]), np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))
    2.5
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    r = y - _linear.linear_predictor(theta, X, fit_intercept)
    return 0.5 * float(np.mean(r * r)) + _linear.penalty(theta, alpha, fit_intercept)


def grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Gradient ``X~^T (eta - y) / n + alpha [0; coef]``, shaped like ``theta``.

    Examples
    --------
    >>> grad(np.array([0.0]), np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))
    array([-2.])
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    r = _linear.linear_predictor(theta, X, fit_intercept)
    r -= y                                               # r = eta - y
    return _linear.gradient(X, r, theta, alpha, fit_intercept)


def hess(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Hessian ``X~^T X~ / n + alpha diag(0, 1, ..., 1)`` (free of ``theta`` and ``y``).

    Examples
    --------
    >>> hess(np.array([0.0, 0.0]), np.array([[1.0], [3.0]]), np.array([1.0, 3.0]),
    ...      fit_intercept=True)
    array([[1., 2.],
           [2., 5.]])
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    H = _linear.hessian(X, None, fit_intercept)
    return _linear.add_ridge(H, alpha, fit_intercept)


def nll_grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """``(nll, grad)`` in one pass over ``X``.

    Examples
    --------
    >>> nll_grad(np.array([0.0]), np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))
    (2.5, array([-2.]))
    """
    theta = _linear.check_theta(theta, X, fit_intercept)
    r = _linear.linear_predictor(theta, X, fit_intercept)
    r -= y
    f = 0.5 * float(np.mean(r * r)) + _linear.penalty(theta, alpha, fit_intercept)
    return f, _linear.gradient(X, r, theta, alpha, fit_intercept)
