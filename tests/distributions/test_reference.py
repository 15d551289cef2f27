"""Each distribution against independent references: scipy.stats fits, densities, closed forms,
and standard errors against a finite-difference Hessian of the log-likelihood."""

import numpy as np
import pytest
from scipy import optimize, stats

from estlab.distributions import (Bernoulli, Beta, Binomial, Categorical, Exponential, Gamma,
                                  Geometric, LogNormal, Normal, Poisson, Uniform, Weibull)

RNG = np.random.default_rng(20260101)
N = 2_000
DATA = {
    "Normal": RNG.normal(3.0, 2.0, N),
    "LogNormal": RNG.lognormal(0.5, 0.7, N),
    "Exponential": RNG.exponential(2.5, N),
    "Uniform": RNG.uniform(-1.0, 4.0, N),
    "Gamma": RNG.gamma(2.5, 1.5, N),
    "Beta": RNG.beta(2.0, 5.0, N),
    "Weibull": 2.0 * RNG.weibull(1.7, N),
    "Poisson": RNG.poisson(3.2, N).astype(float),
    "Bernoulli": (RNG.random(N) < 0.3).astype(float),
    "Binomial": RNG.binomial(12, 0.35, N).astype(float),
    "Geometric": RNG.geometric(0.2, N).astype(float),
}


def rel(a, b):
    return abs(a - b) / abs(b)


# scipy's specialised fits with location (and scale) fixed where the family needs it
SCIPY_FITS = {
    "Normal": (Normal(), lambda x: dict(zip(("mu", "sigma"), stats.norm.fit(x)))),
    "LogNormal": (LogNormal(), lambda x: (lambda s, loc, sc: {"mu": np.log(sc), "sigma": s})(
        *stats.lognorm.fit(x, floc=0))),
    "Exponential": (Exponential(), lambda x: {"lam": 1 / stats.expon.fit(x, floc=0)[1]}),
    "Uniform": (Uniform(), lambda x: (lambda loc, sc: {"a": loc, "b": loc + sc})(
        *stats.uniform.fit(x))),
    "Gamma": (Gamma(), lambda x: (lambda k, loc, sc: {"shape": k, "scale": sc})(
        *stats.gamma.fit(x, floc=0))),
    "Beta": (Beta(), lambda x: (lambda a, b, loc, sc: {"a": a, "b": b})(
        *stats.beta.fit(x, floc=0, fscale=1))),
}


def test_weibull_mle_equals_scipy_and_profile_root():
    """scipy's weibull_min.fit with floc=0 runs Nelder-Mead (about 1e-5 relative by default), so
    the reference is (a) scipy's fit with the simplex tolerances tightened, to 1e-7 relative (what
    Nelder-Mead's termination on the scale reaches here) and (b) the root of the profile score
    equation found by brentq, to 1e-10."""
    x = DATA["Weibull"]
    est = Weibull().fit(x)

    def tight(f, x0, args=(), disp=0):
        return optimize.fmin(f, x0, args=args, xtol=1e-14, ftol=1e-14, maxiter=20_000,
                             maxfun=40_000, disp=0)

    c, _, scale = stats.weibull_min.fit(x, floc=0, optimizer=tight)
    assert rel(est.shape_, c) < 1e-7 and rel(est.scale_, scale) < 1e-7
    logx = np.log(x)

    def score(k):
        w = x**k
        return np.sum(w * logx) / np.sum(w) - 1 / k - logx.mean()

    k = optimize.brentq(score, 0.1, 10.0, xtol=1e-15, rtol=1e-15)
    assert rel(est.shape_, k) < 1e-10
    assert rel(est.scale_, np.mean(x**k) ** (1 / k)) < 1e-10
    # and never below scipy's default fit in log-likelihood
    c0, _, s0 = stats.weibull_min.fit(x, floc=0)
    assert est.loglik_ >= np.sum(stats.weibull_min.logpdf(x, c0, scale=s0)) - 1e-9


@pytest.mark.parametrize("name", sorted(SCIPY_FITS))
def test_mle_equals_scipy_fit(name):
    est, ref = SCIPY_FITS[name]
    x = DATA[name]
    fitted = est.fit(x).params_
    expected = ref(x)
    for key, value in expected.items():
        assert rel(fitted[key], value) < 1e-8, (key, fitted[key], value)


# closed forms written out here, for the discrete families scipy cannot fit
CLOSED_FORMS = {
    "Poisson": (Poisson(), lambda x: {"lam": x.sum() / len(x)}),
    "Bernoulli": (Bernoulli(), lambda x: {"p": x.sum() / len(x)}),
    "Binomial": (Binomial(n_trials=12), lambda x: {"p": x.sum() / (12 * len(x))}),
    "Geometric": (Geometric(), lambda x: {"p": len(x) / x.sum()}),
}


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_discrete_mle_equals_closed_form(name):
    est, ref = CLOSED_FORMS[name]
    x = DATA[name]
    for key, value in ref(x).items():
        assert rel(est.fit(x).params_[key], value) < 1e-12


SCIPY_DIST = {
    "Normal": lambda p: stats.norm(p["mu"], p["sigma"]),
    "LogNormal": lambda p: stats.lognorm(p["sigma"], scale=np.exp(p["mu"])),
    "Exponential": lambda p: stats.expon(scale=1 / p["lam"]),
    "Uniform": lambda p: stats.uniform(p["a"], p["b"] - p["a"]),
    "Gamma": lambda p: stats.gamma(p["shape"], scale=p["scale"]),
    "Beta": lambda p: stats.beta(p["a"], p["b"]),
    "Weibull": lambda p: stats.weibull_min(p["shape"], scale=p["scale"]),
    "Poisson": lambda p: stats.poisson(p["lam"]),
    "Bernoulli": lambda p: stats.bernoulli(p["p"]),
    "Binomial": lambda p: stats.binom(12, p["p"]),
    "Geometric": lambda p: stats.geom(p["p"]),
}
ESTIMATORS = {**{k: v[0] for k, v in SCIPY_FITS.items()},
              **{k: v[0] for k, v in CLOSED_FORMS.items()}, "Weibull": Weibull()}


@pytest.mark.parametrize("name", sorted(SCIPY_DIST))
def test_loglik_and_density_equal_scipy(name):
    est = ESTIMATORS[name].fit(DATA[name])
    ref = SCIPY_DIST[name](est.params_)
    x = DATA[name]
    logf = ref.logpmf if name in CLOSED_FORMS else ref.logpdf
    np.testing.assert_allclose(est.loglik_, np.sum(logf(x)), rtol=1e-10)
    points = x[:50]
    np.testing.assert_allclose(est.logpdf(points), logf(points), rtol=1e-10)
    np.testing.assert_allclose(est.pdf(points), np.exp(logf(points)), rtol=1e-10)
    k = len(est.params_)
    assert est.aic_ == pytest.approx(2 * k - 2 * est.loglik_)
    assert est.bic_ == pytest.approx(k * np.log(len(x)) - 2 * est.loglik_)


def test_logpdf_outside_support_is_minus_infinity():
    assert Poisson.from_params(lam=2.0).logpmf([-1, 1.5])[0] == -np.inf
    assert np.all(np.isneginf(Gamma.from_params(shape=2.0, scale=1.0).logpdf([-1.0, 0.0])))
    assert np.all(np.isneginf(Beta.from_params(a=2.0, b=2.0).logpdf([0.0, 1.0, 2.0])))
    assert np.isneginf(Uniform.from_params(a=0.0, b=1.0).logpdf([1.5])[0])
    assert np.isneginf(Geometric.from_params(p=0.5).logpmf([0])[0])


def finite_difference_hessian(f, theta, rel_step=1e-4):
    """Central differences; the step is relative to each parameter."""
    theta = np.asarray(theta, dtype=float)
    k = theta.size
    h = rel_step * np.maximum(np.abs(theta), 1e-3)
    H = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            ei, ej = np.eye(k)[i] * h[i], np.eye(k)[j] * h[j]
            H[i, j] = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej)
                       + f(theta - ei - ej)) / (4 * h[i] * h[j])
    return H


@pytest.mark.parametrize("name", ["Normal", "LogNormal", "Exponential", "Gamma", "Beta",
                                  "Weibull", "Poisson", "Bernoulli", "Binomial", "Geometric"])
def test_stderr_equals_finite_difference_hessian(name):
    est = ESTIMATORS[name].fit(DATA[name])
    names = list(est.params_)
    x = DATA[name]
    # the log-likelihood written through scipy, independent of estlab's formulas
    def loglik(theta):
        dist = SCIPY_DIST[name](dict(zip(names, theta)))
        return np.sum(dist.logpmf(x) if name in CLOSED_FORMS else dist.logpdf(x))
    H = finite_difference_hessian(loglik, [est.params_[k] for k in names])
    se = np.sqrt(np.diag(np.linalg.inv(-H)))
    for i, key in enumerate(names):
        # central differences of a sum of 2,000 terms are good to ~1e-6 relative
        assert rel(est.stderr_[key], se[i]) < 1e-5, (key, est.stderr_[key], se[i])


def test_categorical_against_frequencies_and_multinomial():
    x = RNG.choice(["red", "green", "blue"], size=N, p=[0.5, 0.3, 0.2])
    est = Categorical().fit(x)
    labels, counts = np.unique(x, return_counts=True)
    np.testing.assert_array_equal(est.classes_, labels)
    np.testing.assert_allclose(est.probs_, counts / N, rtol=1e-15)
    # log-likelihood of the sequence = multinomial log-pmf minus the log multinomial coefficient
    log_coef = stats.multinomial(N, [1 / 3] * 3).logpmf(counts) - N * np.log(1 / 3)
    assert est.loglik_ == pytest.approx(stats.multinomial(N, est.probs_).logpmf(counts) - log_coef,
                                        rel=1e-10)
    assert est.stderr_["p[red]"] == pytest.approx(np.sqrt(est.probs_[2] * (1 - est.probs_[2]) / N))
    # inverse of the (K-1) information equals the multinomial covariance / n
    inv = np.linalg.inv(est.fisher_information())
    np.testing.assert_allclose(inv, est.cov_[:-1, :-1], rtol=1e-10)
    assert est.aic_ == pytest.approx(2 * 2 - 2 * est.loglik_)


def test_uniform_stderr_matches_simulated_order_statistics():
    rng = np.random.default_rng(1)
    draws = rng.uniform(0.0, 1.0, size=(20_000, 50))
    # the exact covariance at (a, b) = (0, 1) is what fit reports for data with min 0, max 1
    x = np.concatenate([[0.0, 1.0], rng.uniform(0.0, 1.0, 48)])
    exact = Uniform().fit(x).cov_
    sim = np.cov(draws.min(axis=1), draws.max(axis=1))
    np.testing.assert_allclose(exact, sim, rtol=0.05, atol=2e-6)
