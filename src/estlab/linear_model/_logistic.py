"""Logistic regression: the Bernoulli model with a logit link, fitted by maximum likelihood."""

import numpy as np
from scipy.special import expit

from estlab._errors import DataError
from estlab.base import ClassifierMixin, check_is_fitted
from estlab.likelihoods import bernoulli
from estlab.linear_model._base import encode_labels, validate_X
from estlab.linear_model._glm import GLMBase
from estlab.linear_model._inference import InferenceMixin, information_criteria
from estlab.linear_model._residuals import ResidualsMixin
from estlab.linear_model._separation import SeparationWarning

__all__ = ["LogisticRegression", "SeparationWarning"]  # SeparationWarning: from _separation


class LogisticRegression(ResidualsMixin, InferenceMixin, ClassifierMixin, GLMBase):
    """Binary logistic regression by maximum likelihood (Newton/IRLS), or gradient descent.

    The model is ``P(y = classes_[1] | x) = 1 / (1 + exp(-(intercept + x @ coef)))``. By default
    (``alpha=0``) the fit is the **unpenalised maximum-likelihood estimate**, the one statsmodels'
    ``Logit`` computes, with standard errors from the inverse Hessian. (scikit-learn's
    ``LogisticRegression`` applies an L2 penalty by default; estlab does not.)

    Parameters
    ----------
    fit_intercept : bool, default=True
        Add an intercept (never penalised).
    alpha : float, default=0.0
        L2 penalty on the mean negative log-likelihood: ``+ alpha/2 * ||coef||^2``. ``0`` is
        the plain MLE.
    solver : {"newton", "gd", "sgd", "adam"}, default="newton"
        "newton" is Newton/IRLS with step halving (the exact method); the others minimise the
        same objective with :mod:`estlab.optim`.
    learning_rate : float, optional
        Step size of "gd", "sgd" and "adam"; ``None`` means 0.1, 0.02 and 0.01 respectively.
    momentum : float, default=0.0
        Heavy-ball momentum for "gd" and "sgd" (0 disables it).
    batch_size : int, default=32
        Mini-batch size of "sgd".
    max_iter : int, optional
        Newton iterations (default 100), gradient steps ("gd", "adam": 10,000) or epochs
        ("sgd": 500).
    tol : float, optional
        Newton stops when ``max|grad| <= tol`` (default 1e-8; the gradient of the *mean*
        negative log-likelihood, scikit-learn's lbfgs rule, with each coefficient's entry
        divided by the root mean square of its column so that the units of X do not matter:
        :func:`estlab.optim.irls`). The iterative solvers pass ``tol``
        (default 1e-6) to :mod:`estlab.optim`: the largest gradient entry for "gd"/"adam", the
        improvement of the objective per epoch for "sgd" (scikit-learn's rule, over 5 epochs). Constant-rate SGD only reaches a neighbourhood of the optimum
        (on standardised data, a fraction of a standard error).
    random_state : None, int or numpy.random.Generator
        Seeds the shuffling of "sgd".
    verbose : bool, default=False
        Print one line per iteration.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels, sorted; ``classes_[1]`` is the "positive" class.
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    params_ : ndarray of shape (n_features + fit_intercept,)
        ``np.r_[intercept_, coef_]`` (just ``coef_`` without an intercept).
    stderr_ : ndarray like ``params_``
        Standard errors from the inverse Hessian of the log-likelihood at the estimate (equal to
        statsmodels' ``Logit(...).fit().bse``); with ``alpha > 0``, of the penalised objective.
    cov_ : ndarray of shape (k, k)
        The whole inverse Hessian ``(n H)^{-1}`` (statsmodels' ``cov_params()``), whose
        diagonal gives ``stderr_``; :meth:`delta_method` uses it.
    loglik_, aic_, bic_ : float
        Log-likelihood at the estimate, ``-2 loglik + 2k`` and ``-2 loglik + k log n``.
    n_iter_, converged_, loss_history_ :
        Iterations, whether the tolerance was met, and the objective along the way.
    n_features_in_, feature_names_in_ :
        Width of ``X`` (and its column names when it was a DataFrame).
    mle_exists_ : bool
        Whether the maximum-likelihood estimate exists, decided exactly after the fit by
        Konis's linear program (:mod:`estlab.linear_model._separation`): ``False`` when the
        classes are completely or quasi-completely separated. Always ``True`` with ``alpha > 0``.
    separation_ : dict or None
        ``None`` when the MLE exists; otherwise what separates: ``"kind"`` ("complete" or
        "quasi-complete"), a ``"direction"`` in the layout of ``params_`` along which the
        likelihood keeps increasing, the ``"names"`` of the parameters involved,
        ``"n_separated"`` and a one-sentence ``"description"``.

    Warns
    -----
    SeparationWarning
        When the MLE does not exist (``mle_exists_`` is ``False``). The message names the
        separating feature, dummy level or direction, and the fixes (``alpha > 0``, drop or
        merge the level, exact or Firth methods). For large ``n`` the program runs on random
        subsamples first (exact: see :mod:`estlab.linear_model._separation`).

    Notes
    -----
    With ``eta = X~ theta`` and ``mu = sigma(eta)``, the mean negative log-likelihood, its
    gradient and Hessian are

    .. math::

        \\ell(\\theta) = \\tfrac1n \\sum_i \\log(1 + e^{\\eta_i}) - y_i \\eta_i, \\quad
        \\nabla = \\tfrac1n \\tilde X^\\top(\\mu - y), \\quad
        H = \\tfrac1n \\tilde X^\\top \\mathrm{diag}(\\mu_i(1-\\mu_i)) \\tilde X.

    Newton's step ``theta <- theta - H^{-1} grad`` is iteratively reweighted least squares;
    ``Cov(theta_hat) ~ (n H)^{-1}`` gives the standard errors.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.linear_model import LogisticRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 2))
    >>> y = np.where(rng.random(500) < 1 / (1 + np.exp(-(0.5 + X @ [1.0, -2.0]))), "yes", "no")
    >>> model = LogisticRegression().fit(X, y)
    >>> model.classes_
    array(['no', 'yes'], dtype='<U3')
    >>> np.round(model.params_, 2)
    array([ 0.29,  0.89, -1.98])
    >>> model.converged_, model.n_iter_
    (True, 5)
    >>> model.predict(X[:3])
    array(['yes', 'yes', 'no'], dtype='<U3')
    """

    _family = "bernoulli"
    _profile = True

    def fit(self, X, y):
        """Fit by maximum likelihood; ``y`` holds two distinct labels of any type.

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
        classes, codes = encode_labels(y, n, type(self).__name__)
        if classes.size < 2:
            raise DataError(
                f"LogisticRegression needs samples of 2 classes; got 1 class "
                f"{classes.tolist()}. Check the labels, or that the data were not filtered."
            )
        if classes.size > 2:
            raise DataError(
                "Only binary classification is supported. The type of the target is multiclass: "
                f"y has {classes.size} classes {classes.tolist()[:10]}. Use SoftmaxRegression "
                "for more than two classes."
            )
        y01 = codes.astype(float)
        theta0 = np.zeros(p + int(self.fit_intercept))
        if self.fit_intercept:  # start at the intercept-only MLE: logit(mean y)
            ybar = y01.mean()
            theta0[0] = np.log(ybar / (1.0 - ybar))
        fit = self._solve(bernoulli, X, y01, theta0, settings)
        self._set_fitted(fit, X, y01, classes)
        self._diagnose(fit, settings, X, codes, family="categorical", classes=classes)
        return self

    def _set_fitted(self, fit, X, y01, classes):
        n = X.shape[0]
        theta = fit["theta"]
        k0 = int(bool(self.fit_intercept))
        self.classes_ = classes
        self._set_common(fit, n)
        self.intercept_ = float(theta[0]) if k0 else 0.0
        self.coef_ = theta[k0:].copy()
        self.loglik_ = -n * fit["mean_nll"]
        self._fit_data = ("bernoulli", X, y01, fit["mean_nll"])  # profile intervals (not saved)
        self.aic_, self.bic_ = information_criteria(self.loglik_, theta.size, n)

    def _eta(self, X):
        return X @ self.coef_ + self.intercept_

    def decision_function(self, X):
        """The linear predictor ``eta = intercept + X @ coef`` (log-odds of ``classes_[1]``)."""
        check_is_fitted(self, "coef_")
        return self._eta(validate_X(self, X, reset=False))

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, 2), columns in the order of ``classes_``."""
        p1 = expit(self.decision_function(X))
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X):
        """The more probable label for each row (``classes_[1]`` when ``eta > 0``)."""
        positive = self.decision_function(X) > 0  # checks fitted first
        return self.classes_[positive.astype(int)]

    def _response(self, X, y):
        """``(X, y01, mu, V(mu), d)`` for :class:`~estlab.linear_model._residuals.ResidualsMixin`:
        ``y01 = [y == classes_[1]]``, ``V = mu (1 - mu)``, ``d = 2 [log(1 + e^eta) - y01 eta]``."""
        X = validate_X(self, X, reset=False)
        y = np.asarray(y)
        if y.shape != (X.shape[0],):
            raise DataError(f"y must hold one label per row of X: expected shape "
                            f"({X.shape[0]},), got {y.shape}. Pass the labels of these rows.")
        unknown = np.flatnonzero(~np.isin(y, self.classes_))
        if unknown.size:
            i = int(unknown[0])
            raise DataError(f"y[{i}] = {y[i].item()!r} is not one of the fitted classes "
                            f"{self.classes_.tolist()}; residuals need the labels the model "
                            "was fitted with.")
        y01 = (y == self.classes_[1]).astype(float)
        eta = self._eta(X)
        mu = expit(eta)
        return X, y01, mu, mu * (1.0 - mu), 2.0 * (np.logaddexp(0.0, eta) - y01 * eta)

    def _dispersion(self):
        return 1.0

    def _summary_header(self):
        return [("Dep. classes", f"{self.classes_[0]!s} / {self.classes_[1]!s}"),
                ("No. Observations", str(self.nobs_)), ("Log-Likelihood", f"{self.loglik_:.6g}"),
                ("AIC", f"{self.aic_:.6g}"), ("Converged", str(self.converged_)),
                ("BIC", f"{self.bic_:.6g}"), ("Iterations", str(self.n_iter_)),
                ("Solver", self.solver)]

    def _more_sklearn_tags(self, tags):
        tags = super()._more_sklearn_tags(tags)
        tags.classifier_tags.multi_class = False
        return tags
