"""The Weibull distribution (shape, scale): safeguarded Newton on the profile score of the shape."""

import math

import numpy as np

from estlab._errors import DataError
from estlab._validation import as_1d_array, check_support
from estlab.distributions._base import Distribution, on_support

__all__ = ["Weibull", "weibull_shape_newton"]

_EULER = 0.5772156649015329


def _weighted(u, umax, k):
    """Weights w = exp(k (u - max u)) <= 1 (no overflow) and their sum, mean of u, variance of u."""
    w = np.exp(k[..., None] * (u - umax[..., None]))
    sw = np.sum(w, axis=-1)
    wu = w * u
    mean_u = np.sum(wu, axis=-1) / sw
    var_u = np.maximum(np.einsum("...i,...i->...", wu, u) / sw - mean_u**2, 0.0)
    return sw, mean_u, var_u


def weibull_shape_newton(u, k0, *, tol=1e-10, max_iter=100):
    r"""Solve :math:`g(k) = \sum_i w_i u_i / \sum_i w_i - 1/k = 0`, :math:`w_i = e^{k u_i}`.

    ``u`` holds centred logs of the data along the last axis (``log x - mean(log x)``), so this is
    the profile score equation of the Weibull shape. :math:`g'(k) = \mathrm{Var}_w(u) + 1/k^2 > 0`:
    g increases, the root is unique, and a bracket ``lo < k < hi`` (g(lo) < 0 < g(hi)) is updated
    every step. A Newton step leaving the bracket is replaced by bisection (or by doubling while
    no upper end is known). Stops when every relative step is below ``tol``.

    Returns ``(k, n_iter, converged, history)``, history of shape ``(n_iter + 1, *k0.shape)``.
    """
    umax = np.max(u, axis=-1)
    k = np.array(k0, dtype=float)
    lo, hi = np.zeros_like(k), np.full_like(k, np.inf)
    history = [k]
    converged = np.zeros(k.shape, dtype=bool)
    n_iter = 0
    while n_iter < max_iter and not converged.all():
        _, mean_u, var_u = _weighted(u, umax, k)
        g = mean_u - 1.0 / k
        dg = var_u + 1.0 / k**2
        lo, hi = np.where(g < 0, k, lo), np.where(g > 0, k, hi)
        k_new = k - g / dg  # Newton step
        outside = ~((k_new > lo) & (k_new < hi))
        k_new = np.where(outside, np.where(np.isfinite(hi), 0.5 * (lo + hi), 2.0 * k), k_new)
        k_new = np.where(converged, k, k_new)
        step = np.abs(k_new - k)
        k = k_new
        n_iter += 1
        history.append(k)
        converged |= step <= tol * k
    return k, n_iter, converged, np.array(history)


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
        logx = np.log(x)
        lm = np.mean(logx, axis=-1)
        u = logx - lm[..., None]
        sd = np.sqrt(np.mean(u * u, axis=-1))
        ok = np.atleast_1d(sd > 0)
        u2 = u.reshape(-1, n)
        k0 = np.where(ok, math.pi / (math.sqrt(6.0) * np.where(ok, np.atleast_1d(sd), 1.0)), 1.0)
        k, n_iter, converged, hist = weibull_shape_newton(u2, k0, tol=self.tol,
                                                          max_iter=self.max_iter)
        umax = np.max(u2, axis=-1)

        def log_scale(kk):  # lambda(k) = (mean x^k)^(1/k), computed on the centred logs
            sw = np.sum(np.exp(kk[..., None] * (u2 - umax[..., None])), axis=-1)
            return np.atleast_1d(lm) + umax + np.log(sw / n) / kk

        def loglik(kk, log_lam):  # at lambda(k), mean((x / lambda)^k) = 1
            return n * (np.log(kk) - kk * log_lam + (kk - 1) * np.atleast_1d(lm) - 1.0)

        log_lam = log_scale(k)
        shape = np.shape(lm)
        k_out = np.where(ok, k, np.inf)
        info = {"loglik": loglik(k, log_lam).reshape(shape) if ok.all() else np.nan,
                "n_iter_": int(n_iter)}
        if x.ndim == 1:
            hk = hist[:, 0]
            hl = np.array([log_scale(np.array([kk]))[0] for kk in hk])
            info.update(converged_=bool(converged[0]),
                        history_={"params": np.column_stack([hk, np.exp(hl)]),
                                  "loglik": loglik(hk, hl)})
        else:
            info["converged_"] = converged
        return {"shape": k_out.reshape(shape), "scale": np.exp(log_lam).reshape(shape)}, info

    def _check_estimates(self, x, params):
        if not np.isfinite(params["shape"]):
            raise DataError(
                f"Weibull needs at least two distinct values; all {x.shape[-1]} value(s) equal "
                f"{x[0]!r}, so the likelihood grows without bound as shape -> infinity (a point "
                "mass). Collect more (varied) data."
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
        # Observed information: minus the Hessian of the log-likelihood at the MLE, with
        # z = (x / lambda)^k and l = log(x / lambda).
        k, lam, n = self.shape_, self.scale_, x.shape[-1]
        ell = np.log(x) - math.log(lam)
        z = np.exp(k * ell)
        mz, mzl, mzll = np.mean(z), np.mean(z * ell), np.mean(z * ell * ell)
        i_kk = 1.0 / k**2 + mzll
        i_kl = -((mz - 1.0) + k * mzl) / lam
        i_ll = k * ((mz - 1.0) + k * mz) / lam**2
        return np.linalg.inv(n * np.array([[i_kk, i_kl], [i_kl, i_ll]]))

    @staticmethod
    def _sample(rng, size, shape, scale):
        return scale * rng.weibull(shape, size=size)
