"""Likelihood-ratio (profile-likelihood) intervals by root finding.

For a parameter of interest :math:`\\theta_j` and the others :math:`\\theta_{-j}` (the nuisance
parameters), the *profile log-likelihood* is
:math:`\\log L_p(\\theta_j) = \\max_{\\theta_{-j}} \\log L(\\theta_j, \\theta_{-j})`. The
likelihood-ratio statistic for :math:`H_0: \\theta_j = t` is the *deviance*

.. math:: D(t) = 2\\{\\log L(\\hat\\theta) - \\log L_p(t)\\},

which Wilks (1938) showed tends to :math:`\\chi^2_1` under :math:`H_0` (regularity conditions:
the true value inside the parameter space, a support that does not depend on the parameter,
a log-likelihood smooth enough for a two-term Taylor expansion). Inverting the test gives the
interval :math:`\\{t : D(t) \\le \\chi^2_{1,\\,\\text{level}}\\}`, whose two end points are
roots of :math:`D(t) = c` on either side of the estimate: this module finds them by
stepping out until :math:`D` exceeds :math:`c` and then bisecting (Brent's method), the
approach of R's ``MASS::confint.glm`` without its spline; Venzon and Moolgavkar (1988) solve
the same equations by Newton's method.
"""

import math

import numpy as np
from scipy import optimize, stats

from estlab._errors import DataError
from estlab._validation import check_level

__all__ = ["lr_cutoff", "profile_interval"]


def lr_cutoff(level):
    """The chi-square(1) quantile ``c`` with ``P(chi2_1 <= c) = level`` (3.841 for 0.95).

    Examples
    --------
    >>> round(lr_cutoff(0.95), 4)
    3.8415
    """
    return float(stats.chi2.ppf(check_level(level), 1))


def _to_free(theta, lo, hi):
    """An unbounded coordinate for a parameter in (lo, hi): identity, log or logit."""
    if math.isinf(lo) and math.isinf(hi):
        return theta
    if math.isinf(hi):
        return math.log(theta - lo)
    if math.isinf(lo):
        return -math.log(hi - theta)
    t = (theta - lo) / (hi - lo)
    return math.log(t) - math.log1p(-t)


def _from_free(u, lo, hi):
    if math.isinf(lo) and math.isinf(hi):
        return u
    if math.isinf(hi):
        return lo + math.exp(min(u, 709.0))
    if math.isinf(lo):
        return hi - math.exp(min(-u, 709.0))
    return lo + (hi - lo) / (1.0 + math.exp(min(-u, 709.0)))


def profile_interval(deviance, estimate, stderr, level=0.95, *, bounds=(-math.inf, math.inf),
                     name="theta", max_steps=60):
    """The likelihood-ratio interval ``{psi : deviance(psi) <= chi2_1(level)}``.

    Parameters
    ----------
    deviance : callable
        ``deviance(psi) = 2 (loglik_max - profile_loglik(psi))``; 0 at the estimate and
        increasing away from it on both sides.
    estimate : float
        The maximum-likelihood estimate of ``psi``.
    stderr : float
        Its (Wald) standard error: only the first step's length.
    level : float, default=0.95
    bounds : (float, float)
        The parameter space (``(0, inf)`` for a rate, ``(0, 1)`` for a probability). An
        estimate on a bound (``p_hat = 0``) makes that bound the interval's end point there;
        an end point never crosses a bound.
    name : str
        The parameter's name, for messages.

    Returns
    -------
    (float, float)

    Notes
    -----
    Each side is searched in an unbounded coordinate (``log`` for a positive parameter,
    ``logit`` for a probability) with steps of ``z * se * 2^k`` (the Wald half-width, then
    doubling), until the deviance exceeds the cut-off; Brent's method then finds the crossing
    between the last two points to 12 significant digits.

    Examples
    --------
    The exponential rate from ``n = 10`` observations with mean 2: the deviance is
    ``2 n (lam xbar - 1 - log(lam xbar))``.

    >>> import math
    >>> dev = lambda lam: 20 * (2 * lam - 1 - math.log(2 * lam))
    >>> lo, hi = profile_interval(dev, 0.5, 0.5 / math.sqrt(10), bounds=(0, math.inf))
    >>> round(lo, 4), round(hi, 4)
    (0.2505, 0.877)
    """
    c = lr_cutoff(level)
    lo, hi = (float(b) for b in bounds)
    z = math.sqrt(c)

    def f(psi):
        value = float(deviance(psi))
        if math.isnan(value):
            raise DataError(
                f"The profile log-likelihood of {name} is NaN at {name} = {psi!r}: the model "
                "cannot be evaluated there. Check the data, or use method='wald'."
            )
        return value - c

    ends = []
    for side in (-1.0, 1.0):
        bound = lo if side < 0 else hi
        if estimate == bound:
            ends.append(bound)  # the MLE on the boundary: the interval reaches it
            continue
        if estimate in (lo, hi):
            # on the other bound (p_hat = 1, lam_hat = 0; its se is 0): step away from it by
            # width * 2^(k - 50), in the parameter itself (a logit would round to the bound)
            width = hi - lo if math.isfinite(hi - lo) else 1.0
            points = (estimate + side * width * 2.0 ** (k - 50) for k in range(2 * max_steps))
        else:
            u_hat = _to_free(estimate, lo, hi)
            h = 1e-6 * max(abs(estimate), 1e-300)
            with np.errstate(all="ignore"):
                slope = abs((_to_free(estimate + h, lo, hi) - u_hat) / h)  # d u / d psi
            step = z * stderr * slope  # the Wald half-width, in the free coordinate
            if not (math.isfinite(step) and step > 0):
                step = 1.0
            points = (_from_free(u_hat + side * step * 2.0**k, lo, hi) for k in range(max_steps))
        inner, outer = estimate, None
        for psi in points:
            if not lo < psi < hi or psi == inner:
                break  # the step reached the bound (to float resolution)
            if f(psi) > 0:
                outer = psi
                break
            inner = psi
        if outer is None:
            if math.isfinite(bound):
                ends.append(bound)  # within the cut-off all the way to the bound
                continue
            raise DataError(
                f"The profile likelihood of {name} does not fall by chi2_1({level:g})/2 = "
                f"{c / 2:.3g} on the {'lower' if side < 0 else 'upper'} side (it is still "
                f"within the cut-off at {name} = {inner!r}): the {level:g} likelihood-ratio "
                f"interval is unbounded there. This happens when the data barely inform {name} "
                "(a separated logistic regression, a tiny sample); report the interval as "
                "half-open or collect more data."
            )
        a, b = sorted((inner, outer))
        ends.append(optimize.brentq(f, a, b, xtol=1e-14 * max(abs(a), abs(b), 1e-300),
                                    rtol=1e-12))
    return float(ends[0]), float(ends[1])
