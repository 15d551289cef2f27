"""Constant, nearly constant and extreme-scale samples: the right answer or the right DataError.

Each case here failed before: a constant sample whose float mean is inexact slipped past the
constant-data check (Beta a = 3.8e31), tiny values were called "all equal", and values near
1e300 raised bare OverflowError / LinAlgError or returned NaN standard errors.
"""

import math

import numpy as np
import pytest
from scipy import stats

from estlab import DataError
from estlab.distributions import (Beta, Exponential, Gamma, LogNormal, Normal, Poisson, Uniform,
                                  Weibull)


@pytest.mark.parametrize("cls, x", [(Beta, [0.1] * 38), (Gamma, [0.1] * 10),
                                    (Weibull, [0.1] * 7), (Normal, [0.1] * 3),
                                    (LogNormal, [0.1] * 3), (Uniform, [0.1] * 5)])
def test_constant_sample_with_inexact_mean_raises(cls, x):
    # on 2d45fec Beta returned a = 3.8e31 and Gamma shape = 1.7e14 (a ConvergenceWarning)
    with pytest.raises(DataError, match=r"at least two distinct values; all \d+ value\(s\) "
                                        r"equal 0\.1, so"):
        cls().fit(x)


@pytest.mark.parametrize("cls, x", [(Gamma, [2.0] * 5 + [2.0 + 4e-16]),
                                    (Beta, [0.3] * 9 + [0.3 + 1e-14]),
                                    (Weibull, [7.0] * 4 + [7.0 * (1 + 2e-16)]),
                                    (LogNormal, [1e300, 1e300 * (1 + 2.2e-16)])])
def test_nearly_constant_sample_raises_as_constant_to_rounding(cls, x):
    with pytest.raises(DataError, match="differ beyond rounding; all .* to rounding: they span"):
        cls().fit(x)


def test_gamma_spread_just_resolvable_is_fitted():
    # control for the threshold: CV ~ 1e-4 gives s ~ 5e-9 >> 2^-40; the shape is ~1/(2 s)
    x = 1.0 + 1e-4 * np.random.default_rng(0).standard_normal(50)
    d = Gamma().fit(x)
    ref = stats.gamma.fit(x, floc=0)
    assert d.shape_ == pytest.approx(ref[0], rel=1e-4)


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1.0, 1e150, 1e300])
def test_normal_is_scale_equivariant_over_the_float_range(scale):
    x = np.array([1.0, 2.0, 3.0]) * scale
    d = Normal().fit(x)
    assert d.mu_ == pytest.approx(2 * scale, rel=1e-15)
    assert d.sigma_ == pytest.approx(math.sqrt(2 / 3) * scale, rel=1e-15)
    assert d.stderr_["mu"] == pytest.approx(d.sigma_ / math.sqrt(3), rel=1e-15)
    assert d.stderr_["sigma"] == pytest.approx(d.sigma_ / math.sqrt(6), rel=1e-15)
    assert np.isfinite(d.loglik_)
    assert d.loglik_ == pytest.approx(stats.norm.logpdf(x, d.mu_, d.sigma_).sum(), rel=1e-12)
    for method in ("wald", "exact"):
        assert all(np.isfinite(v).all() for v in d.conf_int(method=method).values())


def test_normal_with_spread_near_the_float_limit():
    d = Normal().fit([0.0, 1e160])
    assert d.mu_ == 5e159 and d.sigma_ == 5e159
    assert d.stderr_["mu"] == pytest.approx(5e159 / math.sqrt(2))
    with pytest.raises(DataError, match="beyond the float64 range"):
        Normal().fit([-1.7e308, 1.7e308]).conf_int()  # mu +- 1.96 se does not fit in a float


@pytest.mark.parametrize("cls, scipy_dist", [(Gamma, stats.gamma), (Weibull, stats.weibull_min)])
@pytest.mark.parametrize("scale", [1e-300, 1e300])
def test_shape_families_map_back_from_unit_scale(cls, scipy_dist, scale):
    base = cls().fit([1.0, 2.0, 5.0])
    d = cls().fit(np.array([1.0, 2.0, 5.0]) * scale)
    assert d.shape_ == pytest.approx(base.shape_, rel=1e-12)
    assert d.scale_ == pytest.approx(base.scale_ * scale, rel=1e-12)
    assert d.stderr_["shape"] == pytest.approx(base.stderr_["shape"], rel=1e-9)
    assert d.stderr_["scale"] == pytest.approx(base.stderr_["scale"] * scale, rel=1e-9)
    ref = scipy_dist.fit([1.0, 2.0, 5.0], floc=0)
    assert base.shape_ == pytest.approx(ref[0], rel=1e-4)


def test_uniform_and_exponential_near_the_float_limit():
    u = Uniform().fit([0.0, 1e155])
    assert (u.a_, u.b_) == (0.0, 1e155) and u.loglik_ == pytest.approx(-2 * math.log(1e155))
    assert u.stderr_["b"] == pytest.approx(1e155 * math.sqrt(2 / 36))
    assert np.isfinite(Uniform().fit([-1.7e308, 1.7e308] + [0.0] * 40).loglik_)
    with pytest.raises(DataError, match="unbiased estimate of a for these data is -inf"):
        Uniform().fit([-1.7e308, 1.7e308, 0.0])  # a - (b - a) / 2 is below -1.8e308
    e = Exponential().fit([1e308, 1e308])
    lo, hi = e.conf_int(method="exact")["lam"]
    q = stats.chi2.ppf([0.025, 0.975], 4) / 4
    assert lo == pytest.approx(1e-308 * q[0], rel=1e-6) and hi == pytest.approx(1e-308 * q[1])


def test_beta_near_zero_names_the_gamma_limit():
    with pytest.raises(DataError, match="broke down in double precision.*fit Gamma"):
        Beta().fit([1e-300, 2e-300, 3e-300])


def test_poisson_log_mass_for_huge_counts():
    # x log lam - lam - log x! cancels from ~7e302 to -346 at x = lam = 1e300 (it returned 0.0)
    d = Poisson.from_params(lam=1e300)
    expected = -0.5 * math.log(2 * math.pi * 1e300)  # Stirling: the 1/(12 x) term is 1e-301
    assert d.logpmf([1e300])[0] == pytest.approx(expected, rel=1e-14)
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 50
    for x, lam in [(1e15 + 7, 1e15), (12345.0, 9000.0), (999.0, 1000.0), (3e300, 1e300)]:
        ref = float(x * mpmath.log(lam) - lam - mpmath.loggamma(mpmath.mpf(x) + 1))
        got = Poisson.from_params(lam=lam).logpmf([x])[0]
        assert got == pytest.approx(ref, rel=1e-13), (x, lam)
    assert np.isfinite(Poisson().fit([1e300, 1e300, 3e300]).loglik_)
