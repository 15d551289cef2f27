"""Full-batch optimizers: known minimisers, Rosenbrock, the logistic MLE, warnings, callbacks."""

import dataclasses

import numpy as np
import pytest
import statsmodels.api as sm

from estlab import ConvergenceWarning
from estlab.likelihoods import bernoulli
from estlab.optim import OptimizeResult, adam, gradient_descent, momentum, newton

# f(x) = (x - c)^T A (x - c) / 2 with condition number 10: minimiser c, closed form
A = np.array([[5.5, 4.5], [4.5, 5.5]])            # eigenvalues 10 and 1
C = np.array([1.0, -2.0])


def quad(x):
    return 0.5 * float((x - C) @ A @ (x - C))


def quad_grad(x):
    return A @ (x - C)


def rosen(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def rosen_grad(x):
    return np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)])


def rosen_hess(x):
    return np.array([[2 - 400 * (x[1] - 3 * x[0] ** 2), -400 * x[0]], [-400 * x[0], 200.0]])


FULL_BATCH = {
    "gd": lambda f, g, x0, **kw: gradient_descent(f, g, x0, learning_rate=0.15, **kw),
    "gd_line_search": lambda f, g, x0, **kw: gradient_descent(f, g, x0, learning_rate=1.0,
                                                              line_search=True, **kw),
    "momentum": lambda f, g, x0, **kw: momentum(f, g, x0, learning_rate=0.05, **kw),
    "nesterov": lambda f, g, x0, **kw: momentum(f, g, x0, learning_rate=0.05, nesterov=True,
                                                **kw),
    "adam": lambda f, g, x0, **kw: adam(f, g, x0, learning_rate=0.05, max_iter=5000, **kw),
    "newton": lambda f, g, x0, **kw: newton(f, g, lambda x: A, x0, **kw),
}


@pytest.mark.parametrize("method", FULL_BATCH)
def test_quadratic_reaches_the_known_minimiser(method):
    res = FULL_BATCH[method](quad, quad_grad, np.array([4.0, 3.0]))
    assert isinstance(res, OptimizeResult)
    assert res.converged, res.message
    # |grad|_inf <= tol = 1e-6 and the smallest eigenvalue is 1, so |x - c| <= ~1e-6
    np.testing.assert_allclose(res.x, C, atol=2e-6)
    assert res.history["fun"].shape == (res.n_iter + 1,)
    assert res.history["grad_norm"].shape == (res.n_iter + 1,)
    assert res.history["fun"][0] == quad(np.array([4.0, 3.0]))
    assert res.fun == res.history["fun"][-1] == pytest.approx(quad(res.x))
    assert res.history["grad_norm"][-1] <= 1e-6
    assert "converged" in res.message


def test_newton_solves_a_quadratic_in_one_step():
    res = newton(quad, quad_grad, lambda x: A, np.array([4.0, 3.0]))
    assert res.n_iter == 1
    np.testing.assert_allclose(res.x, C, rtol=1e-14)


def test_gradient_descent_with_fixed_step_matches_the_closed_form_iteration():
    """x_k - c = (I - t A)^k (x_0 - c) exactly."""
    x0, t = np.array([4.0, 3.0]), 0.1
    with pytest.warns(ConvergenceWarning):
        res = gradient_descent(quad, quad_grad, x0, learning_rate=t, max_iter=7, tol=0.0)
    expected = C + np.linalg.matrix_power(np.eye(2) - t * A, 7) @ (x0 - C)
    np.testing.assert_allclose(res.x, expected, rtol=1e-13)


def test_momentum_beats_plain_gd_on_an_ill_conditioned_quadratic():
    plain = gradient_descent(quad, quad_grad, np.array([4.0, 3.0]), learning_rate=0.15)
    heavy = momentum(quad, quad_grad, np.array([4.0, 3.0]), learning_rate=0.05, momentum=0.6)
    assert heavy.converged and plain.converged
    assert heavy.n_iter < plain.n_iter


def test_rosenbrock_newton():
    res = newton(rosen, rosen_grad, rosen_hess, np.array([-1.2, 1.0]))
    assert res.converged
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-9)
    assert np.all(np.diff(res.history["fun"]) <= 1e-15)        # step halving: monotone
    assert res.history["step"].min() < 1.0 or res.n_iter < 30    # records the step lengths


def test_rosenbrock_gradient_descent_with_line_search():
    res = gradient_descent(rosen, rosen_grad, np.array([-1.2, 1.0]), learning_rate=1.0,
                           line_search=True, max_iter=50_000, tol=1e-5)
    assert res.converged
    # |grad| <= 1e-5 on Rosenbrock (smallest Hessian eigenvalue ~0.4 at the minimum)
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-4)
    assert np.all(np.diff(res.history["fun"]) <= 0.0)           # Armijo: monotone decrease


@pytest.fixture(scope="module")
def logistic():
    rng = np.random.default_rng(0)
    n = 500
    X = rng.normal(size=(n, 3))
    eta = 0.5 + X @ np.array([1.0, -1.0, 0.5])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    f = lambda t: bernoulli.nll(t, X, y, fit_intercept=True)   # noqa: E731
    g = lambda t: bernoulli.grad(t, X, y, fit_intercept=True)  # noqa: E731
    h = lambda t: bernoulli.hess(t, X, y, fit_intercept=True)  # noqa: E731
    return X, y, f, g, h


def test_newton_logistic_equals_statsmodels(logistic):
    X, y, f, g, h = logistic
    res = newton(f, g, h, np.zeros(4))
    ref = sm.Logit(y, sm.add_constant(X)).fit(disp=0, tol=1e-12, method="newton")
    assert res.converged and res.n_iter <= 10
    np.testing.assert_allclose(res.x, ref.params, rtol=1e-7)
    assert res.fun == pytest.approx(-ref.llf / len(y), rel=1e-12)


@pytest.mark.parametrize("method, kwargs, atol", [
    ("gd", dict(learning_rate=2.0), 5e-5),
    ("gd_ls", dict(learning_rate=8.0, line_search=True), 5e-5),
    ("momentum", dict(learning_rate=0.5), 5e-5),
    ("nesterov", dict(learning_rate=0.5, nesterov=True), 5e-5),
    ("adam", dict(learning_rate=0.05, max_iter=5000), 5e-5),
])
def test_first_order_methods_reach_the_newton_solution(logistic, method, kwargs, atol):
    """tol = 1e-6 on the gradient; the Hessian's smallest eigenvalue is ~0.15, so the
    coefficients are within ~1e-5 of the MLE (atol 5e-5 leaves a margin)."""
    X, y, f, g, h = logistic
    ref = newton(f, g, h, np.zeros(4)).x
    fn = {"gd": gradient_descent, "gd_ls": gradient_descent, "momentum": momentum,
          "nesterov": momentum, "adam": adam}[method]
    res = fn(f, g, np.zeros(4), **kwargs)
    assert res.converged, res.message
    np.testing.assert_allclose(res.x, ref, atol=atol)


def test_newton_with_a_singular_hessian_damps_instead_of_failing():
    """Duplicate columns: H is singular; the damped Newton step still finds a minimiser."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    X = np.column_stack([x, x])
    y = (rng.random(200) < 1 / (1 + np.exp(-x))).astype(float)
    res = newton(lambda t: bernoulli.nll(t, X, y), lambda t: bernoulli.grad(t, X, y),
                 lambda t: bernoulli.hess(t, X, y), np.zeros(2))
    assert res.converged and np.all(np.isfinite(res.x))
    assert res.history["damping"].max() > 0
    # the identifiable combination (the sum) equals the one-column MLE
    one = newton(lambda t: bernoulli.nll(t, X[:, :1], y), lambda t: bernoulli.grad(t, X[:, :1], y),
                 lambda t: bernoulli.hess(t, X[:, :1], y), np.zeros(1))
    assert res.x.sum() == pytest.approx(one.x[0], rel=1e-6)


def test_newton_on_an_indefinite_hessian_still_descends():
    """f = x^4/4 - x^2/2 + y^2 at x = 0.1: H has a negative eigenvalue."""
    f = lambda z: z[0] ** 4 / 4 - z[0] ** 2 / 2 + z[1] ** 2        # noqa: E731
    g = lambda z: np.array([z[0] ** 3 - z[0], 2 * z[1]])          # noqa: E731
    h = lambda z: np.array([[3 * z[0] ** 2 - 1, 0.0], [0.0, 2.0]])  # noqa: E731
    res = newton(f, g, h, np.array([0.1, 1.0]))
    assert res.converged
    np.testing.assert_allclose(np.abs(res.x), [1.0, 0.0], atol=1e-8)   # a minimum, not the saddle


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
def test_divergence_stops_early_with_a_learning_rate_message(method):
    fn = {"gd": lambda: gradient_descent(quad, quad_grad, [4.0, 3.0], learning_rate=0.5),
          "momentum": lambda: momentum(quad, quad_grad, [4.0, 3.0], learning_rate=0.5),
          "adam": lambda: adam(lambda x: float(np.exp(x @ x)), lambda x: 2 * x * np.exp(x @ x),
                               [2.0, 2.0], learning_rate=5.0)}[method]
    with pytest.warns(ConvergenceWarning, match="learning rate is too large"):
        res = fn()
    assert not res.converged
    assert res.n_iter < 200                                     # stopped early, not max_iter
    assert "diverged" in res.message and "reduce learning_rate" in res.message
    assert np.all(np.isfinite(res.x)) and np.isfinite(res.fun)   # the last finite iterate


def test_non_finite_objective_is_reported_not_returned():
    f = lambda x: float(np.sum(x ** 2)) if abs(x[0]) < 50 else np.nan   # noqa: E731
    with pytest.warns(ConvergenceWarning, match="became nan"):
        res = gradient_descent(f, lambda x: 2 * x, [1.0], learning_rate=3.0)
    assert np.isfinite(res.x).all() and abs(res.x[0]) < 50
    assert np.isnan(res.history["fun"][-1])


@pytest.mark.parametrize("method", ["gd", "momentum", "adam", "newton"])
def test_max_iter_warns_with_the_fix(method):
    fn = {"gd": lambda *a, **kw: gradient_descent(*a, learning_rate=1e-3, **kw),
          "momentum": lambda *a, **kw: momentum(*a, learning_rate=1e-4, **kw), "adam": adam,
          "newton": lambda f, g, x0, **kw: newton(f, g, rosen_hess, x0, **kw)}[method]
    with pytest.warns(ConvergenceWarning, match="increase max_iter"):
        res = fn(rosen, rosen_grad, np.array([-1.2, 1.0]), max_iter=2)
    assert not res.converged and res.n_iter == 2
    assert res.history["fun"].shape == (3,)


def test_line_search_reports_a_wrong_gradient():
    with pytest.warns(ConvergenceWarning, match="check_grad"):
        res = gradient_descent(quad, lambda x: -quad_grad(x), [4.0, 3.0], line_search=True)
    assert not res.converged
    np.testing.assert_allclose(res.x, [4.0, 3.0], rtol=1e-12)    # it never moved uphill


def test_callback_sees_every_iterate_and_can_stop():
    path = []

    def callback(x, f):
        path.append((x.copy(), f))
        return len(path) == 5

    res = gradient_descent(quad, quad_grad, [4.0, 3.0], learning_rate=0.1, callback=callback)
    assert res.n_iter == 5 and not res.converged and "callback" in res.message
    assert [f for _, f in path] == res.history["fun"][1:].tolist()
    np.testing.assert_array_equal(path[-1][0], res.x)


def test_verbose_prints_progress_and_quiet_prints_nothing(capsys):
    gradient_descent(quad, quad_grad, [4.0, 3.0], learning_rate=0.1, max_iter=1000)
    assert capsys.readouterr().out == ""
    newton(rosen, rosen_grad, rosen_hess, [-1.2, 1.0], verbose=True)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("newton: iter      0  fun")
    assert "|grad|" in out[0] and "converged" in out[-1]
    assert 3 <= len(out) <= 30


def test_result_is_frozen_and_x0_is_not_modified():
    x0 = np.array([4.0, 3.0])
    res = gradient_descent(quad, quad_grad, x0, learning_rate=0.1)
    assert x0.tolist() == [4.0, 3.0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.x = None
    assert "history" not in repr(res) and "converged=True" in repr(res)


def test_optimizers_accept_matrix_shaped_parameters():
    """Softmax parameters are (d, K - 1) matrices; every optimizer keeps the shape."""
    target = np.arange(6.0).reshape(3, 2)
    f = lambda W: 0.5 * float(np.sum((W - target) ** 2))   # noqa: E731
    g = lambda W: W - target                               # noqa: E731
    for res in (gradient_descent(f, g, np.zeros((3, 2)), learning_rate=0.5),
                momentum(f, g, np.zeros((3, 2))), adam(f, g, np.zeros((3, 2)), learning_rate=0.1,
                                                       max_iter=5000),
                newton(f, g, lambda W: np.eye(6), np.zeros((3, 2)))):
        assert res.x.shape == (3, 2)
        np.testing.assert_allclose(res.x, target, atol=1e-5)


@pytest.mark.parametrize("kwargs, match", [
    (dict(learning_rate=-0.1), "learning_rate must be a positive number"),
    (dict(max_iter=0), "max_iter must be a positive integer"),
    (dict(tol=-1.0), "tol must be a non-negative number"),
    (dict(callback=3), "callback must be callable"),
])
def test_bad_arguments_are_clear_errors(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        gradient_descent(quad, quad_grad, [0.0, 0.0], **kwargs)


def test_bad_momentum_and_betas():
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        momentum(quad, quad_grad, [0.0, 0.0], momentum=1.0)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\)"):
        adam(quad, quad_grad, [0.0, 0.0], beta2=1.5)


def test_newton_with_a_wrong_gradient_stops_and_says_so():
    """-grad makes the Newton direction an ascent direction: no step length helps."""
    with pytest.warns(ConvergenceWarning, match="no step length decreased the objective"):
        res = newton(quad, lambda x: -quad_grad(x), lambda x: A, np.array([4.0, 3.0]))
    assert not res.converged and res.n_iter == 0
    np.testing.assert_array_equal(res.x, [4.0, 3.0])


def test_gradient_that_becomes_nan_is_reported():
    g = lambda x: 2 * x if abs(x[0]) < 10 else np.array([np.nan])   # noqa: E731
    with pytest.warns(ConvergenceWarning, match="the gradient became nan"):
        res = momentum(lambda x: float(np.tanh(x @ x)), g, [1.0], learning_rate=5.0)
    assert np.isfinite(res.x).all()
