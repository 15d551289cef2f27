"""The Weibull fit on large samples: the fast path (strided warm start, Halley steps, stop at a
Newton step below tol) must return the root of the profile score with exact by-products."""

import numpy as np
import pytest
from scipy import optimize, stats

from estlab.distributions import Weibull


def profile_root(x):
    logx = np.log(x)
    v = logx - logx.max()

    def score(k):
        w = np.exp(k * v)
        return np.sum(w * v) / np.sum(w) - 1 / k - v.mean()

    return optimize.brentq(score, 0.05, 50.0, xtol=1e-15, rtol=1e-15)


@pytest.mark.parametrize("seed, shape", [(0, 1.7), (1, 5.0), (3, 0.5)])
def test_large_sample_root_loglik_and_information(seed, shape):
    x = 2.0 * np.random.default_rng(seed).weibull(shape, size=300_000)
    d = Weibull().fit(x)
    k = profile_root(x)
    assert d.converged_ and abs(d.shape_ / k - 1) < 1e-10
    assert abs(d.scale_ / np.mean(x**d.shape_) ** (1 / d.shape_) - 1) < 1e-12
    # log-likelihood and history at the returned estimate, not at a neighbouring iterate
    ll = np.sum(stats.weibull_min.logpdf(x, d.shape_, scale=d.scale_))
    assert d.loglik_ == pytest.approx(ll, rel=1e-12)
    assert d.history_["params"][-1] == pytest.approx([d.shape_, d.scale_], rel=1e-15)
    assert d.history_["loglik"][-1] == d.loglik_
    # observed information = minus the finite-difference Hessian of the log-likelihood
    theta, h = np.array([d.shape_, d.scale_]), 1e-4 * np.array([d.shape_, d.scale_])

    def loglik(t):
        return np.sum(stats.weibull_min.logpdf(x, t[0], scale=t[1]))

    hess = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h[i], np.eye(2)[j] * h[j]
            hess[i, j] = (loglik(theta + ei + ej) - loglik(theta + ei - ej)
                          - loglik(theta - ei + ej) + loglik(theta - ei - ej)) / (4 * h[i] * h[j])
    np.testing.assert_allclose(np.linalg.inv(d.cov_), -hess, rtol=1e-5)
    # the warm start leaves few full passes (this case once took 33 steps: a doubling at the root)
    assert d.n_iter_ <= 3


def test_history_has_one_row_per_step():
    x = np.random.default_rng(4).weibull(2.0, size=500)
    d = Weibull().fit(x)
    assert d.converged_ and d.n_iter_ <= 4
    assert len(d.history_["params"]) == d.n_iter_ + 1
