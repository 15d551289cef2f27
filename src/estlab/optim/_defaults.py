"""The one table of defaults of the iterative solvers, read by :mod:`estlab.optim` and estimators.

=====================================  =============  ========  =====  ==================
solver (function)                      learning_rate  max_iter  tol    max_iter counts
=====================================  =============  ========  =====  ==================
``newton`` (``newton``, ``irls``)      -              100       1e-8   Newton steps
``gd`` (``gradient_descent``,          0.1            10,000    1e-6   gradient steps
``momentum``)
``adam`` (``adam``)                    0.01           10,000    1e-6   gradient steps
``sgd`` (``sgd``)                      0.02           500       1e-6   epochs
=====================================  =============  ========  =====  ==================

Why these values. Newton converges quadratically, so 100 steps is never the limit on a problem
that has a solution, and ``1e-8`` on the (scaled) mean gradient is the accuracy of
scikit-learn's lbfgs rule. A fixed-step gradient method converges linearly at a rate set by the
condition number: on standardised features ``learning_rate = 0.1`` is stable for the mean
negative log-likelihoods of :mod:`estlab.likelihoods` (their curvature is at most 1 per unit
feature) and 10,000 steps reach ``1e-6`` for condition numbers up to a few hundred. Adam's step
is about ``learning_rate`` per coordinate, hence 0.01. Constant-rate SGD with mini-batches of
32 only reaches a neighbourhood of the optimum whose size grows with the rate: 0.02 over 500
epochs puts it within a fraction of a standard error on standardised data.

The estimators take ``None`` for "the default of the chosen solver" and look it up here
(:mod:`estlab.linear_model._glm`); the functions of :mod:`estlab.optim` use the same entries
as their keyword defaults. (The stepwise classes :class:`~estlab.optim.SGD` and
:class:`~estlab.optim.Adam` keep PyTorch's defaults, 0.01 and 0.001, as documented there.)

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
