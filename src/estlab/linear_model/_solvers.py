"""Helpers of the estimators' ``fit``: the rank check, the iterative solvers, warnings, inverses.

Newton/IRLS for the GLMs lives in :func:`estlab.optim.irls` (called from
:mod:`estlab.linear_model._glm`). The iterative solvers ("gd", "sgd", "adam") minimise the same
penalised mean negative log-likelihood, taken from :mod:`estlab.likelihoods`, with the loops of
:mod:`estlab.optim` (:func:`fit_iterative`).
"""

import warnings

import numpy as np
from scipy import linalg

from estlab._errors import ConvergenceWarning, DataError

__all__ = ["fit_iterative", "check_design_rank", "inverse_diag", "triangular_inverse",
           "param_names", "warn_not_converged"]


def param_names(n_features, fit_intercept):
    """``["intercept", "X[:, 0]", ...]``: how error messages name the parameters."""
    return (["intercept"] if fit_intercept else []) + [f"X[:, {j}]" for j in range(n_features)]


def check_design_rank(gram, fit_intercept, *, rcond=1e-12):
    """Raise :class:`~estlab.DataError` if the (weighted) Gram matrix of ``[1, X]`` is singular.

    ``gram`` is ``X~^T W X~`` for any positive weights (its null space is that of ``X~``). The
    columns are first scaled to unit diagonal, so the test ignores units. The message names a
    constant column (collinear with the intercept), a duplicated pair, or the columns of the
    smallest eigenvector.
    """
    d = np.sqrt(np.diag(gram))
    names = param_names(gram.shape[0] - int(fit_intercept), fit_intercept)
    if np.any(d == 0):
        j = int(np.flatnonzero(d == 0)[0])
        raise DataError(
            f"The design matrix is singular: {names[j]} is all zeros, so its coefficient is not "
            "identified. Drop that column."
        )
    C = gram / np.outer(d, d)
    eigval, eigvec = np.linalg.eigh(C)
    if eigval[0] > rcond * eigval[-1]:
        return
    k0 = int(bool(fit_intercept))
    what = None
    if fit_intercept:
        const = np.flatnonzero(np.abs(C[0, 1:]) > 1 - 1e-10)
        if const.size:
            what = (f"{names[1 + const[0]]} is constant, which duplicates the intercept; drop it "
                    "or use fit_intercept=False")
    if what is None:
        off = np.abs(np.triu(C[k0:, k0:], 1))
        i, j = np.unravel_index(np.argmax(off), off.shape)
        if off[i, j] > 1 - 1e-10:
            what = (f"{names[k0 + j]} is a multiple of {names[k0 + i]} (duplicated column); drop "
                    "one of them")
    if what is None:
        v = np.abs(eigvec[:, 0])
        involved = [names[j] for j in np.flatnonzero(v > 0.1 * v.max())]
        what = (f"the columns {', '.join(involved)} are linearly dependent; drop one of them")
    raise DataError(
        f"The design matrix is singular (rank deficient): {what}. Alternatively pass alpha > 0 "
        "(an L2 penalty makes the estimate unique)."
    )


def fit_iterative(likelihood, X, y, theta0, settings, *, fit_intercept, verbose=False):
    """Minimise ``likelihood.nll`` by "gd", "sgd" or "adam" from :mod:`estlab.optim`.

    ``theta0`` may be 2-D (softmax); the optimisers work on the flat vector and the result is
    reshaped back. Returns ``(theta, n_iter, converged, history_of_objective)``.
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
    history = np.asarray(res.history["fun"], dtype=float)
    return res.x.reshape(shape), int(res.n_iter), bool(res.converged), history


def warn_not_converged(est_name, solver, n_iter, extra=""):
    """One ConvergenceWarning with the usual fixes."""
    advice = ("increase max_iter" if solver == "newton"
              else "increase max_iter, tune learning_rate, or standardize X")
    warnings.warn(
        f"{est_name} (solver={solver!r}) did not converge in {n_iter} iterations: {advice}"
        f"{extra}.", ConvergenceWarning, stacklevel=3)


def triangular_inverse(T, *, lower):
    """Inverse of a small triangular matrix by LAPACK ``trtri`` (``solve_triangular`` has a
    millisecond of Python overhead per call in recent SciPy, which dominates small fits)."""
    inv, info = linalg.lapack.dtrtri(T, lower=int(lower))
    if info != 0:
        raise linalg.LinAlgError("singular triangular factor")
    return inv


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
