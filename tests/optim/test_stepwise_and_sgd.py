"""Stepwise optimizers, schedules and mini-batch SGD."""

import numpy as np
import pytest

from estlab import ConvergenceWarning
from estlab.likelihoods import bernoulli, gaussian
from estlab.optim import SGD, Adam, adam, make_schedule, momentum, newton, sgd

A = np.array([[5.5, 4.5], [4.5, 5.5]])
C = np.array([1.0, -2.0])


def quad(x):
    return 0.5 * float((x - C) @ A @ (x - C))


def quad_grad(x):
    return A @ (x - C)


def run_stepwise(opt, x0, n_steps):
    x, path = np.array(x0, dtype=float), []
    for _ in range(n_steps):
        x = opt.step(x, quad_grad(x))
        path.append(x)
    return np.array(path)


def functional_path(fn, x0, n_steps, **kw):
    path = []
    with pytest.warns(ConvergenceWarning):                      # tol = 0: never converges
        fn(quad, quad_grad, x0, max_iter=n_steps, tol=0.0,
           callback=lambda x, f: path.append(x.copy()), **kw)
    return np.array(path)


@pytest.mark.parametrize("mu, nesterov", [(0.0, False), (0.9, False), (0.9, True)])
def test_sgd_object_matches_functional_momentum(mu, nesterov):
    x0 = np.array([4.0, 3.0])
    stepwise = run_stepwise(SGD(learning_rate=0.03, momentum=mu, nesterov=nesterov), x0, 50)
    functional = functional_path(momentum, x0, 50, learning_rate=0.03, momentum=mu,
                                 nesterov=nesterov)
    np.testing.assert_allclose(stepwise, functional, rtol=1e-15, atol=1e-15)


def test_sgd_object_matches_pytorch_update_written_out():
    """torch.optim.SGD(momentum=mu): buf = g (first), then buf = mu buf + g; p -= lr buf."""
    opt = SGD(learning_rate=0.1, momentum=0.5)
    p = np.array([1.0])
    # (g2 = -0.5, not -1: with -1 the buffer 0.5 * 2 - 1 is 0, and an optimizer that skipped
    # the second update would pass)
    g1, g2 = np.array([2.0]), np.array([-0.5])
    p1 = opt.step(p, g1)
    p2 = opt.step(p1, g2)
    assert p1[0] == pytest.approx(1.0 - 0.1 * 2.0)
    assert p2[0] == pytest.approx(p1[0] - 0.1 * (0.5 * 2.0 - 0.5))
    assert p.tolist() == [1.0] and g1.tolist() == [2.0]        # inputs not modified


def test_adam_object_matches_functional_adam_and_resets():
    x0 = np.array([4.0, 3.0])
    opt = Adam(learning_rate=0.05)
    stepwise = run_stepwise(opt, x0, 40)
    functional = functional_path(adam, x0, 40, learning_rate=0.05)
    np.testing.assert_allclose(stepwise, functional, rtol=1e-15, atol=1e-15)
    opt.reset()
    np.testing.assert_array_equal(run_stepwise(opt, x0, 40), stepwise)


def test_adam_first_step_is_learning_rate_times_sign():
    """Bias correction: m_hat = g, v_hat = g^2 on step one, so the step is t * g / |g|."""
    opt = Adam(learning_rate=0.1, eps=0.0)
    out = opt.step(np.zeros(3), np.array([1e-3, -5.0, 200.0]))
    np.testing.assert_allclose(out, [-0.1, 0.1, -0.1], rtol=1e-14)


def test_stepwise_validation():
    with pytest.raises(ValueError, match="nesterov=True needs momentum > 0"):
        SGD(learning_rate=0.1, nesterov=True)
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        Adam(learning_rate=0.0)


def test_schedule_values():
    assert [make_schedule("constant", 0.3)(t, e) for t, e in [(1, 0), (50, 9)]] == [0.3, 0.3]
    inv = make_schedule("invscaling", 1.0)                      # default power_t = 0.25
    assert inv(16, 0) == pytest.approx(0.5)
    assert make_schedule("invscaling", 0.2, power_t=1.0)(10, 0) == pytest.approx(0.02)
    step = make_schedule("step", 0.1)                           # default: x0.1 every 10 epochs
    assert [step(1, e) for e in (0, 9, 10, 25)] == pytest.approx([0.1, 0.1, 0.01, 0.001])
    custom = make_schedule(lambda t, epoch: 1.0 / (1 + epoch), 0.5)
    assert custom(3, 3) == 0.25
    with pytest.raises(TypeError, match="power_t"):
        make_schedule("step", 0.1, power_t=0.5)
    with pytest.raises(ValueError, match="gamma must be in"):
        make_schedule("step", 0.1, gamma=2.0)


@pytest.fixture(scope="module")
def logistic():
    rng = np.random.default_rng(0)
    n = 2000
    X = rng.normal(size=(n, 3))
    eta = 0.5 + X @ np.array([1.0, -1.0, 0.5])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    mle = newton(lambda t: bernoulli.nll(t, X, y, fit_intercept=True),
                 lambda t: bernoulli.grad(t, X, y, fit_intercept=True),
                 lambda t: bernoulli.hess(t, X, y, fit_intercept=True), np.zeros(4)).x
    return X, y, mle


def grad_batch(theta, Xb, yb):
    return bernoulli.grad(theta, Xb, yb, fit_intercept=True)


def full_nll(theta, X, y):
    return bernoulli.nll(theta, X, y, fit_intercept=True)


@pytest.mark.parametrize("optimizer, schedule, kw, atol", [
    # constant-rate SGD jitters around the MLE at a distance ~ sqrt(rate * noise): 0.02 here
    (None, "step", dict(learning_rate=0.2, step_size=5, gamma=0.3), 0.02),
    (None, "invscaling", dict(learning_rate=0.5, power_t=0.5), 0.02),
    (SGD(0.05, momentum=0.9), "step", dict(step_size=5, gamma=0.3), 0.02),
    (Adam(0.02), "step", dict(step_size=5, gamma=0.3), 0.02),
])
def test_sgd_reaches_the_mle(logistic, optimizer, schedule, kw, atol):
    X, y, mle = logistic
    res = sgd(grad_batch, np.zeros(4), X, y, fun=full_nll, optimizer=optimizer, schedule=schedule,
              batch_size=32, max_iter=60, random_state=0, **kw)
    assert res.converged, res.message
    np.testing.assert_allclose(res.x, mle, atol=atol)
    assert res.history["fun"].shape == (res.n_iter + 1,)
    assert res.history["fun"][-1] < res.history["fun"][0]


def test_sgd_with_full_batches_is_gradient_descent(logistic):
    """batch_size = n, no shuffling: one epoch = one gradient-descent step."""
    X, y, _ = logistic
    with pytest.warns(ConvergenceWarning):
        res = sgd(grad_batch, np.zeros(4), X, y, batch_size=len(y), shuffle=False,
                  learning_rate=0.5, max_iter=5, tol=0.0)
    x = np.zeros(4)
    for _ in range(5):
        x = x - 0.5 * grad_batch(x, X, y)
    np.testing.assert_allclose(res.x, x, rtol=1e-14)
    assert np.isnan(res.history["fun"]).all()               # no fun: documented NaN history


def test_sgd_is_reproducible_with_a_seed(logistic):
    X, y, _ = logistic
    results = []
    for seed in (7, 7, 8):
        with pytest.warns(ConvergenceWarning):
            results.append(sgd(grad_batch, np.zeros(4), X, y, fun=full_nll, max_iter=3,
                               random_state=seed, learning_rate=0.05, tol=0.0))
    np.testing.assert_array_equal(results[0].x, results[1].x)
    np.testing.assert_array_equal(results[0].history["fun"], results[1].history["fun"])
    assert not np.array_equal(results[0].x, results[2].x)


def test_sgd_restores_and_resets_the_optimizer(logistic):
    X, y, _ = logistic
    seen = []

    class Recording(Adam):
        def step(self, params, grad):
            seen.append(self.learning_rate)
            return super().step(params, grad)

    rec = Recording(0.01)
    with pytest.warns(ConvergenceWarning):
        a = sgd(grad_batch, np.zeros(4), X, y, optimizer=rec, schedule="invscaling",
                power_t=1.0, batch_size=500, max_iter=2, random_state=0, tol=0.0)
    assert seen == pytest.approx([0.01 / t for t in range(1, 9)])   # 4 batches x 2 epochs
    assert rec.learning_rate == 0.01                              # restored
    with pytest.warns(ConvergenceWarning):
        b = sgd(grad_batch, np.zeros(4), X, y, optimizer=rec, schedule="invscaling",
                power_t=1.0, batch_size=500, max_iter=2, random_state=0, tol=0.0)
    np.testing.assert_array_equal(a.x, b.x)                       # reset() at the start


def test_sgd_divergence_is_reported(logistic):
    X, y, _ = logistic
    X = X * 1e3                                                   # badly scaled features
    Xg, yg = X[:, :1], y
    with pytest.warns(ConvergenceWarning, match="learning rate is too large"):
        res = sgd(lambda t, Xb, yb: gaussian.grad(t, Xb, yb), np.zeros(1), Xg, yg,
                  fun=lambda t, X, y: gaussian.nll(t, X, y), learning_rate=1.0, max_iter=50,
                  random_state=0)
    assert not res.converged and res.n_iter < 50
    assert np.all(np.isfinite(res.x))


def test_sgd_without_fun_detects_non_finite_parameters(logistic):
    X, y, _ = logistic
    with pytest.warns(ConvergenceWarning, match="parameters became non-finite"):
        res = sgd(lambda t, Xb, yb: gaussian.grad(t, Xb, yb), np.zeros(3), X * 1e3, y,
                  learning_rate=1.0, max_iter=50, random_state=0)
    assert np.all(np.isfinite(res.x)) and res.n_iter < 50


def test_sgd_max_iter_warning_names_the_fix(logistic):
    X, y, _ = logistic
    with pytest.warns(ConvergenceWarning, match="increase max_iter, reduce learning_rate or "
                                                 "standardise X"):
        res = sgd(grad_batch, np.zeros(4), X, y, fun=full_nll, max_iter=2, random_state=0)
    assert res.n_iter == 2 and not res.converged


def test_sgd_verbose_and_callback(logistic, capsys):
    X, y, _ = logistic
    calls = []
    def callback(x, f):
        calls.append(f)
        return len(calls) == 3

    res = sgd(grad_batch, np.zeros(4), X, y, fun=full_nll, max_iter=10, random_state=0,
              learning_rate=0.1, verbose=True, callback=callback)
    out = capsys.readouterr().out.splitlines()
    assert res.n_iter == 3 and "callback" in res.message
    assert calls == res.history["fun"][1:].tolist()
    assert out[0].startswith("sgd: epoch      0  fun") and "step" in out[0]
    assert "callback" in out[-1]


def test_sgd_validates_its_inputs(logistic):
    X, y, _ = logistic
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        sgd(grad_batch, np.zeros(4), X, y, batch_size=0)
    with pytest.raises(ValueError, match="same number of rows"):
        sgd(grad_batch, np.zeros(4), X, y[:-1])
    with pytest.raises(TypeError, match="optimizer must have step"):
        sgd(grad_batch, np.zeros(4), X, y, optimizer="adam")


def test_numpy_scalars_are_valid_momentum_and_betas():
    # np.float32(0.9) was refused as "momentum must be in [0, 1); got np.float32(0.9)"
    assert SGD(0.1, momentum=np.float32(0.9)).momentum == pytest.approx(0.9)
    assert Adam(0.1, beta1=np.float64(0.8), beta2=np.float32(0.99)).beta1 == 0.8
