"""The continuous uniform distribution on [a, b]: the sample minimum and maximum."""

import math

import numpy as np

from estlab._errors import EstlabError
from estlab.distributions._base import Distribution, on_support
from estlab.distributions._numerics import (LN2, constant_sample_error, extremes,
                                            unrepresentable_error)

__all__ = ["Uniform"]


def log_length(a, b):
    """``log(b - a)``, as ``log(b/2 - a/2) + log 2`` where ``b - a`` overflows (-1e308, 1e308)."""
    with np.errstate(over="ignore"):
        length = np.subtract(b, a)
    return np.where(np.isfinite(length), np.log(np.where(np.isfinite(length), length, 1.0)),
                    np.log(np.divide(b, 2) - np.divide(a, 2)) + LN2)


class Uniform(Distribution):
    r"""Uniform distribution on [a, b] fitted by maximum likelihood (a *non-regular* model).

    Notes
    -----
    :math:`\ell(a, b) = -n\log(b - a)` when every :math:`x_i \in [a, b]`, and :math:`-\infty`
    otherwise, so the MLE is the tightest interval: :math:`\hat a = \min_i x_i`,
    :math:`\hat b = \max_i x_i`. The support depends on the parameters, so the usual theory does not
    apply: the MLE is **biased** inwards, :math:`E[\hat b] = b - (b - a)/(n + 1)`, its error shrinks
    like 1/n rather than :math:`1/\sqrt n`, and the Fisher information does not exist
    (:meth:`fisher_information` raises). ``unbiased_`` holds the unbiased estimators
    :math:`(n\hat a - \hat b)/(n - 1)` and :math:`(n\hat b - \hat a)/(n - 1)`.

    ``stderr_`` are the exact standard deviations of the order statistics,
    :math:`(b - a)\sqrt{n/((n+1)^2(n+2))}`, at the MLE; ``cov_`` is their exact covariance. Only the
    ``"wald"`` interval is offered and it is poor (the sampling distribution is skewed): prefer the
    bias correction in ``unbiased_``. There is no ``"profile"`` interval: the support moves with
    the parameters, so Wilks' chi-square limit does not hold (twice the log-likelihood ratio for
    the upper end tends to chi-square with 2 degrees of freedom, not 1). Data with fewer than two distinct values raise
    :class:`~estlab.DataError`.

    Examples
    --------
    >>> d = Uniform().fit([0.2, 0.9, 0.5, 0.4])
    >>> d.a_, d.b_
    (0.2, 0.9)
    >>> {k: round(v, 4) for k, v in d.unbiased_.items()}
    {'a': -0.0333, 'b': 1.1333}
    """

    _param_names = ("a", "b")
    _profile = False  # the support moves with (a, b): Wilks' theorem does not apply
    _scale_powers = {"a": 1, "b": 1}

    def _estimate(self, x, ext=None):
        n = x.shape[-1]
        a, b = extremes(x, ext)  # the MLE is the sample's range itself
        with np.errstate(divide="ignore"):
            loglik = -n * log_length(a, b)
        info = {"loglik": loglik}
        if x.ndim == 1 and n > 1:
            # a - (b - a) / (n - 1) = (n a - b) / (n - 1), with the half-length (no overflow)
            half = b / 2 - a / 2
            with np.errstate(over="ignore"):
                info["unbiased_"] = {"a": float(a - half * (2 / (n - 1))),
                                     "b": float(b + half * (2 / (n - 1)))}
            for name, value in info["unbiased_"].items():
                if not np.isfinite(value):
                    raise unrepresentable_error("Uniform", x, f"unbiased estimate of {name}",
                                                value)
        return {"a": a, "b": b}, info

    def _check_estimates(self, x, params, ext):
        if not params["b"] > params["a"]:
            raise constant_sample_error("Uniform", x, "the MLE interval has length 0")

    def _validate_params(self, params):
        if not params["b"] > params["a"]:
            raise ValueError(f"Uniform needs a < b; got a={params['a']!r}, b={params['b']!r}.")

    @staticmethod
    def _logpdf(x, a, b):
        return on_support(x, (x >= a) & (x <= b), -log_length(a, b))

    def fisher_information(self, n=None):
        """Not defined: the support of the uniform depends on its parameters.

        Raises :class:`~estlab.EstlabError`; see ``stderr_`` and ``cov_`` for the exact
        sampling variability of the MLE instead.

        Examples
        --------
        >>> Uniform.from_params(a=0.0, b=1.0).fisher_information(n=1)
        Traceback (most recent call last):
        ...
        estlab._errors.EstlabError: The Fisher information of the Uniform does not exist ...
        """
        raise EstlabError(
            "The Fisher information of the Uniform does not exist (the log-likelihood is not "
            "differentiable in a and b, because the support depends on them); the MLE's exact "
            "covariance is in cov_ after fit."
        )

    def _covariance(self, x):
        # Order statistics of n uniforms: Var(min) = Var(max) = (b-a)^2 n / ((n+1)^2 (n+2)),
        # Cov(min, max) = (b-a)^2 / ((n+1)^2 (n+2)).
        n = x.shape[-1]
        c = (self.b_ - self.a_) ** 2 / ((n + 1) ** 2 * (n + 2))
        return np.array([[n * c, c], [c, n * c]])

    def _unit_exponent(self):
        # a and b in [-1, 1) after rescaling, so b - a cannot overflow
        return int(np.frexp(max(abs(self.a_), abs(self.b_)))[1])

    @staticmethod
    def _sample(rng, size, a, b):
        return rng.uniform(a, b, size=size)
