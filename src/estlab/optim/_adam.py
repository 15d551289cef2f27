"""Adam: gradient descent with per-coordinate steps from running moment estimates."""

import numbers

import numpy as np

from estlab.optim._defaults import DEFAULTS
from estlab.optim._trace import Trace, check_common, inf_norm

__all__ = ["adam", "check_beta"]


def check_beta(value, name):
    """``beta1`` / ``beta2`` must lie in [0, 1)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1); got {value!r}. The usual values are "
                         "beta1=0.9 and beta2=0.999.")
    return float(value)


def adam(fun, grad, x0, *, learning_rate=DEFAULTS["adam"]["learning_rate"], beta1=0.9,
         beta2=0.999, eps=1e-8, max_iter=DEFAULTS["adam"]["max_iter"],
         tol=DEFAULTS["adam"]["tol"], callback=None, verbose=False):
    """Minimise ``fun`` with Adam (Kingma & Ba, 2015) on full gradients.

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``.
    x0 : array_like
        Starting point (copied).
    learning_rate : float, default 0.01
        Step size ``t``: each coordinate moves by about ``t`` per iteration at first.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the first- and second-moment averages.
    eps : float, default 1e-8
        Added to the denominator to avoid division by zero.
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
        When ``max_iter`` is reached or the run diverges.

    Notes
    -----
    With ``g_k = grad f(x_k)`` and ``m_0 = v_0 = 0``, for ``k = 1, 2, ...``

    .. math::

        m_k = \\beta_1 m_{k-1} + (1 - \\beta_1) g, \\qquad
        v_k = \\beta_2 v_{k-1} + (1 - \\beta_2) g^2,

        \\hat m_k = m_k / (1 - \\beta_1^k), \\qquad \\hat v_k = v_k / (1 - \\beta_2^k), \\qquad
        x_k = x_{k-1} - t\\, \\hat m_k / (\\sqrt{\\hat v_k} + \\varepsilon).

    The bias corrections undo the zero start of ``m`` and ``v``. Because the step is
    normalised coordinate by coordinate, Adam is insensitive to the scale of the gradient, but
    with a constant ``t`` it only approaches the minimiser as fast as ``sqrt(v)`` decays.
    Convergence criterion: ``max |g| <= tol``. Identical iterates to :class:`~estlab.optim.Adam`.

    Examples
    --------
    >>> import numpy as np
    >>> res = adam(lambda x: float(np.sum((x - 3.0) ** 2)), lambda x: 2 * (x - 3.0),
    ...            np.zeros(2), learning_rate=0.1, max_iter=5000)
    >>> res.converged, np.allclose(res.x, 3.0, atol=1e-5)
    (True, True)
    """
    check_common(max_iter, tol, callback, learning_rate)
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    x = np.array(x0, dtype=float)
    m, v = np.zeros_like(x), np.zeros_like(x)
    with np.errstate(over="ignore", invalid="ignore"):
        f, g = float(fun(x)), np.asarray(grad(x), dtype=float)
        trace = Trace("adam", f, inf_norm(g), max_iter=max_iter, verbose=verbose)
        k, status = 0, None
        while True:
            if trace.norm[-1] <= tol:
                status = "converged"
                break
            if k == max_iter:
                status = "max_iter"
                break
            k += 1
            m = beta1 * m + (1.0 - beta1) * g                   # first moment
            v = beta2 * v + (1.0 - beta2) * g * g               # second moment
            m_hat, v_hat = m / (1.0 - beta1 ** k), v / (1.0 - beta2 ** k)
            x_new = x - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
            f_new, g_new = float(fun(x_new)), np.asarray(grad(x_new), dtype=float)
            if trace.record(k, f_new, inf_norm(g_new)):
                status = "diverged"
                break
            x, f, g = x_new, f_new, g_new
            if callback is not None and callback(x, f):
                status = "callback"
                break
    hint = ("The learning rate is too large: reduce learning_rate (e.g. by 10x) or standardise X."
            if status == "diverged" else
            "increase max_iter, reduce learning_rate or standardise X.")
    return trace.finish(status, x, f, k, tol=tol, hint=hint)
