"""Profile-likelihood intervals for GLM coefficients (R's ``confint`` for a ``glm``).

For coefficient :math:`\\beta_j` the profile log-likelihood
:math:`\\log L_p(b) = \\max_{\\beta_{-j}} \\log L(\\beta_{-j}, \\beta_j = b)` is a GLM fit with the
term :math:`b\\,x_j` held fixed (an *offset*): Newton's method on the other coefficients, warm
started from the previous ``b``. The interval is
:math:`\\{b : 2[\\log L(\\hat\\beta) - \\log L_p(b)] \\le \\chi^2_{1,\\text{level}}\\}`,
with its end points found by :func:`estlab.inference.profile_interval`. statsmodels has no
such interval; R's ``MASS::confint.glm`` (the default ``confint`` of a ``glm`` since R 4.4)
computes the same end points, interpolating a spline through profile points where this
module solves exactly.
"""

import numpy as np
from scipy import linalg

from estlab import likelihoods
from estlab._errors import ConvergenceError, DataError, NotFittedError
from estlab.inference import profile_interval

__all__ = ["constrained_fit", "profile_conf_int"]


def constrained_fit(likelihood, X, y, theta, j, value, *, fit_intercept, max_iter=100):
    """The MLE of all coefficients but ``j``, with ``theta[j] = value`` held fixed.

    Newton's method with step halving on the mean negative log-likelihood, started from
    ``theta`` (a nearby solution: the estimate, or the last profile point). Returns
    ``(theta, mean_nll)``.
    """
    theta = np.array(theta, dtype=float)
    theta[j] = value
    free = np.arange(theta.size) != j
    fun = likelihood.nll(theta, X, y, fit_intercept=fit_intercept)
    for _ in range(max_iter):
        g = likelihood.grad(theta, X, y, fit_intercept=fit_intercept)[free]
        H = likelihood.hess(theta, X, y, fit_intercept=fit_intercept)[np.ix_(free, free)]
        if not g.size:
            return theta, fun
        try:
            step = linalg.solve(H, g, assume_a="pos", check_finite=False)  # H^{-1} g
        except (linalg.LinAlgError, ValueError):
            step = np.linalg.lstsq(H, g, rcond=None)[0]
        t = 1.0
        while True:  # theta_{-j} <- theta_{-j} - t H^{-1} g, halving t until nll decreases
            trial = theta.copy()
            trial[free] -= t * step
            new = likelihood.nll(trial, X, y, fit_intercept=fit_intercept)
            if new <= fun or t < 1e-10:
                break
            t /= 2.0
        decrease = fun - new
        theta, fun = trial, min(new, fun)
        if np.max(np.abs(t * step)) <= 1e-10 * (1.0 + np.max(np.abs(theta))) or decrease <= 0:
            return theta, fun
    raise ConvergenceError(
        f"The profile fit with coefficient {j} fixed at {value!r} did not converge in "
        f"{max_iter} Newton steps; the likelihood may be flat there (near separation). Use "
        "conf_int(method='wald') or more data."
    )


def profile_conf_int(model, level):
    """Profile-likelihood intervals for every coefficient of a fitted GLM: shape ``(k, 2)``."""
    data = getattr(model, "_fit_data", None)
    name = type(model).__name__
    if data is None:
        raise NotFittedError(
            f"Profile intervals need the data this {name} was fitted to, and this model has "
            f"none (it was loaded from disk). Fit it again: {name}().fit(X, y)."
        )
    if model.alpha:
        raise DataError(
            f"Profile-likelihood intervals need the plain MLE; this {name} has alpha="
            f"{model.alpha!r}, a penalised fit whose 'likelihood ratio' has no chi-square "
            "calibration. Refit with alpha=0, or use conf_int(method='wald')."
        )
    if not getattr(model, "mle_exists_", True):
        raise DataError(
            f"This {name}'s maximum-likelihood estimate does not exist (the classes are "
            "separated: see separation_), so the profile likelihood never falls by the "
            "cut-off along the separating direction and the interval is unbounded. Use a "
            "penalised fit (alpha > 0) or Firth's method."
        )
    family, X, y, nll_fit = data  # the likelihood by name: a module would not pickle
    likelihood = getattr(likelihoods, family)
    k0 = bool(model.fit_intercept)
    theta_hat = np.asarray(model.params_, dtype=float)
    n = X.shape[0]
    nll_hat = likelihood.nll(theta_hat, X, y, fit_intercept=k0)
    if not np.isclose(nll_hat, nll_fit, rtol=1e-9, atol=1e-12):
        raise DataError(
            f"The data this {name} was fitted to have changed since fit (they are kept by "
            "reference): fit again on the data you mean, or pass copies to fit."
        )
    names = model._param_names()
    out = np.empty((theta_hat.size, 2))
    for j in range(theta_hat.size):
        warm = {"theta": theta_hat}

        def deviance(b, j=j, warm=warm):
            theta, fun = constrained_fit(likelihood, X, y, warm["theta"], j, b,
                                         fit_intercept=k0)
            warm["theta"] = theta
            return 2.0 * n * (fun - nll_hat)

        out[j] = profile_interval(deviance, float(theta_hat[j]), float(model.stderr_[j]),
                                  level, name=names[j])
    return out
