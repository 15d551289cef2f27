"""The record every bundled real data set is returned in, and the reader of its CSV file.

The files live in ``estlab/datasets/data/`` inside the installed package (the wheel carries
them), so loading needs neither the network nor any package beyond NumPy. Each CSV has one
header line; numeric columns become one float64 array, a text column the labels.
"""

import csv
import gzip
import io
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

__all__ = ["Dataset", "read_csv"]


@dataclass(frozen=True, repr=False)
class Dataset:
    """A real data set with its provenance: the arrays, their names, and where they come from.

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)
        The features, float64.
    target : ndarray of shape (n_samples,)
        The response: class labels (strings) for a classification data set, numbers otherwise.
    feature_names : tuple of str
        One name per column of ``data``.
    target_name : str
        What ``target`` measures.
    description : str
        What was measured, on whom, by whom; the citation and the licence.
    certified : dict
        Reference results published with the data (NIST's certified values), else empty.
    """

    data: np.ndarray
    target: np.ndarray
    feature_names: tuple
    target_name: str
    description: str
    certified: dict = field(default_factory=dict)

    @property
    def target_names(self):
        """The distinct labels of a classification target, sorted (``()`` for a numeric one)."""
        if self.target.dtype.kind in "US":
            return tuple(str(c) for c in np.unique(self.target))
        return ()

    def __repr__(self):
        n, p = self.data.shape
        title = self.description.splitlines()[0]
        return f"<Dataset {title!r}: {n} samples x {p} features, target {self.target_name!r}>"


def read_csv(filename):
    """``(header, columns)`` of a bundled CSV: the names and one list of strings per column."""
    raw = resources.files("estlab.datasets").joinpath("data", filename).read_bytes()
    if filename.endswith(".gz"):
        raw = gzip.decompress(raw)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    return header, [list(column) for column in zip(*body)]


def numeric(columns):
    """Columns of numeric strings as one float64 array of shape (n_samples, n_columns)."""
    return np.column_stack([np.asarray(c, dtype=float) for c in columns])
