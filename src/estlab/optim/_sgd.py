"""Mini-batch stochastic gradient descent over a data set."""

import numpy as np

from estlab._validation import check_positive, check_random_state
from estlab.optim._defaults import DEFAULTS
from estlab.optim._schedules import make_schedule
from estlab.optim._stepwise import SGD
from estlab.optim._trace import Trace, check_common

__all__ = ["sgd"]


def sgd(grad_batch, x0, X, y, *, fun=None, optimizer=None,
        learning_rate=DEFAULTS["sgd"]["learning_rate"], schedule="constant", batch_size=32,
        shuffle=True, max_iter=DEFAULTS["sgd"]["max_iter"], tol=DEFAULTS["sgd"]["tol"],
        random_state=None, callback=None, verbose=False, n_iter_no_change=5, **schedule_kwargs):
    """Minimise a mean loss over ``(X, y)`` with mini-batch gradients, epoch by epoch.

    Parameters
    ----------
    grad_batch : callable
        ``grad_batch(theta, X_batch, y_batch) -> ndarray`` shaped like ``theta``: the gradient
        of the mean loss over the batch, e.g. ``likelihoods.bernoulli.grad``-based.
    x0 : array_like
        Starting parameters (copied).
    X : ndarray of shape (n_samples, n_features)
        Data, passed to ``grad_batch`` in batches of rows.
    y : ndarray of shape (n_samples,) or (n_samples, ...)
        Targets, batched with the same rows.
    fun : callable, optional
        ``fun(theta, X, y) -> float``, the full-data objective, evaluated once per epoch for
        ``history["fun"]`` and the stopping rule. Without it ``history["fun"]`` is NaN.
    optimizer : object with ``step(params, grad)``, ``reset()`` and ``learning_rate``, optional
        A stepwise optimizer such as :class:`~estlab.optim.SGD` or :class:`~estlab.optim.Adam`.
        Default ``SGD(learning_rate)``. It is ``reset()`` at the start, so runs are repeatable.
        Its own ``learning_rate`` is the base rate ``eta0`` of the schedule (the
        ``learning_rate`` argument is then not used); it is restored after the run.
    learning_rate : float, default 0.02 (the defaults table, :mod:`estlab.optim._defaults`)
        ``eta0`` for the default optimizer.
    schedule : {"constant", "invscaling", "step"} or callable, default "constant"
        See :func:`~estlab.optim.make_schedule`; its keywords (``power_t``, ``step_size``,
        ``gamma``) go in ``**schedule_kwargs``.
    batch_size : int, default 32
        Rows per mini-batch (the last batch of an epoch may be smaller).
    shuffle : bool, default True
        Visit the rows in a fresh random order each epoch (else in order, as views).
    max_iter : int, default 500
        Maximum number of **epochs** (passes over the data).
    tol : float, default 1e-6
        Stopping tolerance (see Notes).
    random_state : None, int or numpy.random.Generator
        Seed for the shuffling; same seed, same result.
    callback : callable, optional
        ``callback(theta, fun)`` after every epoch (``fun`` is NaN without ``fun``); return
        ``True`` to stop.
    verbose : bool, default False
        Print about ten lines ``epoch, fun, step``.
    n_iter_no_change : int, default 5
        Epochs without improvement before stopping (as scikit-learn's ``SGDClassifier``).
    **schedule_kwargs
        Parameters of ``schedule``.

    Returns
    -------
    OptimizeResult
        ``n_iter`` counts epochs; ``history["fun"]`` (per epoch, entry 0 at ``x0``) and
        ``history["step_norm"]`` (``max |theta_e - theta_{e-1}|``).

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` epochs pass without meeting the criterion, and when the run diverges
        (non-finite parameters or objective, or an objective above
        ``f(x0) + 1000 (1 + |f(x0)|)``): the run stops and ``x`` is the last finite epoch's.

    Notes
    -----
    Epoch ``e`` splits a permutation of the rows into batches ``B`` of ``batch_size`` rows and,
    for each, with ``t`` the update count,

    .. math::

        g = \\frac{1}{|B|} \\sum_{i \\in B} \\nabla \\ell_i(\\theta), \\qquad
        \\theta \\leftarrow \\texttt{optimizer.step}(\\theta, g) \\text{ at rate } \\eta(t, e).

    ``g`` is an unbiased estimate of the full gradient, so small batches are cheap but noisy;
    with a constant rate ``theta`` keeps jittering around the minimiser within a distance that
    shrinks with the rate (decaying schedules remove the jitter).

    Stopping rule: with ``fun``, the scikit-learn rule: converged when for
    ``n_iter_no_change`` consecutive epochs ``fun > best_fun - tol``. Without ``fun``:
    converged when ``max |theta_e - theta_{e-1}| <= tol * max(1, max |theta_e|)``.

    Examples
    --------
    Least squares ``y = 1 + 2 x`` with Adam over mini-batches:

    >>> import numpy as np
    >>> from estlab.likelihoods import gaussian
    >>> from estlab.optim import Adam
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(1000, 1)); y = 1 + 2 * X[:, 0] + 0.1 * rng.normal(size=1000)
    >>> res = sgd(lambda t, Xb, yb: gaussian.grad(t, Xb, yb, fit_intercept=True), np.zeros(2),
    ...           X, y, fun=lambda t, X, y: gaussian.nll(t, X, y, fit_intercept=True),
    ...           optimizer=Adam(learning_rate=0.01), max_iter=50, random_state=0)
    >>> res.converged, np.round(res.x, 1)
    (True, array([1., 2.]))
    """
    check_common(max_iter, tol, callback, learning_rate)
    check_positive(batch_size, "batch_size", integer=True)
    check_positive(n_iter_no_change, "n_iter_no_change", integer=True)
    X, y = np.asarray(X), np.asarray(y)
    n = X.shape[0]
    if len(y) != n:
        raise ValueError(f"X and y must have the same number of rows; got {n} and {len(y)}.")
    opt = SGD(learning_rate) if optimizer is None else optimizer
    if not (hasattr(opt, "step") and hasattr(opt, "reset") and hasattr(opt, "learning_rate")):
        raise TypeError(f"optimizer must have step(params, grad), reset() and learning_rate, like "
                        f"estlab.optim.SGD or Adam; got {opt!r}.")
    eta0 = opt.learning_rate
    rate = make_schedule(schedule, eta0, **schedule_kwargs)
    constant = schedule == "constant"
    rng = check_random_state(random_state)
    opt.reset()

    def objective(theta):
        return float(fun(theta, X, y)) if fun is not None else np.nan

    x = np.array(x0, dtype=float)
    starts = range(0, n, batch_size)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            f = objective(x)
            trace = Trace("sgd", f, 0.0, max_iter=max_iter, verbose=verbose, unit="epoch",
                          second="step", track_fun=fun is not None)
            best, no_change, t, epoch, status = f, 0, 0, 0, None
            while status is None:
                if epoch == max_iter:
                    status = "max_iter"
                    break
                x_prev = x.copy()                           # (a custom step may work in place)
                order = rng.permutation(n) if shuffle else None
                for start in starts:
                    t += 1
                    if not constant:
                        opt.learning_rate = rate(t, epoch)
                    if shuffle:
                        idx = order[start:start + batch_size]
                        g = grad_batch(x, X.take(idx, axis=0), y.take(idx, axis=0))   # = X[idx]
                    else:
                        g = grad_batch(x, X[start:start + batch_size], y[start:start + batch_size])
                    x = opt.step(x, g)                          # theta <- step(theta, g)
                epoch += 1
                f = objective(x)
                step = float(np.max(np.abs(x - x_prev))) if x.size else 0.0
                if trace.record(epoch, f, step):
                    x, f = x_prev, trace.fun[-2]
                    status = "diverged"
                    break
                # stopping rule (see Notes)
                if fun is not None:
                    no_change = no_change + 1 if f > best - tol else 0
                    best = min(best, f)
                    if no_change >= n_iter_no_change:
                        status = "converged"
                elif step <= tol * max(1.0, float(np.max(np.abs(x)))):
                    status = "converged"
                if status is None and callback is not None and callback(x, f):
                    status = "callback"
    finally:
        opt.learning_rate = eta0
    hint = ("The learning rate is too large: reduce learning_rate (e.g. by 10x), use a decaying "
            "schedule or standardise X." if status == "diverged" else
            "increase max_iter, reduce learning_rate or standardise X (or use a decaying "
            "schedule such as schedule='invscaling').")
    if fun is not None and status in ("converged", "max_iter"):
        detail = (f"fun improved by less than tol = {tol:g} for {n_iter_no_change} consecutive "
                  f"epochs" if status == "converged" else
                  f"fun still improved by more than tol = {tol:g} within {n_iter_no_change} epochs")
    else:
        detail = ""
    return trace.finish(status, x, f, epoch, tol=tol, hint=hint, norm_key="step_norm",
                        detail=detail)
