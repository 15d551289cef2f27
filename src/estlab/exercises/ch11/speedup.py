"""Exercise 11.2: what more instances buy (Amdahl's law)."""


def speedup(n_instances, parallel_fraction):
    """Return the speed-up of a job on ``n_instances`` over one instance.

    A fraction ``parallel_fraction`` of the single-instance time splits evenly across the
    instances; the rest (start-up, downloading, combining results) does not.

    Examples
    --------
    >>> speedup(4, 0.5)
    1.6
    """
    # [solution] TODO: time on n instances relative to time on one
    serial = 1.0 - parallel_fraction
    return 1.0 / (serial + parallel_fraction / n_instances)
    # [/solution]
