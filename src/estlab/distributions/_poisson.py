"""The Poisson distribution for counts: MLE the mean, score interval."""

import math

import numpy as np
from scipy import special

from estlab._validation import check_integers
from estlab.distributions._base import DiscreteDistribution, count_loglik, on_support, z_value

__all__ = ["Poisson"]


class Poisson(DiscreteDistribution):
    r"""Poisson distribution with rate ``lam``: ``P(X = k) = lam^k e^(-lam) / k!``.

    Notes
    -----
    :math:`\ell(\lambda) = s\log\lambda - n\lambda - \sum_i \log x_i!` with :math:`s = \sum_i x_i`,
    so :math:`\hat\lambda = \bar x`. Information per observation :math:`1/\lambda`; standard error
    :math:`\sqrt{\hat\lambda/n}`.

    Intervals: ``"score"`` (default) inverts the score test
    :math:`|\bar x - \lambda| \le z\sqrt{\lambda/n}`, the Poisson analogue of Wilson's interval:
    :math:`\hat\lambda + z^2/(2n) \pm z\sqrt{\hat\lambda/n + z^2/(4n^2)}`. ``"wald"`` is available
    but poor for small counts.

    **Boundary.** All-zero counts give :math:`\hat\lambda = 0`: log-likelihood 0, standard error 0,
    a Wald interval collapsed to {0}; the score interval is :math:`[0, z^2/n]`.

    Examples
    --------
    >>> d = Poisson().fit([2, 0, 3, 1])
    >>> d.lam_, d.stderr_["lam"]
    (1.5, 0.6123724356957945)
    >>> [round(v, 3) for v in Poisson().fit([0, 0, 0, 0]).conf_int()["lam"]]
    [0.0, 0.96]
    """

    _param_names = ("lam",)
    _intervals = ("wald", "score")
    _default_interval = "score"
    _bounds = {"lam": (0.0, float("inf"))}

    def _check_data(self, x, ext):
        check_integers(x, extremes=ext, family="Poisson")

    def _estimate(self, x, ext=None):
        lam = np.mean(x, axis=-1)
        if x.ndim > 1:
            return {"lam": lam}, {}
        return {"lam": lam}, {"loglik": count_loglik(x, lambda v: self._logpdf(v, lam))}

    def _validate_params(self, params):
        if not params["lam"] >= 0:
            raise ValueError(f"lam must be non-negative; got {params['lam']!r}.")

    @staticmethod
    def _logpdf(x, lam):
        valid = (x >= 0) & (x == np.round(x))
        xs = np.where(valid, x, 0.0)
        return on_support(x, valid, poisson_logpmf(xs, lam))

    @staticmethod
    def _fisher1(lam):
        return np.array([[1.0 / lam]])

    def _covariance(self, x):
        return np.array([[self.lam_ / self.n_]])

    @staticmethod
    def _sample(rng, size, lam):
        return rng.poisson(lam, size=size)

    def _conf_int_score(self, level):
        return {"lam": poisson_score_interval(self.lam_, self.n_, level)}


_LARGE = 1e3  # from here on the terms of x log lam - lam - log x! cancel visibly
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _stirlerr(x):
    """``log x! - (x log x - x + log(2 pi x) / 2)`` for x >= 1e3 (Stirling's series)."""
    r = 1.0 / x
    return r * (1 / 12 - r * r * (1 / 360 - r * r * (1 / 1260 - r * r / 1680)))


def _bd0(x, lam):
    """``x log(x / lam) + lam - x >= 0`` without cancellation (Loader, 2000).

    Near ``x = lam`` the three terms cancel to about ``(x - lam)^2 / (2 lam)``; there the series
    ``(x - lam) v + 2 x sum_j v^(2j+1) / (2j + 1)`` in ``v = (x - lam) / (x + lam)`` is used.
    """
    near = np.abs(x - lam) < 0.1 * (x + lam)
    v = np.where(near, (x - lam) / np.where(near, x + lam, 1.0), 0.0)
    total, term = (x - lam) * v, 2.0 * x * v
    for j in range(1, 12):  # |v| < 0.1: each term is 100 times smaller than the last
        term = term * v * v
        total = total + term / (2 * j + 1)
    with np.errstate(divide="ignore", over="ignore"):
        ratio = x / lam  # log(x / lam) is the more accurate, unless the ratio overflows
        log_ratio = np.where(np.isfinite(ratio), np.log(ratio), np.log(x) - np.log(lam))
        far = x * log_ratio + lam - x
    return np.where(near, total, far)


def poisson_logpmf(x, lam):
    r"""``log P(X = x)`` for counts ``x >= 0``, accurate up to counts near 1e308.

    For ``x < 1000`` the direct :math:`x\log\lambda - \lambda - \log x!`. Beyond, those terms are
    huge and cancel (at x = lam = 1e300 each is about 7e302 and the answer is -346), so the
    saddle-point form :math:`-\tfrac12\log(2\pi x) - \mathrm{stirlerr}(x) - \mathrm{bd0}(x,
    \lambda)` of Loader (2000) is used, whose terms are all of the size of the answer.
    """
    large = x >= _LARGE
    xs = np.where(large, _LARGE, x)
    direct = special.xlogy(xs, lam) - lam - special.gammaln(xs + 1)
    xl = np.where(large, x, _LARGE)
    saddle = -(_HALF_LOG_2PI + 0.5 * np.log(xl)) - _stirlerr(xl) - _bd0(xl, lam)
    return np.where(large, saddle, direct)


def poisson_score_interval(lam_hat, n, level):
    """Roots of (lam_hat - lam)^2 = z^2 lam / n (arrays broadcast)."""
    z = z_value(level)
    centre = lam_hat + z * z / (2 * n)
    half = z * np.sqrt(lam_hat / n + z * z / (4 * n * n))
    return np.maximum(centre - half, 0.0), centre + half
