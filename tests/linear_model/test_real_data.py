"""The book's chapter 4 models on the bundled real data, against statsmodels.

The same comparisons as test_glms.py (which uses simulated data), on the data the chapter
fits: Logit on the breast cancer data, MNLogit on iris, GLM Poisson on the RAND doctor visits.
"""

import numpy as np
import pytest
import statsmodels.api as sm

from estlab.datasets import load_breast_cancer, load_doctor_visits, load_iris
from estlab.linear_model import (LogisticRegression, PoissonRegression, SeparationWarning,
                                 SoftmaxRegression)


def test_logistic_on_breast_cancer_equals_statsmodels_logit():
    cancer = load_breast_cancer()
    X = cancer.data[:, [cancer.feature_names.index("mean_radius"),
                        cancer.feature_names.index("mean_texture")]]
    y01 = (cancer.target == "malignant").astype(float)
    ref = sm.Logit(y01, sm.add_constant(X)).fit(disp=0, tol=1e-12)
    model = LogisticRegression(tol=1e-12).fit(X, cancer.target)
    assert model.classes_[1] == "malignant" and model.mle_exists_
    np.testing.assert_allclose(model.params_, ref.params, rtol=1e-8)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=1e-7)
    np.testing.assert_allclose(model.loglik_, ref.llf, rtol=1e-10)
    # with the default tolerance Newton stops earlier on these uncentred features: the
    # estimate is still far inside its standard error (6 digits)
    default = LogisticRegression().fit(X, cancer.target)
    np.testing.assert_allclose(default.params_, ref.params, rtol=1e-5)
    assert np.all(np.abs(default.params_ - ref.params) < 1e-4 * ref.bse)


def test_softmax_on_iris_equals_statsmodels_mnlogit_where_the_mle_exists():
    iris = load_iris()
    X = iris.data[:, [0]]           # sepal length alone: the species overlap, the MLE exists
    codes = np.searchsorted(np.array(iris.target_names), iris.target)
    ref = sm.MNLogit(codes, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    model = SoftmaxRegression().fit(X, iris.target)
    assert model.mle_exists_
    np.testing.assert_allclose(model.params_, ref.params, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=1e-6)
    np.testing.assert_allclose(model.loglik_, ref.llf, rtol=1e-9)


def test_softmax_on_iris_petals_has_no_mle():
    # The chapter's point: setosa is linearly separable by its petals (Fisher 1936), so the
    # unpenalised fit warns and a penalty gives the finite estimate the chapter uses.
    iris = load_iris()
    with pytest.warns(SeparationWarning, match="setosa"):
        model = SoftmaxRegression().fit(iris.data[:, 2:], iris.target)
    assert not model.mle_exists_
    penalised = SoftmaxRegression(alpha=0.01).fit(iris.data[:, 2:], iris.target)
    assert penalised.mle_exists_ and np.all(np.isfinite(penalised.stderr_))


def test_poisson_on_doctor_visits_equals_statsmodels_glm():
    visits = load_doctor_visits()
    X, y = visits.data, visits.target
    ref = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson()).fit(tol=1e-12)
    model = PoissonRegression().fit(X, y)
    np.testing.assert_allclose(model.params_, ref.params, rtol=1e-7)
    np.testing.assert_allclose(model.stderr_, ref.bse, rtol=1e-7)
    np.testing.assert_allclose([model.loglik_, model.aic_], [ref.llf, ref.aic], rtol=1e-10)
    # the overdispersion the chapter reports: Pearson chi2 / df, as statsmodels' scale="X2"
    pearson = model.resid(X, y, kind="pearson")
    dispersion = np.sum(pearson**2) / ref.df_resid
    np.testing.assert_allclose(dispersion, ref.pearson_chi2 / ref.df_resid, rtol=1e-8)
    quasi = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson()).fit(scale="X2")
    np.testing.assert_allclose(model.stderr_ * np.sqrt(dispersion), quasi.bse, rtol=1e-6)
    assert dispersion > 5
