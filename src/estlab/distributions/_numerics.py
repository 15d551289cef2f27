"""Float-range care shared by the distributions: exact rescaling by powers of two, and diagnoses.

Double precision holds magnitudes from about 5e-324 to 1.8e308, but a formula may not: the sum
of two values near 1e308 overflows, the square of 1e-300 underflows to 0, ``log(mean x)`` of a
sample near 1e300 carries an absolute error of about 1e-13. Multiplying by a power of two,
``x * 2^-e`` (``np.ldexp``), is *exact* (until a value falls below 2.2e-308) and commutes with
rounding, so a formula evaluated on ``y = x 2^-e`` and mapped back gives the same digits as on
``x`` without leaving the float range. ``e`` is the exponent of ``max |x|``: ``max |y|`` lies in
[0.5, 1).

The same module says *why* a sample has no usable MLE: constant, constant to rounding, or an
estimate beyond the float range, with what arrived and the fix.
"""

import math

import numpy as np

from estlab._errors import DataError

__all__ = ["LN2", "RESOLVABLE", "scale_exponent", "rescale", "safe_mean", "log_rescaled",
           "constant_sample_error", "unrepresentable_error"]

LN2 = math.log(2.0)

RESOLVABLE = 2.0**-40
"""Smallest spread statistic a shape family trusts: ``2^12`` rounding units of 1, so that the
statistic (and the shape estimated from it) keeps at least three significant digits."""


def scale_exponent(x):
    """Integer ``e`` with ``max |x| = m 2^e``, ``m`` in [0.5, 1), along the last axis (0 if all 0)."""
    return np.frexp(np.max(np.abs(x), axis=-1))[1]


def rescale(x, e):
    """``x * 2^-e`` along the last axis, exactly (``e`` one exponent per row)."""
    return np.ldexp(x, -np.asarray(e)[..., None])


def safe_mean(x):
    """The mean along the last axis without overflow (``[1e308, 1.7e308]`` has a finite mean)."""
    e = scale_exponent(x)
    return np.ldexp(np.mean(rescale(x, e), axis=-1), e)


def log_rescaled(x, e):
    r"""``log(x 2^-e)`` for positive ``x``, from the float's own mantissa and exponent.

    With ``x = m 2^k`` (``np.frexp``), :math:`\log(x 2^{-e}) = \log m + (k - e)\log 2`: no
    underflow even when ``x 2^-e`` is below the smallest float, and an absolute error of a few
    rounding units instead of ``eps * |log x|`` (1e-13 for x near 1e300).
    """
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
