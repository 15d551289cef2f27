"""The beta distribution on (0, 1): two-dimensional Newton with step halving."""

import numpy as np
from scipy import special

from estlab._errors import DataError
from estlab._validation import check_support
from estlab.distributions._base import Distribution, on_support
from estlab.distributions._gamma import gamma_statistics
from estlab.distributions._normal import normal_mle
from estlab.distributions._numerics import RESOLVABLE, Extremes, constant_sample_error, extremes

__all__ = ["Beta", "beta_newton"]


def complement(ext):
    """The :class:`~estlab.distributions._numerics.Extremes` of ``1 - x`` from those of ``x``.

    Rounding is monotone, so ``1 - x`` reverses the order of the values exactly: its minimum
    is ``1 - max x`` and its maximum ``1 - min x``, to the last bit, without a pass over it.
    """
    return Extremes(1.0 - ext.hi, 1.0 - ext.lo)


def _beta_loglik1(a, b, g1, g2):
    """Mean log-likelihood per observation from the sufficient statistics."""
    return (a - 1) * g1 + (b - 1) * g2 - special.betaln(a, b)


def beta_newton(g1, g2, a0, b0, *, tol=1e-10, max_iter=100):
    r"""Maximise :math:`(a-1)g_1 + (b-1)g_2 - \log B(a, b)` by Newton's method (vectorised).

    ``g1`` = mean(log x), ``g2`` = mean(log(1 - x)). The negative Hessian
    :math:`J = \begin{pmatrix}\psi'(a) - \psi'(a+b) & -\psi'(a+b)\\ -\psi'(a+b) & \psi'(b) - \psi'(a+b)
    \end{pmatrix}` does not depend on the data and is positive definite, so the objective is concave
    and Newton's step :math:`J^{-1}\nabla` points uphill. Safeguard: the step is halved until both
    parameters stay positive and the objective does not decrease. Stops when every relative change
    is below ``tol``.

    Returns
    -------
    a, b : ndarray
    n_iter : int
    converged : ndarray of bool
    history : ndarray of shape (n_iter + 1, *g1.shape, 2)
    """
    a, b = np.array(a0, dtype=float), np.array(b0, dtype=float)
    ll = _beta_loglik1(a, b, g1, g2)
    history = [np.stack([a, b], axis=-1)]
    converged = np.zeros(a.shape, dtype=bool)
    n_iter = 0
    while n_iter < max_iter and not converged.all():
        psab = special.digamma(a + b)
        ga = g1 - special.digamma(a) + psab  # gradient of the mean log-likelihood
        gb = g2 - special.digamma(b) + psab
        tab = special.polygamma(1, a + b)
        jaa, jbb, jab = special.polygamma(1, a) - tab, special.polygamma(1, b) - tab, -tab
        det = jaa * jbb - jab * jab
        da = (jbb * ga - jab * gb) / det  # Newton step: J^{-1} grad
        db = (jaa * gb - jab * ga) / det
        lam = np.where(converged, 0.0, 1.0)
        for _ in range(60):  # step halving
            an, bn = a + lam * da, b + lam * db
            pos = (an > 0) & (bn > 0)
            lln = np.where(pos, _beta_loglik1(np.where(pos, an, 1.0), np.where(pos, bn, 1.0),
                                              g1, g2), -np.inf)
            good = pos & (lln >= ll - 1e-14 * np.abs(ll))
            if good.all():
                break
            lam = np.where(good, lam, lam / 2)
        an, bn = a + lam * da, b + lam * db
        change = np.maximum(np.abs(an - a) / a, np.abs(bn - b) / b)
        a, b = an, bn
        ll = _beta_loglik1(a, b, g1, g2)
        n_iter += 1
        history.append(np.stack([a, b], axis=-1))
        converged |= change <= tol
    return a, b, n_iter, converged, np.array(history)


class Beta(Distribution):
    r"""Beta distribution on (0, 1) with shape parameters ``a`` and ``b``, by Newton's method.

    Parameters
    ----------
    tol : float, default=1e-10
        Stop when the relative change of both parameters is below ``tol``.
    max_iter : int, default=100

    Notes
    -----
    :math:`\ell(a,b) = (a-1)\sum\log x_i + (b-1)\sum\log(1-x_i) - n\log B(a,b)`: an exponential
    family, so the log-likelihood is concave and depends on the data only through
    :math:`g_1 = \overline{\log x}` and :math:`g_2 = \overline{\log(1-x)}`. The score equations
    :math:`\psi(a) - \psi(a+b) = g_1`, :math:`\psi(b) - \psi(a+b) = g_2` are solved by
    :func:`beta_newton`, started at the method-of-moments estimate
    :math:`a_0 = \bar x c`, :math:`b_0 = (1-\bar x)c`, :math:`c = \bar x(1-\bar x)/v - 1`.
    The information per observation is the matrix J of :func:`beta_newton` (observed = expected).

    Data must lie in the open interval (0, 1) (0 and 1 have zero density when a, b > 1 and make
    the log-likelihood infinite otherwise); constant data raise :class:`~estlab.DataError`, and
    so do nearly constant ones, whose spread statistics
    :math:`\log\bar x - \overline{\log x}` and the same for 1 - x (about half the squared
    coefficient of variation) are both at most :math:`2^{-40}`: a few thousand rounding units,
    which cannot fix a + b (above about 1e12) to three digits.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).beta(2.0, 5.0, size=1000)
    >>> d = Beta().fit(x)
    >>> round(d.a_, 3), round(d.b_, 3), d.converged_
    (2.049, 5.365, True)
    """

    _param_names = ("a", "b")
    _positive = ("a", "b")

    def __init__(self, *, tol=1e-10, max_iter=100):
        self.tol = tol
        self.max_iter = max_iter

    def _check_data(self, x, ext):
        check_support(x, family="Beta", low=0.0, high=1.0, low_open=True, high_open=True,
                      description="in the open interval (0, 1)", extremes=ext)

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        ext = extremes(x, ext)
        g1 = np.atleast_1d(np.mean(np.log(x), axis=-1))
        g2 = np.atleast_1d(np.mean(np.log1p(-x), axis=-1))
        m, sd, _ = normal_mle(x, ext)  # sd > 0 even for values near 1e-300 (sd^2 would underflow)
        m, sd = np.atleast_1d(m), np.atleast_1d(sd)
        # spread statistics of x and 1 - x (log mean - mean log, about CV^2 / 2 each): a sample
        # whose both are at rounding level is a point mass to double precision
        ok = np.maximum(gamma_statistics(x, ext)[2],
                        gamma_statistics(1.0 - x, complement(ext))[2]) > RESOLVABLE
        ok &= sd > 0
        sd1 = np.where(ok, sd, 1.0)
        with np.errstate(over="ignore"):
            c = np.where(ok, (m / sd1) * ((1 - m) / sd1) - 1.0, 1.0)  # m (1 - m) / v - 1
        c = np.clip(c, 1e-3, 1e300)  # moments can only suggest c <= 0 through rounding
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            a, b, n_iter, converged, hist = beta_newton(g1, g2, m * c, (1 - m) * c,
                                                        tol=self.tol, max_iter=self.max_iter)
        # spread at rounding level: c ~ 1e20 and singular J give NaN, a point mass like v = 0
        ok &= np.isfinite(a) & np.isfinite(b)
        a, b = np.where(ok, a, np.inf), np.where(ok, b, np.inf)
        shape = np.shape(np.mean(x[..., :1], axis=-1))
        info = {"loglik": n * _beta_loglik1(a, b, g1, g2).reshape(shape) if ok.all() else np.nan,
                "n_iter_": int(n_iter)}
        if x.ndim == 1:
            h = hist[:, 0, :]
            with np.errstate(invalid="ignore"):  # NaN iterates of a degenerate sample
                loglik_h = n * _beta_loglik1(h[:, 0], h[:, 1], g1[0], g2[0])
            info.update(converged_=bool(converged[0]),
                        history_={"params": h, "loglik": loglik_h})
        else:
            info["converged_"] = converged
        return {"a": a.reshape(shape), "b": b.reshape(shape)}, info

    def _check_estimates(self, x, params, ext):
        if not (np.isfinite(params["a"]) and np.isfinite(params["b"])):
            s = max(gamma_statistics(x, ext)[2][0],
                    gamma_statistics(1.0 - x, complement(ext))[2][0])
            if s > RESOLVABLE and ext.lo != ext.hi:
                raise DataError(
                    f"Beta's Newton iteration broke down in double precision for these data "
                    f"(mean {float(np.mean(x))!r}, between {float(np.min(x))!r} and "
                    f"{float(np.max(x))!r}): the MLE has a or b near 1 / min(mean x, "
                    "1 - mean x), beyond about 1e150, where the information matrix underflows. "
                    "For values this close to 0 the Beta is a Gamma(a, 1/b) in the limit: fit "
                    "Gamma to x (or to 1 - x for values close to 1) instead."
                )
            raise constant_sample_error(
                "Beta", x, "the likelihood grows without bound as a, b -> infinity (a point "
                "mass)", statistic=("the larger of log(mean x) - mean(log x) and the same for "
                                    "1 - x", float(s), RESOLVABLE))

    def _validate_params(self, params):
        if not (params["a"] > 0 and params["b"] > 0):
            raise ValueError(f"a and b must be positive; got {params}.")

    @staticmethod
    def _logpdf(x, a, b):
        valid = (x > 0) & (x < 1)
        xs = np.where(valid, x, 0.5)
        value = (a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs) - special.betaln(a, b)
        return on_support(x, valid, value)

    @staticmethod
    def _fisher1(a, b):
        tab = special.polygamma(1, a + b)
        return np.array([[special.polygamma(1, a) - tab, -tab],
                         [-tab, special.polygamma(1, b) - tab]])

    @staticmethod
    def _sample(rng, size, a, b):
        return rng.beta(a, b, size=size)
