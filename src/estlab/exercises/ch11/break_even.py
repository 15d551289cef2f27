"""Exercise 11.2: how much data makes a managed job worth its overhead."""

import math


def break_even_rows(overhead_seconds, seconds_per_row, max_share=0.1):
    """Return the fewest rows at which overhead is at most ``max_share`` of the wait.

    The wait is the job's wall time. The job pays ``overhead_seconds`` once (Section
    11.3: process start, job folder, copying; on SageMaker, minutes of provisioning) and
    then does work that takes ``seconds_per_row`` per row. ``max_share=0.1`` asks: from
    how many rows on is at most 10% of the wait spent on overhead?

    Examples
    --------
    >>> break_even_rows(1.0, 0.001, max_share=0.5)  # from here the work is half or more
    1000
    """
    # [solution] TODO: the job's wall time as a function of n, then the smallest whole n
    # overhead <= max_share * (overhead + seconds_per_row * n), solved for n
    rows = overhead_seconds * (1 - max_share) / (max_share * seconds_per_row)
    return math.ceil(rows)  # a whole number of rows, rounded up to meet the bound
    # [/solution]
