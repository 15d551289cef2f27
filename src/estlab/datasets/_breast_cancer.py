"""The Wisconsin diagnostic breast cancer data (Street, Wolberg and Mangasarian 1993)."""

import numpy as np

from estlab.datasets._bundled import Dataset, numeric, read_csv

__all__ = ["load_breast_cancer"]

DESCRIPTION = """\
Breast cancer Wisconsin (diagnostic): 569 fine-needle aspirates (Street et al. 1993)

A fine-needle aspirate of a breast mass was digitised and the cell nuclei outlined. Ten
features of the nuclei (radius, texture, perimeter, area, smoothness, compactness,
concavity, concave points, symmetry, fractal dimension) were summarised over each image by
their mean, standard error and "worst" (mean of the three largest) value: 30 columns.
Target: the diagnosis, "malignant" (212) or "benign" (357), confirmed by biopsy or follow-up.
Radius and texture are in units of the image (radius: mean distance from the centre to the
boundary; texture: standard deviation of the grey-scale values).

Sources
  Street, W. N., Wolberg, W. H. and Mangasarian, O. L. (1993). Nuclear feature extraction
  for breast tumor diagnosis. IS&T/SPIE Symposium on Electronic Imaging: Science and
  Technology, Proceedings SPIE 1905, 861-870. doi:10.1117/12.148698
  Wolberg, W., Mangasarian, O., Street, N. and Street, W. (1995). Breast Cancer Wisconsin
  (Diagnostic). UCI Machine Learning Repository. doi:10.24432/C5DW2B
  This copy is scikit-learn's (sklearn/datasets/data/breast_cancer.csv), with column names.

Licence
  CC BY 4.0 (UCI Machine Learning Repository): free to share and adapt with attribution,
  which is the citation above."""


def load_breast_cancer():
    """The Wisconsin diagnostic breast cancer data: 569 tumours, 30 features, two classes.

    Features of cell nuclei measured on digitised images of fine-needle aspirates, with
    the diagnosis (``"malignant"`` or ``"benign"``). A standard binary problem for logistic
    regression: a few features already classify most tumours, and with many of them the
    two classes become (nearly) separable.

    Returns
    -------
    Dataset
        ``data`` (569, 30) float64, ``target`` (569,) with ``"malignant"`` (212) and
        ``"benign"`` (357), ``feature_names`` such as ``"mean_radius"``, ``description``.

    Notes
    -----
    Licensed CC BY 4.0 by the UCI Machine Learning Repository: cite the source when you
    use it. Read from a CSV inside the package, no network.

    References
    ----------
    Street, W. N., Wolberg, W. H. and Mangasarian, O. L. (1993). Nuclear feature extraction
    for breast tumor diagnosis. *Proceedings SPIE* 1905, 861-870.

    Examples
    --------
    >>> from estlab.datasets import load_breast_cancer
    >>> cancer = load_breast_cancer()
    >>> cancer.data.shape, cancer.feature_names[:2]
    ((569, 30), ('mean_radius', 'mean_texture'))
    >>> int((cancer.target == "malignant").sum())
    212
    """
    header, columns = read_csv("breast_cancer.csv")
    return Dataset(data=numeric(columns[:-1]), target=np.asarray(columns[-1]),
                   feature_names=tuple(header[:-1]), target_name="diagnosis",
                   description=DESCRIPTION)
