"""The binomial distribution with a known number of trials."""

import numbers

import numpy as np
from scipy import special

from estlab._validation import check_integers
from estlab.distributions._base import (DiscreteDistribution, count_loglik, on_support,
                                        wilson_interval)

__all__ = ["Binomial"]


class Binomial(DiscreteDistribution):
    r"""Binomial(n_trials, p) with ``n_trials`` known: each observation counts successes.

    Parameters
    ----------
    n_trials : int, default=1
        Number of trials behind every observation (a hyperparameter, not estimated).

    Notes
    -----
    With :math:`m` = ``n_trials`` and :math:`s = \sum_i x_i`,
    :math:`\ell(p) = \sum_i \log\binom{m}{x_i} + s\log p + (nm - s)\log(1 - p)`, so
    :math:`\hat p = s / (nm)`: the pooled success proportion. The information per observation is
    :math:`m / (p(1-p))`. Boundaries as for :class:`Bernoulli` (p on {0, 1}: standard error 0,
    Wilson still informative); ``"wilson"`` (default) and ``"wald"`` intervals.

    Examples
    --------
    >>> d = Binomial(n_trials=10).fit([3, 5, 4])
    >>> d.p_
    0.4
    >>> [round(v, 3) for v in d.conf_int()["p"]]
    [0.246, 0.577]
    """

    _param_names = ("p",)
    _intervals = ("wald", "wilson")
    _default_interval = "wilson"
    _bounds = {"p": (0.0, 1.0)}

    def __init__(self, *, n_trials=1):
        self.n_trials = n_trials

    def _check_hyperparameters(self):
        m = self.n_trials
        if isinstance(m, bool) or not isinstance(m, numbers.Integral) or m < 1:
            raise ValueError(
                f"n_trials must be a positive integer (the known number of trials per "
                f"observation); got {m!r}. Pass e.g. Binomial(n_trials=10)."
            )

    def _check_data(self, x, ext):
        check_integers(x, extremes=ext, family=f"Binomial(n_trials={self.n_trials})", low=0,
                       high=self.n_trials)

    def _estimate(self, x, ext=None):
        n, m = x.shape[-1], self.n_trials
        p = np.sum(x, axis=-1) / (n * m)
        if x.ndim > 1:
            return {"p": p}, {}
        return {"p": p}, {"loglik": count_loglik(x, lambda v: self._logpdf(v, p))}

    def _validate_params(self, params):
        self._check_hyperparameters()
        if not 0 <= params["p"] <= 1:
            raise ValueError(f"p must be in [0, 1]; got {params['p']!r}.")

    def _logpdf(self, x, p):
        m = self.n_trials
        valid = (x >= 0) & (x <= m) & (x == np.round(x))
        xs = np.where(valid, x, 0.0)
        logc = special.gammaln(m + 1) - special.gammaln(xs + 1) - special.gammaln(m - xs + 1)
        return on_support(x, valid, logc + special.xlogy(xs, p) + special.xlog1py(m - xs, -p))

    def _fisher1(self, p):
        return np.array([[self.n_trials / (p * (1 - p))]])

    def _covariance(self, x):
        return np.array([[self.p_ * (1 - self.p_) / (self.n_ * self.n_trials)]])

    def _sample(self, rng, size, p):
        return rng.binomial(self.n_trials, p, size=size)

    def _conf_int_wilson(self, level):
        return {"p": wilson_interval(self.p_, self.n_ * self.n_trials, level)}
