"""Gradient descent with heavy-ball or Nesterov momentum."""

import numbers

import numpy as np

from estlab.optim._defaults import DEFAULTS
from estlab.optim._trace import Trace, check_common, inf_norm

__all__ = ["momentum"]


def check_momentum(momentum):
    """``momentum`` must lie in [0, 1)."""
    if (isinstance(momentum, bool) or not isinstance(momentum, numbers.Real)
            or not 0 <= momentum < 1):
        raise ValueError(f"momentum must be in [0, 1); got {momentum!r}. Typical values are 0.9 "
                         "or 0.99; momentum=0 is plain gradient descent.")
    return float(momentum)


def momentum(fun, grad, x0, *, learning_rate=DEFAULTS["gd"]["learning_rate"], momentum=0.9,
             nesterov=False, max_iter=DEFAULTS["gd"]["max_iter"], tol=DEFAULTS["gd"]["tol"],
             callback=None, verbose=False):
    """Minimise ``fun`` by gradient descent with momentum (heavy ball or Nesterov).

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``.
    x0 : array_like
        Starting point (copied).
    learning_rate : float, default 0.1
        Step size ``t``.
    momentum : float, default 0.9
        Momentum coefficient ``mu`` in [0, 1).
    nesterov : bool, default False
        Use Nesterov's accelerated gradient.
    max_iter : int, default 10,000 (the defaults table, :mod:`estlab.optim._defaults`)
        Maximum number of updates.
    tol : float, default 1e-6
        Stop when ``max |grad(x)| <= tol``.
    callback : callable, optional
        ``callback(x, fun)`` after every update; return ``True`` to stop.
    verbose : bool, default False
        Print about ten progress lines.

    Returns
    -------
    OptimizeResult

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` is reached or the run diverges (see
        :func:`~estlab.optim.gradient_descent`).

    Notes
    -----
    The velocity ``v`` accumulates past gradients (the form used by PyTorch's ``SGD``, so
    :class:`~estlab.optim.SGD` with the same settings produces identical iterates):

    .. math::

        v_{k+1} = \\mu v_k + \\nabla f(x_k), \\qquad v_0 = 0,

        x_{k+1} = x_k - t\\, v_{k+1} \\quad\\text{(heavy ball)}, \\qquad
        x_{k+1} = x_k - t\\,(\\nabla f(x_k) + \\mu v_{k+1}) \\quad\\text{(Nesterov)}.

    The Nesterov form is Sutskever et al.'s look-ahead gradient written at the shifted point,
    so that only ``grad(x_k)`` is needed. On an ill-conditioned quadratic momentum needs about
    ``sqrt(kappa)`` instead of ``kappa`` iterations. Convergence criterion: ``max |g| <= tol``.
    The objective need not decrease monotonically.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.diag([1.0, 10.0])
    >>> f, g = (lambda x: 0.5 * x @ A @ x), (lambda x: A @ x)
    >>> plain = momentum(f, g, [1.0, 1.0], learning_rate=0.1, momentum=0.0)
    >>> heavy = momentum(f, g, [1.0, 1.0], learning_rate=0.1, momentum=0.5)
    >>> heavy.n_iter < plain.n_iter
    True
    """
    check_common(max_iter, tol, callback, learning_rate)
    mu = check_momentum(momentum)
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    with np.errstate(over="ignore", invalid="ignore"):
        f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
        name = "nesterov" if nesterov else "momentum"
        trace = Trace(name, f, inf_norm(g), max_iter=max_iter, verbose=verbose)
        k, status = 0, None
        while True:
            if trace.norm[-1] <= tol:
                status = "converged"
                break
            if k == max_iter:
                status = "max_iter"
                break
            v = mu * v + g                                      # v <- mu v + grad f(x)
            x_new = x - learning_rate * (g + mu * v if nesterov else v)
            f_new, g_new = float(fun(x_new)), np.asarray(grad(x_new), dtype=float)
            k += 1
            if trace.record(k, f_new, inf_norm(g_new)):
                status = "diverged"
                break
            x, f, g = x_new, f_new, g_new
            if callback is not None and callback(x, f):
                status = "callback"
                break
    hint = ("The learning rate is too large: reduce learning_rate (e.g. by 10x) or momentum, "
            "or standardise X."
            if status == "diverged" else
            "increase max_iter, reduce learning_rate or standardise X.")
    return trace.finish(status, x, f, k, tol=tol, hint=hint)
