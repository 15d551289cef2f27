"""Poisson regression: counts with a log link, fitted by maximum likelihood."""

import numpy as np
from scipy.special import gammaln

from estlab._errors import DataError
from estlab._validation import check_integers
from estlab.base import BaseEstimator, RegressorMixin, check_is_fitted
from estlab.linear_model._base import (check_hyperparameters, check_n_samples, validate_X,
                                       validate_y)
from estlab.linear_model._inference import InferenceMixin, information_criteria
from estlab.linear_model._separation import check_separation
from estlab.linear_model._solvers import solve_glm, warn_not_converged

__all__ = ["PoissonRegression"]


class _Poisson:
    """Per-sample pieces of the Poisson model with canonical (log) link."""

    @staticmethod
    def mean(eta):
        return np.exp(eta)  # mu = e^eta

    @staticmethod
    def variance(mu):
        return mu  # Var(y) = mu: the IRLS weights

    @staticmethod
    def mean_nll(eta, y, mu):
        return float((mu.sum() - y @ eta) / eta.size)  # mean(mu - y log mu), without log y!


class PoissonRegression(InferenceMixin, RegressorMixin, BaseEstimator):
    """Poisson regression (log link) by maximum likelihood (Newton/IRLS), or gradient descent.

    The model is ``y ~ Poisson(mu)``, ``log mu = intercept + x @ coef``. By default
    (``alpha=0``) the fit is the **unpenalised maximum-likelihood estimate**, equal to
    statsmodels' ``GLM(y, X, family=Poisson())``, with standard errors from the inverse Hessian.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Add an intercept (never penalised).
    alpha : float, default=0.0
        L2 penalty on the mean negative log-likelihood: ``+ alpha/2 * ||coef||^2``.
    solver : {"newton", "gd", "sgd", "adam"}, default="newton"
        "newton" is Newton/IRLS with step halving; the others use :mod:`estlab.optim`.
    learning_rate : float, optional
        Step size of "gd", "sgd" and "adam"; ``None`` means 0.1, 0.02 and 0.01.
    momentum : float, default=0.0
        Heavy-ball momentum for "gd" and "sgd".
    batch_size : int, default=32
        Mini-batch size of "sgd".
    max_iter : int, optional
        Newton iterations (100), gradient steps ("gd", "adam": 10,000) or epochs ("sgd": 500).
    tol : float, optional
        Newton: ``max|grad| <= tol`` (1e-8, mean-scale gradient, each entry divided by the
        root mean square of its column, as in :class:`LogisticRegression`); others: passed to
        :mod:`estlab.optim` (1e-6).
    random_state : None, int or numpy.random.Generator
        Seeds the shuffling of "sgd".
    verbose : bool, default=False
        Print one line per iteration.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    params_, stderr_ : ndarray of shape (n_features + fit_intercept,)
        ``np.r_[intercept_, coef_]`` and standard errors from the inverse Hessian (statsmodels'
        ``bse``).
    loglik_, aic_, bic_ : float
        Full log-likelihood (with ``-log y!``), ``-2 loglik + 2k``, ``-2 loglik + k log n``
        (statsmodels' ``llf``, ``aic``, ``bic_llf``).
    n_iter_, converged_, loss_history_, n_features_in_, feature_names_in_ :
        As in :class:`LogisticRegression`.
    mle_exists_ : bool
        Whether the MLE exists: ``False`` when a direction ``d`` has ``x~_i^T d <= 0`` for every
        sample, ``= 0`` where ``y_i > 0`` and ``< 0`` for some zero count (typically a level
        of a dummy with only zero counts: its coefficient is ``-inf``), decided by the linear
        program of :mod:`estlab.linear_model._separation`. Always ``True`` with ``alpha > 0``.
    separation_ : dict or None
        ``None`` when the MLE exists; otherwise the direction, the names involved, how many
        zero counts get a fitted mean going to 0 (``n_separated``) and a ``description``.

    Warns
    -----
    SeparationWarning
        When the MLE does not exist; the message names the level or the direction.

    Raises
    ------
    DataError
        If a count is negative or not a whole number (the message names its index), or if all
        counts are zero with an intercept (the MLE of the intercept is ``-inf``).

    Notes
    -----
    .. math::

        \\ell(\\theta) = \\tfrac1n \\sum_i e^{\\eta_i} - y_i \\eta_i, \\quad
        \\nabla = \\tfrac1n \\tilde X^\\top(\\mu - y), \\quad
        H = \\tfrac1n \\tilde X^\\top \\mathrm{diag}(\\mu) \\tilde X.

    ``score`` is the R^2 of the predicted means (as for any regressor).

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.linear_model import PoissonRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(1000, 2))
    >>> y = rng.poisson(np.exp(0.5 + X @ [0.3, -0.2]))
    >>> model = PoissonRegression().fit(X, y)
    >>> np.round(model.params_, 2)
    array([ 0.48,  0.28, -0.23])
    >>> np.round(model.stderr_, 3)
    array([0.026, 0.024, 0.025])
    >>> np.round(model.predict(X[:2]), 2)
    array([1.73, 1.9 ])
    """

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

    def fit(self, X, y):
        """Fit by maximum likelihood; ``y`` holds non-negative integer counts.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        self._reset()
        settings = check_hyperparameters(self, ("newton", "gd", "sgd", "adam"))
        X = validate_X(self, X, reset=True)
        n, p = X.shape
        check_n_samples(n, type(self).__name__)
        y = check_integers(validate_y(y, n), family="Poisson", name="y")
        k0 = int(bool(self.fit_intercept))
        theta0 = np.zeros(p + k0)
        if k0:  # start at the intercept-only MLE: log(mean y)
            if not np.any(y > 0):
                raise DataError(
                    "All counts in y are zero: the Poisson MLE of the intercept is -inf (it does "
                    "not exist). Check the data, or pass alpha > 0 with fit_intercept=False."
                )
            theta0[0] = np.log(y.mean())
        from estlab.likelihoods import poisson

        fit = solve_glm("PoissonRegression", X, y, _Poisson, poisson, theta0, settings,
                        fit_intercept=bool(k0), verbose=self.verbose)
        theta = fit["theta"]
        self.params_ = theta
        self.intercept_ = float(theta[0]) if k0 else 0.0
        self.coef_ = theta[k0:].copy()
        self.stderr_ = fit["stderr"]
        self.n_iter_ = fit["n_iter"]
        self.converged_ = fit["converged"]
        self.loss_history_ = fit["history"]
        self.loglik_ = -n * fit["mean_nll"] - float(np.sum(gammaln(y + 1.0)))
        self.aic_, self.bic_ = information_criteria(self.loglik_, theta.size, n)
        self.nobs_ = int(n)
        self.mle_exists_, self.separation_ = check_separation(
            self, X, y, family="poisson", alpha=settings["alpha"])
        if not self.converged_ and self.mle_exists_:
            warn_not_converged("PoissonRegression", settings["solver"], self.n_iter_)
        return self

    def predict(self, X):
        """Predicted means ``mu = exp(intercept + X @ coef)`` (``log`` of it is linear in X).

        Regressors have no ``decision_function`` (scikit-learn's contract); the linear
        predictor is ``np.log(model.predict(X))``.
        """
        check_is_fitted(self, "coef_")
        return np.exp(validate_X(self, X, reset=False) @ self.coef_ + self.intercept_)

    def _summary_header(self):
        return [("No. Observations", str(self.nobs_)), ("Log-Likelihood", f"{self.loglik_:.6g}"),
                ("AIC", f"{self.aic_:.6g}"), ("BIC", f"{self.bic_:.6g}"),
                ("Converged", str(self.converged_)), ("Iterations", str(self.n_iter_))]

    def _more_sklearn_tags(self, tags):
        tags = super()._more_sklearn_tags(tags)
        tags.target_tags.positive_only = True
        return tags
