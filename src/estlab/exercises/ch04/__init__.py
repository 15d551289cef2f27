"""Chapter 4 exercises: regression estimators."""

import numpy as np

from estlab._i18n import N_, translate
from estlab.exercises._exercise import (Exercise, Mistake, as_array, as_number, close,
                                        watch_calls)


def _data(seed, n=30, p=2):
    rng = np.random.default_rng(seed)
    X = rng.normal(2.0, 1.0, size=(n, p))
    y = 3.0 + X @ np.arange(1.0, p + 1) + rng.normal(size=n)
    return X, y


def check_ols(student):
    ols_fit = student.function("ols_fit")
    X, y = _data(41)
    value = ols_fit(X.copy(), y.copy())
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Mistake("ols_fit should return a pair (intercept, coef); got {type_name}.",
                      type_name=type(value).__name__)
    intercept = as_number(value[0], "intercept")
    coef = as_array(value[1], "coef")
    design = np.column_stack([np.ones(len(X)), X])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    no_intercept = np.linalg.lstsq(X, y, rcond=None)[0]
    if coef.shape == (2,) and close(coef, no_intercept, rtol=1e-6):
        raise Mistake("You forgot the intercept: your coefficients are those of a fit through the "
                      "origin. Add a column of ones to X (np.column_stack([np.ones(n), X])).")
    if coef.shape == (3,):
        raise Mistake("coef should hold the p feature coefficients only; return the intercept "
                      "separately: (beta[0], beta[1:]).")
    if not close(intercept, beta[0], rtol=1e-6) or not close(coef, beta[1:], rtol=1e-6):
        raise Mistake("Expected intercept {beta_0:.6g} and coef {beta}; got {intercept:.6g} and "
                      "{coef}.",
                      beta_0=beta[0], beta=np.round(beta[1:], 6), intercept=intercept,
                      coef=np.round(coef, 6))


def check_ols_stderr(student):
    ols_stderr = student.function("ols_stderr")
    X, y = _data(42, n=25, p=3)
    se = as_array(ols_stderr(X.copy(), y.copy()), "the standard errors")
    design = np.column_stack([np.ones(len(X)), X])
    n, k = design.shape
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    rss = np.sum((y - design @ beta) ** 2)
    unscaled = np.sqrt(np.diag(np.linalg.inv(design.T @ design)))
    truth = np.sqrt(rss / (n - k)) * unscaled  # statsmodels OLS(y, add_constant(X)).fit().bse
    if close(se, truth, rtol=1e-6):
        return
    if se.shape == (k - 1,):
        raise Mistake("You returned p standard errors: include the intercept's, first "
                      "(shape (p + 1,)), and remember it is a parameter of the model.")
    if se.shape != (k,):
        raise Mistake("Expected {k} standard errors (intercept and {value} coefficients); got "
                      "shape {se_shape}.",
                      k=k, value=k - 1, se_shape=se.shape)
    if close(se, np.sqrt(rss / n) * unscaled, rtol=1e-6):
        raise Mistake("You divided the residual sum of squares by n (the MLE of sigma^2). OLS "
                      "standard errors use the unbiased s^2 = RSS / (n - k), k = p + 1 parameters.")
    if close(se, np.sqrt(rss / (n - k + 1)) * unscaled, rtol=1e-6):
        raise Mistake("Count the intercept among the parameters: s^2 = RSS / (n - p - 1).")
    if close(se, np.sqrt(rss / (n - k)) * unscaled ** 2, rtol=1e-6):
        raise Mistake("Take the square root of the diagonal of (D^T D)^{{-1}}: se = sqrt(s^2 * "
                      "diag((D^T D)^{{-1}})).")
    raise Mistake("Expected standard errors {truth}; got {se}.",
                  truth=np.round(truth, 5), se=np.round(se, 5))


def check_softmax(student):
    softmax = student.function("softmax")
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 5.0, 2.0]])
    e = np.exp(Z)
    truth = e / e.sum(axis=1, keepdims=True)
    P = as_array(softmax(Z.copy()), "softmax(Z)", shape=Z.shape)
    if not close(P, truth):
        if close(P, e / e.sum(axis=0, keepdims=True)):
            raise Mistake("Your columns sum to 1: normalise each ROW (axis=1, keepdims=True).")
        if close(P, e / e.sum()):
            raise Mistake("You normalised by the total of the whole matrix; normalise each row.")
        raise Mistake("softmax({tolist}) should be {truth_0}; got {P_0}.",
                      tolist=Z[0].tolist(), truth_0=np.round(truth[0], 5), P_0=np.round(P[0], 5))
    big = Z + 1000.0
    P = np.asarray(softmax(big.copy()), dtype=float)
    if P.shape != Z.shape or not np.all(np.isfinite(P)):
        raise Mistake("softmax overflows for scores near 1000 (exp(1000) = inf, inf / inf = nan). "
                      "Subtract each row's maximum first: softmax(z) = softmax(z - max(z)).")
    if not close(P, truth):
        raise Mistake("softmax(Z + 1000) should equal softmax(Z): shifting all scores of a row "
                      "changes nothing.")
    tiny = Z - 1000.0
    P = np.asarray(softmax(tiny.copy()), dtype=float)
    if P.shape != Z.shape or not close(P, truth):
        raise Mistake("softmax underflows for scores near -1000 (every exp is 0, 0 / 0 = nan): "
                      "subtract the row maximum, not a constant.")


def _newton_step(X, y, beta):
    """One Newton step on the Poisson log-likelihood from ``beta``."""
    mu = np.exp(X @ beta)
    return beta + np.linalg.solve(X.T @ (X * mu[:, None]), X.T @ (y - mu))


def _poisson_mle(X, y):
    beta = np.zeros(X.shape[1])
    for _ in range(100):
        new = _newton_step(X, y, beta)
        beta, step = new, new - beta
        if np.max(np.abs(step)) < 1e-13:
            break
    return beta


#: Libraries that would fit the model for the student; exercise 4.4 asks for the iteration.
_FITTERS = ("estlab.linear_model.PoissonRegression.fit",
            *(f"scipy.optimize.{name}" for name in (
                "minimize", "root", "fsolve", "least_squares", "newton", "fmin", "fmin_bfgs",
                "fmin_ncg")))


def _irls_answer(value, p):
    try:
        beta = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake("poisson_irls should return beta, an array of shape ({p},); got {type_name}.",
                      p=p, type_name=type(value).__name__) from None
    if beta.shape != (p,):
        raise Mistake("poisson_irls should return beta, shape (p,) = ({p},); got shape "
                      "{beta_shape}.",
                      p=p, beta_shape=beta.shape)
    return beta


def check_poisson_irls(student):
    rng = np.random.default_rng(44)
    X = np.column_stack([np.ones(200), rng.normal(size=(200, 2))])
    y = rng.poisson(np.exp(X @ np.array([0.5, 0.3, -0.4]))).astype(float)
    runaway = N_("Your iterations ran away (huge or non-finite beta). The Newton step ASCENDS "
                 "the log-likelihood: beta <- beta + (X^T W X)^{{-1}} X^T (y - mu); with a minus "
                 "sign it climbs away from the maximum.")
    with watch_calls(*_FITTERS) as calls:
        irls = student.function("poisson_irls")
        try:
            beta = _irls_answer(irls(X.copy(), y.copy()), 3)
        except np.linalg.LinAlgError:  # mu overflowed, so X^T W X became infinite or singular
            raise Mistake("{runaway} (np.linalg.solve failed on the overflowed Hessian.)",
                          runaway=translate(runaway).format()) from None
        if calls:
            raise Mistake("You called {calls_0}: it fits the model for you, so there is no Newton "
                          "iteration of yours to check. This exercise is about that iteration "
                          "(IRLS); use the library afterwards to check your answer.",
                          calls_0=calls[0])
    truth = _poisson_mle(X, y)
    if not close(beta, truth, rtol=1e-7):
        if not np.all(np.isfinite(beta)) or np.max(np.abs(beta)) > 50:
            raise Mistake(runaway)
        if close(beta, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-6):
            raise Mistake("That is least squares on the counts (an identity link), not the "
                          "Poisson MLE with its log link.")
        if close(beta, np.linalg.lstsq(X, np.log(y + 1), rcond=None)[0], rtol=1e-6):
            raise Mistake("Least squares on log(y + 1) is a quick approximation, not the Poisson "
                          "MLE.")
        raise Mistake("Expected the MLE {truth}; got {beta}. Start from beta = 0 and take all "
                      "n_iter Newton steps.",
                      truth=np.round(truth, 6), beta=np.round(beta, 6))
    # The method, not just the answer: n_iter = 1, 2, 3 are Newton's first iterates from 0,
    # whose distance to the MLE squares at every step.
    newton = np.zeros(3)
    for n_iter in (1, 2, 3):
        newton = _newton_step(X, y, newton)
        got = _irls_answer(irls(X.copy(), y.copy(), n_iter=n_iter), 3)
        if close(got, newton, rtol=1e-8, atol=1e-12):
            continue
        if close(got, truth, rtol=1e-7):
            raise Mistake("With n_iter={n_iter} your function already returns the converged MLE; "
                          "after {n_iter} Newton step(s) from beta = 0 it should be {newton}. "
                          "Take exactly n_iter steps (did a library, such as statsmodels or "
                          "scikit-learn, fit the model for you? The exercise asks for the "
                          "iteration itself).",
                          n_iter=n_iter, newton=np.round(newton, 6))
        raise Mistake("With n_iter={n_iter} expected Newton's iterate {newton} (from beta = 0); "
                      "got {got}. Each step recomputes mu and the weights W at the current beta, "
                      "then solves the weighted least-squares system X^T W X delta = X^T (y - "
                      "mu); other steps may converge too, but slowly, not quadratically.",
                      n_iter=n_iter, newton=np.round(newton, 6), got=np.round(got, 6))


EXERCISES = [
    Exercise(4, 1, "ols", "Least squares, with its intercept", "function",
             "Implement `ols_fit(X, y)` returning `(intercept, coef)` of the least-squares fit of "
             "y on the features X (no column of ones in X) and compare with "
             "`estlab.linear_model.LinearRegression().fit(X, y)`.",
             ("A model y = b0 + X b has p + 1 parameters; how does b0 enter the design matrix?",
              "Prepend a column of ones: D = np.column_stack([np.ones(n), X]).",
              "beta = np.linalg.lstsq(D, y, rcond=None)[0]; return beta[0], beta[1:]."),
             check_ols),
    Exercise(4, 2, "ols_stderr", "Standard errors of OLS coefficients", "quantity",
             "How precise is each OLS coefficient? Derive the covariance matrix of beta_hat under "
             "the classical assumptions (independent errors of equal variance), and implement "
             "`ols_stderr(X, y)` returning the standard errors of the intercept and coefficients, "
             "the numbers statsmodels prints as `std err` (its `bse`).",
             ("beta_hat = (D^T D)^{-1} D^T y is linear in y, with D = [1, X]; Cov(A y) = A Cov(y) "
              "A^T and Cov(y) = sigma^2 I.",
              "Estimate sigma^2 without bias: s^2 = RSS / (n - k), k = p + 1 parameters.",
              "se = np.sqrt(s2 * np.diag(np.linalg.inv(D.T @ D)))."),
             check_ols_stderr),
    Exercise(4, 3, "softmax", "Softmax without overflow", "function",
             "Softmax regression turns scores into class probabilities. Implement a row-wise "
             "`softmax(Z)` that stays correct for scores of 1000 and -1000.",
             ("What is exp(1000) in floating point? And what does softmax do to z + c for a "
              "constant c?",
              "softmax(z) = softmax(z - c) for any c; choose c = max(z) per row.",
              "e = np.exp(Z - Z.max(axis=1, keepdims=True)); return e / e.sum(axis=1, "
              "keepdims=True)."),
             check_softmax),
    Exercise(4, 4, "poisson_irls", "Poisson regression by IRLS", "function",
             "Fit Poisson regression (as the chapter defines it) yourself: implement "
             "`poisson_irls(X, y, n_iter)`, `n_iter` steps of Newton's method on its "
             "log-likelihood from beta = 0, which is iteratively reweighted least squares. The "
             "check compares your first "
             "iterates with Newton's, so write the iteration (compare with "
             "`estlab.linear_model.PoissonRegression(fit_intercept=False)` afterwards).",
             ("Write the log-likelihood sum(y * eta - exp(eta)) with eta = X beta, then its "
              "gradient and Hessian.",
              "gradient = X^T (y - mu), Hessian = -X^T diag(mu) X with mu = exp(X beta).",
              "beta += np.linalg.solve(X.T @ (X * mu[:, None]), X.T @ (y - mu)), n_iter times "
              "from beta = 0."),
             check_poisson_irls),
]
