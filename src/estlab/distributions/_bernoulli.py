"""The Bernoulli distribution: 0/1 outcomes with success probability p."""

import numpy as np
from scipy import special

from estlab._validation import check_integers
from estlab.distributions._base import DiscreteDistribution, on_support, wilson_interval

__all__ = ["Bernoulli"]


class Bernoulli(DiscreteDistribution):
    r"""Bernoulli distribution: ``P(X = 1) = p``, ``P(X = 0) = 1 - p``.

    Notes
    -----
    :math:`\ell(p) = s\log p + (n - s)\log(1 - p)` with :math:`s = \sum_i x_i`, maximised by
    :math:`\hat p = s / n`. Fisher information per observation :math:`1/(p(1-p))`, standard error
    :math:`\sqrt{\hat p(1-\hat p)/n}`.

    **Boundary.** All-success (or all-failure) data give :math:`\hat p = 1` (or 0), on the edge of
    the parameter space: the log-likelihood is 0, the standard error is 0 and the Wald interval
    collapses to the point {1}. Wilson's score interval (``method="wilson"``, the default) stays
    honest there: for ten successes out of ten it is about (0.72, 1), and so does the
    likelihood-ratio interval (``method="profile"``): (0.825, 1), where the log-likelihood
    ``10 log p`` has fallen by 1.92. ``"wald"`` is available too.

    Labels must be 0 or 1 (a 0/1 float or bool array is fine).

    Examples
    --------
    >>> d = Bernoulli().fit([1, 0, 1, 1])
    >>> d.p_, round(d.stderr_["p"], 4)
    (0.75, 0.2165)
    >>> [round(v, 3) for v in Bernoulli().fit([1] * 10).conf_int()["p"]]
    [0.722, 1.0]
    """

    _param_names = ("p",)
    _intervals = ("wald", "wilson")
    _default_interval = "wilson"
    _bounds = {"p": (0.0, 1.0)}

    def _check_data(self, x, ext):
        check_integers(x, extremes=ext, family="Bernoulli", low=0, high=1,
                       description="0/1 labels (1 = success, 0 = failure)",
                       fix="Recode the outcome, e.g. x = (labels == 'yes').astype(int).")

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        p = np.sum(x, axis=-1) / n
        loglik = n * (special.xlogy(p, p) + special.xlog1py(1 - p, -p))
        return {"p": p}, {"loglik": loglik}

    def _validate_params(self, params):
        if not 0 <= params["p"] <= 1:
            raise ValueError(f"p must be in [0, 1]; got {params['p']!r}.")

    @staticmethod
    def _logpdf(x, p):
        valid = (x == 0) | (x == 1)
        return on_support(x, valid, special.xlogy(x, p) + special.xlog1py(1 - x, -p))

    @staticmethod
    def _fisher1(p):
        return np.array([[1.0 / (p * (1 - p))]])

    def _covariance(self, x):
        # p(1-p)/n directly, so the boundary p in {0, 1} gives 0 instead of 1/inf.
        return np.array([[self.p_ * (1 - self.p_) / self.n_]])

    @staticmethod
    def _sample(rng, size, p):
        return (rng.random(size) < p).astype(np.int64)

    def _conf_int_wilson(self, level):
        return {"p": wilson_interval(self.p_, self.n_, level)}
