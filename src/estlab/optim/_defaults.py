"""The one table of defaults for the iterative solvers: used by :mod:`estlab.optim` and the estimators.

==========================  =============  ==========  =======  ======================================
solver                      learning_rate  max_iter    tol      ``max_iter`` counts
==========================  =============  ==========  =======  ======================================
``newton`` (``irls``)       -              100         1e-8     Newton steps
``gd`` (``gradient_descent``, ``momentum``)  0.1  10,000  1e-6     gradient steps
``adam``                    0.01           10,000      1e-6     gradient steps
``sgd``                     0.02           500         1e-6     epochs (passes over the data)
==========================  =============  ==========  =======  ======================================

Why these values. Newton converges quadratically, so 100 steps is never the limit on a problem
that has a solution, and ``1e-8`` on the (scaled) mean gradient is the accuracy of
scikit-learn's lbfgs rule. A fixed-step gradient method converges linearly at a rate set by the
condition number: on standardised features ``learning_rate = 0.1`` is stable for the mean
negative log-likelihoods of :mod:`estlab.likelihoods` (their curvature is at most 1 per unit
feature) and 10,000 steps reach ``1e-6`` for condition numbers up to a few hundred. Adam's step
is about ``learning_rate`` per coordinate, hence 0.01. Constant-rate SGD with mini-batches of
32 only reaches a neighbourhood of the optimum whose size grows with the rate: 0.02 over 500
epochs puts it within a fraction of a standard error on standardised data.

``estimators`` take ``None`` for "the default of the chosen solver" and look it up here; the
functions of :mod:`estlab.optim` use the same numbers as their keyword defaults.

Examples
--------
>>> from estlab.optim._defaults import DEFAULTS
>>> DEFAULTS["sgd"]
{'learning_rate': 0.02, 'max_iter': 500, 'tol': 1e-06}
"""

__all__ = ["DEFAULTS"]

DEFAULTS = {
    "newton": {"max_iter": 100, "tol": 1e-8},
    "gd": {"learning_rate": 0.1, "max_iter": 10_000, "tol": 1e-6},
    "adam": {"learning_rate": 0.01, "max_iter": 10_000, "tol": 1e-6},
    "sgd": {"learning_rate": 0.02, "max_iter": 500, "tol": 1e-6},
}
