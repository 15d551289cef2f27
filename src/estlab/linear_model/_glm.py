"""What every GLM estimator shares: hyperparameters, the ``fit`` preamble, the solve, the warning.

:class:`LogisticRegression`, :class:`PoissonRegression` and :class:`SoftmaxRegression` differ
only in their likelihood (a module of :mod:`estlab.likelihoods`), their ``y`` and their start.
Each one's ``fit`` reads::

    X, settings = self._begin_fit(X)                 # reset, validate hyperparameters and X
    ...                                              # the model's own y checks and theta0
    fit = self._solve(likelihood, X, y, theta0, settings)

``solver="newton"`` is :func:`estlab.optim.irls` on ``likelihood.irls_terms`` (the rank check
on its first Hessian); "gd", "sgd" and "adam" minimise ``likelihood.nll`` with the loops of
:mod:`estlab.optim` (:func:`~estlab.linear_model._solvers.fit_iterative`). Both report the
Hessian at the estimate, whose inverse gives the standard errors.
"""

import warnings

import numpy as np

from estlab._errors import ConvergenceWarning
from estlab.base import BaseEstimator
from estlab.likelihoods import bernoulli
from estlab.linear_model._base import check_hyperparameters, check_n_samples, validate_X
from estlab.linear_model._design import (check_design_rank, design_check,
                                         warn_if_ill_conditioned)
from estlab.linear_model._separation import check_separation
from estlab.linear_model._solvers import (fit_iterative, inverse, inverse_diag,
                                          warn_not_converged)
from estlab.optim import irls
from estlab.optim._defaults import DEFAULTS

__all__ = ["GLMBase"]

SOLVERS = ("newton", "gd", "sgd", "adam")


class GLMBase(BaseEstimator):
    """Hyperparameters and fitting steps shared by the GLM estimators (not public)."""

    def __init__(self, *, fit_intercept=True, alpha=0.0, solver="newton", learning_rate=None,
                 momentum=0.0, batch_size=32, max_iter=None, tol=None, random_state=None,
                 verbose=False):
        self.fit_intercept = fit_intercept
        self.alpha = alpha
        self.solver = solver
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose

    def _begin_fit(self, X):
        """Reset fitted state, validate the hyperparameters and ``X``; ``(X, settings)``.

        ``None`` hyperparameters take the solver's default from
        :data:`estlab.optim._defaults.DEFAULTS` (the one defaults table).
        """
        self._reset()
        self._fit_data = None  # profile intervals' data (private: not a fitted attribute)
        settings = check_hyperparameters(self, SOLVERS)
        table = DEFAULTS[settings["solver"]]
        for key in ("max_iter", "tol", "learning_rate"):
            if getattr(self, key) is None and key in table:
                settings[key] = table[key]
        X = validate_X(self, X, reset=True)
        check_n_samples(X.shape[0], type(self).__name__)
        return X, settings

    def _solve(self, likelihood, X, y, theta0, settings):
        """Fit with the requested solver: ``theta``, Hessian at the estimate, ``eta``, trace.

        Runs inside :func:`~estlab.linear_model._design.design_check`: a failed rank test is
        diagnosed from ``X`` (a constant column, a duplicate, an out-of-range scale) and a
        passed one records the design's condition number (``fit["condition_number"]``).
        """
        with design_check(X, self.fit_intercept) as design:
            fit = self._solve_checked(likelihood, X, y, theta0, settings)
        fit["condition_number"] = design.condition(settings["alpha"])
        return fit

    def _solve_checked(self, likelihood, X, y, theta0, settings):
        k0 = bool(self.fit_intercept)
        alpha = settings["alpha"]
        check = None if alpha else (lambda H: check_design_rank(H, k0))
        if check is not None and np.ndim(theta0) == 2:  # softmax: the design's rank, at theta = 0
            n, p = X.shape
            check(bernoulli.hess(np.zeros(p + k0), X, np.zeros(n), fit_intercept=k0))
        if settings["solver"] == "newton":
            with np.errstate(over="ignore"):
                res = irls(likelihood.irls_terms, X, y, theta0, fit_intercept=k0, alpha=alpha,
                           max_iter=settings["max_iter"], tol=settings["tol"],
                           check_hessian=check if np.ndim(theta0) == 1 else None,
                           verbose=self.verbose)
            fit = {"theta": res.x, "hess": res.hess, "eta": res.eta, "n_iter": res.n_iter,
                   "converged": res.converged, "history": res.history["fun"],
                   "hint": res.hint}
        else:
            if check is not None and np.ndim(theta0) == 1:  # the Hessian at theta0: a weighted Gram
                check(likelihood.hess(theta0, X, y, fit_intercept=k0))
            theta, n_iter, converged, history = fit_iterative(
                likelihood, X, y, theta0, settings, fit_intercept=k0, verbose=self.verbose)
            H = likelihood.hess(theta, X, y, alpha, fit_intercept=k0)
            eta = X @ theta[int(k0):] + (theta[0] if k0 else 0.0)
            fit = {"theta": theta, "hess": H, "eta": eta, "n_iter": n_iter,
                   "converged": converged, "history": history, "hint": None}
        n = X.shape[0]
        fit["stderr"] = np.sqrt(inverse_diag(fit["hess"]) / n).reshape(np.shape(theta0))
        fit["cov"] = inverse(fit["hess"]) / n  # (n H)^{-1}: the delta method needs all of it
        if settings["solver"] == "newton":  # unpenalised, at the estimate (no extra pass)
            coef = np.asarray(fit["theta"])[int(k0):]
            fit["mean_nll"] = res.fun - 0.5 * alpha * float(np.sum(coef * coef))
        else:
            fit["mean_nll"] = float(likelihood.nll(fit["theta"], X, y, fit_intercept=k0))
        return fit

    def _set_common(self, fit, n):
        """``params_``, ``stderr_``, ``n_iter_``, ``converged_``, ``loss_history_``, ``nobs_``."""
        self.params_ = fit["theta"]
        self.stderr_ = fit["stderr"]
        self.cov_ = fit["cov"]
        self.n_iter_ = fit["n_iter"]
        self.converged_ = fit["converged"]
        self.loss_history_ = fit["history"]
        self.nobs_ = int(n)
        self.condition_number_ = fit["condition_number"]

    def _diagnose(self, fit, settings, X, y, *, family, classes=None):
        """After the fit, the questions a statistician asks, in order, each answered aloud.

        Does the MLE exist? (:func:`~estlab.linear_model._separation.check_separation`, the LP
        that sets ``mle_exists_`` and ``separation_`` and issues the SeparationWarning.) Only
        if it does: did the solver converge, and is the design well enough conditioned for the
        digits reported? (Without an MLE both questions are moot, and one warning is clearer.)
        """
        self.mle_exists_, self.separation_ = check_separation(
            self, X, y, family=family, alpha=settings["alpha"], classes=classes, stacklevel=4)
        if self.mle_exists_:
            self._warn_if_not_converged(fit, settings, stacklevel=4)
            self._warn_if_ill_conditioned(stacklevel=5)

    def _warn_if_ill_conditioned(self, stacklevel=4):
        """One IllConditionedWarning when rounding can cost more than half the digits (Newton
        factorises the Hessian, whose condition number is about ``condition_number_**2``)."""
        warn_if_ill_conditioned(type(self).__name__, self.condition_number_, squared=True,
                                stacklevel=stacklevel)

    def _warn_if_not_converged(self, fit, settings, stacklevel=3):
        """One ConvergenceWarning whose advice fits the way the solver stopped."""
        if fit["converged"]:
            return
        name = type(self).__name__
        if fit["hint"] is None:  # the iterative solvers
            warn_not_converged(name, settings["solver"], fit["n_iter"],
                               stacklevel=stacklevel + 1)
            return
        warnings.warn(f"{name} (solver='newton') did not converge in {fit['n_iter']} "
                      f"iterations: {fit['hint']}.", ConvergenceWarning, stacklevel=stacklevel)
