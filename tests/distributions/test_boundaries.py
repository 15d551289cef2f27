"""Boundary cases (MLE on the edge, degenerate samples), numerical care, and every bad-input message."""

import re
import warnings

import numpy as np
import pytest

import estlab
from estlab import ConvergenceWarning, DataError
from estlab.distributions import (Bernoulli, Beta, Binomial, Categorical, Exponential, Gamma,
                                  Geometric, LogNormal, Normal, Poisson, Uniform, Weibull)


# ------------------------------------------------------------------ boundary cases
def test_all_zero_poisson_counts():
    d = Poisson().fit([0, 0, 0, 0, 0])
    assert d.lam_ == 0.0 and d.loglik_ == 0.0 and d.stderr_["lam"] == 0.0
    assert d.conf_int(method="wald")["lam"] == (0.0, 0.0)
    lo, hi = d.conf_int()["lam"]  # score interval [0, z^2 / n]
    assert lo == 0.0 and hi == pytest.approx(1.959963984540054**2 / 5)
    assert d.pmf([0, 1]).tolist() == [1.0, 0.0]


@pytest.mark.parametrize("value", [0, 1])
def test_all_success_or_failure_bernoulli(value):
    d = Bernoulli().fit([value] * 10)
    assert d.p_ == value and d.loglik_ == 0.0 and d.stderr_["p"] == 0.0
    assert d.conf_int(method="wald")["p"] == (value, value)
    lo, hi = d.conf_int()["p"]
    z2 = 1.959963984540054**2
    # Wilson at p_hat = 1: lower end n / (n + z^2)
    expected = (10 / (10 + z2), 1.0) if value == 1 else (0.0, z2 / (10 + z2))
    assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


def test_binomial_and_geometric_boundaries():
    assert Binomial(n_trials=4).fit([4, 4, 4]).stderr_["p"] == 0.0
    g = Geometric().fit([1, 1, 1])
    assert g.p_ == 1.0 and g.stderr_["p"] == 0.0 and g.loglik_ == 0.0


@pytest.mark.parametrize("cls", [Gamma, Weibull, Beta, Normal, LogNormal, Uniform])
def test_constant_data_raise_with_explanation(cls):
    with pytest.raises(DataError, match="at least two distinct values"):
        cls().fit([0.5, 0.5, 0.5])


def test_exponential_all_zero_data():
    with pytest.raises(DataError, match="rate is infinite"):
        Exponential().fit([0.0, 0.0])


def test_uniform_mle_is_biased_and_unbiased_version_is_not():
    rng = np.random.default_rng(0)
    draws = rng.uniform(2.0, 5.0, size=(4000, 10))
    b_mle = draws.max(axis=1)
    a_mle = draws.min(axis=1)
    assert np.mean(b_mle) == pytest.approx(5.0 - 3.0 / 11, abs=0.01)  # E[max] = b - (b-a)/(n+1)
    d = Uniform().fit(draws[0])
    assert d.unbiased_["b"] == pytest.approx((10 * b_mle[0] - a_mle[0]) / 9)
    unbiased_b = (10 * b_mle - a_mle) / 9
    assert np.mean(unbiased_b) == pytest.approx(5.0, abs=0.01)
    with pytest.raises(estlab.EstlabError, match="does not exist"):
        d.fisher_information()


def test_normal_sigma_accurate_for_large_mean_small_spread():
    from fractions import Fraction

    x = np.random.default_rng(0).normal(1e7, 0.1, size=10_000)
    exact_mean = sum(Fraction(v) for v in x) / len(x)
    exact_var = sum((Fraction(v) - exact_mean) ** 2 for v in x) / len(x)
    sigma = Normal().fit(x).sigma_
    assert abs(sigma - np.sqrt(float(exact_var))) / np.sqrt(float(exact_var)) < 1e-12
    # the naive formula loses the digits: this is what the test guards against
    naive = np.sqrt(abs(np.mean(x**2) - np.mean(x) ** 2))
    assert abs(naive - np.sqrt(float(exact_var))) > 1e-6


def test_newton_history_and_convergence_warning():
    x = np.random.default_rng(1).gamma(3.0, size=500)
    d = Gamma().fit(x)
    h = d.history_
    assert h["params"].shape == (d.n_iter_ + 1, 2) and h["loglik"].shape == (d.n_iter_ + 1,)
    assert h["loglik"][-1] == pytest.approx(d.loglik_)
    assert np.all(np.diff(h["loglik"]) > -1e-9)  # the profile likelihood never decreases
    for cls in (Gamma, Beta, Weibull):
        data = x / (x.max() + 1) if cls is Beta else x
        with pytest.warns(ConvergenceWarning, match="Increase max_iter"):
            est = cls(max_iter=1).fit(data)
        assert est.converged_ is False and est.n_iter_ == 1
        ok = cls().fit(data)
        assert ok.converged_ is True and ok.n_iter_ < 20


def test_newton_from_bad_starting_regions():
    rng = np.random.default_rng(2)
    for shape in (0.05, 0.5, 50.0, 500.0):
        d = Gamma().fit(rng.gamma(shape, size=300))
        assert d.converged_ and d.shape_ == pytest.approx(shape, rel=0.35)
    for a, b in ((0.1, 0.1), (50.0, 2.0), (0.5, 30.0)):
        d = Beta().fit(np.clip(rng.beta(a, b, size=300), 1e-300, 1 - 1e-16))
        assert d.converged_
    for k in (0.2, 1.0, 30.0):
        d = Weibull().fit(rng.weibull(k, size=300))
        assert d.converged_ and d.shape_ == pytest.approx(k, rel=0.25)


# ------------------------------------------------------------------ bad input
BAD = [
    (Normal(), [1.0, np.nan], r"x must contain only finite numbers; x\[1\] = nan"),
    (Normal(), [1.0, 2.0, np.inf], r"x\[2\] = inf"),
    (Normal(), [], r"x must have at least 1 value; got an empty array"),
    (Normal(), [[1.0, 2.0], [3.0, 4.0]], r"must be one-dimensional"),
    (Normal(), ["a", "b"], r"must be numeric"),
    (Poisson(), [1, -2, 3], r"Poisson data must be non-negative integers; x\[1\] = -2.0"),
    (Poisson(), [1, 2.5], r"x\[1\] = 2.5"),
    (Binomial(n_trials=3), [1, 4],
     r"Binomial\(n_trials=3\) data must be integers in \[0, 3\]; x\[1\]"),
    (Geometric(), [2, 0], r"Geometric data must be positive integers .*; x\[1\] = 0.0"),
    (Bernoulli(), [0, 1, 2], r"Bernoulli data must be 0/1 labels .*; x\[2\] = 2.0"),
    (Bernoulli(), [0, 0.5], r"x\[1\] = 0.5"),
    (Beta(), [0.2, 1.0], r"Beta data must be in the open interval \(0, 1\); x\[1\] = 1.0"),
    (Beta(), [0.0, 0.5], r"x\[0\] = 0.0"),
    (Gamma(), [1.0, 0.0], r"Gamma data must be positive; x\[1\] = 0.0"),
    (Weibull(), [-1.0, 2.0], r"Weibull data must be positive; x\[0\] = -1.0"),
    (LogNormal(), [1.0, -1.0], r"LogNormal data must be positive; x\[1\] = -1.0"),
    (Exponential(), [1.0, -0.5], r"Exponential data must be non-negative; x\[1\] = -0.5"),
    (Categorical(), [1.0, np.nan], r"x\[1\] = nan"),
    (Categorical(), [], r"at least 1 value"),
    (Categorical(), [[1, 2], [3, 4]], r"one-dimensional"),
    (Categorical(), np.array([1, "a", None], dtype=object), r"all numbers or all strings"),
]


@pytest.mark.parametrize("est, x, message", BAD, ids=[f"{type(b[0]).__name__}-{i}"
                                                      for i, b in enumerate(BAD)])
def test_bad_input_names_first_offending_index(est, x, message):
    with pytest.raises(DataError, match=message) as info:
        est.fit(x)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("est, message", [
    (Binomial(n_trials=0), "n_trials must be a positive integer"),
    (Binomial(n_trials=2.5), "n_trials must be a positive integer"),
    (Gamma(tol=-1.0), "tol must be a positive number"),
    (Weibull(max_iter=0), "max_iter must be a positive integer"),
    (Beta(max_iter=1.5), "max_iter must be a positive integer"),
])
def test_bad_hyperparameters(est, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        est.fit([0.5, 0.25])


def test_bad_conf_int_arguments():
    d = Normal().fit([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        d.conf_int(95)
    with pytest.raises(ValueError, match=r"method must be one of \['wald', 'exact', 'profile'\]"):
        d.conf_int(method="wilson")


def test_unfitted_use_raises_not_fitted():
    for call in (lambda d: d.conf_int(), lambda d: d.logpdf([1.0]), lambda d: d.sample(2),
                 lambda d: d.fisher_information()):
        with pytest.raises(estlab.NotFittedError, match="not fitted"):
            call(Normal())
    with pytest.raises(estlab.NotFittedError, match="not fitted to data"):
        Normal.from_params(mu=0.0, sigma=1.0).conf_int()
    with pytest.raises(estlab.NotFittedError, match="pass n"):
        Normal.from_params(mu=0.0, sigma=1.0).fisher_information()


def test_from_params_validation():
    with pytest.raises(TypeError, match=r"exactly the parameters \['mu', 'sigma'\]"):
        Normal.from_params(mu=1.0)
    with pytest.raises(ValueError, match="sigma must be positive"):
        Normal.from_params(mu=0.0, sigma=-1.0)
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
        Bernoulli.from_params(p=1.5)
    with pytest.raises(ValueError, match="sum to 1"):
        Categorical.from_probs(["a", "b"], [0.5, 0.6])


def test_no_warnings_escape_on_boundaries():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Poisson().fit([0, 0]).logpmf([0, 1, -1, 0.5])
        Bernoulli().fit([1, 1]).pmf([0, 1, 3])
        Geometric().fit([1, 1]).pmf([1, 2])
        Bernoulli().fit([1, 1]).fisher_information()


@pytest.mark.parametrize("cls", [Gamma, Weibull, Beta, Normal, LogNormal, Uniform])
def test_constant_data_message_shows_the_value_as_typed(cls):
    with pytest.raises(DataError, match=r"equal (to )?0\.5,") as info:
        cls().fit([0.5, 0.5, 0.5])
    assert "np.float64" not in str(info.value)


def test_categorical_fisher_information_needs_n_or_a_fit():
    with pytest.raises(estlab.NotFittedError, match="pass n"):
        Categorical.from_probs(["a", "b"], [0.5, 0.5]).fisher_information()
    with pytest.raises(ValueError, match="n must be a positive integer"):
        Categorical().fit(["a", "b", "b"]).fisher_information(n=0)


@pytest.mark.parametrize("cls, x", [(Beta, [0.5, 0.5, 0.5 + 1e-12]),
                                    (Beta, [0.5, 0.5, 0.5 + 1e-9]),
                                    (Gamma, [1.0, 1.0, 1.0 + 1e-12])])
def test_nearly_constant_data_raise_cleanly(cls, x):
    # Beta's Newton turned such data into NaN with RuntimeWarnings (divide by zero, invalid
    # value), then said the values were all equal; they are equal to rounding.
    with pytest.raises(DataError, match="equal (0.5|1.0) to rounding"):
        cls().fit(x)
