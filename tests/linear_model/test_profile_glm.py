"""Profile-likelihood intervals of GLM coefficients (R's confint.glm).

statsmodels has none, so the reference is built from statsmodels' GLM with an offset: with
coefficient j fixed at b, the profile log-likelihood is the log-likelihood of the GLM without
column j and with offset b * x_j; scipy.optimize.brentq then solves D(b) = chi2_1(0.95). An
intercept-only model is checked against the exact one-parameter LR interval of the
distribution on the link scale.
"""

import warnings

import numpy as np
import pytest
from scipy import optimize, stats

import estlab
from estlab import DataError, NotFittedError
from estlab.distributions import Bernoulli, Poisson
from estlab.linear_model import (LinearRegression, LogisticRegression, PoissonRegression,
                                 SoftmaxRegression)

sm = pytest.importorskip("statsmodels.api")
C95 = stats.chi2.ppf(0.95, 1)


def _reference(y, A, family, j, est, se):
    """brentq on the deviance from statsmodels GLM fits with an offset (A includes the 1s)."""
    full = sm.GLM(y, A, family=family).fit(tol=1e-14).llf
    others = np.delete(A, j, axis=1)

    def dev(b):
        fit = sm.GLM(y, others, family=family, offset=b * A[:, j]).fit(tol=1e-14)
        return 2 * (full - fit.llf) - C95

    return (optimize.brentq(dev, est - 10 * se, est, xtol=1e-12),
            optimize.brentq(dev, est, est + 10 * se, xtol=1e-12))


def test_logistic_profile_intervals_match_the_statsmodels_offset_reference():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (rng.random(60) < 1 / (1 + np.exp(-(0.3 + X @ [1.0, -1.5])))).astype(int)
    model = LogisticRegression().fit(X, y)
    got = model.conf_int(method="profile")
    A = sm.add_constant(X)
    for j in range(3):
        ref = _reference(y, A, sm.families.Binomial(), j, model.params_[j], model.stderr_[j])
        np.testing.assert_allclose(got[j], ref, rtol=1e-7, atol=1e-9)
    # small n: the profile interval is visibly asymmetric about the estimate, Wald's is not
    wald = model.conf_int()
    assert np.max(np.abs((got[:, 1] - model.params_) - (model.params_ - got[:, 0]))) > 0.1
    assert not np.allclose(got, wald, atol=0.05)


def test_poisson_profile_intervals_match_the_statsmodels_offset_reference():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    y = rng.poisson(np.exp(0.2 + X @ [0.5, -0.3]))
    model = PoissonRegression().fit(X, y)
    got = model.conf_int(0.95, method="profile")
    A = sm.add_constant(X)
    for j in range(3):
        ref = _reference(y, A, sm.families.Poisson(), j, model.params_[j], model.stderr_[j])
        np.testing.assert_allclose(got[j], ref, rtol=1e-7, atol=1e-9)


def test_intercept_only_models_reproduce_the_exact_one_parameter_intervals():
    # Poisson: log lambda; the LR interval is invariant, so exp(ends) = Poisson's LR interval
    y = np.array([3, 0, 2, 5, 1, 2, 4])
    ones = np.ones((y.size, 1))  # the intercept as a column, fit_intercept=False
    lo, hi = PoissonRegression(fit_intercept=False).fit(ones, y).conf_int(method="profile")[0]
    np.testing.assert_allclose(np.exp([lo, hi]), Poisson().fit(y).conf_int(method="profile")["lam"],
                               rtol=1e-9)
    yb = np.array([1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1])
    model = LogisticRegression(fit_intercept=False).fit(np.ones((yb.size, 1)), yb)
    lo, hi = model.conf_int(method="profile")[0]
    np.testing.assert_allclose(1 / (1 + np.exp(-np.array([lo, hi]))),
                               Bernoulli().fit(yb).conf_int(method="profile")["p"], rtol=1e-9)


def test_refusals_name_the_reason_and_the_fix(tmp_path):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 1))
    y = (rng.random(50) < 0.5).astype(int)
    with pytest.raises(DataError, match="alpha=0.1.*Refit with alpha=0"):
        LogisticRegression(alpha=0.1).fit(X, y).conf_int(method="profile")
    with pytest.raises(ValueError, match=r"one of \['wald', 'profile'\].*got 'lr'"):
        LogisticRegression().fit(X, y).conf_int(method="lr")
    with pytest.raises(ValueError, match=r"one of \['wald'\].*got 'profile'"):
        LinearRegression().fit(X, X[:, 0] + rng.normal(size=50)).conf_int(method="profile")
    with pytest.raises(ValueError, match=r"one of \['wald'\].*got 'profile'"):
        SoftmaxRegression().fit(X, rng.integers(0, 3, 50)).conf_int(method="profile")
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        PoissonRegression().fit(X, rng.poisson(1.0, 50)).conf_int(1.5, method="profile")
    model = LogisticRegression().fit(X, y)
    estlab.save(model, tmp_path / "m")
    with pytest.raises(NotFittedError, match="loaded from disk"):
        estlab.load(tmp_path / "m").conf_int(method="profile")
    Xs = np.array([[0.0], [1.0], [2.0], [3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the SeparationWarning is tested elsewhere
        separated = LogisticRegression().fit(Xs, [0, 0, 1, 1])
    with pytest.raises(DataError, match="does not exist.*unbounded"):
        separated.conf_int(method="profile")


def test_profile_interval_covers_about_95_percent_in_a_small_logistic_model():
    # 400 seeded data sets of n = 40 (Monte Carlo se about 1.1%): the slope's interval
    rng = np.random.default_rng(3)
    hits = {"profile": 0}
    reps = 400
    for _ in range(reps):
        x = rng.normal(size=(40, 1))
        y = (rng.random(40) < 1 / (1 + np.exp(-(-1.0 + 1.5 * x[:, 0])))).astype(int)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            model = LogisticRegression().fit(x, y)
        for m in hits:
            lo, hi = model.conf_int(method=m)[1]
            hits[m] += lo <= 1.5 <= hi
    assert 0.92 <= hits["profile"] / reps <= 0.98, hits
