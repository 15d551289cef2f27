"""Newton's method with step halving, for any smooth objective given ``fun``, ``grad``, ``hess``.

This is the textbook iteration. The GLMs use :func:`estlab.optim.irls`, the same iteration
specialised to ``eta = X theta`` (one blocked pass over X per step); with ``fast=False`` its
iterates equal this function's on ``likelihoods.<model>.nll/grad/hess`` (tested).
"""

import numpy as np
from scipy.linalg import cho_factor, cho_solve

from estlab.optim._defaults import DEFAULTS
from estlab.optim._trace import Trace, check_common, inf_norm

__all__ = ["newton", "newton_direction"]

MAX_HALVINGS = 40


def newton_direction(H, g):
    """Solve ``H d = g`` by Cholesky; if ``H`` is not positive definite, damp it.

    Returns ``(d, damping)``: ``damping`` is the ``tau`` added to the diagonal (0.0 when ``H``
    was positive definite). ``tau`` starts at ``1e-10 * max(1, max |H_jj|)`` and grows tenfold
    until ``H + tau I`` has a Cholesky factor (Levenberg's fix), which keeps ``d`` a descent
    direction for singular or indefinite Hessians (duplicate columns, separation, non-convex
    objectives).

    Examples
    --------
    >>> import numpy as np
    >>> newton_direction(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([2.0, 2.0]))
    (array([1. , 0.5]), 0.0)
    >>> d, tau = newton_direction(np.zeros((2, 2)), np.array([1.0, 1.0]))   # singular
    >>> bool(tau > 0), bool(np.all(d > 0))
    (True, True)
    """
    tau = 0.0
    scale = max(1.0, float(np.max(np.abs(np.diag(H))))) if H.size else 1.0
    for _ in range(40):
        try:
            factor = cho_factor(H + tau * np.eye(H.shape[0]) if tau else H, check_finite=False)
            d = cho_solve(factor, g, check_finite=False)
            if np.all(np.isfinite(d)):
                return d, tau
        except np.linalg.LinAlgError:
            pass
        tau = 1e-10 * scale if tau == 0.0 else 10.0 * tau
    raise np.linalg.LinAlgError(
        "The Hessian could not be made positive definite (does it contain NaN or inf?). "
        "Check the hess function with finite differences.")


def newton(fun, grad, hess, x0, *, max_iter=DEFAULTS["newton"]["max_iter"],
           tol=DEFAULTS["newton"]["tol"], callback=None, verbose=False):
    """Minimise ``fun`` by Newton's method with step halving.

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``.
    hess : callable
        ``hess(x) -> ndarray`` of shape ``(x.size, x.size)``, in the order of ``x.ravel()``.
    x0 : array_like
        Starting point (any shape; copied).
    max_iter : int, default 100
        Maximum number of Newton steps.
    tol : float, default 1e-8
        Stop when ``max |grad(x)| <= tol``.
    callback : callable, optional
        ``callback(x, fun)`` after every step; return ``True`` to stop.
    verbose : bool, default False
        Print about ten progress lines.

    Returns
    -------
    OptimizeResult
        ``history`` also holds ``"step"``, the accepted step length ``t`` per iteration
        (entry 0 is 0), and ``"damping"``, the ``tau`` added to ``H`` (0 when ``H`` was
        positive definite).

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` is reached or no step length decreases the objective.

    Notes
    -----
    Each iteration solves the Newton system by Cholesky and halves the step until the
    objective does not increase:

    .. math::

        H(x_k)\\, d_k = \\nabla f(x_k), \\qquad
        x_{k+1} = x_k - t_k d_k, \\quad t_k = \\max\\{2^{-j} : f(x_k - 2^{-j} d_k) \\le f(x_k)\\}.

    Near the minimiser ``t_k = 1`` and convergence is quadratic (the number of correct digits
    doubles each step). For a GLM with canonical link this is exactly IRLS (iteratively
    reweighted least squares). If ``H`` is not positive definite a multiple of the identity is
    added (see :func:`newton_direction`). Convergence criterion: ``max |g| <= tol``.

    Examples
    --------
    Rosenbrock's banana, ``f = (1 - a)^2 + 100 (b - a^2)^2``, minimum at ``(1, 1)``:

    >>> import numpy as np
    >>> f = lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
    >>> g = lambda x: np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2),
    ...                         200 * (x[1] - x[0] ** 2)])
    >>> h = lambda x: np.array([[2 - 400 * (x[1] - 3 * x[0] ** 2), -400 * x[0]],
    ...                         [-400 * x[0], 200.0]])
    >>> res = newton(f, g, h, [-1.2, 1.0])
    >>> res.converged, np.allclose(res.x, [1.0, 1.0])
    (True, True)
    """
    check_common(max_iter, tol, callback)
    x = np.array(x0, dtype=float)
    steps, dampings = [0.0], [0.0]
    with np.errstate(over="ignore", invalid="ignore"):
        f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
        trace = Trace("newton", f, inf_norm(g), max_iter=max_iter, verbose=verbose)
        k, status, detail = 0, None, ""
        while True:
            if trace.norm[-1] <= tol:
                status = "converged"
                break
            if k == max_iter:
                status = "max_iter"
                break
            H = np.asarray(hess(x), dtype=float)
            if not np.all(np.isfinite(H)):
                status, detail = "stalled", ("the Hessian is not finite; check hess and the "
                                             "scale of X (standardise X)")
                break
            d, tau = newton_direction(H, g.ravel())             # H d = g
            d = d.reshape(x.shape)
            # step halving: t = 1, 1/2, 1/4, ... until f does not increase (up to rounding)
            slack = 64 * np.finfo(float).eps * max(1.0, abs(f))
            t = 1.0
            for _ in range(MAX_HALVINGS):
                x_new = x - t * d
                f_new = float(fun(x_new))
                if f_new <= f + slack:
                    break
                t *= 0.5
            else:
                status, detail = "stalled", (
                    f"no step length decreased the objective (max |grad| = {trace.norm[-1]:.3g}); "
                    "check grad and hess with estlab.optim.check_grad, or the precision limit "
                    "was reached: loosen tol")
                break
            g_new = np.asarray(grad(x_new), dtype=float)
            k += 1
            steps.append(t)
            dampings.append(tau)
            if trace.record(k, f_new, inf_norm(g_new)):
                status = "diverged"
                break
            x, f, g = x_new, f_new, g_new
            if callback is not None and callback(x, f):
                status = "callback"
                break
    hint = ("increase max_iter or standardise X; check grad and hess with check_grad."
            if status != "diverged" else "Check grad and hess (estlab.optim.check_grad).")
    res = trace.finish(status, x, f, k, tol=tol, hint=hint, detail=detail)
    res.history["step"] = np.array(steps)
    res.history["damping"] = np.array(dampings)
    return res
