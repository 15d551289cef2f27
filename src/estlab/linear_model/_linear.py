"""Linear regression (ordinary least squares): normal equations, QR, or gradient descent."""

import numpy as np
from scipy import linalg

from estlab.base import BaseEstimator, RegressorMixin, check_is_fitted
from estlab._validation import check_finite_fast
from estlab.linear_model._base import (check_hyperparameters, check_n_samples, validate_X,
                                       validate_y)
from estlab.linear_model._inference import InferenceMixin, information_criteria
from estlab.linear_model._residuals import ResidualsMixin
from estlab.linear_model._design import (check_design_rank, diagnose, gram_condition,
                                         r_condition, warn_if_ill_conditioned)
from estlab.linear_model._solvers import (fit_iterative, inverse, triangular_inverse,
                                          warn_not_converged)
from estlab._errors import DataError

__all__ = ["LinearRegression"]

# Above this condition number of the (unit-diagonal) Gram matrix, "normal" switches to QR:
# Cholesky on X^T X loses about log10(cond) digits (more in practice: on the NIST Wampler1
# Vandermonde design, cond = 5e6 costs 7 of 16 digits), QR on X only about half as many.
GRAM_COND_LIMIT = 1e5
# Below this ratio of singular values of the column-scaled R, the design is rank deficient.
QR_RCOND = 1e-12
# Gram diagonals (sums of squares) outside this range mean |x| near float64's limits: overflow
# (|x| > 1e154) or underflow (|x| < 1e-154) would spoil X^T X, so the fit rescales X and y first.
SAFE_SQUARES = (1e-250, 1e250)


class LinearRegression(ResidualsMixin, InferenceMixin, RegressorMixin, BaseEstimator):
    """Ordinary least squares, with classical (statsmodels-equal) standard errors.

    Minimises ``1/(2n) ||y - intercept - X coef||^2 + alpha/2 ||coef||^2``. By default
    (``alpha=0``) this is **plain, unpenalised OLS**, the Gaussian maximum-likelihood estimate.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Add an intercept (never penalised).
    alpha : float, default=0.0
        Ridge penalty on the *mean* squared error (scikit-learn's ``Ridge(alpha=n * alpha)``).
    solver : {"normal", "qr", "gd", "sgd"}, default="normal"
        "normal": Cholesky on the normal equations ``(X~^T X~) theta = X~^T y``, falling back to
        "qr" when the Gram matrix is ill-conditioned (condition number above 1e5 after scaling
        to unit diagonal); "qr": Householder QR of ``[X~, y]``; "gd"/"sgd": gradient descent on
        the Gaussian likelihood of :mod:`estlab.likelihoods` with :mod:`estlab.optim`.
    learning_rate, momentum, batch_size, max_iter, tol, random_state, verbose :
        Settings of the iterative solvers, as in :class:`LogisticRegression` (ignored by
        "normal" and "qr").

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    params_, stderr_ : ndarray of shape (n_features + fit_intercept,)
        ``np.r_[intercept_, coef_]`` and the classical standard errors
        ``sqrt(s^2 diag((X~^T X~)^{-1}))`` with ``s^2 = RSS / (n - k)``: statsmodels' ``bse``.
        With ``alpha > 0`` the penalised matrix ``X~^T X~ + n alpha diag(0, 1, ..., 1)`` is
        inverted instead (standard errors that treat the penalty as fixed, not OLS's).
    cov_ : ndarray of shape (k, k)
        ``s^2 (X~^T X~)^{-1}``, statsmodels' ``cov_params()``; :meth:`delta_method` uses it
        (with Student's t quantile for its interval).
    scale_ : float
        The unbiased residual variance ``s^2``.
    df_resid_ : int
        ``n - k``, the degrees of freedom of the ``t`` statistics.
    loglik_, aic_, bic_ : float
        Gaussian log-likelihood at the MLE ``sigma^2 = RSS / n`` and ``-2 loglik + 2k``,
        ``-2 loglik + k log n`` (statsmodels' ``llf``, ``aic``, ``bic``).
    solver_used_ : str
        "qr" when "normal" fell back to QR.
    condition_number_ : float
        The 2-norm condition number ``sigma_max / sigma_min`` of the **column-equilibrated**
        design ``[1, X] D^{-1}`` (``D``: the Euclidean norms of the columns; with ``alpha > 0``,
        of the penalised system ``[X~; sqrt(n alpha) I]``). About ``log10`` of it is the number
        of significant digits rounding can cost a QR solution (twice that for anything solved
        from ``X~^T X~``: Cholesky, and the standard errors of "gd"/"sgd"); when more than 8 are
        at stake the fit warns (:class:`IllConditionedWarning`).
        Equilibrated because units are not conditioning: statsmodels' ``condition_number``
        (the raw ``exog``) is ``1.8e15`` on NIST's Filip problem and changes if ``x`` is in
        other units; this one is ``5.2e9`` and does not (see
        :mod:`estlab.linear_model._design`). Computed from the Cholesky or ``R`` factor the
        solver has anyway (a ``(p+1) x (p+1)`` eigen- or singular value problem).
    n_iter_, converged_, loss_history_, n_features_in_, feature_names_in_ :
        As in :class:`LogisticRegression` (1, True, one value for the direct solvers).

    Raises
    ------
    DataError
        For a rank-deficient design (a constant column next to the intercept, duplicated or
        linearly dependent columns) with ``alpha=0``, naming the columns; and when there are
        not more samples than parameters (the residual variance needs ``n - k > 0``).
    ConvergenceError
        When "gd" or "sgd" diverges (the learning rate is too large for the scale of ``X``).

    Warns
    -----
    IllConditionedWarning
        When rounding can cost more than 8 of the 16 significant digits (see
        ``condition_number_``).

    Notes
    -----
    No ``n x n`` matrix is formed. "normal" needs ``X^T X`` (one ``syrk``) and ``X^T [1, y]``,
    and computes ``RSS = y^T y - theta^T X~^T y`` from them, recomputing the residuals
    explicitly only when that difference could lose digits (``RSS < 1e-6 y^T y``). "qr" makes
    one Fortran-ordered copy ``[1, X, y]`` and factorises it in place; the last diagonal entry
    of ``R`` is ``||y - X~ theta||``.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.linear_model import LinearRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 2))
    >>> y = 1.0 + X @ [2.0, -1.0] + rng.normal(scale=0.5, size=100)
    >>> model = LinearRegression().fit(X, y)
    >>> np.round(model.params_, 3)
    array([ 0.918,  1.946, -0.913])
    >>> np.round(model.stderr_, 3)
    array([0.056, 0.058, 0.06 ])
    >>> round(model.score(X, y), 3)
    0.927
    """

    _stat_name = "t"
    _family = "gaussian"

    def __init__(self, *, fit_intercept=True, alpha=0.0, solver="normal", learning_rate=None,
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
        """Fit by least squares.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        self._reset()
        settings = check_hyperparameters(self, ("normal", "qr", "gd", "sgd"))
        normal = settings["solver"] == "normal"  # X's finite check comes with its Gram matrix
        X = validate_X(self, X, reset=True, finite=not normal)
        n, p = X.shape
        y = validate_y(y, n)
        k0 = int(bool(self.fit_intercept))
        d = p + k0
        check_n_samples(n, "LinearRegression")
        if n <= d:
            raise DataError(
                f"LinearRegression needs more samples than parameters to estimate the residual "
                f"variance; got n_samples={n} for {d} parameters (n_features={p}"
                f"{' + intercept' if k0 else ''}). Collect more data or drop features."
            )
        alpha = settings["alpha"]
        self.solver_used_ = settings["solver"]
        self.n_iter_, self.converged_ = 1, True
        if settings["solver"] == "normal":
            with np.errstate(invalid="ignore", over="ignore", under="ignore"):
                G, b, yty = _gram(X, y, k0)  # NaN/inf: checked just below
            # diag(X^T X) holds sums of squares: NaN/inf anywhere in X makes them non-finite
            check_finite_fast(X, summary=G)
            if not _in_safe_range(X, y, k0, G, yty):  # overflow/underflow: rescale, then fit
                return self._fit_rescaled(X, y, alpha)
            G0 = G.copy() if alpha else G
            G[np.arange(k0, d), np.arange(k0, d)] += n * alpha
            theta, G_inv, kappa = _solve_normal(G, b)
            if theta is None:  # ill-conditioned: QR is accurate where X^T X is not
                self.solver_used_ = "qr"
        elif settings["solver"] == "qr" and not _in_safe_range(X, y, k0):
            return self._fit_rescaled(X, y, alpha)
        if self.solver_used_ == "qr":
            theta, G_inv, rss, kappa = _solve_qr(X, y, k0, n * alpha)
        elif self.solver_used_ == "normal":
            # RSS = ||y - X~ theta||^2 = y'y - 2 theta'b + theta' G0 theta, from the Gram.
            rss = yty - 2.0 * theta @ b + theta @ (G0 @ theta)
            if rss < 1e-6 * yty:  # cancellation could cost digits: take the residuals
                rss = _rss(X, y, theta, k0)
        else:  # "gd" / "sgd" on the Gaussian likelihood
            from estlab.likelihoods import gaussian

            with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                G, b, yty = _gram(X, y, k0)
            if not alpha or not np.all(np.isfinite(G)):
                check_design_rank(G, bool(k0), X=X)
            G[np.arange(k0, d), np.arange(k0, d)] += n * alpha
            kappa = gram_condition(G)
            theta, self.n_iter_, self.converged_, history = fit_iterative(
                gaussian, X, y, np.zeros(d), settings, fit_intercept=bool(k0),
                verbose=self.verbose)
            G_inv = inverse(G)  # inf where G is singular to working precision
            rss = _rss(X, y, theta, k0)
            self.loss_history_ = history
        rss = max(float(rss), 0.0)
        if not hasattr(self, "loss_history_"):
            pen = 0.5 * alpha * float(theta[k0:] @ theta[k0:])
            self.loss_history_ = np.array([0.5 * rss / n + pen])
        self.params_ = theta
        self.intercept_ = float(theta[0]) if k0 else 0.0
        self.coef_ = theta[k0:].copy()
        self.df_resid_ = int(n - d)
        self.scale_ = rss / (n - d)
        self.cov_ = self.scale_ * G_inv  # s^2 (X~^T X~)^{-1}
        self.stderr_ = np.sqrt(self.scale_ * np.diag(G_inv))
        with np.errstate(divide="ignore"):  # a perfect fit has loglik = +inf, as statsmodels
            self.loglik_ = float(-0.5 * n * (np.log(2 * np.pi * rss / n) + 1.0))
        self.aic_, self.bic_ = information_criteria(self.loglik_, d, n)
        self.nobs_ = int(n)
        self.condition_number_ = float(kappa)
        if not self.converged_:
            warn_not_converged("LinearRegression", settings["solver"], self.n_iter_)
        # QR works with kappa; Cholesky (and gd's standard errors) with kappa^2
        warn_if_ill_conditioned("LinearRegression", kappa, squared=self.solver_used_ != "qr")
        return self

    def _fit_rescaled(self, X, y, alpha):
        """Fit on ``X / s_x`` and ``y / s_y`` (powers of two near the largest ``|x|``, ``|y|``:
        exact), then map back: ``coef_j = s_y / s_xj * coef'_j``, standard errors alike.

        For data near float64's limits (``|x| > 1e125`` or ``< 1e-125``), where ``X^T X`` over-
        or underflows. Least squares is equivariant under this scaling, so the result is the
        fit of the original data; the condition number (equilibrated) does not change.
        """
        n, p = X.shape
        k0 = int(bool(self.fit_intercept))
        sx = _power_of_two(np.maximum(X.max(axis=0), -X.min(axis=0)))
        sy = _power_of_two(np.max(np.abs(y)))[()]  # a NumPy float: sy**2 may be inf, not raise
        if alpha:
            j = int(np.argmax(np.abs(np.log2(sx))))
            raise DataError(
                f"LinearRegression with alpha={alpha:g} cannot be fitted on columns of magnitude "
                f"{sx[j]:.1e} (X[:, {j}]): the ridge penalty's meaning depends on the units of "
                "X, and at this scale it is either nothing or everything. Standardise X first "
                "((X - X.mean(axis=0)) / X.std(axis=0)), then choose alpha."
            )
        inner = type(self)(**self.get_params()).fit(X / sx, y / sy)
        with np.errstate(over="ignore", invalid="ignore"):
            unit = sy * np.r_[np.ones(k0), 1.0 / sx]  # theta = unit * theta'
            theta, se = inner.params_ * unit, inner.stderr_ * unit
            scale = inner.scale_ * sy**2
            history = inner.loss_history_ * sy**2
        if not (np.all(np.isfinite(theta)) and np.all(np.isfinite(se))):
            j = int(np.flatnonzero(~(np.isfinite(theta) & np.isfinite(se)))[0])
            name = "the intercept" if j < k0 else f"the coefficient of X[:, {j - k0}]"
            raise DataError(
                f"LinearRegression: {name} (or its standard error) is beyond float64's range "
                f"(1.8e308): y reaches {sy:.1e} while the column is of size "
                f"{(1.0 if j < k0 else sx[j - k0]):.1e}, and a slope is y / x. Rescale y or X "
                "(other units) so that the coefficients are representable."
            )
        self.params_, self.stderr_ = theta, se
        with np.errstate(over="ignore", invalid="ignore"):
            self.cov_ = inner.cov_ * np.outer(unit, unit)
        self.intercept_ = float(theta[0]) if k0 else 0.0
        self.coef_ = theta[k0:].copy()
        self.scale_, self.loss_history_ = float(scale), history
        self.loglik_ = float(inner.loglik_ - n * np.log(sy))  # RSS = s_y^2 RSS'
        self.aic_, self.bic_ = information_criteria(self.loglik_, p + k0, n)
        for name in ("df_resid_", "nobs_", "solver_used_", "n_iter_", "converged_",
                     "condition_number_"):
            setattr(self, name, getattr(inner, name))
        return self

    def predict(self, X):
        """Predictions ``intercept + X @ coef``."""
        check_is_fitted(self, "coef_")
        return validate_X(self, X, reset=False) @ self.coef_ + self.intercept_

    def _response(self, X, y):
        """``(X, y, mu, V(mu), d)`` for :class:`~estlab.linear_model._residuals.ResidualsMixin`."""
        X = validate_X(self, X, reset=False)
        y = validate_y(y, X.shape[0])
        mu = X @ self.coef_ + self.intercept_
        return X, y, mu, np.ones_like(mu), (y - mu) ** 2

    def _dispersion(self):
        return self.scale_

    def _summary_header(self):
        return [("No. Observations", str(self.nobs_)), ("Df Residuals", str(self.df_resid_)),
                ("Log-Likelihood", f"{self.loglik_:.6g}"), ("Scale (s^2)", f"{self.scale_:.6g}"),
                ("AIC", f"{self.aic_:.6g}"), ("BIC", f"{self.bic_:.6g}"),
                ("Solver", self.solver_used_)]


def _power_of_two(s):
    """The power of two nearest each ``s > 0`` (1 for 0): dividing by it is exact."""
    s = np.asarray(s, dtype=float)
    return np.where(s > 0, np.exp2(np.round(np.log2(np.where(s > 0, s, 1.0)))), 1.0)


def _in_safe_range(X, y, k0, G=None, yty=None):
    """Whether the sums of squares of X's columns (and of y) are far from over- and underflow.

    From the Gram diagonal when ``G`` is given (free: the normal equations computed it), else
    from the column extremes (two passes over X: cheap next to a QR). A zero diagonal is safe
    only if the column really is zero (else every square underflowed).
    """
    lo, hi = SAFE_SQUARES
    if G is None:
        size = np.maximum(X.max(axis=0), -X.min(axis=0))
        ysize = float(np.max(np.abs(y)))
        size = np.r_[size, ysize]
        with np.errstate(over="ignore", under="ignore"):
            sq = size * size
        return bool(np.all((size == 0) | ((sq > lo) & (sq < hi))))
    diag = np.diag(G)[k0:]
    if not (np.all(np.isfinite(G)) and np.isfinite(yty)):
        return False
    if not np.all((diag == 0) | ((diag > lo) & (diag < hi))) or not (yty == 0 or lo < yty < hi):
        return False
    zero = np.flatnonzero(diag == 0)
    return not ((zero.size and np.any(X[:, zero] != 0)) or (yty == 0 and np.any(y != 0)))


def _gram(X, y, k0):
    """``(X~^T X~, X~^T y, y^T y)`` with ``X~ = [1, X]`` built from sums (no augmented copy)."""
    n, p = X.shape
    XtX = X.T @ X  # symmetric rank-k update: the expensive part, n p^2 flops
    Xty = y @ X  # matrix-vector products (a product with the n x 2 matrix [1, y] is slower)
    if not k0:
        return XtX, Xty, float(y @ y)
    s = np.ones(n) @ X  # column sums
    G = np.empty((p + 1, p + 1))
    G[0, 0], G[0, 1:], G[1:, 0], G[1:, 1:] = n, s, s, XtX
    return G, np.r_[y.sum(), Xty], float(y @ y)


def _solve_normal(G, b):
    """Cholesky solve of ``G theta = b`` scaled to unit diagonal; ``None``s if ill-posed.

    Returns ``(theta, G^{-1}, kappa)`` with ``kappa`` the condition number of the
    equilibrated design (the square root of that of the unit-diagonal ``G``). A singular G is
    ill-conditioned too: the QR path then diagnoses the rank deficiency.
    """
    d = np.sqrt(np.diag(G))
    if not (np.all(d > 0) and np.all(np.isfinite(G))):  # zero column, or |x| > 1e154 overflowed
        return None, None, None
    C = G / np.outer(d, d)
    eig = np.linalg.eigvalsh(C)
    if eig[0] <= 0 or eig[-1] / eig[0] > GRAM_COND_LIMIT:
        return None, None, None
    L = linalg.cholesky(C, lower=True, check_finite=False)
    z = linalg.cho_solve((L, True), b / d, check_finite=False)
    Linv = triangular_inverse(L, lower=True)
    # G^{-1} = D^{-1} C^{-1} D^{-1}, C^{-1} = L^{-T} L^{-1}
    return z / d, (Linv.T @ Linv) / np.outer(d, d), float(np.sqrt(eig[-1] / eig[0]))


def _solve_qr(X, y, k0, ridge):
    """Householder QR of ``[1, X, y]`` (plus ``sqrt(ridge) I`` rows).

    Returns ``(theta, G^{-1}, rss, kappa)``: ``G^{-1} = (R^T R)^{-1} = R^{-1} R^{-T}``.
    """
    n, p = X.shape
    d = p + k0
    extra = p if ridge else 0
    A = np.zeros((n + extra, d + 1), order="F")  # the one copy of X; factorised in place
    if k0:
        A[:n, 0] = 1.0
    A[:n, k0:d] = X
    A[:n, d] = y
    if ridge:
        A[n + np.arange(p), k0 + np.arange(p)] = np.sqrt(ridge)
    qr, _tau, _work, info = linalg.lapack.dgeqrf(A, overwrite_a=True)
    R = np.triu(qr[:d + 1, :d + 1])
    del A, qr
    R11, qty, r_last = R[:d, :d], R[:d, d], R[d, d]
    kappa = r_condition(R11)  # of the column-scaled R: the rank test ignores units
    if not kappa < 1.0 / QR_RCOND:
        raise DataError(diagnose(X, bool(k0)))
    theta = linalg.lapack.dtrtrs(R11, qty, lower=0)[0]  # back substitution R theta = Q'y
    Rinv = triangular_inverse(R11, lower=False)
    rss = r_last**2 - ridge * float(theta[k0:] @ theta[k0:])
    return theta, Rinv @ Rinv.T, rss, kappa


def _rss(X, y, theta, k0):
    """Residual sum of squares from explicit residuals (one pass over X)."""
    r = y - X @ theta[k0:]
    if k0:
        r -= theta[0]
    return float(r @ r)
