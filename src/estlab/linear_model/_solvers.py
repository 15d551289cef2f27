"""The solvers behind ``fit``: Newton/IRLS for one-index GLMs, and dispatch to :mod:`estlab.optim`.

Newton's method for a GLM with canonical link (logistic, Poisson) is iteratively reweighted
least squares. With ``X~ = [1, X]``, ``mu = g^{-1}(eta)`` and ``w = Var(mu)``:

.. math::

    \\nabla = \\tfrac1n \\tilde X^\\top (\\mu - y) + \\alpha [0; \\beta], \\qquad
    H = \\tfrac1n \\tilde X^\\top W \\tilde X + \\alpha\\, \\mathrm{diag}(0, 1, \\dots, 1), \\qquad
    \\theta \\leftarrow \\theta - t\\, H^{-1} \\nabla,

with ``t`` halved until the objective decreases. :func:`newton_glm` computes ``eta`` once per
iteration and derives the objective, gradient and Hessian from it (the likelihood functions of
:mod:`estlab.likelihoods` recompute ``eta`` in each call: fine for teaching, three times the
work here). The Hessian is ``B^T B`` with ``B = [sqrt(w), X * sqrt(w)]`` written into one
preallocated buffer: one copy of ``X`` for the whole fit, a symmetric rank-k update (half the
flops of a general product), no ``n x n`` matrix.

The iterative solvers ("gd", "sgd", "adam") minimise the same penalised mean negative
log-likelihood, taken from :mod:`estlab.likelihoods`, with the loops of :mod:`estlab.optim`.
"""

import warnings

import numpy as np
from scipy import linalg

from estlab._errors import ConvergenceWarning, DataError

__all__ = ["newton_glm", "fit_iterative", "solve_glm", "check_design_rank", "inverse_diag",
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


def _cho_solve(H, g, fit_intercept):
    """Solve ``H s = g`` by Cholesky after scaling H to unit diagonal; ``None`` if H is not PD."""
    d = np.sqrt(np.diag(H))
    if not np.all(d > 0):
        return None
    try:
        c = linalg.cho_factor(H / np.outer(d, d), check_finite=False)
    except linalg.LinAlgError:
        return None
    return linalg.cho_solve(c, g / d, check_finite=False) / d


def newton_glm(X, y, family, *, fit_intercept, alpha, max_iter, tol, theta0, verbose=False):
    """Minimise ``mean(family.nll(eta, y)) + alpha/2 ||beta||^2`` by Newton/IRLS with step halving.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    family : object
        ``mean(eta)``, ``variance(mu)`` and ``nll(eta, y)`` (per-sample terms) of the model.
    theta0 : ndarray of shape (n_features + fit_intercept,)
        Starting point, ``[intercept, beta]``.

    Returns
    -------
    dict
        ``theta``, ``hess`` (the mean-scale Hessian at the last Newton point), ``n_iter``,
        ``converged``, ``history`` (objective before each iteration and at the end), ``eta``.

    Notes
    -----
    Convergence: the last accepted step satisfies ``max|t * step| <= tol * (1 + max|theta|)``.
    The returned Hessian is the one that produced that step, evaluated within ``tol`` of the
    returned ``theta``, so standard errors from it are accurate to about ``tol`` (relative).
    """
    n, p = X.shape
    k0 = int(bool(fit_intercept))
    theta = np.array(theta0, dtype=float)

    def predictor(th):
        eta = X @ th[k0:]
        if k0:
            eta += th[0]
        return eta

    def objective(eta, th):
        return float(np.mean(family.nll(eta, y))) + 0.5 * alpha * float(th[k0:] @ th[k0:])

    eta = predictor(theta)
    f = objective(eta, theta)
    history = [f]
    buf = np.empty((n, p + k0))  # B = [sqrt(w), X * sqrt(w)]: the only copy of X
    converged, H = False, None
    it = 0
    for it in range(1, max_iter + 1):
        mu = family.mean(eta)
        r = mu - y
        g = np.empty(p + k0)
        g[k0:] = X.T @ r
        if k0:
            g[0] = r.sum()
        g /= n
        g[k0:] += alpha * theta[k0:]
        sw = np.sqrt(family.variance(mu))
        if k0:
            buf[:, 0] = sw
        np.multiply(X, sw[:, None], out=buf[:, k0:])
        H = buf.T @ buf  # symmetric rank-k update (syrk)
        H /= n
        H[np.arange(k0, p + k0), np.arange(k0, p + k0)] += alpha
        if it == 1:
            check_design_rank(H, fit_intercept)
        step = _cho_solve(H, g, fit_intercept)
        if step is None:  # singular after the start: weights saturated (separation)
            step = np.linalg.lstsq(H, g, rcond=None)[0]
        # Newton step with halving: theta <- theta - t H^{-1} g, t = 1, 1/2, 1/4, ...
        t = 1.0
        while True:
            theta_new = theta - t * step
            eta_new = predictor(theta_new)
            f_new = objective(eta_new, theta_new)
            if f_new <= f + 1e-12 * abs(f) or t < 1e-10:
                break
            t *= 0.5
        moved = np.max(np.abs(t * step)) if step.size else 0.0
        theta, eta, f = theta_new, eta_new, f_new
        history.append(f)
        if verbose:
            print(f"newton iter {it:3d}  objective {f:.10g}  |step| {moved:.2e}  t {t:g}")
        if moved <= tol * (1.0 + np.max(np.abs(theta))):
            converged = True
            break
    return {"theta": theta, "hess": H, "n_iter": it, "converged": converged,
            "history": np.asarray(history), "eta": eta}


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


def solve_glm(est_name, X, y, family, likelihood, theta0, settings, *, fit_intercept,
              verbose=False):
    """Fit a one-index GLM with the requested solver; return theta, standard errors, trace.

    Newton uses :func:`newton_glm`; "gd", "sgd" and "adam" use :func:`fit_iterative`, with the
    design checked for rank deficiency first (on the Hessian at ``theta0``, which is a weighted
    Gram matrix). Standard errors are ``sqrt(diag(H^{-1}) / n)`` with ``H`` the Hessian of the
    mean objective at the estimate: the inverse observed Fisher information.
    """
    n = X.shape[0]
    common = {"fit_intercept": fit_intercept}
    if settings["solver"] == "newton":
        out = newton_glm(X, y, family, alpha=settings["alpha"], max_iter=settings["max_iter"],
                         tol=settings["tol"], theta0=theta0, verbose=verbose, **common)
        theta, H = out["theta"], out["hess"]
        n_iter, converged, history = out["n_iter"], out["converged"], out["history"]
    else:
        H0 = likelihood.hess(theta0, X, y, settings["alpha"], **common)
        check_design_rank(H0, fit_intercept)
        theta, n_iter, converged, history = fit_iterative(likelihood, X, y, theta0, settings,
                                                          verbose=verbose, **common)
        H = likelihood.hess(theta, X, y, settings["alpha"], **common)
    stderr = np.sqrt(inverse_diag(H) / n)
    return {"theta": theta, "stderr": stderr, "n_iter": n_iter, "converged": converged,
            "history": history}
