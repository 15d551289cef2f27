"""Honest diagnostics of the linear models: divergence, rank, conditioning, extreme scales.

Every test that checks a diagnosis has a control that the diagnosis must *not* fire on, and
every fit that succeeds is compared with an independent reference (NIST certified values,
numpy's lstsq, statsmodels).
"""

import re
import warnings

import numpy as np
import pytest
import statsmodels.api as sm

from estlab import ConvergenceError, DataError
from estlab.linear_model import (IllConditionedWarning, LinearRegression, LogisticRegression,
                                 PoissonRegression, SoftmaxRegression)

ESTIMATORS = [LinearRegression, LogisticRegression, PoissonRegression, SoftmaxRegression]

# NIST StRD Filip (higher difficulty): y on x, x^2, ..., x^10 (82 observations), with the
# certified coefficients and standard errors:
# https://www.itl.nist.gov/div898/strd/lls/data/Filip.shtml
FILIP_Y = np.array([
    0.8116, 0.9072, 0.9052, 0.9039, 0.8053, 0.8377, 0.8667, 0.8809, 0.7975, 0.8162, 0.8515,
    0.8766, 0.8885, 0.8859, 0.8959, 0.8913, 0.8959, 0.8971, 0.9021, 0.909, 0.9139, 0.9199, 0.8692,
    0.8872, 0.89, 0.891, 0.8977, 0.9035, 0.9078, 0.7675, 0.7705, 0.7713, 0.7736, 0.7775, 0.7841,
    0.7971, 0.8329, 0.8641, 0.8804, 0.7668, 0.7633, 0.7678, 0.7697, 0.77, 0.7749, 0.7796, 0.7897,
    0.8131, 0.8498, 0.8741, 0.8061, 0.846, 0.8751, 0.8856, 0.8919, 0.8934, 0.894, 0.8957, 0.9047,
    0.9129, 0.9209, 0.9219, 0.7739, 0.7681, 0.7665, 0.7703, 0.7702, 0.7761, 0.7809, 0.7961,
    0.8253, 0.8602, 0.8809, 0.8301, 0.8664, 0.8834, 0.8898, 0.8964, 0.8963, 0.9074, 0.9119,
    0.9228,
])
FILIP_X = np.array([
    -6.860120914, -4.324130045, -4.358625055, -4.358426747, -6.955852379, -6.661145254,
    -6.355462942, -6.118102026, -7.115148017, -6.815308569, -6.519993057, -6.204119983,
    -5.853871964, -6.109523091, -5.79832982, -5.482672118, -5.171791386, -4.851705903,
    -4.517126416, -4.143573228, -3.709075441, -3.499489089, -6.300769497, -5.953504836,
    -5.642065153, -5.031376979, -4.680685696, -4.329846955, -3.928486195, -8.56735134,
    -8.363211311, -8.107682739, -7.823908741, -7.522878745, -7.218819279, -6.920818754,
    -6.628932138, -6.323946875, -5.991399828, -8.781464495, -8.663140179, -8.473531488,
    -8.247337057, -7.971428747, -7.676129393, -7.352812702, -7.072065318, -6.774174009,
    -6.478861916, -6.159517513, -6.835647144, -6.53165267, -6.224098421, -5.910094889,
    -5.598599459, -5.290645224, -4.974284616, -4.64454848, -4.290560426, -3.885055584,
    -3.408378962, -3.13200249, -8.726767166, -8.66695597, -8.511026475, -8.165388579,
    -7.886056648, -7.588043762, -7.283412422, -6.995678626, -6.691862621, -6.392544977,
    -6.067374056, -6.684029655, -6.378719832, -6.065855188, -5.752272167, -5.132414673,
    -4.811352704, -4.098269308, -3.66174277, -3.2644011,
])
FILIP_BETA = [-1467.48961422980, -2772.17959193342, -2316.37108160893, -1127.97394098372,
              -354.478233703349, -75.1242017393757, -10.8753180355343, -1.06221498588947,
              -0.670191154593408e-01, -0.246781078275479e-02, -0.402962525080404e-04]
FILIP_SE = [298.084530995537, 559.779865474950, 466.477572127796, 227.204274477751,
            71.6478660875927, 15.2897178747400, 2.23691159816033, 0.221624321934227,
            0.142363763154724e-01, 0.535617408889821e-03, 0.896632837373868e-05]


def filip():
    return np.column_stack([FILIP_X**k for k in range(1, 11)]), FILIP_Y


def equilibrated_cond(X, fit_intercept=True):
    """The definition of condition_number_, written out with numpy's SVD."""
    A = np.column_stack([np.ones(len(X)), X]) if fit_intercept else X
    return np.linalg.cond(A / np.linalg.norm(A, axis=0))


def target(est, X, seed=0):
    """A response each estimator accepts: real, binary, counts, three classes."""
    rng = np.random.default_rng(seed)
    eta = X[:, 0] / (np.std(X[:, 0]) or 1.0)
    eta = eta - eta.mean()
    if est is LinearRegression:
        return 1.0 + eta + 0.5 * rng.normal(size=len(X))
    if est is LogisticRegression:
        return (eta + rng.normal(size=len(X)) > 0).astype(int)
    if est is PoissonRegression:
        return rng.poisson(np.exp(0.3 * eta))
    return np.digitize(eta + rng.normal(size=len(X)), [-0.5, 0.5])


# --- divergence: no estimate, so no fit -----------------------------------------------------

X_FAR = np.column_stack([np.arange(60.0, 71.0), np.arange(11.0) % 3])  # uncentred, large


@pytest.mark.parametrize("est", ESTIMATORS)
@pytest.mark.parametrize("solver, momentum", [("gd", 0.0), ("gd", 0.9), ("sgd", 0.0),
                                              ("sgd", 0.9)])
def test_diverging_gradient_descent_raises_and_names_the_learning_rate(est, solver, momentum):
    X = X_FAR * (10.0 if est is not LinearRegression else 1.0)
    y = 3.0 * X[:, 0] if est is LinearRegression else np.arange(11) % 2
    model = est(solver=solver, momentum=momentum, fit_intercept=False,
                learning_rate=1.0 if est is PoissonRegression else None)
    with pytest.raises(ConvergenceError, match=r"diverged at (iteration|epoch) \d+") as info:
        model.fit(X, y)
    message = str(info.value)
    assert "learning_rate=" in message and "no estimate" in message
    assert "standardise X" in message
    # the suggested step size is smaller than the one that failed, and stated as a number
    failed = float(re.search(r"learning_rate=([\d.e+-]+)\)", message).group(1))
    suggested = float(message.split("pass learning_rate=")[1].split(" ")[0])
    assert 0 < suggested < failed
    assert not hasattr(model, "coef_")  # nothing that looks like a fit is left behind


def test_the_reported_linear_regression_case_and_its_fix():
    x = np.arange(60.0, 71.0)[:, None]
    y = 2.0 + 3.0 * x[:, 0]
    with pytest.raises(ConvergenceError, match=r"solver='gd', learning_rate=0.1\) diverged"):
        LinearRegression(solver="gd", fit_intercept=False).fit(x, y)
    # control: the suggested learning rate converges, to the least-squares slope
    with pytest.raises(ConvergenceError) as info:
        LinearRegression(solver="gd", fit_intercept=False).fit(x, y)
    lr = float(str(info.value).split("pass learning_rate=")[1].split(" ")[0])
    model = LinearRegression(solver="gd", fit_intercept=False, learning_rate=lr,
                             max_iter=100_000).fit(x, y)
    slope = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(model.coef_, slope, rtol=1e-6)


def test_adam_divergence_raises_too():
    X = X_FAR * 10.0
    with pytest.raises(ConvergenceError, match=r"solver='adam', learning_rate=1\) diverged"):
        PoissonRegression(solver="adam", learning_rate=1.0, fit_intercept=False).fit(
            X, np.arange(11) % 3)


@pytest.mark.parametrize("est", ESTIMATORS)
def test_a_slow_but_stable_run_still_only_warns(est):
    # control: running out of iterations is not divergence
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    with pytest.warns(UserWarning, match="did not converge in 3 iterations"):
        est(solver="gd", max_iter=3).fit(X, target(est, X))


# --- rank and range: the diagnosis is right on the whole float range ------------------------

@pytest.mark.parametrize("est", ESTIMATORS)
def test_far_from_zero_is_nearly_constant_not_constant(est):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 2))
    y = target(est, X)
    if est is LinearRegression:  # QR copes (kappa 3e9 < 1e12), warns, and gets the slope
        with pytest.warns(IllConditionedWarning, match=r"condition number \d\.\de\+09"):
            model = est().fit(X + 1e9, y)
        ref = sm.OLS(y, sm.add_constant(X)).fit()  # the centred problem, same slopes
        np.testing.assert_allclose(model.coef_, ref.params[1:], rtol=1e-5)
        return
    with pytest.raises(DataError, match=r"X\[:, 0\] is nearly constant: its values lie in "
                                        r"\[99999999\d\.\d+, 100000000\d\.?\d*\].*Centre it"):
        est().fit(X + 1e9, y)


@pytest.mark.parametrize("est", ESTIMATORS)
def test_exactly_constant_is_constant(est):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(100, 2))
    X[:, 1] = 1e9
    with pytest.raises(DataError, match=r"X\[:, 1\] is constant \(every value is 1e\+09\)"):
        est().fit(X, target(est, X))


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e300, 1e-300])
@pytest.mark.parametrize("solver", ["normal", "qr"])
def test_linear_regression_is_right_at_extreme_scales(scale, solver):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 3))
    y = 1.0 + X @ [1.0, -2.0, 0.5] + rng.normal(size=60)
    ref = LinearRegression().fit(X, y)
    lstsq = np.linalg.lstsq(np.column_stack([np.ones(60), X]), y, rcond=None)[0]
    np.testing.assert_allclose(ref.params_, lstsq, rtol=1e-10)
    model = LinearRegression(solver=solver).fit(X * scale, y)
    np.testing.assert_allclose(model.coef_ * scale, ref.coef_, rtol=1e-10)
    np.testing.assert_allclose(model.stderr_[1:] * scale, ref.stderr_[1:], rtol=1e-10)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-10)
    assert model.condition_number_ == pytest.approx(ref.condition_number_, rel=1e-8)
    # y at the extremes too: coefficients and standard errors scale with y
    model = LinearRegression(solver=solver).fit(X, y * scale)
    np.testing.assert_allclose(model.params_ / scale, ref.params_, rtol=1e-10)
    np.testing.assert_allclose(model.stderr_ / scale, ref.stderr_, rtol=1e-10)
    np.testing.assert_allclose(model.loglik_, ref.loglik_ - 60 * np.log(scale), rtol=1e-10)


def test_unrepresentable_coefficients_are_an_error_not_inf():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(30, 1))
    y = X[:, 0] * 1e300 + rng.normal(size=30) * 1e299
    with pytest.raises(DataError, match=r"beyond float64's range.*Rescale y or X"):
        LinearRegression().fit(X * 1e-300, y)


@pytest.mark.parametrize("est", [LogisticRegression, PoissonRegression, SoftmaxRegression])
@pytest.mark.parametrize("scale, word", [(1e200, "overflow"), (1e-200, "underflow"),
                                         (1e160, "overflow"), (1e-160, "underflow")])
def test_glms_say_rescale_not_all_zeros(est, scale, word):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(80, 2))
    with pytest.raises(DataError, match=rf"X\[:, 0\] has entries of magnitude .*squares {word}"
                                        r".*not of collinearity: rescale X"):
        est().fit(X * scale, target(est, X))


@pytest.mark.parametrize("est", [LogisticRegression, PoissonRegression])
@pytest.mark.parametrize("scale", [1e-135, 1e135])
def test_glms_are_exact_up_to_the_safe_range(est, scale):
    # control for the refusals above: inside 1e-140..1e140 the fit is the rescaled fit
    rng = np.random.default_rng(11)
    X = rng.normal(size=(200, 2))
    y = target(est, X)
    ref, model = est().fit(X, y), est().fit(X * scale, y)
    np.testing.assert_allclose(model.coef_ * scale, ref.coef_, rtol=1e-9)
    np.testing.assert_allclose(model.stderr_[1:] * scale, ref.stderr_[1:], rtol=1e-9)


@pytest.mark.parametrize("est", ESTIMATORS)
def test_a_zero_column_is_all_zeros(est):
    rng = np.random.default_rng(6)
    X = rng.normal(size=(80, 2))
    X[:, 1] = 0.0
    with pytest.raises(DataError, match=r"X\[:, 1\] is all zeros"):
        est().fit(X, target(est, X))


# --- conditioning ---------------------------------------------------------------------------

def test_filip_condition_number_warning_and_certified_values():
    X, y = filip()
    with pytest.warns(IllConditionedWarning) as caught:
        model = LinearRegression().fit(X, y)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "condition number 5.2e+09" in message
    assert "can cost about 10 of the ~16 significant digits" in message
    assert "only about 6" in message and "orthogonal polynomials" in message
    kappa = equilibrated_cond(X)
    assert model.condition_number_ == pytest.approx(kappa, rel=1e-6)
    assert model.condition_number_ == pytest.approx(5.2e9, rel=0.01)
    # statsmodels' condition_number is that of the raw exog: NIST's 1.8e15
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' pinv calls this design rank-deficient
        raw = sm.OLS(y, sm.add_constant(X)).fit().condition_number
    assert raw == pytest.approx(1.768e15, rel=1e-3)
    # the fit is right to about 16 - 10 = 6 digits or better (here: 8)
    np.testing.assert_allclose(model.params_, FILIP_BETA, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_, FILIP_SE, rtol=1e-6)
    assert re.search(r"Cond\. No\.:\s+5\.21e\+09", model.summary())


def test_equilibrated_condition_number_ignores_units_raw_does_not():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(100, 3))
    y = X.sum(axis=1) + rng.normal(size=100)
    a = LinearRegression().fit(X, y).condition_number_
    Xu = X * [1.0, 1e6, 1e-3]  # other units
    b = LinearRegression().fit(Xu, y).condition_number_
    assert a == pytest.approx(b, rel=1e-8)
    raw_a = sm.OLS(y, sm.add_constant(X)).fit().condition_number
    raw_b = sm.OLS(y, sm.add_constant(Xu)).fit().condition_number
    assert raw_b > 1e5 * raw_a


def _norris_type():
    x = np.linspace(0.2, 1000.0, 36)  # Norris: a straight line, x in [0, 1000]
    return x[:, None], -0.26 + 1.0021 * x + np.random.default_rng(8).normal(0, 0.9, 36)


def _pontius_type():
    x = np.tile(np.arange(1, 21) * 150000.0, 2)  # Pontius: a quadratic in loads up to 3e6
    y = 6.7e-4 + 7.3e-7 * x - 3.2e-15 * x**2 + np.random.default_rng(9).normal(0, 2e-4, 40)
    return np.column_stack([x, x**2]), y


def _longley():
    data = sm.datasets.longley.load()
    return np.asarray(data.exog, dtype=float), np.asarray(data.endog, dtype=float)


def _wampler1():
    x = np.arange(21.0)
    X = np.column_stack([x**k for k in range(1, 6)])
    return X, 1 + X.sum(axis=1)


@pytest.mark.parametrize("make, bound", [(_norris_type, 10), (_pontius_type, 100),
                                         (_longley, 1e5), (_wampler1, 1e4)])
def test_no_warning_on_easy_and_average_nist_problems(make, bound):
    X, y = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error", IllConditionedWarning)
        model = LinearRegression().fit(X, y)
    assert 1.0 <= model.condition_number_ < bound
    assert model.condition_number_ == pytest.approx(equilibrated_cond(X), rel=1e-6)


@pytest.mark.parametrize("est", ESTIMATORS)
@pytest.mark.parametrize("n, p", [(50, 1), (200, 5), (300, 10)])
def test_well_conditioned_random_designs_do_not_warn(est, n, p):
    rng = np.random.default_rng(n + p)
    X = rng.normal(size=(n, p)) * rng.uniform(0.01, 100.0, size=p) + rng.normal(size=p)
    with warnings.catch_warnings():
        warnings.simplefilter("error", IllConditionedWarning)
        model = est().fit(X, target(est, X))
    assert model.condition_number_ == pytest.approx(equilibrated_cond(X), rel=1e-6)
    assert model.condition_number_ < 100
    assert "Cond. No." in model.summary()


@pytest.mark.parametrize("est", [LogisticRegression, PoissonRegression, SoftmaxRegression])
def test_glms_warn_when_the_hessian_loses_more_than_half_the_digits(est):
    # a quintic in x on [1, 3]: kappa ~ 4e4, so the Hessian Newton factorises has ~2e9
    x = np.linspace(1.0, 3.0, 400)
    X = np.column_stack([x**k for k in range(1, 6)])
    rng = np.random.default_rng(10)
    if est is LogisticRegression:
        y = (rng.random(400) < 1 / (1 + np.exp(-(x - 2.0)))).astype(int)
    elif est is PoissonRegression:
        y = rng.poisson(np.exp(0.5 * (x - 2.0)))
    else:
        y = np.digitize(x - 2.0 + rng.normal(size=400), [-0.5, 0.5])
    assert 1e4 < equilibrated_cond(X) < 1e6
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = est().fit(X, y)
    kinds = [w.category.__name__ for w in caught]
    assert kinds.count("IllConditionedWarning") == 1
    assert "Gram matrix / Hessian it factorises" in str(caught[-1].message)
    # Poisson's Newton (float32 intermediate Hessians: kappa^2 = 2e9 > 1 / eps32) also stops
    # short of tol here: reported to the glm-solver helper; the others converge.
    assert set(kinds) <= ({"IllConditionedWarning", "ConvergenceWarning"}
                          if est is PoissonRegression else {"IllConditionedWarning"})
    assert model.condition_number_ == pytest.approx(equilibrated_cond(X), rel=1e-4)
    # control: the same cubic in centred, scaled x is fine
    z = x - 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", IllConditionedWarning)
        est().fit(np.column_stack([z**k for k in range(1, 6)]), y)


@pytest.mark.parametrize("solver", ["gd", "sgd"])
def test_softmax_says_why_its_standard_errors_are_infinite(solver):
    # found by test_fuzz: two separated points, gradient descent "converges" at once (the loss
    # underflows to 0) and the Hessian is singular: infinite standard errors must not be silent.
    # The separation LP (linear_model/_separation.py) names the cause.
    X, y = np.array([[200.0], [-200.0]]), [0, 1]
    with pytest.warns(UserWarning, match=r"class 0 where X\[:, 0\] >= 200, class 1 where "
                      r"X\[:, 0\] <= -200.*standard errors are meaningless") as caught:
        model = SoftmaxRegression(solver=solver, max_iter=30).fit(X, y)
    assert {w.category.__name__ for w in caught} == {"SeparationWarning"}
    assert not np.all(np.isfinite(model.stderr_))
    # control: overlapping classes, finite standard errors, no warning
    rng = np.random.default_rng(12)
    X = rng.normal(size=(200, 1))
    y = X[:, 0] + rng.normal(size=200) > 0
    model = SoftmaxRegression(solver=solver, random_state=0).fit(X, y)
    assert np.all(np.isfinite(model.stderr_))
