"""Bookkeeping shared by the optimizer loops: history, progress lines, divergence, the result.

Each optimizer file keeps only its update rule; this module records ``fun`` and the gradient
norm, prints the ``verbose`` progress line, detects divergence and turns the way the loop ended
into an :class:`~estlab.optim.OptimizeResult` plus, when it did not converge, a
:class:`~estlab.ConvergenceWarning` that names the fix.
"""

import warnings

import numpy as np

from estlab._errors import ConvergenceWarning
from estlab._validation import check_positive
from estlab.optim._result import OptimizeResult

# The objective "blew up" when it exceeds its starting value by this many times (1 + |f0|).
GROWTH_LIMIT = 1e3


def check_common(max_iter, tol, callback, learning_rate=None):
    """Validate the arguments every optimizer shares (raise with the fix)."""
    check_positive(max_iter, "max_iter", integer=True)
    check_positive(tol, "tol", allow_zero=True)
    if learning_rate is not None:
        check_positive(learning_rate, "learning_rate")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable as callback(x, fun); got {callback!r}.")


def inf_norm(g):
    """``max |g_j|``, the gradient norm used by every stopping rule."""
    return float(np.max(np.abs(g))) if np.size(g) else 0.0


class Trace:
    """History and stopping bookkeeping for one optimizer run.

    Parameters
    ----------
    name : str
        The optimizer's name, used in messages and progress lines.
    f0, g0 : float
        Objective and gradient norm at the starting point.
    max_iter : int
        For the progress-line cadence (about ten lines per run).
    verbose : bool
        Print a progress line every ``max(1, max_iter // 10)`` iterations and at the end.
    unit : str
        ``"iter"`` or ``"epoch"``.
    """

    def __init__(self, name, f0, g0, *, max_iter, verbose, unit="iter", second="|grad|",
                 track_fun=True):
        self.name, self.verbose, self.unit, self.second = name, verbose, unit, second
        self.track_fun = track_fun
        self.every = max(1, max_iter // 10)
        self.f0 = f0
        self.fun, self.norm = [f0], [g0]
        if verbose:
            self._print(0, f0, g0)

    def _print(self, k, f, g):
        print(f"{self.name}: {self.unit} {k:>6d}  fun {f: .8e}  {self.second} {g:.3e}")

    def record(self, k, f, g):
        """Store iterate ``k``; return True when the run has diverged."""
        self.fun.append(f)
        self.norm.append(g)
        if self.verbose and k % self.every == 0:
            self._print(k, f, g)
        if not np.isfinite(g):
            return True
        return self.track_fun and (not np.isfinite(f) or
                                   f - self.f0 > GROWTH_LIMIT * (1.0 + abs(self.f0)))

    def finish(self, status, x, f, n_iter, *, tol, hint, norm_key="grad_norm", detail=""):
        """Build the result; warn unless ``status`` is "converged" or "callback".

        ``status`` is one of "converged", "max_iter", "diverged", "callback", "stalled".
        ``hint`` is the remedy appended to non-convergence messages; ``detail``, when given,
        replaces the default explanation of the criterion.
        """
        g = self.norm[-1]
        if status == "converged":
            message = (f"converged: {detail or f'{self.second} = {g:.3g} <= tol = {tol:g}'} "
                       f"after {n_iter} {self.unit}s")
        elif status == "callback":
            message = f"stopped by the callback after {n_iter} {self.unit}s"
        elif status == "diverged":
            bad = self.fun[-1]
            if not self.track_fun:
                how = "the parameters became non-finite"
            elif not np.isfinite(bad):
                how = f"the objective became {float(bad)!r}"
            elif not np.isfinite(g):
                how = f"the gradient became {float(g)!r}"
            else:
                how = f"the objective grew from {self.f0:.4g} to {bad:.4g}"
            message = (f"diverged at {self.unit} {n_iter}: {how}. {hint} x is the "
                       "last iterate with a finite objective.")
        elif status == "stalled":
            message = f"stopped after {n_iter} {self.unit}s: {detail}"
        else:
            why = detail or f"{self.second} = {g:.3g} > tol = {tol:g}"
            message = f"did not converge in max_iter = {n_iter} {self.unit}s ({why}); {hint}"
        if status not in ("converged", "callback"):
            warnings.warn(f"{self.name} {message}", ConvergenceWarning, stacklevel=3)
        if self.verbose and n_iter % self.every:          # the last line was not printed yet
            self._print(n_iter, self.fun[-1], g)
        if self.verbose:
            print(f"{self.name}: {message}")
        history = {"fun": np.array(self.fun, dtype=float),
                   norm_key: np.array(self.norm, dtype=float)}
        return OptimizeResult(x=x, fun=float(f), n_iter=int(n_iter),
                              converged=status == "converged", history=history, message=message)
