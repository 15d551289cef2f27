"""The design matrix ``X~ = [1, X]``: can the model be fitted, and how many digits does it cost?

Two questions every regression fit asks of its design, answered from the Gram matrix (or the
``R`` factor) the solver computes anyway:

* **Rank.** If a column of ``X~`` is a combination of the others, its coefficient is not
  identified and the fit must stop with a message that names the culprit: a column of zeros, a
  constant column beside the intercept, a duplicated column, or a dependent set.
  :func:`check_design_rank` tests the *column-equilibrated* Gram matrix (unit diagonal, so the
  test ignores units) and, when it fails, :func:`diagnose` looks at the data itself (min and max
  of each column, the Gram of the rescaled columns) so that the diagnosis is right over the whole
  float range: ``X + 1e9`` is *nearly* constant, not constant; ``X * 1e200`` overflows, it is not
  "all zeros".
* **Conditioning.** Rounding errors in a least-squares solution are amplified by the condition
  number of the design,

  .. math::

      \\kappa(\\tilde X D^{-1}) = \\frac{\\sigma_{\\max}}{\\sigma_{\\min}}, \\qquad
      D = \\mathrm{diag}(\\lVert \\tilde x_j \\rVert_2),

  the ratio of the largest to the smallest singular value once every column has unit length.
  A backward-stable solver (Householder QR) returns coefficients with relative error up to about
  ``kappa * eps`` (``eps = 2.2e-16``): about ``log10(kappa)`` of float64's ~16 significant digits
  can be lost. Anything computed from the Gram matrix ``X~^T X~`` (the normal equations, every
  Newton step of a GLM, the standard errors ``diag(H^{-1})``) works with ``kappa^2`` and can lose
  twice as many. :func:`warn_if_ill_conditioned` says so when more than half the digits are at
  stake.

``condition_number_``, on every estimator of :mod:`estlab.linear_model`, is this ``kappa``
for ``X~ = [1, X]`` (``X`` alone with ``fit_intercept=False``), read off the factor the solver
has anyway: the eigenvalues of the unit-diagonal Gram matrix (``kappa = sqrt(lambda_max /
lambda_min)``) for the normal equations and for the GLMs, whose rank test runs on the Hessian at
the start, ``w0 X~^T X~ / n`` with constant weights ``w0``; the singular values of the
column-scaled ``R`` when QR was used. With ``alpha > 0`` it is that of the penalised matrix
(``+ alpha`` on the coefficients' diagonal), the one actually factorised.

Why equilibrate? The raw condition number (statsmodels' ``condition_number``, numpy's
``np.linalg.cond(X)``) changes when a column is measured in millimetres instead of metres, yet the
fitted model and the rounding errors of a column-scaled solver do not: scaling a column only
rescales its coefficient. Van der Sluis (1969) showed that unit-norm columns give (within a factor
``sqrt(p)``) the smallest condition number over all column scalings, so the equilibrated number
is the part of the ill-conditioning that *no choice of units* removes: true near-collinearity,
such as the powers ``x, x^2, ..., x^10`` of NIST's Filip problem (raw ``1.8e15``, equilibrated
``5.2e9``), or a column far from zero next to the intercept (``[1, x + 1e9]``), which centring
removes.
"""

import contextlib
import contextvars
import warnings

import numpy as np

from estlab._errors import DataError

__all__ = ["IllConditionedWarning", "check_design_rank", "design_check", "diagnose",
           "gram_condition", "r_condition", "column_norms", "warn_if_ill_conditioned",
           "DIGITS_WARN"]

EPS = np.finfo(float).eps
# Warn when rounding can cost more than this many of float64's ~16 significant digits: half of
# them. Beyond it, fewer than 8 digits of the coefficients are guaranteed, and a Gram matrix
# with this condition number (kappa^2 > 1e16 > 1 / eps for kappa > 1e8) is singular to working
# precision. Designs whose columns are on sensible scales stay far below it (random normal
# designs: kappa ~ 1-10; NIST's Norris and Pontius: < 20; Longley: 4e4; Wampler1: 2e3); NIST's
# Filip (kappa = 5.2e9) is above it.
DIGITS_WARN = 8.0


class IllConditionedWarning(UserWarning):
    """The design is so ill-conditioned that rounding errors may cost many significant digits.

    The message gives the condition number of the column-equilibrated design
    (``condition_number_``), about how many of float64's 16 digits may be lost, and the fix:
    centre and scale the columns, or use orthogonal polynomials instead of raw powers.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from estlab.linear_model import IllConditionedWarning, LinearRegression
    >>> x = np.linspace(1.0, 2.0, 30)
    >>> X = np.column_stack([x**k for k in range(1, 9)])     # 1, x, ..., x^8 on [1, 2]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     model = LinearRegression().fit(X, np.sin(x))
    >>> caught[0].category is IllConditionedWarning
    True
    >>> f"{model.condition_number_:.0e}"
    '6e+08'
    """


def column_norms(A):
    """Euclidean norm of each column of ``A``, without overflow or underflow (1e-300..1e300)."""
    s = np.max(np.abs(A), axis=0) if A.size else np.zeros(A.shape[1])
    s = np.where(s > 0, s, 1.0)
    return s * np.linalg.norm(A / s, axis=0)


def _equilibrate(gram):
    """``(C, d)``: ``C = D^{-1} G D^{-1}`` with unit diagonal, ``d = sqrt(diag G)``."""
    d = np.sqrt(np.diag(gram))
    return gram / np.outer(d, d), d


def gram_condition(gram):
    """Condition number of the column-equilibrated design whose (weighted) Gram matrix is ``gram``.

    ``sqrt(lambda_max / lambda_min)`` of ``D^{-1} G D^{-1}``: the eigenvalues of the Gram matrix
    are the squared singular values of the design. Accurate while ``kappa`` is well below
    ``1 / sqrt(eps) ~ 7e7`` (``lambda_min`` is computed with an absolute error of about
    ``eps * lambda_max``); ``inf`` for a singular or non-finite ``gram``.
    """
    gram = np.asarray(gram, dtype=float)
    if gram.size == 0:
        return 1.0
    with np.errstate(all="ignore"):
        C, d = _equilibrate(gram)
        if not (np.all(d > 0) and np.all(np.isfinite(C))):
            return np.inf
        eig = np.linalg.eigvalsh(C)
    return float(np.sqrt(eig[-1] / eig[0])) if eig[0] > 0 else np.inf


def r_condition(R):
    """Condition number of the column-equilibrated design whose QR factor is ``R`` (via its SVD).

    ``X~ = Q R`` has the singular values of ``R``, and scaling the columns of ``X~`` scales those
    of ``R`` alike, so this is exact (no squaring) up to ``kappa ~ 1 / eps``.
    """
    if R.size == 0:
        return 1.0
    norms = column_norms(R)
    if np.any(norms == 0):
        return np.inf
    sv = np.linalg.svd(R / norms, compute_uv=False)
    return float(sv[0] / sv[-1]) if sv[-1] > 0 else np.inf


def warn_if_ill_conditioned(est_name, kappa, *, squared, stacklevel=3):
    """Issue one :class:`IllConditionedWarning` if rounding can cost more than half the digits.

    ``squared=True`` when the solver factorises the Gram matrix or Hessian (condition number
    ``kappa^2``: the normal equations, Newton, gradient descent's standard errors),
    ``False`` for QR of the design itself. Returns the number of digits at stake.
    """
    if not kappa > 1.0:
        return 0.0
    digits = min(16.0, (2.0 if squared else 1.0) * float(np.log10(kappa)))
    if digits <= DIGITS_WARN:
        return digits
    kept = max(0.0, 16.0 - digits)
    singular = "" if np.isfinite(kappa) else " (singular to working precision despite alpha)"
    route = ("the Gram matrix / Hessian it factorises has condition number kappa^2"
             if squared else "its QR solver works with kappa itself")
    warnings.warn(
        f"{est_name}: the design is ill-conditioned: condition number {kappa:.2g}{singular} "
        f"(condition_number_, of the column-equilibrated [1, X]); {route}, so rounding errors "
        f"can cost about {digits:.0f} of the ~16 significant digits of float64, and the "
        f"coefficients and standard errors may be right to only about {kept:.0f}. Centre and "
        "scale the columns ((X - X.mean(axis=0)) / X.std(axis=0)); for a polynomial, use "
        "orthogonal polynomials (numpy.polynomial.legendre.legvander on x scaled to [-1, 1]) "
        "instead of raw powers; drop near-duplicate columns.",
        IllConditionedWarning, stacklevel=stacklevel)
    return digits


def _names(n_features, fit_intercept):
    return (["intercept"] if fit_intercept else []) + [f"X[:, {j}]" for j in range(n_features)]


def check_design_rank(gram, fit_intercept, *, X=None, rcond=1e-12):
    """Raise :class:`~estlab.DataError` if the (weighted) Gram matrix of ``[1, X]`` is singular.

    ``gram`` is ``X~^T W X~`` for any positive weights (its null space is that of ``X~``). The
    test is ``lambda_min <= rcond * lambda_max`` on the column-equilibrated Gram matrix (unit
    diagonal: units do not matter), i.e. a design condition number above ``rcond**-0.5``
    (``1e6`` by default). The message comes from the data (:func:`diagnose`) when ``X`` is given
    or a :func:`design_check` is active; from ``gram`` alone otherwise (and then it hedges where
    only the data could tell, e.g. constant versus nearly constant). Inside a
    :func:`design_check`, the first call also records the condition number it computed.
    """
    gram = np.asarray(gram, dtype=float)
    report = _ACTIVE.get()
    with np.errstate(all="ignore"):
        C, d = _equilibrate(gram)
        ok = np.all(np.isfinite(gram)) and np.all(d > 0)
        if ok:
            eigval = np.linalg.eigvalsh(C)
            if eigval[0] > rcond * eigval[-1]:
                if report is not None and report.condition_number is None:
                    report.condition_number = float(np.sqrt(eigval[-1] / eigval[0]))
                return
    if X is None and report is not None:
        X = report.X
    raise DataError(diagnose(X, fit_intercept, gram=gram))


class DesignCheck:
    """What the rank test of one fit found about its design ``[1, X]``.

    ``condition_number`` is the equilibrated condition number recorded by the solver's own rank
    test (:func:`check_design_rank` on its first Gram matrix, ``w0 X~^T X~`` with constant
    weights at the start: free), or computed here if the solver ran no such test.
    """

    def __init__(self, X, fit_intercept):
        self.X, self.fit_intercept = X, bool(fit_intercept)
        self.condition_number = None

    def condition(self, alpha=0.0, weight=1.0):
        """The condition number of the equilibrated design, as recorded by the solver's rank
        test, or else computed here from ``weight * X~^T X~ / n + alpha diag(0, 1, ..., 1)``
        (the Hessian at the start of a GLM with constant weights ``weight``: the same matrix
        the rank test would have seen)."""
        if self.condition_number is None:
            X = self.X
            n, k0 = X.shape[0], int(self.fit_intercept)
            G = X.T @ X
            if k0:
                s = np.ones(n) @ X
                G = np.block([[np.array([[float(n)]]), s[None]], [s[:, None], G]])
            G = weight * G / n
            G[np.arange(k0, G.shape[0]), np.arange(k0, G.shape[0])] += alpha
            self.condition_number = gram_condition(G)
        return self.condition_number


_ACTIVE = contextvars.ContextVar("estlab_design_check", default=None)


@contextlib.contextmanager
def design_check(X, fit_intercept):
    """Within this block, a failed rank test is diagnosed from ``X`` and a passed one reports
    its condition number: ``with design_check(X, k0) as design: fit = solve(...)``, then
    ``design.condition()``. The solver's code stays as it is (it calls
    :func:`check_design_rank` on the Gram matrix it has)."""
    report = DesignCheck(X, fit_intercept)
    if _out_of_range(X):  # refused before the solver squares X (and overflows on the way)
        raise DataError(_range_problem(X, _names(X.shape[1], False)))
    token = _ACTIVE.set(report)
    try:
        yield report
    finally:
        _ACTIVE.reset(token)


def _verdict(what, kappa=None):
    if kappa is not None and np.isfinite(kappa):
        head = (f"The design matrix is numerically singular (condition number {kappa:.1e} of "
                "the column-equilibrated design)")
    else:
        head = "The design matrix is singular (rank deficient)"
    return (f"{head}: {what}. Alternatively pass alpha > 0 (an L2 penalty makes the estimate "
            "unique).")


def diagnose(X, fit_intercept, *, gram=None):
    """The message for a design that failed the rank test: what is wrong, and the fix.

    With ``X``: decided from the data. A column is *all zeros* or *constant* only if its min and
    max say so; a column whose values agree in their leading digits is *nearly* constant (centre
    it); magnitudes whose squares come near float64's limits (outside ``SAFE_SIZE``) are a
    matter of units (rescale), not of rank; duplicates and dependent sets are found on the Gram
    matrix of the columns rescaled to max ``|x| = 1`` and centred when there is an intercept
    (what centring removes, nearness to the intercept, is "nearly constant", reported only
    when no true dependence is found). Without ``X``: from ``gram`` only.
    """
    k0 = int(bool(fit_intercept))
    if X is None:
        return _diagnose_gram(gram, k0)
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    names = _names(p, k0)[k0:]
    lo, hi = X.min(axis=0), X.max(axis=0)
    size = np.maximum(np.abs(lo), np.abs(hi))
    for j in range(p):
        if size[j] == 0:
            return _verdict(f"{names[j]} is all zeros, so its coefficient is not identified; "
                            "drop that column")
    if k0:
        for j in range(p):
            if lo[j] == hi[j]:
                return _verdict(f"{names[j]} is constant (every value is {lo[j]:.6g}), which "
                                "duplicates the intercept; drop it or use fit_intercept=False")
    Xs = X / size  # every column rescaled to max |x| = 1: nothing over- or underflows
    if k0:
        Xs = Xs - Xs.mean(axis=0)  # the intercept absorbs the means; what is left is the spread
        spread = hi / size - lo / size  # (hi - lo could overflow)
        Gs = Xs.T @ Xs
        kappa_c = _kappa_with_intercept(X / size)
        flat = np.flatnonzero(np.diag(Gs) == 0)  # a spread lost to rounding in the centring
        what = None if flat.size else _dependence(Gs, names)
        j = int(flat[0]) if flat.size else int(np.argmin(spread))
        if what is None and (flat.size or spread[j] < 1e-6):
            digit = int(np.floor(-np.log10(max(spread[j], EPS)))) + 1
            what = (f"{names[j]} is nearly constant: its values lie in [{lo[j]:.10g}, "
                    f"{hi[j]:.10g}], they differ only from the {_ordinal(digit)} significant "
                    "digit on, so in floating point it is hard to tell from the intercept. "
                    f"Centre it (X[:, {j}] - X[:, {j}].mean()): the slope is unchanged, only the "
                    "intercept moves")
    else:
        Gs = Xs.T @ Xs
        kappa_c = gram_condition(Gs)
        what = _dependence(Gs, names)
    if what is not None:
        return _verdict(what, kappa_c)
    problem = _range_problem(X, names)
    if problem is not None:
        return problem
    return _verdict("the columns are nearly linearly dependent (collinear to working precision); "
                    "centre and scale them, or drop some", kappa_c)


# Columns whose largest |x| lies outside this range cannot be squared safely: sums of n squares
# (the Gram matrix) would overflow, or lose their digits to underflow, for any sensible n.
SAFE_SIZE = (1e-140, 1e140)


def _out_of_range(X):
    """Whether some column's largest ``|x|`` lies outside ``SAFE_SIZE``, cheaply.

    Too large: two whole-array reductions (~1% of a Newton fit at n = 1e6, p = 50). Too small:
    a column whose first 1024 rows already reach ``SAFE_SIZE[0]`` is fine; only the others are
    scanned in full (per-column extremes of all of X would cost 4%).
    """
    if not X.size:
        return False
    lo, hi = SAFE_SIZE
    if max(X.max(), -X.min()) > hi:
        return True
    head = X[:1024]
    suspect = np.flatnonzero(np.maximum(head.max(axis=0), -head.min(axis=0)) < lo)
    if not suspect.size:
        return False
    size = np.maximum(X[:, suspect].max(axis=0), -X[:, suspect].min(axis=0))
    return bool(np.any((size > 0) & (size < lo)))


def _range_problem(X, names):
    """The message for columns too large or too small to square in float64, else ``None``."""
    size = np.maximum(X.max(axis=0), -X.min(axis=0)) if X.size else np.zeros(X.shape[1])
    lo, hi = SAFE_SIZE
    big, small = size > hi, (size > 0) & (size < lo)
    if not (big.any() or small.any()):
        return None
    j = int(np.flatnonzero(big | small)[0])
    over = bool(big[j])
    return (f"The design matrix cannot be used as given: {names[j]} has entries of magnitude "
            f"{size[j]:.1e}; their squares {'overflow' if over else 'underflow'} float64 (whose "
            f"range is 2e-308 to 1.8e308) or come close, so the Gram matrix X^T X would be "
            f"{'infinite' if over else 'zero or imprecise'}. This is a matter of units, not of "
            "collinearity: rescale X (e.g. (X - X.mean(axis=0)) / X.std(axis=0), or other units "
            f"so that |x| lies between {lo:.0e} and {hi:.0e}).")


def _ordinal(k):
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def _kappa_with_intercept(Xs):
    """Condition number of the equilibrated ``[1, Xs]``, from a QR of it (it may exceed 1e8)."""
    A = np.column_stack([np.ones(Xs.shape[0]), Xs])
    return r_condition(np.linalg.qr(A, mode="r"))


def _dependence(Gs, names):
    """Name a duplicated pair or a dependent set from the Gram matrix of well-scaled columns."""
    d = np.sqrt(np.diag(Gs))
    if np.any(d == 0):  # (zero and constant columns are reported by the callers)
        return None
    C = Gs / np.outer(d, d)
    off = np.abs(np.triu(C, 1))
    if off.size:
        i, j = np.unravel_index(np.argmax(off), off.shape)
        if off[i, j] > 1 - 1e-10:
            return f"{names[j]} is a multiple of {names[i]} (duplicated column); drop one of them"
    eigval, eigvec = np.linalg.eigh(C)
    if eigval[0] > 1e-12 * eigval[-1]:
        return None
    v = np.abs(eigvec[:, 0])
    involved = [names[j] for j in np.flatnonzero(v > 0.1 * v.max())]
    return f"the columns {', '.join(involved)} are linearly dependent; drop one of them"


def _diagnose_gram(gram, k0):
    """Message from the Gram matrix alone (the data is not at hand)."""
    names = _names(gram.shape[0] - k0, k0)
    with np.errstate(all="ignore"):
        d = np.sqrt(np.diag(gram))
    if not np.all(np.isfinite(gram)):
        j = int(np.flatnonzero(~np.isfinite(d))[0]) if np.any(~np.isfinite(d)) else 0
        return (f"The design matrix cannot be used as given: the Gram matrix X^T X overflowed "
                f"(sums of squares of {names[j]} exceed 1.8e308, i.e. |x| beyond ~1e154); this "
                "is a matter of units, not of rank. Rescale X (e.g. (X - X.mean(axis=0)) / "
                "X.std(axis=0), or other units).")
    if np.any(d == 0):
        j = int(np.flatnonzero(d == 0)[0])
        return _verdict(f"{names[j]} is all zeros (or its entries are below ~1e-154, so that "
                        "their squares underflow to 0: then rescale it), so its coefficient is "
                        "not identified; drop that column")
    C = gram / np.outer(d, d)
    if k0:
        const = np.flatnonzero(np.abs(C[0, 1:]) > 1 - 1e-10)
        if const.size:
            j = 1 + int(const[0])
            return _verdict(f"{names[j]} is constant, or so nearly constant (its values agree in "
                            "their first ~5 digits) that it cannot be told from the intercept; "
                            "drop it if it is constant, centre it (X - X.mean(axis=0)) if not")
    what = _dependence(C[k0:, k0:], names[k0:]) if gram.shape[0] > k0 else None
    if what is None:
        eigval, eigvec = np.linalg.eigh(C)
        v = np.abs(eigvec[:, 0])
        involved = [names[j] for j in np.flatnonzero(v > 0.1 * v.max())]
        what = (f"the columns {', '.join(involved)} are linearly dependent (or nearly so); "
                "drop one of them, or centre and scale them")
    return _verdict(what, gram_condition(gram))
