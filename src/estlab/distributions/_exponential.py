"""The exponential distribution with rate lam: MLE 1 / mean, exact chi-square interval."""

import math

import numpy as np
from scipy import stats

from estlab._errors import DataError
from estlab._validation import check_support
from estlab.distributions._base import Distribution, on_support
from estlab.distributions._numerics import safe_mean

__all__ = ["Exponential"]


class Exponential(Distribution):
    r"""Exponential distribution with rate ``lam`` (mean 1 / lam), fitted by maximum likelihood.

    Notes
    -----
    :math:`\ell(\lambda) = n\log\lambda - \lambda\sum_i x_i`, so :math:`\hat\lambda = 1/\bar x`. The
    Fisher information per observation is :math:`1/\lambda^2`, giving the standard error
    :math:`\hat\lambda/\sqrt n`. Since :math:`2\lambda\sum_i x_i \sim \chi^2_{2n}`, the ``"exact"``
    interval (the default) is :math:`[\chi^2_{2n,\alpha/2}, \chi^2_{2n,1-\alpha/2}] / (2\sum_i x_i)`,
    with exact coverage for every n; ``"wald"`` is also available.

    Data must be non-negative; all-zero data raise :class:`~estlab.DataError` (the MLE of the rate
    is infinite). scipy's ``expon`` uses ``scale = 1 / lam``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).exponential(scale=0.5, size=1000)
    >>> d = Exponential().fit(x)
    >>> round(d.lam_, 3)
    1.957
    >>> [round(v, 3) for v in d.conf_int(0.95)["lam"]]
    [1.837, 2.08]
    """

    _param_names = ("lam",)
    _intervals = ("wald", "exact")
    _default_interval = "exact"
    _positive = ("lam",)
    _scale_powers, _scale_param = {"lam": -1}, "lam"

    def _check_data(self, x, ext):
        check_support(x, family="Exponential", low=0.0, description="non-negative",
                      extremes=ext)

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        mean = safe_mean(x, ext)  # not the sum, which overflows for values near 1e308
        with np.errstate(divide="ignore", over="ignore"):
            lam = 1.0 / mean
            loglik = -n * (np.log(mean) + 1.0)
        return {"lam": lam}, {"loglik": loglik}

    def _check_estimates(self, x, params, ext):
        if ext.hi == 0:
            raise DataError(
                f"Exponential needs at least one positive value; all {x.shape[-1]} value(s) are 0, "
                "so the MLE of the rate is infinite. Check the data's units or use a "
                "distribution with an atom at zero."
            )

    def _validate_params(self, params):
        if not params["lam"] > 0:
            raise ValueError(f"lam must be positive; got {params['lam']!r}.")

    @staticmethod
    def _logpdf(x, lam):
        return on_support(x, x >= 0, math.log(lam) - lam * x)

    @staticmethod
    def _fisher1(lam):
        return np.array([[1.0 / lam**2]])

    @staticmethod
    def _sample(rng, size, lam):
        return rng.exponential(1.0 / lam, size=size)

    def _conf_int_exact(self, level):
        # chi2 / (2 sum x) = lam chi2 / (2n): the sum overflows for values near 1e308
        alpha, n = 1.0 - level, self.n_
        lo = self.lam_ * (stats.chi2.ppf(alpha / 2, 2 * n) / (2 * n))
        hi = self.lam_ * (stats.chi2.ppf(1 - alpha / 2, 2 * n) / (2 * n))
        return {"lam": (lo, hi)}
