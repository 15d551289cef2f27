"""The metrics of SageMaker's XGBoost algorithm: its log lines, its regexes, its own metrics.

Each boosting round prints one line, ``[3]#011train-rmse:0.41200#011validation-rmse:0.52210``:
XGBoost's evaluation monitor writes a tab between the entries and CloudWatch Logs shows the tab
as ``#011``, the form SageMaker's metric regexes for the algorithm match. The container defines
them (``algorithm_mode/metrics.py``) as ``.*\\[[0-9]+\\].*#011validation-rmse:(\\S+)``, one per
metric; :data:`METRIC_DEFINITIONS` holds those and the same for ``train:`` (the ``train:rmse``
that SageMaker reports for XGBoost jobs; its regex is not in the container, so this one is
inferred from the ``validation:`` ones).

Some metrics the container computes itself rather than XGBoost (``custom_metrics.py``, with
scikit-learn there; NumPy here, tested against scikit-learn): ``rmse``, ``mse``, ``mae``,
``r2``, ``accuracy``, ``balanced_accuracy``, ``precision``/``recall``/``f1`` and their
``_macro``/``_micro``/``_binary`` forms. XGBoost hands such a ``custom_metric`` the
*transformed* prediction (probabilities, Poisson means), while the container turns it into a
class by ``> 0`` (or the row's argmax) as if it were a margin: with ``binary:logistic`` its
``accuracy`` counts every row as class 1. That is what the container reports, so it is what
this reports.

Examples
--------
>>> round_line(3, {"train": {"rmse": [0.5, 0.412]}, "validation": {"rmse": [0.6, 0.5221]}})
'[3]#011train-rmse:0.41200#011validation-rmse:0.52210'
>>> [d["Name"] for d in METRIC_DEFINITIONS][:2]
['train:accuracy', 'validation:accuracy']
"""

import numpy as np

from estlab.workflow.local.algorithms.xgboost_hyperparameters import (
    XGB_MAXIMIZE_METRICS, XGB_MINIMIZE_METRICS, UserError)

__all__ = ["METRIC_DEFINITIONS", "CUSTOM_METRICS", "MAXIMIZE", "eval_metrics", "round_line"]

METRIC_DEFINITIONS = tuple(
    {"Name": f"{data}:{metric}", "Regex": rf".*\[[0-9]+\].*#011{data}-{metric}:(\S+)"}
    for metric in XGB_MAXIMIZE_METRICS + XGB_MINIMIZE_METRICS for data in ("train", "validation"))
MAXIMIZE = set(XGB_MAXIMIZE_METRICS)


def _labels(preds):
    """Margins to class labels: argmax of a row, or margin > 0 (custom_metrics.py)."""
    preds = np.asarray(preds)
    return preds.argmax(axis=-1) if preds.ndim == 2 else (preds > 0.0).astype(int)


def _scores(y, p, average):
    """(precision, recall, f1) with scikit-learn's ``average`` rule (0 where undefined)."""
    classes = np.union1d(y, p)
    if average == "binary":
        if len(classes) > 2:
            raise UserError("Target is multiclass but average='binary'. Please choose another "
                            "average setting, one of [None, 'micro', 'macro', 'weighted'].")
        classes = np.array([1])
    if average == "micro":
        tp = np.sum(y == p)
        precision = recall = tp / len(y) if len(y) else 0.0
        return precision, recall, precision
    out = []
    for c in classes:
        tp, fp, fn = (np.sum((p == c) & (y == c)), np.sum((p == c) & (y != c)),
                      np.sum((p != c) & (y == c)))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append((precision, recall, f1))
    return tuple(float(np.mean(column)) for column in zip(*out))


def _classification(name, fn):
    def metric(preds, dtrain):
        y, p = dtrain.get_label(), _labels(preds)
        return name, float(fn(y, p)) if np.size(preds) else 0.0
    return metric


def _regression(name, fn):
    def metric(preds, dtrain):
        return name, float(fn(dtrain.get_label(), np.asarray(preds)))
    return metric


CUSTOM_METRICS = {  # the container computes these itself (scikit-learn there, NumPy here)
    "accuracy": _classification("accuracy", lambda y, p: np.mean(y == p)),
    "balanced_accuracy": _classification("balanced_accuracy", lambda y, p: np.mean(
        [np.mean(p[y == c] == c) for c in np.unique(y)])),
    "f1": _classification("f1", lambda y, p: _scores(y, p, "macro")[2]),
    "f1_binary": _classification("f1_binary", lambda y, p: _scores(y, p, "binary")[2]),
    "f1_macro": _classification("f1_macro", lambda y, p: _scores(y, p, "macro")[2]),
    "precision": _classification("precision", lambda y, p: _scores(y, p, "binary")[0]),
    "precision_macro": _classification("precision_macro",
                                       lambda y, p: _scores(y, p, "macro")[0]),
    "precision_micro": _classification("precision_micro",
                                       lambda y, p: _scores(y, p, "micro")[0]),
    "recall": _classification("recall", lambda y, p: _scores(y, p, "binary")[1]),
    "recall_macro": _classification("recall_macro", lambda y, p: _scores(y, p, "macro")[1]),
    "recall_micro": _classification("recall_micro", lambda y, p: _scores(y, p, "micro")[1]),
    "mse": _regression("mse", lambda y, p: np.mean((y - p) ** 2)),
    "rmse": _regression("rmse", lambda y, p: np.sqrt(np.mean((y - p) ** 2))),
    "mae": _regression("mae", lambda y, p: np.mean(np.abs(y - p))),
    "r2": _regression("r2", lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2)),
}


def eval_metrics(tuning_metric, eval_metric):
    """``(xgboost_metrics, custom_metric_fn, tuning_metric_names)`` as train_utils splits them."""
    tuning = tuning_metric.split(":")[1].split(",") if tuning_metric else None
    if tuning is not None and eval_metric is not None:
        union = sorted(set(tuning) | set(eval_metric))
    else:
        union = tuning if tuning is not None else eval_metric
    if union is None:
        return None, None, tuning
    custom = [m for m in union if m in CUSTOM_METRICS]
    builtin = [m for m in union if m not in custom]
    if not custom:
        return builtin, None, tuning

    def custom_metric(preds, dtrain):
        return [CUSTOM_METRICS[m](preds, dtrain) for m in custom]

    return builtin, custom_metric, tuning



def round_line(epoch, evals_log):
    """``[3]#011train-rmse:0.41200#011validation-rmse:0.52210`` (XGBoost's, as CloudWatch shows)."""
    items = "".join(f"#011{data}-{metric}:{values[-1]:.5f}"
                    for data, metrics in evals_log.items() for metric, values in metrics.items())
    return f"[{epoch}]{items}"

