"""What every estlab distribution shares: fit, log-likelihood, information, intervals, sampling.

A distribution here is an *estimator*: ``fit(x)`` computes the maximum-likelihood estimate
(MLE) of its parameters from a sample. A subclass writes only the mathematics:

* ``_check_data(x, ext)``: raise unless the sample (a finite 1-D float array, already checked)
  lies in the support (integers ...), mostly from ``ext``, its
  :class:`~estlab.distributions._numerics.Extremes` (``ext.lo``, ``ext.hi``: min and max);
* ``_estimate(x, ext=None)``: the MLE along the last axis of ``x`` (one sample of shape ``(n,)``
  or ``n_rep`` samples of shape ``(n_rep, n)``, for which ``ext`` may be None), returning
  ``(params, info)``: a dict of parameter arrays and a dict of extra fitted values (``loglik``
  when it is cheaper from sufficient statistics, ``n_iter_`` / ``converged_`` / ``history_``
  for Newton fits);
* ``_check_estimates(x, params, ext)``: raise for degenerate samples (constant ...);
* ``_logpdf(x, **params)``: log density (log mass for discrete data), ``-inf`` off the support;
* ``_fisher1(**params)``: the Fisher information of *one* observation, a ``(k, k)`` matrix;
* ``_sample(rng, size, **params)``.

Everything else (attributes, AIC/BIC, standard errors, Wald intervals) lives here once.

``fit`` reads the sample's minimum and maximum once: that pair proves it finite, checks the
support, detects a constant sample and fixes the exponent of any rescaling, so the data are
passed over only as often as the estimate itself needs.
"""

import copy
import math
import warnings

import numpy as np
from scipy import optimize, stats

from estlab._errors import ConvergenceWarning, DataError, NotFittedError
from estlab._validation import (as_1d_array, check_finite_fast, check_level, check_positive,
                                check_random_state)
from estlab.base import BaseEstimator
from estlab.distributions._numerics import extremes, unrepresentable_error
from estlab.inference import delta_method, profile_interval
from estlab.inference._profile import _from_free, _to_free

__all__ = ["Distribution", "DiscreteDistribution", "z_value", "wilson_interval", "on_support",
           "count_loglik"]


def z_value(level):
    """The two-sided standard normal quantile ``z`` with ``P(|Z| <= z) = level``."""
    return float(stats.norm.ppf(0.5 + level / 2.0))


def wilson_interval(p_hat, n_trials, level):
    """Wilson's score interval for a binomial proportion (arrays broadcast).

    It inverts the score test ``|p_hat - p| <= z sqrt(p (1 - p) / N)``, so unlike Wald's it never
    leaves [0, 1] and does not collapse to a point when ``p_hat`` is 0 or 1.
    """
    z = z_value(level)
    z2n = z * z / n_trials
    centre = (p_hat + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * np.sqrt(p_hat * (1.0 - p_hat) / n_trials + z2n / (4.0 * n_trials))
    return np.maximum(centre - half, 0.0), np.minimum(centre + half, 1.0)


class Distribution(BaseEstimator):
    """Base class of the maximum-likelihood distributions (continuous data).

    Fitted attributes (set by :meth:`fit`): one attribute per parameter (``mu_``, ``sigma_``
    ...), ``params_`` (dict name -> float), ``n_`` (sample size), ``loglik_`` (maximised
    log-likelihood), ``aic_`` = 2k - 2 loglik, ``bic_`` = k log n - 2 loglik, ``cov_`` (estimated
    covariance matrix of the MLE, parameters in the order of ``params_``) and ``stderr_`` (dict
    name -> standard error, the square roots of the diagonal of ``cov_``).

    Examples
    --------
    >>> from estlab.distributions import Distribution, Exponential
    >>> d = Exponential().fit([0.5, 1.0, 1.5])
    >>> isinstance(d, Distribution), d.params_, round(d.aic_, 4)
    (True, {'lam': 1.0}, 8.0)
    """

    _param_names = ()
    _intervals = ("wald",)
    _default_interval = "wald"
    _positive = ()  # parameters whose MLE must be > 0 (0 means it underflowed)
    _scale_powers = None  # scale families: {param: power of the data's unit}, see _inference
    _scale_param = None
    _bounds = {}  # {param: (low, high)} of the parameter space; default from _positive
    _profile = True  # offers conf_int(method="profile") (False where Wilks' theorem fails)

    # ----------------------------------------------------------------- fitting
    def fit(self, x):
        """Compute the maximum-likelihood estimate from a sample; returns ``self``.

        Parameters
        ----------
        x : array-like of shape (n_samples,)
            One sample. Refitting discards everything learned before.

        Returns
        -------
        self

        Examples
        --------
        >>> from estlab.distributions import Normal
        >>> d = Normal().fit([1.0, 2.0, 4.0])
        >>> d.params_
        {'mu': 2.333333, 'sigma': 1.247219}
        >>> round(d.loglik_, 4), d.n_
        (-4.9196, 3)
        """
        self._reset()
        self._fit_data = None  # private (no trailing _): neither a fitted attribute nor saved
        self._check_hyperparameters()
        x = as_1d_array(x, finite=False)
        ext = extremes(x)  # finite? in the support? constant? what scale? (one pair of passes)
        check_finite_fast(x, ext, name="x")  # NaN propagates into min and max; inf is one of them
        self._check_data(x, ext)
        params, info = self._estimate(x, ext)
        params = {name: float(params[name]) for name in self._names()}
        self._check_estimates(x, params, ext)
        family = type(self).__name__
        for name, value in params.items():
            if not np.isfinite(value) or (name in self._positive and not value > 0):
                raise unrepresentable_error(family, x, f"maximum-likelihood estimate of {name}",
                                            value)
        self._store(params)
        self.n_ = int(x.shape[-1])
        loglik = info.pop("loglik", None)
        for key, value in info.items():
            setattr(self, key, value)
        if loglik is None:
            loglik = np.sum(self._logpdf(x, **params))
        self.loglik_ = float(loglik)
        if not np.isfinite(self.loglik_):
            raise unrepresentable_error(family, x, "maximised log-likelihood", self.loglik_)
        k = self._n_free()
        self.aic_ = float(2 * k - 2 * self.loglik_)
        self.bic_ = float(k * math.log(self.n_) - 2 * self.loglik_)
        self.cov_, self.stderr_ = self._inference(x)
        self._fit_data = x  # the sample, by reference, for profile intervals
        if getattr(self, "converged_", True) is False:
            warnings.warn(self._convergence_message(), ConvergenceWarning, stacklevel=2)
        return self

    def _inference(self, x):
        """``(cov_, stderr_)`` from :meth:`_covariance`, computed at unit scale if possible.

        For a scale family (``_scale_powers`` maps each parameter to the power of the data's
        unit it carries: 1 for a location or scale, -1 for a rate, 0 for a shape) the covariance
        is evaluated at the parameters of the data rescaled by ``2^-e`` (exact), which puts the
        scale parameter in [0.5, 1), and mapped back: ``se = se_unit 2^(e p)``. Squares of scales
        near 1e300 (or 1e-300) are never formed, so the standard errors are exact wherever they
        are representable; ``cov_`` itself may overflow to ``inf`` (or underflow to 0) for
        standard errors beyond 1e154 (or below 1e-154).
        """
        names, family = self._names(), type(self).__name__
        powers = np.array([self._scale_powers.get(k, 0) for k in names] if self._scale_powers
                          else [0] * len(names))
        e = self._unit_exponent() if self._scale_powers else 0
        unit = self
        if e:
            unit = copy.copy(self)
            with np.errstate(over="ignore"):
                unit._store({k: float(np.ldexp(v, -e * p))
                             for (k, v), p in zip(self.params_.items(), powers)})
        try:
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                cov = np.asarray(unit._covariance(x), dtype=float)
                se_unit = np.sqrt(np.diag(cov))
        except np.linalg.LinAlgError:
            raise DataError(
                f"{family}: the information matrix at the MLE {self.params_} is singular, so "
                "this sample cannot identify the standard errors of all parameters. Collect more "
                "(varied) data."
            ) from None
        with np.errstate(over="ignore"):
            se = np.ldexp(se_unit, e * powers)
            cov = np.ldexp(cov, e * np.add.outer(powers, powers))
        stderr = {}
        for name, s, s_unit in zip(names, se, se_unit):
            if np.isnan(s_unit):
                raise DataError(
                    f"{family}: the information matrix at the MLE {self.params_} is not "
                    "positive definite in double precision (rounding swamps it), so this sample "
                    f"cannot identify the standard error of {name}. Collect more (varied) data."
                )
            if not np.isfinite(s) or (s == 0 and s_unit > 0):
                raise unrepresentable_error(family, x, f"standard error of {name}",
                                            float(s) if s != 0 else "below 5e-324 (0.0)")
            stderr[name] = float(s)
        return cov, stderr

    def _unit_exponent(self):
        """``e`` that puts the scale parameter ``_scale_param`` in [0.5, 1) after rescaling."""
        p = self._scale_powers[self._scale_param]
        return int(np.frexp(abs(self.params_[self._scale_param]))[1]) * p

    @classmethod
    def from_params(cls, **params):
        """A distribution with given parameter values (no data), for sampling and densities.

        Keyword arguments are the parameter names (``mu=0, sigma=1``) and, optionally,
        hyperparameters (``Binomial.from_params(n_trials=10, p=0.3)``). Data-dependent attributes
        (``n_``, ``stderr_`` ...) are absent until :meth:`fit` is called.

        Examples
        --------
        >>> from estlab.distributions import Poisson
        >>> d = Poisson.from_params(lam=2.0)
        >>> d.sample(3, random_state=0)
        array([2, 0, 7])
        >>> d.fisher_information(n=10)  # 10 observations: 10 / lam
        array([[5.]])
        """
        hyper = {k: params.pop(k) for k in list(params) if k in cls._get_param_names()}
        return cls(**hyper)._with_params(params)

    def _with_params(self, params):
        names = self._names()
        if sorted(params) != sorted(names):
            raise TypeError(
                f"{type(self).__name__}.from_params needs exactly the parameters {list(names)}; "
                f"got {sorted(params)}."
            )
        for name, value in params.items():
            value = float(value)
            if not np.isfinite(value):
                raise ValueError(f"{name} must be finite; got {value!r}.")
            params[name] = value
        self._validate_params(params)
        self._store(params)
        return self

    def _store(self, params):
        for name, value in params.items():
            setattr(self, f"{name}_", value)
        self.params_ = dict(params)

    # --------------------------------------------------------- hooks (defaults)
    def _names(self):
        return self._param_names

    def _n_free(self):
        return len(self._names())

    def _check_hyperparameters(self):
        if hasattr(self, "tol"):
            check_positive(self.tol, "tol")
        if hasattr(self, "max_iter"):
            check_positive(self.max_iter, "max_iter", integer=True)

    def _check_data(self, x, ext):
        """Raise unless the finite sample ``x`` (min and max ``ext``) lies in the support."""

    def _check_estimates(self, x, params, ext):
        """Raise for degenerate samples whose MLE is not a proper distribution."""

    def _validate_params(self, params):
        """Raise for parameter values outside the parameter space (``from_params``)."""

    def _covariance(self, x):
        """Estimated covariance of the MLE: the inverse of the total Fisher information."""
        return np.linalg.inv(self.fisher_information())

    def _convergence_message(self):
        return (
            f"{type(self).__name__} Newton iterations did not converge within "
            f"max_iter={self.max_iter} (tol={self.tol}); the estimates are the last iterate. "
            "Increase max_iter (e.g. max_iter=500) or loosen tol, and check the data for "
            "extreme outliers or values piled up at a boundary."
        )

    # ------------------------------------------------------------- public API
    def _params_or_raise(self):
        if not hasattr(self, "params_"):
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet: call fit(data) first (or build "
                f"it with {type(self).__name__}.from_params(...)), then use its methods."
            )
        return self.params_

    def _fitted_or_raise(self):
        self._params_or_raise()
        if not hasattr(self, "stderr_"):
            raise NotFittedError(
                f"This {type(self).__name__} has parameters but was not fitted to data: "
                "standard errors and intervals need fit(data)."
            )

    def logpdf(self, x):
        """Log density at ``x`` under the fitted parameters (``-inf`` outside the support).

        For discrete distributions this is the log probability mass, also available as
        ``logpmf``.

        Parameters
        ----------
        x : array-like
            Points; any shape.

        Returns
        -------
        ndarray of the shape of ``x``

        Examples
        --------
        >>> from estlab.distributions import Normal
        >>> Normal.from_params(mu=0.0, sigma=1.0).logpdf([0.0, 1.0])
        array([-0.918939, -1.418939])
        """
        params = self._params_or_raise()
        x = self._points(x)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.asarray(self._logpdf(x, **params), dtype=float)

    def pdf(self, x):
        """Density at ``x`` (probability mass for discrete distributions; see ``pmf``).

        Examples
        --------
        >>> from estlab.distributions import Normal
        >>> Normal.from_params(mu=0.0, sigma=1.0).pdf([0.0])
        array([0.398942])
        """
        return np.exp(self.logpdf(x))

    def _points(self, x):
        return np.asarray(x, dtype=float)

    def sample(self, size, random_state=None):
        """Draw ``size`` independent values from the fitted distribution.

        Parameters
        ----------
        size : int or tuple of int
        random_state : None, int or numpy.random.Generator
            Seed for reproducible draws.

        Examples
        --------
        >>> from estlab.distributions import Normal
        >>> Normal.from_params(mu=10.0, sigma=2.0).sample(2, random_state=0)
        array([10.25146044,  9.73579027])
        """
        params = self._params_or_raise()
        rng = check_random_state(random_state)
        return self._sample(rng, size, **params)

    def fisher_information(self, n=None):
        """Expected Fisher information of ``n`` observations at the fitted parameters.

        The *total* information ``I_n(theta) = n I_1(theta)``, a ``(k, k)`` matrix with the
        parameters in the order of ``params_``. ``n`` defaults to the fitted sample size ``n_``;
        pass ``n=1`` for the information per observation. Its inverse is the Cramer-Rao bound
        on the covariance of an unbiased estimator from ``n`` observations.

        Examples
        --------
        >>> from estlab.distributions import Normal
        >>> Normal.from_params(mu=0.0, sigma=2.0).fisher_information(n=1)
        array([[0.25, 0.  ],
               [0.  , 0.5 ]])
        """
        params = self._params_or_raise()
        if n is None:
            if not hasattr(self, "n_"):
                raise NotFittedError(
                    "fisher_information() without n needs a fitted sample size; pass n "
                    "(n=1 for the information per observation)."
                )
            n = self.n_
        n = check_positive(n, "n", integer=True)
        # NumPy scalars: a boundary estimate (p = 1, lam = 0) gives inf, not ZeroDivisionError
        with np.errstate(divide="ignore", over="ignore"):
            info1 = self._fisher1(**{k: np.float64(v) for k, v in params.items()})
        return n * np.atleast_2d(np.asarray(info1, dtype=float))

    def _methods(self):
        return tuple(self._intervals) + (("profile",) if self._profile else ())

    def conf_int(self, level=0.95, method=None):
        """Confidence intervals for every parameter: dict name -> (low, high).

        The same name and arguments as the regressions' ``conf_int`` (and statsmodels'); a
        distribution returns a dict keyed by parameter name, a regression an array.

        Parameters
        ----------
        level : float, default=0.95
            Coverage probability, strictly between 0 and 1.
        method : str, optional
            ``"wald"`` (estimate +- z * standard error) is always available, and
            ``"profile"`` (the likelihood-ratio interval, the other parameters profiled out)
            for every family whose likelihood is regular; the class docstring lists the
            better intervals it offers and which one is the default.

        Notes
        -----
        The profile interval of a parameter :math:`\\theta_j` (the others :math:`\\theta_{-j}`)
        is :math:`\\{t : 2[\\log L(\\hat\\theta) - \\max_{\\theta_{-j}}
        \\log L(t, \\theta_{-j})] \\le \\chi^2_{1,\\text{level}}\\}`
        (:func:`estlab.inference.profile_interval`). Unlike Wald's it is invariant under
        reparametrisation, never leaves the parameter space and follows a skewed likelihood;
        it needs the sample seen by ``fit`` (kept by reference,
        so do not modify it in place in between, and a model loaded from disk has none).

        Examples
        --------
        >>> from estlab.distributions import Normal
        >>> ci = Normal().fit([1.0, 2.0, 4.0, 5.0]).conf_int(0.95, method="wald")
        >>> [round(v, 3) for v in ci["mu"]]
        [1.451, 4.549]
        >>> ci = Normal().fit([1.0, 2.0, 4.0, 5.0]).conf_int(0.95, method="profile")
        >>> [round(v, 3) for v in ci["mu"]]
        [0.992, 5.008]
        """
        self._fitted_or_raise()
        level = check_level(level)
        method = self._default_interval if method is None else method
        if method not in self._methods():
            raise ValueError(
                f"method must be one of {list(self._methods())} for {type(self).__name__}; "
                f"got {method!r}."
            )
        if method == "wald":
            z = z_value(level)
            with np.errstate(over="ignore"):
                ci = {name: (float(v - z * self.stderr_[name]), float(v + z * self.stderr_[name]))
                      for name, v in self.params_.items()}
        else:
            with np.errstate(over="ignore"):
                lows_highs = getattr(self, f"_conf_int_{method}")(level)
            ci = {name: (float(lo), float(hi)) for name, (lo, hi) in lows_highs.items()}
        return self._check_interval(ci, method, level)

    # ------------------------------------------------- profile likelihood
    def _param_bounds(self, name):
        if name in self._bounds:
            return self._bounds[name]
        return (0.0, math.inf) if name in self._positive else (-math.inf, math.inf)

    def _loglik_at(self, x, params):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            value = float(np.sum(self._logpdf(x, **params)))
        return value if not math.isnan(value) else -math.inf

    def _profile_nuisance(self, x, name, value):
        """The nuisance parameters maximising the likelihood with ``name`` fixed at ``value``
        (a dict), in closed form; ``None`` to maximise numerically."""
        return None

    def _fit_data_or_raise(self):
        x = getattr(self, "_fit_data", None)
        family = type(self).__name__
        if x is None:
            raise NotFittedError(
                f"Profile intervals need the sample the {family} was fitted to, and this one "
                "has none (it was loaded from disk or built with from_params). Fit it again: "
                f"{family}().fit(x).conf_int(method='profile')."
            )
        loglik = self._loglik_at(x, self.params_)
        if not math.isclose(loglik, self.loglik_, rel_tol=1e-9, abs_tol=1e-9 * self.n_):
            raise DataError(
                f"The sample this {family} was fitted to has changed since fit (its "
                f"log-likelihood at the estimate is now {loglik!r}, was {self.loglik_!r}): it "
                "is kept by reference. Fit again on the data you mean, or pass a copy to fit."
            )
        return x, loglik

    def _profile_deviance(self, x, loglik_max, name):
        """``t -> 2 (loglik_max - max of loglik over the other parameters, name = t)``."""
        free = [k for k in self._names() if k != name]
        state = {k: self.params_[k] for k in free}  # warm start: the last maximiser
        bounds = {k: self._param_bounds(k) for k in free}
        def deviance(value):
            params = {name: value}
            if free:
                nuis = self._profile_nuisance(x, name, value)
                if nuis is None:
                    u0 = np.array([_to_free(state[k], *bounds[k]) for k in free])

                    def objective(u):
                        u = np.atleast_1d(u)
                        trial = {k: _from_free(float(v), *bounds[k]) for k, v in zip(free, u)}
                        return -self._loglik_at(x, {**trial, name: value})

                    if len(free) == 1:
                        res = optimize.minimize_scalar(objective, bracket=(u0[0], u0[0] + 0.1),
                                                       method="brent",
                                                       options={"xtol": 1e-10})
                    else:
                        res = optimize.minimize(objective, u0, method="Nelder-Mead",
                                                options={"xatol": 1e-10, "fatol": 1e-12})
                    u = np.atleast_1d(res.x)
                    nuis = {k: _from_free(float(v), *bounds[k]) for k, v in zip(free, u)}
                state.update(nuis)
                params.update(nuis)
            return 2.0 * (loglik_max - self._loglik_at(x, params))

        return deviance

    def _profile_setup(self):
        """``(fit, x, loglik_max, shifts)`` for profiling at unit scale.

        As in :meth:`_inference`, a scale family is profiled on the data rescaled by ``2^-e``
        (exact), which puts the scale parameter in [0.5, 1): squares of deviations near 1e200
        (or 1e-200) are never formed. ``fit`` is a copy at that scale and ``shifts`` maps each
        parameter name to the power of two (``e`` times its unit power) that maps it back.
        """
        x, loglik_max = self._fit_data_or_raise()
        e = self._unit_exponent() if self._scale_powers else 0
        if not e:
            return self, x, loglik_max, dict.fromkeys(self.params_, 0)
        shifts = {k: e * self._scale_powers.get(k, 0) for k in self.params_}
        fit = copy.copy(self)
        fit._store({k: float(np.ldexp(v, -shifts[k])) for k, v in self.params_.items()})
        fit.stderr_ = {k: float(np.ldexp(s, -shifts[k])) for k, s in self.stderr_.items()}
        with np.errstate(under="ignore"):
            x = np.ldexp(x, -e)
        return fit, x, fit._loglik_at(x, fit.params_), shifts

    def _conf_int_profile(self, level):
        fit, x, loglik_max, shifts = self._profile_setup()
        out = {}
        for name, value in fit.params_.items():
            lo, hi = profile_interval(fit._profile_deviance(x, loglik_max, name), value,
                                      fit.stderr_[name], level,
                                      bounds=self._param_bounds(name), name=name)
            out[name] = (float(np.ldexp(lo, shifts[name])), float(np.ldexp(hi, shifts[name])))
        return out

    def profile_loglik(self, name, values):
        """The profile log-likelihood of one parameter, the others maximised out.

        Parameters
        ----------
        name : str
            A parameter name (a key of ``params_``).
        values : array-like
            Values of that parameter.

        Returns
        -------
        ndarray of the shape of ``values``
            :math:`\\log L_p(t) = \\max_{\\theta_{-j}} \\log L(t, \\theta_{-j})`; equal to
            ``loglik_`` at the estimate.

        Examples
        --------
        >>> from estlab.distributions import Poisson
        >>> d = Poisson().fit([2, 0, 3, 1])
        >>> d.profile_loglik("lam", [1.5]).round(4) == round(d.loglik_, 4)
        array([ True])
        """
        self._fitted_or_raise()
        if name not in self.params_:
            raise ValueError(f"name must be one of {list(self.params_)}; got {name!r}.")
        fit, x, loglik_max, shifts = self._profile_setup()
        deviance = fit._profile_deviance(x, loglik_max, name)
        values = np.ldexp(np.asarray(values, dtype=float), -shifts[name])
        return np.reshape([self.loglik_ - 0.5 * deviance(float(v)) for v in values.ravel()],
                          values.shape)

    # ------------------------------------------------------ delta method
    def delta_method(self, g, level=0.95, grad=None):
        """Standard error and Wald interval of a function of the parameters (delta method).

        Parameters
        ----------
        g : callable
            Takes the parameters as keyword arguments (``g(p=...)``, ``g(mu=..., sigma=...)``)
            and returns a number (or a 1-D array).
        level : float, default=0.95
        grad : callable, optional
            The same keywords, returning the gradient in the order of ``params_``; central
            differences when omitted.

        Returns
        -------
        estlab.inference.DeltaResult
            ``estimate``, ``stderr``, ``conf_int`` (and ``jacobian``, ``cov``, ``level``).

        Notes
        -----
        :math:`\\mathrm{se}\\{g(\\hat\\theta)\\} \\approx \\sqrt{\\nabla g^\\top
        \\widehat{\\mathrm{Cov}}(\\hat\\theta)\\, \\nabla g}` with the covariance ``cov_``
        (:func:`estlab.inference.delta_method`): first order, so it fails where the gradient
        vanishes.

        Examples
        --------
        The odds of a Bernoulli proportion:

        >>> from estlab.distributions import Bernoulli
        >>> res = Bernoulli().fit([1, 0, 0, 0, 1, 0, 0, 0]).delta_method(lambda p: p / (1 - p))
        >>> round(res.estimate, 4), round(res.stderr, 4)
        (0.3333, 0.2722)
        """
        self._fitted_or_raise()
        names = list(self._names())

        def as_kwargs(theta):
            return dict(zip(names, (float(t) for t in theta)))

        theta = np.array([self.params_[k] for k in names])
        gradient = None if grad is None else (lambda t: grad(**as_kwargs(t)))
        return delta_method(lambda t: g(**as_kwargs(t)), theta, self.cov_, grad=gradient,
                            level=level)

    def _check_interval(self, ci, method, level):
        """Raise instead of returning an end point that float64 cannot hold (+-inf or NaN)."""
        for name, (lo, hi) in ci.items():
            if not (np.isfinite(lo) and np.isfinite(hi)):
                raise DataError(
                    f"The {level:g} {method} interval for {name} of this {type(self).__name__} "
                    f"is ({lo!r}, {hi!r}): its end points lie beyond the float64 range (about "
                    f"+-1.8e308), so it cannot be represented. Rescale the data (e.g. x / 1e300), "
                    "fit again and map the interval back."
                )
        return ci

    def confint(self, level=0.95, method=None):
        """Deprecated spelling of :meth:`conf_int` (same arguments, same result).

        Examples
        --------
        >>> import warnings
        >>> from estlab.distributions import Poisson
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     ci = Poisson().fit([2, 0, 3]).confint()
        >>> caught[0].category.__name__, str(caught[0].message)[:42]
        ('DeprecationWarning', 'confint() is deprecated; use conf_int(leve')
        """
        warnings.warn(
            "confint() is deprecated; use conf_int(level, method) instead (the same arguments "
            "and result, and the name the regressions use). confint will be removed in the "
            "next release.", DeprecationWarning, stacklevel=2)
        return self.conf_int(level, method)


class DiscreteDistribution(Distribution):
    """Base class for count and label data: ``pdf`` is the probability mass function.

    Examples
    --------
    >>> from estlab.distributions import DiscreteDistribution, Geometric, Normal
    >>> isinstance(Geometric(), DiscreteDistribution), isinstance(Normal(), DiscreteDistribution)
    (True, False)
    """

    def logpmf(self, x):
        """Log probability mass at ``x`` (``-inf`` off the support); same as ``logpdf``.

        Examples
        --------
        >>> from estlab.distributions import Poisson
        >>> Poisson.from_params(lam=2.0).logpmf([0, 1, 2.5])
        array([-2.      , -1.306853,      -inf])
        """
        return self.logpdf(x)

    def pmf(self, x):
        """Probability mass at ``x``: ``P(X = x)``; same as ``pdf``.

        Examples
        --------
        >>> from estlab.distributions import Bernoulli
        >>> Bernoulli.from_params(p=0.25).pmf([0, 1])
        array([0.75, 0.25])
        """
        return self.pdf(x)


def on_support(x, valid, value):
    """``value`` where ``valid`` else ``-inf`` (no warnings from the invalid entries)."""
    return np.where(valid, value, -np.inf)


def count_loglik(x, logpmf):
    """``sum(logpmf(x))`` for validated counts, evaluating ``logpmf`` once per distinct value.

    Log-factorials (``gammaln``) cost ~100 ns each; counting values first with ``bincount``
    makes the log-likelihood of 10^6 counts cost a few milliseconds.
    """
    if x.ndim != 1:
        return np.sum(logpmf(x), axis=-1)
    top = float(np.max(x))
    if top <= 4 * x.size + 1_000:
        counts = np.bincount(x.astype(np.int64))
        values = np.flatnonzero(counts)
        return float(counts[values] @ logpmf(values.astype(float)))
    values, counts = np.unique(x, return_counts=True)
    return float(counts @ logpmf(values))
