"""Two NIST StRD linear regression problems with certified results: Longley and Filip.

NIST's Statistical Reference Datasets (StRD) give, for each problem, results computed in
500-digit arithmetic and certified to 15 significant digits, so that software can be
checked against them. McCullough (1998) measures a result by its **log relative error**
``LRE = -log10(|x - c| / |c|)``, the number of correct significant digits.
"""

import numpy as np

from estlab.datasets._bundled import Dataset, numeric, read_csv

__all__ = ["load_longley", "load_filip"]

_STRD = "https://www.itl.nist.gov/div898/strd/lls/data/"

LONGLEY_DESCRIPTION = f"""\
NIST StRD Longley: US macroeconomic data, 1947-1962 (16 observations, higher difficulty)

Target: total derived employment (thousands). Columns: x1 GNP implicit price deflator
(1954 = 100), x2 GNP (millions of dollars), x3 unemployment (thousands), x4 size of the armed
forces (thousands), x5 non-institutional population aged 14 and over (thousands), x6 the
year. The columns are nearly collinear (they all grow with time): the classic test of the
numerical accuracy of regression software. Model: y = B0 + B1 x1 + ... + B6 x6 + e.

Sources
  Longley, J. W. (1967). An appraisal of least squares programs for the electronic computer
  from the point of view of the user. Journal of the American Statistical Association
  62(319), 819-841. doi:10.1080/01621459.1967.10500896
  NIST Statistical Reference Datasets, Linear Least Squares Regression, Longley:
  {_STRD}Longley.shtml (data and certified values; this copy is statsmodels').

Licence
  Public domain (a work of the US Government, NIST)."""

FILIP_DESCRIPTION = f"""\
NIST StRD Filip: a degree-10 polynomial (82 observations, higher difficulty)

Target y and one predictor x, from NIST (Filippelli). Model: y = B0 + B1 x + B2 x^2 + ...
+ B10 x^10 + e. The powers of x are so collinear that many programs fail on it.

Sources
  Filippelli, A., NIST. NIST Statistical Reference Datasets, Linear Least Squares
  Regression, Filip: {_STRD}Filip.shtml (data and certified values).

Licence
  Public domain (a work of the US Government, NIST)."""

# Certified values (NIST StRD), to 15 significant digits.
LONGLEY_CERTIFIED = {
    "params": np.array([-3482258.63459582, 15.0618722713733, -0.358191792925910e-01,
                        -2.02022980381683, -1.03322686717359, -0.511041056535807e-01,
                        1829.15146461355]),
    "stderr": np.array([890420.383607373, 84.9149257747669, 0.334910077722432e-01,
                        0.488399681651699, 0.214274163161675, 0.226073200069370,
                        455.478499142212]),
    "resid_sd": 304.854073561965,
    "r_squared": 0.995479004577296,
}
FILIP_CERTIFIED = {
    "params": np.array([-1467.48961422980, -2772.17959193342, -2316.37108160893,
                        -1127.97394098372, -354.478233703349, -75.1242017393757,
                        -10.8753180355343, -1.06221498588947, -0.670191154593408e-01,
                        -0.246781078275479e-02, -0.402962525080404e-04]),
    "stderr": np.array([298.084530995537, 559.779865474950, 466.477572127796,
                        227.204274477751, 71.6478660875927, 15.2897178747400,
                        2.23691159816033, 0.221624321934227, 0.142363763154724e-01,
                        0.535617408889821e-03, 0.896632837373868e-05]),
    "resid_sd": 0.334801051324544e-02,
    "r_squared": 0.996727416185620,
}


def _certified(values):
    """A fresh copy, so that editing a loaded data set's ``certified`` cannot change NIST's."""
    return {key: np.array(value) if np.ndim(value) else value for key, value in values.items()}


def load_longley():
    """NIST's Longley problem: 16 years of US employment data and six collinear predictors.

    Returns
    -------
    Dataset
        ``data`` (16, 6) float64 (``x1_gnp_deflator`` ... ``x6_year``), ``target`` (16,)
        total employment, and ``certified``: NIST's ``params`` (intercept first),
        ``stderr``, ``resid_sd`` and ``r_squared``, each to 15 significant digits.

    Notes
    -----
    Public domain (NIST). The predictors all trend with time, so the design is badly
    conditioned: a program that forms and inverts ``X^T X`` naively loses most digits.
    estlab's :class:`~estlab.linear_model.LinearRegression` notices, switches to QR, and
    reproduces the certified coefficients to 10.9 significant digits or more (LRE) and the
    standard errors to 11.9.

    References
    ----------
    Longley, J. W. (1967). An appraisal of least squares programs for the electronic
    computer from the point of view of the user. *JASA* 62(319), 819-841.

    Examples
    --------
    >>> import numpy as np
    >>> from estlab.datasets import load_longley
    >>> from estlab.linear_model import LinearRegression
    >>> longley = load_longley()
    >>> model = LinearRegression().fit(longley.data, longley.target)
    >>> lre = -np.log10(np.abs(model.params_ / longley.certified["params"] - 1))
    >>> bool(lre.min() > 10)
    True
    """
    header, columns = read_csv("longley.csv")
    return Dataset(data=numeric(columns[1:]), target=numeric(columns[:1])[:, 0],
                   feature_names=tuple(header[1:]), target_name=header[0],
                   description=LONGLEY_DESCRIPTION, certified=_certified(LONGLEY_CERTIFIED))


def load_filip(degree=10):
    """NIST's Filip problem: a degree-10 polynomial in one variable, 82 observations.

    Parameters
    ----------
    degree : int, default=10
        ``data`` holds ``x, x^2, ..., x^degree``; NIST's model, and ``certified``, are for 10.
        ``degree=1`` gives the raw ``x`` only.

    Returns
    -------
    Dataset
        ``data`` (82, degree) float64, ``target`` (82,), and ``certified`` (for
        ``degree=10``; empty otherwise): ``params`` ``B0, ..., B10``, ``stderr``,
        ``resid_sd``, ``r_squared``.

    Raises
    ------
    ValueError
        If ``degree`` is not an integer from 1 to 10.

    Notes
    -----
    Public domain (NIST). The powers of ``x`` (about -9 to -3) are nearly collinear: the
    column-equilibrated design has condition number about 5e9, so about 10 of float64's
    16 digits are at risk. Chapter 4 shows the fix, an orthogonal polynomial basis.

    Examples
    --------
    >>> from estlab.datasets import load_filip
    >>> filip = load_filip()
    >>> filip.data.shape, filip.feature_names[:3]
    ((82, 10), ('x', 'x^2', 'x^3'))
    >>> float(filip.certified["params"][0])
    -1467.4896142298
    """
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or \
            not 1 <= degree <= 10:
        raise ValueError(f"degree must be an integer from 1 to 10 (NIST's model is 10); got "
                         f"{degree!r}.")
    header, columns = read_csv("filip.csv")
    y, x = numeric(columns[:1])[:, 0], numeric(columns[1:])[:, 0]
    names = tuple("x" if k == 1 else f"x^{k}" for k in range(1, degree + 1))
    return Dataset(data=np.column_stack([x**k for k in range(1, degree + 1)]), target=y,
                   feature_names=names, target_name="y", description=FILIP_DESCRIPTION,
                   certified=_certified(FILIP_CERTIFIED) if degree == 10 else {})
