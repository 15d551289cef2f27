"""Doctor visits in the RAND Health Insurance Experiment (a count response)."""

import numpy as np

from estlab.datasets._bundled import Dataset, numeric, read_csv

__all__ = ["load_doctor_visits"]

DESCRIPTION = """\
Doctor visits in the RAND Health Insurance Experiment, 1974-1982 (20,190 person-years)

The RAND Health Insurance Experiment assigned families at random to insurance plans that
differed in how much of the bill they paid themselves (coinsurance from 0 to 95%). Target:
mdvis, the number of outpatient visits to a doctor in a year (a count). Columns:
  lncoins  log(coinsurance + 1), coinsurance in percent (0 = free care)
  idp      1 if the plan has an individual deductible
  lpi      log(max(1, annual participation incentive payment))
  fmde     0 if idp = 1, else log(max(1, maximum dollar expenditure / (0.01 coinsurance)))
  physlm   1 if the person has a physical limitation
  disea    an index of chronic diseases
  hlthg, hlthf, hlthp  1 if self-rated health is good, fair, poor (excellent: all 0)

Sources
  Manning, W. G., Newhouse, J. P., Duan, N., Keeler, E. B., Leibowitz, A. and Marquis,
  M. S. (1987). Health insurance and the demand for medical care: evidence from a randomized
  experiment. American Economic Review 77(3), 251-277.
  Cameron, A. C. and Trivedi, P. K. (2005). Microeconometrics: Methods and Applications.
  Cambridge University Press (Chapter 20 fits these counts).
  This copy is the subset statsmodels bundles (statsmodels/datasets/randhie, whose notes
  say it varies slightly from Cameron and Trivedi's).

Licence
  Public domain (statsmodels' COPYRIGHT note for the data set)."""


def load_doctor_visits():
    """Outpatient doctor visits per person-year in the RAND Health Insurance Experiment.

    A randomised experiment on the price of health care: the plans differed in the share of
    the bill the family paid (coinsurance, 0 to 95%). The count of visits is the classic
    target for Poisson regression, and a classic example of **overdispersion**: the counts
    vary far more than a Poisson distribution with the fitted mean allows.

    Returns
    -------
    Dataset
        ``data`` (20190, 9) float64 with ``feature_names`` ``lncoins``, ``idp``, ``lpi``,
        ``fmde``, ``physlm``, ``disea``, ``hlthg``, ``hlthf``, ``hlthp``; ``target``
        (20190,) float64 counts ``mdvis``; ``description`` (the columns, source, licence).

    Notes
    -----
    Public domain. Stored gzipped inside the package (52 kB), read without the network.

    References
    ----------
    Manning, W. G. et al. (1987). Health insurance and the demand for medical care: evidence
    from a randomized experiment. *American Economic Review* 77(3), 251-277.

    Examples
    --------
    >>> from estlab.datasets import load_doctor_visits
    >>> visits = load_doctor_visits()
    >>> visits.data.shape, visits.target_name
    ((20190, 9), 'mdvis')
    >>> visits.target.mean().round(2), visits.target.var().round(1)
    (np.float64(2.86), np.float64(20.3))
    """
    header, columns = read_csv("rand_hie.csv.gz")
    return Dataset(data=numeric(columns[1:]), target=numeric(columns[:1])[:, 0],
                   feature_names=tuple(header[1:]), target_name=header[0],
                   description=DESCRIPTION)
