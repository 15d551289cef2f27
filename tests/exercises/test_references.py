"""The reference solutions against independent implementations (scipy, statsmodels, sklearn).

The checks carry their own closed-form references; these tests make sure the solutions the book
shows (and so the checks they pass) agree with the libraries students will meet.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special, stats

import estlab.exercises as ex


def solution(key):
    spec = importlib.util.spec_from_file_location(f"sol_{key.replace('.', '_')}",
                                                  ex.get_exercise(key).solution_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RNG = np.random.default_rng(2024)


def test_normal_mle_equals_scipy_norm_fit():
    x = RNG.normal(3.0, 2.0, size=50)
    np.testing.assert_allclose(solution("2.1").normal_mle(x), stats.norm.fit(x), rtol=1e-12)


def test_gamma_newton_equals_scipy_gamma_fit_and_converges_quadratically():
    x = RNG.gamma(1.7, 2.0, size=300)
    shape, _, _ = stats.gamma.fit(x, floc=0)
    k, iterates = solution("2.3").gamma_shape_mle(x)
    assert k == pytest.approx(shape, rel=1e-9) and iterates[-1] == k
    errors = np.abs(np.array(iterates) - shape)
    big = errors[(errors > 1e-8) & (errors < 0.1)]  # above rounding, inside the quadratic region
    assert len(big) >= 2 and np.all(big[1:] < big[:-1] ** 2)  # C = |g''/2g'| < 1 here


def test_poisson_wald_interval_uses_scipy_quantile():
    x = RNG.poisson(3.0, size=40)
    lam, se = x.mean(), np.sqrt(x.mean() / 40)
    z = stats.norm.ppf(0.95)
    np.testing.assert_allclose(solution("2.2").poisson_wald_interval(x, 0.90),
                               (lam - z * se, lam + z * se), rtol=1e-12)


def test_logistic_gradient_passes_scipy_check_grad():
    X = np.column_stack([np.ones(30), RNG.normal(size=(30, 2))])
    y = (RNG.random(30) < 0.5).astype(float)
    mod = solution("3.1")
    err = optimize.check_grad(lambda t: mod.logistic_nll(t, X, y),
                              lambda t: mod.logistic_nll_grad(t, X, y), np.array([0.1, -0.2, 0.3]))
    assert err < 1e-6


def test_ols_stderr_equals_statsmodels_bse():
    import statsmodels.api as sm
    X = RNG.normal(size=(40, 3))
    y = 1.0 + X @ np.array([0.5, -1.0, 2.0]) + RNG.normal(size=40)
    np.testing.assert_allclose(solution("4.2").ols_stderr(X, y),
                               sm.OLS(y, sm.add_constant(X)).fit().bse, rtol=1e-10)


def test_poisson_irls_equals_statsmodels_glm():
    import statsmodels.api as sm
    X = np.column_stack([np.ones(150), RNG.normal(size=(150, 2))])
    y = RNG.poisson(np.exp(X @ np.array([0.2, 0.5, -0.3])))
    expected = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-12).params
    np.testing.assert_allclose(solution("4.4").poisson_irls(X, y.astype(float)), expected,
                               rtol=1e-8)


def test_softmax_equals_scipy_special_softmax():
    Z = RNG.normal(0, 50, size=(6, 4))
    np.testing.assert_allclose(solution("4.3").softmax(Z), special.softmax(Z, axis=1), rtol=1e-12)


def test_trimmed_mean_estimator_equals_scipy_trim_mean():
    x = RNG.standard_t(2, size=77)
    est = solution("1.3").MeanEstimator(trim=0.2).fit(x)
    assert est.mean_ == pytest.approx(stats.trim_mean(x, 0.2), rel=1e-12)


def test_standardize_equals_sklearn_standard_scaler():
    from sklearn import preprocessing
    train, test = RNG.normal(2, 3, size=(30, 4)), RNG.normal(2, 3, size=(8, 4))
    train_z, test_z = solution("6.1").standardize(train, test)
    scaler = preprocessing.StandardScaler().fit(train[:, 1:])
    np.testing.assert_allclose(train_z[:, 1:], scaler.transform(train[:, 1:]), rtol=1e-12)
    np.testing.assert_allclose(test_z[:, 1:], scaler.transform(test[:, 1:]), rtol=1e-12)
    np.testing.assert_array_equal(test_z[:, 0], test[:, 0])


def test_bag_of_words_equals_sklearn_binary_count_vectorizer():
    """Vocabulary: words in >= min_count training reviews (min_df), sorted; features 0/1."""
    from sklearn.feature_extraction import text
    train = ["Good, GOOD movie!", "a good plot; the end", "the good-bad plot", "bad bad bad",
             "The movie", "plot twist: good"]
    docs = ["Good, good movie!", "bad plot; the end", "", "unseen words only", "THE PLOT"]
    vectorizer = text.CountVectorizer(binary=True, min_df=3, token_pattern=r"[a-z]+")
    vectorizer.fit(train)
    vocabulary, X = solution("10.2").bag_of_words(train, docs, min_count=3)
    assert vocabulary == list(vectorizer.get_feature_names_out())
    np.testing.assert_array_equal(X, vectorizer.transform(docs).toarray())


def test_image_features_equal_sklearn_row_scaling():
    from sklearn import preprocessing
    images = RNG.integers(0, 256, size=(6, 8, 8)).astype(np.uint8)
    expected = preprocessing.scale(images.reshape(6, -1).astype(float), axis=1)
    np.testing.assert_allclose(solution("10.1").images_to_features(images), expected, rtol=1e-6)


def test_chapter_10_still_computes_what_exercises_10_1_and_10_2_check():
    """Drift guard: the exercises encode chapter 10's processors; if those change, so must they."""
    examples = Path(__file__).parents[2] / "chapters" / "10-pipelines" / "examples"
    images = (examples / "images.py").read_text(encoding="utf-8")
    assert "image = (image - image.mean()) / (image.std() + 1e-8)" in images
    assert "image.ravel()" in images
    reviews = (examples / "text.py").read_text(encoding="utf-8")
    assert 're.findall(r"[a-z]+", text.lower())' in reviews
    assert "for t in set(tokens(r[\"text\"]))" in reviews and "if not held" in reviews
    assert "c >= args.min_count" in reviews and "x[index[t]] = 1.0" in reviews


def test_wald_coverage_simulation_agrees_with_the_exact_coverage():
    """The simulation solution against the exact sum the check uses, at two (lam, n)."""
    from estlab.exercises.ch02 import _exact_coverage

    z = stats.norm.ppf(0.975)
    for lam, n in ((0.5, 10), (4.0, 50)):
        exact = _exact_coverage(lam, n, z, lambda h, n=n: np.sqrt(h / n))
        simulated = solution("2.4").wald_coverage(lam, n, n_sims=200_000, random_state=3)
        assert simulated == pytest.approx(exact, abs=4 * np.sqrt(exact * (1 - exact) / 200_000))
