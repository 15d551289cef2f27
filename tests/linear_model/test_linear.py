"""LinearRegression against independent references: statsmodels OLS, lstsq, NIST, scikit-learn."""

import numpy as np
import pytest
import statsmodels.api as sm
from sklearn.linear_model import Ridge

from estlab import DataError
from estlab.datasets import load_longley
from estlab.linear_model import LinearRegression

RTOL = 1e-6  # the accuracy bar against statsmodels


def make_data(n=300, p=4, seed=0, noise=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = 1.5 + X @ np.linspace(-1, 1, p) + noise * rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("solver", ["normal", "qr"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_equals_statsmodels_ols(solver, fit_intercept):
    X, y = make_data()
    model = LinearRegression(solver=solver, fit_intercept=fit_intercept).fit(X, y)
    ref = sm.OLS(y, sm.add_constant(X) if fit_intercept else X).fit()
    np.testing.assert_allclose(model.params_, ref.params, rtol=RTOL)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=RTOL)
    np.testing.assert_allclose(model.conf_int(0.9), ref.conf_int(0.1), rtol=RTOL)
    np.testing.assert_allclose(model.scale_, ref.scale, rtol=RTOL)
    np.testing.assert_allclose([model.loglik_, model.aic_, model.bic_],
                               [ref.llf, ref.aic, ref.bic], rtol=RTOL)
    assert model.df_resid_ == ref.df_resid
    stat, pvalue = model._wald()
    np.testing.assert_allclose(stat, ref.tvalues, rtol=RTOL)
    np.testing.assert_allclose(pvalue, ref.pvalues, rtol=1e-5, atol=1e-300)


def test_equals_lstsq_on_random_data():
    rng = np.random.default_rng(1)
    for n, p in [(50, 1), (200, 10), (1000, 30)]:
        X, y = rng.normal(size=(n, p)), rng.normal(size=n)
        beta = np.linalg.lstsq(np.column_stack([np.ones(n), X]), y, rcond=None)[0]
        for solver in ["normal", "qr"]:
            model = LinearRegression(solver=solver).fit(X, y)
            np.testing.assert_allclose(model.params_, beta, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("solver", ["normal", "qr"])
def test_longley_matches_nist_certified_values(solver):
    # NIST StRD, Longley (higher difficulty), certified to 15 digits: estlab.datasets ships
    # the data and NIST's values (tests/test_datasets_real.py counts the correct digits)
    longley = load_longley()
    X, y, certified = longley.data, longley.target, longley.certified
    model = LinearRegression(solver=solver).fit(X, y)
    # The Gram matrix of Longley has condition number ~1e13 even after scaling: "normal"
    # must notice and fall back to QR.
    assert model.solver_used_ == "qr"
    np.testing.assert_allclose(model.params_, certified["params"], rtol=1e-8)
    np.testing.assert_allclose(model.stderr_, certified["stderr"], rtol=1e-8)
    np.testing.assert_allclose(np.sqrt(model.scale_), certified["resid_sd"], rtol=1e-8)


@pytest.mark.parametrize("solver", ["normal", "qr"])
def test_vandermonde_design_nist_wampler1(solver):
    # NIST Wampler1: y = 1 + x + ... + x^5 exactly, x = 0..20 (certified coefficients all 1).
    # The scaled Gram matrix has condition number 5e6: Cholesky on it would keep only ~7
    # digits, so "normal" must switch to QR.
    x = np.arange(21.0)
    X = np.column_stack([x**k for k in range(1, 6)])
    y = 1 + X.sum(axis=1)
    model = LinearRegression(solver=solver).fit(X, y)
    assert model.solver_used_ == "qr"
    np.testing.assert_allclose(model.params_, np.ones(6), rtol=1e-8)
    assert np.all(np.isfinite(model.stderr_)) and np.all(model.stderr_ < 1e-5)


def test_normal_equations_stay_on_cholesky_when_well_conditioned():
    X, y = make_data()
    assert LinearRegression().fit(X, y).solver_used_ == "normal"


def test_rss_recomputed_when_the_gram_formula_would_cancel():
    # y has a huge mean and a tiny residual: y'y - theta'X'y would lose ~10 digits.
    X, y = make_data(noise=1e-4)
    y = y + 1e5
    model = LinearRegression().fit(X, y)
    ref = sm.OLS(y, sm.add_constant(X)).fit()
    np.testing.assert_allclose(model.scale_, ref.scale, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=1e-6)


@pytest.mark.parametrize("solver", ["normal", "qr"])
def test_ridge_equals_scikit_learn(solver):
    X, y = make_data()
    n, alpha = len(y), 0.3
    model = LinearRegression(alpha=alpha, solver=solver).fit(X, y)
    ref = Ridge(alpha=n * alpha).fit(X, y)  # sklearn penalises the summed squared error
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-9)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-9)


@pytest.mark.parametrize("solver, rtol", [("gd", 1e-5), ("sgd", None)])
def test_iterative_solvers_reach_the_exact_solution(solver, rtol):
    X, y = make_data(n=400)
    exact = LinearRegression().fit(X, y)
    model = LinearRegression(solver=solver, random_state=0).fit(X, y)
    assert model.converged_
    if rtol is not None:  # gd stops at max|grad| <= 1e-6 on a Hessian with eigenvalues ~1
        np.testing.assert_allclose(model.params_, exact.params_, rtol=rtol)
    else:  # constant-rate SGD jitters around the optimum: well within the sampling error
        assert np.all(np.abs(model.params_ - exact.params_) < 0.25 * exact.stderr_)
    np.testing.assert_allclose(model.stderr_, exact.stderr_, rtol=1e-3)


@pytest.mark.parametrize("solver", ["normal", "qr", "gd"])
def test_constant_column_is_a_clear_error(solver):
    X, y = make_data()
    X[:, 2] = 3.0
    with pytest.raises(DataError, match=r"X\[:, 2\] is constant"):
        LinearRegression(solver=solver).fit(X, y)


@pytest.mark.parametrize("solver", ["normal", "qr"])
def test_duplicate_column_is_a_clear_error(solver):
    X, y = make_data()
    X[:, 3] = 2 * X[:, 1]
    with pytest.raises(DataError, match=r"X\[:, 3\] is a multiple of X\[:, 1\]"):
        LinearRegression(solver=solver).fit(X, y)


def test_linear_dependence_names_the_columns():
    X, y = make_data()
    X[:, 0] = X[:, 1] + X[:, 2]
    with pytest.raises(DataError, match=r"X\[:, 0\], X\[:, 1\], X\[:, 2\] are linearly"):
        LinearRegression().fit(X, y)


def test_singular_design_with_ridge_is_fine():
    X, y = make_data()
    X[:, 3] = X[:, 1]
    model = LinearRegression(alpha=0.1).fit(X, y)
    assert np.all(np.isfinite(model.params_)) and np.all(np.isfinite(model.stderr_))
    np.testing.assert_allclose(model.coef_[1], model.coef_[3])


def test_too_few_samples_for_the_residual_variance():
    with pytest.raises(DataError, match="more samples than parameters"):
        LinearRegression().fit(np.eye(3), [1.0, 2.0, 3.0])


def test_perfect_fit_gives_no_nan():
    X = np.arange(10.0)[:, None]
    model = LinearRegression().fit(X, 2 * X[:, 0] + 1)  # RSS is 0 or round-off
    values = np.r_[model.params_, model.stderr_, model.loglik_, model.aic_, model.bic_]
    assert not np.any(np.isnan(values))
    assert model.loglik_ > 100
    assert "const" in model.summary()


def test_summary_columns_stay_aligned_for_extreme_values():
    # a perfect fit: std err ~1e-15 and t ~1e15 once printed as "0.000" and a 20-digit t that
    # pushed the rest of the row out of its columns
    X = np.arange(50.0)[:, None]
    lines = LinearRegression().fit(X, 2 * X[:, 0] + 1).summary().splitlines()
    head = next(i for i, line in enumerate(lines) if "std err" in line)
    rows = lines[head + 2:head + 4]
    assert [len(r) for r in rows] == [len(lines[head])] * 2
    se_column = [r[25:36].strip() for r in rows]
    assert all(float(v) > 0 for v in se_column)  # not shown as 0.000


def test_t_intervals_cover_the_truth_about_95_percent():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(15, 2))
    beta = np.array([0.5, 1.0, -2.0])
    hits = 0
    for _ in range(1000):
        y = beta[0] + X @ beta[1:] + rng.normal(size=15)
        ci = LinearRegression().fit(X, y).conf_int(0.95)
        hits += int(ci[1, 0] <= beta[1] <= ci[1, 1])  # the slope of X[:, 0]
    # Binomial(1000, 0.95): sd ~ 6.9, so [925, 975] is a ~3.6 sd band.
    assert 925 <= hits <= 975


def test_summary_table():
    X, y = make_data(p=2)
    text = LinearRegression().fit(X, y).summary()
    assert isinstance(text, str) and repr(text) == str(text)
    for word in ["coef", "std err", "P>|t|", "[0.025", "0.975]", "const", "x1", "x2"]:
        assert word in text
