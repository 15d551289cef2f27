"""estlab.properties against closed forms: bias, variance and the Cramer-Rao bound."""

import math

import numpy as np
import pytest
from scipy import special

from estlab import ConvergenceWarning
from estlab import distributions as D
from estlab.properties import consistency, simulate

TRUTHS = [
    D.Normal.from_params(mu=1.0, sigma=2.0),
    D.LogNormal.from_params(mu=0.0, sigma=0.5),
    D.Exponential.from_params(lam=2.0),
    D.Uniform.from_params(a=-1.0, b=2.0),
    D.Gamma.from_params(shape=2.0, scale=1.5),
    D.Beta.from_params(a=2.0, b=3.0),
    D.Weibull.from_params(shape=1.5, scale=2.0),
    D.Poisson.from_params(lam=3.0),
    D.Bernoulli.from_params(p=0.3),
    D.Binomial.from_params(n_trials=7, p=0.4),
    D.Geometric.from_params(p=0.25),
]


@pytest.mark.parametrize("truth", TRUTHS, ids=[type(t).__name__ for t in TRUTHS])
def test_vectorised_mle_equals_one_fit_per_sample(truth):
    sim = simulate(truth, n=40, n_rep=25, random_state=3)
    samples = truth.sample((25, 40), random_state=np.random.default_rng(3))
    for i, x in enumerate(samples):
        fitted = type(truth)(**truth.get_params()).fit(x).params_
        for k, v in fitted.items():
            assert sim.estimates[k][i] == pytest.approx(v, rel=1e-9), (k, i)


def test_normal_bias_and_variance_match_closed_forms():
    n, sigma = 8, 2.0
    sim = simulate(D.Normal.from_params(mu=1.0, sigma=sigma), n=n, n_rep=40_000, random_state=0)
    # E[sigma_hat] = sigma sqrt(2/n) Gamma(n/2) / Gamma((n-1)/2)
    log_ratio = special.gammaln(n / 2) - special.gammaln((n - 1) / 2)
    e_sigma = sigma * math.sqrt(2 / n) * math.exp(log_ratio)
    mc_se = math.sqrt(sim.variance["sigma"] / sim.n_rep)
    assert abs(sim.mean["sigma"] - e_sigma) < 4 * mc_se
    assert abs(sim.bias["mu"]) < 4 * math.sqrt(sigma**2 / n / sim.n_rep)
    # var(x_bar) = sigma^2 / n equals the Cramer-Rao bound: the sample mean is efficient
    assert sim.crlb["mu"] == pytest.approx(sigma**2 / n)
    assert sim.variance["mu"] == pytest.approx(sigma**2 / n, rel=0.03)
    assert sim.efficiency["mu"] == pytest.approx(1.0, rel=0.03)
    decomposition = sim.bias["sigma"] ** 2 + sim.variance["sigma"]
    assert sim.mse["sigma"] == pytest.approx(decomposition, rel=1e-3)


def test_exponential_rate_bias_is_lam_over_n_minus_1():
    lam, n = 2.0, 10
    sim = simulate(D.Exponential.from_params(lam=lam), n=n, n_rep=40_000, random_state=1)
    exact_var = lam**2 * n**2 / ((n - 1) ** 2 * (n - 2))
    assert abs(sim.bias["lam"] - lam / (n - 1)) < 4 * math.sqrt(exact_var / sim.n_rep)
    assert sim.variance["lam"] == pytest.approx(exact_var, rel=0.05)


def test_uniform_has_no_crlb_and_max_is_biased():
    sim = simulate(D.Uniform.from_params(a=0.0, b=1.0), n=9, n_rep=20_000, random_state=2)
    assert sim.crlb is None and sim.efficiency is None
    assert sim.bias["b"] == pytest.approx(-0.1, abs=0.005)  # E[max] - b = -(b - a)/(n + 1)


def test_consistency_and_efficiency_of_gamma_mle():
    c = consistency(D.Gamma.from_params(shape=2.0, scale=1.0), [20, 200, 2000], n_rep=2000,
                    random_state=4)
    mse = c.mse["shape"]
    assert mse[0] > mse[1] > mse[2]
    assert abs(c.bias["shape"][2]) < abs(c.bias["shape"][0])
    ratio = c.variance["shape"] / c.crlb["shape"]
    assert ratio[2] == pytest.approx(1.0, abs=0.1)  # asymptotically efficient
    assert ratio[0] > 1.0  # small samples: above the bound


def test_callable_estimator_and_reproducibility():
    truth = D.Normal.from_params(mu=0.0, sigma=1.0)
    a = simulate(truth, 5, estimator=lambda x: np.median(x, axis=-1), param="mu", n_rep=3000,
                 random_state=5)
    b = simulate(truth, 5, estimator=lambda x: np.median(x, axis=-1), param="mu", n_rep=3000,
                 random_state=5)
    np.testing.assert_array_equal(a.estimates["mu"], b.estimates["mu"])
    assert a.efficiency["mu"] < 0.9  # the median is less efficient than the mean
    assert "CRLB" in a.summary()


def test_large_simulations_are_chunked():
    sim = simulate(D.Poisson.from_params(lam=1.0), n=1000, n_rep=4500, random_state=0)
    assert sim.estimates["lam"].shape == (4500,)


def test_batch_convergence_warning():
    with pytest.warns(ConvergenceWarning, match="increase max_iter"):
        simulate(D.Beta.from_params(a=2.0, b=3.0), 30, estimator=D.Beta(max_iter=1), n_rep=50,
                 random_state=0)


def test_bad_arguments():
    truth = D.Normal.from_params(mu=0.0, sigma=1.0)
    with pytest.raises(ValueError, match="param is required"):
        simulate(truth, 5, estimator=lambda x: x.mean(axis=-1))
    with pytest.raises(ValueError, match="param must be one of"):
        simulate(truth, 5, estimator=lambda x: x.mean(axis=-1), param="nu")
    with pytest.raises(ValueError, match="one estimate per sample"):
        simulate(truth, 5, estimator=lambda x: x, param="mu", n_rep=10)
    with pytest.raises(ValueError, match="n must be a positive integer"):
        simulate(truth, 0)
    with pytest.raises(TypeError, match="no vectorised MLE"):
        simulate(D.Categorical.from_probs(["a", "b"], [0.5, 0.5]), 5)
    with pytest.raises(ValueError, match="non-empty sequence"):
        consistency(truth, 10)


def test_plots_return_figures():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from estlab.properties import plot_consistency, plot_sampling_distribution

    sim = simulate(D.Gamma.from_params(shape=2.0, scale=1.0), 50, n_rep=500, random_state=0)
    assert isinstance(plot_sampling_distribution(sim, "scale"), Figure)
    c = consistency(D.Gamma.from_params(shape=2.0, scale=1.0), [10, 50], n_rep=200, random_state=0)
    assert isinstance(plot_consistency(c, "shape"), Figure)


def test_weibull_batch_of_one_long_sample():
    # simulate() chunks replications; a last chunk of one long sample has shape (1, n) and
    # once raised UnboundLocalError in Weibull's start-polishing branch (n > 40,000).
    truth = D.Weibull.from_params(shape=1.5, scale=2.0)
    sim = simulate(truth, n=50_000, n_rep=41, random_state=0)
    assert sim.estimates["shape"].shape == (41,)
    assert abs(sim.mean["shape"] - 1.5) < 0.01 and abs(sim.mean["scale"] - 2.0) < 0.01
