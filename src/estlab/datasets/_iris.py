"""Fisher's iris data (1936): 150 flowers, four measurements, three species."""

import numpy as np

from estlab.datasets._bundled import Dataset, numeric, read_csv

__all__ = ["load_iris"]

DESCRIPTION = """\
Iris flowers of three species (Anderson 1935; Fisher 1936)

Edgar Anderson measured 50 flowers of each of Iris setosa, I. versicolor and I. virginica,
most of them from the Gaspe Peninsula, "all from the same pasture, and picked on the same day
and measured at the same time by the same person with the same apparatus". R. A. Fisher
published the table to introduce the linear discriminant function.

Columns: sepal length, sepal width, petal length, petal width, in centimetres (one decimal).
Target: the species. 50 flowers of each, in the order of Fisher's Table I.

Sources
  Fisher, R. A. (1936). The use of multiple measurements in taxonomic problems. Annals of
  Eugenics 7(2), 179-188. doi:10.1111/j.1469-1809.1936.tb02137.x
  Anderson, E. (1935). The irises of the Gaspe Peninsula. Bulletin of the American Iris
  Society 59, 2-5.
  This copy is scikit-learn's (sklearn/datasets/data/iris.csv, BSD-3-Clause), which follows
  Fisher's table; the UCI file once differed from it in samples 35 and 38 (UCI's own note).

Licence
  The measurements were published in 1936 and are in the public domain; UCI distributes the
  data set under CC BY 4.0 (doi:10.24432/C56C76)."""


def load_iris():
    """Fisher's iris data: 150 flowers, four measurements in cm, three species.

    The classic data set of classification since Fisher used it to introduce the linear
    discriminant: Edgar Anderson's measurements of 50 flowers from each of three species.
    *Iris setosa* is linearly separable from the other two (so an unpenalised softmax
    regression on it has no maximum-likelihood estimate); *versicolor* and *virginica*
    overlap.

    Returns
    -------
    Dataset
        ``data`` (150, 4) float64: sepal length, sepal width, petal length and petal width
        (cm); ``target`` (150,): the species, ``"setosa"``, ``"versicolor"`` or
        ``"virginica"``; ``feature_names``; ``description`` (source and licence).

    Notes
    -----
    Public domain (published 1936). Read from a CSV inside the package, no network. The
    column sums are those of R's ``iris`` (876.5, 458.6, 563.7, 179.9 cm), which follows
    Fisher's table.

    References
    ----------
    Fisher, R. A. (1936). The use of multiple measurements in taxonomic problems. *Annals of
    Eugenics* 7(2), 179-188. Anderson, E. (1935). The irises of the Gaspe Peninsula.
    *Bulletin of the American Iris Society* 59, 2-5.

    Examples
    --------
    >>> from estlab.datasets import load_iris
    >>> iris = load_iris()
    >>> iris.data.shape, iris.target_names
    ((150, 4), ('setosa', 'versicolor', 'virginica'))
    >>> iris.feature_names[2], iris.data[:, 2].mean().round(3)
    ('petal_length_cm', np.float64(3.758))
    """
    header, columns = read_csv("iris.csv")
    return Dataset(data=numeric(columns[:4]), target=np.asarray(columns[4]),
                   feature_names=tuple(header[:4]), target_name="species",
                   description=DESCRIPTION)
