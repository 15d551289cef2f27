"""Small data sets for the book and the workflow tutorial.

* :func:`write_tutorial_csv`: a raw customer-churn CSV (binary classification) with the messy
  values real exports have, the input of the workflow tutorial's processing job.
* :func:`make_shapes` / :func:`write_image_folder`: 8x8 grey-scale shapes (image classification).
* :func:`make_reviews` / :func:`write_reviews_csv`: short product reviews (text classification).
* :func:`make_seasonal_counts` / :func:`write_counts_csv`: daily order counts (forecasting).

Real data sets that ship inside the package (no network, no extra dependency), each returned
as a :class:`Dataset` with its citation and licence in ``description``:

* :func:`load_iris`: Fisher's iris (1936), three species, four measurements (public domain).
* :func:`load_breast_cancer`: Wisconsin diagnostic breast cancer, malignant or benign
  (CC BY 4.0, UCI).
* :func:`load_doctor_visits`: counts of doctor visits in the RAND Health Insurance Experiment
  (public domain).
* :func:`load_longley`, :func:`load_filip`: NIST StRD regression problems with certified
  coefficients and standard errors (public domain).
"""

from estlab.datasets._breast_cancer import load_breast_cancer
from estlab.datasets._bundled import Dataset
from estlab.datasets._images import SHAPE_CLASSES, make_shapes, read_pgm, write_image_folder
from estlab.datasets._iris import load_iris
from estlab.datasets._nist import load_filip, load_longley
from estlab.datasets._rand_hie import load_doctor_visits
from estlab.datasets._text import (NEGATIVE_WORDS, POSITIVE_WORDS, make_reviews,
                                  write_reviews_csv)
from estlab.datasets._timeseries import make_seasonal_counts, seasonal_mean, write_counts_csv
from estlab.datasets._tutorial import make_tutorial_rows, write_tutorial_csv

__all__ = ["Dataset", "load_iris", "load_breast_cancer", "load_doctor_visits", "load_longley",
           "load_filip",
           "write_tutorial_csv", "make_tutorial_rows",
           "SHAPE_CLASSES", "make_shapes", "write_image_folder", "read_pgm",
           "make_reviews", "write_reviews_csv", "POSITIVE_WORDS", "NEGATIVE_WORDS",
           "make_seasonal_counts", "seasonal_mean", "write_counts_csv"]
