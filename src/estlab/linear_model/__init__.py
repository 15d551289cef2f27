"""Regression estimators fitted by maximum likelihood: linear, logistic, softmax and Poisson.

Each estimator is one file that imports its likelihood (:mod:`estlab.likelihoods`) and its
optimisers (:mod:`estlab.optim`): the exact method (normal equations / Newton-IRLS) by default,
gradient descent, SGD or Adam on request. Every fit ends with statsmodels-grade inference:
``stderr_``, ``conf_int()``, ``summary()``, ``loglik_``, ``aic_``, ``bic_``, and the
condition number of the design, ``condition_number_`` (:class:`IllConditionedWarning` when
rounding can cost more than half of float64's digits). Linear, logistic and Poisson regression
also give residuals, ``resid(X, y, kind)`` (response, Pearson, deviance), and the influence
diagnostics of the fit, ``influence(X, y)`` (leverage, studentised residuals, Cook's
distance: :class:`Influence`).

Examples
--------
>>> import numpy as np
>>> from estlab.linear_model import LinearRegression
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> LinearRegression().fit(X, [1.0, 3.1, 4.9, 7.0]).coef_.round(2)
array([1.98])
"""

from estlab.linear_model._design import IllConditionedWarning
from estlab.linear_model._inference import Summary
from estlab.linear_model._linear import LinearRegression
from estlab.linear_model._logistic import LogisticRegression
from estlab.linear_model._poisson import PoissonRegression
from estlab.linear_model._residuals import Influence
from estlab.linear_model._separation import SeparationWarning
from estlab.linear_model._softmax import SoftmaxRegression

__all__ = [
    "LinearRegression",
    "LogisticRegression",
    "SoftmaxRegression",
    "PoissonRegression",
    "SeparationWarning",
    "IllConditionedWarning",
    "Summary",
    "Influence",
]
