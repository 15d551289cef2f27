"""Residuals and influence: what a fit leaves unexplained, and which observations drive it.

For a GLM with mean ``mu_i``, variance function ``V(mu)`` and dispersion ``phi`` (the Gaussian
``s^2``; 1 for Bernoulli and Poisson) the three residuals of every textbook are

.. math::

    r^R_i = y_i - \\mu_i, \\qquad
    r^P_i = \\frac{y_i - \\mu_i}{\\sqrt{\\phi\\, V(\\mu_i)}}, \\qquad
    r^D_i = \\operatorname{sign}(y_i - \\mu_i)\\sqrt{d_i},

response, Pearson and deviance, with ``d_i`` observation ``i``'s contribution to the deviance
``D = sum d_i = 2 (log L_saturated - log L)``: ``(y - mu)^2`` (Gaussian),
``2 [y log(y/mu) - (y - mu)]`` (Poisson), ``-2 [y log mu + (1 - y) log(1 - mu)]``
(Bernoulli). Under the model the Pearson residuals have variance about ``1 - h_i``, where the
**leverage** ``h_i`` is the diagonal of the hat matrix
``H = W^{1/2} X~ (X~^T W X~)^{-1} X~^T W^{1/2}`` (``W = diag(V(mu_i))``, the IRLS weights;
``W = I`` for least squares). It is computed from a QR factorisation of ``W^{1/2} X~``
(``h_i`` is the squared norm of row ``i`` of ``Q``), never as an ``n x n`` matrix. From it:

.. math::

    t_i = \\frac{r^P_i}{\\sqrt{1 - h_i}}, \\qquad
    D^{\\text{Cook}}_i = \\frac{t_i^2}{k} \\frac{h_i}{1 - h_i},

the (internally) studentised residual and Cook's distance, with ``k`` parameters. For least
squares the externally studentised residual, which leaves observation ``i`` out of ``s^2``, is
``t_i sqrt((n - k - 1) / (n - k - t_i^2))`` and follows Student's ``t`` with ``n - k - 1``
degrees of freedom exactly. These equal statsmodels' ``resid_response``, ``resid_pearson``,
``resid_deviance`` (of ``GLM``; for ``OLS``, ``resid_pearson`` divides by ``s`` as here) and
``OLSInfluence`` / ``GLMInfluence``'s ``hat_matrix_diag``, ``resid_studentized``,
``resid_studentized_external`` and ``cooks_distance[0]``.
"""

from dataclasses import dataclass

import numpy as np
from scipy import linalg

from estlab._errors import DataError
from estlab.base import check_is_fitted

__all__ = ["Influence", "ResidualsMixin"]

KINDS = ("response", "pearson", "deviance")
# influence() needs the data of the fit: there the score X~^T (y - mu) vanishes. Above this
# cosine between a column of X~ and the residuals, X and y are other data (the solvers stop
# at cosines below 1e-6).
SCORE_COSINE_LIMIT = 1e-4


@dataclass(frozen=True, repr=False)
class Influence:
    """Regression diagnostics per observation, from :meth:`ResidualsMixin.influence`.

    Attributes
    ----------
    fitted : ndarray of shape (n_samples,)
        The fitted means ``mu_i``.
    resid_pearson : ndarray of shape (n_samples,)
        ``(y_i - mu_i) / sqrt(phi V(mu_i))``.
    leverage : ndarray of shape (n_samples,)
        The hat-matrix diagonal ``h_i`` in ``[0, 1]``; they sum to the number of parameters.
    resid_studentized : ndarray of shape (n_samples,)
        ``resid_pearson / sqrt(1 - h_i)``: about standard normal under the model.
    resid_studentized_external : ndarray of shape (n_samples,) or None
        Least squares only: with ``s^2`` re-estimated without observation ``i``, exactly
        Student's ``t`` with ``n - k - 1`` degrees of freedom (``None`` for the GLMs).
    cooks_distance : ndarray of shape (n_samples,)
        How far the estimate moves, in the metric of its covariance, when observation ``i``
        is left out (one-step approximation for the GLMs). Above about ``4 / n``, look.
    """

    fitted: np.ndarray
    resid_pearson: np.ndarray
    leverage: np.ndarray
    resid_studentized: np.ndarray
    resid_studentized_external: object
    cooks_distance: np.ndarray

    def __repr__(self):
        i = int(np.argmax(self.cooks_distance))
        return (f"<Influence of {self.fitted.size} observations: largest leverage "
                f"{self.leverage.max():.3g}, largest Cook's distance {self.cooks_distance[i]:.3g}"
                f" (observation {i})>")


class ResidualsMixin:
    """``resid(X, y, kind)`` and ``influence(X, y)`` for estimators that define ``_family``.

    A class implements ``_response(X, y) -> (X, y, mu, variance, unit_deviance)`` (float
    arrays, ``y`` numeric) and ``_dispersion()``.
    """

    def resid(self, X, y, kind="deviance"):
        """Residuals of the fitted model on ``(X, y)``: response, Pearson or deviance.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            The observed responses (labels for :class:`LogisticRegression`). Any data: on
            held-out data the residuals show how the model generalises.
        kind : {"deviance", "pearson", "response"}, default="deviance"
            ``y - mu``; ``(y - mu) / sqrt(phi V(mu))``; ``sign(y - mu) sqrt(d_i)``, the
            signed square root of the observation's deviance (see
            :mod:`estlab.linear_model._residuals`). For least squares the deviance and
            response residuals coincide.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "params_")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)}; got {kind!r}. "
                             "'deviance' is the default.")
        X, y, mu, variance, unit_deviance = self._response(X, y)
        if kind == "response":
            return y - mu
        if kind == "pearson":
            return (y - mu) / np.sqrt(self._dispersion() * variance)
        return np.sign(y - mu) * np.sqrt(np.maximum(unit_deviance, 0.0))

    def influence(self, X, y):
        """Leverage, studentised residuals and Cook's distances of the fit, per observation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data the model was fitted on.
        y : array-like of shape (n_samples,)

        Returns
        -------
        Influence

        Raises
        ------
        ValueError
            With ``alpha > 0`` (these are the diagnostics of the maximum-likelihood fit).
        DataError
            When ``(X, y)`` are not the data of the fit: there the score
            ``X~^T (y - mu)`` would be zero.
        """
        check_is_fitted(self, "params_")
        if self.alpha:
            raise ValueError(
                f"influence() describes the unpenalised maximum-likelihood fit; this "
                f"{type(self).__name__} has alpha={self.alpha!r}. Refit with alpha=0 for the "
                "diagnostics, or use resid() for residuals of the penalised fit."
            )
        X, y, mu, variance, _ = self._response(X, y)
        n = X.shape[0]
        Xt = np.column_stack([np.ones(n), X]) if self.fit_intercept else X
        k = Xt.shape[1]
        r = y - mu
        # at the MLE the score X~^T (y - mu) is zero (the normal equations, for least squares)
        with np.errstate(invalid="ignore", divide="ignore"):
            cosine = np.abs(Xt.T @ r) / (np.linalg.norm(Xt, axis=0) * np.linalg.norm(r))
        worst = float(np.nanmax(cosine)) if np.any(np.isfinite(cosine)) else 0.0
        if worst > SCORE_COSINE_LIMIT:
            raise DataError(
                f"influence() needs the data the {type(self).__name__} was fitted on: there "
                f"the score X~^T (y - mu) is zero, but on these {n} samples a column of "
                f"[1, X] and the residuals have cosine {worst:.2g}. Pass the training X and "
                "y (for residuals on other data use resid())."
            )
        # leverage: h_i = ||row i of Q||^2, Q from the QR of W^{1/2} X~ (no n x n matrix)
        Q = linalg.qr(np.sqrt(variance)[:, None] * Xt, mode="economic", check_finite=False)[0]
        h = np.einsum("ij,ij->i", Q, Q)
        pearson = r / np.sqrt(self._dispersion() * variance)
        t = pearson / np.sqrt(1.0 - h)
        cooks = t**2 * h / (1.0 - h) / k
        external = None
        if self._family == "gaussian":
            df = n - k
            external = t * np.sqrt((df - 1) / np.maximum(df - t**2, np.finfo(float).tiny))
        return Influence(fitted=mu, resid_pearson=pearson, leverage=h, resid_studentized=t,
                         resid_studentized_external=external, cooks_distance=cooks)
