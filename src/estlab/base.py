"""The estimator contract shared by everything estlab fits.

An estimator is an object whose constructor only *stores* keyword hyperparameters and whose
``fit`` *learns* from data, setting attributes that end in an underscore and returning
``self``. This is scikit-learn's contract, so estlab estimators work with ``sklearn.base.clone``,
``Pipeline`` and ``GridSearchCV`` without importing scikit-learn here.
"""

import inspect

import numpy as np

from estlab._errors import NotFittedError

__all__ = ["BaseEstimator", "RegressorMixin", "ClassifierMixin", "check_is_fitted"]


class BaseEstimator:
    """Base class: hyperparameters in, fitted attributes out.

    Subclasses declare every hyperparameter as a keyword-only argument of ``__init__`` and
    store it unmodified under the same name. Validation and conversion happen in ``fit``, so
    ``get_params`` always returns exactly what the user passed.

    Examples
    --------
    >>> class Mean(BaseEstimator):
    ...     def __init__(self, *, ddof=0):
    ...         self.ddof = ddof
    ...     def fit(self, x):
    ...         self.mean_ = float(np.mean(x))
    ...         return self
    >>> m = Mean(ddof=1)
    >>> m
    Mean(ddof=1)
    >>> m.get_params()
    {'ddof': 1}
    >>> m.set_params(ddof=0).fit([1.0, 2.0, 3.0]).mean_
    2.0
    """

    @classmethod
    def _get_param_names(cls):
        """Names of the keyword hyperparameters of ``__init__``, sorted."""
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        names = []
        for p in params:
            if p.name == "self" or p.kind == p.VAR_KEYWORD:
                continue
            if p.kind == p.VAR_POSITIONAL:
                raise TypeError(
                    f"{cls.__name__}.__init__ must not take *args: estimators declare every "
                    "hyperparameter by name (scikit-learn's convention)."
                )
            names.append(p.name)
        return sorted(names)

    def get_params(self, deep=True):
        """Hyperparameters as a dict ``name -> value``, exactly as they were passed.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of nested estimators as ``name__param``.
        """
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params):
        """Set hyperparameters by name (``name__param`` reaches nested estimators); returns ``self``."""
        if not params:
            return self
        valid = self.get_params(deep=True)
        nested = {}
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"{type(self).__name__} has no hyperparameter {name!r}; valid names are "
                    f"{sorted(self._get_param_names())}."
                )
            if sep:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self):
        defaults = {
            p.name: p.default
            for p in inspect.signature(type(self).__init__).parameters.values()
            if p.default is not p.empty
        }
        shown = []
        for name in self._get_param_names():
            value = getattr(self, name, None)
            default = defaults.get(name, inspect.Parameter.empty)
            if not _same(value, default):
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def _reset(self):
        """Delete every fitted attribute (names ending in ``_``) so a refit starts from scratch."""
        for name in [k for k in vars(self) if k.endswith("_") and not k.startswith("__")]:
            delattr(self, name)

    def __sklearn_tags__(self):
        """Tags for scikit-learn's ``check_estimator`` (only called when scikit-learn is used)."""
        from sklearn.utils import Tags, TargetTags

        tags = Tags(estimator_type=None, target_tags=TargetTags(required=False))
        return self._more_sklearn_tags(tags)

    def _more_sklearn_tags(self, tags):
        return tags


class RegressorMixin:
    """Mixin for regressors: ``score`` is the coefficient of determination R^2.

    Examples
    --------
    >>> import numpy as np
    >>> class Constant(RegressorMixin, BaseEstimator):
    ...     def fit(self, X, y):
    ...         self.mean_ = float(np.mean(y))
    ...         return self
    ...     def predict(self, X):
    ...         return np.full(len(X), self.mean_)
    >>> Constant().fit([[0], [1]], [1.0, 3.0]).score([[0], [1]], [1.0, 3.0])
    0.0
    """

    _estimator_type = "regressor"

    def score(self, X, y, sample_weight=None):
        """R^2 = 1 - sum (y - y_hat)^2 / sum (y - mean y)^2 of ``predict(X)`` against ``y``."""
        y = np.asarray(y, dtype=float)
        residual = y - self.predict(X)
        w = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        ss_res = np.sum(w * residual**2)
        ss_tot = np.sum(w * (y - np.average(y, weights=w)) ** 2)
        if ss_tot == 0.0:
            return 1.0 if ss_res == 0.0 else 0.0
        return float(1.0 - ss_res / ss_tot)

    def _more_sklearn_tags(self, tags):
        from sklearn.utils import RegressorTags

        tags = super()._more_sklearn_tags(tags)
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        tags.target_tags.required = True
        return tags


class ClassifierMixin:
    """Mixin for classifiers: ``score`` is the accuracy of ``predict``.

    Examples
    --------
    >>> import numpy as np
    >>> class Majority(ClassifierMixin, BaseEstimator):
    ...     def fit(self, X, y):
    ...         self.classes_, counts = np.unique(y, return_counts=True)
    ...         self.majority_ = self.classes_[np.argmax(counts)]
    ...         return self
    ...     def predict(self, X):
    ...         return np.full(len(X), self.majority_)
    >>> Majority().fit([[0], [1], [2]], [1, 1, 0]).score([[0], [1], [2]], [1, 1, 0])
    0.666...
    """

    _estimator_type = "classifier"

    def score(self, X, y, sample_weight=None):
        """Fraction of samples whose predicted class equals ``y`` (weighted if asked)."""
        correct = np.asarray(self.predict(X) == np.asarray(y), dtype=float)
        return float(np.average(correct, weights=sample_weight))

    def _more_sklearn_tags(self, tags):
        from sklearn.utils import ClassifierTags

        tags = super()._more_sklearn_tags(tags)
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        tags.target_tags.required = True
        return tags


def check_is_fitted(estimator, attributes=None):
    """Raise :class:`~estlab.NotFittedError` unless ``estimator`` has been fitted.

    Parameters
    ----------
    estimator : BaseEstimator
    attributes : str or list of str, optional
        Fitted attributes that must exist. By default, any attribute ending in ``_``.

    Examples
    --------
    >>> from estlab.distributions import Normal
    >>> check_is_fitted(Normal())
    Traceback (most recent call last):
    ...
    estlab._errors.NotFittedError: This Normal is not fitted yet: call fit(data) first, ...
    """
    if attributes is None:
        fitted = any(k.endswith("_") and not k.startswith("__") for k in vars(estimator))
    else:
        names = [attributes] if isinstance(attributes, str) else list(attributes)
        fitted = all(hasattr(estimator, name) for name in names)
    if not fitted:
        raise NotFittedError(
            f"This {type(estimator).__name__} is not fitted yet: call fit(data) first, "
            "then use its fitted attributes and methods."
        )


def _same(a, b):
    """Equality for repr: safe for arrays and NaN."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:
        return False
