"""Maximum-likelihood fits of twelve distributions, each an estimator.

``Normal().fit(x)`` returns the fitted object with the MLE as named attributes (``mu_``,
``sigma_``), ``params_``, ``loglik_``, ``aic_``, ``bic_``, ``n_``, ``stderr_``, ``cov_``, and the
methods ``fisher_information()``, ``conf_int()``, ``logpdf()`` / ``pdf()`` (``logpmf()`` /
``pmf()`` for discrete data) and ``sample()``. Gamma, Beta and Weibull are fitted by Newton's
method and also report ``n_iter_``, ``converged_`` and ``history_``.

Examples
--------
>>> from estlab.distributions import Poisson
>>> Poisson().fit([3, 1, 2]).lam_
2.0
"""

from estlab.distributions._base import Distribution, DiscreteDistribution
from estlab.distributions._bernoulli import Bernoulli
from estlab.distributions._beta import Beta
from estlab.distributions._binomial import Binomial
from estlab.distributions._categorical import Categorical
from estlab.distributions._exponential import Exponential
from estlab.distributions._gamma import Gamma
from estlab.distributions._geometric import Geometric
from estlab.distributions._lognormal import LogNormal
from estlab.distributions._normal import Normal
from estlab.distributions._poisson import Poisson
from estlab.distributions._uniform import Uniform
from estlab.distributions._weibull import Weibull

__all__ = [
    "Bernoulli",
    "Binomial",
    "Categorical",
    "Poisson",
    "Geometric",
    "Exponential",
    "Normal",
    "LogNormal",
    "Uniform",
    "Gamma",
    "Beta",
    "Weibull",
    "Distribution",
    "DiscreteDistribution",
]
