"""Learning-rate schedules for :func:`~estlab.optim.sgd`: constant, inverse scaling, step decay."""

import numbers

from estlab._validation import check_positive

__all__ = ["make_schedule", "SCHEDULES"]

SCHEDULES = ("constant", "invscaling", "step")


def make_schedule(schedule, learning_rate, **kwargs):
    """The function ``rate(t, epoch)`` giving the learning rate of update ``t`` in ``epoch``.

    Parameters
    ----------
    schedule : {"constant", "invscaling", "step"} or callable
        * ``"constant"``: ``eta0``.
        * ``"invscaling"``: ``eta0 / t ** power_t`` (keyword ``power_t``, default 0.25, as in
          scikit-learn; ``t`` counts mini-batch updates from 1).
        * ``"step"``: ``eta0 * gamma ** (epoch // step_size)`` (keywords ``step_size``, default
          10 epochs, and ``gamma``, default 0.1, as PyTorch's ``StepLR``).
        * a callable ``rate(t, epoch) -> float`` is returned unchanged.
    learning_rate : float
        ``eta0``, the initial rate.
    **kwargs
        The schedule's parameters (see above).

    Returns
    -------
    callable
        ``rate(t, epoch)`` with ``t = 1, 2, ...`` the update count and ``epoch = 0, 1, ...``.

    Examples
    --------
    >>> rate = make_schedule("invscaling", 0.1, power_t=0.5)
    >>> rate(1, 0), rate(4, 0), rate(100, 3)
    (0.1, 0.05, 0.01)
    >>> rate = make_schedule("step", 1.0, step_size=2, gamma=0.5)
    >>> [rate(1, epoch) for epoch in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    >>> make_schedule("cosine", 0.1)
    Traceback (most recent call last):
    ...
    ValueError: schedule must be one of 'constant', 'invscaling', 'step' or a callable ...
    """
    if callable(schedule):
        if kwargs:
            raise TypeError("A callable schedule takes no keyword arguments; got "
                            f"{sorted(kwargs)}.")
        return schedule
    eta0 = check_positive(learning_rate, "learning_rate")
    allowed = {"constant": {}, "invscaling": {"power_t": 0.25},
               "step": {"step_size": 10, "gamma": 0.1}}
    if schedule not in allowed:
        raise ValueError(f"schedule must be one of 'constant', 'invscaling', 'step' or a callable "
                         f"rate(t, epoch); got {schedule!r}.")
    unknown = set(kwargs) - set(allowed[schedule])
    if unknown:
        raise TypeError(f"schedule={schedule!r} takes {sorted(allowed[schedule]) or 'no'} "
                        f"keyword arguments; got {sorted(unknown)}.")
    params = {**allowed[schedule], **kwargs}
    if schedule == "constant":
        return lambda t, epoch: eta0
    if schedule == "invscaling":
        power_t = check_positive(params["power_t"], "power_t", allow_zero=True)
        return lambda t, epoch: eta0 / t ** power_t
    step_size = check_positive(params["step_size"], "step_size", integer=True)
    gamma = params["gamma"]
    if not isinstance(gamma, numbers.Real) or not 0 < gamma <= 1:
        raise ValueError(f"gamma must be in (0, 1] (the factor applied every step_size epochs); "
                         f"got {gamma!r}. Pass e.g. gamma=0.5.")
    return lambda t, epoch: eta0 * gamma ** (epoch // step_size)
