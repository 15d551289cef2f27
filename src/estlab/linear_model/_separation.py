"""Does the maximum-likelihood estimate exist? Separation, decided by a linear program (Konis 2007).

A logistic, softmax or Poisson log-likelihood is concave and bounded above, but its supremum
may be approached only as some coefficients go to infinity. That happens exactly when there is
a **recession direction** ``d != 0``: moving the coefficients along ``d`` never lowers the
likelihood of any observation and raises at least one. With ``X~ = [1, X]`` and ``s_i = 2 y_i - 1``
(Albert and Anderson 1984; Santner and Duffy 1986):

* binary logistic: ``s_i x~_i^T d >= 0`` for every ``i``, ``> 0`` for some ``i``;
* softmax (class 0 the reference, ``d_0 = 0``): ``x~_i^T (d_{y_i} - d_k) >= 0`` for every
  ``i`` and every class ``k``, ``> 0`` for some pair ``(i, k)``;
* Poisson: ``x~_i^T d <= 0`` for every ``i``, ``= 0`` where ``y_i > 0``, ``< 0`` for some
  ``i`` with ``y_i = 0`` (the fitted means of those zero counts go to 0).

Each is one matrix ``A`` (rows ``a_r``: one per observation, or per observation and rival class)
and the question "is there ``d`` with ``A d >= 0``, ``A d != 0``?" (plus ``E d = 0`` for Poisson).
Konis's linear program answers it exactly:

.. math::

    \\max_d\\; \\mathbf 1^\\top A d \\quad \\text{s.t.}\\quad A d \\ge 0,\\; E d = 0,\\;
    -1 \\le d_j \\le 1 .

``d = 0`` is feasible with value 0; the optimum is positive if and only if a recession direction
exists, i.e. the MLE does not exist (for a design of full column rank, which ``fit`` checks).
Separation is **complete** when some ``d`` makes every ``a_r^T d > 0`` (all fitted probabilities
go to 0 or 1) and **quasi-complete** otherwise. R's ``detectseparation`` package solves the same
program; here it is :func:`scipy.optimize.linprog` with HiGHS, on columns scaled to unit root
mean square.

For large ``n`` (above ``m0 = max(EXACT_ROWS, 32 x number of unknowns)`` samples, with
:data:`EXACT_ROWS` = 512) the program is first solved on a random subsample of about ``m0``
rows (seeded, so the answer is reproducible). That is exact in one direction: a direction
separating the full data also separates every subset, and stays non-zero on a subset whose
design has full column rank; so "no separation in a full-rank subsample" proves "no
separation in the data". If the subsample is separated, its direction is checked on every row
(O(n p)): if it holds, the data are separated. If not, the rows it violates most are added to
the subsample (constraint generation) and the program is solved again, until one of the two
proofs holds or the subsample passes half the data, where the program is solved on all rows.
Typical data cost one small program (milliseconds); separated data cost a few.
"""

import warnings

import numpy as np
from scipy import optimize

from estlab._errors import ConvergenceWarning

__all__ = ["SeparationWarning", "check_separation", "recession_direction",
           "EXACT_ROWS"]

EXACT_ROWS = 512  # above this many samples (and 32 per unknown), start with a subsample

_HIGHS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


class SeparationWarning(ConvergenceWarning):
    """The data are separated: the maximum-likelihood estimate does not exist.

    Some coefficients can grow without bound while the likelihood keeps increasing, so
    ``coef_`` is only where the optimiser stopped and ``stderr_`` is meaningless. The message
    names what separates (a feature, the level of a dummy, or a direction), and the fixes:
    a penalty (``alpha > 0``), dropping or merging the level, or exact / Firth methods.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from estlab.linear_model import LogisticRegression, SeparationWarning
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     model = LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> caught[0].category is SeparationWarning
    True
    >>> model.mle_exists_, model.separation_["kind"]
    (False, 'complete')
    """


def _konis_lp(A, E=None):
    """Solve ``max 1^T A d`` s.t. ``A d >= 0``, ``E d = 0``, ``|d_j| <= 1``; return ``d`` or None.

    ``None`` means the optimum is 0: no recession direction. A positive optimum is checked in
    float64 (``A d >= -tol``) before ``d`` is returned.
    """
    if A.shape[0] == 0:  # Poisson with every count positive: X~ d = 0 forces d = 0
        return None
    res = optimize.linprog(-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(A.shape[0]),
                           A_eq=E, b_eq=None if E is None else np.zeros(E.shape[0]),
                           bounds=(-1.0, 1.0), method="highs", options=_HIGHS)
    if res.status != 0:  # numerical trouble at the tight tolerances: HiGHS's defaults
        res = optimize.linprog(-A.sum(axis=0), A_ub=-A, b_ub=np.zeros(A.shape[0]), A_eq=E,
                               b_eq=None if E is None else np.zeros(E.shape[0]),
                               bounds=(-1.0, 1.0), method="highs")
    if res.status != 0:  # d = 0 is feasible and the box bounded: only numerical failure
        raise RuntimeError(
            f"The separation linear program failed ({res.message}), so whether the MLE exists "
            "is unknown. Standardise X, or pass alpha > 0 (a penalised fit has a finite optimum "
            "and skips the test).")
    d = res.x
    r = A @ d
    tol = 1e-8 * max(1.0, float(np.abs(A).sum(axis=1).max()))  # |a_r^T d| <= ||a_r||_1
    if r.max(initial=0.0) <= tol or r.min(initial=0.0) < -tol:
        return None
    if E is not None and E.shape[0] and np.abs(E @ d).max() > tol:
        return None
    return d


def _complete_lp(A):
    """A direction with every ``a_r^T d > 0`` (``max t`` s.t. ``A d >= t``, box), or ``None``."""
    q = A.shape[1]
    res = optimize.linprog(np.r_[np.zeros(q), -1.0], A_ub=np.c_[-A, np.ones(A.shape[0])],
                           b_ub=np.zeros(A.shape[0]), bounds=[(-1.0, 1.0)] * q + [(None, 1.0)],
                           method="highs", options=_HIGHS)
    tol = 1e-8 * max(1.0, float(np.abs(A).sum(axis=1).max()))
    return res.x[:q] if res.status == 0 and -res.fun > tol else None


def _margins(X, y, family, K, d, scale, k0):
    """Violation of ``A d >= 0`` (and ``E d = 0``) per sample, and ``A d`` itself: O(n p).

    Returns ``(worst, r, tol)``: ``worst[i]`` is the most negative margin of sample ``i`` (or
    minus ``|x~_i^T d|`` for a Poisson positive count), ``r`` all the margins ``a_r^T d`` of
    the inequality rows, ``tol`` the rounding tolerance. Computed from ``X`` itself (no copy).
    """
    q = X.shape[1] + k0
    D = d.reshape(q, -1)
    eta = X @ (D[k0:] / scale[:, None])  # x_i^T d_k in the scaled columns, shape (n, K - 1)
    if k0:
        eta += D[0]
    bound = k0 + float(np.sum(np.abs(X).max(axis=0) / scale))  # >= ||x~_r||_1 for every row
    tol = 1e-8 * max(1.0, 2.0 * bound)
    if family == "poisson":
        pos = y > 0
        worst = np.where(pos, -np.abs(eta[:, 0]), -eta[:, 0])
        return worst, -eta[~pos, 0], tol
    if K == 2:
        r = (2.0 * y - 1.0) * eta[:, 0]
        return r, r, tol
    full = np.c_[np.zeros(len(y)), eta]
    gap = full[np.arange(len(y)), y][:, None] - full  # x_i^T (d_{y_i} - d_k)
    gap[np.arange(len(y)), y] = np.inf  # not a constraint
    return gap.min(axis=1), gap[np.isfinite(gap)], tol


def _separates(X, y, family, K, d, scale, k0, *, strictly=False):
    """Is ``d`` a recession direction of the full data (``strictly``: with every margin > 0)?"""
    worst, r, tol = _margins(X, y, family, K, d, scale, k0)
    if strictly:
        return bool(worst.min() > tol)
    return bool(worst.min() >= -tol and r.max(initial=0.0) > tol)


def _rows(X1, y, family, K):
    """The matrices ``A`` (and ``E`` for Poisson) of the module docstring, for rows of ``X~``."""
    if family == "poisson":
        pos = y > 0
        return -X1[~pos], (X1[pos] if pos.any() else None)
    if K == 2:
        s = 2.0 * y - 1.0
        return X1 * s[:, None], None
    # softmax: one row per (i, k != y_i), in the ravelled layout of d of shape (q, K - 1)
    n, q = X1.shape
    i, k = np.nonzero(np.arange(K)[None, :] != y[:, None])
    A = np.zeros((i.size, q, K - 1))
    own = y[i] > 0
    A[np.flatnonzero(own), :, y[i][own] - 1] += X1[i[own]]
    rival = k > 0
    A[np.flatnonzero(rival), :, k[rival] - 1] -= X1[i[rival]]
    return A.reshape(i.size, q * (K - 1)), None


def _design(X, rows, scale, k0):
    """``X~ = [1, X / scale]`` for the given rows only (no full copy of a large ``X``)."""
    Xr = X[rows] / scale
    return np.c_[np.ones((Xr.shape[0], k0)), Xr]


def _full_rank(X1):
    """Does ``X1`` have full column rank? (Gram matrix scaled to unit diagonal, eigenvalues.)"""
    G = X1.T @ X1
    d = np.sqrt(np.diag(G))
    if not np.all(d > 0):
        return False
    w = np.linalg.eigvalsh(G / np.outer(d, d))
    return bool(w[0] > 1e-10 * w[-1])


def recession_direction(X, y, family, K=2, *, fit_intercept=True, scale=None,
                        exact_rows=EXACT_ROWS, complete=False):
    """A recession direction of the likelihood (for the columns of ``X~``), or ``None``.

    ``y`` holds the codes ``0..K-1`` (binary and softmax) or the counts
    (``family="poisson"``); the direction is for ``X~ = [1, X / scale]``. ``None`` means the MLE
    exists (given a full-rank design). ``complete=True`` asks instead for a direction with
    every margin strictly positive (complete separation), ``None`` if there is none.

    Above ``m0 = max(exact_rows, 32 x unknowns)`` samples the program is solved on a working
    set of rows: first ``m0`` random rows (seeded), then (constraint generation) the working
    set plus up to as many of the rows its direction violates most. Each round ends in a proof
    or grows the set: no direction for a full-rank working set means none for the data (every
    direction of the data is one of each subset); a direction that checks out on every row, in
    O(n p), is a direction of the data. At worst the set reaches all rows: the exact program.
    """
    n = X.shape[0]
    k0 = int(bool(fit_intercept))
    scale = np.ones(X.shape[1]) if scale is None else scale
    unknowns = (X.shape[1] + k0) * (1 if family == "poisson" else K - 1)
    m0 = max(exact_rows, 32 * unknowns)
    rng = np.random.default_rng(0)  # a fixed seed: the same data give the same answer
    rows = None if n <= m0 else np.unique(rng.integers(0, n, m0))  # None: all rows
    while True:
        X1 = _design(X, slice(None) if rows is None else rows, scale, k0)
        A, E = _rows(X1, y if rows is None else y[rows], family, K)
        d = _complete_lp(A) if complete else _konis_lp(A, E)
        if rows is None:
            return d  # all rows: the exact answer
        if d is None and (complete or _full_rank(X1)):
            return None  # none for a (full-rank) subset of the rows: none for the data
        if d is None:  # a rank-deficient working set: add random rows
            new = rng.integers(0, n, rows.size)
        else:
            worst, _, tol = _margins(X, y, family, K, d, scale, k0)
            bad = np.flatnonzero(worst <= tol if complete else worst < -tol)
            if bad.size == 0:
                return d  # checks out on every row: a direction of the data
            new = bad[np.argsort(worst[bad])[:rows.size]]  # the most violated rows first
        rows = np.union1d(rows, new)
        if rows.size > n // 2:
            rows = None


def _describe(X1, y, family, d, names, classes, n_sep, kind):
    """One sentence naming the feature, dummy level or direction that separates."""
    q = X1.shape[1]
    D = d.reshape(q, -1)
    big = np.abs(D).max(axis=1) > 1e-9 * np.abs(D).max()
    involved = [names[j] for j in np.flatnonzero(big)]
    feats = [j for j in np.flatnonzero(big) if names[j] != "intercept"]
    if family == "poisson":
        zero = np.flatnonzero(X1 @ d < -1e-9 * np.abs(X1 @ d).max())
        if len(feats) == 1:
            j = feats[0]
            levels = np.unique(X1[zero, j])
            if levels.size == 1:
                sign = "-" if D[j, 0] < 0 else "+"
                return (f"all {zero.size} samples with {names[j]} = {levels[0]:.6g} have y = 0, "
                        f"so the coefficient of {names[j]} goes to {sign}inf")
        return (f"{zero.size} zero counts get fitted means going to 0 along the direction "
                f"{_combination(D[:, 0], names, big)} (every positive count is on its zero set)")
    c = [repr(v) for v in classes.tolist()]
    if len(classes) == 2 and len(feats) == 1:
        j = feats[0]
        x, s = X1[:, j], 2.0 * y - 1.0
        values = np.unique(x)
        sep = s * (X1 @ d) > 1e-9 * np.abs(X1 @ d).max()
        if kind == "quasi-complete" and np.unique(x[sep]).size == 1 and values.size == 2:
            v = x[sep][0]
            k = int(y[sep][0])
            return (f"all {int(sep.sum())} samples with {names[j]} = {v:.6g} are of class {c[k]} "
                    f"(quasi-complete separation by a level of {names[j]})")
        hi = 1 if D[j, 0] > 0 else 0  # the class on the large side of the threshold
        return (f"feature {names[j]} {'perfectly' if kind == 'complete' else 'quasi-perfectly'} "
                f"separates the classes (class {c[hi]} where {names[j]} >= "
                f"{x[y == hi].min():.6g}, class {c[1 - hi]} where {names[j]} <= "
                f"{x[y != hi].max():.6g})")
    if len(classes) == 2:
        return (f"the direction {_combination(D[:, 0], names, big)} is >= 0 on class {c[1]} "
                f"and <= 0 on class {c[0]} ({n_sep} of {y.size} samples strictly), a "
                f"{kind} separation by {', '.join(involved)}")
    if len(feats) == 1 and np.unique(X1[:, feats[0]]).size == 2:  # a level of one class?
        j = feats[0]
        E = np.c_[np.zeros(X1.shape[0]), X1 @ D]
        moved = np.abs(E - E[:, :1]).max(axis=1) > 1e-9 * np.abs(E).max()
        v, k = np.unique(X1[moved, j]), np.unique(y[moved])
        if v.size == 1 and k.size == 1 and np.all(y[X1[:, j] == v[0]] == k[0]):
            return (f"all {int(moved.sum())} samples with {names[j]} = {v[0]:.6g} are of class "
                    f"{c[k[0]]} (quasi-complete separation by a level of {names[j]})")
    # which pairs of classes the direction separates: rows (i, k) with a_r^T d > 0
    E = np.c_[np.zeros(X1.shape[0]), X1 @ D]  # x_i^T d_k for every class, d_0 = 0
    gap = E[np.arange(y.size), y][:, None] - E  # x_i^T (d_{y_i} - d_k)
    i, k = np.nonzero(gap > 1e-9 * np.abs(gap).max())
    pairs = sorted({(min(a, b), max(a, b)) for a, b in zip(y[i].tolist(), k.tolist())})
    shown = ", ".join(f"{c[a]} from {c[b]}" for a, b in pairs)
    cols = [f"class {c[k + 1]}: {_combination(D[:, k], names, np.abs(D[:, k]) > 1e-9)}"
            for k in range(D.shape[1]) if np.any(np.abs(D[:, k]) > 1e-9)]
    return (f"{kind} separation: the classes {shown} are separated by {', '.join(involved)} "
            f"(direction {'; '.join(cols)}; reference class {c[0]}: 0), which sends {n_sep} "
            "fitted probabilities to 0 or 1")


def _softmax_level(Xu, y, K, k0):
    """Softmax: a level of a two-valued column holding one class only, as a direction, or None.

    If every sample with ``x_j = v`` is of class ``c``, then raising class ``c``'s linear
    predictor by ``(x_j - other) / (v - other)`` (1 at ``v``, 0 at the other level) is a
    recession direction; for the reference class, all the others are lowered instead.
    """
    if not k0:
        return None
    q = Xu.shape[1]
    for j in range(1, q):
        levels = np.unique(Xu[:, j])
        if levels.size != 2:
            continue
        for v, other in (levels, levels[::-1]):
            at = Xu[:, j] == v
            if np.unique(y[at]).size == 1:
                c, b = int(y[at][0]), 1.0 / (v - other)
                D = np.zeros((q, K - 1))
                cols = [c - 1] if c > 0 else list(range(K - 1))
                D[0, cols], D[j, cols] = (-b * other, b) if c > 0 else (b * other, -b)
                return D
    return None


def _single_feature(Xu, y, family, k0, kind):
    """A recession direction using one feature (and the intercept), or ``None``.

    The LP's direction is any vertex of the cone of directions, often a mixture of features;
    a reader wants the one feature (threshold, or dummy level) that separates on its own, when
    there is one. Binary: class ranges that do not overlap (complete) or touch at one value
    (quasi-complete). Poisson: a level of a two-valued column where every count is zero.
    Needs an intercept (the threshold, or the other level's mean).
    """
    if not k0:
        return None
    q = Xu.shape[1]
    for j in range(1, q):
        x = Xu[:, j]
        d = np.zeros(q)
        if family == "poisson":
            levels = np.unique(x)
            if levels.size != 2:
                continue
            for v, other in (levels, levels[::-1]):
                if not np.any(y[x == v] > 0):  # log mu -> -inf on x == v, unchanged elsewhere
                    b = 1.0 / (other - v)  # eta moves by b (x - other): -1 at v, 0 at other
                    d[0], d[j] = -b * other, b
                    return d
            continue
        levels = np.unique(x)
        if kind == "quasi-complete" and levels.size == 2:  # a dummy: one level, one class?
            for v, other in (levels, levels[::-1]):
                at = x == v
                if np.unique(y[at]).size == 1:  # eta moves by s (x - other)/(v - other)
                    b = (2.0 * y[at][0] - 1.0) / (v - other)
                    d[0], d[j] = -b * other, b
                    return d
        one = y == 1
        for hi, sign in ((one, 1.0), (~one, -1.0)):  # class `hi` on the large side of x
            lo_a, hi_b = x[hi].min(), x[~hi].max()
            strict = hi_b < lo_a
            if strict if kind == "complete" else hi_b <= lo_a:
                thr = 0.5 * (lo_a + hi_b)
                d[0], d[j] = -sign * thr, sign
                return d
    return None


def _combination(v, names, keep):
    terms = [f"{v[j]:+.3g}*{names[j]}" if names[j] != "intercept" else f"{v[j]:+.3g}"
             for j in np.flatnonzero(keep)]
    return " ".join(terms).lstrip("+")


def check_separation(estimator, X, y, *, family, alpha, classes=None, stacklevel=3):
    """Decide whether the MLE exists; warn and return ``(mle_exists, separation)``.

    Called at the end of ``fit``. ``y`` holds the label codes ``0..K-1``
    (``family="categorical"``; two classes is logistic regression) or the counts
    (``family="poisson"``). Penalised fits (``alpha > 0``) have a finite optimum: ``(True, None)``.

    Returns
    -------
    mle_exists : bool
    separation : dict or None
        ``None`` when the MLE exists. Otherwise a plain dict (it is saved by ``estlab.save``):

        ``"kind"``: "complete" (a direction sends every fitted probability to 0 or 1) or
        "quasi-complete" (only some; the others stay on the boundary ``a_r^T d = 0``; Poisson
        is always "quasi-complete": only zero counts can get a mean of 0).
        ``"direction"``: a recession direction in the layout of ``params_`` and the units of
        ``X``, largest entry 1 in absolute value: the likelihood never decreases along
        ``params_ + t * direction``. A single feature or dummy level that separates on its own
        is preferred to the LP's vertex, which may mix features.
        ``"names"``: the parameters with a non-zero entry in ``direction`` (``"intercept"``,
        then ``feature_names_in_`` or ``"X[:, j]"``, as the estimators' messages name them).
        ``"n_separated"``: how many observations (softmax: observation-class pairs) have a
        fitted probability (Poisson: mean) going to 0 or 1 along ``direction``.
        ``"description"``: the sentence the warning starts with.
    """
    if alpha > 0:
        return True, None
    name = type(estimator).__name__
    n, p = X.shape
    k0 = int(bool(estimator.fit_intercept))
    # column units for a well-scaled program: root mean square over at most ~4096 rows (any
    # positive scale is exact; this one is only for conditioning, and costs no pass over X)
    Xs = X[::max(1, n // 4096)]
    with np.errstate(over="ignore"):
        scale = np.sqrt(np.einsum("ij,ij->j", Xs, Xs) / Xs.shape[0])
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
    K = 2 if family == "poisson" else len(classes)
    y = np.asarray(y)
    # the program on unit-RMS columns (well scaled); X~ is built only for the rows it needs
    d = recession_direction(X, y, family, K, fit_intercept=bool(k0), scale=scale)
    if d is None:
        return True, None
    features = list(getattr(estimator, "feature_names_in_", None) or
                    [f"X[:, {j}]" for j in range(p)])
    names = (["intercept"] if k0 else []) + features
    full = None
    if family != "poisson":  # complete: every margin > 0, along d or along another direction
        full = (d if _separates(X, y, family, K, d, scale, k0, strictly=True) else
                recession_direction(X, y, family, K, fit_intercept=bool(k0), scale=scale,
                                    complete=True))
    kind, d = ("quasi-complete", d) if full is None else ("complete", full)
    units = np.r_[np.ones(k0), scale][:, None]
    D = d.reshape(p + k0, -1) / units  # in the units of X
    Xu = np.c_[np.ones((n, k0)), X]  # separated data only: a copy of X, for the description
    one = (_single_feature(Xu, y, family, k0, kind) if K == 2 else
           _softmax_level(Xu, y, K, k0) if kind == "quasi-complete" else None)
    if one is not None:  # a single feature (or dummy level) separates on its own: name it
        D = one.reshape(p + k0, -1)
    D = D / np.abs(D).max() + 0.0  # + 0.0: no negative zeros in the record
    _, r, tol = _margins(X, y, family, K, (D * units).ravel(), scale, k0)
    n_sep = int(np.sum(r > tol))
    what = _describe(Xu, y, family, D.ravel(), names, classes, n_sep, kind)
    direction = D[:, 0] if D.shape[1] == 1 else D
    sep = {"kind": kind, "direction": direction.copy(),
           "names": tuple(names[j] for j in np.flatnonzero(np.abs(D).max(axis=1) > 1e-9)),
           "n_separated": n_sep, "description": what}
    fixes = ("drop or merge the level" if what.startswith("all ")  # a level: see _describe
             else "remove or combine the separating features")
    warnings.warn(
        f"{name}: {what}. The maximum-likelihood estimate does not exist: the likelihood keeps "
        f"increasing as the coefficients go to infinity along this direction, so coef_ is only "
        f"where the optimiser stopped and the standard errors are meaningless. Fix: pass "
        f"alpha > 0 (a finite penalised estimate), {fixes}, or use exact or Firth "
        f"(bias-reduced) methods.", SeparationWarning, stacklevel=stacklevel)
    return False, sep
