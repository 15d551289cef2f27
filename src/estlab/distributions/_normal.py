"""The normal distribution N(mu, sigma^2): closed-form MLE by a numerically careful two-pass."""

import math

import numpy as np
from scipy import stats

from estlab.distributions._base import Distribution
from estlab.distributions._numerics import (LN2, RESOLVABLE, constant_sample_error,
                                            moderate_exponent, rescale)

__all__ = ["Normal"]


def normal_mle(x, ext=None, *, overwrite=False):
    """``(mu, sigma)`` along the last axis by the corrected two-pass algorithm.

    ``sigma^2 = mean(d^2) - mean(d)^2`` with ``d = x - mean(x)``: the deviations are small numbers
    computed exactly, and the second term removes the rounding error of the mean (Chan, Golub and
    LeVeque, 1983). Never ``mean(x^2) - mean(x)^2``, which loses every digit when the mean is
    large compared with the spread (mean 1e7, sd 0.1).

    Beyond moderate magnitudes (:func:`~estlab.distributions._numerics.moderate_exponent`) the
    passes run on ``y = x 2^-e`` with ``max |y|`` in [0.5, 1) (exact), so neither the sum of
    values near 1e308 overflows nor the squares of deviations near 1e-300 underflow; ``mu`` and
    ``sigma`` are mapped back by ``2^e``. Also returns ``log sigma``, finite even where ``sigma^2`` is not.

    ``ext``: the :class:`~estlab.distributions._numerics.Extremes` of ``x`` if known (they fix
    ``e`` without a pass). The deviations overwrite the rescaled copy ``y`` where there is one,
    and ``x`` itself only with ``overwrite=True``, for a caller whose ``x`` is its own temporary
    (LogNormal's logs); never the caller's data.
    """
    e = moderate_exponent(x, ext)
    y = rescale(x, e)
    mu = np.mean(y, axis=-1)
    d = np.subtract(y, mu[..., None], out=y if overwrite or y is not x else None)
    n = x.shape[-1]
    ss = (d @ d if d.ndim == 1 else np.einsum("...i,...i->...", d, d)) / n
    sigma = np.sqrt(np.maximum(ss - (np.sum(d, axis=-1) / n) ** 2, 0.0))
    with np.errstate(divide="ignore"):
        log_sigma = np.log(sigma) + e * LN2
    return np.ldexp(mu, e), np.ldexp(sigma, e), log_sigma


class Normal(Distribution):
    r"""Normal distribution N(mu, sigma^2) fitted by maximum likelihood.

    Notes
    -----
    The log-likelihood of a sample :math:`x_1, \dots, x_n` is

    .. math:: \ell(\mu, \sigma) = -\frac{n}{2}\log(2\pi\sigma^2) - \frac{1}{2\sigma^2}\sum_i (x_i - \mu)^2,

    maximised by :math:`\hat\mu = \bar x` and :math:`\hat\sigma^2 = \frac1n \sum_i (x_i - \bar x)^2`
    (divisor n, so :math:`\hat\sigma^2` is biased by the factor (n-1)/n). The Fisher information of one
    observation is diag(1/sigma^2, 2/sigma^2), so the standard errors are
    :math:`\hat\sigma/\sqrt n` and :math:`\hat\sigma/\sqrt{2n}`.

    Intervals: ``"wald"`` (default), ``"exact"`` (Student t for mu, chi-square for sigma) and
    ``"profile"`` (likelihood ratio, the other parameter maximised out in closed form).
    Constant data (sigma = 0) raise :class:`~estlab.DataError`: the likelihood is unbounded. So
    do samples constant to rounding, with :math:`\hat\sigma \le 2^{-40}\max|x_i|` (a few
    thousand rounding units): float64 cannot store :math:`\hat\mu` closer to the MLE than a
    visible fraction of :math:`\hat\sigma` there. Any finite data otherwise: the passes run on
    data rescaled by a power of two, so values near 1e-300 or 1e300 are fitted exactly.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(10.0, 2.0, size=1000)
    >>> d = Normal().fit(x)
    >>> round(d.mu_, 3), round(d.sigma_, 3)
    (9.904, 1.954)
    >>> round(d.stderr_["mu"], 4)
    0.0618
    """

    _param_names = ("mu", "sigma")
    _intervals = ("wald", "exact")
    _positive = ("sigma",)
    _scale_powers, _scale_param = {"mu": 1, "sigma": 1}, "sigma"

    def _estimate(self, x, ext=None):
        mu, sigma, log_sigma = normal_mle(x, ext)
        n = x.shape[-1]
        loglik = -0.5 * n * (math.log(2 * math.pi) + 1.0) - n * log_sigma
        return {"mu": mu, "sigma": sigma}, {"loglik": loglik}

    def _check_estimates(self, x, params, ext):
        check_resolvable_spread("Normal", x, params, ext)

    def _validate_params(self, params):
        if not params["sigma"] > 0:
            raise ValueError(f"sigma must be positive; got {params['sigma']!r}.")

    @staticmethod
    def _logpdf(x, mu, sigma):
        # x / sigma - mu / sigma: x - mu overflows for values of opposite signs near 1e308
        return -0.5 * (x / sigma - mu / sigma) ** 2 - math.log(sigma) - 0.5 * math.log(2 * math.pi)

    @staticmethod
    def _fisher1(mu, sigma):
        return np.array([[1.0 / sigma**2, 0.0], [0.0, 2.0 / sigma**2]])

    @staticmethod
    def _sample(rng, size, mu, sigma):
        return rng.normal(mu, sigma, size=size)

    def _profile_nuisance(self, x, name, value):
        # sigma^2(mu) = mean (x - mu)^2 given mu; mu(sigma) = xbar given sigma
        if name == "mu":
            return {"sigma": float(np.sqrt(np.mean((x / 2.0 - value / 2.0) ** 2)) * 2.0)}
        return {"mu": self.mu_}

    def _conf_int_exact(self, level):
        # (mu - xbar) / (s / sqrt(n)) ~ t(n-1) and n sigma_hat^2 / sigma^2 ~ chi2(n-1)
        return normal_exact_interval(self.mu_, self.sigma_, self.n_, level)


def check_resolvable_spread(family, x, params, ext, *, of="x"):
    """Raise for a constant sample, or one whose sigma is within ``2^12`` rounding units of it.

    ``ext`` are the :class:`~estlab.distributions._numerics.Extremes` of the values the normal
    was fitted to (``x``, or ``log x`` for the LogNormal: ``of`` names them); their size is the
    largest magnitude, ``max(hi, -lo)``. ``mu`` is stored to half a rounding unit of that size;
    with sigma that small the stored ``mu`` is off by a visible fraction of sigma, and the
    fitted density no longer reproduces the maximised likelihood: the sample is constant to
    rounding.
    """
    lo, hi = ext
    size = max(hi, -lo)
    if lo == hi or not params["sigma"] > RESOLVABLE * size:
        raise constant_sample_error(
            family, x, "the MLE of sigma is 0 and the likelihood is unbounded",
            statistic=(f"sigma / max|{of}|", params["sigma"] / size if size else 0.0,
                       RESOLVABLE))


def normal_exact_interval(mu, sigma, n, level):
    """t interval for mu and chi-square interval for sigma from the MLEs of a normal sample."""
    alpha = 1.0 - level
    t = stats.t.ppf(1 - alpha / 2, n - 1)
    half = t * sigma / math.sqrt(n - 1)
    # sigma sqrt(n / chi2): never the sum of squares n sigma^2, which overflows beyond 1e154
    lo = sigma * math.sqrt(n / stats.chi2.ppf(1 - alpha / 2, n - 1))
    hi = sigma * math.sqrt(n / stats.chi2.ppf(alpha / 2, n - 1))
    return {"mu": (mu - half, mu + half), "sigma": (lo, hi)}
