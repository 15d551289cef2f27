"""The exceptions and warnings estlab raises: one root, a few precise kinds.

Every error estlab raises on purpose derives from :class:`EstlabError`, so a caller can catch
"anything estlab refused" with one ``except``. Where an error also has a natural built-in
meaning it derives from that too (bad data is a ``ValueError``; using an unfitted estimator is
an ``AttributeError``, as in scikit-learn), so generic code keeps working.
"""

__all__ = ["EstlabError", "DataError", "NotFittedError", "ConvergenceError",
           "ConvergenceWarning"]


class EstlabError(Exception):
    """Root of every exception estlab raises on purpose.

    Examples
    --------
    >>> import estlab
    >>> [issubclass(cls, estlab.EstlabError)
    ...  for cls in (estlab.DataError, estlab.NotFittedError)]
    [True, True]
    >>> issubclass(estlab.DataError, ValueError)
    True
    """


class DataError(EstlabError, ValueError):
    """Data that an estimator cannot use: NaN, infinities, wrong shape, outside the support.

    The message names what was expected, the first offending index and value, and the fix.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.distributions import Normal
    >>> try:
    ...     Normal().fit([1.0, np.nan, 3.0])
    ... except ValueError as err:  # a DataError is also a ValueError
    ...     print(err)
    x must contain only finite numbers; x[1] = nan. ...
    """


class NotFittedError(EstlabError, AttributeError):
    """An estimator was used (``predict``, ``conf_int``, ``save`` ...) before ``fit``.

    Also an ``AttributeError`` so that ``hasattr(est, "coef_")`` style checks stay false, as in
    scikit-learn.

    Examples
    --------
    >>> from estlab.distributions import Poisson
    >>> Poisson().conf_int()
    Traceback (most recent call last):
    ...
    estlab._errors.NotFittedError: This Poisson is not fitted yet: call fit(data) first ...
    """


class ConvergenceError(EstlabError, RuntimeError):
    """An iterative fit diverged, so there is no estimate to return.

    Raised instead of returning the starting point (or the last finite iterate) as if it were a
    fit. The message names the optimiser, its learning rate, how the objective blew up, and a
    step size that would be stable.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.linear_model import LinearRegression
    >>> x = np.arange(60.0, 71.0)[:, None]
    >>> try:
    ...     LinearRegression(solver="gd", fit_intercept=False).fit(x, 3.0 * x[:, 0])
    ... except RuntimeError as err:  # a ConvergenceError is also a RuntimeError
    ...     print(str(err)[:64])
    LinearRegression (solver='gd', learning_rate=0.1) diverged at it
    """


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped before meeting its tolerance.

    The message says what to try: more iterations, a smaller learning rate, standardised data.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from estlab.distributions import Gamma
    >>> x = np.random.default_rng(0).gamma(2.0, 3.0, size=100)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = Gamma(max_iter=1, tol=1e-15).fit(x)
    >>> [w.category.__name__ for w in caught]
    ['ConvergenceWarning']
    """
