"""Float-range care shared by the distributions: exact rescaling by powers of two, and diagnoses.

Double precision holds magnitudes from about 5e-324 to 1.8e308, but a formula may not: the sum
of two values near 1e308 overflows, the square of 1e-300 underflows to 0, ``log(mean x)`` of a
sample near 1e300 carries an absolute error of about 1e-13. Multiplying by a power of two,
``x * 2^-e`` (``np.ldexp``), is *exact* (until a value falls below 2.2e-308) and commutes with
rounding, so a formula evaluated on ``y = x 2^-e`` and mapped back gives the same digits as on
``x`` without leaving the float range. ``e`` is the exponent of ``max |x|``: ``max |y|`` lies in
[0.5, 1).

The exponent comes from the sample's :class:`Extremes`, its smallest and largest value: a fit
computes them once and they answer every question about the range (finite? in the support?
constant? at what scale?), so no step needs a pass of its own for them.

The same module says *why* a sample has no usable MLE: constant, constant to rounding, or an
estimate beyond the float range, with what arrived and the fix.
"""

import math
from typing import NamedTuple

import numpy as np

from estlab._errors import DataError

__all__ = ["LN2", "RESOLVABLE", "Extremes", "extremes", "max_abs", "scale_exponent",
           "moderate_exponent", "rescale", "safe_mean", "log_rescaled",
           "constant_sample_error", "unrepresentable_error"]

LN2 = math.log(2.0)

RESOLVABLE = 2.0**-40
"""Smallest spread statistic a shape family trusts: ``2^12`` rounding units of 1, so that the
statistic (and the shape estimated from it) keeps at least three significant digits."""


class Extremes(NamedTuple):
    """The smallest and the largest value of a sample (along the last axis): ``lo`` and ``hi``.

    One pair of reductions answers four questions a fit asks of its data:

    * *finite?* A NaN propagates into both, an infinity is one of them: the sample is finite
      exactly when ``lo`` and ``hi`` are.
    * *in the support?* ``lo >= 0`` for non-negative data, ``lo > 0 and hi < 1`` for (0, 1) ...
    * *constant?* ``lo == hi``.
    * *at what scale?* ``max |x| = max(hi, -lo)``, which fixes the rescaling exponent.

    ``fit`` computes them once and hands them to every step; a function called without them
    (a batch of samples from :mod:`estlab.properties`) computes them itself.
    """

    lo: np.ndarray
    hi: np.ndarray


def extremes(x, ext=None):
    """:class:`Extremes` of ``x`` along the last axis; ``ext`` itself if the caller has them."""
    if ext is not None:
        return ext
    return Extremes(np.min(x, axis=-1), np.max(x, axis=-1))


def max_abs(x, ext=None):
    """``max |x|`` along the last axis, from the maximum and minimum (no ``|x|`` temporary)."""
    lo, hi = extremes(x, ext)
    return np.maximum(hi, -lo)


def scale_exponent(x, ext=None):
    """Integer ``e`` with ``max |x| = m 2^e``, ``m`` in [0.5, 1), along the last axis (0 if all 0).

    ``ext``: the :class:`Extremes` of ``x``, if already computed (then no pass over ``x``).
    """
    return np.frexp(max_abs(x, ext))[1]


def moderate_exponent(x, ext=None):
    """:func:`scale_exponent`, but 0 where ``max |x|`` lies in [2^-400, 2^500].

    There, sums of squared deviations can neither overflow nor underflow where it matters (a
    deviation below 2^-537 is under 2^-136 of the largest value, far below what a fit
    resolves), and scaling by a power of two changes no digit of a mean or a standard
    deviation: the exact rescaling is skipped, and with it a copy of the data.
    """
    e = scale_exponent(x, ext)
    return np.where((e >= -400) & (e <= 500), 0, e)


def rescale(x, e):
    """``x * 2^-e`` along the last axis, exactly (``e`` one exponent per row).

    A product with the float ``2^-e`` is correctly rounded like ``np.ldexp`` (so bit for bit
    the same) and several times faster; ``np.ldexp`` serves where ``2^-e`` itself would
    overflow (``e < -1022``, all values below 1e-308).
    """
    e = np.asarray(e)
    if not np.any(e):
        return x  # 2^0: nothing to do (the caller must not write into the result)
    if np.all(e >= -1022):
        return x * np.exp2(-e.astype(float))[..., None]
    return np.ldexp(x, -e[..., None])


def safe_mean(x, ext=None):
    """The mean along the last axis without overflow (``[1e308, 1.7e308]`` has a finite mean)."""
    e = moderate_exponent(x, ext)
    return np.ldexp(np.mean(rescale(x, e), axis=-1), e)


def log_rescaled(x, e):
    r"""``log(x 2^-e)`` for positive ``x``, from the float's own mantissa and exponent.

    With ``x = m 2^k`` (``np.frexp``), :math:`\log(x 2^{-e}) = \log m + (k - e)\log 2`: no
    underflow even when ``x 2^-e`` is below the smallest float, and an absolute error of a few
    rounding units instead of ``eps * |log x|`` (1e-13 for x near 1e300). Where no ``x 2^-e``
    falls below the smallest normal float (all but samples spanning 300 orders of magnitude),
    ``np.log`` of the rescaled values gives the same accuracy faster; the mantissa route is
    the fallback.
    """
    y = rescale(x, e)
    if np.all(np.min(y, axis=-1) >= np.finfo(float).tiny):
        return np.log(y, out=y) if y is not x else np.log(y)
    m, k = np.frexp(x)
    return np.log(m) + (k - np.asarray(e)[..., None]) * LN2


def constant_sample_error(family, x, consequence, *, statistic=None):
    """The DataError for a sample that is constant, or constant to rounding.

    ``statistic`` is ``(name, value)`` or ``(name, value, bound)``: the spread statistic the
    family computed, and the smallest value it trusts; reported for nearly constant samples.
    """
    lo, hi, n = float(np.min(x)), float(np.max(x)), x.shape[-1]
    if lo == hi:
        return DataError(
            f"{family} needs at least two distinct values; all {n} value(s) equal {lo!r}, so "
            f"{consequence}. Collect more (varied) data."
        )
    why = ""
    if statistic is not None:
        name, value = statistic[:2]
        why = (f", and {name} = {value:.3g} is below {statistic[2]:.2g} (2^12 rounding "
               "units), the least spread estlab trusts in double precision" if len(statistic) > 2
               else
               f", and {name} is {value:.3g} in double precision")
    return DataError(
        f"{family} needs values that differ beyond rounding; all {n} values equal {lo!r} to "
        f"rounding: they span [{lo!r}, {hi!r}]{why}. So {consequence}, as for a constant "
        "sample. Collect more (varied) data; if the tiny spread is real, model the deviations "
        "from a reference value instead."
    )


def unrepresentable_error(family, x, what, value):
    """The DataError for an estimate (or standard error) outside the float64 range."""
    shown = value if isinstance(value, str) else repr(value)
    return DataError(
        f"{family}: the {what} for these data is {shown}, outside what float64 can hold "
        f"(about 2.2e-308 to 1.8e308 in magnitude); the data span [{float(np.min(x))!r}, "
        f"{float(np.max(x))!r}]. Rescale the data (e.g. x / 1e300 or x * 1e300), fit, and map "
        "the estimates back by hand."
    )
