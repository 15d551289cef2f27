"""Existence of the MLE: the estimators' LP test against an independent ground truth.

The ground truth is the *dual* of the estimators' program (Stiemke's lemma): there is no
``d`` with ``A d >= 0, A d != 0`` if and only if there are weights ``w > 0`` (scaled: ``w >= 1``)
with ``A^T w = 0``. For logistic regression ``A^T w = 0`` with ``w_i = |y_i - mu_i|`` is the
score equation at the MLE, so the certificate has a meaning: positive weights that balance the
classes. It is a feasibility LP in ``w`` (n unknowns, not the estimators' p), built here from
the definitions, not from ``_separation.py``.
"""

import warnings

import numpy as np
import pytest
from scipy import linalg, optimize

from estlab._errors import ConvergenceWarning
from estlab.linear_model import (LogisticRegression, PoissonRegression, SeparationWarning,
                                 SoftmaxRegression)
from estlab.linear_model._separation import recession_direction


def stiemke_weights_exist(A):
    """Is there ``w >= 1`` with ``A^T w = 0``? (Then no recession direction: the MLE exists.)"""
    if A.shape[0] == 0:
        return True
    res = optimize.linprog(np.zeros(A.shape[0]), A_eq=A.T, b_eq=np.zeros(A.shape[1]),
                           bounds=(1.0, None), method="highs")
    return res.status == 0


def with_intercept(X):
    return np.c_[np.ones(len(X)), X]


def truth_logistic(X, y):
    return stiemke_weights_exist(with_intercept(X) * (2.0 * y - 1.0)[:, None])


def truth_softmax(X, y, K):
    """Rows ``x_i (e_{y_i} - e_k)`` for every rival k, with class 0's block dropped."""
    X1 = with_intercept(X)
    rows = []
    for i, yi in enumerate(y):
        for k in range(K):
            if k != yi:
                r = np.zeros((X1.shape[1], K))
                r[:, yi] += X1[i]
                r[:, k] -= X1[i]
                rows.append(r[:, 1:].ravel())
    return stiemke_weights_exist(np.array(rows))


def truth_poisson(X, y):
    """Directions with ``X+ d = 0`` are ``d = N c``; then Stiemke on ``-X0 N``."""
    X1 = with_intercept(X)
    pos = y > 0
    N = linalg.null_space(X1[pos]) if pos.any() else np.eye(X1.shape[1])
    if N.shape[1] == 0:
        return True
    return stiemke_weights_exist(-X1[~pos] @ N)


def fit_recording(model, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y)
    separation = [w for w in caught if issubclass(w.category, SeparationWarning)]
    others = [w for w in caught if not issubclass(w.category, SeparationWarning)]
    return model, separation, others


def small_designs(seed, count):
    """Small integer/dummy designs of full column rank, with labels often (quasi-)separated."""
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < count:
        n, p = int(rng.integers(4, 16)), int(rng.integers(1, 4))
        X = rng.integers(-2, 3, size=(n, p)).astype(float)
        if rng.random() < 0.5:  # a dummy column
            X[:, 0] = rng.random(n) < 0.4
        if np.linalg.matrix_rank(with_intercept(X)) < p + 1:
            continue
        score = X @ rng.normal(size=p)
        y = np.where(rng.random() < 0.5, score > np.median(score),  # ties: quasi-complete
                     rng.random(n) < 0.5).astype(int)
        if rng.random() < 0.3:
            y[rng.integers(n)] ^= 1  # one flipped label: often breaks the separation
        if 0 < y.sum() < n:
            out.append((X, y))
    return out


# -- regressions: each failed on the eta-based heuristic it replaces -----------------------------

def test_complete_separation_stopped_on_the_gradient_is_detected():
    rng = np.random.default_rng(7)
    X = np.r_[rng.normal(-3, .5, (30, 1)), rng.normal(3, .5, (30, 1))]
    y = np.r_[np.zeros(30), np.ones(30)]
    with pytest.warns(SeparationWarning, match=r"feature X\[:, 0\] perfectly separates .* "
                      r"does not exist.*alpha > 0"):
        model = LogisticRegression().fit(X, y)
    assert model.mle_exists_ is False
    assert model.separation_["kind"] == "complete"
    assert model.separation_["names"] == ("intercept", "X[:, 0]")
    assert model.separation_["n_separated"] == 60


@pytest.mark.parametrize("cls", [LogisticRegression, SoftmaxRegression])
def test_the_class_on_the_small_side_is_named_with_the_right_inequalities(cls):
    # before: "class 0 where X[:, 0] <= 2, class 1 where X[:, 0] >= 3" for these data, the
    # thresholds of the other class when the direction was negative
    X, y = np.array([[1.0], [2.0], [3.0], [4.0]]), [1, 1, 0, 0]
    with pytest.warns(SeparationWarning, match=r"class 0 where X\[:, 0\] >= 3, class 1 where "
                      r"X\[:, 0\] <= 2\)"):
        cls().fit(X, y)


def test_quasi_complete_separation_by_a_dummy_level():
    rng = np.random.default_rng(1)
    x, d = rng.normal(size=60), (rng.random(60) < 0.3).astype(float)
    y = (rng.random(60) < 0.5).astype(float)
    y[d == 1] = 1
    with pytest.warns(SeparationWarning, match=r"all 19 samples with X\[:, 1\] = 1 are of "
                      r"class 1\.0 .*drop or merge the level"):
        model = LogisticRegression().fit(np.c_[x, d], y)
    assert not model.mle_exists_ and model.separation_["kind"] == "quasi-complete"
    assert "X[:, 1]" in model.separation_["names"]


def test_complete_separation_by_a_combination_no_single_feature_separates():
    rng = np.random.default_rng(11)
    x1 = rng.normal(0, 3, 60)
    x2 = -x1 + np.repeat([-3.0, 3.0], 30) + rng.normal(0, 0.5, 60)  # x1 + x2 separates
    y = np.repeat([0, 1], 30)
    with pytest.warns(SeparationWarning, match=r"the direction .*X\[:, 0\] \+1\*X\[:, 1\] is "
                      r">= 0 on class 1 and <= 0 on class 0 \(60 of 60 samples strictly\), a "
                      r"complete separation"):
        model = LogisticRegression().fit(np.c_[x1, x2], y)
    assert model.converged_ and not model.mle_exists_  # Newton stopped: a misleading "success"


def test_quasi_complete_separation_by_a_combination_uses_feature_names():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(3)
    x1 = rng.integers(-3, 4, 80).astype(float)
    x2 = rng.integers(-3, 4, 80).astype(float)
    y = (x1 + x2 > 0).astype(int)
    tie = x1 + x2 == 0
    y[tie] = rng.integers(0, 2, tie.sum())  # on the boundary: either class
    X = pd.DataFrame({"age": x1, "dose": x2})
    with pytest.warns(SeparationWarning, match=r"the direction .*age.*dose.* quasi-complete"):
        model = LogisticRegression().fit(X, y)
    assert model.separation_["names"] == ("age", "dose")
    np.testing.assert_allclose(model.separation_["direction"], [0.0, 1.0, 1.0], atol=1e-9)
    assert model.separation_["n_separated"] == int((~tie).sum())


def test_softmax_separation_is_detected():
    rng = np.random.default_rng(2)
    X = np.r_[rng.normal(-3, .5, (20, 1)), rng.normal(0, .5, (20, 1)), rng.normal(3, .5, (20, 1))]
    y = np.repeat(["a", "b", "c"], 20)
    with pytest.warns(SeparationWarning, match=r"SoftmaxRegression: complete separation"):
        model = SoftmaxRegression().fit(X, y)
    assert not model.mle_exists_ and model.separation_["direction"].shape == model.params_.shape


@pytest.mark.parametrize("level_class", [0, 2])  # the reference class, and another
def test_softmax_names_a_dummy_level_holding_one_class(level_class):
    rng = np.random.default_rng(13)
    x, closed = rng.normal(size=90), (rng.random(90) < 0.2).astype(float)
    y = rng.integers(0, 3, 90)
    y[closed == 1] = level_class
    labels = np.array(["a", "b", "c"])[y]
    with pytest.warns(SeparationWarning, match=rf"all {int(closed.sum())} samples with "
                      rf"X\[:, 1\] = 1 are of class '{labels[closed == 1][0]}'"):
        model = SoftmaxRegression().fit(np.c_[x, closed], labels)
    assert model.separation_["kind"] == "quasi-complete"
    assert model.separation_["names"] == ("X[:, 1]",)
    assert truth_softmax(np.c_[x, closed], y, 3) is False


def test_poisson_level_with_only_zero_counts():
    rng = np.random.default_rng(4)
    x, d = rng.normal(size=100), (rng.random(100) < 0.2).astype(float)
    y = rng.poisson(np.exp(0.5 + 0.3 * x))
    y[d == 1] = 0
    with pytest.warns(SeparationWarning, match=r"all 14 samples with X\[:, 1\] = 1 have y = 0, "
                      r"so the coefficient of X\[:, 1\] goes to -inf"):
        model = PoissonRegression().fit(np.c_[x, d], y)
    assert not model.mle_exists_
    np.testing.assert_allclose(model.separation_["direction"], [0.0, 0.0, -1.0])


# -- controls: the MLE exists, nothing is said ----------------------------------------------------

def test_far_but_correctly_classified_point_is_not_separation():
    rng = np.random.default_rng(5)
    x = rng.normal(size=100)
    y = (rng.random(100) < 1 / (1 + np.exp(-x))).astype(float)
    x[0], y[0] = 60.0, 1.0
    model, sep, others = fit_recording(LogisticRegression(), x[:, None], y)
    assert not sep and not others
    assert model.mle_exists_ is True and model.separation_ is None
    assert truth_logistic(x[:, None], y)


@pytest.mark.parametrize("cls", [LogisticRegression, SoftmaxRegression])
def test_overlapping_classes_do_not_warn(cls):
    rng = np.random.default_rng(6)
    X = rng.normal(size=(200, 3))
    y = (rng.random(200) < 1 / (1 + np.exp(-X @ [1.0, -1.0, 0.5]))).astype(int)
    model, sep, others = fit_recording(cls(), X, y)
    assert not sep and not others and model.mle_exists_


@pytest.mark.parametrize("cls", [LogisticRegression, SoftmaxRegression, PoissonRegression])
def test_penalised_fits_have_a_finite_optimum_and_do_not_warn(cls):
    rng = np.random.default_rng(7)
    X = np.r_[np.zeros((30, 1)), np.ones((30, 1))]
    y = np.r_[np.zeros(30, int), np.ones(30, int)]  # a dummy separates; Poisson: zeros at 0
    model, sep, others = fit_recording(cls(alpha=0.1), X, y)
    assert not sep and not others and model.mle_exists_ and model.separation_ is None
    _, sep, _ = fit_recording(cls(), X, y)
    assert sep, "the same data without the penalty must warn (the control can fail)"


# -- against the independent ground truth ------------------------------------------------------

def test_logistic_agrees_with_the_dual_lp_on_many_small_datasets():
    kinds = {"exists": 0, "complete": 0, "quasi-complete": 0}
    for X, y in small_designs(0, 250):
        model, sep, others = fit_recording(LogisticRegression(), X, y)
        truth = truth_logistic(X, y)
        assert model.mle_exists_ == truth, (X.tolist(), y.tolist())
        assert bool(sep) == (not truth)
        assert not (truth and others)  # where the MLE exists, Newton converges quietly
        kinds["exists" if truth else model.separation_["kind"]] += 1
    assert min(kinds.values()) >= 20, kinds  # every case well represented


def test_continuous_data_near_the_separation_threshold_agree_with_the_dual_lp():
    # n / p around 2 to 6 with signal: about half of these are separated (Candes and Sur)
    rng = np.random.default_rng(12)
    seen = {True: 0, False: 0}
    for _ in range(60):
        p = int(rng.integers(2, 6))
        n = int(rng.integers(2 * p, 6 * p + 1))
        X = rng.normal(size=(n, p))
        y = (rng.random(n) < 1 / (1 + np.exp(-X @ rng.normal(0, 2, p)))).astype(int)
        if not 0 < y.sum() < n:
            continue
        model, sep, others = fit_recording(LogisticRegression(), X, y)
        truth = truth_logistic(X, y)
        assert model.mle_exists_ == truth and bool(sep) == (not truth)
        seen[truth] += 1
    assert min(seen.values()) >= 10, seen


def test_softmax_agrees_with_the_dual_lp_on_many_small_datasets():
    rng = np.random.default_rng(1)
    seen = {True: 0, False: 0}
    for X, _ in small_designs(1, 120):
        n = len(X)
        y = np.where(rng.random() < 0.5, np.digitize(X @ rng.normal(size=X.shape[1]),
                                                     [-0.5, 0.5]), rng.integers(0, 3, n))
        if np.unique(y).size < 3:
            continue
        model, sep, _ = fit_recording(SoftmaxRegression(), X, y)
        truth = truth_softmax(X, y, 3)
        assert model.mle_exists_ == truth and bool(sep) == (not truth), (X.tolist(), y.tolist())
        seen[truth] += 1
    assert min(seen.values()) >= 15, seen


def test_poisson_agrees_with_the_dual_lp_on_many_small_datasets():
    rng = np.random.default_rng(2)
    seen = {True: 0, False: 0}
    for X, _ in small_designs(2, 200):
        y = rng.poisson(np.exp(X @ rng.normal(size=X.shape[1]) - 0.5))
        if rng.random() < 0.5:
            y[X[:, 0] == X[:, 0].max()] = 0  # a level or the top of a feature: zero counts
        if not y.any():
            continue
        model, sep, _ = fit_recording(PoissonRegression(), X, y)
        truth = truth_poisson(X, y)
        assert model.mle_exists_ == truth and bool(sep) == (not truth), (X.tolist(), y.tolist())
        seen[truth] += 1
    assert min(seen.values()) >= 20, seen


# -- the large-n rule: subsamples first, exact in the end ----------------------------------------

def test_subsample_rule_agrees_with_the_exact_program():
    rng = np.random.default_rng(8)
    for trial in range(30):
        n = 300
        X = rng.normal(size=(n, 2))
        margin = X @ [1.0, -1.0]
        y = (margin > 0).astype(int)
        if trial % 3 == 1:  # one point on the wrong side: separated subsamples, full overlap
            y[np.argmax(margin)] = 0
        if trial % 3 == 2:  # noisy labels: overlap already in the first subsample
            y = (rng.random(n) < 1 / (1 + np.exp(-margin))).astype(int)
        exact = recession_direction(X, y, "categorical", exact_rows=10_000)
        sub = recession_direction(X, y, "categorical", exact_rows=16)
        assert (exact is None) == (sub is None) == truth_logistic(X, y)
        if sub is not None:  # the subsample's direction is one of the full data
            X1 = with_intercept(X)
            assert np.all((2 * y - 1) * (X1 @ sub) >= -1e-9) and np.any(X1 @ sub != 0)
        for complete in (False, True):
            exact = recession_direction(X, y, "categorical", exact_rows=10_000,
                                        complete=complete)
            sub = recession_direction(X, y, "categorical", exact_rows=16, complete=complete)
            assert (exact is None) == (sub is None)


def test_subsample_rule_for_poisson_and_softmax():
    rng = np.random.default_rng(10)
    for trial in range(10):
        X = rng.normal(size=(300, 2))
        counts = rng.poisson(np.exp(X[:, 0]))
        counts[X[:, 1] > 0.8] = 0  # zero counts above a threshold: no recession (continuous)
        if trial % 2:
            X[:, 1] = X[:, 1] > 0.8  # ... a dummy level of zero counts: a recession direction
        exact = recession_direction(X, counts, "poisson", exact_rows=10_000)
        sub = recession_direction(X, counts, "poisson", exact_rows=16)
        assert (exact is None) == (sub is None) == truth_poisson(X, counts)
        labels = np.digitize(X[:, 0] + rng.normal(0, trial % 3, 300), [-.5, .5])
        exact = recession_direction(X, labels, "categorical", 3, exact_rows=10_000)
        sub = recession_direction(X, labels, "categorical", 3, exact_rows=16)
        assert (exact is None) == (sub is None) == truth_softmax(X, labels, 3)


def test_large_n_separated_and_nearly_separated():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(20_000, 3))
    y = (X[:, 0] - X[:, 2] > 0).astype(int)
    with pytest.warns(SeparationWarning, match=r"complete separation"):
        assert not LogisticRegression().fit(X, y).mle_exists_
    y[np.argmax(X[:, 0] - X[:, 2])] = 0  # a single overlapping point: the MLE exists
    d = recession_direction(X, y, "categorical")
    assert d is None and truth_logistic(X, y)


def test_separation_warning_lives_in_the_separation_module():
    assert SeparationWarning.__module__ == "estlab.linear_model._separation"
    assert issubclass(SeparationWarning, ConvergenceWarning)
    import estlab.linear_model._logistic as logistic

    assert logistic.SeparationWarning is SeparationWarning  # the old import path still works


def test_a_separated_fit_saves_and_loads_with_its_diagnosis(tmp_path):
    import estlab

    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    with pytest.warns(SeparationWarning):
        model = LogisticRegression().fit(X, [0, 0, 1, 1])
    again = estlab.load(estlab.save(model, tmp_path / "separated"))
    assert again.mle_exists_ is False
    assert again.separation_["kind"] == "complete"
    assert again.separation_["names"] == model.separation_["names"]
    np.testing.assert_array_equal(again.separation_["direction"], model.separation_["direction"])
