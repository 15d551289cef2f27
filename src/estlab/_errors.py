"""The exceptions and warnings estlab raises: one root, a few precise kinds.

Every error estlab raises on purpose derives from :class:`EstlabError`, so a caller can catch
"anything estlab refused" with one ``except``. Where an error also has a natural built-in
meaning it derives from that too (bad data is a ``ValueError``; using an unfitted estimator is
an ``AttributeError``, as in scikit-learn), so generic code keeps working.
"""

__all__ = ["EstlabError", "DataError", "NotFittedError", "ConvergenceWarning"]


class EstlabError(Exception):
    """Root of every exception estlab raises on purpose.

    Examples
    --------
    >>> import estlab
    >>> try:
    ...     estlab.distributions.Poisson().fit([1, -2, 3])
    ... except estlab.EstlabError as err:
    ...     print(type(err).__name__)
    DataError
    """


class DataError(EstlabError, ValueError):
    """Data that an estimator cannot use: NaN, infinities, wrong shape, outside the support.

    The message names what was expected, the first offending index and value, and the fix.
    """


class NotFittedError(EstlabError, AttributeError):
    """An estimator was used (``predict``, ``confint``, ``save`` ...) before ``fit``.

    Also an ``AttributeError`` so that ``hasattr(est, "coef_")`` style checks stay false, as in
    scikit-learn.
    """


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped before meeting its tolerance.

    The message says what to try: more iterations, a smaller learning rate, standardised data.
    """
