"""Chapter 2 exercises: maximum likelihood."""

import math
from statistics import NormalDist

import numpy as np

from estlab._i18n import N_, translate
from estlab.exercises._exercise import Exercise, Mistake, as_number, close, watch_calls


def _pair(value, what):
    if not (isinstance(value, (tuple, list)) or np.ndim(value) == 1) or len(value) != 2:
        raise Mistake("{what} should return a pair of two numbers; got {value!r}.",
                      what=what, value=value)
    first = translate("the first value ({what})").format(what=what)
    second = translate("the second value ({what})").format(what=what)
    return as_number(value[0], first), as_number(value[1], second)


def check_normal_mle(student):
    normal_mle = student.function("normal_mle")
    x = np.random.default_rng(21).normal(5.0, 2.0, size=10)
    mu, sigma = _pair(normal_mle(x.copy()), "normal_mle")
    if not close(mu, x.mean()):
        raise Mistake("mu = {mu:.6g} but the MLE of the mean is the sample mean, {mean:.6g}.",
                      mu=mu, mean=x.mean())
    if close(sigma, x.std(ddof=1)):
        raise Mistake("You divided by n - 1: that is the unbiased variance (ddof=1), but the MLE "
                      "divides by n. Use np.mean((x - mu) ** 2), or np.std(x) with its default "
                      "ddof=0.")
    if close(sigma, x.var()) or close(sigma, x.var(ddof=1)):
        raise Mistake("You returned the variance sigma^2; return its square root, sigma.")
    if not close(sigma, x.std()):
        raise Mistake("sigma = {sigma:.6g} but the MLE is sqrt(mean((x - mu)^2)) = {std:.6g}.",
                      sigma=sigma, std=x.std())
    # Large mean, small spread: the one-pass formula mean(x^2) - mu^2 cancels catastrophically.
    y = 1e7 + np.random.default_rng(22).normal(0.0, 0.1, size=1000)
    _, sigma = _pair(normal_mle(y.copy()), "normal_mle")
    if not close(sigma, y.std(), rtol=1e-6):
        raise Mistake("For data with mean 1e7 and sd 0.1 you got sigma = {sigma:.6g} instead of "
                      "{std:.6g}: mean(x**2) - mu**2 loses all precision (catastrophic "
                      "cancellation). Subtract the mean first: mean((x - mu)**2).",
                      sigma=sigma, std=y.std())


def check_poisson_interval(student):
    interval = student.function("poisson_wald_interval")
    x = np.random.default_rng(23).poisson(4.0, size=25)
    n, lam = x.size, x.mean()
    for level in (0.95, 0.90):
        low, high = _pair(interval(x.copy(), level=level), "poisson_wald_interval")
        z = NormalDist().inv_cdf((1 + level) / 2)
        se = np.sqrt(lam / n)
        if close([low, high], [lam - z * se, lam + z * se]):
            continue
        if not close((low + high) / 2, lam, rtol=1e-4):
            raise Mistake("A Wald interval is centred on the MLE lambda_hat = mean(x) = "
                          "{lam:.6g}; yours is centred on {value:.6g}.",
                          lam=lam, value=(low + high) / 2)
        half = (high - low) / 2
        wrong = {
            NormalDist().inv_cdf(level) * se: N_("You used the one-sided quantile z = "
            "norm.ppf({level}); a two-sided interval puts alpha/2 in each tail: z = norm.ppf((1 "
            "+ level) / 2)."),
            z * np.sqrt(lam): N_("Your interval is sqrt(n) times too wide: the Fisher "
            "information of n observations is n / lambda, so se = sqrt(lambda_hat / n)."),
            z * lam / n: N_("You forgot a square root: se = sqrt(lambda_hat / n), not "
                            "lambda_hat / n."),
            z * x.std(ddof=1) / np.sqrt(n): N_("You used the sample standard deviation; the Wald "
            "interval from the Fisher information uses se = sqrt(lambda_hat / n)."),
            z * x.std() / np.sqrt(n): N_("You used the sample standard deviation; the Wald "
            "interval from the Fisher information uses se = sqrt(lambda_hat / n)."),
            1.959963984540054 * se: N_("Your interval ignores `level`: for level={level} use "
            "z = norm.ppf((1 + level) / 2), not a fixed 1.96."),
        }
        for width, template in wrong.items():
            if close(half, width, rtol=1e-4):
                raise Mistake(template, level=level)
        raise Mistake("For level={level} the interval should be lambda_hat -/+ {z:.4f} * "
                      "sqrt(lambda_hat / n) = ({value:.6g}, {value2:.6g}); got ({low:.6g}, "
                      "{high:.6g}).",
                      level=level, z=z, value=lam - z * se, value2=lam + z * se, low=low,
                      high=high)


def _root(f, low, high):
    """Root of a decreasing f on [low, high] by bisection on a log scale (independent of Newton)."""
    for _ in range(200):
        mid = np.sqrt(low * high)
        low, high = (mid, high) if f(mid) > 0 else (low, mid)
    return np.sqrt(low * high)


#: Libraries that would find the shape for the student; exercise 2.3 asks for Newton's method.
_SHORTCUTS = ("scipy.stats.gamma.fit", "estlab.distributions.Gamma.fit",
              *(f"scipy.optimize.{name}" for name in (
                  "newton", "brentq", "brenth", "bisect", "ridder", "toms748", "root_scalar",
                  "root", "fsolve", "minimize", "minimize_scalar", "fmin", "least_squares")))


def _gamma_g(k, s):
    """The profile score equation of the Gamma shape and its derivative: (g(k), g'(k))."""
    from scipy import special

    return np.log(k) - special.digamma(k) - s, 1 / k - special.polygamma(1, k)


def _newton_from(k, s):
    g, gprime = _gamma_g(k, s)
    return k - g / gprime


def _shortcut(calls):
    if calls:
        raise Mistake("You called {calls_0}: it finds the shape for you with its own solver, so "
                      "there is no Newton iteration to look at, and this exercise is about that "
                      "iteration (the library is how to check your answer afterwards, not how to "
                      "get it). Write the loop yourself: each step is k <- k - g(k) / g'(k) on "
                      "the profile score equation g(k) = 0 (hint 2).",
                      calls_0=calls[0])


def _gamma_answer(value, what="gamma_shape_mle"):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Mistake("{what} should return a pair (k, iterates): the estimate and the list of "
                      "iterates [k0, k1, ..., k]; got {value}.",
                      what=what, value=_short(value))
    if np.ndim(value[0]) != 0:
        raise Mistake("k, the first value returned, should be one number; got {value_0}.",
                      value_0=_short(value[0]))
    k = float(value[0])  # may be NaN: the caller says why (an iteration that ran away)
    try:
        iterates = np.asarray(value[1], dtype=float)
    except (TypeError, ValueError):
        iterates = None
    if iterates is None or iterates.ndim != 1 or iterates.size < 2:
        raise Mistake("The second value returned should be the list of iterates [k0, k1, ..., k], "
                      "starting value first, at least one step; got {value_1}.",
                      value_1=_short(value[1]))
    return k, iterates


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_newton_steps(iterates, s):
    """Every step of ``iterates`` must be Newton's step on g(k) = 0 (up to rounding)."""
    for j in range(iterates.size - 1):
        here, there = iterates[j], iterates[j + 1]
        if not (np.isfinite(here) and here > 0):
            raise Mistake("Iterate {j} is {here:.6g}: the shape must stay positive.",
                          j=j, here=here)
        newton = _newton_from(here, s)
        step, full = there - here, newton - here
        if abs(step - full) <= 1e-6 * abs(full) + 1e-12 * abs(here):
            continue
        if abs(full) > 1e-9 * here and 0 < step / full < 0.95:
            raise Mistake("Step {value} goes {value2:.2g} of the way to Newton's point (a damped "
                          "Newton method): from k = {here:.10g} Newton's step lands at "
                          "{newton:.10g}, yours at {there:.10g}. Take the full step: only the "
                          "full step squares the error; a damped one shrinks it by a constant "
                          "factor.",
                          value=j + 1, value2=step / full, here=here, newton=newton, there=there)
        raise Mistake("Step {value} is not a Newton step: from k = {here:.10g} Newton's step k - "
                      "g(k) / g'(k) lands at {newton:.10g}, yours at {there:.10g}. Return the "
                      "iterates of Newton's method in order, starting value first (another "
                      "solver, such as bisection, finds the root too, but only Newton's error "
                      "squares at every step).",
                      value=j + 1, here=here, newton=newton, there=there)


def check_gamma_newton(student):
    from scipy import special

    with watch_calls(*_SHORTCUTS) as calls:
        gamma_shape_mle = student.function("gamma_shape_mle")
        for seed, shape in ((24, 2.5), (25, 0.6)):
            x = np.random.default_rng(seed).gamma(shape, 1.7, size=200)
            s = np.log(x.mean()) - np.mean(np.log(x))
            truth = _root(lambda k: np.log(k) - special.digamma(k) - s, 1e-8, 1e8)
            value = gamma_shape_mle(x.copy())
            _shortcut(calls)
            k, iterates = _gamma_answer(value)
            if not close(k, truth, rtol=1e-7):
                if np.isfinite(k) and close(k, x.mean() ** 2 / x.var(), rtol=1e-6):
                    raise Mistake("That is the method-of-moments estimate mean^2 / var, a fine "
                                  "starting value but not the MLE: solve the profile score "
                                  "equation by Newton's method.")
                g = _gamma_g(k, s)[0] if np.isfinite(k) and k > 0 else np.nan
                if not np.isfinite(g) or abs(g) > 1e-2:
                    raise Mistake("Your k = {k:.6g} is far from the root k = {truth:.6g} of the "
                                  "profile score equation g(k) = 0: the iteration ran away. Check "
                                  "the sign of the Newton step: k <- k - g(k) / g'(k).",
                                  k=k, truth=truth)
                raise Mistake("Close but not converged: k = {k:.10g}, the MLE is {truth:.10g}. "
                              "Keep iterating until the Newton step is below tol * k.",
                              k=k, truth=truth)
            if not close(iterates[-1], k, rtol=1e-12):
                raise Mistake("The last iterate ({iterates:.10g}) should be the answer k = "
                              "{k:.10g}: append every new k to the list.",
                              iterates=iterates[-1], k=k)
            _check_newton_steps(iterates, s)
            if iterates.size - 1 > 10:
                raise Mistake("Your iteration took {value} steps; from a good start Newton's "
                              "method needs about 4 here. Is your starting value far from the "
                              "root, or your stopping rule too strict?",
                              value=iterates.size - 1)
            # From a start the check chooses, below the root (where g is convex, Newton is safe).
            k0 = 0.5 * truth
            k, iterates = _gamma_answer(gamma_shape_mle(x.copy(), k0=k0))
            _shortcut(calls)
            if not close(k, truth, rtol=1e-7):
                raise Mistake("From k0={k0:.6g} your iteration ended at k = {k:.10g}, not at the "
                              "MLE {truth:.10g}. Start from k0 when it is given, and iterate "
                              "until the step is below tol * k.",
                              k0=k0, k=k, truth=truth)
            if not close(iterates[0], k0, rtol=1e-12):
                raise Mistake("With k0={k0:.6g} the first iterate should be k0; got "
                              "{iterates_0:.6g}. Start from k0 when it is given.",
                              k0=k0, iterates_0=iterates[0])
            _check_newton_steps(iterates, s)
            # Quadratic convergence: near the root the error is about C * (previous error)^2,
            # C = |g''(k) / (2 g'(k))| at the root.
            g1 = 1 / truth - special.polygamma(1, truth)
            g2 = -1 / truth ** 2 - special.polygamma(2, truth)
            constant = abs(g2 / (2 * g1))
            errors = np.abs(iterates - truth)
            for j in range(errors.size - 1):
                if 1e-7 * truth < errors[j] < 0.1 * truth and errors[j + 1] > 1e-13 * truth:
                    if errors[j + 1] > 10 * constant * errors[j] ** 2:
                        raise Mistake("The error went from {errors:.3g} to {errors2:.3g} in one "
                                      "step; Newton's method squares it (about {value:.1g} here).",
                                      errors=errors[j], errors2=errors[j + 1],
                                      value=constant * errors[j] ** 2)
            # The method, not just the answer: max_iter=1 is exactly one Newton step from k0.
            k, iterates = _gamma_answer(gamma_shape_mle(x.copy(), k0=k0, max_iter=1))
            _shortcut(calls)
            one = _newton_from(k0, s)
            if not close(k, one, rtol=1e-9) or iterates.size != 2:
                raise Mistake("With k0={k0:.6g} and max_iter=1 the answer should be one Newton "
                              "step, k0 - g(k0) / g'(k0) = {one:.10g}, with iterates [k0, k1]; "
                              "got k = {k:.10g} and {iterates_size} iterates. Take at most "
                              "max_iter steps.",
                              k0=k0, one=one, k=k, iterates_size=iterates.size)


def _exact_coverage(lam, n, z, se):
    """Exact coverage: sum the Poisson(n lam) probabilities of the totals whose interval covers."""
    mu = n * lam
    t = np.arange(0, int(mu + 12 * np.sqrt(mu) + 30))
    log_pmf = t * np.log(mu) - mu - np.array([math.lgamma(k + 1) for k in t])
    lam_hat = t / n
    half = z * se(lam_hat)
    return float(np.sum(np.exp(log_pmf) * (np.abs(lam_hat - lam) <= half)))


def check_wald_coverage(student):
    coverage = student.function("wald_coverage")
    z = NormalDist().inv_cdf(0.975)
    for lam, n in ((0.5, 10), (2.0, 5)):
        got = as_number(coverage(lam, n, level=0.95, n_sims=20_000, random_state=1), "the coverage")
        again = as_number(coverage(lam, n, level=0.95, n_sims=20_000, random_state=1), "the "
                                                                                       "coverage")
        if got != again:
            raise Mistake("Two calls with random_state=1 gave different coverages: draw through "
                          "rng = np.random.default_rng(random_state), never the global np.random.")
        exact = _exact_coverage(lam, n, z, lambda h: np.sqrt(h / n))
        tolerance = 4.5 * np.sqrt(exact * (1 - exact) / 20_000) + 1e-9  # 4.5 Monte Carlo SEs
        if abs(got - exact) <= tolerance:
            continue
        alternatives = {
            N_("You used the one-sided quantile: z = norm.ppf((1 + level) / 2) puts alpha/2 in "
               "each tail."):
                _exact_coverage(lam, n, NormalDist().inv_cdf(0.95), lambda h: np.sqrt(h / n)),
            N_("You used the true lambda in the standard error. The Wald interval plugs in "
            "lambda_hat (the true value is unknown in practice); that is exactly why it "
            "undercovers for small n * lambda."):
                _exact_coverage(lam, n, z, lambda h: np.sqrt(lam / n) + 0 * h),
            N_("Your intervals are sqrt(n) times too wide: se = sqrt(lambda_hat / n)."):
                _exact_coverage(lam, n, z, lambda h: np.sqrt(h)),
        }
        for message, value in alternatives.items():
            if abs(got - value) <= tolerance and abs(value - exact) > tolerance:
                raise Mistake(message)
        raise Mistake("For lambda = {lam}, n = {n} the Wald interval covers with probability "
                      "{exact:.4f} (computed exactly); your simulation says {got:.4f}, more than "
                      "4.5 Monte Carlo standard errors away. Count an interval as covering when "
                      "low <= lambda <= high.",
                      lam=lam, n=n, exact=exact, got=got)
    small = as_number(coverage(2.0, 5, n_sims=10, random_state=2), "the coverage")
    if not close(small * 10, round(small * 10)):
        raise Mistake("With n_sims=10 the coverage is a multiple of 0.1; got {small}. Honour "
                      "n_sims.",
                      small=small)


EXERCISES = [
    Exercise(2, 1, "normal_mle", "The normal MLE, derived", "function",
             "Estimate a normal distribution's mean and standard deviation by maximum likelihood: "
             "implement `normal_mle(x)` returning `(mu, sigma)`. Derive the two estimates from the "
             "log-likelihood yourself before writing code, and compute them so that they stay "
             "accurate for data with a large mean and a small spread (readings near 10,000,000 "
             "that vary by 0.1).",
             ("Write the log-likelihood of n independent observations and set its derivatives "
              "with respect to mu and sigma to zero.",
              "The equation for mu does not involve sigma: solve it first, then substitute it into "
              "the equation for sigma. Does the result divide by n or by n - 1?",
              "mu = mean(x) and sigma^2 = mean((x - mu)^2): the MLE divides by n. Subtract mu "
              "before squaring; mean(x^2) - mu^2 loses every digit when the mean is large."),
             check_normal_mle),
    Exercise(2, 2, "poisson_interval", "A Wald interval for a Poisson rate", "quantity",
             "Turn the Fisher information into an interval: implement "
             "`poisson_wald_interval(x, level)` returning the Wald interval at confidence `level` "
             "for the rate of a Poisson sample. Work out the Fisher information of n observations "
             "by hand first (the chapter defines it); the check recognises the usual slips.",
             ("Differentiate the log-likelihood of one observation, x log(lambda) - lambda - "
              "log(x!), twice, and take the expectation of minus the result.",
              "n independent observations carry n times the information of one. The standard "
              "error is one over the square root of the information, evaluated at the MLE.",
              "se = sqrt(lambda_hat / n) and z = NormalDist().inv_cdf((1 + level) / 2) (two-sided: "
              "1.96 for level 0.95); return lambda_hat - z * se, lambda_hat + z * se."),
             check_poisson_interval),
    Exercise(2, 3, "gamma_newton", "Gamma shape by Newton's method", "function",
             "The Gamma shape has no closed-form MLE (the chapter's Newton section). Implement "
             "`gamma_shape_mle(x, k0, tol, max_iter)` by Newton's method, written out by you (no "
             "`scipy.stats.gamma.fit`, no `scipy.optimize`: use them afterwards to check your "
             "answer), and return the iterates with the estimate, so that you can watch the error "
             "square at each step. The check verifies that every step is a Newton step, that the "
             "error decays quadratically, and that `max_iter=1` takes exactly one step.",
             ("Profile out the scale: for a fixed shape k the scale's MLE is mean(x) / k. "
              "Substitute it into the log-likelihood and differentiate in k: the data enter "
              "through one number.",
              "The equation is g(k) = log(k) - digamma(k) - s = 0 with s = log(mean(x)) - "
              "mean(log(x)), and g'(k) = 1/k - trigamma(k); trigamma is "
              "scipy.special.polygamma(1, k).",
              "Start from Minka's k0 = (3 - s + sqrt((s - 3)^2 + 24 s)) / (12 s); then append "
              "k = k - g(k) / g'(k) to the list until the step is below tol * k."),
             check_gamma_newton),
    Exercise(2, 4, "wald_coverage", "Coverage of the Wald interval", "quantity",
             "A 95% interval should cover the true parameter 95% of the time. Implement "
             "`wald_coverage(lam, n, level, n_sims, random_state)`, estimating by simulation how "
             "often the Poisson Wald interval of exercise 2.2 covers, and find where it falls "
             "short (try lam = 0.5, n = 10). The check compares your estimate with the exact "
             "coverage.",
             ("Simulate many samples, compute each one's interval, count the intervals that "
              "contain lam.",
              "The interval depends on a sample only through its total, and the total of n "
              "Poisson(lam) draws is Poisson(n * lam): one draw per simulated sample.",
              "lam_hat = rng.poisson(n * lam, size=n_sims) / n; half = z * np.sqrt(lam_hat / n); "
              "return np.mean((lam_hat - half <= lam) & (lam <= lam_hat + half))."),
             check_wald_coverage),
]
