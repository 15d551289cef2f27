"""Helpers of the estimators' ``fit``: the rank check, the iterative solvers, warnings, inverses.

Newton/IRLS for the GLMs lives in :func:`estlab.optim.irls` (called from
:mod:`estlab.linear_model._glm`). The iterative solvers ("gd", "sgd", "adam") minimise the same
penalised mean negative log-likelihood, taken from :mod:`estlab.likelihoods`, with the loops of
:mod:`estlab.optim` (:func:`fit_iterative`).
"""

import warnings

import numpy as np
from scipy import linalg

from estlab._errors import ConvergenceError, ConvergenceWarning
from estlab.linear_model._design import check_design_rank

__all__ = ["fit_iterative", "check_design_rank", "inverse", "inverse_diag", "triangular_inverse",
           "param_names", "warn_not_converged"]


def param_names(n_features, fit_intercept):
    """``["intercept", "X[:, 0]", ...]``: how error messages name the parameters."""
    return (["intercept"] if fit_intercept else []) + [f"X[:, {j}]" for j in range(n_features)]


def fit_iterative(likelihood, X, y, theta0, settings, *, fit_intercept, verbose=False):
    """Minimise ``likelihood.nll`` by "gd", "sgd" or "adam" from :mod:`estlab.optim`.

    ``theta0`` may be 2-D (softmax); the optimisers work on the flat vector and the result is
    reshaped back. Returns ``(theta, n_iter, converged, history_of_objective)``.

    Raises
    ------
    ConvergenceError
        When the optimiser diverged (the objective grew without bound or became non-finite):
        there is no estimate, and returning the last finite iterate (often the starting point)
        as a fit would be a lie. The message names the learning rate and a stable one,
        ``1 / L`` with ``L`` the largest eigenvalue of the Hessian at the start: a fixed step
        ``t`` converges on a quadratic only when ``t < 2 / L``.
    """
    from estlab import optim

    shape = np.shape(theta0)
    alpha, solver = settings["alpha"], settings["solver"]
    lr, max_iter, tol = settings["learning_rate"], settings["max_iter"], settings["tol"]

    def fun(th):
        return likelihood.nll(th.reshape(shape), X, y, alpha, fit_intercept=fit_intercept)

    def grad(th):
        return np.ravel(likelihood.grad(th.reshape(shape), X, y, alpha,
                                        fit_intercept=fit_intercept))

    x0 = np.ravel(np.asarray(theta0, dtype=float))
    common = {"max_iter": max_iter, "tol": tol, "verbose": verbose}
    with warnings.catch_warnings():
        # The estimator issues one ConvergenceWarning with the advice that fits it.
        warnings.simplefilter("ignore", ConvergenceWarning)
        if solver == "gd" and settings["momentum"] > 0:
            res = optim.momentum(fun, grad, x0, learning_rate=lr,
                                 momentum=settings["momentum"], **common)
        elif solver == "gd":
            res = optim.gradient_descent(fun, grad, x0, learning_rate=lr, **common)
        elif solver == "adam":
            res = optim.adam(fun, grad, x0, learning_rate=lr, **common)
        else:  # "sgd": mini-batch stochastic gradient over epochs

            def grad_batch(th, Xb, yb):
                return np.ravel(likelihood.grad(th.reshape(shape), Xb, yb, alpha,
                                                fit_intercept=fit_intercept))

            step_rule = (optim.SGD(learning_rate=lr, momentum=settings["momentum"])
                         if settings["momentum"] > 0 else None)
            res = optim.sgd(grad_batch, x0, X, y, fun=lambda th, _X, _y: fun(th),
                            optimizer=step_rule,
                            learning_rate=lr, batch_size=settings["batch_size"],
                            random_state=settings["rng"], **common)
    if res.message.startswith("diverged") or not np.all(np.isfinite(res.x)):
        _raise_diverged(likelihood, X, y, theta0, settings, res, fit_intercept)
    history = np.asarray(res.history["fun"], dtype=float)
    return res.x.reshape(shape), int(res.n_iter), bool(res.converged), history


# Which estimator minimises which likelihood (for the messages of fit_iterative).
_ESTIMATOR_OF = {"gaussian": "LinearRegression", "bernoulli": "LogisticRegression",
                 "poisson": "PoissonRegression", "categorical": "SoftmaxRegression"}


def _raise_diverged(likelihood, X, y, theta0, settings, res, fit_intercept):
    """Raise the ConvergenceError of a diverged run, with a learning rate that would be stable."""
    solver, lr, mom = settings["solver"], settings["learning_rate"], settings["momentum"]
    name = _ESTIMATOR_OF.get(likelihood.__name__.rsplit(".", 1)[-1], "The estimator")
    unit = "epoch" if solver == "sgd" else "iteration"
    f = np.asarray(res.history["fun"], dtype=float)
    how = (f"the objective became {f[-1]!r}" if not np.isfinite(f[-1])
           else f"the objective grew from {f[0]:.4g} to {f[-1]:.4g}")
    with np.errstate(all="ignore"):
        try:  # the curvature at the start: a fixed step t is stable only for t < 2 / L
            H = likelihood.hess(theta0, X, y, settings["alpha"], fit_intercept=fit_intercept)
            L = float(np.linalg.eigvalsh(H)[-1])
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):
            L = np.nan
    if np.isfinite(L) and L > 0 and solver != "adam":
        bound = 2.0 * (1.0 + mom) / L  # heavy ball: t < 2 (1 + momentum) / L
        suggest = float(f"{1.0 / L:.0e}")
        advice = (f"The largest curvature of the objective at the start is L = {L:.3g}, so a "
                  f"fixed step is stable only below {'2 (1 + momentum) / L' if mom else '2 / L'}"
                  f" = {bound:.3g}: pass learning_rate={suggest:g} or smaller")
    else:
        advice = f"Pass a smaller learning_rate (e.g. learning_rate={lr / 10:g})"
    raise ConvergenceError(
        f"{name} (solver={solver!r}, learning_rate={lr:g}) diverged at {unit} {res.n_iter}: "
        f"{how}, so there is no estimate. {advice}, or standardise X "
        "((X - X.mean(axis=0)) / X.std(axis=0): on unit-scale columns the default learning "
        "rate is stable), or use the exact solver "
        f"(solver={'normal' if name == 'LinearRegression' else 'newton'!r})."
    )


def warn_not_converged(est_name, solver, n_iter, extra="", *, stacklevel=3):
    """One ConvergenceWarning with the usual fixes (a diverged run raises instead)."""
    advice = ("increase max_iter" if solver == "newton"
              else "increase max_iter, tune learning_rate, or standardize X")
    unit = "epoch" if solver == "sgd" else "iteration"
    warnings.warn(
        f"{est_name} (solver={solver!r}) did not converge in {n_iter} {unit}"
        f"{'' if n_iter == 1 else 's'}: {advice}{extra}.", ConvergenceWarning,
        stacklevel=stacklevel)


def triangular_inverse(T, *, lower):
    """Inverse of a small triangular matrix by LAPACK ``trtri`` (``solve_triangular`` has a
    millisecond of Python overhead per call in recent SciPy, which dominates small fits)."""
    inv, info = linalg.lapack.dtrtri(T, lower=int(lower))
    if info != 0:
        raise linalg.LinAlgError("singular triangular factor")
    return inv


def inverse(H):
    """``H^{-1}`` by a scaled Cholesky factorisation; all ``inf`` where H is singular.

    Scaling by ``d = sqrt(diag H)`` first (``H = D S D``, ``H^{-1} = D^{-1} S^{-1} D^{-1}``)
    keeps columns of very different units from costing digits.
    """
    d = np.sqrt(np.diag(H))
    if np.all(d > 0):
        try:
            c = linalg.cho_factor(H / np.outer(d, d), lower=True, check_finite=False)
            return linalg.cho_solve(c, np.eye(H.shape[0]), check_finite=False) / np.outer(d, d)
        except linalg.LinAlgError:
            pass
    return np.full(H.shape, np.inf)


def inverse_diag(H):
    """``diag(H^{-1})`` by a scaled Cholesky factorisation; ``inf`` where H is singular."""
    d = np.sqrt(np.diag(H))
    if np.all(d > 0):
        try:
            c = linalg.cho_factor(H / np.outer(d, d), lower=True, check_finite=False)
            Linv = np.tril(triangular_inverse(c[0], lower=True))
            return np.einsum("ij,ij->j", Linv, Linv) / d**2
        except linalg.LinAlgError:
            pass
    return np.full(H.shape[0], np.inf)
