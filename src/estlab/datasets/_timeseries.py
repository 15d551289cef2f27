"""A seasonal count time series for the forecasting pipeline: daily orders at a small shop.

The count on day :math:`t` is Poisson with a log-mean made of a level, a slow trend, a weekly
pattern (busy weekends) and a yearly wave:

.. math::

    \\log \\lambda_t = \\log(\\text{level}) + \\text{trend}\\,t/365
                      + w_{t \\bmod 7} + 0.2 \\sin(2\\pi t / 365.25)

with weekday effects :data:`WEEKLY_EFFECT` (Monday first). :func:`write_counts_csv` writes
``date,orders`` rows, the input of Chapter 10's lag-feature processor.
"""

import csv
import datetime as _dt
from pathlib import Path

import numpy as np

__all__ = ["WEEKLY_EFFECT", "seasonal_mean", "make_seasonal_counts", "write_counts_csv"]

#: Weekday effects on the log-mean, Monday ... Sunday.
WEEKLY_EFFECT = np.array([-0.20, -0.15, -0.10, 0.00, 0.10, 0.30, 0.05])


def seasonal_mean(n_days, level=20.0, trend=0.3, start="2024-01-01"):
    """The expected count :math:`\\lambda_t` for each of ``n_days`` days from ``start``.

    Parameters
    ----------
    n_days : int
    level : float, default 20.0
        Mean count on a neutral day at the start.
    trend : float, default 0.3
        Growth of the log-mean per year (0.3: about 35% more orders after a year).
    start : str, default "2024-01-01"
        ISO date of day 0 (its weekday sets the weekly phase).

    Returns
    -------
    ndarray of shape (n_days,)

    Examples
    --------
    >>> lam = seasonal_mean(7, trend=0.0, start="2024-01-01")   # a Monday
    >>> [round(float(v), 2) for v in lam[:2]]
    [16.37, 17.26]
    """
    if not isinstance(n_days, (int, np.integer)) or n_days < 1:
        raise ValueError(f"n_days must be a positive integer; got {n_days!r}.")
    if not level > 0:
        raise ValueError(f"level must be positive (a mean count); got {level!r}.")
    t = np.arange(n_days)
    weekday = (_dt.date.fromisoformat(start).weekday() + t) % 7
    log_mean = (np.log(level) + trend * t / 365.0 + WEEKLY_EFFECT[weekday]
                + 0.2 * np.sin(2 * np.pi * t / 365.25))
    return np.exp(log_mean)


def make_seasonal_counts(n_days=365, level=20.0, trend=0.3, start="2024-01-01",
                         random_state=0):
    """Generate a daily count series with weekly and yearly seasonality.

    Parameters
    ----------
    n_days, level, trend, start
        As :func:`seasonal_mean`.
    random_state : int, Generator or None, default 0

    Returns
    -------
    dates : list of str
        ISO dates, one per day.
    counts : ndarray of shape (n_days,)
        Non-negative integer counts, Poisson with mean :func:`seasonal_mean`.

    Examples
    --------
    >>> dates, counts = make_seasonal_counts(n_days=3)
    >>> dates
    ['2024-01-01', '2024-01-02', '2024-01-03']
    >>> counts.dtype.kind, bool((counts >= 0).all())
    ('i', True)
    """
    lam = seasonal_mean(n_days, level=level, trend=trend, start=start)
    rng = np.random.default_rng(random_state)
    day0 = _dt.date.fromisoformat(start)
    dates = [(day0 + _dt.timedelta(days=int(t))).isoformat() for t in range(n_days)]
    return dates, rng.poisson(lam).astype(np.int64)


def write_counts_csv(path, n_days=365, level=20.0, trend=0.3, start="2024-01-01",
                     random_state=0):
    """Write :func:`make_seasonal_counts` as a CSV file with a header ``date,orders``.

    Parameters
    ----------
    path : str or os.PathLike
        File to write; its folder is created.
    n_days, level, trend, start, random_state
        As :func:`make_seasonal_counts`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_counts_csv(pathlib.Path(tempfile.mkdtemp()) / "orders.csv", n_days=2)
    >>> p.read_text().splitlines()[0]
    'date,orders'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dates, counts = make_seasonal_counts(n_days=n_days, level=level, trend=trend, start=start,
                                         random_state=random_state)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "orders"])
        writer.writerows(zip(dates, counts.tolist()))
    return path
