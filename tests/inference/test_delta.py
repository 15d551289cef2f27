"""The delta method: closed forms, statsmodels, and coverage by simulation (with its failures)."""

import math

import numpy as np
import pytest

import estlab
from estlab import DataError
from estlab.distributions import Bernoulli, Exponential, Gamma, Normal
from estlab.inference import delta_method, numerical_jacobian
from estlab.linear_model import LogisticRegression, PoissonRegression

sm = pytest.importorskip("statsmodels.api")


def test_top_level_name_is_the_inference_function():
    assert estlab.delta_method is delta_method


def test_bernoulli_odds_matches_the_closed_form():
    d = Bernoulli().fit([1, 0, 0, 1, 0, 0, 0, 0, 1, 0])
    res = d.delta_method(lambda p: p / (1 - p))
    p, se = d.p_, d.stderr_["p"]
    assert res.estimate == pytest.approx(p / (1 - p))
    assert res.stderr == pytest.approx(se / (1 - p) ** 2, rel=1e-8)  # g' = 1 / (1 - p)^2
    z = 1.959963984540054
    assert res.conf_int == pytest.approx((res.estimate - z * res.stderr,
                                          res.estimate + z * res.stderr))


def test_exponential_mean_from_the_rate():
    x = np.random.default_rng(3).exponential(2.0, size=40)
    d = Exponential().fit(x)
    res = d.delta_method(lambda lam: 1 / lam)
    # se(1 / lam_hat) = se(lam_hat) / lam^2 = (lam / sqrt n) / lam^2 = xbar / sqrt(n)
    assert res.stderr == pytest.approx(x.mean() / math.sqrt(x.size), rel=1e-8)


def test_gamma_mean_with_a_user_gradient_equals_the_numerical_one():
    x = np.random.default_rng(4).gamma(2.0, 3.0, size=200)
    d = Gamma().fit(x)
    mine = d.delta_method(lambda shape, scale: shape * scale,
                          grad=lambda shape, scale: [scale, shape])
    numerical = d.delta_method(lambda shape, scale: shape * scale)
    assert mine.stderr == pytest.approx(numerical.stderr, rel=1e-7)
    g = np.array([d.scale_, d.shape_])
    assert mine.stderr == pytest.approx(math.sqrt(g @ d.cov_ @ g), rel=1e-12)


def test_normal_coefficient_of_variation_closed_form():
    x = np.random.default_rng(5).normal(10.0, 2.0, size=100)
    d = Normal().fit(x)
    res = d.delta_method(lambda mu, sigma: sigma / mu)
    mu, s, n = d.mu_, d.sigma_, d.n_
    var = (s / mu**2) ** 2 * s**2 / n + (1 / mu) ** 2 * s**2 / (2 * n)
    assert res.stderr == pytest.approx(math.sqrt(var), rel=1e-8)


def test_vector_valued_g_matches_statsmodels_nonlinear_delta_cov():
    from statsmodels.stats._delta_method import NonlinearDeltaCov

    x = np.random.default_rng(6).normal(10.0, 2.0, size=100)
    d = Normal().fit(x)

    def g(t):
        return np.array([t[1] / t[0], t[0] ** 2, np.log(t[1])])

    theta = np.array([d.mu_, d.sigma_])
    ours = delta_method(g, theta, d.cov_)
    ref = NonlinearDeltaCov(g, theta, d.cov_)
    np.testing.assert_allclose(ours.estimate, ref.predicted(), rtol=1e-12)
    np.testing.assert_allclose(ours.stderr, ref.se_vectorized(), rtol=1e-6)
    np.testing.assert_allclose(ours.cov, ref.cov(), rtol=1e-6)
    assert ours.conf_int.shape == (3, 2)


def _glm_data(seed, n=300):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return rng, X


def test_logistic_predicted_probability_se_matches_statsmodels_get_prediction():
    rng, X = _glm_data(7)
    y = (rng.random(X.shape[0]) < 1 / (1 + np.exp(-(0.3 + X @ [1.0, -1.5])))).astype(int)
    model = LogisticRegression().fit(X, y)
    ref = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial()).fit(tol=1e-14)
    X0 = np.array([[0.5, -0.2], [2.0, 1.0], [-1.0, 0.0]])
    A = np.column_stack([np.ones(3), X0])
    res = model.delta_method(lambda t: 1 / (1 + np.exp(-(A @ t))))
    pred = ref.get_prediction(A)
    np.testing.assert_allclose(res.estimate, pred.predicted_mean, rtol=1e-8)
    np.testing.assert_allclose(res.stderr, pred.se_mean, rtol=1e-6)
    np.testing.assert_allclose(model.cov_, ref.cov_params(), rtol=1e-6)


def test_poisson_rate_ratio_and_prediction_match_statsmodels():
    rng, X = _glm_data(8)
    y = rng.poisson(np.exp(0.5 + X @ [0.3, -0.2]))
    model = PoissonRegression().fit(X, y)
    ref = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson()).fit(tol=1e-14)
    rr = model.delta_method(lambda t: np.exp(t[1]))
    assert rr.stderr == pytest.approx(np.exp(ref.params[1]) * ref.bse[1], rel=1e-6)
    a = np.array([1.0, 0.4, -1.0])
    pred = ref.get_prediction(a[None])
    res = model.delta_method(lambda t: np.exp(a @ t), grad=lambda t: np.exp(a @ t) * a)
    assert res.stderr == pytest.approx(pred.se_mean[0], rel=1e-6)


def _coverage(p, n, g, reps=2_000, seed=0):
    """Share of delta-method intervals for g(p) (Bernoulli, n trials) that cover g(p)."""
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(reps):
        x = (rng.random(n) < p).astype(int)
        if 0 < x.sum() < n:  # p_hat on the boundary: g' undefined or se 0: counts as a miss
            lo, hi = Bernoulli().fit(x).delta_method(g).conf_int
            hits += lo <= g(p) <= hi
    return hits / reps


def test_coverage_of_the_odds_is_near_95_percent_for_large_n():
    # 2,000 replications: Monte Carlo se 0.5%; the band is about +-3 of them
    assert 0.935 <= _coverage(0.3, 400, lambda p: p / (1 - p)) <= 0.965


def test_coverage_of_the_odds_is_poor_for_small_n():
    # the control: the same interval at n = 15, p = 0.1 (skewed, 21% of samples with no
    # success at all): about 80%
    assert _coverage(0.1, 15, lambda p: p / (1 - p)) < 0.88


def test_a_function_with_zero_gradient_breaks_the_delta_method():
    # g(mu) = mu^2 at mu = 0: the first-order term vanishes, g(mu_hat) ~ sigma^2 chi2_1 / n,
    # and the "95%" interval covers 0 whenever |Z| < 2 z = 3.92: about 99.99%, not 95%
    rng = np.random.default_rng(1)
    hits = 0
    for _ in range(2_000):
        res = Normal().fit(rng.normal(0.0, 1.0, 50)).delta_method(lambda mu, sigma: mu**2)
        hits += res.conf_int[0] <= 0.0 <= res.conf_int[1]
    assert hits / 2_000 > 0.995


def test_bad_input_says_what_was_expected():
    with pytest.raises(ValueError, match="cov must be a \\(2, 2\\) matrix"):
        delta_method(lambda t: t[0], [1.0, 2.0], [[1.0]])
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        delta_method(lambda t: t[0], [1.0], [[1.0]], level=1.5)
    with pytest.raises(ValueError, match="grad must return shape \\(1, 2\\)"):
        delta_method(lambda t: t[0], [1.0, 2.0], np.eye(2), grad=lambda t: [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="1-D array"):
        delta_method(lambda t: np.eye(2), [1.0], [[1.0]])
    # p_hat = 0: the log-odds are -inf; the message points to the profile interval
    with pytest.raises(DataError, match="not finite.*method='profile'"):
        Bernoulli().fit([0, 0, 0]).delta_method(lambda p: np.log(p / (1 - p)))
    # g undefined a step below the estimate: the message asks for the gradient
    d = Bernoulli().fit([0, 0, 1])
    with pytest.raises(DataError, match="grad="):
        d.delta_method(lambda p: np.sqrt(p - 1 / 3))


def test_numerical_jacobian_is_accurate():
    J = numerical_jacobian(lambda t: np.array([np.sin(t[0]) * t[1], np.exp(t[1])]),
                           np.array([0.7, 1.3]))
    exact = np.array([[np.cos(0.7) * 1.3, np.sin(0.7)], [0.0, np.exp(1.3)]])
    np.testing.assert_allclose(J, exact, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("solver", ["normal", "qr"])
def test_linear_regression_prediction_se_matches_statsmodels_ols(solver):
    rng = np.random.default_rng(9)
    X = rng.normal(size=(80, 2))
    y = 1.0 + X @ [2.0, -1.0] + rng.normal(size=80)
    from estlab.linear_model import LinearRegression

    model = LinearRegression(solver=solver).fit(X, y)
    ref = sm.OLS(y, sm.add_constant(X)).fit()
    np.testing.assert_allclose(model.cov_, ref.cov_params(), rtol=1e-9)
    a = np.array([[1.0, 0.5, -1.0], [1.0, 2.0, 2.0]])
    res = model.delta_method(lambda t: a @ t)
    pred = ref.get_prediction(a).summary_frame(alpha=0.05)
    np.testing.assert_allclose(res.stderr, pred["mean_se"], rtol=1e-6)
    # the interval uses Student's t with n - k degrees of freedom, as statsmodels' does
    np.testing.assert_allclose(res.conf_int, pred[["mean_ci_lower", "mean_ci_upper"]],
                               rtol=1e-6)


def test_linear_regression_cov_survives_the_rescaled_path():
    from estlab.linear_model import LinearRegression

    rng = np.random.default_rng(10)
    X = rng.normal(size=(50, 1)) * 1e150
    y = 3e-150 * X[:, 0] + rng.normal(size=50)
    model = LinearRegression().fit(X, y)
    np.testing.assert_allclose(np.sqrt(np.diag(model.cov_)), model.stderr_, rtol=1e-12)
