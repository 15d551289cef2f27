"""Residuals and influence diagnostics against statsmodels (OLSInfluence, GLM, GLMInfluence)."""

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import OLSInfluence

from estlab import DataError
from estlab.datasets import load_breast_cancer, load_doctor_visits, load_longley
from estlab.linear_model import (Influence, LinearRegression, LogisticRegression,
                                 PoissonRegression)

RTOL = 1e-7


def test_linear_influence_equals_statsmodels_olsinfluence_on_longley():
    longley = load_longley()
    X, y = longley.data, longley.target
    model = LinearRegression().fit(X, y)
    ref = sm.OLS(y, sm.add_constant(X)).fit()
    inf = OLSInfluence(ref)
    got = model.influence(X, y)
    assert isinstance(got, Influence)
    np.testing.assert_allclose(got.fitted, ref.fittedvalues, rtol=RTOL)
    np.testing.assert_allclose(got.leverage, inf.hat_matrix_diag, rtol=RTOL)
    np.testing.assert_allclose(got.resid_studentized, inf.resid_studentized_internal, rtol=1e-6)
    np.testing.assert_allclose(got.resid_studentized_external, inf.resid_studentized_external,
                               rtol=1e-6)
    np.testing.assert_allclose(got.cooks_distance, inf.cooks_distance[0], rtol=1e-6)
    np.testing.assert_allclose(got.leverage.sum(), 7, rtol=1e-12)  # trace(H) = k
    np.testing.assert_allclose(model.resid(X, y, kind="response"), ref.resid, rtol=1e-6)
    np.testing.assert_allclose(model.resid(X, y, kind="pearson"), ref.resid_pearson, rtol=1e-6)
    np.testing.assert_array_equal(model.resid(X, y), model.resid(X, y, kind="response"))


def test_linear_influence_without_intercept():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, 2.0, -1.0] + rng.standard_t(3, size=60)
    model = LinearRegression(fit_intercept=False).fit(X, y)
    inf = OLSInfluence(sm.OLS(y, X).fit())
    got = model.influence(X, y)
    np.testing.assert_allclose(got.leverage, inf.hat_matrix_diag, rtol=RTOL)
    np.testing.assert_allclose(got.cooks_distance, inf.cooks_distance[0], rtol=1e-6)


def glm_reference(y, X, family):
    ref = sm.GLM(y, sm.add_constant(X), family=family).fit(tol=1e-12)
    return ref, ref.get_influence()


def check_glm(model, X, y, y_numeric, ref, inf):
    np.testing.assert_allclose(model.resid(X, y, kind="response"), ref.resid_response,
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(model.resid(X, y, kind="pearson"), ref.resid_pearson,
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(model.resid(X, y, kind="deviance"), ref.resid_deviance,
                               rtol=1e-6, atol=1e-9)
    got = model.influence(X, y)
    np.testing.assert_allclose(got.leverage, inf.hat_matrix_diag, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(got.resid_studentized, inf.resid_studentized, rtol=1e-6,
                               atol=1e-9)
    np.testing.assert_allclose(got.cooks_distance, inf.cooks_distance[0], rtol=1e-6,
                               atol=1e-12)
    assert got.resid_studentized_external is None
    # the sum of squared deviance residuals is the deviance, Pearson's is the chi-square
    np.testing.assert_allclose(np.sum(model.resid(X, y) ** 2), ref.deviance, rtol=1e-8)
    np.testing.assert_allclose(np.sum(model.resid(X, y, kind="pearson") ** 2),
                               ref.pearson_chi2, rtol=1e-8)


def test_poisson_residuals_equal_statsmodels_glm_on_doctor_visits():
    visits = load_doctor_visits()
    X, y = visits.data[:3000], visits.target[:3000]
    model = PoissonRegression().fit(X, y)
    ref, inf = glm_reference(y, X, sm.families.Poisson())
    check_glm(model, X, y, y, ref, inf)
    assert np.any(y == 0)  # the y log y = 0 branch is exercised


def test_logistic_residuals_equal_statsmodels_glm_binomial_on_breast_cancer():
    cancer = load_breast_cancer()
    X, y = cancer.data[:, [0, 1]], cancer.target
    # tol=1e-12: the default (1e-8 on the scaled mean gradient) stops Newton about 6 digits
    # from the optimum on these uncentred features, statsmodels' tol=1e-12 at 11
    model = LogisticRegression(tol=1e-12).fit(X, y)
    y01 = (y == "malignant").astype(float)
    ref, inf = glm_reference(y01, X, sm.families.Binomial())
    check_glm(model, X, y, y01, ref, inf)


def test_held_out_residuals_are_allowed_but_influence_refuses_other_data():
    cancer = load_breast_cancer()
    X, y = cancer.data[:, [0, 1]], cancer.target
    model = LogisticRegression().fit(X[:400], y[:400])
    assert model.resid(X[400:], y[400:]).shape == (169,)
    with pytest.raises(DataError, match="needs the data the LogisticRegression was fitted on"):
        model.influence(X[400:], y[400:])
    # control: the training data pass
    model.influence(X[:400], y[:400])


def test_bad_kind_penalised_influence_and_unknown_labels():
    cancer = load_breast_cancer()
    X, y = cancer.data[:, [0]], cancer.target
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="kind must be one of"):
        model.resid(X, y, kind="studentized")
    with pytest.raises(DataError, match=r"y\[0\] = 'M' is not one of the fitted classes"):
        model.resid(X, np.where(y == "malignant", "M", "B"))
    with pytest.raises(ValueError, match="alpha=0.1"):
        LogisticRegression(alpha=0.1).fit(X, y).influence(X, y)
    with pytest.raises(DataError, match="non-negative"):
        PoissonRegression().fit(X, np.ones(569)).resid(X, -np.ones(569))


def test_studentized_residuals_have_their_exact_distributions_under_the_model():
    # A statistical claim, tested statistically: with Gaussian errors the externally
    # studentised residual is exactly Student's t(n - k - 1), here t(4). Over 2,000 fits a KS
    # test accepts t(4), and (the controls, proving the test can fail) rejects the standard
    # normal for the same values and t(4) for the internally studentised residual (which is
    # bounded by sqrt(n - k)).
    from scipy import stats

    rng = np.random.default_rng(11)
    n, X = 8, rng.normal(size=(8, 2))
    external, internal = [], []
    for _ in range(2000):
        y = 1 + X @ [1.0, -1.0] + rng.normal(size=n)
        inf = LinearRegression().fit(X, y).influence(X, y)
        external.append(inf.resid_studentized_external[0])
        internal.append(inf.resid_studentized[0])
    t4 = stats.t(n - 3 - 1).cdf
    assert stats.kstest(external, t4).pvalue > 0.001
    assert stats.kstest(external, stats.norm.cdf).pvalue < 0.001
    assert stats.kstest(internal, t4).pvalue < 0.001
    assert np.max(np.abs(internal)) <= np.sqrt(n - 3) + 1e-12
