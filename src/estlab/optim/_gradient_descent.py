"""Gradient descent with a fixed step or Armijo backtracking line search."""

import numpy as np

from estlab.optim._defaults import DEFAULTS
from estlab.optim._trace import Trace, check_common, inf_norm

__all__ = ["gradient_descent"]

ARMIJO_C = 1e-4        # sufficient-decrease constant c in f(x - t g) <= f(x) - c t ||g||^2


def gradient_descent(fun, grad, x0, *, learning_rate=DEFAULTS["gd"]["learning_rate"],
                     line_search=False, max_iter=DEFAULTS["gd"]["max_iter"],
                     tol=DEFAULTS["gd"]["tol"], callback=None, verbose=False):
    """Minimise ``fun`` by gradient descent: ``x <- x - t * grad(x)``.

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``, the objective.
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``.
    x0 : array_like
        Starting point (any shape; it is copied, never modified).
    learning_rate : float, default 0.1
        The step ``t`` (with ``line_search=True``: the first trial step of every iteration).
    line_search : bool, default False
        Backtrack (halve ``t``) until the Armijo condition holds.
    max_iter : int, default 10,000 (the defaults table, :mod:`estlab.optim._defaults`)
        Maximum number of updates.
    tol : float, default 1e-6
        Stop when ``max |grad(x)| <= tol``.
    callback : callable, optional
        ``callback(x, fun)`` after every update; return ``True`` to stop early. ``x`` is the
        current iterate (do not modify it). Collect ``x.copy()`` to record the path.
    verbose : bool, default False
        Print about ten lines ``iter, fun, |grad|``; nothing is printed otherwise.

    Returns
    -------
    OptimizeResult
        ``history`` holds ``"fun"`` and ``"grad_norm"`` (``max |grad|``), shape ``(n_iter + 1,)``.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` is reached, and when the run diverges (the objective becomes
        non-finite or exceeds ``f(x0) + 1000 (1 + |f(x0)|)``; the run stops at once and ``x`` is
        the last iterate with a finite objective).

    Notes
    -----
    The update is

    .. math:: x_{k+1} = x_k - t_k \\nabla f(x_k).

    With a fixed step ``t_k = t`` it converges on an ``L``-smooth convex function when
    ``t < 2 / L`` (``L`` the largest eigenvalue of the Hessian) and diverges when ``t > 2 / L``.
    With ``line_search=True`` the trial step ``t = learning_rate`` is halved until the Armijo
    sufficient-decrease condition holds,

    .. math:: f(x_k - t g_k) \\le f(x_k) - c\\, t \\lVert g_k \\rVert^2, \\qquad c = 10^{-4},

    which guarantees a monotone decrease whatever the scale of the problem.
    Convergence criterion: ``max_j |g_j| <= tol``, checked before every update.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.diag([1.0, 10.0])                       # f(x) = x^T A x / 2, minimum at 0
    >>> res = gradient_descent(lambda x: 0.5 * x @ A @ x, lambda x: A @ x, [1.0, 1.0],
    ...                        learning_rate=0.1)
    >>> res.converged, res.n_iter, np.allclose(res.x, 0, atol=1e-5)
    (True, 132, True)
    >>> res = gradient_descent(lambda x: 0.5 * x @ A @ x, lambda x: A @ x, [1.0, 1.0],
    ...                        learning_rate=1.0, line_search=True)
    >>> res.converged
    True
    """
    check_common(max_iter, tol, callback, learning_rate)
    x = np.array(x0, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
        trace = Trace("gradient_descent", f, inf_norm(g), max_iter=max_iter, verbose=verbose)
        k, status, detail = 0, None, ""
        while True:
            if trace.norm[-1] <= tol:
                status = "converged"
                break
            if k == max_iter:
                status = "max_iter"
                break
            t = learning_rate
            if line_search:
                # Armijo backtracking: halve t until f(x - t g) <= f(x) - c t ||g||^2
                gg = float(np.sum(g * g))
                while True:
                    x_new = x - t * g
                    if np.array_equal(x_new, x):            # t too small to move x at all
                        status, detail = "stalled", (
                            "the line search found no decrease along -grad (is the gradient "
                            "correct? try estlab.optim.check_grad), or the precision limit was "
                            "reached (loosen tol)")
                        break
                    f_new = float(fun(x_new))
                    if f_new <= f - ARMIJO_C * t * gg and f_new < f:   # (strict: no rounding ties)
                        break
                    t *= 0.5
                if status is not None:
                    break
            else:
                x_new = x - t * g                               # x <- x - t grad f(x)
                f_new = float(fun(x_new))
            g_new = np.asarray(grad(x_new), dtype=float)
            k += 1
            if trace.record(k, f_new, inf_norm(g_new)):
                status = "diverged"
                break
            x, f, g = x_new, f_new, g_new
            if callback is not None and callback(x, f):
                status = "callback"
                break
    hint = ("The learning rate is too large: reduce learning_rate (e.g. by 10x), use "
            "line_search=True or standardise X." if status == "diverged" else
            "increase max_iter, reduce learning_rate or standardise X (or use line_search=True).")
    return trace.finish(status, x, f, k, tol=tol, detail=detail, hint=hint)
