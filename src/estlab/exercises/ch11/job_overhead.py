"""Exercise 11.1: the fixed cost of a job, read off measurements like Section 11.3's."""

import numpy as np


def job_overhead(direct_seconds, job_seconds):
    """Return the fixed overhead of one job, in seconds, from paired measurements.

    ``direct_seconds[i]`` and ``job_seconds[i]`` are the wall times of the same fit on
    the same data (data sets of growing size), once called directly and once run as a
    job, as in Section 11.3's table. The overhead is what a job costs on top of the
    work, whatever the size of the data.

    Examples
    --------
    >>> round(job_overhead([0.01, 0.04, 0.16], [0.51, 0.55, 0.66]), 3)
    0.503
    """
    # [solution] TODO: separate the job's fixed cost from the work it shares with the direct fit
    direct = np.asarray(direct_seconds, dtype=float)
    job = np.asarray(job_seconds, dtype=float)
    return float(np.mean(job - direct))  # job = overhead + the direct fit's work
    # [/solution]
