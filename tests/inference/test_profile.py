"""Likelihood-ratio (profile) intervals of the distributions.

References: closed-form deviances solved by scipy.optimize.brentq on the chi-square cut-off
(Exponential, Poisson, Bernoulli, Normal), and for the families with a numerical nuisance
(Gamma, Weibull, Beta) a brute-force profile written here from scipy.stats' log densities and
scipy.optimize.minimize_scalar. Coverage is tested by seeded simulation, with cases where Wald's
interval under-covers and the profile interval does not.
"""

import math

import numpy as np
import pytest
from scipy import optimize, stats

import estlab
from estlab import DataError, NotFittedError
from estlab.distributions import (Bernoulli, Beta, Binomial, Exponential, Gamma, Geometric,
                                  LogNormal, Normal, Poisson, Uniform, Weibull)
from estlab.inference import lr_cutoff, profile_interval

C95 = stats.chi2.ppf(0.95, 1)


def _roots(dev, est, lo, hi):
    """The two solutions of dev(t) = C95 in (lo, est) and (est, hi), by brentq."""
    return (optimize.brentq(lambda t: dev(t) - C95, lo, est, xtol=1e-14),
            optimize.brentq(lambda t: dev(t) - C95, est, hi, xtol=1e-14))


def test_exponential_rate_matches_brentq_on_the_closed_form():
    x = np.random.default_rng(0).exponential(2.0, size=12)
    n, xbar = x.size, x.mean()
    dev = lambda lam: 2 * n * (lam * xbar - 1 - math.log(lam * xbar))  # noqa: E731
    ref = _roots(dev, 1 / xbar, 1e-6, 50.0)
    got = Exponential().fit(x).conf_int(method="profile")["lam"]
    np.testing.assert_allclose(got, ref, rtol=1e-10)


def test_poisson_rate_matches_brentq_on_the_closed_form():
    x = np.array([3, 0, 2, 5, 1, 2, 4])
    n, s = x.size, x.sum()
    dev = lambda lam: 2 * (n * lam - s - s * math.log(n * lam / s))  # noqa: E731
    ref = _roots(dev, s / n, 1e-6, 50.0)
    np.testing.assert_allclose(Poisson().fit(x).conf_int(method="profile")["lam"], ref,
                               rtol=1e-10)


def test_normal_mu_and_sigma_match_their_closed_forms():
    x = np.random.default_rng(1).normal(5.0, 3.0, size=15)
    n = x.size
    d = Normal().fit(x)
    ci = d.conf_int(method="profile")
    # D(mu) = n log(1 + (xbar - mu)^2 / s^2): mu = xbar +- s sqrt(e^{c/n} - 1)
    half = d.sigma_ * math.sqrt(math.exp(C95 / n) - 1)
    np.testing.assert_allclose(ci["mu"], (d.mu_ - half, d.mu_ + half), rtol=1e-10)
    r = lambda sig: d.sigma_**2 / sig**2  # noqa: E731
    dev = lambda sig: n * (r(sig) - 1 - math.log(r(sig)))  # noqa: E731
    np.testing.assert_allclose(ci["sigma"], _roots(dev, d.sigma_, 1e-3, 100.0), rtol=1e-10)


def test_lognormal_is_the_normal_of_the_logs():
    x = np.random.default_rng(2).lognormal(0.5, 0.8, size=25)
    a = LogNormal().fit(x).conf_int(method="profile")
    b = Normal().fit(np.log(x)).conf_int(method="profile")
    for k in ("mu", "sigma"):
        np.testing.assert_allclose(a[k], b[k], rtol=1e-9)


def _brute_profile(logpdf, x, names, which, bounds_free):
    """Deviance of parameter `which` with the other one maximised by minimize_scalar (bounded,
    on the log scale), the log-likelihood from scipy.stats."""
    other = [k for k in names if k != which][0]

    def loglik(params):
        return float(np.sum(logpdf(x, **params)))

    def profile(value):
        res = optimize.minimize_scalar(
            lambda u: -loglik({which: value, other: math.exp(u)}), bounds=bounds_free,
            method="bounded", options={"xatol": 1e-12})
        return -res.fun

    return profile


CASES = [
    (Gamma, lambda r: r.gamma(2.0, 3.0, 30), lambda x, shape, scale:
     stats.gamma.logpdf(x, shape, scale=scale)),
    (Weibull, lambda r: r.weibull(1.5, 30) * 2.0, lambda x, shape, scale:
     stats.weibull_min.logpdf(x, shape, scale=scale)),
    (Beta, lambda r: r.beta(2.0, 5.0, 30), lambda x, a, b: stats.beta.logpdf(x, a, b)),
]


@pytest.mark.parametrize("cls, draw, logpdf", CASES, ids=[c[0].__name__ for c in CASES])
def test_numerical_profiles_match_a_brute_force_reference(cls, draw, logpdf):
    x = draw(np.random.default_rng(3))
    d = cls().fit(x)
    names = list(d.params_)
    lmax = float(np.sum(logpdf(x, **d.params_)))
    for which, (lo, hi) in d.conf_int(method="profile").items():
        other = [k for k in names if k != which][0]
        centre = math.log(d.params_[other])
        profile = _brute_profile(logpdf, x, names, which, (centre - 5, centre + 5))
        for end in (lo, hi):  # the reference deviance at our end points is the cut-off
            assert 2 * (lmax - profile(end)) == pytest.approx(C95, abs=2e-6), (which, end)
        assert lo < d.params_[which] < hi


def test_one_parameter_discrete_families_hit_the_cut_off():
    for d in (Geometric().fit([1, 3, 1, 2, 6, 1]), Binomial(n_trials=5).fit([1, 2, 0, 3, 1])):
        for lo, hi in d.conf_int(method="profile").values():
            for end in (lo, hi):
                dev = 2 * (d.loglik_ - float(np.sum(d._logpdf(d._fit_data, end))))
                assert dev == pytest.approx(C95, rel=1e-9)


def test_bernoulli_all_zeros_wald_collapses_the_profile_interval_reaches_zero():
    d = Bernoulli().fit([0] * 10)
    assert d.conf_int(method="wald")["p"] == (0.0, 0.0)
    lo, hi = d.conf_int(method="profile")["p"]
    # l(p) = n log(1 - p): the upper end solves -2 n log(1 - p) = c
    assert lo == 0.0 and hi == pytest.approx(1 - math.exp(-C95 / 20), rel=1e-12)
    lo, hi = Bernoulli().fit([1] * 10).conf_int(method="profile")["p"]
    assert hi == 1.0 and lo == pytest.approx(math.exp(-C95 / 20), rel=1e-12)


def test_poisson_all_zeros_profile_upper_end_is_c_over_2n():
    lo, hi = Poisson().fit([0, 0, 0, 0]).conf_int(method="profile")["lam"]
    assert lo == 0.0 and hi == pytest.approx(C95 / 8, rel=1e-12)


def test_profile_loglik_peaks_at_the_estimate():
    d = Gamma().fit(np.random.default_rng(4).gamma(3.0, 1.0, 40))
    grid = d.shape_ * np.array([0.8, 0.95, 1.0, 1.05, 1.25])
    lp = d.profile_loglik("shape", grid)
    assert lp[2] == pytest.approx(d.loglik_, abs=1e-9)
    assert np.all(np.diff(lp[:3]) > 0) and np.all(np.diff(lp[2:]) < 0)


def test_profile_interval_function_checks_level_and_reports_unbounded_sides():
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        lr_cutoff(1.0)
    with pytest.raises(DataError, match="unbounded"):
        profile_interval(lambda t: min(t * t, 1.0), 0.0, 1.0, name="beta")


@pytest.mark.parametrize("bad", [0.0, 1.0, 95, -0.5, True])
def test_bad_level_is_refused(bad):
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        Normal().fit([1.0, 2.0, 4.0]).conf_int(bad, method="profile")


def test_unknown_method_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"\['wald', 'exact', 'profile'\].*got 'lr'"):
        Normal().fit([1.0, 2.0, 4.0]).conf_int(method="lr")
    # Uniform's support moves with its parameters: no profile interval, and the list says so
    with pytest.raises(ValueError, match=r"\['wald'\] for Uniform; got 'profile'"):
        Uniform().fit([1.0, 2.0, 4.0]).conf_int(method="profile")


def test_profile_needs_the_fitted_sample(tmp_path):
    d = Normal().fit([1.0, 2.0, 4.0, 7.0])
    estlab.save(d, tmp_path / "m")
    with pytest.raises(NotFittedError, match="Fit it again"):
        estlab.load(tmp_path / "m").conf_int(method="profile")
    assert estlab.load(tmp_path / "m").conf_int(method="wald") == d.conf_int(method="wald")
    x = np.array([1.0, 2.0, 4.0, 7.0])
    d = Normal().fit(x)
    x[0] = 100.0  # modified in place after fit: refused, not silently wrong
    with pytest.raises(DataError, match="has changed since fit"):
        d.conf_int(method="profile")


def _coverage(cls, truth, name, n, methods, reps=2_000, seed=2026, **kw):
    """Share of 95% intervals for parameter `name` that cover its true value (2,000 seeded
    samples: Monte Carlo se 0.5% at 95%)."""
    samples = cls.from_params(**kw, **truth).sample((reps, n), random_state=seed)
    value = truth[name]
    hits = dict.fromkeys(methods, 0)
    for x in samples:
        d = cls(**kw).fit(x)
        for m in methods:
            lo, hi = d.conf_int(0.95, method=m)[name]
            hits[m] += lo <= value <= hi
    return {m: h / reps for m, h in hits.items()}


def test_bernoulli_small_n_rare_event_wald_under_covers_profile_does_not():
    # n = 15, p = 0.05: 46% of samples have no success, and Wald's interval is then {0}
    cov = _coverage(Bernoulli, {"p": 0.05}, "p", 15, ("wald", "profile"))
    assert cov["wald"] < 0.60
    assert 0.93 <= cov["profile"] <= 0.99  # discrete data: coverage oscillates with p


def test_normal_sigma_small_n_profile_beats_wald():
    cov = _coverage(Normal, {"mu": 1.0, "sigma": 2.0}, "sigma", 10, ("wald", "profile"))
    assert cov["wald"] < 0.90  # the Wald interval ignores the skew of sigma_hat (87% here)
    assert cov["profile"] > cov["wald"] + 0.04
    assert 0.91 <= cov["profile"] <= 0.96  # n = 10: Wilks' chi-square is a little liberal


def test_exponential_profile_covers_95_percent():
    cov = _coverage(Exponential, {"lam": 0.5}, "lam", 10, ("profile",))
    assert 0.935 <= cov["profile"] <= 0.965


@pytest.mark.parametrize("scale", [2.0**-660, 1e-200, 1e200, 1e300])
@pytest.mark.parametrize("cls, draw", [(Normal, lambda r: r.normal(3.0, 1.0, 12)),
                                       (Gamma, lambda r: r.gamma(2.0, 1.0, 20)),
                                       (Weibull, lambda r: r.weibull(1.5, 20))],
                         ids=["Normal", "Gamma", "Weibull"])
def test_profile_intervals_are_scale_equivariant_at_the_float_range_ends(cls, draw, scale):
    # scale families are profiled at unit scale (like their standard errors): no square of a
    # deviation near 1e300 overflows, none near 1e-200 underflows
    x = draw(np.random.default_rng(5))
    ref = cls().fit(x).conf_int(method="profile")
    got = cls().fit(x * scale).conf_int(method="profile")
    for name, (lo, hi) in ref.items():
        unit = 1.0 if name == "shape" else scale
        np.testing.assert_allclose(np.array(got[name]) / unit, (lo, hi), rtol=1e-9)
    d = cls().fit(x * scale)
    name = list(d.params_)[-1]
    assert d.profile_loglik(name, [d.params_[name]])[0] == pytest.approx(d.loglik_, rel=1e-12)
