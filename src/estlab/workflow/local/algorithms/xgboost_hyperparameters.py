"""The hyperparameters of SageMaker's XGBoost algorithm, validated as its container validates them.

A built-in algorithm has no script to read its arguments: the container itself reads
``hyperparameters.json`` (every value a string) and checks it before it trains. This module is
that check, transcribed from aws/sagemaker-xgboost-container
(``algorithm_mode/hyperparameter_validation.py`` with ``sagemaker_algorithm_toolkit``):

1. aliases become the names XGBoost documents (``learning_rate`` -> ``eta``, ``min_split_loss``
   -> ``gamma``, ``reg_lambda`` -> ``lambda``, ``reg_alpha`` -> ``alpha``);
2. ``num_round`` is required (``Missing required hyperparameter: num_round``);
3. every name must be declared (``Extraneous hyperparameter found: <name>``);
4. each value is parsed (``int``, ``float``, comma-separated list, tuple) and checked against
   its range: ``Hyperparameter eta: 1.5 is not in [0, 1]``;
5. dependencies: ``multi:softprob`` needs ``num_class``, ``auc`` needs a ``binary:`` or
   ``rank:`` objective, a ``gblinear`` booster takes one linear updater, ...

The messages are the container's, word for word; a failed check is a :class:`UserError`.

Examples
--------
>>> validate({"num_round": "10", "objective": "binary:logistic", "learning_rate": "0.3"})
{'num_round': 10, 'objective': 'binary:logistic', 'eta': 0.3}
>>> try:
...     validate({"objective": "reg:squarederror"})
... except UserError as err:
...     print(err)
Missing required hyperparameter: num_round
"""

import ast

__all__ = ["UserError", "AlgorithmError", "validate", "Interval", "XGB_MAXIMIZE_METRICS",
           "XGB_MINIMIZE_METRICS", "OBJECTIVES"]


class UserError(Exception):
    """A failure the user can fix (the algorithm toolkit's ``UserError``)."""


class AlgorithmError(Exception):
    """A failure of the algorithm itself, or of what this machine cannot run."""


# xgb_constants.py: the metrics XGBoost (and the container's own custom metrics) report
XGB_MAXIMIZE_METRICS = ["accuracy", "auc", "aucpr", "balanced_accuracy", "f1", "f1_binary",
                        "f1_macro", "map", "ndcg", "precision", "r2", "recall",
                        "precision_macro", "precision_micro", "recall_macro", "recall_micro"]
XGB_MINIMIZE_METRICS = ["aft-nloglik", "cox-nloglik", "error", "gamma-deviance",
                        "gamma-nloglik", "interval-regression-accuracy", "logloss", "mae",
                        "mape", "merror", "mlogloss", "mphe", "mse", "poisson-nloglik", "rmse",
                        "rmsle", "tweedie-nloglik"]
OBJECTIVES = ["aft_loss_distribution", "binary:logistic", "binary:logitraw", "binary:hinge",
              "count:poisson", "multi:softmax", "multi:softprob", "rank:pairwise", "rank:ndcg",
              "rank:map", "reg:linear", "reg:squarederror", "reg:logistic", "reg:gamma",
              "reg:pseudohubererror", "reg:squaredlogerror", "reg:absoluteerror", "reg:tweedie",
              "survival:aft", "survival:cox"]
_UPDATERS = ["grow_colmaker", "distcol", "grow_histmaker", "grow_skmaker", "sync", "refresh",
             "prune", "grow_colmaker", "distcol", "grow_histmaker", "grow_colmaker", "shotgun",
             "coord_descent", "refresh", "prune"]  # the container's list, repeats and all


class Interval:
    """A numeric range written as the toolkit prints it: ``[0, 1]``, ``(0, +inf)``.

    Examples
    --------
    >>> str(Interval(min_open=0, max_closed=1)), 0 in Interval(min_open=0, max_closed=1)
    ('(0, 1]', False)
    """

    def __init__(self, min_open=None, min_closed=None, max_open=None, max_closed=None):
        self.min_open, self.min_closed = min_open, min_closed
        self.max_open, self.max_closed = max_open, max_closed

    def __contains__(self, value):
        return not ((self.min_open is not None and value <= self.min_open)
                    or (self.min_closed is not None and value < self.min_closed)
                    or (self.max_open is not None and value >= self.max_open)
                    or (self.max_closed is not None and value > self.max_closed))

    def __str__(self):
        low = (f"({self.min_open}, " if self.min_open is not None else
               f"[{self.min_closed}, " if self.min_closed is not None else "(-inf, ")
        high = (f"{self.max_open})" if self.max_open is not None else
                f"{self.max_closed}]" if self.max_closed is not None else "+inf)")
        return low + high


class _Choices(list):
    """A categorical range checked by a rule (the toolkit's ``range_validator``)."""

    def __init__(self, values, rule=None):
        super().__init__(values)
        self.rule = rule

    def __contains__(self, value):
        return self.rule(self, value) if self.rule else list.__contains__(self, value)


def _eval_metric_in_range(supported, metric):
    if "<function" in metric:
        raise UserError(f"User defined evaluation metric {metric} is not supported yet.")
    if "@" in metric:
        name, threshold = (part.strip() for part in metric.split("@")[:2])
        if name not in ("error", "ndcg", "map"):
            raise UserError(f"Metric '{metric}' is not supported. Parameter 'eval_metric' with "
                            "customized threshold should be one of these options: 'error', "
                            "'ndcg', 'map'.")
        try:
            float(threshold)
        except ValueError:
            raise UserError(f"Threshold value 't' in '{name}@t' expects float input.") from None
        return True
    return list.__contains__(supported, metric)


_TREE_METHODS = _Choices(["auto", "exact", "approx", "hist", "gpu_hist"])
_PREDICTORS = _Choices(["auto", "cpu_predictor", "gpu_predictor"])
_EVAL_METRICS = _Choices(XGB_MAXIMIZE_METRICS + XGB_MINIMIZE_METRICS, _eval_metric_in_range)

# name -> (kind, range); kinds: int, float, cat (categorical), list (comma-separated),
# tuple (monotone_constraints), nested (interaction_constraints)
_I, _F = Interval, Interval
SPEC = {
    "num_round": ("int", _I(min_closed=1)),
    "csv_weights": ("int", _I(min_closed=0, max_closed=1)),
    "early_stopping_rounds": ("int", _I(min_closed=1)),
    "booster": ("cat", ["gbtree", "gblinear", "dart"]),
    "verbosity": ("int", _I(min_closed=0, max_closed=3)),
    "nthread": ("int", _I(min_closed=1)),
    "eta": ("float", _F(min_closed=0, max_closed=1)),
    "gamma": ("float", _F(min_closed=0)),
    "max_depth": ("int", _I(min_closed=0)),
    "min_child_weight": ("float", _F(min_closed=0)),
    "max_delta_step": ("float", _F(min_closed=0)),
    "subsample": ("float", _F(min_open=0, max_closed=1)),
    "colsample_bytree": ("float", _F(min_open=0, max_closed=1)),
    "colsample_bylevel": ("float", _F(min_open=0, max_closed=1)),
    "colsample_bynode": ("float", _F(min_open=0, max_closed=1)),
    "lambda": ("float", _F(min_closed=0)),
    "alpha": ("float", _F(min_closed=0)),
    "tree_method": ("cat", _TREE_METHODS),
    "sketch_eps": ("float", _F(min_open=0, max_open=1)),
    "scale_pos_weight": ("float", _F(min_open=0)),
    "updater": ("list", _UPDATERS),
    "dsplit": ("cat", ["row", "col"]),
    "refresh_leaf": ("int", _I(min_closed=0, max_closed=1)),
    "process_type": ("cat", ["default", "update"]),
    "grow_policy": ("cat", ["depthwise", "lossguide"]),
    "max_leaves": ("int", _I(min_closed=0)),
    "max_bin": ("int", _I(min_closed=0)),
    "predictor": ("cat", _PREDICTORS),
    "monotone_constraints": ("tuple", [-1, 0, 1]),
    "interaction_constraints": ("nested", _I(min_closed=1)),
    "sample_type": ("cat", ["uniform", "weighted"]),
    "normalize_type": ("cat", ["tree", "forest"]),
    "rate_drop": ("float", _F(min_closed=0, max_closed=1)),
    "one_drop": ("int", _I(min_closed=0, max_closed=1)),
    "skip_drop": ("float", _F(min_closed=0, max_closed=1)),
    "lambda_bias": ("float", _F(min_closed=0, max_closed=1)),
    "tweedie_variance_power": ("float", _F(min_open=1, max_open=2)),
    "objective": ("cat", OBJECTIVES),
    "num_class": ("int", _I(min_closed=2)),
    "base_score": ("float", _F(min_closed=0)),
    "_kfold": ("int", _I(min_closed=2)),
    "_num_cv_round": ("int", _I(min_closed=1)),
    "_tuning_objective_metric": ("cat", None),  # the metric names; filled in below
    "eval_metric": ("list", _EVAL_METRICS),
    "seed": ("int", _I(min_open=-(2**31), max_open=2**31 - 1)),
    "num_parallel_tree": ("int", _I(min_closed=1)),
    "save_model_on_termination": ("cat", ["true", "false"]),
    "aft_loss_distribution": ("cat", ["normal", "logistic", "extreme"]),
    "aft_loss_distribution_scale": ("float", _F(min_closed=0)),
    "deterministic_histogram": ("cat", ["true", "false"]),
    "sampling_method": ("cat", ["uniform", "gradient_based"]),
    "prob_buffer_row": ("int", _I(min_open=1.0)),
    "use_dask_gpu_training": ("cat", ["true", "false"]),
}
SPEC["_tuning_objective_metric"] = ("cat", [f"validation:{m}" for m in
                                            XGB_MAXIMIZE_METRICS + XGB_MINIMIZE_METRICS])
ALIASES = {"learning_rate": "eta", "min_split_loss": "gamma", "reg_lambda": "lambda",
           "reg_alpha": "alpha"}


def _parse(kind, text):
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "list":
        return text.split(",")
    if kind in ("tuple", "nested"):
        # the container uses eval() for tuples: literal_eval reads the same literals safely
        return ast.literal_eval(text) if isinstance(text, str) else text
    return text


def _check_range(name, kind, allowed, value):
    if allowed is None:
        return
    if kind == "list":
        if any(v not in allowed for v in value):
            raise UserError(f"Hyperparameter {name}: value {value} not in range {allowed}")
    elif kind == "tuple":
        if any(v not in allowed for v in value):
            raise UserError(f"Hyperparameter {name}: value {value} not in range {allowed}")
    elif kind == "nested":
        if any(v not in allowed for outer in value for v in outer):
            raise UserError(f"Hyperparameter {name}: value {value} not in range {allowed}")
    elif value not in allowed:
        raise UserError(f"Hyperparameter {name}: {value} is not in {allowed}")


def _check_dependencies(hps):
    """The container's dependency validators, in its order (a hyperparameter's own first)."""
    objective, num_class = hps.get("objective"), hps.get("num_class")
    if "objective" in hps and objective in ("multi:softmax", "multi:softprob") \
            and num_class is None:
        raise UserError("Require input for parameter 'num_class' for multi-classification")
    if "eval_metric" in hps:
        if objective is None:
            # the container looks the objective up and fails with KeyError: 'objective'
            raise UserError("eval_metric needs an objective: the container's check of "
                            "eval_metric reads 'objective' and fails without it (KeyError: "
                            "'objective'); set objective, e.g. objective=reg:squarederror.")
        value = hps["eval_metric"]
        if "auc" in value and not objective.startswith(("binary:", "rank:")):
            raise UserError("Metric 'auc' can only be applied for classification and ranking "
                            "problems.")
        if "aft-nloglik" in value and objective != "survival:aft":
            raise UserError("Metric 'aft-nloglik' can only be applied for 'survival:aft' "
                            "objective.")
    if "updater" in hps:
        _check_updater(hps["updater"], hps.get("booster"), hps.get("process_type"))
    tree_method = hps.get("tree_method")
    if hps.get("monotone_constraints") is not None and tree_method not in ("exact", "hist"):
        raise UserError("monotone_constraints can be used only when the tree_method parameter "
                        "is set to either 'exact' or 'hist'.")
    if hps.get("interaction_constraints") is not None and \
            tree_method not in ("exact", "hist", "approx"):
        raise UserError("interaction_constraints can be used only when the tree_method "
                        "parameter is set to either 'exact', 'hist' or 'approx'.")


def _check_updater(value, booster, process_type):
    tree = ["grow_colmaker", "distcol", "grow_histmaker", "grow_skmaker", "sync", "refresh",
            "prune", "grow_quantile_histmaker"]
    builders = ["grow_colmaker", "distcol", "grow_histmaker", "grow_quantile_histmaker"]
    if booster == "gblinear":
        if not (len(value) == 1 and value[0] in ("shotgun", "coord_descent")):
            raise UserError("Linear updater should be one of these options: 'shotgun', "
                            "'coord_descent'.")
    elif process_type == "update":
        if not all(x in ("refresh", "prune") for x in value):
            raise UserError("process_type 'update' can only be used with updater 'refresh' and "
                            "'prune'")
    else:
        if not all(x in tree for x in value):
            raise UserError("Tree updater should be selected from these options: "
                            "'grow_colmaker', 'distcol', 'grow_histmaker', 'grow_skmaker', "
                            "'grow_quantile_histmaker', 'sync', 'refresh', 'prune', "
                            "'shortgun', 'coord_descent'.")
        if sum(x in builders for x in value) > 1:
            raise UserError("Only one tree grow plugin can be selected. Choose one from "
                            "thefollowing: 'grow_colmaker', 'distcol', 'grow_histmaker', "
                            "'grow_skmaker'")


def validate(hyperparameters):
    """Check hyperparameters.json as the container does; return the parsed values.

    Parameters
    ----------
    hyperparameters : dict of str to str
        The job's ``hyperparameters.json`` (SageMaker sends every value as a string).

    Returns
    -------
    dict
        Canonical names (aliases replaced) to parsed values: ``int``, ``float``, ``str``, lists
        for ``eval_metric`` and ``updater``.

    Raises
    ------
    UserError
        With the container's message: a missing ``num_round``, an unknown name, an
        unparsable or out-of-range value, or a broken dependency.

    Examples
    --------
    >>> try:
    ...     validate({"num_round": "5", "eta": "1.5"})
    ... except UserError as err:
    ...     print(err)
    Hyperparameter eta: 1.5 is not in [0, 1]
    >>> validate({"num_round": "5", "objective": "reg:linear", "eval_metric": "rmse,mae"})
    {'num_round': 5, 'objective': 'reg:linear', 'eval_metric': ['rmse', 'mae']}
    """
    user = {ALIASES.get(k, k): v for k, v in hyperparameters.items()}
    if "num_round" not in user:
        raise UserError("Missing required hyperparameter: num_round")
    parsed = {}
    for name, text in user.items():
        if name not in SPEC:
            raise UserError(f"Extraneous hyperparameter found: {name}")
        kind = SPEC[name][0]
        try:
            parsed[name] = _parse(kind, text)
        except (ValueError, SyntaxError, TypeError):
            raise UserError(f"Hyperparameter {name}: could not parse value (caused by "
                            "ValueError)") from None
    for name, value in parsed.items():
        kind, allowed = SPEC[name]
        _check_range(name, kind, allowed, value)
    _check_dependencies(parsed)
    return parsed
