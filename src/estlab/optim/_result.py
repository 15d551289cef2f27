"""The frozen record every estlab optimizer returns."""

from dataclasses import dataclass, field

import numpy as np

__all__ = ["OptimizeResult"]


@dataclass(frozen=True)
class OptimizeResult:
    """What an optimizer found, and how it got there.

    Attributes
    ----------
    x : ndarray
        The final iterate (same shape as ``x0``). After a divergence, the last iterate whose
        objective was finite.
    fun : float
        The objective at ``x`` (``nan`` for :func:`~estlab.optim.sgd` run without ``fun``).
    n_iter : int
        Number of updates performed (epochs for :func:`~estlab.optim.sgd`).
    converged : bool
        Whether the documented stopping criterion was met.
    history : dict of str to ndarray
        ``"fun"``: objective at every iterate, shape ``(n_iter + 1,)`` (entry 0 is ``x0``).
        Full-batch methods also store ``"grad_norm"`` (``max |grad|`` at each iterate);
        :func:`~estlab.optim.sgd` stores ``"step_norm"`` (``max |change of x|`` per epoch,
        entry 0 is 0).
    message : str
        Why the loop stopped, in words.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.optim import gradient_descent
    >>> res = gradient_descent(lambda x: float(x @ x), lambda x: 2 * x, np.array([1.0, -2.0]),
    ...                        learning_rate=0.5)
    >>> res
    OptimizeResult(converged=True, n_iter=1, fun=0.0, x=array([0., 0.]))
    >>> res.history["fun"]
    array([5., 0.])
    """

    x: np.ndarray
    fun: float
    n_iter: int
    converged: bool
    history: dict = field(default_factory=dict)
    message: str = ""

    def __repr__(self):
        """One line: the arrays in ``history`` are left out (they can be long)."""
        x = np.array_repr(np.asarray(self.x), precision=6, max_line_width=80)
        return (f"OptimizeResult(converged={self.converged}, n_iter={self.n_iter}, "
                f"fun={float(f'{self.fun:.6g}')!r}, x={x})")
