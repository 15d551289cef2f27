"""Equivariance of the MLE under affine and scale changes of the data (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from estlab.distributions import Exponential, Gamma, LogNormal, Normal, Uniform, Weibull

SETTINGS = settings(max_examples=40, deadline=None)
seeds = st.integers(0, 2**32 - 1)
scales = st.floats(1e-3, 1e3)


@SETTINGS
@given(seed=seeds, a=st.floats(-1e3, 1e3).filter(lambda v: abs(v) > 1e-3), b=st.floats(-1e4, 1e4))
def test_normal_affine(seed, a, b):
    x = np.random.default_rng(seed).normal(size=50)
    d, e = Normal().fit(x), Normal().fit(a * x + b)
    assert np.isclose(e.mu_, a * d.mu_ + b, rtol=1e-9, atol=1e-9 * (abs(b) + abs(a)))
    assert np.isclose(e.sigma_, abs(a) * d.sigma_, rtol=1e-9)
    assert np.isclose(e.stderr_["mu"], abs(a) * d.stderr_["mu"], rtol=1e-9)


@SETTINGS
@given(seed=seeds, c=scales)
def test_exponential_rate_scales_inversely(seed, c):
    x = np.random.default_rng(seed).exponential(size=30)
    assert np.isclose(Exponential().fit(c * x).lam_, Exponential().fit(x).lam_ / c, rtol=1e-12)


@SETTINGS
@given(seed=seeds, c=scales, shape=st.floats(0.2, 20.0))
def test_gamma_scale_equivariant_shape_invariant(seed, c, shape):
    x = np.random.default_rng(seed).gamma(shape, size=40)
    d, e = Gamma().fit(x), Gamma().fit(c * x)
    assert np.isclose(e.shape_, d.shape_, rtol=1e-8)
    assert np.isclose(e.scale_, c * d.scale_, rtol=1e-8)
    assert d.converged_ and e.converged_


@SETTINGS
@given(seed=seeds, c=scales, shape=st.floats(0.3, 10.0))
def test_weibull_scale_equivariant_shape_invariant(seed, c, shape):
    x = np.random.default_rng(seed).weibull(shape, size=40)
    d, e = Weibull().fit(x), Weibull().fit(c * x)
    assert np.isclose(e.shape_, d.shape_, rtol=1e-8)
    assert np.isclose(e.scale_, c * d.scale_, rtol=1e-8)


@SETTINGS
@given(seed=seeds, c=scales)
def test_lognormal_mu_shifts_by_log_c(seed, c):
    x = np.random.default_rng(seed).lognormal(size=30)
    d, e = LogNormal().fit(x), LogNormal().fit(c * x)
    assert np.isclose(e.mu_, d.mu_ + np.log(c), rtol=1e-9, atol=1e-9)
    assert np.isclose(e.sigma_, d.sigma_, rtol=1e-8)


@SETTINGS
@given(seed=seeds, a=st.floats(0.01, 100.0), b=st.floats(-100.0, 100.0))
def test_uniform_affine(seed, a, b):
    x = np.random.default_rng(seed).uniform(size=20)
    d, e = Uniform().fit(x), Uniform().fit(a * x + b)
    assert np.isclose(e.a_, a * d.a_ + b) and np.isclose(e.b_, a * d.b_ + b)
