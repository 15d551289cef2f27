"""Poisson regression: counts with a log link, fitted by maximum likelihood."""

import numpy as np
from scipy.special import gammaln

from estlab._errors import DataError
from estlab._validation import check_integers
from estlab.base import RegressorMixin, check_is_fitted
from estlab.likelihoods import poisson
from estlab.linear_model._base import validate_X, validate_y
from estlab.linear_model._glm import GLMBase
from estlab.linear_model._inference import InferenceMixin, information_criteria
from estlab.linear_model._residuals import ResidualsMixin

__all__ = ["PoissonRegression"]


def _sum_log_factorial(y):
    """``sum(log(y_i!))`` for counts ``y``: by a table of ``gammaln`` when the counts are small.

    ``gammaln`` on every sample costs more than a Newton iteration at n = 5e5; with counts
    below 65,536 one ``bincount`` and ``gammaln`` of the distinct values give the same sum.
    """
    top = float(y.max()) if y.size else 0.0
    if top < 65_536:
        counts = np.bincount(y.astype(np.intp), minlength=int(top) + 1)
        return float(counts @ gammaln(np.arange(counts.size) + 1.0))
    return float(np.sum(gammaln(y + 1.0)))


class PoissonRegression(ResidualsMixin, InferenceMixin, RegressorMixin, GLMBase):
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
    cov_ : ndarray of shape (k, k)
        The whole inverse Hessian (statsmodels' ``cov_params()``), for :meth:`delta_method`.
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

    _family = "poisson"
    _profile = True

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
        X, settings = self._begin_fit(X)
        n, p = X.shape
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
        fit = self._solve(poisson, X, y, theta0, settings)
        theta = fit["theta"]
        self._set_common(fit, n)
        self.intercept_ = float(theta[0]) if k0 else 0.0
        self.coef_ = theta[k0:].copy()
        self.loglik_ = -n * fit["mean_nll"] - _sum_log_factorial(y)
        self._fit_data = ("poisson", X, y, fit["mean_nll"])  # profile intervals (not saved)
        self.aic_, self.bic_ = information_criteria(self.loglik_, theta.size, n)
        self._diagnose(fit, settings, X, y, family="poisson")
        return self

    def predict(self, X):
        """Predicted means ``mu = exp(intercept + X @ coef)`` (``log`` of it is linear in X).

        Regressors have no ``decision_function`` (scikit-learn's contract); the linear
        predictor is ``np.log(model.predict(X))``.
        """
        check_is_fitted(self, "coef_")
        return np.exp(validate_X(self, X, reset=False) @ self.coef_ + self.intercept_)

    def _response(self, X, y):
        """``(X, y, mu, V(mu), d)`` for :class:`~estlab.linear_model._residuals.ResidualsMixin`:
        ``V(mu) = mu``, ``d = 2 [y log(y / mu) - (y - mu)]`` (``y log y = 0`` at ``y = 0``)."""
        X = validate_X(self, X, reset=False)
        y = check_integers(validate_y(y, X.shape[0]), family="Poisson", name="y")
        eta = X @ self.coef_ + self.intercept_
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            y_log_y_over_mu = np.where(y > 0, y * (np.log(np.where(y > 0, y, 1.0)) - eta), 0.0)
        return X, y, mu, mu, 2.0 * (y_log_y_over_mu - (y - mu))

    def _dispersion(self):
        return 1.0

    def _summary_header(self):
        return [("No. Observations", str(self.nobs_)), ("Log-Likelihood", f"{self.loglik_:.6g}"),
                ("AIC", f"{self.aic_:.6g}"), ("BIC", f"{self.bic_:.6g}"),
                ("Converged", str(self.converged_)), ("Iterations", str(self.n_iter_))]

    def _more_sklearn_tags(self, tags):
        tags = super()._more_sklearn_tags(tags)
        tags.target_tags.positive_only = True
        return tags
