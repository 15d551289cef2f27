"""The estimator contract over all twelve distributions: fit returns self, clone, refit from
scratch, reproducible sampling, save/load round trips that preserve every fitted attribute."""

import numpy as np
import pytest
from sklearn.base import clone

import estlab
from estlab import distributions as D

RNG = np.random.default_rng(7)
CASES = [
    (D.Bernoulli(), (RNG.random(60) < 0.4).astype(int)),
    (D.Binomial(n_trials=5), RNG.binomial(5, 0.3, 60)),
    (D.Categorical(), RNG.choice(["a", "b", "c"], 60)),
    (D.Poisson(), RNG.poisson(2.0, 60)),
    (D.Geometric(), RNG.geometric(0.3, 60)),
    (D.Exponential(), RNG.exponential(2.0, 60)),
    (D.Normal(), RNG.normal(1.0, 2.0, 60)),
    (D.LogNormal(), RNG.lognormal(0.0, 1.0, 60)),
    (D.Uniform(), RNG.uniform(0.0, 3.0, 60)),
    (D.Gamma(tol=1e-12), RNG.gamma(2.0, 1.0, 60)),
    (D.Beta(max_iter=50), RNG.beta(2.0, 3.0, 60)),
    (D.Weibull(), RNG.weibull(1.5, 60)),
]
IDS = [type(c[0]).__name__ for c in CASES]


def test_public_surface():
    assert len([n for n in D.__all__ if n not in ("Distribution", "DiscreteDistribution")]) == 12
    assert {type(e).__name__ for e, _ in CASES} <= set(D.__all__)


@pytest.mark.parametrize("est, x", CASES, ids=IDS)
def test_fit_returns_self_and_keeps_hyperparameters(est, x):
    est = clone(est)
    before = est.get_params()
    assert est.fit(x) is est
    assert est.get_params() == before
    assert est.n_ == len(x)
    assert set(est.stderr_) == set(est.params_)
    lows_highs = est.conf_int()
    assert set(lows_highs) == set(est.params_)
    for name, (lo, hi) in lows_highs.items():
        assert lo <= est.params_[name] <= hi


@pytest.mark.parametrize("est, x", CASES, ids=IDS)
def test_clone_is_unfitted_with_same_params(est, x):
    fitted = clone(est).fit(x)
    again = clone(fitted)
    assert again.get_params() == fitted.get_params()
    assert not hasattr(again, "params_")
    assert repr(again) == repr(est)


@pytest.mark.parametrize("est, x", CASES, ids=IDS)
def test_refit_starts_from_scratch(est, x):
    est = clone(est)
    est.fit(x)
    first = dict(est.params_)
    est.fit(x[: len(x) // 2])
    est.fit(x)
    assert est.params_ == first
    assert est.n_ == len(x)


@pytest.mark.parametrize("est, x", CASES, ids=IDS)
def test_sampling_is_reproducible_and_in_support(est, x):
    est = clone(est).fit(x)
    a = est.sample(100, random_state=3)
    np.testing.assert_array_equal(a, est.sample(100, random_state=3))
    assert a.shape == (100,)
    assert np.all(np.isfinite(est.logpdf(a)))
    assert est.sample((2, 3), random_state=np.random.default_rng(0)).shape == (2, 3)


@pytest.mark.parametrize("est, x", CASES, ids=IDS)
def test_save_load_round_trip(est, x, tmp_path):
    est = clone(est).fit(x)
    estlab.save(est, tmp_path / "model")
    again = estlab.load(tmp_path / "model")
    assert type(again) is type(est)
    assert again.get_params() == est.get_params()
    fitted = {k for k in vars(est) if k.endswith("_")}
    assert fitted == {k for k in vars(again) if k.endswith("_")}
    for k in fitted:
        a, b = getattr(est, k), getattr(again, k)
        if isinstance(a, dict):
            assert a.keys() == b.keys()
            for key in a:
                np.testing.assert_array_equal(a[key], b[key])
        else:
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(again.logpdf(x), est.logpdf(x))
    assert again.conf_int() == est.conf_int()
    np.testing.assert_array_equal(again.sample(5, random_state=1), est.sample(5, random_state=1))


def test_pmf_names_for_discrete_only():
    for est, x in CASES:
        discrete = isinstance(est, D.DiscreteDistribution)
        assert hasattr(est, "pmf") == discrete
    d = D.Poisson().fit([1, 2])
    np.testing.assert_array_equal(d.pmf([0, 1]), d.pdf([0, 1]))


def test_fisher_information_total_and_per_observation():
    d = D.Gamma().fit(RNG.gamma(2.0, 1.0, 80))
    np.testing.assert_allclose(d.fisher_information(), 80 * d.fisher_information(n=1))
    np.testing.assert_allclose(np.linalg.inv(d.fisher_information()), d.cov_, rtol=1e-12)
