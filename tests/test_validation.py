"""Every message of estlab._validation: what was expected, the first offending index, the fix."""

import numpy as np
import pytest

from estlab import DataError
from estlab._validation import (as_1d_array, as_2d_array, check_finite, check_finite_fast,
                                check_integers, check_level, check_positive, check_random_state,
                                check_support, format_index)


def test_format_index():
    assert format_index("x", 17) == "x[17]"
    assert format_index("X", (3, 1)) == "X[3, 1]"


def test_as_1d_array_accepts_and_converts():
    np.testing.assert_array_equal(as_1d_array([1, 2]), [1.0, 2.0])
    assert as_1d_array(5).shape == (1,)
    assert as_1d_array([[1.0], [2.0]]).shape == (2,)  # one column is flattened
    assert as_1d_array(np.array([1, 2], dtype=np.int8)).dtype == float


@pytest.mark.parametrize("x, message", [
    ([1.0, np.nan, np.nan], r"x must contain only finite numbers; x\[1\] = nan\. Remove or impute"),
    ([np.inf], r"x\[0\] = inf"),
    ([1.0, -np.inf], r"x\[1\] = -inf"),
    ([], r"x must have at least 1 value; got an empty array\. Check that the data loaded"),
    ([[1, 2], [3, 4]], r"x must be one-dimensional .*got an array of shape \(2, 2\)\. Pass one "
                       r"variable at a time"),
    (["a", "b"], r"x must be numeric \(convertible to float\); got list"),
    ({"a": 1}, r"must be numeric"),
])
def test_as_1d_array_messages(x, message):
    with pytest.raises(DataError, match=message):
        as_1d_array(x)


def test_min_size_and_name():
    with pytest.raises(DataError, match=r"y must have at least 3 values; got 2 value\(s\)"):
        as_1d_array([1, 2], "y", min_size=3)


def test_as_2d_array_messages():
    assert as_2d_array([[1, 2]]).shape == (1, 2)
    X = np.ones((3, 2))
    assert as_2d_array(X) is X  # float64 input is not copied
    with pytest.raises(DataError, match=r"X must be two-dimensional \(n_samples, n_features\); "
                                        r"got an array of shape \(2,\)\. Reshape"):
        as_2d_array([1, 2])
    with pytest.raises(DataError, match=r"Z must be two-dimensional .*got an array of shape \(\)"):
        as_2d_array(3.0, "Z")
    with pytest.raises(DataError, match=r"at least 1 sample; found array with 0 sample\(s\)"):
        as_2d_array(np.empty((0, 2)))
    with pytest.raises(DataError, match=r"at least 1 feature; found array with 0 feature\(s\) "
                                        r"\(shape=\(2, 0\)\)"):
        as_2d_array(np.empty((2, 0)))
    with pytest.raises(DataError, match=r"X\[1, 0\] = nan"):
        as_2d_array([[1.0, 2.0], [np.nan, 3.0]])
    assert np.isnan(as_2d_array([[np.nan]], finite=False)[0, 0])  # left to the caller
    with pytest.raises(DataError, match=r"Complex data not supported: X must be real"):
        as_2d_array([[1 + 2j]])


def test_check_finite_fast_trusts_a_finite_sum_and_names_the_entry_otherwise():
    X = np.array([[1.0, 2.0], [3.0, np.inf]])
    check_finite_fast(X, summary=np.array([1.0]))  # the caller's (finite) sum vouches for X
    with pytest.raises(DataError, match=r"X\[1, 1\] = inf"):
        check_finite_fast(X)
    with pytest.raises(DataError, match=r"X\[1, 1\] = inf"):  # a non-finite sum: look at all
        check_finite_fast(X, summary=np.array([np.inf]))


def test_check_finite_reports_first_bad_entry():
    with pytest.raises(DataError, match=r"w\[2\] = nan"):
        check_finite(np.array([0.0, 1.0, np.nan, np.inf]), "w")
    a = np.array([1.0, 2.0])
    assert check_finite(a) is a


@pytest.mark.parametrize("kwargs, x, message", [
    (dict(low=0, low_open=True), [1.0, 0.0], r"F data must be in \(0, inf\]; x\[1\] = 0\.0"),
    (dict(low=0), [1.0, -1e-300], r"F data must be in \[0, inf\]; x\[1\] = -1e-300"),
    (dict(high=1), [1.5], r"in \[-inf, 1\]; x\[0\] = 1\.5"),
    (dict(low=0, high=1, high_open=True), [0.0, 1.0], r"in \[0, 1\); x\[1\] = 1\.0"),
    (dict(low=0, description="positive"), [-2.0], r"F data must be positive; x\[0\] = -2\.0\. "
                                                   r"Remove or correct such values"),
])
def test_check_support_messages(kwargs, x, message):
    with pytest.raises(DataError, match=message):
        check_support(np.array(x), family="F", **kwargs)


def test_check_support_passes_boundaries_that_are_closed():
    x = np.array([0.0, 1.0])
    assert check_support(x, family="F", low=0, high=1) is x
    assert check_support(np.array([]), family="F", low=0).size == 0


@pytest.mark.parametrize("kwargs, x, message", [
    (dict(), [1.0, 2.5], r"P data must be non-negative integers; x\[1\] = 2\.5\. Counts must be "
                         r"whole numbers"),
    (dict(), [-1.0], r"x\[0\] = -1\.0"),
    (dict(low=0, high=3), [1.0, 4.0], r"P data must be integers in \[0, 3\]; x\[1\] = 4\.0"),
    (dict(low=1, description="positive counts", fix="Add one."), [0.0],
     r"P data must be positive counts; x\[0\] = 0\.0\. Add one\."),
])
def test_check_integers_messages(kwargs, x, message):
    with pytest.raises(DataError, match=message):
        check_integers(np.array(x), family="P", **kwargs)
    ok = np.array([0.0, 3.0])
    assert check_integers(ok, family="P") is ok


@pytest.mark.parametrize("value, kwargs, message", [
    (-1, dict(integer=True),
     r"max_iter must be a positive integer; got -1\. Pass e\.g\. max_iter=100"),
    (0, dict(integer=True), r"positive integer; got 0"),
    (1.5, dict(integer=True), r"positive integer; got 1\.5"),
    (True, dict(integer=True), r"positive integer; got True"),
    (-0.1, dict(), r"max_iter must be a positive number; got -0\.1\. Pass e\.g\. max_iter=0\.1"),
    (float("inf"), dict(), r"positive number; got inf"),
    ("1", dict(), r"positive number; got '1'"),
    (-1, dict(allow_zero=True), r"non-negative number"),
])
def test_check_positive_messages(value, kwargs, message):
    with pytest.raises(ValueError, match=message):
        check_positive(value, "max_iter", **kwargs)


def test_check_positive_accepts():
    assert check_positive(0, "n", allow_zero=True, integer=True) == 0
    assert check_positive(np.int64(3), "n", integer=True) == 3
    assert check_positive(0.5, "lr") == 0.5


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, True, "0.95", None])
def test_check_level_rejects(level):
    with pytest.raises(ValueError, match=r"level must be strictly between 0 and 1; got .*For a "
                                         r"95% interval pass level=0\.95"):
        check_level(level)


def test_check_level_accepts():
    assert check_level(np.float32(0.9)) == pytest.approx(0.9)


def test_check_random_state():
    g = np.random.default_rng(1)
    assert check_random_state(g) is g
    assert check_random_state(3).random() == np.random.default_rng(3).random()
    assert isinstance(check_random_state(None), np.random.Generator)
    assert isinstance(check_random_state(np.int64(2)), np.random.Generator)
    for bad in (True, 1.5, "0", np.random.RandomState(0)):
        with pytest.raises(ValueError, match="random_state must be None, an int seed or a "
                                             "numpy.random.Generator"):
            check_random_state(bad)


def test_complex_input_is_refused_not_truncated():
    # np.asarray(z, dtype=float) silently dropped the imaginary part (a ComplexWarning only)
    from estlab.distributions import Normal

    for bad in (np.array([1 + 1j, 2.0, 3.0]), [1 + 1j, 2.0]):
        with pytest.raises(DataError, match=r"x must be real numbers; got complex values"):
            as_1d_array(bad)
    with pytest.raises(DataError, match="real numbers"):
        Normal().fit(np.array([1 + 1j, 2.0, 3.0]))
    with pytest.raises(DataError, match=r"X must be real numbers"):
        as_2d_array(np.ones((2, 2), dtype=complex))
