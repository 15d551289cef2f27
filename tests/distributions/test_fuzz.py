"""Fuzzing every distribution: a fit is right or loudly wrong, never a bare exception or a NaN.

For each class in ``estlab.distributions.__all__`` hypothesis draws samples with magnitudes from
1e-300 to 1e300 and both signs, ties, constant and nearly constant samples (spread of a few
rounding units), one to three values, and values on, near and outside the support. The
properties:

* ``fit`` either raises an estlab error (:class:`~estlab.EstlabError`; bad data are a
  ``DataError``, also a ``ValueError``) or returns finite parameters;
* when it returns, ``stderr_``, ``loglik_``, the log density at the data and ``conf_int`` with
  every method the class offers are finite, or (for intervals) raise an estlab error;
* ``loglik_`` agrees with the sum of ``logpdf`` over the data;
* nothing else escapes: pytest turns every warning (a RuntimeWarning from an overflow, a
  ConvergenceWarning) into an error, so those fail too.

``derandomize=True`` makes the examples the same on every run (reproducible in CI).
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import estlab
from estlab import distributions as D

FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

EPS = np.finfo(float).eps
CLASSES = [getattr(D, name) for name in D.__all__
           if name not in ("Distribution", "DiscreteDistribution")]


# ------------------------------------------------------------------ strategies
@st.composite
def magnitudes(draw):
    """A positive float 10^u, u in [-300, 300], or a round value (0.5, 1, 2, 10)."""
    if draw(st.booleans()):
        return draw(st.sampled_from([0.5, 1.0, 2.0, 10.0, 0.1, 3.0]))
    return 10.0 ** draw(st.floats(-300.0, 300.0))


@st.composite
def samples(draw, signs=True):
    """A sample: general, with ties, constant, nearly constant, or tiny."""
    kind = draw(st.sampled_from(["general", "ties", "constant", "nearly", "tiny", "mixed"]))
    sign = (lambda: draw(st.sampled_from([-1.0, 1.0]))) if signs else (lambda: 1.0)
    if kind == "general":
        return [sign() * draw(magnitudes()) for _ in range(draw(st.integers(2, 25)))]
    if kind == "ties":
        values = [sign() * draw(magnitudes()) for _ in range(draw(st.integers(1, 4)))]
        return [draw(st.sampled_from(values)) for _ in range(draw(st.integers(2, 25)))]
    if kind == "constant":
        return [sign() * draw(magnitudes())] * draw(st.integers(1, 40))
    if kind == "nearly":  # a spread of a few rounding units around one value
        v = sign() * draw(magnitudes())
        n = draw(st.integers(2, 30))
        return [v * (1.0 + EPS * draw(st.integers(-8, 8))) for _ in range(n)]
    if kind == "tiny":
        return [sign() * draw(magnitudes()) for _ in range(draw(st.integers(1, 3)))]
    # mixed: one scale of values plus a few at another scale (outliers of 1e+-300)
    scale = draw(magnitudes())
    x = [scale * draw(st.floats(0.5, 2.0)) for _ in range(draw(st.integers(2, 15)))]
    return x + [sign() * draw(magnitudes()) for _ in range(draw(st.integers(1, 3)))]


@st.composite
def unit_samples(draw):
    """Samples for the Beta: in (0, 1) (near 0, near 1, in the middle), sometimes outside."""
    kind = draw(st.sampled_from(["inside", "inside", "constant", "nearly", "outside"]))
    near = st.one_of(st.floats(-300.0, -0.3).map(lambda u: 10.0**u),  # near 0
                     st.floats(-15.9, -0.3).map(lambda u: 1.0 - 10.0**u),  # near 1
                     st.floats(0.01, 0.99))
    if kind == "inside":
        return [draw(near) for _ in range(draw(st.integers(1, 25)))]
    if kind == "constant":
        return [draw(near)] * draw(st.integers(1, 40))
    if kind == "nearly":
        v = draw(st.floats(1e-3, 0.999))
        return [v * (1.0 + EPS * draw(st.integers(-8, 8))) for _ in range(draw(st.integers(2, 30)))]
    return [draw(near) for _ in range(draw(st.integers(1, 5)))] + [
        draw(st.sampled_from([0.0, 1.0, -0.5, 1.5, 1e300]))]


@st.composite
def count_samples(draw, low=0, high=None):
    """Integer-valued floats (counts up to 1e300), ties, all-equal, and a few off the support."""
    top = high if high is not None else 10.0 ** draw(st.floats(0.0, 300.0))
    kind = draw(st.sampled_from(["general", "general", "constant", "small", "outside"]))
    if kind == "small":
        values = st.integers(low, low + 3 if high is None else min(high, low + 3)).map(float)
    else:
        values = st.floats(low, top).map(lambda v: float(round(v)))
    if kind == "constant":
        return [draw(values)] * draw(st.integers(1, 30))
    x = [draw(values) for _ in range(draw(st.integers(1, 25)))]
    if kind == "outside":
        x.append(draw(st.sampled_from([low - 1.0, 0.5 + low, -1e300, 1e300 if high else 2.5])))
    return x


def data_for(cls):
    if cls is D.Beta:
        return unit_samples()
    if cls is D.Bernoulli:
        return count_samples(0, 1)
    if cls is D.Binomial:
        return count_samples(0, 5)
    if cls is D.Geometric:
        return count_samples(1)
    if cls is D.Poisson:
        return count_samples(0)
    if cls is D.Categorical:
        return st.one_of(samples(), st.lists(st.sampled_from(["a", "b", "c"]), min_size=1,
                                             max_size=20))
    positive = cls in (D.Exponential, D.Gamma, D.Weibull, D.LogNormal)
    # positive families: mostly positive data, sometimes a sign flips (off the support)
    return st.one_of(samples(signs=False), samples()) if positive else samples()


def make(cls):
    return cls(n_trials=5) if cls is D.Binomial else cls()


# ------------------------------------------------------------------ the property
def check_right_or_loud(est, x):
    """Fit; on success every reported number must be finite (or the method raise estlab's)."""
    try:
        est.fit(x)
    except estlab.EstlabError as err:
        assert str(err)  # a message, not a bare exception
        return
    for name, value in est.params_.items():
        assert math.isfinite(value), f"{name} = {value} for x = {x!r}"
        assert math.isfinite(est.stderr_[name]), f"se({name}) = {est.stderr_[name]}"
        assert est.stderr_[name] >= 0
    assert math.isfinite(est.loglik_), est.loglik_
    logpdf = est.logpdf(np.asarray(x) if cls_is_categorical(est) else np.asarray(x, float))
    assert np.all(np.isfinite(logpdf)), f"logpdf at the data: {logpdf}"
    total = float(np.sum(logpdf))
    assert math.isclose(total, est.loglik_, rel_tol=1e-6, abs_tol=1e-6 * len(x)), (
        total, est.loglik_)
    est.logpdf([-1e300, -1.0, 0.0, 0.5, 1.0, 3.0, 1e300]) if not cls_is_categorical(est) else None
    for method in type(est)._intervals:
        try:
            ci = est.conf_int(0.95, method=method)
        except estlab.EstlabError:
            continue
        for name, (lo, hi) in ci.items():
            assert math.isfinite(lo) and math.isfinite(hi), (method, name, lo, hi)
            assert lo <= hi


def cls_is_categorical(est):
    return isinstance(est, D.Categorical)


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_fit_is_right_or_loudly_wrong(cls):
    @FUZZ
    @given(x=data_for(cls))
    def run(x):
        check_right_or_loud(make(cls), x)

    run()


def test_every_distribution_is_fuzzed():
    public = {n for n in D.__all__ if n not in ("Distribution", "DiscreteDistribution")}
    assert {c.__name__ for c in CLASSES} == public and len(public) == 12


def test_the_property_can_fail():
    # control: a distribution that returns a NaN standard error must be caught
    class Broken(D.Normal):
        def _covariance(self, x):
            return np.full((2, 2), np.nan)

    with pytest.raises(estlab.DataError, match="not positive definite"):
        Broken().fit([1.0, 2.0])  # the base class already refuses NaN standard errors

    class Silent(D.Normal):
        def _inference(self, x):
            cov, se = super()._inference(x)
            return cov, {k: float("nan") for k in se}

    with pytest.raises(AssertionError, match="se"):
        check_right_or_loud(Silent(), [1.0, 2.0, 4.0])
