"""Softmax (multinomial logistic) regression, with the first class as reference (statsmodels' MNLogit)."""

import numpy as np
from scipy.special import softmax

from estlab._errors import DataError
from estlab.base import ClassifierMixin, check_is_fitted
from estlab.likelihoods import categorical
from estlab.linear_model._base import encode_labels, validate_X
from estlab.linear_model._glm import GLMBase
from estlab.linear_model._inference import InferenceMixin, information_criteria

__all__ = ["SoftmaxRegression"]


class SoftmaxRegression(InferenceMixin, ClassifierMixin, GLMBase):
    """Multinomial logistic regression by maximum likelihood (Newton), or gradient descent.

    For ``K`` classes, ``P(y = classes_[k] | x) = exp(eta_k) / sum_j exp(eta_j)`` with
    ``eta_0 = 0`` (the first class is the reference, as in statsmodels' ``MNLogit``) and
    ``eta_k = intercept_[k-1] + x @ coef_[:, k-1]``. By default (``alpha=0``) the fit is the
    **unpenalised maximum-likelihood estimate**, equal to ``MNLogit``'s, with standard errors
    from the inverse Hessian.

    Parameters
    ----------
    fit_intercept, alpha, solver, learning_rate, momentum, batch_size, max_iter, tol, \
random_state, verbose :
        As in :class:`LogisticRegression`. "newton" is :func:`estlab.optim.irls` on the
        categorical likelihood of :mod:`estlab.likelihoods` (the solver of every estlab GLM;
        stopping when the largest gradient entry, divided by the root mean square of its
        column of ``X``, is below ``tol``, default 1e-8).

    Attributes
    ----------
    classes_ : ndarray of shape (K,)
        Sorted labels; ``classes_[0]`` is the reference class.
    coef_ : ndarray of shape (n_features, K - 1)
    intercept_ : ndarray of shape (K - 1,)
    params_, stderr_ : ndarray of shape (n_features + fit_intercept, K - 1)
        ``np.r_[intercept_[None], coef_]``, the layout of ``MNLogit(...).fit().params``, and the
        standard errors (``bse``) in the same layout. ``conf_int`` adds a last axis of 2.
    cov_ : ndarray of shape (k, k)
        The inverse Hessian over ``params_.ravel()`` (row-major: all classes of the intercept,
        then of each feature); ``delta_method`` passes ``g`` that flat vector.
    loglik_, aic_, bic_, n_iter_, converged_, loss_history_, n_features_in_, \
feature_names_in_ :
        As in :class:`LogisticRegression`.
    mle_exists_ : bool
        Whether the MLE exists: ``False`` when some direction ``d`` (one column per non-reference
        class) has ``x_i^T (d_{y_i} - d_k) >= 0`` for every sample and class, ``> 0`` for some:
        the multinomial separation program of :mod:`estlab.linear_model._separation`.
    separation_ : dict or None
        As in :class:`LogisticRegression`; ``direction`` has the shape of ``params_`` and the
        description names the pairs of classes that are separated.

    Warns
    -----
    SeparationWarning
        When the MLE does not exist (``mle_exists_`` is ``False``).

    Notes
    -----
    The Hessian has ``(K - 1)^2`` blocks ``X~^T diag(P_j ([j = k] - P_k)) X~ / n``; its size
    ``d (K - 1)`` grows with the number of classes, so Newton suits moderate ``K`` (tens).

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.linear_model import SoftmaxRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(600, 2))
    >>> eta = np.column_stack([np.zeros(600), 0.5 + X @ [1.0, 0.0], -0.5 + X @ [0.0, 1.5]])
    >>> P = np.exp(eta) / np.exp(eta).sum(axis=1, keepdims=True)
    >>> y = np.array(["a", "b", "c"])[(rng.random((600, 1)) > P.cumsum(axis=1)).sum(axis=1)]
    >>> model = SoftmaxRegression().fit(X, y)
    >>> model.params_.shape, model.classes_.tolist()
    ((3, 2), ['a', 'b', 'c'])
    >>> np.round(model.params_, 1)
    array([[ 0.4, -0.5],
           [ 1. ,  0. ],
           [-0. ,  1.3]])
    >>> model.predict_proba(X[:2]).round(2)
    array([[0.31, 0.53, 0.16],
           [0.22, 0.62, 0.16]])
    """

    def fit(self, X, y):
        """Fit by maximum likelihood; ``y`` holds at least two distinct labels of any type.

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
                f"SoftmaxRegression needs at least 2 classes in y; got 1 class "
                f"{classes.tolist()}. Check the labels, or that the data were not filtered."
            )
        k0 = int(bool(self.fit_intercept))
        K = classes.size
        theta0 = np.zeros((p + k0, K - 1))
        if k0:  # start at the intercept-only MLE: log(share of class k / share of class 0)
            counts = np.bincount(codes, minlength=K).astype(float)
            theta0[0] = np.log(np.maximum(counts[1:], 0.5) / max(counts[0], 0.5))
        fit = self._solve(categorical, X, codes, theta0, settings)
        theta = fit["theta"]
        self.classes_ = classes
        self._set_common(fit, n)
        self.intercept_ = theta[0].copy() if k0 else np.zeros(K - 1)
        self.coef_ = theta[k0:].copy()
        self.loglik_ = -n * fit["mean_nll"]
        self.aic_, self.bic_ = information_criteria(self.loglik_, theta.size, n)
        self._diagnose(fit, settings, X, codes, family="categorical", classes=classes)
        return self

    def _eta_all(self, X):
        """Linear predictors of all ``K`` classes, shape (n_samples, K); column 0 is zero."""
        check_is_fitted(self, "coef_")
        eta = validate_X(self, X, reset=False) @ self.coef_ + self.intercept_
        return np.column_stack([np.zeros(eta.shape[0]), eta])

    def decision_function(self, X):
        """Linear predictors ``eta_k``, shape (n_samples, K) with column 0 zero (the reference).

        With two classes, the 1-D log-odds of ``classes_[1]`` (scikit-learn's convention).
        """
        eta = self._eta_all(X)
        return eta[:, 1] if eta.shape[1] == 2 else eta

    def predict_proba(self, X):
        """Class probabilities (softmax of the linear predictors), columns as ``classes_``."""
        return softmax(self._eta_all(X), axis=1)

    def predict(self, X):
        """The most probable label for each row."""
        best = np.argmax(self._eta_all(X), axis=1)  # checks fitted first
        return self.classes_[best]

    def _summary_header(self):
        return [("Classes", str(len(self.classes_))), ("No. Observations", str(self.nobs_)),
                ("Log-Likelihood", f"{self.loglik_:.6g}"), ("AIC", f"{self.aic_:.6g}"),
                ("Converged", str(self.converged_)), ("BIC", f"{self.bic_:.6g}")]
