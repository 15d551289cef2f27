"""Small data sets for the book and the workflow tutorial.

* :func:`write_tutorial_csv`: a raw customer-churn CSV (binary classification) with the messy
  values real exports have, the input of the workflow tutorial's processing job.
* :func:`make_shapes` / :func:`write_image_folder`: 8x8 grey-scale shapes (image classification).
* :func:`make_reviews` / :func:`write_reviews_csv`: short product reviews (text classification).
* :func:`make_seasonal_counts` / :func:`write_counts_csv`: daily order counts (forecasting).
"""

from estlab.datasets._images import SHAPE_CLASSES, make_shapes, read_pgm, write_image_folder
from estlab.datasets._text import (NEGATIVE_WORDS, POSITIVE_WORDS, make_reviews,
                                  write_reviews_csv)
from estlab.datasets._timeseries import make_seasonal_counts, seasonal_mean, write_counts_csv
from estlab.datasets._tutorial import make_tutorial_rows, write_tutorial_csv

__all__ = ["write_tutorial_csv", "make_tutorial_rows",
           "SHAPE_CLASSES", "make_shapes", "write_image_folder", "read_pgm",
           "make_reviews", "write_reviews_csv", "POSITIVE_WORDS", "NEGATIVE_WORDS",
           "make_seasonal_counts", "seasonal_mean", "write_counts_csv"]
