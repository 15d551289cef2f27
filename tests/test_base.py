"""The estimator contract of estlab.base, checked against scikit-learn's own machinery."""

import numpy as np
import pytest
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.metrics import accuracy_score, r2_score

from estlab import NotFittedError
from estlab.base import BaseEstimator, ClassifierMixin, RegressorMixin, check_is_fitted
from estlab.distributions import Gamma, Normal


class Toy(BaseEstimator):
    def __init__(self, *, alpha=1.0, inner=None, grid=None):
        self.alpha = alpha
        self.inner = inner
        self.grid = grid

    def fit(self, x):
        self._reset()
        self.mean_ = float(np.mean(x))
        if len(x) > 2:
            self.only_for_long_ = True
        return self


class Reg(RegressorMixin, BaseEstimator):
    def fit(self, X, y):
        self.coef_ = np.linalg.lstsq(np.asarray(X, float), np.asarray(y, float), rcond=None)[0]
        return self

    def predict(self, X):
        return np.asarray(X, float) @ self.coef_


class Clf(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        return self

    def predict(self, X):
        return (np.asarray(X)[:, 0] > 0).astype(int)


def test_get_params_returns_exactly_what_was_passed():
    grid = [1, 2, 3]
    t = Toy(alpha=0.5, grid=grid)
    params = t.get_params()
    assert params == {"alpha": 0.5, "inner": None, "grid": grid}
    assert params["grid"] is grid


def test_set_params_and_nested_estimators():
    t = Toy(inner=Gamma(tol=1e-6))
    assert t.get_params(deep=True)["inner__tol"] == 1e-6
    assert "inner__tol" not in t.get_params(deep=False)
    assert t.set_params(alpha=2.0, inner__max_iter=7) is t
    assert t.alpha == 2.0 and t.inner.max_iter == 7
    assert t.set_params() is t
    with pytest.raises(ValueError, match=r"Toy has no hyperparameter 'beta'; valid names are "
                                         r"\['alpha', 'grid', 'inner'\]"):
        t.set_params(beta=1)


def test_repr_shows_non_defaults_only():
    assert repr(Toy()) == "Toy()"
    assert repr(Toy(alpha=2.0)) == "Toy(alpha=2.0)"
    assert repr(Toy(alpha=1)) == "Toy(alpha=1)"  # int 1 is not the float default 1.0
    assert repr(Toy(grid=np.array([1.0]))) == "Toy(grid=array([1.]))"
    assert repr(Toy(alpha=float("nan"))) == "Toy(alpha=nan)"
    assert repr(Gamma(max_iter=5)) == "Gamma(max_iter=5)"
    assert repr(Toy(inner=Normal())) == "Toy(inner=Normal())"


def test_varargs_constructor_is_rejected():
    class Bad(BaseEstimator):
        def __init__(self, *args):
            self.args = args

    with pytest.raises(TypeError, match=r"must not take \*args"):
        Bad().get_params()


def test_sklearn_clone():
    g = Gamma(tol=1e-6, max_iter=30)
    c = clone(g)
    assert c is not g and c.get_params() == g.get_params()
    fitted = Gamma().fit([1.0, 2.0, 4.0])
    assert not hasattr(clone(fitted), "shape_")
    nested = clone(Toy(inner=Gamma(tol=1e-3)))
    assert nested.inner.tol == 1e-3


def test_refit_starts_from_scratch():
    t = Toy().fit([1.0, 2.0, 3.0])
    assert t.only_for_long_
    t.fit([5.0])
    assert t.mean_ == 5.0 and not hasattr(t, "only_for_long_")


def test_check_is_fitted():
    with pytest.raises(NotFittedError, match="This Toy is not fitted yet: call fit"):
        check_is_fitted(Toy())
    t = Toy().fit([1.0])
    check_is_fitted(t)
    check_is_fitted(t, "mean_")
    with pytest.raises(NotFittedError):
        check_is_fitted(t, ["mean_", "only_for_long_"])
    assert isinstance(NotFittedError("x"), AttributeError)


def test_regressor_score_is_r2():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = X @ [1.0, -2.0] + rng.normal(size=30)
    r = Reg().fit(X, y)
    assert r.score(X, y) == pytest.approx(r2_score(y, r.predict(X)))
    w = rng.random(30)
    assert r.score(X, y, sample_weight=w) == pytest.approx(r2_score(y, r.predict(X),
                                                                    sample_weight=w))
    # constant target: scikit-learn's convention (1 if perfect, else 0), whatever rounding does
    Xc, yc = np.ones((30, 1)), np.full(30, 3.0)
    rc = Reg().fit(Xc, yc)
    assert rc.score(Xc, yc) == r2_score(yc, rc.predict(Xc))
    rc.coef_ = np.array([3.0])
    assert rc.score(Xc, yc) == 1.0
    rc.coef_ = np.array([2.0])
    assert rc.score(Xc, yc) == 0.0
    assert is_regressor(Reg()) and not is_classifier(Reg())


def test_classifier_score_is_accuracy():
    X = np.array([[1.0], [-1.0], [2.0], [-3.0]])
    y = np.array([1, 1, 1, 0])
    c = Clf().fit(X, y)
    assert c.score(X, y) == accuracy_score(y, c.predict(X)) == 0.75
    w = np.array([1.0, 3.0, 1.0, 1.0])
    assert c.score(X, y, sample_weight=w) == pytest.approx(accuracy_score(y, c.predict(X),
                                                                          sample_weight=w))
    assert is_classifier(Clf())


def test_sklearn_tags():
    assert Reg().__sklearn_tags__().estimator_type == "regressor"
    assert Clf().__sklearn_tags__().target_tags.required
    assert Normal().__sklearn_tags__().estimator_type is None
