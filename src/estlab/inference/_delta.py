"""The delta method: the standard error of a smooth function of an estimate.

If :math:`\\hat\\theta` is approximately :math:`N(\\theta, V)` and :math:`g` is differentiable
at :math:`\\theta`, a first-order Taylor expansion
:math:`g(\\hat\\theta) \\approx g(\\theta) + \\nabla g(\\theta)^\\top (\\hat\\theta - \\theta)`
makes :math:`g(\\hat\\theta)` approximately normal with variance
:math:`\\nabla g^\\top V \\nabla g`, evaluated at the estimate. For a vector-valued ``g`` the
gradient becomes the Jacobian :math:`J` and the covariance :math:`J V J^\\top`.
"""

from dataclasses import dataclass

import numpy as np
from scipy import special

from estlab._errors import DataError
from estlab._validation import check_level

__all__ = ["DeltaResult", "delta_method", "numerical_jacobian"]


@dataclass(frozen=True)
class DeltaResult:
    """What :func:`delta_method` returns: ``g`` at the estimate, its standard error and interval.

    Attributes
    ----------
    estimate : float or ndarray of shape (m,)
        :math:`g(\\hat\\theta)`.
    stderr : float or ndarray of shape (m,)
        :math:`\\sqrt{\\nabla g^\\top V \\nabla g}` (one per component of ``g``).
    conf_int : tuple of two floats, or ndarray of shape (m, 2)
        ``estimate -+ q * stderr`` with ``q`` the two-sided quantile for ``level``.
    jacobian : ndarray of shape (m, k)
        The gradient (one row per component of ``g``) used.
    cov : ndarray of shape (m, m)
        :math:`J V J^\\top`.
    level : float
    """

    estimate: object
    stderr: object
    conf_int: object
    jacobian: np.ndarray
    cov: np.ndarray
    level: float


def _evaluate(g, theta):
    value = np.asarray(g(theta), dtype=float)
    if value.ndim > 1:
        raise ValueError(
            f"g must return a number or a 1-D array; it returned an array of shape "
            f"{value.shape}. Return one value per quantity, e.g. np.array([g1, g2])."
        )
    return value


def numerical_jacobian(g, theta, *, step=None):
    """Central-difference Jacobian of ``g`` at ``theta``: shape ``(m, k)``.

    Each coordinate moves by :math:`h_j = \\epsilon^{1/3} \\max(|\\theta_j|, 1)`, the step that
    balances the truncation error :math:`O(h^2)` against rounding :math:`O(\\epsilon/h)`
    (about 1e-10 relative error for smooth ``g``).

    Examples
    --------
    >>> import numpy as np
    >>> numerical_jacobian(lambda t: t[0] ** 2 * t[1], np.array([2.0, 3.0])).round(6)
    array([[12.,  4.]])
    """
    theta = np.asarray(theta, dtype=float)
    h = (np.cbrt(np.finfo(float).eps) * np.maximum(np.abs(theta), 1.0) if step is None
         else np.broadcast_to(np.asarray(step, dtype=float), theta.shape))
    columns = []
    for j in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[j] += h[j]
        down[j] -= h[j]
        with np.errstate(all="ignore"):
            diff = (_evaluate(g, up) - _evaluate(g, down)) / (up[j] - down[j])
        if not np.all(np.isfinite(diff)):
            raise DataError(
                f"The numerical derivative of g with respect to parameter {j} is not finite at "
                f"theta = {theta.tolist()} (g is undefined within {h[j]:.2g} of the estimate, "
                "e.g. at a boundary of the parameter space). Pass the gradient yourself "
                "(grad=...), or reparametrise."
            )
        columns.append(np.atleast_1d(diff))
    return np.column_stack(columns) if columns else np.zeros((1, 0))


def delta_method(g, estimate, cov, *, grad=None, level=0.95, df=None):
    """Standard error and Wald interval of ``g(theta)`` by the delta method.

    Parameters
    ----------
    g : callable
        ``g(theta) -> float`` or 1-D array, with ``theta`` a 1-D array like ``estimate``.
    estimate : array-like of shape (k,)
        The estimate :math:`\\hat\\theta` (e.g. ``model.params_``).
    cov : array-like of shape (k, k)
        Its estimated covariance :math:`\\hat V` (e.g. ``model.cov_``).
    grad : callable, optional
        ``grad(theta)`` returning the gradient (shape ``(k,)``) or Jacobian (``(m, k)``);
        central differences (:func:`numerical_jacobian`) when omitted.
    level : float, default=0.95
        Confidence level of the interval, strictly between 0 and 1.
    df : int, optional
        Degrees of freedom for a Student t quantile (linear regression); the standard normal
        quantile when omitted.

    Returns
    -------
    DeltaResult

    Notes
    -----
    :math:`\\widehat{\\mathrm{se}}\\{g(\\hat\\theta)\\} =
    \\sqrt{\\nabla g(\\hat\\theta)^\\top \\hat V \\nabla g(\\hat\\theta)}`. The approximation
    needs ``g`` differentiable with a non-zero gradient at the true value: where
    :math:`\\nabla g(\\theta) = 0` (``g(mu) = mu**2`` at ``mu = 0``) the first-order term vanishes,
    :math:`g(\\hat\\theta) - g(\\theta)` is of order :math:`1/n` (a scaled chi-square, not a
    normal), and the interval is wrong. The interval is symmetric on the scale of ``g``;
    computing it on a scale where the estimate is closer to normal (log of a positive
    quantity) and transforming back is often better.

    Examples
    --------
    The odds ``p / (1 - p)`` of a proportion estimated as 0.2 from 100 trials:

    >>> import numpy as np
    >>> res = delta_method(lambda t: t[0] / (1 - t[0]), [0.2], [[0.2 * 0.8 / 100]])
    >>> round(res.estimate, 4), round(res.stderr, 4)   # se = se(p) / (1 - p)^2
    (0.25, 0.0625)
    """
    level = check_level(level)
    theta = np.atleast_1d(np.asarray(estimate, dtype=float))
    if theta.ndim != 1:
        raise ValueError(f"estimate must be a 1-D array of parameters; got shape {theta.shape}.")
    V = np.atleast_2d(np.asarray(cov, dtype=float))
    if V.shape != (theta.size, theta.size):
        raise ValueError(
            f"cov must be a ({theta.size}, {theta.size}) matrix for {theta.size} parameters; "
            f"got shape {V.shape}. Pass the covariance of the estimate (model.cov_)."
        )
    with np.errstate(all="ignore"):
        value = _evaluate(g, theta)
    if not np.all(np.isfinite(value)):
        raise DataError(
            f"g is {value.tolist()} at the estimate theta = {theta.tolist()}: not finite, so "
            "it has no standard error (an estimate on the boundary of the parameter space, "
            "such as p_hat = 0 for log-odds). Use a likelihood-ratio interval "
            "(conf_int(method='profile')) and transform its end points instead."
        )
    J = numerical_jacobian(g, theta) if grad is None else np.atleast_2d(
        np.asarray(grad(theta), dtype=float))
    if J.shape != (value.size, theta.size):
        raise ValueError(
            f"grad must return shape ({value.size}, {theta.size}) (or ({theta.size},) for a "
            f"scalar g): one row per value of g, one column per parameter; got {J.shape}."
        )
    cov_g = J @ V @ J.T
    se = np.sqrt(np.maximum(np.diag(cov_g), 0.0))
    prob = 0.5 + level / 2.0
    q = float(special.ndtri(prob) if df is None else special.stdtrit(df, prob))
    low, high = value - q * se, value + q * se
    if value.ndim == 0:
        return DeltaResult(float(value), float(se[0]), (float(low[0]), float(high[0])), J,
                           cov_g, level)
    return DeltaResult(value, se, np.stack([low, high], axis=-1), J, cov_g, level)

