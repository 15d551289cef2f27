"""The geometric distribution: the number of trials up to and including the first success."""

import numpy as np
from scipy import special

from estlab._validation import check_integers
from estlab.distributions._base import DiscreteDistribution, on_support

__all__ = ["Geometric"]


class Geometric(DiscreteDistribution):
    r"""Geometric distribution on {1, 2, ...}: ``P(X = k) = (1 - p)^(k - 1) p`` (scipy's ``geom``).

    Notes
    -----
    :math:`\ell(p) = n\log p + (s - n)\log(1 - p)` with :math:`s = \sum_i x_i`, so
    :math:`\hat p = 1/\bar x`. Information per observation :math:`1/(p^2(1-p))`; standard error
    :math:`\hat p\sqrt{(1-\hat p)/n}`. If every observation is 1 (first-trial successes),
    :math:`\hat p = 1` is on the boundary and the standard error is 0. ``"wald"`` and ``"profile"``
    (likelihood-ratio) intervals; the latter reaches 1 on the boundary.
    Counting *failures* before the first success instead? Add 1 to the data.

    Examples
    --------
    >>> d = Geometric().fit([1, 3, 2, 6])
    >>> d.p_
    0.3333333333333333
    """

    _param_names = ("p",)
    _bounds = {"p": (0.0, 1.0)}

    def _check_data(self, x, ext):
        check_integers(x, extremes=ext, family="Geometric", low=1,
                       description="positive integers (trials up to the first success)")

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        p = n / np.sum(x, axis=-1)
        loglik = n * (np.log(p) + special.xlog1py(1.0 / p - 1.0, -p))
        return {"p": p}, {"loglik": loglik}

    def _validate_params(self, params):
        if not 0 < params["p"] <= 1:
            raise ValueError(f"p must be in (0, 1]; got {params['p']!r}.")

    @staticmethod
    def _logpdf(x, p):
        valid = (x >= 1) & (x == np.round(x))
        return on_support(x, valid, np.log(p) + special.xlog1py(x - 1, -p))

    @staticmethod
    def _fisher1(p):
        return np.array([[1.0 / (p * p * (1 - p))]])

    def _covariance(self, x):
        return np.array([[self.p_**2 * (1 - self.p_) / self.n_]])

    @staticmethod
    def _sample(rng, size, p):
        return rng.geometric(p, size=size)
