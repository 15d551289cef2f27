"""estlab: estimators twice over.

* :mod:`estlab.distributions`: maximum-likelihood fits of twelve distributions, with standard
  errors, intervals and log-likelihoods.
* :mod:`estlab.linear_model`: linear, logistic, softmax and Poisson regression, fitted by
  Newton/IRLS or by gradient descent (:mod:`estlab.optim`) on the likelihoods of
  :mod:`estlab.likelihoods`.
* :mod:`estlab.inference`: the delta method and likelihood-ratio (profile) intervals.
* :mod:`estlab.properties`: bias, variance, MSE and consistency of an estimator by simulation.
* :mod:`estlab.workflow`: SageMaker's Processor -> Estimator -> Model -> Predictor workflow,
  run locally (no Docker, no AWS) or on SageMaker.
* :mod:`estlab.exercises`: the book's exercises and the checks behind ``estlab check``.

Everything estlab raises on purpose derives from :class:`EstlabError`.
"""

from importlib import import_module

from estlab._errors import (ConvergenceError, ConvergenceWarning, DataError, EstlabError,
                            NotFittedError)
from estlab._persistence import load, save
from estlab.base import BaseEstimator

__version__ = "0.1.0"

__all__ = [
    "BaseEstimator",
    "ConvergenceError",
    "ConvergenceWarning",
    "DataError",
    "EstlabError",
    "NotFittedError",
    "load",
    "save",
    "delta_method",
    "distributions",
    "inference",
    "likelihoods",
    "linear_model",
    "optim",
    "properties",
    "workflow",
    "exercises",
]

_SUBMODULES = {"distributions", "inference", "likelihoods", "linear_model", "optim", "properties",
               "workflow", "exercises"}
_FROM_SUBMODULES = {"delta_method": "inference"}  # estlab.delta_method = inference.delta_method


def __getattr__(name):
    """Import subpackages on first use, so ``import estlab`` stays fast."""
    if name in _SUBMODULES:
        module = import_module(f"estlab.{name}")
        globals()[name] = module
        return module
    if name in _FROM_SUBMODULES:
        value = getattr(import_module(f"estlab.{_FROM_SUBMODULES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'estlab' has no attribute {name!r}")
