"""The gamma distribution (shape, scale): Newton's method on the profile likelihood of the shape."""

import numpy as np
from scipy import special

from estlab._validation import check_support
from estlab.distributions._base import Distribution, on_support
from estlab.distributions._numerics import (LN2, RESOLVABLE, constant_sample_error, extremes,
                                            log_rescaled, rescale, scale_exponent)

__all__ = ["Gamma", "gamma_shape_newton", "gamma_statistics", "trigamma"]


def trigamma(k):
    r"""Trigamma :math:`\psi'(k) = \zeta(2, k) = \sum_{j \ge 0} (k + j)^{-2}` (Hurwitz zeta).

    The same numbers, bit for bit, as ``special.polygamma(1, k)`` (which computes exactly this)
    without its Python wrapper, which costs more than the value on the scalars of a Newton fit.
    """
    return special.zeta(2.0, k)


def _log_minus_digamma(k):
    r""":math:`\log k - \psi(k)` and its derivative :math:`1/k - \psi'(k)`, accurate for large k.

    For k >= 100 the difference of two numbers near :math:`\log k` would lose the digits that
    matter (it is about 1/(2k)); the asymptotic series
    :math:`\frac1{2k} + \frac1{12k^2} - \frac1{120k^4} + \frac1{252k^6}` and its derivative are
    exact to rounding there.
    """
    big = k >= 100.0
    kb = np.where(big, k, 100.0)
    r = 1.0 / kb
    series = r * (0.5 + r * (1 / 12 + r * r * (-1 / 120 + r * r / 252)))
    dseries = -r * r * (0.5 + r * (1 / 6 + r * r * (-1 / 30 + r * r / 42)))
    ks = np.where(big, 1.0, k)
    direct = np.log(ks) - special.digamma(ks)
    ddirect = 1.0 / ks - trigamma(ks)
    return np.where(big, series, direct), np.where(big, dseries, ddirect)


def gamma_shape_newton(s, *, tol=1e-10, max_iter=100):
    r"""Solve :math:`\log k - \psi(k) = s` for every entry of ``s > 0`` (vectorised Newton).

    Newton runs on :math:`t = \log k` (so k stays positive) from Minka's closed-form start
    :math:`k_0 = (3 - s + \sqrt{(s - 3)^2 + 24 s}) / (12 s)`, already within about 1.5%; steps are
    capped at 1 in t (a factor e in k) as a safeguard. Stops when every
    :math:`|\Delta\log k| \le` ``tol``.

    Returns
    -------
    k : ndarray, shape of ``s``
    n_iter : int
    converged : ndarray of bool, shape of ``s``
    history : ndarray of shape (n_iter + 1, *s.shape)
        The shape after each iteration (row 0 is the start).
    """
    s = np.asarray(s, dtype=float)
    k = (3.0 - s + np.sqrt((s - 3.0) ** 2 + 24.0 * s)) / (12.0 * s)
    t = np.log(k)
    history = [k]
    converged = np.zeros(s.shape, dtype=bool)
    n_iter = 0
    while n_iter < max_iter and not converged.all():
        k = np.exp(t)
        f, df = _log_minus_digamma(k)
        g = f - s  # decreasing in t, root at the MLE
        dg = k * df  # d/dt = k d/dk, < 0 for every k > 0
        # Newton step in t: t <- t - g / g', capped at |1|
        step = np.where(converged, 0.0, np.clip(g / dg, -1.0, 1.0))
        t = t - step
        n_iter += 1
        history.append(np.exp(t))
        converged |= np.abs(step) <= tol
    return np.exp(t), n_iter, converged, np.array(history)


def gamma_statistics(x, ext=None):
    r"""``(mean y, mean log y, s)`` along the last axis, ``y = x 2^-e`` with ``max y`` in [0.5, 1).

    :math:`s = \log\bar x - \overline{\log x}` is the statistic the shape depends on, and it is
    small: about :math:`\mathrm{CV}^2/2` for a nearly constant sample. Computed on ``x`` near
    1e300 its absolute error would be ``eps |log x|``, 1e-13; on ``y``, with the logs from the
    floats' mantissas (:func:`~estlab.distributions._numerics.log_rescaled`), a few rounding
    units. Nothing under- or overflows for any positive float data. ``ext``: the
    :class:`~estlab.distributions._numerics.Extremes` of ``x``, if known (they fix ``e``).
    """
    ext = extremes(x, ext)
    e = scale_exponent(x, ext)
    y = rescale(x, e)
    mean_y = np.mean(y, axis=-1)  # values below 2^-1074 relative add nothing
    # min y is (min x) 2^-e to the last bit: rounding the products is monotone, like ldexp's
    if np.all(np.ldexp(ext.lo, -e) >= np.finfo(float).tiny):  # log_rescaled's fast case, y reused
        mlog_y = np.mean(np.log(y, out=y) if y is not x else np.log(y), axis=-1)
    else:
        mlog_y = np.mean(log_rescaled(x, e), axis=-1)
    s = np.atleast_1d(np.maximum(np.log(mean_y) - mlog_y, 0.0))
    return mean_y, mlog_y, s


class Gamma(Distribution):
    r"""Gamma distribution with ``shape`` k and ``scale`` theta (mean k theta), by Newton's method.

    Parameters
    ----------
    tol : float, default=1e-10
        Stop when the relative change of the shape is below ``tol``.
    max_iter : int, default=100
        Newton iterations allowed (about 3 suffice from the closed-form start).

    Notes
    -----
    :math:`\ell(k,\theta) = (k-1)\sum\log x_i - \sum x_i/\theta - nk\log\theta - n\log\Gamma(k)`.
    Setting :math:`\partial\ell/\partial\theta = 0` gives :math:`\theta = \bar x / k`; substituting,
    the shape solves

    .. math:: \log k - \psi(k) = s, \qquad s = \log\bar x - \overline{\log x} \;(\ge 0),

    whose left side decreases from :math:`+\infty` to 0, so the root is unique
    (:func:`gamma_shape_newton`). The expected information per observation is
    :math:`\begin{pmatrix}\psi'(k) & 1/\theta\\ 1/\theta & k/\theta^2\end{pmatrix}` (equal to the observed
    information at the MLE). ``n_iter_``, ``converged_`` and ``history_`` (``{"params": (n_iter+1, 2),
    "loglik": (n_iter+1,)}``) record the iterations.

    **Boundary.** For constant data s = 0 and the likelihood increases without bound as
    :math:`k\to\infty`: :class:`~estlab.DataError`. So do *nearly* constant data, with
    :math:`s \le 2^{-40}` (a coefficient of variation below about 1.4e-6, a shape above about
    5e11): there the computed s is within a few thousand rounding units of 0 and would fix the
    shape to fewer than three digits. Data must be positive; they may range over the whole float
    range (the statistics are computed on data rescaled by a power of two,
    :func:`gamma_statistics`).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).gamma(shape=2.0, scale=3.0, size=1000)
    >>> d = Gamma().fit(x)
    >>> round(d.shape_, 3), round(d.scale_, 3), d.converged_
    (2.001, 3.007, True)
    >>> d.history_["params"].shape == (d.n_iter_ + 1, 2)
    True
    """

    _param_names = ("shape", "scale")
    _positive = ("shape", "scale")
    _scale_powers, _scale_param = {"shape": 0, "scale": 1}, "scale"

    def __init__(self, *, tol=1e-10, max_iter=100):
        self.tol = tol
        self.max_iter = max_iter

    def _check_data(self, x, ext):
        check_support(x, family="Gamma", low=0.0, low_open=True, description="positive",
                      extremes=ext)

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        ext = extremes(x, ext)  # once, for the statistics and for mapping the scale back
        mean_y, mlog_y, s = gamma_statistics(x, ext)
        ok = s > RESOLVABLE  # s = 0 only for constant data (Jensen); below: rounding noise
        k, n_iter, converged, hist = gamma_shape_newton(np.where(ok, s, 1.0), tol=self.tol,
                                                        max_iter=self.max_iter)
        k = np.where(ok, k, np.inf).reshape(np.shape(mean_y))
        e = scale_exponent(x, ext)
        with np.errstate(over="ignore"):
            scale = np.ldexp(mean_y / k, e)  # mean / k, mapped back from y = x 2^-e
        mlog, s_ = mlog_y + e * LN2, s.reshape(np.shape(mean_y))

        def loglik(kk):  # profile log-likelihood at scale = mean / k, written with s
            return n * (-kk * s_ - mlog + special.xlogy(kk, kk) - kk - special.gammaln(kk))

        info = {"loglik": loglik(k) if np.all(ok) else np.nan}
        if x.ndim == 1:
            hk = hist[:, 0]
            with np.errstate(over="ignore"):
                scale_h = np.ldexp(mean_y / hk, e)
            info.update(n_iter_=int(n_iter), converged_=bool(converged[0]),
                        history_={"params": np.column_stack([hk, scale_h]),
                                  "loglik": loglik(hk)})
        else:
            info.update(n_iter_=int(n_iter), converged_=converged)
        return {"shape": k, "scale": scale}, info

    def _check_estimates(self, x, params, ext):
        if not np.isfinite(params["shape"]):
            raise constant_sample_error(
                "Gamma", x, "the likelihood grows without bound as shape -> infinity "
                "(a point mass)", statistic=("s = log(mean x) - mean(log x)",
                                             float(gamma_statistics(x, ext)[2][0]), RESOLVABLE))

    def _validate_params(self, params):
        if not (params["shape"] > 0 and params["scale"] > 0):
            raise ValueError(f"shape and scale must be positive; got {params}.")

    @staticmethod
    def _logpdf(x, shape, scale):
        valid = x > 0
        xs = np.where(valid, x, 1.0)
        value = ((shape - 1) * np.log(xs) - xs / scale - shape * np.log(scale)
                 - special.gammaln(shape))
        return on_support(x, valid, value)

    def _profile_nuisance(self, x, name, value):
        # given the shape k, the scale maximising the likelihood is mean(x) / k
        if name == "shape":
            return {"scale": float(np.mean(x)) / value}
        return None  # given the scale: maximised numerically

    @staticmethod
    def _fisher1(shape, scale):
        return np.array([[trigamma(shape), 1.0 / scale],
                         [1.0 / scale, shape / scale**2]])

    @staticmethod
    def _sample(rng, size, shape, scale):
        return rng.gamma(shape, scale, size=size)
