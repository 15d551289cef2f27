"""Compare an analytic gradient with central finite differences, with a report for humans."""

from dataclasses import dataclass

import numpy as np

__all__ = ["check_grad", "GradCheckResult"]

RTOL = 1e-4     # relative agreement required (central differences are good to ~1e-8 or better)
MAX_ROWS = 20   # rows shown by str(); the worst entries are shown when there are more


def _label(index):
    """``[1]`` or ``[0, 2]``: how the report names an entry (``[0]`` for a scalar ``x``)."""
    return "[" + (", ".join(str(int(i)) for i in index) or "0") + "]"


@dataclass(frozen=True)
class GradCheckResult:
    """The outcome of :func:`check_grad`; ``print`` it for a table.

    Attributes
    ----------
    analytic, numeric : ndarray
        The gradient from ``grad(x)`` and from central differences, shaped like ``x``.
    abs_error, rel_error : ndarray
        ``|analytic - numeric|`` and that divided by ``max(|analytic|, |numeric|)``
        (0 where both are 0).
    max_abs_error, max_rel_error : float
        Their maxima.
    ok : bool
        Whether every entry agrees: ``abs_error <= atol + 1e-4 * max(|analytic|, |numeric|)``
        with ``atol = 1e-6 * max(1, |f(x)|)`` (the round-off floor of the differences).
    eps : float
        The half-width used for the differences.

    Examples
    --------
    >>> import numpy as np
    >>> res = check_grad(lambda x: float(x @ x), lambda x: x, np.array([1.0, 2.0]))  # 2x!
    >>> res.ok, round(res.max_rel_error, 6)
    (False, 0.5)
    >>> print(str(res).splitlines()[-1])
    MISMATCH: worst at [0]: analytic 1 vs numeric 2. Ratio analytic / numeric = 0.5 everywhere: ...
    """

    analytic: np.ndarray
    numeric: np.ndarray
    abs_error: np.ndarray
    rel_error: np.ndarray
    max_abs_error: float
    max_rel_error: float
    ok: bool
    eps: float

    def _verdict(self):
        if self.ok:
            return (f"OK: analytic and numeric gradients agree (max abs error "
                    f"{self.max_abs_error:.2g}, max rel error {self.max_rel_error:.2g}).")
        worst = np.unravel_index(int(np.argmax(self.rel_error)), self.rel_error.shape)
        a, n = self.analytic[worst], self.numeric[worst]
        text = f"MISMATCH: worst at {_label(worst)}: analytic {a:.6g} vs numeric {n:.6g}."
        scale = 1e-8 + 1e-3 * float(np.max(np.abs(self.numeric)))
        if np.allclose(self.analytic, -self.numeric, rtol=1e-3, atol=scale):
            text += (" The analytic gradient has the WRONG SIGN everywhere (a forgotten minus, "
                     "e.g. y - mu instead of mu - y?).")
        elif n != 0 and np.isfinite(a / n):
            ratio = a / n
            if np.allclose(self.analytic, ratio * self.numeric, rtol=1e-3, atol=scale):
                text += (f" Ratio analytic / numeric = {ratio:.4g} everywhere: a missing "
                         "factor (1/n? 1/2?).")
        return text

    def __str__(self):
        a, n = self.analytic.ravel(), self.numeric.ravel()
        ae, re = self.abs_error.ravel(), self.rel_error.ravel()
        rows = np.arange(a.size)
        note = ""
        if a.size > MAX_ROWS:
            rows = np.sort(np.argsort(re)[::-1][:MAX_ROWS])
            note = f" (the {MAX_ROWS} largest relative errors of {a.size})"
        plural = "s" if a.size != 1 else ""
        lines = [f"check_grad: {a.size} coordinate{plural}, central differences with eps = "
                 f"{self.eps:g}{note}",
                 f"{'index':>8} {'analytic':>13} {'numeric':>13} {'abs error':>10} "
                 f"{'rel error':>10}"]
        for i in rows:
            label = _label(np.unravel_index(int(i), self.analytic.shape))
            lines.append(f"{label:>8} {a[i]:>13.6g} {n[i]:>13.6g} {ae[i]:>10.2g} {re[i]:>10.2g}")
        lines.append(self._verdict())
        return "\n".join(lines)


def check_grad(fun, grad, x, *, eps=1e-6):
    """Check ``grad`` against central finite differences of ``fun`` at ``x``.

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` shaped like ``x``: the analytic gradient under test.
    x : array_like
        The point (any shape; not modified).
    eps : float, default 1e-6
        Half-width of the differences.

    Returns
    -------
    GradCheckResult
        ``print`` it for a table (index, analytic, numeric, errors, verdict); ``.ok`` for a
        test.

    Notes
    -----
    Coordinate ``j`` is approximated by the central difference

    .. math::

        \\frac{\\partial f}{\\partial x_j} \\approx
        \\frac{f(x + \\epsilon e_j) - f(x - \\epsilon e_j)}{2 \\epsilon},

    whose truncation error is ``O(eps^2)`` and whose round-off error is about
    ``1e-16 |f| / eps``; with ``eps = 1e-6`` both are below ``1e-9`` for well-scaled ``f``,
    far below the error of a wrong formula. Costs ``2 x.size`` evaluations of ``fun``.

    Examples
    --------
    >>> import numpy as np
    >>> f = lambda x: float(np.sum(x ** 3))
    >>> print(check_grad(f, lambda x: 3 * x ** 2, np.array([1.0, -2.0])))
    check_grad: 2 coordinates, central differences with eps = 1e-06
       index      analytic       numeric  abs error  rel error
         [0]             3             3    ...
         [1]            12            12    ...
    OK: analytic and numeric gradients agree ...
    >>> check_grad(f, lambda x: -3 * x ** 2, np.array([1.0, -2.0])).ok
    False
    """
    x = np.array(x, dtype=float)
    analytic = np.asarray(grad(x.copy()), dtype=float)
    if analytic.shape != x.shape:
        raise ValueError(f"grad(x) must have the shape of x, {x.shape}; got {analytic.shape}. "
                         "Return one partial derivative per parameter.")
    numeric = np.empty_like(x)
    flat, out = x.reshape(-1), numeric.reshape(-1)
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + eps
        f_plus = float(fun(x.copy()))
        flat[j] = old - eps
        f_minus = float(fun(x.copy()))
        flat[j] = old
        out[j] = (f_plus - f_minus) / (2.0 * eps)          # central difference
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    abs_error = np.abs(analytic - numeric)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel_error = np.where(scale > 0, abs_error / scale, 0.0)
    atol = 1e-6 * max(1.0, abs(float(fun(x.copy()))))
    ok = bool(np.all(abs_error <= atol + RTOL * scale))
    return GradCheckResult(analytic=analytic, numeric=numeric, abs_error=abs_error,
                           rel_error=rel_error, max_abs_error=float(abs_error.max(initial=0.0)),
                           max_rel_error=float(rel_error.max(initial=0.0)), ok=ok, eps=float(eps))
