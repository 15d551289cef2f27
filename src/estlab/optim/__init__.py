"""Optimizers written as small explicit loops, each returning a frozen :class:`OptimizeResult`.

Functional optimizers (they own the loop):

* :func:`gradient_descent`: fixed step or Armijo backtracking line search.
* :func:`momentum`: heavy-ball or Nesterov momentum.
* :func:`adam`: Adam on full gradients.
* :func:`newton`: Newton's method with step halving, for any smooth objective.
* :func:`irls`: Newton's method for a GLM, one blocked pass over ``X`` per iteration: the solver
  behind every estlab GLM (logistic, Poisson, softmax).
* :func:`sgd`: mini-batch SGD over a data set, with a stepwise optimizer and a learning-rate
  schedule (:func:`make_schedule`).

Stepwise optimizers in PyTorch's style (you own the loop): :class:`SGD`, :class:`Adam`, with
``theta = opt.step(theta, grad)``.

:func:`check_grad` compares an analytic gradient with finite differences and prints a report.

Their defaults (learning rate, ``max_iter``, ``tol``) come from one table,
:data:`estlab.optim._defaults.DEFAULTS`, which the estimators use too.

Every optimizer takes an optional ``callback(x, fun)`` called after each iteration (return
``True`` to stop), prints progress only with ``verbose=True``, and warns with
:class:`estlab.ConvergenceWarning`, naming the fix, when it stops without converging or when it
diverges. During a run NumPy's overflow and invalid-value warnings are silenced
(``np.errstate``): an overflowing objective is caught by the divergence check instead, which
stops the run and returns the last finite iterate.

Examples
--------
>>> import numpy as np
>>> from estlab.optim import gradient_descent
>>> res = gradient_descent(lambda x: float((x - 2.0) @ (x - 2.0)), lambda x: 2 * (x - 2.0),
...                        np.zeros(3), learning_rate=0.1)
>>> res.converged, np.round(res.x, 4)
(True, array([2., 2., 2.]))
"""

from estlab.optim._adam import adam
from estlab.optim._check_grad import GradCheckResult, check_grad
from estlab.optim._gradient_descent import gradient_descent
from estlab.optim._irls import IRLSResult, irls
from estlab.optim._momentum import momentum
from estlab.optim._newton import newton
from estlab.optim._result import OptimizeResult
from estlab.optim._schedules import make_schedule
from estlab.optim._sgd import sgd
from estlab.optim._stepwise import SGD, Adam

__all__ = ["OptimizeResult", "gradient_descent", "momentum", "adam", "newton", "irls",
           "IRLSResult", "sgd", "make_schedule", "SGD", "Adam", "check_grad", "GradCheckResult"]
