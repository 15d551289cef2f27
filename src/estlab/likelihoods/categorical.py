"""Categorical likelihood with the softmax link: the objective of softmax (multinomial) regression.

Class ``0`` is the reference, as in statsmodels' ``MNLogit``: its linear predictor is fixed at
``0`` and ``theta`` has shape ``(d_row, K - 1)``, ``d_row = n_features + fit_intercept``, with
the intercepts in the first row when ``fit_intercept=True``. With
``eta = intercept + X @ coef`` (shape ``(n, K - 1)``), ``eta_{i0} = 0`` and integer labels
``y_i in {0, ..., K - 1}``,

.. math::

    \\ell(\\theta) = \\frac{1}{n} \\sum_i \\Big[
        \\log\\Big(1 + \\sum_{k=1}^{K-1} e^{\\eta_{ik}}\\Big) - \\eta_{i y_i}\\Big]
        + \\frac{\\alpha}{2} \\lVert \\beta \\rVert_F^2 ,

the log-sum-exp evaluated as ``m + log(e^{-m} + sum_k e^{eta_ik - m})``, ``m = max(0, eta_i)``,
which never overflows. With ``P_ik = softmax(eta_i)_k`` and ``Y_ik = [y_i = k]`` (``k >= 1``)

.. math::

    \\nabla_{\\theta_{\\cdot k}} \\ell = \\frac{1}{n} \\tilde X^\\top (P_{\\cdot k} - Y_{\\cdot k})
        + \\alpha [0; \\beta_{\\cdot k}], \\qquad
    H_{(a,j),(b,k)} = \\frac{1}{n} \\sum_i \\tilde x_{ia} \\tilde x_{ib} P_{ij}([j = k] - P_{ik}).

The Hessian is returned as a ``(d_row (K-1), d_row (K-1))`` matrix in the order of
``theta.ravel()`` (C order: row ``a``, then class ``j``). A flat ``theta`` of size
``d_row (K - 1)`` is also accepted; ``grad`` then returns a flat array too.

Examples
--------
>>> import numpy as np
>>> from estlab.likelihoods import categorical
>>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([0, 1, 2])
>>> theta = np.zeros((2, 2))                 # intercept row + one feature row, K = 3
>>> round(categorical.nll(theta, X, y, fit_intercept=True), 6)    # log 3
1.098612
>>> categorical.grad(theta, X, y, fit_intercept=True).shape
(2, 2)
"""

import numpy as np

from estlab.likelihoods import _linear

__all__ = ["nll", "grad", "hess", "nll_grad", "irls_terms"]


def _prepare(theta, X, y, fit_intercept):
    """``(theta2d, flat, labels)``: theta as (d_row, K - 1), whether it came flat, y as ints."""
    theta = np.asarray(theta, dtype=float)
    flat = theta.ndim == 1
    if flat:
        d_row = X.shape[1] + bool(fit_intercept)
        if theta.size % d_row:
            raise ValueError(
                f"A flat theta must have d_row * (K - 1) entries with d_row = n_features + "
                f"fit_intercept = {d_row}; got {theta.size}. Pass theta of shape (d_row, K - 1).")
        theta = theta.reshape(d_row, -1)
    theta = _linear.check_theta(theta, X, fit_intercept, n_outputs=True)
    labels = np.asarray(y).astype(np.intp, copy=False)
    K = theta.shape[1] + 1
    if labels.size and (labels.min() < 0 or labels.max() >= K):
        raise ValueError(
            f"y must hold class indices 0..{K - 1} (theta has K - 1 = {K - 1} columns); got "
            f"labels from {labels.min()} to {labels.max()}. Encode classes as 0..K-1 first.")
    return theta, flat, labels


def _logsumexp0(eta):
    """``log(1 + sum_k exp(eta_k))`` per row, and the softmax ``P`` of classes 1..K-1."""
    m = np.maximum(eta.max(axis=1), 0.0)                 # shift by max(0, eta_i)
    E = np.exp(eta - m[:, None])
    s = E.sum(axis=1) + np.exp(-m)                       # e^{-m} is the reference class
    lse = m + np.log(s)
    E /= s[:, None]                                      # P_ik, k >= 1
    return lse, E


def _eta_y(eta, labels):
    """``eta_{i, y_i}`` with ``eta_{i, 0} = 0``."""
    rows = np.flatnonzero(labels > 0)
    out = np.zeros(eta.shape[0])
    out[rows] = eta[rows, labels[rows] - 1]
    return out


def _residual(P, labels):
    """``R = P - Y`` for classes 1..K-1 (overwrites ``P``)."""
    rows = np.flatnonzero(labels > 0)
    P[rows, labels[rows] - 1] -= 1.0
    return P


def nll(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Mean negative log-likelihood ``mean(logsumexp([0, eta_i]) - eta_{i y_i})`` plus penalty.

    Parameters
    ----------
    theta : ndarray of shape (n_features + fit_intercept, K - 1)
        Coefficients of classes ``1..K-1`` (class 0 is the reference); first row the
        intercepts when ``fit_intercept=True``.
    X : ndarray of shape (n_samples, n_features)
        Design matrix without a column of ones.
    y : ndarray of shape (n_samples,)
        Integer class indices ``0..K-1``.
    alpha : float, default 0.0
        L2 penalty ``alpha / 2 * sum(coef ** 2)`` (never on the intercept row).
    fit_intercept : bool, default False
        Whether ``theta[0]`` is the intercept row.

    Returns
    -------
    float

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1, 0])
    >>> round(nll(np.array([[1000.0]]), X, y), 6)     # separated, no overflow
    0.0
    """
    theta, _, labels = _prepare(theta, X, y, fit_intercept)
    eta = _linear.linear_predictor(theta, X, fit_intercept)
    lse, _ = _logsumexp0(eta)
    return float(np.mean(lse - _eta_y(eta, labels))) + _linear.penalty(
        theta, alpha, fit_intercept)


def grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Gradient ``X~^T (P - Y) / n + alpha [0; coef]``, shaped like ``theta``.

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1, 0])
    >>> grad(np.array([[0.0]]), X, y)
    array([[-0.5]])
    """
    theta, flat, labels = _prepare(theta, X, y, fit_intercept)
    _, P = _logsumexp0(_linear.linear_predictor(theta, X, fit_intercept))
    g = _linear.gradient(X, _residual(P, labels), theta, alpha, fit_intercept)
    return g.ravel() if flat else g


def hess(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """Hessian in ``theta.ravel()`` order, shape ``(d_row (K-1), d_row (K-1))``.

    Block ``(j, k)`` (classes ``j, k >= 1``) is ``X~^T diag(P_j ([j = k] - P_k)) X~ / n``,
    built from sums like every estlab Hessian (one temporary copy of ``X`` at a time).

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1, 0])
    >>> hess(np.array([[0.0]]), X, y)                 # K = 2: the logistic Hessian
    array([[0.25]])
    """
    theta, _, labels = _prepare(theta, X, y, fit_intercept)
    _, P = _logsumexp0(_linear.linear_predictor(theta, X, fit_intercept))
    d_row, Km1 = theta.shape
    H = np.empty((d_row, Km1, d_row, Km1))
    for j in range(Km1):
        for k in range(j, Km1):
            w = P[:, j] * ((j == k) - P[:, k])           # d P_j / d eta_k
            block = _linear.hessian(X, w, fit_intercept)
            H[:, j, :, k] = block
            H[:, k, :, j] = block.T
    H = H.reshape(d_row * Km1, d_row * Km1)
    if alpha:
        start = Km1 if fit_intercept else 0            # the intercept row comes first
        idx = np.arange(start, d_row * Km1)
        H[idx, idx] += alpha
    return H


def nll_grad(theta, X, y, alpha=0.0, *, fit_intercept=False):
    """``(nll, grad)`` in one pass over ``X``.

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0]]); y = np.array([1, 0])
    >>> f, g = nll_grad(np.array([[0.0]]), X, y)
    >>> round(f, 6), g
    (0.693147, array([[-0.5]]))
    """
    theta, flat, labels = _prepare(theta, X, y, fit_intercept)
    eta = _linear.linear_predictor(theta, X, fit_intercept)
    lse, P = _logsumexp0(eta)
    f = float(np.mean(lse - _eta_y(eta, labels))) + _linear.penalty(theta, alpha, fit_intercept)
    g = _linear.gradient(X, _residual(P, labels), theta, alpha, fit_intercept)
    return f, (g.ravel() if flat else g)


def irls_terms(eta, y):
    """What Newton needs per sample: ``(sum_i l_i, R, W)`` for ``eta`` of shape ``(n, K - 1)``.

    ``l_i = logsumexp([0, eta_i]) - eta_{i y_i}``, ``R = P - Y`` (shape ``(n, K - 1)``) and
    ``W_ijk = P_ij ([j = k] - P_ik)`` (shape ``(n, K - 1, K - 1)``): the pieces that
    :func:`nll`, :func:`grad` and :func:`hess` sum over rows, for :func:`estlab.optim.irls`.
    ``y`` holds class indices ``0..K-1``.

    Examples
    --------
    >>> loss, R, W = irls_terms(np.zeros((1, 2)), np.array([0]))
    >>> round(loss, 6), R.round(3), W.round(3)           # log 3; P = 1/3 each
    (1.098612, array([[0.333, 0.333]]), array([[[ 0.222, -0.111],
            [-0.111,  0.222]]]))
    """
    labels = np.asarray(y).astype(np.intp, copy=False)
    lse, P = _logsumexp0(eta)
    loss = float(np.sum(lse - _eta_y(eta, labels)))
    W = -P[:, :, None] * P[:, None, :]                   # -P_j P_k
    idx = np.arange(P.shape[1])
    W[:, idx, idx] += P                                  # + P_j [j = k]
    return loss, _residual(P, labels), W
