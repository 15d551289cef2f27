"""The Weibull distribution (shape, scale): safeguarded Newton on the profile score of the shape."""

import math

import numpy as np

from estlab._errors import DataError
from estlab._validation import as_1d_array, check_support
from estlab.distributions._base import Distribution, on_support

__all__ = ["Weibull", "weibull_shape_newton"]

_EULER = 0.5772156649015329


def _rowdot(a, b):
    """Row-wise dot products of two (r, n) arrays (BLAS for the single-row case)."""
    if a.shape[0] == 1:
        return np.array([a[0] @ b[0]])
    return np.einsum("ij,ij->i", a, b)


def _weighted_sums(u, umax, uu, k, buf):
    """w = exp(k (u - max u)) <= 1 (no overflow) and the sums of w, w u, w u^2.

    ``buf`` (shape of ``u``) receives w, so each pass allocates nothing.
    """
    np.multiply(u, k[:, None], out=buf)
    buf -= (k * umax)[:, None]
    np.exp(buf, out=buf)
    return np.sum(buf, axis=-1), _rowdot(buf, u), _rowdot(buf, uu)


def weibull_shape_newton(u, k0, *, tol=1e-10, max_iter=100, uu=None):
    r"""Solve :math:`g(k) = \sum_i w_i u_i / \sum_i w_i - 1/k = 0`, :math:`w_i = e^{k u_i}`.

    ``u`` of shape ``(r, n)`` holds centred logs of ``r`` samples along the last axis
    (``log x - mean(log x)``), so this is the profile score equation of the Weibull shape.
    :math:`g'(k) = \mathrm{Var}_w(u) + 1/k^2 > 0`: g increases, the root is unique, and a bracket
    ``lo < k < hi`` (g(lo) < 0 < g(hi)) is updated every step. A Newton step leaving the bracket
    is replaced by bisection (or by doubling while no upper end is known). Stops when every
    relative step is below ``tol``.

    Returns
    -------
    k : ndarray of shape (r,)
    n_iter : int
    converged : ndarray of bool, shape (r,)
    history : ndarray of shape (n_iter + 1, r)
        The shape after each iteration (row 0 is the start).
    sums : tuple of three ndarrays of shape (n_iter + 1, r)
        :math:`\sum w`, :math:`\sum w u`, :math:`\sum w u^2` (with :math:`w = e^{k(u - \max u)}`) at
        each iterate, from which the scale, the log-likelihood and the observed information follow.
    """
    umax = np.max(u, axis=-1)
    uu = u * u if uu is None else uu  # callers may pass u**2 they already have
    buf = np.empty_like(u)
    k = np.array(k0, dtype=float)
    lo, hi = np.zeros_like(k), np.full_like(k, np.inf)
    history, sums = [k], [_weighted_sums(u, umax, uu, k, buf)]
    converged = np.zeros(k.shape, dtype=bool)
    n_iter = 0
    while n_iter < max_iter and not converged.all():
        sw, swu, swuu = sums[-1]
        mean_u = swu / sw
        g = mean_u - 1.0 / k
        dg = np.maximum(swuu / sw - mean_u**2, 0.0) + 1.0 / k**2
        lo, hi = np.where(g < 0, k, lo), np.where(g > 0, k, hi)
        k_new = k - g / dg  # Newton step
        outside = ~((k_new > lo) & (k_new < hi))
        k_new = np.where(outside, np.where(np.isfinite(hi), 0.5 * (lo + hi), 2.0 * k), k_new)
        k_new = np.where(converged, k, k_new)
        step = np.abs(k_new - k)
        k = k_new
        n_iter += 1
        history.append(k)
        sums.append(_weighted_sums(u, umax, uu, k, buf))
        converged |= step <= tol * k
    sums = tuple(np.array([s_[i] for s_ in sums]) for i in range(3))
    return k, n_iter, converged, np.array(history), sums


class Weibull(Distribution):
    r"""Weibull distribution with ``shape`` k and ``scale`` lambda, by safeguarded Newton.

    Parameters
    ----------
    tol : float, default=1e-10
        Stop when the relative change of the shape is below ``tol``.
    max_iter : int, default=100

    Notes
    -----
    Density :math:`f(x) = \frac{k}{\lambda}(x/\lambda)^{k-1}e^{-(x/\lambda)^k}`, x > 0 (scipy's
    ``weibull_min(c=k, scale=lambda)``). :math:`\partial\ell/\partial\lambda = 0` gives
    :math:`\lambda^k = \overline{x^k}`; substituting leaves one equation for the shape,

    .. math:: \frac{\sum x_i^k \log x_i}{\sum x_i^k} - \frac1k - \overline{\log x} = 0,

    solved by :func:`weibull_shape_newton` on centred logs (so :math:`x^k` never overflows) from the
    Gumbel moment start :math:`k_0 = \pi / (\sqrt6\,\mathrm{sd}(\log x))`.

    :meth:`fisher_information` is the expected information per observation
    :math:`\begin{pmatrix}(\pi^2/6 + (1-\gamma)^2)/k^2 & -(1-\gamma)/\lambda\\ -(1-\gamma)/\lambda &
    k^2/\lambda^2\end{pmatrix}` times n (:math:`\gamma` Euler's constant), used for Cramer-Rao
    bounds. ``stderr_`` and ``cov_`` use the **observed** information (the negative Hessian of the
    log-likelihood at the MLE), which for the Weibull differs from the expected one in finite
    samples and is what the likelihood says about this sample (Efron and Hinkley, 1978).

    **Boundary.** Constant data make the likelihood unbounded as :math:`k\to\infty`:
    :class:`~estlab.DataError`. Data must be positive.

    Examples
    --------
    >>> import numpy as np
    >>> x = 3.0 * np.random.default_rng(0).weibull(1.5, size=1000)
    >>> d = Weibull().fit(x)
    >>> round(d.shape_, 3), round(d.scale_, 3), d.converged_
    (1.535, 3.063, True)
    """

    _param_names = ("shape", "scale")

    def __init__(self, *, tol=1e-10, max_iter=100):
        self.tol = tol
        self.max_iter = max_iter

    def _check_data(self, x):
        x = as_1d_array(x)
        return check_support(x, family="Weibull", low=0.0, low_open=True, description="positive")

    def _estimate(self, x):
        n = x.shape[-1]
        logx = np.log(x).reshape(-1, n)
        lm = np.mean(logx, axis=-1)
        if x.ndim == 1:
            sub = logx[:, :: max(1, n // 20_000)].copy()
        u = logx
        u -= lm[:, None]  # centred logs, in place
        uu = u * u
        sd = np.sqrt(np.mean(uu, axis=-1))
        ok = sd > 0
        # Gumbel moments of log X: sd(log X) = pi / (k sqrt 6)
        k0 = np.where(ok, math.pi / (math.sqrt(6.0) * np.where(ok, sd, 1.0)), 1.0)
        if x.ndim == 1 and n > 40_000 and ok[0]:  # one sample (a batch has no ``sub``)
            # polish the start on an evenly strided subsample: Newton then needs ~3 full passes
            k0 = weibull_shape_newton(sub - sub.mean(), k0, tol=1e-6, max_iter=50)[0]
        k, n_iter, converged, hist, (sw, swu, swuu) = weibull_shape_newton(
            u, k0, tol=self.tol, max_iter=self.max_iter, uu=uu)
        umax = np.max(u, axis=-1)
        # log lambda(k) = log (mean x^k)^(1/k) = mean log x + max u + log(sum w / n) / k
        log_lam_hist = lm + umax + np.log(sw / n) / hist
        loglik_hist = n * (np.log(hist) - hist * log_lam_hist + (hist - 1) * lm - 1.0)
        log_lam, shape = log_lam_hist[-1], x.shape[:-1]
        info = {"loglik": loglik_hist[-1].reshape(shape) if ok.all() else np.nan,
                "n_iter_": int(n_iter)}
        if x.ndim == 1:
            # observed information per observation at the MLE, with z = (x / lambda)^k and
            # l = log(x / lambda) = u - d: mean z = 1, mean(z l) and mean(z l^2) from the sums
            k1, d = k[0], log_lam[0] - lm[0]
            a1, a2 = swu[-1, 0] / sw[-1, 0], swuu[-1, 0] / sw[-1, 0]
            mzl, mzll = a1 - d, a2 - 2 * d * a1 + d * d
            lam1 = math.exp(log_lam[0])
            self._observed_information1 = np.array(
                [[1.0 / k1**2 + mzll, -k1 * mzl / lam1], [-k1 * mzl / lam1, k1**2 / lam1**2]])
            info.update(converged_=bool(converged[0]),
                        history_={"params": np.column_stack([hist[:, 0],
                                                             np.exp(log_lam_hist[:, 0])]),
                                  "loglik": loglik_hist[:, 0]})
        else:
            info["converged_"] = converged
        params = {"shape": np.where(ok, k, np.inf).reshape(shape),
                  "scale": np.exp(log_lam).reshape(shape)}
        return params, info

    def _check_estimates(self, x, params):
        if not np.isfinite(params["shape"]):
            raise DataError(
                f"Weibull needs at least two distinct values; all {x.shape[-1]} value(s) equal "
                f"{float(x[0])!r}, so the likelihood grows without bound as shape -> infinity "
                "(a point mass). Collect more (varied) data."
            )

    def _validate_params(self, params):
        if not (params["shape"] > 0 and params["scale"] > 0):
            raise ValueError(f"shape and scale must be positive; got {params}.")

    @staticmethod
    def _logpdf(x, shape, scale):
        valid = x > 0
        ell = np.log(np.where(valid, x, 1.0)) - math.log(scale)
        value = math.log(shape) - math.log(scale) + (shape - 1) * ell - np.exp(shape * ell)
        return on_support(x, valid, value)

    @staticmethod
    def _fisher1(shape, scale):
        c = 1.0 - _EULER
        return np.array([[(math.pi**2 / 6 + c * c) / shape**2, -c / scale],
                         [-c / scale, shape**2 / scale**2]])

    def _covariance(self, x):
        # Observed information (minus the Hessian of the log-likelihood at the MLE), computed
        # in _estimate from the same weighted sums as the last Newton step.
        return np.linalg.inv(x.shape[-1] * self._observed_information1)

    @staticmethod
    def _sample(rng, size, shape, scale):
        return scale * rng.weibull(shape, size=size)
