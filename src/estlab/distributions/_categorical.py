"""The categorical distribution: one of K labels, probabilities = observed frequencies."""

import numpy as np
from scipy import special

from estlab._errors import DataError, NotFittedError
from estlab._validation import check_finite, check_level, check_positive
from estlab.distributions._base import DiscreteDistribution, wilson_interval

__all__ = ["Categorical"]


class Categorical(DiscreteDistribution):
    r"""Categorical distribution over the labels seen in the data (numbers or strings).

    Fitted attributes: ``classes_`` (sorted labels), ``probs_`` (their probabilities), and the
    common ones, with parameter names ``"p[label]"`` in ``params_`` / ``stderr_`` / ``conf_int``.

    Notes
    -----
    With counts :math:`c_j` of the K classes, :math:`\ell(\pi) = \sum_j c_j \log\pi_j` subject to
    :math:`\sum_j \pi_j = 1`; a Lagrange multiplier gives :math:`\hat\pi_j = c_j / n`. Only K - 1
    probabilities are free: AIC/BIC count K - 1 parameters and :meth:`fisher_information` is the
    :math:`(K-1)\times(K-1)` matrix :math:`\mathrm{diag}(1/\pi_j) + 1/\pi_K` for the first K - 1
    classes. Its inverse is :math:`(\mathrm{diag}(\pi) - \pi\pi^T)/n`, so
    :math:`\mathrm{se}(\hat\pi_j) = \sqrt{\hat\pi_j(1-\hat\pi_j)/n}`; ``cov_`` is the full
    K x K covariance. Intervals: ``"wilson"`` (default, each class against the rest) and ``"wald"``.
    Labels never seen have probability 0 in :meth:`pmf`.

    Examples
    --------
    >>> d = Categorical().fit(["a", "b", "a", "c"])
    >>> d.classes_.tolist(), d.probs_.tolist()
    (['a', 'b', 'c'], [0.5, 0.25, 0.25])
    >>> d.pmf(["a", "z"])
    array([0.5, 0. ])
    """

    _intervals = ("wald", "wilson")
    _profile = False
    _default_interval = "wilson"

    def _names(self):
        return tuple(f"p[{c}]" for c in self.classes_)

    def _n_free(self):
        return len(self.classes_) - 1

    def _as_labels(self, x):
        arr = np.asarray(x)
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        if arr.ndim != 1:
            raise DataError(
                f"Categorical data must be one-dimensional (one label per observation); got shape "
                f"{arr.shape}. Pass one column at a time."
            )
        if arr.size == 0:
            raise DataError("Categorical data must have at least 1 value; got an empty array. "
                            "Check that the data loaded correctly.")
        if arr.dtype.kind in "biuf":
            arr = check_finite(arr.astype(float), "x")
        elif arr.dtype.kind != "U":
            raise DataError(
                f"Categorical labels must be all numbers or all strings; got an array of dtype "
                f"{arr.dtype}. Convert the labels, e.g. with np.asarray(x, dtype=str)."
            )
        return arr

    def fit(self, x):
        """Estimate the class probabilities by their frequencies; returns ``self``.

        Examples
        --------
        >>> Categorical().fit([2, 1, 2]).params_
        {'p[1.0]': 0.333333, 'p[2.0]': 0.666667}
        """
        self._reset()
        x = self._as_labels(x)
        self.classes_, counts = np.unique(x, return_counts=True)
        n = x.shape[0]
        self.n_ = int(n)
        self.probs_ = counts / n
        self.params_ = dict(zip(self._names(), (float(p) for p in self.probs_)))
        self.loglik_ = float(np.sum(special.xlogy(counts, self.probs_)))
        k = self._n_free()
        self.aic_ = float(2 * k - 2 * self.loglik_)
        self.bic_ = float(k * np.log(n) - 2 * self.loglik_)
        p = self.probs_
        self.cov_ = (np.diag(p) - np.outer(p, p)) / n
        self.stderr_ = {name: float(np.sqrt(max(self.cov_[i, i], 0.0)))
                        for i, name in enumerate(self._names())}
        return self

    @classmethod
    def from_params(cls, **params):
        """Not available for Categorical: use :meth:`from_probs` with labels and probabilities.

        Examples
        --------
        >>> Categorical.from_probs(["x", "y"], [0.2, 0.8]).sample(4, random_state=0).tolist()
        ['y', 'y', 'x', 'x']
        """
        raise TypeError("Categorical has no fixed parameter names; use "
                        "Categorical.from_probs(classes, probs).")

    @classmethod
    def from_probs(cls, classes, probs):
        """A Categorical with the given labels and probabilities (they must sum to 1).

        Examples
        --------
        >>> Categorical.from_probs([0, 1, 2], [0.5, 0.3, 0.2]).pmf([2])
        array([0.2])
        """
        classes, probs = np.asarray(classes), np.asarray(probs, dtype=float)
        if classes.shape != probs.shape or classes.ndim != 1:
            raise ValueError("classes and probs must be 1-D of the same length; got shapes "
                             f"{classes.shape} and {probs.shape}.")
        if np.any(probs < 0) or not np.isclose(probs.sum(), 1.0):
            raise ValueError(f"probs must be non-negative and sum to 1; got {probs.tolist()}.")
        order = np.argsort(classes)
        self = cls()
        self.classes_, self.probs_ = classes[order], probs[order]
        self.params_ = dict(zip(self._names(), (float(p) for p in self.probs_)))
        return self

    def logpdf(self, x):
        """Log probability of each label (``-inf`` for labels not in ``classes_``).

        Examples
        --------
        >>> Categorical().fit([0, 0, 1]).logpdf([1])
        array([-1.098612])
        """
        self._params_or_raise()
        x = np.asarray(x)
        if self.classes_.dtype.kind == "U":
            x = x.astype(str)
        idx = np.clip(np.searchsorted(self.classes_, x), 0, len(self.classes_) - 1)
        found = self.classes_[idx] == x
        with np.errstate(divide="ignore"):
            return np.where(found, np.log(self.probs_[idx]), -np.inf)

    def fisher_information(self, n=None):
        """Information of ``n`` observations for the first K - 1 probabilities (default ``n_``).

        Examples
        --------
        >>> Categorical.from_probs(["a", "b"], [0.5, 0.5]).fisher_information(n=1)
        array([[4.]])
        """
        self._params_or_raise()
        if n is None:
            if not hasattr(self, "n_"):
                raise NotFittedError(
                    "fisher_information() without n needs a fitted sample size; pass n "
                    "(n=1 for the information per observation)."
                )
            n = self.n_
        n = check_positive(n, "n", integer=True)
        p = self.probs_
        return n * (np.diag(1.0 / p[:-1]) + 1.0 / p[-1])

    def _sample(self, rng, size, **params):
        return rng.choice(self.classes_, size=size, p=self.probs_)

    def conf_int(self, level=0.95, method=None):
        """Intervals for each class probability: ``"wilson"`` (default) or ``"wald"``.

        Examples
        --------
        >>> ci = Categorical().fit(["a"] * 8 + ["b"] * 2).conf_int()
        >>> [round(v, 3) for v in ci["p[b]"]]
        [0.057, 0.51]
        """
        self._fitted_or_raise()
        if method in (None, "wilson"):
            level = check_level(level)
            return {name: tuple(float(v) for v in wilson_interval(p, self.n_, level))
                    for name, p in self.params_.items()}
        return super().conf_int(level, method)
