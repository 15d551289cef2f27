"""The log-normal distribution: log X ~ N(mu, sigma^2), fitted as a normal on the logs."""

import math

import numpy as np

from estlab._validation import check_support
from estlab.distributions._base import Distribution, on_support
from estlab.distributions._normal import (check_resolvable_spread, normal_exact_interval,
                                          normal_mle)
from estlab.distributions._numerics import constant_sample_error, extremes

__all__ = ["LogNormal"]


class LogNormal(Distribution):
    r"""Log-normal distribution: ``log X ~ N(mu, sigma^2)``; ``mu_`` and ``sigma_`` are of the log.

    Notes
    -----
    The density is :math:`f(x) = \frac{1}{x\sigma\sqrt{2\pi}} e^{-(\log x - \mu)^2 / (2\sigma^2)}`
    for x > 0. The Jacobian term :math:`-\sum \log x_i` does not involve the parameters, so the MLE
    is the normal MLE of :math:`\log x` and the standard errors are the normal ones. The median of X
    is :math:`e^\mu` (scipy's ``scale``) and the mean :math:`e^{\mu + \sigma^2/2}`.

    Intervals: ``"wald"`` (default) and ``"exact"`` (t and chi-square on the logs). Data must be
    positive; constant data raise :class:`~estlab.DataError`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).lognormal(1.0, 0.5, size=1000)
    >>> d = LogNormal().fit(x)
    >>> round(d.mu_, 3), round(d.sigma_, 3)
    (0.976, 0.488)
    """

    _param_names = ("mu", "sigma")
    _intervals = ("wald", "exact")
    _positive = ("sigma",)

    def _check_data(self, x, ext):
        check_support(x, family="LogNormal", low=0.0, low_open=True, description="positive",
                      extremes=ext)

    def _estimate(self, x, ext=None):
        logx = np.log(x)  # our own temporary: the normal fit may overwrite it
        # the log's extremes, kept for _check_estimates (never from log(min x): np.log is not
        # guaranteed monotone to the last bit)
        self._log_extremes = log_ext = extremes(logx)
        n = x.shape[-1]
        sum_log = np.sum(logx, axis=-1)  # before the normal fit turns logx into deviations
        mu, sigma, log_sigma = normal_mle(logx, log_ext, overwrite=True)
        loglik = -0.5 * n * (math.log(2 * math.pi) + 1.0) - n * log_sigma - sum_log
        return {"mu": mu, "sigma": sigma}, {"loglik": loglik}

    def _check_estimates(self, x, params, ext):
        # on the log scale, where distinct values near 1e300 can share one float log (a constant
        # x has a constant log, so the log's range decides both)
        log_ext, self._log_extremes = self._log_extremes, None
        if log_ext.lo == log_ext.hi:
            raise constant_sample_error(
                "LogNormal", x, "the MLE of sigma is 0 and the likelihood is unbounded",
                statistic=("the range of log x", 0.0))
        check_resolvable_spread("LogNormal", x, params, log_ext, of="log x")

    def _validate_params(self, params):
        if not params["sigma"] > 0:
            raise ValueError(f"sigma must be positive; got {params['sigma']!r}.")

    @staticmethod
    def _logpdf(x, mu, sigma):
        valid = x > 0
        logx = np.log(np.where(valid, x, 1.0))
        value = (-0.5 * ((logx - mu) / sigma) ** 2 - math.log(sigma)
                 - 0.5 * math.log(2 * math.pi) - logx)
        return on_support(x, valid, value)

    @staticmethod
    def _fisher1(mu, sigma):
        return np.array([[1.0 / sigma**2, 0.0], [0.0, 2.0 / sigma**2]])

    def _profile_nuisance(self, x, name, value):
        # the normal's closed forms on the log scale
        if name == "mu":
            return {"sigma": float(np.sqrt(np.mean((np.log(x) - value) ** 2)))}
        return {"mu": self.mu_}

    @staticmethod
    def _sample(rng, size, mu, sigma):
        return rng.lognormal(mu, sigma, size=size)

    def _conf_int_exact(self, level):
        return normal_exact_interval(self.mu_, self.sigma_, self.n_, level)
