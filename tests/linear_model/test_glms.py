"""Logistic, Poisson and softmax regression against statsmodels and scikit-learn."""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression as SkLogistic
from sklearn.linear_model import PoissonRegressor

from estlab import ConvergenceWarning, DataError
from estlab.linear_model import (LogisticRegression, PoissonRegression, SeparationWarning,
                                 SoftmaxRegression)

RTOL = 1e-6  # the accuracy bar against statsmodels


def design(n=400, p=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng, rng.normal(size=(n, p))


def binary(n=400, seed=0):
    rng, X = design(n, seed=seed)
    eta = 0.3 + X @ [1.0, -1.0, 0.5]
    return X, (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)


def counts(n=400, seed=0):
    rng, X = design(n, seed=seed)
    return X, rng.poisson(np.exp(0.3 + X @ [0.5, -0.3, 0.2]))


def multiclass(n=600, seed=0, K=3):
    rng, X = design(n, seed=seed)
    B = rng.normal(size=(4, K - 1))
    eta = np.column_stack([np.zeros(n), B[0] + X @ B[1:]])
    P = np.exp(eta) / np.exp(eta).sum(axis=1, keepdims=True)
    return X, (rng.random((n, 1)) > P.cumsum(axis=1)).sum(axis=1)


def add_const(X, fit_intercept):
    return sm.add_constant(X) if fit_intercept else X


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_logistic_equals_statsmodels_logit(fit_intercept):
    X, y = binary()
    model = LogisticRegression(fit_intercept=fit_intercept).fit(X, y)
    ref = sm.Logit(y, add_const(X, fit_intercept)).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(model.params_, ref.params, rtol=RTOL)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=RTOL)
    np.testing.assert_allclose(model.conf_int(), ref.conf_int(), rtol=RTOL)
    np.testing.assert_allclose([model.loglik_, model.aic_, model.bic_],
                               [ref.llf, ref.aic, ref.bic], rtol=RTOL)
    stat, pvalue = model._wald()
    np.testing.assert_allclose(stat, ref.tvalues, rtol=RTOL)
    np.testing.assert_allclose(pvalue, ref.pvalues, rtol=1e-5)
    assert model.converged_ and model.n_iter_ < 10


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_poisson_equals_statsmodels_glm(fit_intercept):
    X, y = counts()
    model = PoissonRegression(fit_intercept=fit_intercept).fit(X, y)
    ref = sm.GLM(y, add_const(X, fit_intercept), family=sm.families.Poisson()).fit(tol=1e-12)
    np.testing.assert_allclose(model.params_, ref.params, rtol=RTOL)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=RTOL)
    np.testing.assert_allclose([model.loglik_, model.aic_, model.bic_],
                               [ref.llf, ref.aic, ref.bic_llf], rtol=RTOL)
    np.testing.assert_allclose(model.predict(X), ref.fittedvalues, rtol=RTOL)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_softmax_equals_statsmodels_mnlogit(fit_intercept):
    X, y = multiclass()
    model = SoftmaxRegression(fit_intercept=fit_intercept).fit(X, y)
    ref = sm.MNLogit(y, add_const(X, fit_intercept)).fit(disp=0, method="newton", tol=1e-12)
    np.testing.assert_allclose(model.params_, ref.params, rtol=RTOL)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=RTOL)
    np.testing.assert_allclose([model.loglik_, model.aic_, model.bic_],
                               [ref.llf, ref.aic, ref.bic], rtol=RTOL)
    np.testing.assert_allclose(model.predict_proba(X), ref.predict(add_const(X, fit_intercept)),
                               rtol=1e-6)
    assert model.conf_int().shape == model.params_.shape + (2,)


def test_softmax_with_two_classes_is_logistic_regression():
    X, y = binary()
    # Both Newton solvers stop at max|grad| <= tol; a tight tol makes them agree to ~1e-10.
    soft = SoftmaxRegression(tol=1e-12).fit(X, y)
    logit = LogisticRegression(tol=1e-12).fit(X, y)
    np.testing.assert_allclose(soft.params_[:, 0], logit.params_, rtol=1e-8)
    np.testing.assert_allclose(soft.stderr_[:, 0], logit.stderr_, rtol=1e-8)
    np.testing.assert_allclose(soft.decision_function(X), logit.decision_function(X), rtol=1e-8,
                               atol=1e-10)


def test_penalised_logistic_equals_scikit_learn():
    X, y = binary()
    n, alpha = len(y), 0.05
    model = LogisticRegression(alpha=alpha).fit(X, y)
    # sklearn minimises ||w||^2 / 2 + C sum(loss): divide by C n to get ours, alpha = 1 / (C n).
    ref = SkLogistic(C=1 / (n * alpha), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_[0], rtol=1e-6)
    np.testing.assert_allclose(model.intercept_, ref.intercept_[0], rtol=1e-6)


def test_penalised_poisson_equals_scikit_learn():
    X, y = counts()
    model = PoissonRegression(alpha=0.1).fit(X, y)
    # sklearn: mean half-deviance + alpha/2 ||w||^2 = our mean nll + constant.
    ref = PoissonRegressor(alpha=0.1, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-6)


CASES = {"logistic": (LogisticRegression, binary), "poisson": (PoissonRegression, counts),
         "softmax": (SoftmaxRegression, multiclass)}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("solver", ["gd", "adam", "sgd"])
def test_iterative_solvers_reach_the_newton_solution(name, solver):
    cls, data = CASES[name]
    X, y = data()
    exact = cls().fit(X, y)
    model = cls(solver=solver, random_state=0).fit(X, y)
    assert model.converged_
    diff = np.abs(model.params_ - exact.params_)
    if solver == "sgd":
        # Constant-rate SGD (batches of 32) jitters around the optimum within a radius that
        # shrinks with the learning rate; it must land well inside the sampling error.
        assert np.all(diff < 0.3 * exact.stderr_)
    else:
        # Stopping at max|grad| <= tol leaves |theta - theta_hat| <= ||H^-1|| ||grad||
        # <= n sum(stderr^2) sqrt(d) tol (to first order; factor 2 for the curvature change).
        bound = 2 * len(y) * np.sum(exact.stderr_**2) * np.sqrt(diff.size) * 1e-6
        assert np.all(diff < bound)
        np.testing.assert_allclose(model.stderr_, exact.stderr_, rtol=1e-3)
    assert model.loss_history_[-1] <= model.loss_history_[0]


def test_same_random_state_same_sgd_result():
    X, y = binary()
    a = LogisticRegression(solver="sgd", random_state=3, max_iter=5, tol=0.0)
    b = LogisticRegression(solver="sgd", random_state=3, max_iter=5, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 5 epochs on purpose
        np.testing.assert_array_equal(a.fit(X, y).params_, b.fit(X, y).params_)
        c = LogisticRegression(solver="sgd", random_state=4, max_iter=5, tol=0.0).fit(X, y)
    assert not np.array_equal(a.params_, c.params_)


def test_string_labels_and_probabilities():
    X, y = multiclass()
    labels = np.array(["cat", "dog", "emu"])[y]
    model = SoftmaxRegression().fit(X, labels)
    assert model.classes_.tolist() == ["cat", "dog", "emu"]
    assert set(model.predict(X)) <= {"cat", "dog", "emu"}
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)
    assert model.score(X, labels) > 0.5
    binary_model = LogisticRegression().fit(X, labels == "dog")
    assert binary_model.classes_.tolist() == [False, True]


def test_logistic_names_a_perfectly_separating_feature():
    rng, X = design(60)
    y = np.where(X[:, 1] > 0.2, "b", "a")
    with pytest.warns(SeparationWarning, match=r"feature X\[:, 1\] perfectly separates"):
        model = LogisticRegression().fit(X, y)
    assert np.all(np.isfinite(model.params_))


def test_logistic_warns_on_quasi_complete_separation():
    rng, X = design(80)
    X[:, 0] = np.round(X[:, 0])
    y = (X[:, 0] > 0).astype(int)
    y[X[:, 0] == 0] = rng.integers(0, 2, size=int(np.sum(X[:, 0] == 0)))
    with pytest.warns(SeparationWarning, match=r"X\[:, 0\] quasi-perfectly separates"):
        LogisticRegression().fit(X, y)


def test_logistic_separation_by_a_combination_of_features():
    rng, X = design(100)
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    with pytest.warns(SeparationWarning,
                      match=r"the direction .*X\[:, 0\].*X\[:, 1\].* complete separation"):
        LogisticRegression().fit(X, y)


def test_separated_data_with_a_penalty_do_not_warn():
    rng, X = design(60)
    y = (X[:, 1] > 0.2).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LogisticRegression(alpha=0.01).fit(X, y)
    assert model.converged_ and np.all(np.abs(model.coef_) < 100)


def test_separation_warning_is_a_convergence_warning():
    assert issubclass(SeparationWarning, ConvergenceWarning)


@pytest.mark.parametrize("bad, index", [(-1, 5), (2.5, 7)])
def test_poisson_rejects_bad_counts_naming_the_index(bad, index):
    X, y = counts()
    y = y.astype(float)
    y[index] = bad
    with pytest.raises(DataError, match=rf"non-negative integers; y\[{index}\] = {bad}"):
        PoissonRegression().fit(X, y)


def test_poisson_all_zero_counts():
    X, _ = counts()
    with pytest.raises(DataError, match="All counts in y are zero"):
        PoissonRegression().fit(X, np.zeros(len(X)))


@pytest.mark.parametrize("cls, data", [(LogisticRegression, binary),
                                       (PoissonRegression, counts),
                                       (SoftmaxRegression, multiclass)])
def test_glm_singular_designs_are_clear_errors(cls, data):
    X, y = data()
    Xc = X.copy()
    Xc[:, 1] = 1.0
    with pytest.raises(DataError, match=r"X\[:, 1\] is constant"):
        cls().fit(Xc, y)
    Xd = np.column_stack([X, X[:, 0]])
    with pytest.raises(DataError, match=r"X\[:, 3\] is a multiple of X\[:, 0\]"):
        cls(solver="gd").fit(Xd, y) if cls is not SoftmaxRegression else cls().fit(Xd, y)


def test_logistic_rejects_multiclass_and_single_class():
    X, y = multiclass()
    with pytest.raises(DataError, match="Only binary classification is supported"):
        LogisticRegression().fit(X, y)
    with pytest.raises(DataError, match="needs samples of 2 classes"):
        LogisticRegression().fit(X, np.zeros(len(X)))
    with pytest.raises(DataError, match="Unknown label type"):
        LogisticRegression().fit(X, X[:, 0])


def test_newton_not_converging_warns():
    X, y = binary()
    with pytest.warns(ConvergenceWarning, match="did not converge in 2 iterations"):
        model = LogisticRegression(max_iter=2).fit(X, y)
    assert not model.converged_ and model.n_iter_ == 2


@pytest.mark.parametrize("cls, data", [(LogisticRegression, binary),
                                       (PoissonRegression, counts),
                                       (SoftmaxRegression, multiclass)])
def test_summary_has_the_statsmodels_columns(cls, data):
    X, y = data()
    text = cls().fit(X, y).summary(level=0.9)
    for word in ["coef", "std err", "P>|z|", "[0.05", "0.95]", "const", "x3"]:
        assert word in text


@pytest.mark.parametrize("cls, data", [(LogisticRegression, binary),
                                       (PoissonRegression, counts)])
def test_newton_on_a_huge_scale_column_gives_no_nan(cls, data):
    # |x| ~ 1e19: the float32 intermediate Hessian overflows. It once turned into a NaN Newton
    # step, which the step halving accepted: NaN coefficients and infinite standard errors.
    X, y = data()
    ref = cls().fit(X, y)
    model = cls().fit(X * 1e19, y)
    np.testing.assert_allclose(model.coef_ * 1e19, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_[1:] * 1e19, ref.stderr_[1:], rtol=1e-6)


@pytest.mark.parametrize("scale", [1e-25, 1e-8, 1e10])
@pytest.mark.parametrize("cls, data", [(LogisticRegression, binary),
                                       (PoissonRegression, counts),
                                       (SoftmaxRegression, multiclass)])
def test_newton_stopping_rule_does_not_depend_on_the_units_of_X(cls, data, scale):
    # On the raw gradient, X * 1e-8 met max|grad| <= 1e-8 at the start (coef_ = 0 reported as
    # converged) and X * 1e10 never met it (100 iterations, then a ConvergenceWarning).
    # With X * 1e-25 the float32 intermediate Hessian underflowed to 0.
    X, y = data()
    ref = cls().fit(X, y)
    model = cls().fit(X * scale, y)  # warnings are errors: no ConvergenceWarning either
    assert model.converged_ and model.n_iter_ <= ref.n_iter_ + 1
    np.testing.assert_allclose(model.coef_ * scale, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_[1:] * scale, ref.stderr_[1:], rtol=1e-6)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("cls, data", [(LogisticRegression, binary),
                                       (PoissonRegression, counts)])
def test_newton_iterations_do_not_depend_on_the_units_of_X(cls, data, fit_intercept):
    # The "reuse the Hessian while theta moves < 1%" rule measured steps in raw units: with
    # X * 1000 (grams instead of kilograms) the coefficients are 1000x smaller, every step
    # looked small, the starting Hessian was never refreshed and Newton crawled (35-100
    # iterations instead of 6, sometimes a ConvergenceWarning).
    X, y = data()
    ref = cls(fit_intercept=fit_intercept).fit(X, y)
    model = cls(fit_intercept=fit_intercept).fit(X * 1000.0, y)
    assert model.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(model.coef_ * 1000.0, ref.coef_, rtol=1e-7)
