"""Property tests of the four linear models on hostile data.

X and y with magnitudes from 1e-300 to 1e300, both signs, constant, nearly constant, duplicated
and zero columns, and tiny samples. The property: ``fit`` either raises an estlab error that
says something, or returns finite ``coef_``, ``intercept_`` and standard errors. Never a bare
NumPy/Python exception, never a NumPy RuntimeWarning (an overflow nobody handled), never
non-finite output without a warning that says why.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from estlab import EstlabError
from estlab.linear_model import (LinearRegression, LogisticRegression, PoissonRegression,
                                 SoftmaxRegression)

SETTINGS = settings(derandomize=True, deadline=None, max_examples=400,
                    suppress_health_check=[HealthCheck.too_slow])

# half ordinary magnitudes, half anywhere in float64's range
exponents = st.one_of(st.integers(min_value=-3, max_value=3),
                      st.integers(min_value=-300, max_value=300))


@st.composite
def designs(draw):
    """An ``n x p`` design whose columns are each of one hostile kind, at one magnitude."""
    n = draw(st.sampled_from([2, 3, 4, 6, 10, 25]))
    p = draw(st.integers(min_value=1, max_value=4))
    seed = draw(st.integers(min_value=0, max_value=2**16))
    rng = np.random.default_rng(seed)
    cols = []
    for j in range(p):
        kind = draw(st.sampled_from(["normal", "normal", "constant", "nearly constant",
                                     "duplicate", "zero", "integers", "one spike"]))
        scale = 10.0 ** draw(exponents) * draw(st.sampled_from([1.0, -1.0]))
        if kind == "normal":
            col = rng.normal(size=n) * scale
        elif kind == "constant":
            col = np.full(n, scale)
        elif kind == "nearly constant":
            col = scale * (1.0 + 10.0 ** -draw(st.integers(6, 15)) * rng.normal(size=n))
        elif kind == "duplicate" and cols:
            col = cols[draw(st.integers(0, len(cols) - 1))] * draw(st.sampled_from([1.0, -2.0]))
        elif kind == "zero":
            col = np.zeros(n)
        elif kind == "integers":
            col = rng.integers(-3, 4, size=n).astype(float) * scale
        else:  # one huge or tiny entry among ordinary ones
            col = rng.normal(size=n)
            col[rng.integers(n)] = scale
        cols.append(col)
    X = np.column_stack(cols)
    with np.errstate(all="ignore"):
        X = np.where(np.isfinite(X), X, np.sign(X) * 1e300)  # (1e300 * -2 overflowed)
    return X, rng


def responses(kind):
    @st.composite
    def build(draw):
        X, rng = draw(designs())
        n = X.shape[0]
        if kind == "real":
            scale = 10.0 ** draw(exponents)
            shape = draw(st.sampled_from(["noise", "linear", "constant"]))
            if shape == "noise":
                y = rng.normal(size=n) * scale
            elif shape == "constant":
                y = np.full(n, scale)
            else:
                with np.errstate(all="ignore"):
                    y = X @ rng.normal(size=X.shape[1]) + rng.normal(size=n) * scale
                y = np.where(np.isfinite(y), y, 1e300)
        elif kind == "binary":
            y = rng.integers(0, 2, size=n)
            y[:2] = [0, 1]  # both classes present
        elif kind == "counts":
            y = rng.poisson(draw(st.sampled_from([0.1, 1.0, 50.0, 1e6])), size=n)
            y[0] = max(y[0], 1)  # not all zero
        else:
            k = min(draw(st.integers(2, 3)), n)
            y = rng.integers(0, k, size=n)
            y[:k] = np.arange(k)
        return X, y
    return build()


def check_property(make, X, y):
    """Fit; accept an estlab error with a message, or finite output (non-finite only if warned)."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = make().fit(X, y)
    except EstlabError as err:
        event(f"refused: {type(err).__name__}")
        assert len(str(err)) > 20, f"an estlab error without an explanation: {err!r}"
        return
    except Exception as err:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{type(err).__name__} escaped fit: {err}\nX={X!r}\ny={y!r}")
    event("fitted")
    numpy_warnings = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not numpy_warnings, (f"unhandled {numpy_warnings[0].message} at "
                                f"{numpy_warnings[0].filename}:{numpy_warnings[0].lineno}"
                                f"\nX={X!r}\ny={y!r}")
    assert np.all(np.isfinite(model.coef_)) and np.all(np.isfinite(model.intercept_)), (
        f"non-finite coefficients {model.params_}\nX={X!r}\ny={y!r}")
    warned = [w for w in caught if not issubclass(w.category, RuntimeWarning)]
    if not np.all(np.isfinite(model.stderr_)):
        assert warned, f"silent non-finite standard errors {model.stderr_}\nX={X!r}\ny={y!r}"
    assert model.condition_number_ >= 1.0 - 1e-9
    if not np.isfinite(model.condition_number_):
        assert warned, f"silent infinite condition number\nX={X!r}\ny={y!r}"


@SETTINGS
@given(data=responses("real"), solver=st.sampled_from(["normal", "qr"]),
       alpha=st.sampled_from([0.0, 0.0, 1e-3, 10.0]))
def test_linear_regression(data, solver, alpha):
    check_property(lambda: LinearRegression(solver=solver, alpha=alpha), *data)


@SETTINGS
@given(data=responses("binary"), alpha=st.sampled_from([0.0, 0.0, 1e-3, 10.0]))
def test_logistic_regression(data, alpha):
    check_property(lambda: LogisticRegression(alpha=alpha), *data)


@SETTINGS
@given(data=responses("counts"), alpha=st.sampled_from([0.0, 0.0, 1e-3]))
def test_poisson_regression(data, alpha):
    check_property(lambda: PoissonRegression(alpha=alpha), *data)


@SETTINGS
@given(data=responses("classes"), alpha=st.sampled_from([0.0, 0.0, 1e-3]))
def test_softmax_regression(data, alpha):
    check_property(lambda: SoftmaxRegression(alpha=alpha), *data)


@settings(derandomize=True, deadline=None, max_examples=150)
@given(data=responses("real"), solver=st.sampled_from(["gd", "sgd"]),
       alpha=st.sampled_from([0.0, 1e-3]))
def test_linear_regression_iterative(data, solver, alpha):
    check_property(lambda: LinearRegression(solver=solver, alpha=alpha, max_iter=30), *data)


@settings(derandomize=True, deadline=None, max_examples=150)
@given(data=responses("binary"), solver=st.sampled_from(["gd", "adam"]),
       alpha=st.sampled_from([0.0, 1e-3]))
def test_logistic_regression_iterative(data, solver, alpha):
    check_property(lambda: LogisticRegression(solver=solver, alpha=alpha, max_iter=30), *data)


@settings(derandomize=True, deadline=None, max_examples=100)
@given(data=responses("counts"), solver=st.sampled_from(["gd", "sgd", "adam"]))
def test_poisson_regression_iterative(data, solver):
    check_property(lambda: PoissonRegression(solver=solver, max_iter=30), *data)


@settings(derandomize=True, deadline=None, max_examples=100)
@given(data=responses("classes"), solver=st.sampled_from(["gd", "sgd", "adam"]))
def test_softmax_regression_iterative(data, solver):
    check_property(lambda: SoftmaxRegression(solver=solver, max_iter=30), *data)
