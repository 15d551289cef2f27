"""The Poisson distribution for counts: MLE the mean, score interval."""

import numpy as np
from scipy import special

from estlab._validation import as_1d_array, check_integers
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

    def _check_data(self, x):
        x = as_1d_array(x)
        return check_integers(x, family="Poisson")

    def _estimate(self, x):
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
        return on_support(x, valid, special.xlogy(xs, lam) - lam - special.gammaln(xs + 1))

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


def poisson_score_interval(lam_hat, n, level):
    """Roots of (lam_hat - lam)^2 = z^2 lam / n (arrays broadcast)."""
    z = z_value(level)
    centre = lam_hat + z * z / (2 * n)
    half = z * np.sqrt(lam_hat / n + z * z / (4 * n * n))
    return np.maximum(centre - half, 0.0), centre + half
