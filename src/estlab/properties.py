r"""Properties of estimators by simulation: bias, variance, MSE, the Cramer-Rao bound, consistency.

An estimator is a random variable: draw a new sample, get a new estimate. Its *sampling
distribution* is what :func:`simulate` approximates, by drawing ``n_rep`` samples of size ``n``
from a distribution with known parameters and estimating from each. All replications are
estimated at once, along the last axis of an ``(n_rep, n)`` array: the MLEs of
:mod:`estlab.distributions` are written that way (Gamma, Beta and Weibull run Newton's method on
all replications together), and so can any NumPy function (``lambda x: x.std(axis=-1, ddof=1)``).

For an estimator :math:`\hat\theta` of :math:`\theta`,

.. math::
    \mathrm{bias} = E[\hat\theta] - \theta, \quad
    \mathrm{Var} = E[(\hat\theta - E\hat\theta)^2], \quad
    \mathrm{MSE} = E[(\hat\theta - \theta)^2] = \mathrm{bias}^2 + \mathrm{Var},

and every *unbiased* estimator from n observations has variance at least the Cramer-Rao bound
:math:`[I_n(\theta)^{-1}]_{jj}`, the inverse of the Fisher information. The MLE attains it as
:math:`n \to \infty`; :func:`consistency` shows bias and MSE shrinking as n grows.
"""

import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from estlab._errors import ConvergenceWarning, EstlabError
from estlab._validation import check_positive, check_random_state

__all__ = ["SamplingDistribution", "Consistency", "simulate", "consistency",
           "plot_sampling_distribution", "plot_consistency"]

_CHUNK = 2_000_000  # values per simulated block: bounds memory for any n_rep * n


@dataclass(frozen=True)
class SamplingDistribution:
    """Simulated sampling distribution: ``n_rep`` estimates from samples of size ``n``.

    Attributes
    ----------
    estimates : dict of str -> ndarray of shape (n_rep,)
        The estimates of each parameter, one per simulated sample.
    truth : dict of str -> float
        The parameter values the samples were drawn with.
    n, n_rep : int
        Sample size and number of replications.
    crlb : dict of str -> float, or None
        Cramer-Rao bound on the variance of an unbiased estimator of each parameter from ``n``
        observations (None where the Fisher information does not exist, e.g. Uniform).

    Examples
    --------
    >>> from estlab.distributions import Normal
    >>> sim = simulate(Normal.from_params(mu=0.0, sigma=1.0), n=10, n_rep=20_000, random_state=0)
    >>> round(sim.bias["sigma"], 2)  # E[sigma_hat] < sigma: the MLE divides by n
    -0.08
    >>> round(sim.variance["mu"], 3), sim.crlb["mu"]  # var(x_bar) = sigma^2 / n, the bound
    (0.1, 0.1)
    """

    estimates: dict
    truth: dict
    n: int
    n_rep: int
    crlb: dict | None = None

    @property
    def mean(self):
        """Average estimate per parameter (approximates the expected value)."""
        return {k: float(np.mean(v)) for k, v in self.estimates.items()}

    @property
    def bias(self):
        """Mean estimate minus the true value, per parameter."""
        return {k: float(np.mean(v) - self.truth[k]) for k, v in self.estimates.items()}

    @property
    def variance(self):
        """Variance of the estimates across replications (divisor n_rep - 1)."""
        return {k: float(np.var(v, ddof=1)) for k, v in self.estimates.items()}

    @property
    def mse(self):
        """Mean squared error around the true value: bias^2 + variance (up to simulation noise)."""
        return {k: float(np.mean((v - self.truth[k]) ** 2)) for k, v in self.estimates.items()}

    @property
    def efficiency(self):
        """Cramer-Rao bound divided by the simulated variance (1 = efficient), or None."""
        if self.crlb is None:
            return None
        return {k: self.crlb[k] / self.variance[k] for k in self.estimates}

    def summary(self):
        """A small text table: truth, mean, bias, variance, MSE and the Cramer-Rao bound.

        Examples
        --------
        >>> from estlab.distributions import Poisson
        >>> sim = simulate(Poisson.from_params(lam=4.0), n=50, n_rep=1000, random_state=1)
        >>> print(sim.summary())  # doctest: +NORMALIZE_WHITESPACE
        parameter      truth       mean       bias   variance        mse       CRLB
        lam           4      3.99...
        """
        head = f"{'parameter':<10}" + "".join(f"{c:>11}" for c in
                                               ("truth", "mean", "bias", "variance", "mse", "CRLB"))
        rows = [head]
        mean, bias, var, mse = self.mean, self.bias, self.variance, self.mse
        for k in self.estimates:
            crlb = float("nan") if self.crlb is None else self.crlb[k]
            values = (self.truth[k], mean[k], bias[k], var[k], mse[k], crlb)
            rows.append(f"{k:<10}" + "".join(f"{v:>11.4g}" for v in values))
        return "\n".join(rows)


@dataclass(frozen=True)
class Consistency:
    """Bias, variance, MSE and Cramer-Rao bound of an estimator for a range of sample sizes.

    Attributes
    ----------
    ns : ndarray of int
    bias, variance, mse : dict of str -> ndarray, one entry per sample size
    crlb : dict of str -> ndarray, or None
    results : tuple of SamplingDistribution

    Examples
    --------
    >>> from estlab.distributions import Poisson
    >>> c = consistency(Poisson.from_params(lam=2.0), [10, 100], n_rep=500, random_state=0)
    >>> c.ns.tolist(), c.crlb["lam"].tolist()  # CRLB lam / n
    ([10, 100], [0.2, 0.02])
    >>> len(c.results), c.results[1].n
    (2, 100)
    """

    ns: np.ndarray
    bias: dict
    variance: dict
    mse: dict
    crlb: dict | None
    results: tuple


def _mle_of(dist):
    """A vectorised MLE ``x (m, n) -> dict of (m,) arrays`` with dist's hyperparameters."""
    if not hasattr(dist, "_estimate"):
        raise TypeError(
            f"{type(dist).__name__} has no vectorised MLE; pass estimator=a function of an "
            "(n_rep, n) array returning (n_rep,) estimates."
        )
    fresh = type(dist)(**dist.get_params(deep=False))
    fresh._check_hyperparameters()

    def estimate(x):
        with np.errstate(divide="ignore", invalid="ignore"):
            params, info = fresh._estimate(x)
        converged = info.get("converged_")
        if converged is not None and not np.all(converged):
            warnings.warn(
                f"{type(dist).__name__}: Newton did not converge in {np.sum(~converged)} of "
                f"{np.size(converged)} replications; increase max_iter (e.g. "
                f"{type(dist).__name__}(max_iter=500)).", ConvergenceWarning, stacklevel=3)
        return {k: np.asarray(v, dtype=float) for k, v in params.items()}

    return estimate


def _crlb(dist, n, names):
    try:
        info = dist.fisher_information(n=n)
    except EstlabError:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.diag(np.linalg.pinv(info)) if np.all(np.isfinite(info)) else None
    if bound is None:
        return None
    all_names = list(dist.params_)
    return {k: float(bound[all_names.index(k)]) for k in names if k in all_names}


def simulate(dist, n, *, estimator=None, param=None, n_rep=10_000, random_state=None):
    """Simulate the sampling distribution of an estimator on samples of size ``n`` from ``dist``.

    Parameters
    ----------
    dist : estlab distribution with parameters
        E.g. ``Normal.from_params(mu=0, sigma=1)`` or any fitted distribution: the truth.
    n : int
        Sample size.
    estimator : None, estlab distribution, or callable, default=None
        None: the MLE of ``dist``'s family. A distribution instance: its MLE with its
        hyperparameters (``Gamma(max_iter=3)``). A callable: ``f(samples)`` with ``samples`` of
        shape ``(m, n)`` returning estimates of shape ``(m,)`` (or a dict of such arrays keyed by
        parameter name).
    param : str, optional
        Which parameter a callable returning an array estimates (needed when ``dist`` has several).
    n_rep : int, default=10_000
        Number of simulated samples.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    SamplingDistribution

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.distributions import Normal
    >>> truth = Normal.from_params(mu=0.0, sigma=1.0)
    >>> s = simulate(truth, n=5, estimator=lambda x: x.std(axis=-1, ddof=1), param="sigma",
    ...              n_rep=20_000, random_state=0)
    >>> round(s.mean["sigma"], 2)  # ddof=1 makes the variance unbiased, not the sd
    0.94
    """
    n = check_positive(n, "n", integer=True)
    n_rep = check_positive(n_rep, "n_rep", integer=True)
    rng = check_random_state(random_state)
    truth = dict(dist._params_or_raise())
    if estimator is None or hasattr(estimator, "_estimate"):
        fn = _mle_of(dist if estimator is None else estimator)
    elif callable(estimator):
        if param is None:
            if len(truth) != 1:
                raise ValueError(f"param is required for a callable estimator of a distribution "
                                 f"with parameters {list(truth)}; e.g. param={list(truth)[-1]!r}.")
            param = next(iter(truth))
        if param not in truth:
            raise ValueError(f"param must be one of {list(truth)}; got {param!r}.")

        def fn(x):
            out = estimator(x)
            return out if isinstance(out, dict) else {param: np.asarray(out, dtype=float)}
    else:
        raise TypeError(f"estimator must be None, an estlab distribution or a callable; got "
                        f"{type(estimator).__name__}.")
    chunk = max(1, _CHUNK // n)
    parts = []
    for start in range(0, n_rep, chunk):
        m = min(chunk, n_rep - start)
        parts.append(fn(dist.sample((m, n), random_state=rng)))
    estimates = {k: np.concatenate([np.atleast_1d(p[k]) for p in parts]) for k in parts[0]}
    for k, v in estimates.items():
        if v.shape != (n_rep,):
            raise ValueError(f"the estimator must return one estimate per sample, shape "
                             f"({n_rep},); got {v.shape} for {k!r}. Reduce along axis=-1.")
    return SamplingDistribution(estimates=estimates, truth={k: truth[k] for k in estimates},
                                n=n, n_rep=n_rep, crlb=_crlb(dist, n, list(estimates)))


def consistency(dist, ns, *, estimator=None, param=None, n_rep=2_000, random_state=None):
    """Bias, variance and MSE of an estimator as the sample size grows.

    A consistent estimator has bias and variance tending to 0; an efficient one has variance
    approaching the Cramer-Rao bound.

    Parameters
    ----------
    dist, estimator, param, n_rep, random_state
        As in :func:`simulate`.
    ns : sequence of int
        Sample sizes.

    Returns
    -------
    Consistency

    Examples
    --------
    >>> from estlab.distributions import Exponential
    >>> c = consistency(Exponential.from_params(lam=2.0), [10, 100, 1000], random_state=0)
    >>> [round(b, 2) for b in c.bias["lam"].tolist()]  # exact bias lam / (n - 1): 0.22, 0.02, 0.002
    [0.24, 0.02, 0.0]
    >>> bool(c.mse["lam"][2] < c.mse["lam"][1] < c.mse["lam"][0])
    True
    """
    if isinstance(ns, numbers.Integral) or len(ns) == 0:
        raise ValueError(f"ns must be a non-empty sequence of sample sizes; got {ns!r}.")
    rng = check_random_state(random_state)
    results = tuple(simulate(dist, int(n), estimator=estimator, param=param, n_rep=n_rep,
                             random_state=rng) for n in ns)
    names = list(results[0].estimates)

    def stack(attr):
        return {k: np.array([getattr(r, attr)[k] for r in results]) for k in names}

    crlb = None if results[0].crlb is None else {
        k: np.array([r.crlb[k] for r in results]) for k in names}
    return Consistency(ns=np.array([int(n) for n in ns]), bias=stack("bias"),
                       variance=stack("variance"), mse=stack("mse"), crlb=crlb, results=results)


def plot_sampling_distribution(result, param=None, *, bins=50):
    """Histogram of the estimates with the truth, the mean and the normal curve of the CRLB.

    Returns a matplotlib ``Figure`` (matplotlib is imported only here).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from estlab.distributions import Poisson
    >>> sim = simulate(Poisson.from_params(lam=3.0), n=30, n_rep=2000, random_state=0)
    >>> fig = plot_sampling_distribution(sim)
    >>> fig.axes[0].get_xlabel()
    'lam'
    """
    import matplotlib.pyplot as plt

    param = next(iter(result.estimates)) if param is None else param
    est, truth = result.estimates[param], result.truth[param]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist(est, bins=bins, density=True, color="0.75", label=f"{result.n_rep} estimates")
    ax.axvline(truth, color="k", label="truth")
    ax.axvline(np.mean(est), color="C1", linestyle="--", label="mean estimate")
    if result.crlb is not None:
        grid = np.linspace(est.min(), est.max(), 200)
        sd = np.sqrt(result.crlb[param])
        ax.plot(grid, np.exp(-0.5 * ((grid - truth) / sd) ** 2) / (sd * np.sqrt(2 * np.pi)),
                color="C0", label="N(truth, CRLB)")
    ax.set_xlabel(param)
    ax.set_ylabel("density")
    ax.set_title(f"Sampling distribution, n = {result.n}")
    ax.legend(frameon=False, fontsize="small")
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_consistency(result, param=None):
    """Squared bias, variance, MSE and the Cramer-Rao bound against n on log-log axes (a Figure).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from estlab.distributions import Exponential
    >>> c = consistency(Exponential.from_params(lam=2.0), [10, 100], n_rep=500, random_state=0)
    >>> plot_consistency(c).axes[0].get_xscale()
    'log'
    """
    import matplotlib.pyplot as plt

    param = next(iter(result.bias)) if param is None else param
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.loglog(result.ns, result.mse[param], "o-", label="MSE")
    ax.loglog(result.ns, result.variance[param], "s--", label="variance")
    ax.loglog(result.ns, np.maximum(result.bias[param] ** 2, 1e-300), "^:", label="bias$^2$")
    if result.crlb is not None:
        ax.loglog(result.ns, result.crlb[param], "k-", label="Cramer-Rao bound")
    ax.set_xlabel("sample size n")
    ax.set_ylabel(param)
    ax.legend(frameon=False, fontsize="small")
    fig.tight_layout()
    plt.close(fig)
    return fig
