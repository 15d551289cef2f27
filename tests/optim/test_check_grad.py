"""check_grad: catches wrong gradients, passes right ones, prints a readable table."""

import numpy as np
import pytest

from estlab.likelihoods import bernoulli, categorical
from estlab.optim import GradCheckResult, check_grad

rng = np.random.default_rng(0)
X = rng.normal(size=(40, 3))
y = (rng.random(40) < 0.5).astype(float)
THETA = np.array([0.1, -0.3, 0.2])


def test_correct_gradient_passes():
    res = check_grad(lambda t: bernoulli.nll(t, X, y), lambda t: bernoulli.grad(t, X, y), THETA)
    assert isinstance(res, GradCheckResult)
    assert res.ok
    assert res.max_abs_error < 1e-9 and res.max_rel_error < 1e-7
    np.testing.assert_allclose(res.numeric, res.analytic, rtol=1e-7)


def test_wrong_sign_is_caught_and_named():
    res = check_grad(lambda t: bernoulli.nll(t, X, y), lambda t: -bernoulli.grad(t, X, y), THETA)
    assert not res.ok
    assert res.max_rel_error == pytest.approx(2.0)
    text = str(res)
    assert "MISMATCH" in text and "WRONG SIGN" in text


def test_missing_one_over_n_is_caught():
    res = check_grad(lambda t: bernoulli.nll(t, X, y),
                     lambda t: len(y) * bernoulli.grad(t, X, y), THETA)
    assert not res.ok
    assert "Ratio analytic / numeric = 40" in str(res)


def test_a_single_wrong_entry_is_located():
    def bad_grad(t):
        g = bernoulli.grad(t, X, y)
        g[1] *= 1.01                                           # a 1% error in one coordinate
        return g

    res = check_grad(lambda t: bernoulli.nll(t, X, y), bad_grad, THETA)
    assert not res.ok
    assert np.argmax(res.rel_error) == 1
    assert "worst at [1]" in str(res)


def test_table_layout_and_matrix_parameters():
    yk = rng.integers(0, 3, 40)
    T = rng.normal(size=(3, 2)) * 0.2
    res = check_grad(lambda t: categorical.nll(t, X, yk), lambda t: categorical.grad(t, X, yk), T)
    lines = str(res).splitlines()
    assert lines[0] == "check_grad: 6 coordinates, central differences with eps = 1e-06"
    assert lines[1].split() == ["index", "analytic", "numeric", "abs", "error", "rel", "error"]
    assert [line.split()[0] for line in lines[2:8]] == ["[0,", "[0,", "[1,", "[1,", "[2,", "[2,"]
    assert lines[-1].startswith("OK")
    assert res.analytic.shape == (3, 2)


def test_long_gradients_show_the_worst_rows_only():
    f = lambda x: float(np.sum(x ** 2))        # noqa: E731
    res = check_grad(f, lambda x: 2 * x, np.arange(50.0))
    assert len(str(res).splitlines()) == 2 + 20 + 1
    assert "the 20 largest relative errors of 50" in str(res)


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match=r"grad\(x\) must have the shape of x"):
        check_grad(lambda t: 0.0, lambda t: np.zeros(5), np.zeros(3))
