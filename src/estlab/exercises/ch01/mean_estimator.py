"""Exercise 1.3: an estimator with scikit-learn's contract (``fit`` returns self)."""

import numpy as np


class MeanEstimator:
    """Estimate a population mean by the (optionally trimmed) sample mean.

    scikit-learn's contract: the constructor only stores its keyword hyperparameters;
    ``fit`` learns from the data, stores what it learned in attributes ending with ``_``
    and returns ``self``; fitting again starts from scratch.

    Parameters
    ----------
    trim : float, default 0.0
        Fraction of the sample cut from *each* end before averaging (0 gives the mean).

    Attributes
    ----------
    mean_ : float
        The estimate, set by ``fit``.
    n_ : int
        Number of observations seen by the last ``fit``.

    Examples
    --------
    >>> MeanEstimator(trim=0.25).fit([1.0, 2.0, 3.0, 100.0]).mean_
    2.5
    """

    def __init__(self, trim=0.0):
        self.trim = trim

    def fit(self, x):
        """Learn ``mean_`` and ``n_`` from the 1-D data ``x``; return ``self``."""
        # [solution] TODO: learn mean_ and n_ from x, keeping to the contract above
        x = np.sort(np.asarray(x, dtype=float))
        cut = int(self.trim * x.size)
        kept = x[cut: x.size - cut]
        self.mean_ = float(kept.mean())
        self.n_ = int(x.size)
        return self
        # [/solution]
