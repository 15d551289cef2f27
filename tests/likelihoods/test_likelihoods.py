"""The likelihoods against finite differences, scipy.stats and statsmodels."""

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import special, stats

from estlab.likelihoods import bernoulli, categorical, gaussian, poisson

MODELS = {"gaussian": gaussian, "bernoulli": bernoulli, "poisson": poisson,
          "categorical": categorical}
N, P, K = 60, 3, 3


def make_data(name, seed=0, n=N):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, P))
    y = {"gaussian": rng.normal(size=n),
         "bernoulli": (rng.random(n) < 0.4).astype(float),
         "poisson": rng.poisson(2.0, n).astype(float),
         "categorical": rng.integers(0, K, n)}[name]
    return X, y


def theta_shape(name, fit_intercept):
    d = P + fit_intercept
    return (d, K - 1) if name == "categorical" else (d,)


def fd_grad(f, x, eps=1e-6):
    """Central differences of a scalar or array function, one column per entry of x."""
    x = np.array(x, dtype=float)
    cols = []
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = eps
        e = e.reshape(x.shape)
        cols.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * eps))
    return np.stack(cols, axis=-1)


CASES = [(name, fi, alpha) for name in MODELS for fi in (False, True) for alpha in (0.0, 0.7)]


@pytest.mark.parametrize("name, fit_intercept, alpha", CASES)
def test_grad_and_hess_match_finite_differences(name, fit_intercept, alpha):
    mod = MODELS[name]
    X, y = make_data(name)
    theta = 0.3 * np.random.default_rng(1).normal(size=theta_shape(name, fit_intercept))
    kw = dict(fit_intercept=fit_intercept)
    g = mod.grad(theta, X, y, alpha, **kw)
    assert g.shape == theta.shape
    g_fd = fd_grad(lambda t: mod.nll(t, X, y, alpha, **kw), theta).reshape(theta.shape)
    np.testing.assert_allclose(g, g_fd, rtol=1e-6, atol=1e-8)
    H = mod.hess(theta, X, y, alpha, **kw)
    assert H.shape == (theta.size, theta.size)
    # Jacobian of grad.ravel() w.r.t. theta.ravel(): row = gradient entry, column = parameter
    H_fd = fd_grad(lambda t: mod.grad(t, X, y, alpha, **kw).ravel(), theta)
    np.testing.assert_allclose(H, H_fd, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(H, H.T, rtol=0, atol=1e-14)
    assert np.linalg.eigvalsh(H).min() > -1e-12                 # convex objective


@pytest.mark.parametrize("name, fit_intercept, alpha", CASES)
def test_nll_grad_is_nll_and_grad_in_one_pass(name, fit_intercept, alpha):
    mod = MODELS[name]
    X, y = make_data(name, seed=3)
    theta = 0.2 * np.random.default_rng(4).normal(size=theta_shape(name, fit_intercept))
    f, g = mod.nll_grad(theta, X, y, alpha, fit_intercept=fit_intercept)
    assert isinstance(f, float)
    assert f == pytest.approx(mod.nll(theta, X, y, alpha, fit_intercept=fit_intercept), rel=1e-15)
    np.testing.assert_allclose(g, mod.grad(theta, X, y, alpha, fit_intercept=fit_intercept),
                               rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("name", MODELS)
def test_intercept_equals_a_column_of_ones(name):
    mod = MODELS[name]
    X, y = make_data(name, seed=5)
    X1 = np.column_stack([np.ones(N), X])
    theta = 0.3 * np.random.default_rng(6).normal(size=theta_shape(name, True))
    # without a penalty, fit_intercept=True is exactly the augmented design
    assert mod.nll(theta, X, y, fit_intercept=True) == pytest.approx(mod.nll(theta, X1, y),
                                                                     rel=1e-13)
    np.testing.assert_allclose(mod.grad(theta, X, y, fit_intercept=True),
                               mod.grad(theta, X1, y), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(mod.hess(theta, X, y, fit_intercept=True),
                               mod.hess(theta, X1, y), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", MODELS)
def test_penalty_is_half_alpha_squared_norm_of_coef_only(name):
    mod = MODELS[name]
    X, y = make_data(name, seed=7)
    theta = np.random.default_rng(8).normal(size=theta_shape(name, True))
    coef = theta[1:]
    alpha = 0.5
    diff = mod.nll(theta, X, y, alpha, fit_intercept=True) - mod.nll(theta, X, y,
                                                                     fit_intercept=True)
    assert diff == pytest.approx(alpha / 2 * np.sum(coef ** 2), rel=1e-12)
    dg = (mod.grad(theta, X, y, alpha, fit_intercept=True)
          - mod.grad(theta, X, y, fit_intercept=True))
    np.testing.assert_allclose(dg[0], 0.0, atol=1e-15)              # intercept not penalised
    np.testing.assert_allclose(dg[1:], alpha * coef, rtol=1e-12)


def test_values_against_scipy_stats():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(N, P))
    theta = np.r_[0.3, rng.normal(size=P) * 0.5]
    eta = theta[0] + X @ theta[1:]

    y = rng.normal(eta)                     # Gaussian, sigma = 1: constants dropped
    ref = -np.mean(stats.norm.logpdf(y, loc=eta, scale=1.0)) - 0.5 * np.log(2 * np.pi)
    assert gaussian.nll(theta, X, y, fit_intercept=True) == pytest.approx(ref, rel=1e-12)

    y = (rng.random(N) < special.expit(eta)).astype(float)
    ref = -np.mean(stats.bernoulli.logpmf(y, special.expit(eta)))
    assert bernoulli.nll(theta, X, y, fit_intercept=True) == pytest.approx(ref, rel=1e-12)

    y = rng.poisson(np.exp(eta)).astype(float)   # log(y!) dropped
    ref = -np.mean(stats.poisson.logpmf(y, np.exp(eta))) - np.mean(special.gammaln(y + 1))
    assert poisson.nll(theta, X, y, fit_intercept=True) == pytest.approx(ref, rel=1e-12)

    Theta = rng.normal(size=(P + 1, K - 1)) * 0.5
    Eta = np.column_stack([np.zeros(N), Theta[0] + X @ Theta[1:]])
    y = rng.integers(0, K, N)
    ref = -np.mean(special.log_softmax(Eta, axis=1)[np.arange(N), y])
    assert categorical.nll(Theta, X, y, fit_intercept=True) == pytest.approx(ref, rel=1e-12)


def test_against_statsmodels_loglike_score_hessian():
    """statsmodels' sums of the log-likelihood are -n times our means (no penalty)."""
    rng = np.random.default_rng(10)
    X = rng.normal(size=(N, P))
    Xc = sm.add_constant(X)
    theta = np.r_[0.2, rng.normal(size=P) * 0.4]
    y = (rng.random(N) < 0.5).astype(float)
    m = sm.Logit(y, Xc)
    assert m.loglike(theta) == pytest.approx(-N * bernoulli.nll(theta, X, y, fit_intercept=True))
    np.testing.assert_allclose(m.score(theta), -N * bernoulli.grad(theta, X, y, fit_intercept=True))
    np.testing.assert_allclose(m.hessian(theta), -N * bernoulli.hess(theta, X, y,
                                                                     fit_intercept=True))
    y = rng.poisson(2.0, N).astype(float)
    m = sm.Poisson(y, Xc)
    np.testing.assert_allclose(m.score(theta), -N * poisson.grad(theta, X, y, fit_intercept=True))
    np.testing.assert_allclose(m.hessian(theta), -N * poisson.hess(theta, X, y, fit_intercept=True))
    y = rng.integers(0, K, N)
    Theta = rng.normal(size=(P + 1, K - 1)) * 0.4
    m = sm.MNLogit(y, Xc)
    # statsmodels orders MNLogit parameters column by column (Fortran order); we use C order
    F = np.arange(Theta.size).reshape(Theta.shape).ravel(order="F")
    assert m.loglike(Theta) == pytest.approx(-N * categorical.nll(Theta, X, y, fit_intercept=True))
    np.testing.assert_allclose(
        m.score(Theta), -N * categorical.grad(Theta, X, y, fit_intercept=True).ravel(order="F"))
    np.testing.assert_allclose(
        m.hessian(Theta), -N * categorical.hess(Theta, X, y, fit_intercept=True)[np.ix_(F, F)])


def test_categorical_with_two_classes_is_bernoulli():
    X, _ = make_data("bernoulli", seed=11)
    y = np.random.default_rng(12).integers(0, 2, N)
    theta = np.array([0.1, -0.4, 0.3, 0.2])
    T = theta[:, None]
    assert categorical.nll(T, X, y, fit_intercept=True) == pytest.approx(
        bernoulli.nll(theta, X, y.astype(float), fit_intercept=True), rel=1e-13)
    np.testing.assert_allclose(categorical.grad(T, X, y, fit_intercept=True)[:, 0],
                               bernoulli.grad(theta, X, y, fit_intercept=True), rtol=1e-12)
    np.testing.assert_allclose(categorical.hess(T, X, y, fit_intercept=True),
                               bernoulli.hess(theta, X, y, fit_intercept=True), rtol=1e-12)


def test_categorical_accepts_a_flat_theta():
    X, y = make_data("categorical", seed=13)
    Theta = np.random.default_rng(14).normal(size=(P + 1, K - 1))
    flat = Theta.ravel()
    assert categorical.nll(flat, X, y, fit_intercept=True) == categorical.nll(
        Theta, X, y, fit_intercept=True)
    g = categorical.grad(flat, X, y, fit_intercept=True)
    assert g.shape == flat.shape
    np.testing.assert_array_equal(g, categorical.grad(Theta, X, y, fit_intercept=True).ravel())
    with pytest.raises(ValueError, match="d_row"):
        categorical.nll(np.zeros(5), X, y, fit_intercept=True)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_extreme_linear_predictor_stays_finite(name, sign):
    mod = MODELS[name]
    X = np.array([[1.0], [2.0], [-1.0], [0.5]])
    y = {"gaussian": np.array([0.0, 1.0, 2.0, 3.0]), "bernoulli": np.array([0.0, 1.0, 1.0, 0.0]),
         "poisson": np.array([0.0, 3.0, 1.0, 2.0]), "categorical": np.array([0, 1, 2, 1])}[name]
    theta = np.full(theta_shape(name, True)[:1] if name != "categorical" else (2, K - 1),
                    sign * 1e3)
    theta = theta[: 2] if name != "categorical" else theta
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # no overflow, no NaN
        f = mod.nll(theta, X, y, fit_intercept=True)
        g = mod.grad(theta, X, y, fit_intercept=True)
        H = mod.hess(theta, X, y, fit_intercept=True)
    assert np.isfinite(f) and np.all(np.isfinite(g)) and np.all(np.isfinite(H))


def test_extreme_values_are_exact_where_they_should_be():
    X = np.array([[1.0]])
    # log(1 + e^1000) - 0 = 1000 (a naive log(1 + exp(eta)) gives inf)
    assert bernoulli.nll(np.array([1000.0]), X, np.array([0.0])) == 1000.0
    assert bernoulli.nll(np.array([-1000.0]), X, np.array([0.0])) == 0.0
    np.testing.assert_allclose(bernoulli.grad(np.array([1000.0]), X, np.array([0.0])), [1.0])
    # categorical: logsumexp([0, 1000, 0]) - eta_y
    assert categorical.nll(np.array([[1000.0, 0.0]]), X, np.array([0])) == pytest.approx(1000.0)
    assert categorical.nll(np.array([[1000.0, 0.0]]), X, np.array([1])) == pytest.approx(0.0,
                                                                                     abs=1e-300)


def test_poisson_guard_is_smooth_and_exact_below_eta_max():
    c = poisson.ETA_MAX
    X = np.array([[1.0]])
    y = np.array([3.0])
    below = np.array([c - 1.0])
    assert poisson.nll(below, X, y) == pytest.approx(np.exp(c - 1.0) - 3.0 * (c - 1.0), rel=1e-14)
    # continuity of value and slope at eta = ETA_MAX
    lo, hi = np.array([c - 1e-9]), np.array([c + 1e-9])
    # (the two points differ by 2e-9 in eta, so by ~2e-9 relative in exp(eta))
    assert poisson.nll(hi, X, y) == pytest.approx(poisson.nll(lo, X, y), rel=1e-8)
    np.testing.assert_allclose(poisson.grad(hi, X, y), poisson.grad(lo, X, y), rtol=1e-8)
    # above ETA_MAX grad and hess are still the derivatives of nll (finite differences)
    t = np.array([c + 5.0])
    scale = np.exp(c)
    g_fd = (poisson.nll(t + 1e-6, X, y) - poisson.nll(t - 1e-6, X, y)) / 2e-6
    assert poisson.grad(t, X, y)[0] == pytest.approx(g_fd, rel=1e-6)
    assert poisson.hess(t, X, y)[0, 0] == pytest.approx(scale, rel=1e-12)


@pytest.mark.parametrize("name", ["gaussian", "bernoulli", "poisson"])
def test_wrong_theta_size_is_a_clear_error(name):
    X, y = make_data(name)
    with pytest.raises(ValueError, match=r"theta must have shape \(4,\).*fit_intercept"):
        MODELS[name].grad(np.zeros(P), X, y, fit_intercept=True)


def test_categorical_rejects_labels_outside_range():
    X, _ = make_data("categorical")
    y = np.full(N, 3)
    with pytest.raises(ValueError, match="class indices 0..2"):
        categorical.nll(np.zeros((P, K - 1)), X, y)


@pytest.mark.parametrize("name", MODELS)
def test_memory_stays_within_about_one_copy_of_X(name):
    """No n x n matrix and no augmented copy of X: peak extra memory ~ one copy of X."""
    import tracemalloc

    n, p = 20_000, 40                               # an n x n float matrix would be 3.2 GB
    mod = MODELS[name]
    _, y = make_data(name, seed=15, n=n)
    X = np.random.default_rng(16).normal(size=(n, p)) / np.sqrt(p)
    theta = np.full((p + 1, K - 1) if name == "categorical" else (p + 1,), 0.1)
    for fn in (mod.nll, mod.grad, mod.hess, mod.nll_grad):
        tracemalloc.start()
        fn(theta, X, y, 0.1, fit_intercept=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # one temporary copy of X plus O(n) vectors (a few per class for the categorical)
        assert peak < 1.2 * X.nbytes + 12 * n * 8, (fn.__name__, peak / X.nbytes)


def test_bernoulli_fast_paths_match_the_textbook_formulas():
    """The vectorised softplus/sigmoid agree with logaddexp/expit over a wide range of eta,
    for large arrays (NumPy exp path) and mini-batches (scipy expit path)."""
    for n in (40, 5000):
        x = np.linspace(-60.0, 60.0, n)[:, None]
        y = (np.arange(n) % 2).astype(float)
        theta = np.array([1.0])
        ref_nll = np.mean(np.logaddexp(0.0, x[:, 0]) - y * x[:, 0])
        assert abs(bernoulli.nll(theta, x, y) - ref_nll) < 1e-15 * max(1.0, ref_nll) * 10
        ref_grad = x[:, 0] @ (special.expit(x[:, 0]) - y) / n
        np.testing.assert_allclose(bernoulli.grad(theta, x, y), [ref_grad], rtol=1e-13)
        mu = special.expit(x[:, 0])
        ref_hess = np.sum(x[:, 0] ** 2 * mu * (1 - mu)) / n
        np.testing.assert_allclose(bernoulli.hess(theta, x, y), [[ref_hess]], rtol=1e-12)
