"""Newton's method for a GLM (IRLS), one blocked pass over X per iteration: the solver of every GLM.

A generalised linear model enters the data only through ``eta = intercept + X @ coef``, so its
mean objective, gradient and Hessian are sums over rows of per-sample pieces (the chain rule
of :mod:`estlab.likelihoods._linear`):

.. math::

    f = \\tfrac1n \\sum_i l(\\eta_i, y_i), \\qquad
    \\nabla f = \\tfrac1n \\tilde X^\\top r, \\qquad
    H = \\tfrac1n \\tilde X^\\top W \\tilde X, \\qquad
    r_i = \\partial l / \\partial \\eta_i, \\; W_i = \\partial^2 l / \\partial \\eta_i^2,

plus the ridge ``alpha/2 ||coef||^2``. Each model file of :mod:`estlab.likelihoods` supplies
``irls_terms(eta, y) -> (sum_i l_i, r, W)``; :func:`irls` does the rest. Newton's step
``theta <- theta - t H^{-1} grad`` (``t`` halved until ``f`` decreases) is exactly
:func:`estlab.optim.newton` applied to ``likelihoods.<model>.nll/grad/hess``: with
``fast=False`` the iterates are the same to rounding (tested).

Why this is fast (``fast=True``, the default)
---------------------------------------------
1. **One pass over X per iteration.** The rows are visited in blocks of ``block_rows``; for
   each block ``eta_b = X_b theta``, the pieces ``(l, r, W)``, the gradient ``X_b^T r_b`` and,
   when a Hessian is due, ``B^T B`` with ``B = [sqrt(w), X_b sqrt(w)]`` are computed while the
   block is in cache. The trial point of the step-halving search *is* the next iterate, so the
   same pass gives ``f`` (accept or halve), the next gradient and the next Hessian. The
   textbook loop reads X about five times per iteration (``nll``, ``grad``, ``hess`` each
   recompute ``eta``; the Hessian product reads it twice).
2. **Fewer Hessians (a chord step).** Once a step moves theta by less than
   ``HESSIAN_REUSE`` (1%, in units of each column's root mean square), the weights have
   converged to about that accuracy and the old ``H`` still contracts the error by a factor
   ~1e-2 per iteration; the pass then skips the ``p^2`` part.
3. **Cheap Hessians where they cannot change the answer.** A Hessian only sets the Newton
   *direction*: the fixed point ``grad = 0`` is evaluated in float64 over all rows, so any
   positive definite ``H`` close enough to the true one converges to the same float64 MLE
   (linearly, at a rate equal to its relative error, instead of quadratically). For
   ``n > HESSIAN_SAMPLE_ROWS`` (65,536) the intermediate Hessians use every k-th block of
   rows (about 65,536 rows: relative error ~ sqrt(p / 65,536), about 2%) accumulated from
   float32 blocks (half the flops and bytes of ``B^T B``; the first one, which also serves
   the rank check, is float64). At ``n = 5e5`` such a Hessian costs a tenth of a full one.
   The Hessian at the estimate, for the standard errors (and a second rank check), is always
   float64 over all rows; it is computed in the pass at the point predicted to be the last
   (``|g_{k+1}| ~ |g_k| r^2`` after an exact Newton step, ``|g_k| r`` after a cheap one,
   ``r = |g_k| / |g_{k-1}|``), so it usually costs no extra pass.
4. **Fall back as soon as progress stalls.** A cheap or reused Hessian must give a full step
   that shrinks the scaled gradient at least fourfold (``STALL_RATIO``; the first step from
   the start is only required to be a full step). If it does not, the next Hessian is exact
   (float64, all rows) and float32 is not used again in that run (e.g. an uncentred feature,
   ``x = z + 3000``, leaves float32's ``H`` of ``[1, x]`` without a correct digit in its
   centred part); after a second stall the row subsample is dropped too.

Stopping rule (relative to the problem's scale): ``max_j |grad_j| / s_j <= tol * c`` with
``s_j`` the root mean square of column j (1 for the intercept: the units of X do not matter)
and ``c = max(1, mean diag(H_0) / s^2)``, the curvature of the problem at the start: the
gradient of a Poisson model with counts near 1e8 is 1e8 times that of counts near 1, and so is
its rounding error. For logistic regression (weights <= 1/4) ``c = 1``: scikit-learn's rule.
"""

from dataclasses import dataclass

import numpy as np
from scipy import linalg

from estlab.optim._defaults import DEFAULTS
from estlab.optim._result import OptimizeResult
from estlab.optim._trace import check_common

__all__ = ["irls", "IRLSResult", "column_scale", "glm_pass", "HESSIAN_REUSE", "STALL_RATIO"]

# Reuse the Hessian while the last step moved theta by less than this (relative, in units of
# column_scale): the weights, hence H, have then converged to about that accuracy.
HESSIAN_REUSE = 1e-2
# A reused or float32 Hessian must divide the scaled gradient by at least 1 / STALL_RATIO.
STALL_RATIO = 0.25
# The cheap Hessians use about this many rows (every k-th block of rows).
HESSIAN_SAMPLE_ROWS = 65_536
BLOCK_ROWS = 8192
MAX_HALVINGS = 40


@dataclass(frozen=True, repr=False)
class IRLSResult(OptimizeResult):
    """:class:`OptimizeResult` plus what inference needs at the estimate.

    ``hess`` is the float64 Hessian of the mean objective at ``x`` (``(d m, d m)`` in the
    order of ``x.ravel()``), ``eta`` the linear predictor at ``x``, ``status`` one of
    "converged", "max_iter", "stalled", and ``hint`` the fix that fits the way it stopped.
    """

    hess: np.ndarray = None
    eta: np.ndarray = None
    status: str = ""
    hint: str = ""


def column_scale(X, fit_intercept):
    """Units of the parameters: ``[1, rms(X[:, 0]), rms(X[:, 1]), ...]`` (1 for a zero column).

    The stopping rule is applied to ``grad / column_scale``, the gradient with respect to the
    coefficients of ``X[:, j] / rms_j``: a feature in metres or in nanometres converges alike.
    For ``|x| > 1e154`` (where the square overflows) the largest ``|x|`` serves instead.
    """
    with np.errstate(over="ignore"):
        s = np.sqrt(np.einsum("ij,ij->j", X, X) / X.shape[0])
    if not np.all(np.isfinite(s)):
        s = np.maximum(X.max(axis=0), -X.min(axis=0))
    return np.r_[np.ones(int(bool(fit_intercept))), np.where(s > 0, s, 1.0)]


def glm_pass(terms, X, y, theta, *, fit_intercept, hess=None, hess_every=1, eta_out=None,
             block_rows=BLOCK_ROWS):
    """One blocked pass over ``X``: ``(sum_i l_i, X~^T r, X~^T W X~ or None)`` at ``theta``.

    Parameters
    ----------
    terms : callable
        ``terms(eta, y) -> (sum of per-sample losses, r, W)``, e.g.
        :func:`estlab.likelihoods.bernoulli.irls_terms`. ``eta`` is ``(n_b,)`` for a one-index
        model (``theta`` 1-D) and ``(n_b, m)`` for ``theta`` of shape ``(d, m)``; ``W`` is
        ``(n_b,)`` or ``(n_b, m, m)``.
    theta : ndarray of shape (d,) or (d, m)
        ``d = n_features + fit_intercept``, intercept first.
    hess : {None, numpy.float64, numpy.float32}
        Accumulate the Hessian in this precision (``None``: skip it).
    hess_every : int, default 1
        Accumulate the Hessian over every ``hess_every``-th block of rows only, scaled by
        ``n / rows used``: a subsampled Hessian (for a Newton *direction*, never for standard
        errors).
    eta_out : ndarray, optional
        Receives the linear predictor.

    Returns
    -------
    (float, ndarray, ndarray or None)
        **Sums** (not means): divide by ``n``. The gradient is shaped like ``theta``, the
        Hessian ``(theta.size, theta.size)`` in the order of ``theta.ravel()``.
    """
    n, p = X.shape
    k0 = int(bool(fit_intercept))
    one_index = theta.ndim == 1
    T = theta.reshape(theta.shape[0], -1)
    m = T.shape[1]
    d = p + k0
    f, G = 0.0, np.zeros((d, m))
    H = None if hess is None else np.zeros((d, m, d, m))
    if eta_out is None:
        eta_out = np.empty((n,) if one_index else (n, m))
    constant = not np.any(T[k0:])                     # coef = 0: constant weights
    if hess is not None and one_index:
        buf = np.empty((min(block_rows, n), d), dtype=np.float64 if constant else hess)
    used = 0
    for i, a in enumerate(range(0, n, block_rows)):
        b = min(n, a + block_rows)
        Xb = X[a:b]
        eta = eta_out[a:b]
        np.matmul(Xb, T[k0:, 0] if one_index else T[k0:], out=eta)  # eta = X_b coef
        if k0:
            eta += T[0, 0] if one_index else T[0]                      # + intercept
        loss, r, W = terms(eta, y[a:b])
        f += loss
        R = r.reshape(b - a, m)
        G[k0:] += Xb.T @ R                                              # X_b^T r
        if k0:
            G[0] += R.sum(axis=0)
        if hess is None or i % hess_every:
            continue
        used += b - a
        if one_index and constant:  # coef = 0: every w_i = w_0, H = w_0 [1, X]^T [1, X]
            H1 = H[:, 0, :, 0]
            H1[k0:, k0:] += W[0] * (Xb.T @ Xb)         # no weighted copy of the block
            if k0:
                sums = W[0] * Xb.sum(axis=0)
                H1[0, 0] += W[0] * (b - a)
                H1[0, 1:] += sums
                H1[1:, 0] += sums
        elif one_index:  # B = [sqrt(w), X_b sqrt(w)];  H += B^T B (a symmetric rank-k update)
            B = buf[:b - a]
            sw = np.sqrt(W)
            if k0:
                B[:, 0] = sw
            np.multiply(Xb, sw[:, None], out=B[:, k0:], casting="unsafe")
            H[:, 0, :, 0] += B.T @ B
        else:  # block (j, k): X~_b^T diag(W_jk) X~_b
            Xt = np.column_stack([np.ones(b - a), Xb]) if k0 else Xb
            for j in range(m):
                for k in range(j, m):
                    blk = Xt.T @ (Xt * W[:, j, k][:, None])
                    H[:, j, :, k] += blk
                    if k != j:
                        H[:, k, :, j] += blk.T
    G = G[:, 0] if one_index else G
    if H is not None and used < n:
        H *= n / used
    return f, G, (None if H is None else H.reshape(d * m, d * m))


def _solve(H, g):
    """Solve ``H s = g`` by Cholesky after scaling ``H`` to unit diagonal; lstsq if not PD."""
    dg = np.sqrt(np.abs(np.diag(H)))
    dg[dg == 0] = 1.0
    try:
        c = linalg.cho_factor(H / np.outer(dg, dg), check_finite=False)
        s = linalg.cho_solve(c, g / dg, check_finite=False) / dg
        if np.all(np.isfinite(s)):
            return s
    except linalg.LinAlgError:
        pass
    return np.linalg.lstsq(H, g, rcond=None)[0]  # singular after the start: separation


def _advice(status, k, gn, target, grad_norms):
    """``(message, hint)``: why the loop stopped, and the fix that fits that cause."""
    if status == "converged":
        return f"converged: max|grad|/s = {gn:.3g} <= {target:.3g} after {k} iterations", ""
    recent = np.asarray(grad_norms[-4:])
    if status == "max_iter" and recent.size >= 2 and recent[-1] < 0.5 * recent[0]:
        hint = "increase max_iter (the gradient was still shrinking)"
    elif gn <= 1e-6 * max(target, 1e-8):  # at the rounding floor of float64
        hint = (f"max|grad|/s = {gn:.2g} stopped shrinking: that is the rounding error of "
                f"float64 for this problem, below which tol = {target:.2g} cannot be met; "
                "increasing max_iter will not help. Loosen tol "
                f"(e.g. tol={max(10 * gn, 1e-12):.0e})")
    else:
        hint = (f"max|grad|/s = {gn:.2g} stopped shrinking, so increasing max_iter will not "
                "help; check for separation (a feature or combination that predicts y "
                "perfectly), standardise X, or pass alpha > 0")
    if status == "max_iter":
        return f"did not converge in max_iter = {k} iterations; {hint}", hint
    return f"stopped after {k} iterations: {hint}", hint


def irls(terms, X, y, theta0, *, fit_intercept, alpha=0.0,
         max_iter=DEFAULTS["newton"]["max_iter"], tol=DEFAULTS["newton"]["tol"], fast=True,
         block_rows=BLOCK_ROWS, check_hessian=None, verbose=False):
    """Minimise ``mean_i l(eta_i, y_i) + alpha/2 ||coef||^2`` by Newton/IRLS with step halving.

    Parameters
    ----------
    terms : callable
        ``terms(eta, y) -> (sum_i l_i, r, W)``: ``irls_terms`` of a module of
        :mod:`estlab.likelihoods`.
    X : ndarray of shape (n_samples, n_features)
        Design without a column of ones.
    y : ndarray of shape (n_samples,)
        Responses, passed to ``terms`` block by block.
    theta0 : ndarray of shape (d,) or (d, m)
        Start, ``d = n_features + fit_intercept`` (intercept first); 2-D for softmax.
    fit_intercept : bool
    alpha : float, default 0.0
        Ridge penalty on the coefficients (never the intercept).
    max_iter : int, default 100
        Maximum number of Newton steps.
    tol : float, default 1e-8
        See the module docstring: ``max_j |grad_j| / s_j <= tol * c``.
    fast : bool, default True
        Hessian reuse, float32 intermediate Hessians and the predicted last Hessian (module
        docstring, "Why this is fast"). ``False``: a fresh float64 Hessian at every iterate,
        the textbook iteration.
    check_hessian : callable, optional
        Called with the first Hessian (e.g. a rank check that raises).
    verbose : bool, default False
        Print one line per iteration.

    Returns
    -------
    IRLSResult
        ``history`` holds ``"fun"``, ``"grad_norm"`` (the scaled norm of the stopping rule),
        ``"step"`` (the accepted step length, entry 0 is 0) and ``"x"`` (the iterates).

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.likelihoods import bernoulli
    >>> from estlab.optim import irls
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]]); y = np.array([0.0, 0, 1, 0, 1])
    >>> res = irls(bernoulli.irls_terms, X, y, np.zeros(2), fit_intercept=True)
    >>> res.converged, np.round(res.x, 4)
    (True, array([-2.8035,  1.0904]))
    """
    check_common(max_iter, tol, None)
    n, p = X.shape
    k0 = int(bool(fit_intercept))
    theta = np.array(theta0, dtype=float)
    m = 1 if theta.ndim == 1 else theta.shape[1]
    rows = np.repeat(np.arange(p + k0), m)             # row of each entry of theta.ravel()
    pen = (rows >= k0).astype(float)                   # the penalised entries
    eta_buf = [np.empty((n,) if m == 1 and theta.ndim == 1 else (n, m)) for _ in range(2)]

    use32 = False                                      # decided once the units are known
    every = max(1, n // (HESSIAN_SAMPLE_ROWS + 1) + 1) if fast else 1  # subsample stride

    def evaluate(th, want, buf):
        """Mean objective, gradient and (``want`` = "exact" or "cheap") Hessian at ``th``."""
        cheap = want in ("cheap", "first")
        hess = None if want is None else (np.float32 if want == "cheap" and use32
                                          else np.float64)
        with np.errstate(over="ignore", invalid="ignore"):  # wild trial: f = inf, halve
            f, g, H = glm_pass(terms, X, y, th, fit_intercept=k0, hess=hess, eta_out=buf,
                               hess_every=every if cheap else 1, block_rows=block_rows)
        x = th.ravel()
        f = f / n + 0.5 * alpha * float(np.sum(pen * x * x))
        g = g.ravel() / n + alpha * pen * x
        if hess is np.float32 and not (np.all(np.isfinite(H)) and np.all(np.diag(H) > 0)):
            return evaluate(th, "exact", buf)          # out of float32's range
        if H is not None:
            H = H / n
            H[np.arange(H.shape[0]), np.arange(H.shape[0])] += alpha * pen
        return f, g, H

    scale = np.repeat(column_scale(X, k0), m)          # units of theta.ravel()
    # float32 squares of X * sqrt(w) must stay far inside its range (1e-38 .. 3e38)
    use32 = fast and theta.ndim == 1 and bool(np.all((scale > 1e-9) & (scale < 1e9)))
    # the first Hessian: float64, on a subsample of the rows when n is large (a direction)
    f, g, H = evaluate(theta, "first" if every > 1 else "exact", eta_buf[0])
    if check_hessian is not None:
        check_hessian(H)
    c = max(1.0, float(np.mean(np.diag(H) / scale**2)))  # the problem's curvature (Notes)
    exact = every == 1                                 # H is float64, full, at this iterate
    force64 = False
    gn = float(np.max(np.abs(g) / scale))
    history = {"fun": [f], "grad_norm": [gn], "step": [0.0], "x": [theta.copy()]}
    status, k, prev_gn, moved, flat, best, stalls = None, 0, None, np.inf, 0, gn, 0
    while True:
        if gn <= tol * c:
            status = "converged"
            break
        if k == max_iter:
            status = "max_iter"
            break
        step = _solve(H, g).reshape(theta.shape)       # Newton direction: H s = g
        # What the pass at the trial point also computes (module docstring, "why this is fast")
        if not fast or force64:
            want = "exact"
        elif moved > HESSIAN_REUSE:
            want = "cheap"                             # float32, on a subsample of the rows
        else:
            want = None                                # chord step: keep H
        if want != "exact" and prev_gn:
            # predicted gradient at the trial: quadratic convergence with the exact H,
            # linear (at the last rate) with a cheap or reused one
            rate = gn / prev_gn
            if gn * (rate * rate if exact else rate) <= tol * c:
                want = "exact"                         # likely the last iterate: the SE Hessian
        t = 1.0
        for _ in range(MAX_HALVINGS):                  # theta <- theta - t H^{-1} g
            trial = theta - t * step
            f_new, g_new, H_new = evaluate(trial, want, eta_buf[1])
            if f_new <= f + 64 * np.finfo(float).eps * max(1.0, abs(f)):
                break
            t *= 0.5
        else:
            if not exact:                              # retry with a fresh float64 Hessian
                _, _, H = evaluate(theta, "exact", eta_buf[1])
                exact, use32, every = True, False, 1
                continue
            status = "stalled"
            break
        gn_new = float(np.max(np.abs(g_new) / scale))
        x_old = theta.ravel() * scale
        moved = float(np.max(np.abs(t * step.ravel()) * scale) / (1.0 + np.max(np.abs(x_old))))
        # progress check of an inexact H: a full step and a fourfold smaller gradient
        # (the first step from the start need not contract fourfold, even with the exact H)
        stalled = not exact and (t < 1.0 or (k > 0 and gn_new > STALL_RATIO * gn))
        if stalled:                                    # next: a fresh exact Hessian, and
            stalls += 1                                # float64 from now on; all rows from
            use32 = False                              # now on after a second stall
            every = 1 if stalls > 1 else every
        force64 = stalled
        prev_gn, theta, f, g, gn = gn, trial, f_new, g_new, gn_new
        eta_buf.reverse()                              # eta_buf[0] holds eta at theta
        k += 1
        if H_new is not None:
            H, exact = H_new, want == "exact"
        else:
            exact = False
        history["fun"].append(f)
        history["grad_norm"].append(gn)
        history["step"].append(t)
        history["x"].append(theta.copy())
        if verbose:
            kind = "reused" if H_new is None else want
            print(f"irls: iter {k:3d}  fun {f:.10g}  max|grad|/s {gn:.2e}  t {t:g}  H {kind}")
        if moved == 0.0:  # no representable progress: at the optimum to machine precision
            status = "converged"
            break
        # five steps without halving the smallest gradient so far: rounding error dominates
        best, flat = (gn, 0) if gn < 0.5 * best else (best, flat + 1)
        if flat >= 5:
            status = "stalled"
            break
    if not exact:                                      # the Hessian at the estimate, float64
        _, _, H = evaluate(theta, "exact", np.empty_like(eta_buf[0]))
    if check_hessian is not None and every > 1:        # the first one was a subsample
        check_hessian(H)
    message, hint = _advice(status, k, gn, tol * c, history["grad_norm"])
    hist = {key: np.asarray(val, dtype=float) for key, val in history.items()}
    return IRLSResult(x=theta, fun=f, n_iter=k, converged=status == "converged", history=hist,
                      message=message, hess=H, eta=eta_buf[0], status=status, hint=hint)
