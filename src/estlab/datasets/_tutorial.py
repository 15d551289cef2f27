"""The workflow tutorial's raw data: customer churn, with the mess of a real export.

Each record is a customer of a subscription service::

    customer_id,age,tenure_months,monthly_charges,support_calls,contract,churned
    C00001,34,12,70.35,1,Monthly,no

``churned`` (``yes``/``no``) follows a logistic model: the log-odds of churning are

.. math::

    \\eta = -0.5 - 0.06\\,(\\text{tenure} - 24) + 0.03\\,(\\text{charges} - 65)
            + 0.45\\,\\text{calls} - 1.2\\,[\\text{annual contract}] - 0.01\\,(\\text{age} - 40)

so a logistic regression on the cleaned data recovers sensible signs. About 4% of the records
carry the defects the processing script cleans: empty cells, ``NA`` and ``?`` markers, stray
spaces, and inconsistent capitalisation (``Monthly``, `` annual``, ``Yes``).
"""

import csv
from pathlib import Path

import numpy as np

__all__ = ["make_tutorial_rows", "write_tutorial_csv"]

HEADER = ["customer_id", "age", "tenure_months", "monthly_charges", "support_calls", "contract",
          "churned"]


def make_tutorial_rows(n=500, random_state=0, messy_fraction=0.04):
    """The header and ``n`` raw records (lists of strings) of the churn data set.

    Parameters
    ----------
    n : int, default 500
    random_state : int or None, default 0
    messy_fraction : float, default 0.04
        Share of records with one missing or malformed cell.

    Returns
    -------
    header : list of str
    rows : list of list of str

    Examples
    --------
    >>> header, rows = make_tutorial_rows(n=5)
    >>> header[-1], len(rows), len(rows[0])
    ('churned', 5, 7)
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}.")
    if not 0 <= messy_fraction < 1:
        raise ValueError(f"messy_fraction must be in [0, 1); got {messy_fraction!r}.")
    rng = np.random.default_rng(random_state)
    age = rng.integers(18, 80, size=n)
    tenure = rng.integers(0, 72, size=n)
    annual = rng.random(n) < 0.4
    charges = np.round(rng.normal(65, 20, size=n).clip(15, 150), 2)
    calls = rng.poisson(1.2, size=n)
    eta = (-0.5 - 0.06 * (tenure - 24) + 0.03 * (charges - 65) + 0.45 * calls - 1.2 * annual
           - 0.01 * (age - 40))
    churned = rng.random(n) < 1.0 / (1.0 + np.exp(-eta))
    contract_spelling = {False: ["Monthly", "monthly", "MONTHLY"], True: ["Annual", "annual"]}
    rows = []
    for i in range(n):
        contract = contract_spelling[bool(annual[i])][rng.integers(0, 2 + (not annual[i]))]
        label = "yes" if churned[i] else "no"
        rows.append([f"C{i + 1:05d}", str(age[i]), str(tenure[i]), f"{charges[i]:.2f}",
                     str(calls[i]), contract, label.capitalize() if rng.random() < 0.1 else label])
    for i in np.flatnonzero(rng.random(n) < messy_fraction):
        column = int(rng.integers(1, len(HEADER)))
        rows[i][column] = str(rng.choice(["", "NA", "?", " "]))
    for i in np.flatnonzero(rng.random(n) < 0.05):  # stray spaces
        rows[i][5] = f" {rows[i][5]} "
    return list(HEADER), rows


def write_tutorial_csv(path, n=500, random_state=0):
    """Write the raw churn CSV (with a header) to ``path`` and return its path.

    Parameters
    ----------
    path : str or os.PathLike
        File to write; parent folders are created.
    n : int, default 500
        Number of customers.
    random_state : int or None, default 0

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_tutorial_csv(pathlib.Path(d, "raw", "churn.csv"), n=20)
    ...     lines = p.read_text().splitlines()
    >>> lines[0]
    'customer_id,age,tenure_months,monthly_charges,support_calls,contract,churned'
    >>> len(lines)
    21
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header, rows = make_tutorial_rows(n=n, random_state=random_state)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
