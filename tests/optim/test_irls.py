"""optim.irls: the blocked pass is the likelihood's nll/grad/hess, the iteration is Newton's."""

import numpy as np
import pytest

from estlab import optim
from estlab.likelihoods import bernoulli, categorical, poisson
from estlab.optim import _irls
from estlab.optim._irls import glm_pass, irls


def problem(model, n=3000, p=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if model is categorical:
        theta = rng.normal(scale=0.4, size=(p + 1, 2))
        eta = np.column_stack([np.zeros(n), theta[0] + X @ theta[1:]])
        P = np.exp(eta) / np.exp(eta).sum(axis=1, keepdims=True)
        y = (rng.random((n, 1)) > P.cumsum(axis=1)).sum(axis=1)
        return X, y, theta
    theta = rng.normal(scale=0.4, size=p + 1)
    eta = theta[0] + X @ theta[1:]
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float) if model is bernoulli \
        else rng.poisson(np.exp(eta)).astype(float)
    return X, y, theta


@pytest.mark.parametrize("model", [bernoulli, poisson, categorical])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("block_rows", [700, 3000, 8192])  # 700 does not divide n
def test_one_pass_equals_nll_grad_hess(model, fit_intercept, block_rows):
    X, y, theta = problem(model)
    theta = theta if fit_intercept else theta[1:]
    n = X.shape[0]
    f, g, H = glm_pass(model.irls_terms, X, y, theta, fit_intercept=fit_intercept,
                       hess=np.float64, block_rows=block_rows)
    kw = {"fit_intercept": fit_intercept}
    assert f / n == pytest.approx(model.nll(theta, X, y, **kw), rel=1e-13)
    np.testing.assert_allclose(g / n, model.grad(theta, X, y, **kw), rtol=1e-11, atol=1e-15)
    np.testing.assert_allclose(H / n, model.hess(theta, X, y, **kw), rtol=1e-11, atol=1e-15)


def test_subsampled_hessian_is_scaled_to_all_rows():
    X, y, theta = problem(bernoulli, n=8000)
    _, _, H = glm_pass(bernoulli.irls_terms, X, y, theta, fit_intercept=True, hess=np.float64)
    _, _, Hs = glm_pass(bernoulli.irls_terms, X, y, theta, fit_intercept=True, hess=np.float64,
                        hess_every=4, block_rows=500)
    assert np.max(np.abs(Hs - H)) / np.max(np.abs(H)) < 0.1      # close, not equal
    assert not np.allclose(Hs, H, rtol=1e-6)


@pytest.mark.parametrize("model", [bernoulli, poisson, categorical])
def test_textbook_irls_has_the_iterates_of_optim_newton(model):
    """fast=False is Newton's iteration on likelihoods.<model>.nll/grad/hess, step for step."""
    X, y, theta = problem(model)
    theta0 = np.zeros_like(theta)
    kw = {"fit_intercept": True}
    res = irls(model.irls_terms, X, y, theta0, fit_intercept=True, fast=False)
    path = [theta0.ravel()]
    ref = optim.newton(lambda t: model.nll(t.reshape(theta.shape), X, y, **kw),
                       lambda t: np.ravel(model.grad(t.reshape(theta.shape), X, y, **kw)),
                       lambda t: model.hess(t.reshape(theta.shape), X, y, **kw),
                       theta0.ravel(), callback=lambda x, f: path.append(x.copy()) and False)
    assert res.converged and ref.converged
    iterates = res.history["x"].reshape(len(res.history["x"]), -1)
    k = min(len(iterates), len(path))
    assert k >= 4
    np.testing.assert_allclose(iterates[:k], np.array(path)[:k], rtol=0, atol=1e-10)
    np.testing.assert_allclose(res.history["fun"][:k], ref.history["fun"][:k], rtol=1e-13)


@pytest.mark.parametrize("model", [bernoulli, poisson])
def test_fast_path_reaches_the_textbook_answer(model, monkeypatch):
    # A small HESSIAN_SAMPLE_ROWS makes this problem use the cheap (subsampled, float32)
    # Hessians, which the default only does for n > 65,536.
    monkeypatch.setattr(_irls, "HESSIAN_SAMPLE_ROWS", 1000)
    X, y, theta = problem(model, n=20_000)
    slow = irls(model.irls_terms, X, y, np.zeros(5), fit_intercept=True, fast=False, tol=1e-12)
    fast = irls(model.irls_terms, X, y, np.zeros(5), fit_intercept=True, block_rows=500,
                tol=1e-12)
    assert fast.converged and slow.converged
    np.testing.assert_allclose(fast.x, slow.x, rtol=0, atol=1e-11)
    np.testing.assert_allclose(fast.hess, slow.hess, rtol=1e-10, atol=1e-12)  # float64, all rows
    # the iterates differ only by the inexact Hessians: close early on, equal at the end
    np.testing.assert_allclose(fast.history["x"][1], slow.history["x"][1], atol=0.05)


def test_a_stalled_cheap_hessian_falls_back_to_float64():
    # x = z + 3000: the float32 Hessian of [1, x] loses all digits of its centred part
    rng = np.random.default_rng(0)
    z = rng.normal(size=2000)
    X = (z + 3000)[:, None]
    y = (rng.random(2000) < 1 / (1 + np.exp(-(0.5 + z)))).astype(float)
    res = irls(bernoulli.irls_terms, X, y, np.zeros(2), fit_intercept=True)
    assert res.converged and res.n_iter < 20
    assert res.x[1] == pytest.approx(1.02548099, rel=1e-6)   # the centred fit's slope


def test_advice_fits_the_cause():
    X, y, _ = problem(bernoulli)
    short = irls(bernoulli.irls_terms, X, y, np.zeros(5), fit_intercept=True, max_iter=1)
    assert short.status == "max_iter" and short.hint.startswith("increase max_iter")
    floor = irls(bernoulli.irls_terms, X, y, np.zeros(5), fit_intercept=True, tol=0.0)
    assert not floor.converged and floor.n_iter < 20               # stops, does not run on
    assert "will not help" in floor.hint and "Loosen tol" in floor.hint
    assert "increase max_iter" not in floor.hint


def test_one_defaults_table_for_optim_and_the_estimators():
    import inspect

    from estlab.linear_model import LogisticRegression
    from estlab.optim._defaults import DEFAULTS

    def defaults(fn):
        return {k: v.default for k, v in inspect.signature(fn).parameters.items()
                if k in ("learning_rate", "max_iter", "tol")}

    assert defaults(optim.gradient_descent) == DEFAULTS["gd"] == defaults(optim.momentum)
    assert defaults(optim.adam) == DEFAULTS["adam"]
    assert defaults(optim.sgd) == DEFAULTS["sgd"]
    assert defaults(optim.newton) == DEFAULTS["newton"] == defaults(irls)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (rng.random(200) < 0.5).astype(int)
    for solver in ("gd", "sgd", "adam"):
        est = LogisticRegression(solver=solver, max_iter=1)
        _, settings = est._begin_fit(X)
        assert settings["learning_rate"] == DEFAULTS[solver]["learning_rate"]
        assert settings["tol"] == DEFAULTS[solver]["tol"]
