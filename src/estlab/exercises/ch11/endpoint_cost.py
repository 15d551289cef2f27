"""Exercise 11.1: a real-time endpoint or a nightly batch transform: what does a month cost?"""


def monthly_costs(price_per_hour, instance_count, batch_hours_per_day, days=30):
    """Return ``(endpoint_cost, batch_cost)`` in dollars for ``days`` days.

    The endpoint keeps ``instance_count`` instances running around the clock; the batch
    transform job runs ``instance_count`` instances for ``batch_hours_per_day`` hours a day.
    Both are billed at ``price_per_hour`` per instance-hour.

    Examples
    --------
    >>> monthly_costs(0.25, 2, 1.5)
    (360.0, 22.5)
    """
    # [solution] TODO: instance-hours times price, for each option
    endpoint = price_per_hour * instance_count * 24 * days
    batch = price_per_hour * instance_count * batch_hours_per_day * days
    return float(endpoint), float(batch)
    # [/solution]
