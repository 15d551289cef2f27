"""Chapter 2 exercises: maximum likelihood."""

import numpy as np
import math
from statistics import NormalDist

from estlab.exercises._exercise import Exercise, Mistake, as_number, close


def _pair(value, what):
    if not (isinstance(value, (tuple, list)) or np.ndim(value) == 1) or len(value) != 2:
        raise Mistake(f"{what} should return a pair of two numbers; got {value!r}.")
    return as_number(value[0], f"the first value ({what})"), as_number(value[1], "the second "
                                                                                 f"value ({what})")


def check_normal_mle(student):
    normal_mle = student.function("normal_mle")
    x = np.random.default_rng(21).normal(5.0, 2.0, size=10)
    mu, sigma = _pair(normal_mle(x.copy()), "normal_mle")
    if not close(mu, x.mean()):
        raise Mistake(f"mu = {mu:.6g} but the MLE of the mean is the sample mean, {x.mean():.6g}.")
    if close(sigma, x.std(ddof=1)):
        raise Mistake("You divided by n - 1: that is the unbiased variance (ddof=1), but the MLE "
                      "divides by n. Use np.mean((x - mu) ** 2), or np.std(x) with its default "
                      "ddof=0.")
    if close(sigma, x.var()) or close(sigma, x.var(ddof=1)):
        raise Mistake("You returned the variance sigma^2; return its square root, sigma.")
    if not close(sigma, x.std()):
        raise Mistake(f"sigma = {sigma:.6g} but the MLE is sqrt(mean((x - mu)^2)) = {x.std():.6g}.")
    # Large mean, small spread: the one-pass formula mean(x^2) - mu^2 cancels catastrophically.
    y = 1e7 + np.random.default_rng(22).normal(0.0, 0.1, size=1000)
    _, sigma = _pair(normal_mle(y.copy()), "normal_mle")
    if not close(sigma, y.std(), rtol=1e-6):
        raise Mistake(f"For data with mean 1e7 and sd 0.1 you got sigma = {sigma:.6g} instead of "
                      f"{y.std():.6g}: mean(x**2) - mu**2 loses all precision (catastrophic "
                      f"cancellation). Subtract the mean first: mean((x - mu)**2).")


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
                          f"{lam:.6g}; yours is centred on {(low + high) / 2:.6g}.")
        half = (high - low) / 2
        wrong = {
            NormalDist().inv_cdf(level) * se: "You used the one-sided quantile z = "
            f"norm.ppf({level}); a two-sided interval puts alpha/2 in each tail: z = norm.ppf((1 "
            "+ level) / 2).",
            z * np.sqrt(lam): "Your interval is sqrt(n) times too wide: the Fisher information "
            "of n observations is n / lambda, so se = sqrt(lambda_hat / n).",
            z * lam / n: "You forgot a square root: se = sqrt(lambda_hat / n), not lambda_hat / n.",
            z * x.std(ddof=1) / np.sqrt(n): "You used the sample standard deviation; the Wald "
            "interval from the Fisher information uses se = sqrt(lambda_hat / n).",
            z * x.std() / np.sqrt(n): "You used the sample standard deviation; the Wald "
            "interval from the Fisher information uses se = sqrt(lambda_hat / n).",
            1.959963984540054 * se: f"Your interval ignores `level`: for level={level} use "
            "z = norm.ppf((1 + level) / 2), not a fixed 1.96.",
        }
        for width, message in wrong.items():
            if close(half, width, rtol=1e-4):
                raise Mistake(message)
        raise Mistake(f"For level={level} the interval should be lambda_hat -/+ {z:.4f} * "
                      f"sqrt(lambda_hat / n) = ({lam - z * se:.6g}, {lam + z * se:.6g}); "
                      f"got ({low:.6g}, {high:.6g}).")


def _root(f, low, high):
    """Root of a decreasing f on [low, high] by bisection on a log scale (independent of Newton)."""
    for _ in range(200):
        mid = np.sqrt(low * high)
        low, high = (mid, high) if f(mid) > 0 else (low, mid)
    return np.sqrt(low * high)


def check_gamma_newton(student):
    from scipy import special

    gamma_shape_mle = student.function("gamma_shape_mle")
    for seed, shape in ((24, 2.5), (25, 0.6)):
        x = np.random.default_rng(seed).gamma(shape, 1.7, size=200)
        s = np.log(x.mean()) - np.mean(np.log(x))
        truth = _root(lambda k: np.log(k) - special.digamma(k) - s, 1e-8, 1e8)
        value = gamma_shape_mle(x.copy())
        try:
            k = float(value)
        except (TypeError, ValueError):
            raise Mistake(f"gamma_shape_mle should return one number, the shape k; got "
                          f"{value!r}.") from None
        if close(k, truth, rtol=1e-7):
            continue
        if np.isfinite(k) and close(k, x.mean() ** 2 / x.var(), rtol=1e-6):
            raise Mistake("That is the method-of-moments estimate mean^2 / var, a fine starting "
                          "value but not the MLE: solve log(k) - digamma(k) = s by Newton's "
                          "method.")
        residual = np.log(k) - special.digamma(k) - s if np.isfinite(k) and k > 0 else np.nan
        if not np.isfinite(residual) or abs(residual) > 1e-2:
            raise Mistake(f"Your k = {k:.6g} is far from the root k = {truth:.6g} of "
                          f"log(k) - digamma(k) = s: the iteration ran away. Check the sign of the "
                          f"Newton step: k <- k - f(k) / f'(k), with f'(k) = 1/k - trigamma(k).")
        raise Mistake(f"Close but not converged: k = {k:.10g}, the MLE is {truth:.10g}. Keep "
                      f"iterating until the Newton step is below tol * k.")


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
            "You used the one-sided quantile: z = norm.ppf((1 + level) / 2) puts alpha/2 in each "
            "tail.":
                _exact_coverage(lam, n, NormalDist().inv_cdf(0.95), lambda h: np.sqrt(h / n)),
            "You used the true lambda in the standard error. The Wald interval plugs in "
            "lambda_hat (the true value is unknown in practice); that is exactly why it "
            "undercovers for small n * lambda.":
                _exact_coverage(lam, n, z, lambda h: np.sqrt(lam / n) + 0 * h),
            "Your intervals are sqrt(n) times too wide: se = sqrt(lambda_hat / n).":
                _exact_coverage(lam, n, z, lambda h: np.sqrt(h)),
        }
        for message, value in alternatives.items():
            if abs(got - value) <= tolerance and abs(value - exact) > tolerance:
                raise Mistake(message)
        raise Mistake(f"For lambda = {lam}, n = {n} the Wald interval covers with probability "
                      f"{exact:.4f} (computed exactly); your simulation says {got:.4f}, more than "
                      f"4.5 Monte Carlo standard errors away. Count an interval as covering when "
                      f"low <= lambda <= high.")
    small = as_number(coverage(2.0, 5, n_sims=10, random_state=2), "the coverage")
    if not close(small * 10, round(small * 10)):
        raise Mistake(f"With n_sims=10 the coverage is a multiple of 0.1; got {small}. Honour "
                      "n_sims.")


EXERCISES = [
    Exercise(2, 1, "normal_mle", "Normal MLE: divide by n", "function",
             "Implement `normal_mle(x)` returning the maximum-likelihood estimates `(mu, sigma)` "
             "of a normal sample. Derive them first: set the derivatives of the log-likelihood "
             "to zero. Make it numerically sound for data with a large mean and a small spread.",
             ("Write the log-likelihood: -n/2 log(2 pi sigma^2) - sum((x - mu)^2) / (2 sigma^2). "
              "Differentiate with respect to mu and sigma.",
              "The score equations give mu = mean(x) and sigma^2 = sum((x - mu)^2) / n. The MLE "
              "divides by n, not n - 1.",
              "sigma = np.sqrt(np.mean((x - mu) ** 2)): subtracting mu first avoids catastrophic "
              "cancellation."),
             check_normal_mle),
    Exercise(2, 2, "poisson_interval", "A Wald interval for a Poisson rate", "quantity",
             "Derive the Fisher information of n Poisson observations and use it to implement "
             "`poisson_wald_interval(x, level)`: the Wald interval lambda_hat -/+ z * se.",
             ("The log-likelihood of one observation is x log(lambda) - lambda - log(x!). "
              "Its second derivative is -x / lambda^2.",
              "The Fisher information of n observations is n / lambda, so se = sqrt(lambda_hat / "
              "n).",
              "z = scipy.stats.norm.ppf((1 + level) / 2) (or statistics.NormalDist().inv_cdf), "
              "two-sided: 1.96 for level 0.95."),
             check_poisson_interval),
    Exercise(2, 3, "gamma_newton", "Gamma shape by Newton's method", "function",
             "The Gamma shape has no closed-form MLE. Implement `gamma_shape_mle(x)` with "
             "Newton's method on the profile score equation log(k) - digamma(k) = s, s = "
             "log(mean(x)) - mean(log(x)), and compare with `scipy.stats.gamma.fit(x, floc=0)`.",
             ("Newton's method for f(k) = 0 iterates k <- k - f(k) / f'(k).",
              "f(k) = log(k) - digamma(k) - s and f'(k) = 1/k - trigamma(k); "
              "trigamma is scipy.special.polygamma(1, k).",
              "Start from k0 = (3 - s + sqrt((s - 3)^2 + 24 s)) / (12 s) and stop when the step "
              "is below tol * k."),
             check_gamma_newton),
    Exercise(2, 4, "wald_coverage", "Coverage of the Wald interval", "quantity",
             "A 95% interval should cover the true parameter 95% of the time. Implement "
             "`wald_coverage(lam, n, level, n_sims, random_state)` estimating by simulation how "
             "often the Poisson Wald interval covers, and see where it falls short (try "
             "lam = 0.5, n = 10). The check compares with the exact coverage.",
             ("Simulate many samples, compute each one's interval, count the intervals that "
              "contain lam.",
              "The interval depends on the sample only through its total, which is Poisson(n * "
              "lam): lam_hat = rng.poisson(n * lam, size=n_sims) / n.",
              "half = z * np.sqrt(lam_hat / n); return np.mean((lam_hat - half <= lam) & "
              "(lam <= lam_hat + half))."),
             check_wald_coverage),
]
