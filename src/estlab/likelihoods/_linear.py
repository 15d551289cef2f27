"""The linear-predictor plumbing shared by every likelihood: intercept, gradient, Hessian, penalty.

Every model in :mod:`estlab.likelihoods` is a generalised linear model: the data enter only
through the linear predictor ``eta = intercept + X @ coef``. The mean negative log-likelihood is
``mean(l(eta_i, y_i))`` and, by the chain rule, its gradient and Hessian are

.. math::

    \\nabla = \\frac{1}{n} \\tilde X^\\top r, \\qquad
    H = \\frac{1}{n} \\tilde X^\\top W \\tilde X,

with ``r_i = dl/deta_i`` (the "residual"), ``W = diag(d^2 l / deta_i^2)`` and
``X~ = [1, X]`` when there is an intercept. These helpers build both **without** forming ``X~``
(no augmented copy of ``X``) and without any ``n x n`` matrix: the intercept blocks are sums,
``sum(r)``, ``sum(w)`` and ``X^T w``. Each model file only supplies ``r`` and ``w``.
"""

import numpy as np

__all__ = ["split", "check_theta", "linear_predictor", "penalty", "gradient", "hessian",
           "add_ridge"]


def check_theta(theta, X, fit_intercept, *, n_outputs=None):
    """``theta`` as a float array, checked against ``X`` (raise with the expected size)."""
    theta = np.asarray(theta, dtype=float)
    d = X.shape[1] + bool(fit_intercept)
    if n_outputs is None:
        ok = theta.ndim == 1 and theta.shape[0] == d
        want = f"shape ({d},)"
    else:
        ok = theta.ndim == 2 and theta.shape[0] == d
        want = f"shape ({d}, K - 1)"
    if not ok:
        extra = " (the first entry is the intercept)" if fit_intercept else ""
        raise ValueError(
            f"theta must have {want} = n_features + fit_intercept{extra}; got shape "
            f"{theta.shape} for X with {X.shape[1]} feature(s) and fit_intercept={fit_intercept}. "
            "Pass np.r_[intercept, coef] when fit_intercept=True, coef alone otherwise."
        )
    return theta


def split(theta, fit_intercept):
    """``(intercept, coef)``; the intercept is ``0.0`` without ``fit_intercept``."""
    if fit_intercept:
        return theta[0], theta[1:]
    return 0.0, theta


def linear_predictor(theta, X, fit_intercept):
    """``eta = intercept + X @ coef``, shape ``(n,)`` or ``(n, K - 1)``."""
    if fit_intercept:
        eta = X @ theta[1:]
        eta += theta[0]
        return eta
    return X @ theta


def penalty(theta, alpha, fit_intercept):
    """The ridge penalty ``alpha / 2 * ||coef||^2`` (the intercept is never penalised)."""
    if not alpha:
        return 0.0
    _, coef = split(theta, fit_intercept)
    return 0.5 * alpha * float(np.sum(coef * coef))


def gradient(X, r, theta, alpha, fit_intercept):
    """``[sum(r); X^T r] / n + alpha * [0; coef]``, shaped like ``theta``."""
    if fit_intercept:
        g = np.empty_like(theta)
        g[0] = r.sum(axis=0)                             # d/d intercept: sum of residuals
        g[1:] = X.T @ r
    else:
        g = X.T @ r
    g /= X.shape[0]
    if alpha:
        k = int(bool(fit_intercept))
        g[k:] += alpha * theta[k:]                       # ridge: alpha * coef
    return g


def hessian(X, w, fit_intercept):
    """``X~^T diag(w) X~ / n`` built from sums: ``[[sum w, (X^T w)^T], [X^T w, X^T W X]] / n``.

    ``w=None`` means all weights are one (the Gaussian model): ``X^T X`` needs no copy of ``X``.
    Otherwise one temporary ``X * w[:, None]`` is made (one copy of ``X``, no ``n x n`` matrix).
    """
    n, p = X.shape
    if w is None:
        XtWX, Xtw, sum_w = X.T @ X, X.sum(axis=0), float(n)
    else:
        Xw = X * w[:, None]
        XtWX, Xtw, sum_w = Xw.T @ X, Xw.sum(axis=0), float(w.sum())
        del Xw
    if not fit_intercept:
        H = XtWX
    else:
        H = np.empty((p + 1, p + 1))
        H[0, 0] = sum_w
        H[0, 1:] = Xtw
        H[1:, 0] = Xtw
        H[1:, 1:] = XtWX
    H /= n
    return H


def add_ridge(H, alpha, fit_intercept):
    """Add ``alpha`` to the diagonal of the coefficient block (not the intercept) in place."""
    if alpha:
        k = int(bool(fit_intercept))
        idx = np.arange(k, H.shape[0])
        H[idx, idx] += alpha
    return H
