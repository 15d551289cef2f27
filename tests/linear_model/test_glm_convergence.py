"""Convergence that means something: the GLMs reach statsmodels' answer whatever the scale of X
and y, and a non-convergence warning names the fix that fits the cause.

Each test failed before the solver was unified in optim.irls (numbers in the comments).
"""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm

from estlab import ConvergenceWarning
from estlab.linear_model import IllConditionedWarning, LogisticRegression, PoissonRegression


def uncentred_logistic():
    rng = np.random.default_rng(0)
    z = rng.normal(size=2000)
    y = (rng.random(2000) < 1 / (1 + np.exp(-(0.5 + z)))).astype(float)
    return z, y


def reference(cls, X, y):
    family = sm.families.Binomial() if cls is LogisticRegression else sm.families.Poisson()
    res = sm.GLM(y, sm.add_constant(X, has_constant="add"), family=family).fit(tol=1e-13)
    return res.params, res.bse


def test_uncentred_feature_converges_to_the_statsmodels_answer():
    # Before: slope 0.89 after 1000 iterations, not converged (statsmodels 1.0255): the
    # float32 intermediate Hessian of [1, z + 3000] had no correct digit left.
    z, y = uncentred_logistic()
    x = (z + 3000)[:, None]
    model = LogisticRegression().fit(x, y)              # warnings are errors
    params, bse = reference(LogisticRegression, x, y)
    assert model.converged_ and model.n_iter_ < 20
    np.testing.assert_allclose(model.params_, params, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_, bse, rtol=1e-6)
    # control: the centred fit, mapped back (intercept - 3000 slope), is the same model
    centred = LogisticRegression().fit(z[:, None], y)
    assert centred.params_[1] == pytest.approx(model.params_[1], rel=1e-6)


def test_poisson_counts_near_1e8_converge():
    # Before: converged_ False after 100 iterations ("increase max_iter"): an absolute 1e-8 on
    # a mean gradient whose rounding error is ~1e-8 (counts ~1e8).
    rng = np.random.default_rng(1)
    X = rng.normal(size=(1000, 2))
    y = rng.poisson(np.exp(np.log(1e8) + X @ [0.1, -0.05])).astype(float)
    model = PoissonRegression().fit(X, y)
    params, bse = reference(PoissonRegression, X, y)
    assert model.converged_
    np.testing.assert_allclose(model.params_, params, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_, bse, rtol=1e-6)


@pytest.mark.parametrize("cls", [LogisticRegression, PoissonRegression])
@pytest.mark.parametrize("how", ["times 1e-8", "times 1e8", "uncentred"])
def test_rescaled_and_shifted_columns_reach_statsmodels(cls, how):
    rng = np.random.default_rng(2)
    Z = rng.normal(size=(3000, 3))
    eta = 0.2 + Z @ [0.5, -0.4, 0.3]
    y = ((rng.random(3000) < 1 / (1 + np.exp(-eta))).astype(float) if cls is LogisticRegression
         else rng.poisson(np.exp(eta)).astype(float))
    X = {"times 1e-8": Z * 1e-8, "times 1e8": Z * 1e8,
         "uncentred": Z + [500.0, -2000.0, 1e4]}[how]
    if how == "uncentred":  # kappa ~ 3e4: Newton's kappa^2 puts 9 digits at stake, and it says so
        with pytest.warns(IllConditionedWarning, match="Centre and scale the columns"):
            model = cls().fit(X, y)
    else:
        model = cls().fit(X, y)
    params, bse = reference(cls, X, y)
    assert model.converged_
    np.testing.assert_allclose(model.params_, params, rtol=1e-6)
    np.testing.assert_allclose(model.stderr_, bse, rtol=1e-6)


def test_max_iter_advice_only_when_more_iterations_help():
    z, y = uncentred_logistic()
    X = z[:, None]
    with pytest.warns(ConvergenceWarning, match=r"increase max_iter \(the gradient was still"):
        LogisticRegression(max_iter=1).fit(X, y)
    # tol below float64's rounding floor: more iterations change nothing, and the message says
    # so (before: "did not converge in 100 iterations: increase max_iter.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = LogisticRegression(tol=0.0).fit(X, y)
    (w,) = caught
    assert not model.converged_ and model.n_iter_ < 20
    assert "will not help" in str(w.message) and "Loosen tol" in str(w.message)
    assert "increase max_iter" not in str(w.message)
