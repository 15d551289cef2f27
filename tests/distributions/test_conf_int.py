"""One inference vocabulary: conf_int(level, method) on distributions and regressions alike."""

import numpy as np
import pytest

from estlab.distributions import Normal, Poisson
from estlab.linear_model import LinearRegression


def test_distribution_conf_int_returns_dict_of_pairs():
    ci = Normal().fit([1.0, 2.0, 4.0, 5.0]).conf_int(level=0.9, method="exact")
    assert set(ci) == {"mu", "sigma"}
    assert all(isinstance(v, tuple) and len(v) == 2 and v[0] < v[1] for v in ci.values())


def test_confint_is_deprecated_and_names_the_replacement():
    d = Poisson().fit([2, 0, 3, 1])
    with pytest.warns(DeprecationWarning, match=r"use conf_int\(level, method\)"):
        old = d.confint(0.9, method="wald")
    assert old == d.conf_int(0.9, method="wald")  # same result under the new name


def test_linear_regression_conf_int_takes_method_wald_only():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = X @ [1.0, -2.0] + rng.normal(size=40)
    model = LinearRegression().fit(X, y)
    np.testing.assert_array_equal(model.conf_int(0.95, method="wald"), model.conf_int(0.95))
    assert model.conf_int(level=0.9, method=None).shape == model.params_.shape + (2,)
    with pytest.raises(ValueError, match=r"method must be one of \['wald'\].*got 'profile'"):
        model.conf_int(method="profile")


def test_same_signature_on_both_layers():
    import inspect

    dist = inspect.signature(Normal.conf_int).parameters
    reg = inspect.signature(LinearRegression.conf_int).parameters
    assert [(p.name, p.default) for p in dist.values()] == [(p.name, p.default)
                                                             for p in reg.values()]
