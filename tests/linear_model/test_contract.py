"""The estimator contract for all four regressions, persistence, memory, bad input, sklearn tools."""

import tracemalloc

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import estlab
from estlab import DataError, NotFittedError
from estlab.linear_model import (LinearRegression, LogisticRegression, PoissonRegression,
                                 SoftmaxRegression)


def data_for(cls, n=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    eta = 0.2 + X @ [0.8, -0.5, 0.3]
    if cls is LinearRegression:
        y = eta + rng.normal(size=n)
    elif cls is PoissonRegression:
        y = rng.poisson(np.exp(eta))
    elif cls is LogisticRegression:
        y = np.where(rng.random(n) < 1 / (1 + np.exp(-eta)), "yes", "no")
    else:
        y = np.array(["a", "b", "c"])[np.digitize(eta + rng.logistic(size=n), [-0.5, 0.8])]
    return X, y


ALL = [LinearRegression, LogisticRegression, SoftmaxRegression, PoissonRegression]
FITTED = ["coef_", "intercept_", "params_", "stderr_", "n_iter_", "converged_", "loss_history_",
          "loglik_", "aic_", "bic_", "n_features_in_"]


@pytest.fixture(params=ALL, ids=lambda c: c.__name__)
def cls(request):
    return request.param


def test_fit_returns_self_and_sets_every_fitted_attribute(cls):
    X, y = data_for(cls)
    model = cls()
    assert model.fit(X, y) is model
    for name in FITTED:
        assert hasattr(model, name), name
    assert isinstance(model.loss_history_, np.ndarray)
    assert model.params_.shape == model.stderr_.shape
    assert np.all(np.isfinite(model.stderr_)) and np.all(model.stderr_ > 0)
    np.testing.assert_array_equal(model.params_[0], model.intercept_)
    assert model.conf_int(0.95).shape == model.params_.shape + (2,)


def test_hyperparameters_are_stored_unmodified(cls):
    params = {"alpha": 0, "max_iter": None, "tol": None, "learning_rate": None,
              "random_state": 3, "fit_intercept": True}
    model = cls(**params)
    X, y = data_for(cls)
    model.fit(X, y)
    for key, value in params.items():
        assert getattr(model, key) is value
    assert clone(model).get_params() == model.get_params()


def test_fit_and_predict_do_not_mutate_inputs(cls):
    X, y = data_for(cls)
    X0, y0 = X.copy(), y.copy()
    model = cls().fit(X, y)
    model.predict(X)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_unfitted_use_raises_not_fitted(cls):
    X, _ = data_for(cls)
    with pytest.raises(NotFittedError):
        cls().predict(X)
    with pytest.raises(NotFittedError):
        cls().conf_int()
    with pytest.raises(NotFittedError):
        cls().summary()


def test_refit_starts_from_scratch(cls):
    X, y = data_for(cls)
    model = cls().fit(X, y)
    first = model.params_.copy()
    model.fit(X[:, :2], y)
    assert model.params_.shape[0] == first.shape[0] - 1 and model.n_features_in_ == 2
    with pytest.raises(DataError, match="X has 3 features, but .* is expecting 2"):
        model.predict(X)


@pytest.mark.parametrize("solver", ["sgd"])
def test_same_random_state_same_result(cls, solver):
    X, y = data_for(cls)
    a = cls(solver=solver, random_state=0).fit(X, y)
    b = cls(solver=solver, random_state=0).fit(X, y)
    np.testing.assert_array_equal(a.params_, b.params_)


def test_save_load_round_trip(cls, tmp_path):
    X, y = data_for(cls)
    model = cls().fit(X, y)
    estlab.save(model, tmp_path / "model")
    again = estlab.load(tmp_path / "model")
    assert type(again) is cls and again.get_params() == model.get_params()
    np.testing.assert_array_equal(again.predict(X), model.predict(X))
    np.testing.assert_array_equal(again.stderr_, model.stderr_)
    assert str(again.summary()) == str(model.summary())


def test_dataframe_feature_names(cls):
    pd = pytest.importorskip("pandas")
    X, y = data_for(cls)
    frame = pd.DataFrame(X, columns=["age", "dose", "weight"])
    model = cls().fit(frame, y)
    assert model.feature_names_in_ == ["age", "dose", "weight"]
    assert "dose" in model.summary()
    with pytest.raises(DataError, match="feature names should match"):
        model.predict(frame[["dose", "age", "weight"]])


@pytest.mark.parametrize("bad, match", [
    (np.nan, r"X\[5, 1\] = nan"), (np.inf, r"X\[5, 1\] = inf")])
def test_non_finite_X_names_the_entry(cls, bad, match):
    X, y = data_for(cls)
    X[5, 1] = bad
    with pytest.raises(DataError, match=match):
        cls().fit(X, y)


def test_bad_shapes_and_hyperparameters(cls):
    X, y = data_for(cls)
    with pytest.raises(DataError, match="same number of samples"):
        cls().fit(X, y[:-1])
    with pytest.raises(DataError, match="two-dimensional"):
        cls().fit(X[:, 0], y)
    with pytest.raises(DataError, match="at least 2 samples"):
        cls().fit(X[:1], y[:1])
    with pytest.raises(ValueError, match="solver must be one of"):
        cls(solver="lbfgs").fit(X, y)
    with pytest.raises(ValueError, match="alpha must be a non-negative number"):
        cls(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="momentum must be a number in"):
        cls(momentum=1.5).fit(X, y)
    with pytest.raises(ValueError, match="max_iter must be a positive integer"):
        cls(max_iter=0).fit(X, y)
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        cls().fit(X, y).conf_int(95)


def test_memory_stays_within_about_one_copy_of_X(cls):
    # No n x n matrix (that alone would be 80 GB here) and at most ~one extra copy of X.
    rng = np.random.default_rng(0)
    n, p = 100_000, 40
    X = rng.normal(size=(n, p))
    _, y_small = data_for(cls, n=n)
    tracemalloc.start()
    tracemalloc.reset_peak()
    cls().fit(X, y_small)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # at most one copy of X (32 MB) plus O(n) vectors and blocks of rows
    assert peak < 1.25 * X.nbytes, peak / X.nbytes


def test_pipeline_and_grid_search(cls):
    X, y = data_for(cls, n=150)
    pipe = make_pipeline(StandardScaler(), cls())
    search = GridSearchCV(pipe, {f"{cls.__name__.lower()}__alpha": [0.0, 0.1]}, cv=3)
    search.fit(X, y)
    assert search.best_params_ and search.predict(X).shape == (150,)
