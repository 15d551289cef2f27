"""Small data sets for the book and the workflow tutorial.

* :func:`write_tutorial_csv`: a raw customer-churn CSV (binary classification) with the messy
  values real exports have, the input of the workflow tutorial's processing job.
"""

from estlab.datasets._tutorial import make_tutorial_rows, write_tutorial_csv

__all__ = ["write_tutorial_csv", "make_tutorial_rows"]
