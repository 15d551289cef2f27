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
work here). The Hessian is ``B^T B`` with ``B = [sqrt(w), X * sqrt(w)]``, accumulated over
blocks of rows (:func:`weighted_gram`): no float64 copy of ``X``, no ``n x n`` matrix, a
symmetric rank-k update (half the flops of a general product). It is the expensive part (it
costs several passes over ``X``), so it is recomputed only while theta still moves by more than
1%, and in float32 (from a float32 copy of ``X``, half a copy) between the first and the last
one (see :func:`newton_glm`).

The iterative solvers ("gd", "sgd", "adam") minimise the same penalised mean negative
log-likelihood, taken from :mod:`estlab.likelihoods`, with the loops of :mod:`estlab.optim`.
"""

import warnings

import numpy as np
from scipy import linalg

from estlab._errors import ConvergenceError, ConvergenceWarning
from estlab.linear_model._design import check_design_rank

__all__ = ["newton_glm", "fit_iterative", "solve_glm", "check_design_rank", "inverse_diag",
           "gram", "weighted_gram", "triangular_inverse", "param_names", "warn_not_converged",
           "column_scale"]


def param_names(n_features, fit_intercept):
    """``["intercept", "X[:, 0]", ...]``: how error messages name the parameters."""
    return (["intercept"] if fit_intercept else []) + [f"X[:, {j}]" for j in range(n_features)]


def column_scale(X, fit_intercept):
    """Units of the parameters: ``[1, rms(X[:, 0]), rms(X[:, 1]), ...]`` (1 for a zero column).

    Newton's stopping rule is applied to ``grad / column_scale``, the gradient with respect to
    the coefficients of the columns ``X[:, j] / rms_j``: it then does not depend on the units of
    ``X`` (a feature in metres or in nanometres converges alike). The root mean square is the
    square root of the Gram diagonal; for ``|x| > 1e154`` (where it overflows) the largest
    ``|x|`` of the column serves instead.
    """
    with np.errstate(over="ignore"):
        s = np.sqrt(np.einsum("ij,ij->j", X, X) / X.shape[0])
    if not np.all(np.isfinite(s)):
        s = np.maximum(X.max(axis=0), -X.min(axis=0))
    return np.r_[np.ones(int(bool(fit_intercept))), np.where(s > 0, s, 1.0)]


def _cho_solve(H, g):
    """Solve ``H s = g`` by Cholesky after scaling H to unit diagonal; ``None`` if H is not PD."""
    d = np.sqrt(np.diag(H))
    if not np.all(d > 0):
        return None
    try:
        c = linalg.cho_factor(H / np.outer(d, d), check_finite=False)
    except linalg.LinAlgError:
        return None
    return linalg.cho_solve(c, g / d, check_finite=False) / d


def weighted_gram(X, sw, fit_intercept, *, dtype=np.float64, chunk=4096):
    """``B^T B / n`` with ``B = [sw, X * sw[:, None]]``: the Hessian ``X~^T W X~ / n``.

    Accumulated over blocks of ``chunk`` rows, so the only temporary is one
    ``chunk x (p + 1)`` block (no copy of ``X``, no ``n x n`` matrix) and it stays in cache.
    ``dtype=np.float32`` halves the cost (relative error ~1e-4): good enough for a Newton
    *direction*, never for standard errors.
    """
    n, p = X.shape
    k0 = int(bool(fit_intercept))
    H = np.zeros((p + k0, p + k0))
    block = np.empty((min(chunk, n), p + k0), dtype=dtype)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        B = block[:stop - start]
        if k0:
            B[:, 0] = sw[start:stop]
        np.multiply(X[start:stop], sw[start:stop, None], out=B[:, k0:], casting="unsafe")
        H += B.T @ B  # symmetric rank-k update of the block
    H /= n
    return H


# Reuse the Hessian while the last step moved theta by less than this (relative, in the units
# of column_scale, so that rescaling a column of X changes nothing): the weights,
# hence H, have then converged to about that accuracy and the old H still contracts the error
# by a factor ~ this per iteration (a "chord" or lazy Newton step).
HESSIAN_REUSE = 1e-2


def newton_glm(X, y, family, *, fit_intercept, alpha, max_iter, tol, theta0, verbose=False):
    """Minimise ``family.mean_nll(eta, y, mu) + alpha/2 ||beta||^2`` by Newton/IRLS, step halving.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    family : object
        ``mean(eta)``, ``variance(mu)`` and ``mean_nll(eta, y, mu)`` of the model.
    theta0 : ndarray of shape (n_features + fit_intercept,)
        Starting point, ``[intercept, beta]``.

    Returns
    -------
    dict
        ``theta``, ``hess`` (the mean-scale Hessian at ``theta``, in float64), ``n_iter`` (Newton
        steps taken), ``converged``, ``history`` (objective at the start and after each step),
        ``eta`` (the linear predictor at ``theta``).

    Notes
    -----
    Convergence: ``max_j |grad_j| / s_j <= tol`` with ``s`` = :func:`column_scale` (1 for the
    intercept, the root mean square of column j otherwise), checked before every step: the
    rule of :func:`estlab.optim.newton` and of scikit-learn's lbfgs ``tol``, applied to ``X``
    with unit-RMS columns so that it does not depend on the units of ``X`` (on the raw
    gradient, ``X * 1e-8`` would stop at the start and ``X * 1e10`` never). Work per iteration:
    ``eta = X theta`` and ``X^T (mu - y)``, two passes over ``X`` in float64, and, while theta
    still moves by more than 1% (``HESSIAN_REUSE``), a new Hessian. At the start (``beta = 0``)
    the weights are constant and the Hessian is ``w0`` times the Gram matrix (also used for the
    rank check); later ones are computed in float32 from a float32 copy of ``X`` (half a copy),
    which only perturbs the Newton *direction*: the fixed point, ``grad = 0`` in float64, is the
    exact MLE. The Hessian returned for the standard errors is recomputed in float64 at the
    estimate.
    """
    n, p = X.shape
    k0 = int(bool(fit_intercept))
    theta = np.array(theta0, dtype=float)
    diag = np.arange(k0, p + k0)

    def predictor(th):
        eta = X @ th[k0:]
        if k0:
            eta += th[0]
        return eta

    def objective(eta, th):
        """``(f, mu)``: the penalised mean nll and the mean ``mu = g^{-1}(eta)`` it used."""
        with np.errstate(over="ignore"):  # a wild trial step may overflow exp: f = inf, halve
            mu = family.mean(eta)
            f = family.mean_nll(eta, y, mu)
        return f + 0.5 * alpha * float(th[k0:] @ th[k0:]), mu

    X32 = None  # float32 copy of X (half a copy) for the cheap intermediate Hessians
    use32 = True  # until float32 over- or underflows (|x| beyond ~1e17 or below ~1e-19)

    def hessian(mu, dtype, th):
        nonlocal X32, use32
        H = None
        if not np.any(th[k0:]):  # beta = 0: constant weights, H = w0 * Gram (a plain syrk)
            H = gram(X, k0) * float(family.variance(mu[:1])[0])
        elif dtype == np.float32 and use32:
            with np.errstate(over="ignore", invalid="ignore"):
                if X32 is None:
                    X32 = X.astype(np.float32)
                sw = np.sqrt(family.variance(mu)).astype(np.float32)
                H = weighted_gram(X32, sw, k0, dtype=np.float32)
            if not (np.all(np.isfinite(H)) and np.all(np.diag(H) > 0)):
                # out of float32's range (overflow to inf, or |x| < 1e-19 underflowing to 0)
                use32, X32, H = False, None, None
        if H is None:
            H = weighted_gram(X, np.sqrt(family.variance(mu)), k0)
        H[diag, diag] += alpha
        return H

    eta = predictor(theta)
    f, mu = objective(eta, theta)
    scale = column_scale(X, k0)  # the stopping rule's units (see Notes)
    history = [f]
    converged, H, moved = False, None, 0.0
    it = 0
    while True:
        r = mu - y
        g = np.empty(p + k0)
        g[k0:] = X.T @ r  # gradient: X~^T (mu - y) / n + alpha [0; beta]
        if k0:
            g[0] = r.sum()
        g /= n
        g[k0:] += alpha * theta[k0:]
        if H is None:
            H = hessian(mu, np.float64, theta)
            check_design_rank(H, fit_intercept)
        if np.max(np.abs(g) / scale) <= tol:
            converged = True
            break
        if it == max_iter:
            break
        if moved > HESSIAN_REUSE * (1.0 + np.max(np.abs(theta * scale))):  # unit-RMS units
            H = hessian(mu, np.float32, theta)
        step = _cho_solve(H, g)
        if step is None:  # singular after the start: weights saturated (separation)
            step = np.linalg.lstsq(H, g, rcond=None)[0]
        # Newton step with halving: theta <- theta - t H^{-1} g, t = 1, 1/2, 1/4, ...
        t = 1.0
        while True:
            theta_new = theta - t * step
            eta_new = predictor(theta_new)
            f_new, mu_new = objective(eta_new, theta_new)
            if f_new <= f + 1e-12 * abs(f):
                break
            if t < 1e-10:  # no step length decreases f: stop here (not converged)
                theta_new = None
                break
            t *= 0.5
        if theta_new is None:
            break
        it += 1
        moved = np.max(np.abs(t * step * scale)) if step.size else 0.0
        theta, eta, f, mu = theta_new, eta_new, f_new, mu_new
        history.append(f)
        if verbose:
            print(f"newton iter {it:3d}  objective {f:.10g}  |step| {moved:.2e}  t {t:g}")
        if moved == 0.0:  # no representable progress: at the optimum to machine precision
            converged = True
            break
    H = hessian(mu, np.float64, theta)  # at the estimate (mu is current), for the standard errors
    return {"theta": theta, "hess": H, "n_iter": it, "converged": converged,
            "history": np.asarray(history), "eta": eta, "objective": f}


def gram(X, fit_intercept):
    """``X~^T X~ / n`` without forming ``X~ = [1, X]``: ``X^T X`` (syrk) and column sums."""
    n, p = X.shape
    XtX = X.T @ X
    if not fit_intercept:
        return XtX / n
    G = np.empty((p + 1, p + 1))
    s = np.ones(n) @ X  # column sums as a matrix-vector product (X.sum(axis=0) is 3x slower)
    G[0, 0], G[0, 1:], G[1:, 0], G[1:, 1:] = n, s, s, XtX
    return G / n


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


def warn_not_converged(est_name, solver, n_iter, extra=""):
    """One ConvergenceWarning with the usual fixes (a diverged run raises instead)."""
    advice = ("increase max_iter" if solver == "newton"
              else "increase max_iter, tune learning_rate, or standardize X")
    unit = "epoch" if solver == "sgd" else "iteration"
    warnings.warn(
        f"{est_name} (solver={solver!r}) did not converge in {n_iter} {unit}"
        f"{'' if n_iter == 1 else 's'}: {advice}{extra}.", ConvergenceWarning, stacklevel=3)


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
        theta, H, eta = out["theta"], out["hess"], out["eta"]
        n_iter, converged, history = out["n_iter"], out["converged"], out["history"]
    else:
        H0 = likelihood.hess(theta0, X, y, settings["alpha"], **common)
        check_design_rank(H0, fit_intercept)
        theta, n_iter, converged, history = fit_iterative(likelihood, X, y, theta0, settings,
                                                          verbose=verbose, **common)
        H = likelihood.hess(theta, X, y, settings["alpha"], **common)
        eta = X @ theta[int(fit_intercept):] + (theta[0] if fit_intercept else 0.0)
    stderr = np.sqrt(inverse_diag(H) / n)
    k0 = int(bool(fit_intercept))
    penalty = 0.5 * settings["alpha"] * float(theta[k0:] @ theta[k0:])
    mean_nll = (out["objective"] - penalty if settings["solver"] == "newton"
                else family.mean_nll(eta, y, family.mean(eta)))  # unpenalised, at the estimate
    return {"theta": theta, "stderr": stderr, "n_iter": n_iter, "converged": converged,
            "history": history, "eta": eta, "mean_nll": mean_nll}
