"""The Weibull distribution (shape, scale): safeguarded Halley on the profile score of the shape."""

import math

import numpy as np

from estlab._validation import check_support
from estlab.distributions._base import Distribution, on_support
from estlab.distributions._numerics import (LN2, RESOLVABLE, constant_sample_error, log_rescaled,
                                            scale_exponent)

__all__ = ["Weibull", "weibull_shape_halley"]

_EULER = 0.5772156649015329
_BLOCK = 2**17  # columns per block of _weighted_sums: 1 MB of weights for one sample


def _rowdot(a, b):
    """Row-wise dot products of two (r, n) arrays (BLAS for the single-row case)."""
    if a.shape[0] == 1:
        return np.array([a[0] @ b[0]])
    return np.einsum("ij,ij->i", a, b)


def _weighted_sums(v, k, buf):
    """The sums of w, w v, w v^2, w v^3 with w = exp(k v) <= 1 (v <= 0: no overflow).

    One multiply and one exp per element, in blocks of columns the size of ``buf`` (shape
    ``(r, block)``), which holds w, then w v, then w v^2: a block stays in cache while its four
    sums are taken, and a pass allocates nothing.
    """
    sums = np.zeros((4, v.shape[0]))
    for j in range(0, v.shape[1], buf.shape[1]):
        vj = v[:, j:j + buf.shape[1]]
        wj = buf[:, :vj.shape[1]]
        np.multiply(vj, k[:, None], out=wj)
        np.exp(wj, out=wj)  # w
        sums[0] += np.sum(wj, axis=-1)
        sums[1] += _rowdot(wj, vj)
        wj *= vj  # w v
        sums[2] += _rowdot(wj, vj)
        wj *= vj  # w v^2
        sums[3] += _rowdot(wj, vj)
    return tuple(sums)


def weibull_shape_halley(v, k0, *, vbar=None, tol=1e-10, max_iter=100):
    r"""Solve the profile score :math:`g(k) = \sum w_i v_i / \sum w_i - 1/k - \bar v = 0`.

    ``v`` of shape ``(r, n)`` holds the logs of ``r`` samples shifted by their maxima along the
    last axis (``log x - max log x``), with weights :math:`w_i = e^{k v_i}`: every
    :math:`v_i \le 0`, so :math:`w_i \le 1` and the largest :math:`w_i` is 1 (nothing overflows or
    underflows to an all-zero sum); ``vbar`` is their row means (computed if not given). g is the
    profile score of the Weibull shape, unchanged by the shift.

    Notes
    -----
    With :math:`m_j = \sum w v^j / \sum w` (moments of v under the weights w), since
    :math:`\partial m_j / \partial k = m_{j+1} - m_j m_1`,

    .. math:: g = m_1 - 1/k - \bar v, \quad
              g' = \mathrm{Var}_w(v) + 1/k^2 = m_2 - m_1^2 + 1/k^2 > 0, \quad
              g'' = m_3 - 3 m_1 m_2 + 2 m_1^3 - 2/k^3,

    all from one pass over the data. g increases, so the root is unique, and a bracket
    ``lo < k < hi`` (g(lo) < 0 < g(hi)) is updated every step. The Newton step
    :math:`\delta_N = g/g'` is, to first order, the distance to the root: the iteration stops as
    soon as every :math:`|\delta_N| \le` ``tol`` :math:`k`, and returns the iterate the sums were
    evaluated at (within ``tol`` of the root, relative; the returned sums belong to it).
    Otherwise it takes Halley's step :math:`\delta = \delta_N / (1 - \delta_N g'' / (2 g'))`
    (cubic convergence, so two steps from a start 1% off reach rounding level), falling back to
    :math:`\delta_N` when the denominator is below 1/2 (far from the root); a step leaving the
    bracket is replaced by bisection (or by doubling while no upper end is known).

    Returns
    -------
    k : ndarray of shape (r,)
    n_iter : int
        Steps taken (0 if ``k0`` already solves the equation to ``tol``).
    converged : ndarray of bool, shape (r,)
    history : ndarray of shape (n_iter + 1, r)
        The shape after each iteration (row 0 is the start).
    sums : tuple of four ndarrays of shape (n_iter + 1, r)
        :math:`\sum w`, :math:`\sum w v`, :math:`\sum w v^2`, :math:`\sum w v^3` at each iterate,
        from which the scale, the log-likelihood and the observed information follow.
    """
    vbar = np.mean(v, axis=-1) if vbar is None else vbar
    buf = np.empty((v.shape[0], min(v.shape[1], _BLOCK)))
    k = np.array(k0, dtype=float)
    lo, hi = np.zeros_like(k), np.full_like(k, np.inf)
    history, sums = [k], [_weighted_sums(v, k, buf)]
    converged = np.zeros(k.shape, dtype=bool)
    n_iter = 0
    while True:
        sw, swv, swv2, swv3 = sums[-1]
        m1, m2, m3 = swv / sw, swv2 / sw, swv3 / sw
        g = m1 - 1.0 / k - vbar
        dg = np.maximum(m2 - m1**2, 0.0) + 1.0 / k**2
        d2g = m3 - 3 * m1 * m2 + 2 * m1**3 - 2.0 / k**3
        delta_n = g / dg  # Newton step
        converged |= np.abs(delta_n) <= tol * k
        if converged.all() or n_iter == max_iter:
            break
        denom = 1.0 - 0.5 * delta_n * d2g / dg
        delta = np.where(denom > 0.5, delta_n / np.maximum(denom, 0.5), delta_n)  # Halley step
        lo, hi = np.where(g < 0, k, lo), np.where(g > 0, k, hi)
        k_new = k - delta
        outside = ~((k_new > lo) & (k_new < hi))
        k_new = np.where(outside, np.where(np.isfinite(hi), 0.5 * (lo + hi), 2.0 * k), k_new)
        k = np.where(converged, k, k_new)
        n_iter += 1
        history.append(k)
        sums.append(_weighted_sums(v, k, buf))
    sums = tuple(np.array([s_[i] for s_ in sums]) for i in range(4))
    return k, n_iter, converged, np.array(history), sums


def _gumbel_start(v):
    """Moment start per row: log X is Gumbel-min with sd pi / (k sqrt 6); 1.0 for a constant row."""
    sd = np.std(v, axis=-1)
    return np.where(sd > 0, math.pi / (math.sqrt(6.0) * np.where(sd > 0, sd, 1.0)), 1.0)


class Weibull(Distribution):
    r"""Weibull distribution with ``shape`` k and ``scale`` lambda, by safeguarded Halley iteration.

    Parameters
    ----------
    tol : float, default=1e-10
        Stop when the Newton step for the shape (its distance to the MLE, to first order) is
        below ``tol`` relative.
    max_iter : int, default=100

    Notes
    -----
    Density :math:`f(x) = \frac{k}{\lambda}(x/\lambda)^{k-1}e^{-(x/\lambda)^k}`, x > 0 (scipy's
    ``weibull_min(c=k, scale=lambda)``). :math:`\partial\ell/\partial\lambda = 0` gives
    :math:`\lambda^k = \overline{x^k}`; substituting leaves one equation for the shape,

    .. math:: \frac{\sum x_i^k \log x_i}{\sum x_i^k} - \frac1k - \overline{\log x} = 0,

    solved by :func:`weibull_shape_halley` on logs shifted by their maximum (so :math:`x^k` never
    overflows) from the Gumbel moment start :math:`k_0 = \pi / (\sqrt6\,\mathrm{sd}(\log x))`;
    for one sample of more than 40,000 values the start is first polished on an evenly strided
    subsample of about 20,000, after which two Halley steps (three passes over the data) usually
    reach rounding level.

    :meth:`fisher_information` is the expected information per observation
    :math:`\begin{pmatrix}(\pi^2/6 + (1-\gamma)^2)/k^2 & -(1-\gamma)/\lambda\\ -(1-\gamma)/\lambda &
    k^2/\lambda^2\end{pmatrix}` times n (:math:`\gamma` Euler's constant), used for Cramer-Rao
    bounds. ``stderr_`` and ``cov_`` use the **observed** information (the negative Hessian of the
    log-likelihood at the MLE), which for the Weibull differs from the expected one in finite
    samples and is what the likelihood says about this sample (Efron and Hinkley, 1978).

    **Boundary.** Constant data make the likelihood unbounded as :math:`k\to\infty`:
    :class:`~estlab.DataError`; so do nearly constant data whose logs span at most
    :math:`2^{-40}` (shape above about 1e12), where the spread is a few thousand rounding units.
    Data must be positive; any positive floats work (logs from the floats' mantissas and
    exponents, scales mapped back by a power of two).

    Examples
    --------
    >>> import numpy as np
    >>> x = 3.0 * np.random.default_rng(0).weibull(1.5, size=1000)
    >>> d = Weibull().fit(x)
    >>> round(d.shape_, 3), round(d.scale_, 3), d.converged_
    (1.535, 3.063, True)
    """

    _param_names = ("shape", "scale")
    _positive = ("shape", "scale")
    _scale_powers, _scale_param = {"shape": 0, "scale": 1}, "scale"

    def __init__(self, *, tol=1e-10, max_iter=100):
        self.tol = tol
        self.max_iter = max_iter

    def _check_data(self, x, ext):
        check_support(x, family="Weibull", low=0.0, low_open=True, description="positive",
                      extremes=ext)

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        xr = x.reshape(-1, n)
        e = np.reshape(scale_exponent(x, ext), -1)  # one exponent per row of xr
        v = log_rescaled(xr, e)  # log(x 2^-e), accurate for any positive float
        vmax = np.max(v, axis=-1)  # log of the largest mantissa, in [-log 2, 0)
        v -= vmax[:, None]  # v = log x - max log x <= 0, in place
        vbar = np.mean(v, axis=-1)
        ok = np.min(v, axis=-1) < -RESOLVABLE  # log x spans more than rounding
        k0 = None
        if x.ndim == 1 and n > 40_000 and ok[0]:  # one sample (batches start from the moments)
            # polish the start on an evenly strided subsample: ~3 full passes remain
            sub = v[:, :: n // 20_000]
            sub = sub - np.max(sub, axis=-1, keepdims=True)
            if np.min(sub) < 0:
                k0 = weibull_shape_halley(sub, _gumbel_start(sub), tol=1e-6, max_iter=50)[0]
        if k0 is None:
            k0 = _gumbel_start(v)
        k, n_iter, converged, hist, (sw, swv, swv2, _) = weibull_shape_halley(
            v, k0, vbar=vbar, tol=self.tol, max_iter=self.max_iter)
        # log(lambda(k) 2^-e) = log (mean (x 2^-e)^k)^(1/k) = vmax + log(sum w / n) / k <= vmax
        log_lam_hist = vmax + np.log(sw / n) / hist
        lm = vmax + vbar  # mean log(x 2^-e); the log-likelihood is invariant to the rescaling
        loglik_hist = n * (np.log(hist) - hist * log_lam_hist + (hist - 1) * lm - 1.0
                           - e * LN2)
        log_lam, shape = log_lam_hist[-1], x.shape[:-1]
        info = {"loglik": loglik_hist[-1].reshape(shape) if ok.all() else np.nan,
                "n_iter_": int(n_iter)}
        with np.errstate(under="ignore"):
            scale = np.ldexp(np.exp(log_lam), e)
        if x.ndim == 1:
            # observed information per observation at the MLE for (k, log lambda), with
            # z = (x / lambda)^k and l = log(x / lambda) = v - d: mean z = 1, mean(z l) and
            # mean(z l^2) from the sums. Free of lambda, so no square of a huge scale is formed.
            k1, d = k[0], log_lam[0] - vmax[0]
            a1, a2 = swv[-1, 0] / sw[-1, 0], swv2[-1, 0] / sw[-1, 0]
            mzl, mzll = a1 - d, a2 - 2 * d * a1 + d * d
            self._observed_information_log1 = np.array(
                [[1.0 / k1**2 + mzll, -k1 * mzl], [-k1 * mzl, k1**2]])
            with np.errstate(under="ignore"):
                scale_h = np.ldexp(np.exp(log_lam_hist[:, 0]), e[0])
            info.update(converged_=bool(converged[0]),
                        history_={"params": np.column_stack([hist[:, 0], scale_h]),
                                  "loglik": loglik_hist[:, 0]})
        else:
            info["converged_"] = converged
        params = {"shape": np.where(ok, k, np.inf).reshape(shape), "scale": scale.reshape(shape)}
        return params, info

    def _check_estimates(self, x, params, ext):
        if not np.isfinite(params["shape"]):
            v = log_rescaled(x, scale_exponent(x, ext))
            raise constant_sample_error(
                "Weibull", x, "the likelihood grows without bound as shape -> infinity "
                "(a point mass)", statistic=("the range of log x", float(np.ptp(v)), RESOLVABLE))

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
        # in _estimate from the weighted sums at the returned shape, for (k, log lambda);
        # d/d lambda = (1/lambda) d/d log lambda turns it into the information for (k, lambda).
        to_lam = np.array([1.0, 1.0 / self.scale_])
        info1 = self._observed_information_log1 * np.outer(to_lam, to_lam)
        return np.linalg.inv(x.shape[-1] * info1)

    @staticmethod
    def _sample(rng, size, shape, scale):
        return scale * rng.weibull(shape, size=size)
