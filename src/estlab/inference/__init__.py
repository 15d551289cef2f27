"""Inference beyond the Wald interval: the delta method and likelihood-ratio (profile) intervals.

* :func:`delta_method`: the standard error and interval of a function ``g(theta)`` of an
  estimate, from its covariance (``model.cov_``) and the gradient of ``g``.
* :func:`profile_interval`: the likelihood-ratio interval of one parameter from its profile
  deviance; the distributions' and GLMs' ``conf_int(method="profile")`` use it.
* :func:`lr_cutoff`: the chi-square(1) cut-off of that interval.

Fitted distributions and GLMs also offer ``delta_method(g)`` as a method.

Examples
--------
>>> from estlab.inference import delta_method
>>> round(delta_method(lambda t: 1 / t[0], [2.0], [[0.04]]).stderr, 4)   # se(1/lam) = se / lam^2
0.05
"""

from estlab.inference._delta import DeltaResult, delta_method, numerical_jacobian
from estlab.inference._profile import lr_cutoff, profile_interval

__all__ = ["DeltaResult", "delta_method", "numerical_jacobian", "lr_cutoff", "profile_interval"]
