"""Amazon SageMaker's Linear Learner on this machine, with estlab's GLMs doing the fitting.

The image ``<account>.dkr.ecr.<region>.amazonaws.com/linear-learner:1`` is a container that
trains (``train``) and serves (``/invocations``) one of three linear models, chosen by the
required hyperparameter ``predictor_type``. Locally this file is that container's program:

* ``regressor``: :class:`~estlab.linear_model.LinearRegression` (the Gaussian likelihood,
  Linear Learner's ``squared_loss``);
* ``binary_classifier``: :class:`~estlab.linear_model.LogisticRegression` (Bernoulli,
  ``logistic``);
* ``multiclass_classifier``: :class:`~estlab.linear_model.SoftmaxRegression` (categorical,
  ``softmax_loss``).

**Training** (``python linear_learner.py`` in the job's container, ``/opt/ml`` as SageMaker
lays it out) reads ``hyperparameters.json`` (validated by
:mod:`.linear_learner_hyperparameters`), the channels ``train`` (required), ``validation`` and
``test`` in ``text/csv`` (label first, no header) or ``application/x-recordio-protobuf``
(:mod:`.recordio`), and fits the estimator with ``fit_intercept=use_bias`` and ``alpha=wd``
on features standardised as ``normalize_data`` / ``unbias_data`` say (the label too for the
regressor, ``normalize_label``). ``optimizer=auto`` (the default) is estlab's exact fit:
normal equations for the regressor, Newton for the classifiers, where Linear Learner runs Adam
over several models in parallel; ``optimizer=sgd`` / ``adam`` run estlab's own mini-batch
solvers with ``epochs``, ``mini_batch_size``, ``learning_rate``. A binary classifier then picks
its decision threshold on the validation data (the training data without it) by
``binary_classifier_model_selection_criteria``, as Linear Learner does; ``cross_entropy_loss``
and ``loss_function`` keep the likelihood's 0.5.

The log has the algorithm's metric lines, which its metric definitions
(:data:`METRIC_DEFINITIONS`, the ones SageMaker attaches to a Linear Learner job) turn into
``FinalMetricDataList``::

    #quality_metric: host=algo-1, epoch=0, train mse_objective <loss>=0.2381
    #quality_metric: host=algo-1, validation mse <loss>=0.2507
    #quality_metric: host=algo-1, test binary_classification_accuracy <score>=0.91

The exact fit is a single pass, so ``epoch=0`` reports the fitted model. Objectives are on the
data's scale (mean squared error, mean cross-entropy) whatever the normalisation.

**The artifact** is not Linear Learner's MXNet model: ``model.tar.gz`` holds
``linear-learner.json`` (the predictor type, the feature scaling, the threshold) and the
fitted estimator as ``estimator.json`` + ``estimator.npz`` (:func:`estlab.save`; no pickle).

**Inference** takes ``text/csv``, ``application/json`` (``{"instances": [{"features": [...]}]}``),
``application/jsonlines`` and ``application/x-recordio-protobuf``, and answers in Linear
Learner's response formats: JSON ``{"predictions": [{"score": ...}]}`` (with
``predicted_label`` for the classifiers; a list of class probabilities as the multiclass score),
JSON lines, or RecordIO-protobuf with ``score`` and ``predicted_label`` tensors.
"""

import datetime
import io
import json
import logging
import os
import sys
from pathlib import Path

import numpy as np

from estlab.workflow.local.algorithms import recordio
from estlab.workflow.local.algorithms.linear_learner_hyperparameters import (
    AUTO, OBJECTIVES, HyperparameterError, parse)

__all__ = ["LinearLearnerModel", "train", "model_fn", "transform_fn", "METRIC_DEFINITIONS",
           "AlgorithmError"]

CSV, RECORDIO, JSON, JSONLINES = ("text/csv", "application/x-recordio-protobuf",
                                  "application/json", "application/jsonlines")
CHANNELS = ("train", "validation", "test")
ARTIFACT = "linear-learner.json"

# The metric definitions SageMaker attaches to every Linear Learner training job (as a
# DescribeTrainingJob / tuning-job record shows them): name -> regex over the job's log.
_Q = r"#quality_metric: host=\S+, "
METRIC_DEFINITIONS = tuple({"Name": name, "Regex": _Q + regex} for name, regex in [
    ("train:objective_loss", r"epoch=\S+, train \S+_objective <loss>=(\S+)"),
    ("train:objective_loss:final", r"train \S+_objective <loss>=(\S+)"),
    ("validation:objective_loss", r"epoch=\S+, validation \S+_objective <loss>=(\S+)"),
    ("validation:objective_loss:final", r"validation \S+_objective <loss>=(\S+)"),
    ("test:objective_loss", r"test \S+_objective <loss>=(\S+)"),
    *[(f"{channel}:{metric}", rf"{channel} {pattern} <{kind}>=(\S+)")
      for channel in CHANNELS
      for metric, pattern, kind in [
          ("mse", "mse", "loss"), ("rmse", "rmse", "loss"),
          ("absolute_loss", "absolute_loss", "loss"),
          ("binary_classification_accuracy", "binary_classification_accuracy", "score"),
          ("binary_f_beta", r"binary_f_\S+", "score"), ("precision", "precision", "score"),
          ("recall", "recall", "score"), ("multiclass_accuracy", "multiclass_accuracy", "score"),
          ("multiclass_top_k_accuracy", r"multiclass_top_k_accuracy_\S+", "score"),
          ("macro_precision", "macro_precision", "score"),
          ("macro_recall", "macro_recall", "score"),
          ("macro_f_beta", r"macro_f_\S+", "score")]]])

log = logging.getLogger("estlab.linear_learner")


class AlgorithmError(Exception):
    """The job fails; ``str()`` is its FailureReason (``ClientError: ...``)."""


# ------------------------------------------------------------------------------ the data --
def _base(content_type):
    return (content_type or "").split(";")[0].strip().lower()


def _check_content_type(channel, content_type):
    """The channel's base content type, or the FailureReason for one that does not train."""
    base = _base(content_type) or RECORDIO  # Linear Learner's default for training channels
    params = dict(p.strip().split("=", 1) for p in (content_type or "").split(";")[1:]
                  if "=" in p)
    if base not in (CSV, RECORDIO):
        raise AlgorithmError(
            "ClientError: Unable to initialize the algorithm. Failed to validate input data "
            f"configuration. (caused by ValidationError)\n\nCaused by: The content type "
            f"'{content_type}' of channel '{channel}' is not supported. Linear Learner trains "
            f"on '{CSV}' (label in the first column, no header) or '{RECORDIO}'; set the "
            "channel's ContentType to one of them.")
    if params.get("label_size", "1") != "1":
        raise AlgorithmError(f"ClientError: {content_type!r} for channel '{channel}': "
                             "Linear Learner takes one label per row (label_size=1).")
    return base


def read_channel(folder, channel, content_type):
    """``(X, y)`` from every file under ``folder`` (sorted by path), in ``content_type``."""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    parts = []
    for path in files:
        data = path.read_bytes()
        if not data.strip():
            continue
        try:
            if content_type == CSV:
                table = np.loadtxt(io.StringIO(data.decode("utf-8")), delimiter=",",
                                   dtype=float, ndmin=2)
                X, y = table[:, 1:], table[:, 0]
            else:
                X, y = recordio.decode_dense(data)
        except (ValueError, UnicodeDecodeError) as err:
            hint = ("rows of comma-separated numbers, label first, no header" if
                    content_type == CSV else "RecordIO-framed Record protobuf messages")
            raise AlgorithmError(
                f"ClientError: Unable to read data channel '{channel}' ({content_type}): "
                f"{path.name}: {err}. Expected {hint}.") from None
        if y is None:
            raise AlgorithmError(f"ClientError: channel '{channel}': the records of "
                                 f"{path.name} have no label; training data need one.")
        parts.append((X, y))
    if not parts:
        raise AlgorithmError(f"ClientError: channel '{channel}' holds no records.")
    widths = {X.shape[1] for X, _ in parts}
    if len(widths) > 1:
        raise AlgorithmError(f"ClientError: the files of channel '{channel}' have different "
                             f"numbers of features: {sorted(widths)}.")
    X = np.vstack([X for X, _ in parts])
    y = np.concatenate([y for _, y in parts])
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise AlgorithmError(f"ClientError: channel '{channel}' holds NaN or infinite values; "
                             "Linear Learner needs finite numbers.")
    return X, y


def _check_labels(y, hp, channel):
    kind = hp["predictor_type"]
    if kind == "regressor":
        return
    k = 2 if kind == "binary_classifier" else hp["num_classes"]
    bad = ~np.isin(y, np.arange(k))
    if bad.any():
        i = int(np.argmax(bad))
        raise AlgorithmError(
            f"ClientError: channel '{channel}', record {i}: label {y[i]:g} is not valid for "
            f"predictor_type={kind}; labels must be the integers 0 .. {k - 1}"
            + (" (set num_classes to the number of classes)." if k > 2 else "."))


# ------------------------------------------------------------------------------ the model --
class LinearLearnerModel:
    """A fitted estlab GLM plus what Linear Learner adds: scaling, threshold, output layout.

    Parameters
    ----------
    estimator : LinearRegression, LogisticRegression or SoftmaxRegression
        Fitted on the scaled features ``(X - x_shift) / x_scale``.
    predictor_type : str
    x_shift, x_scale : ndarray of shape (feature_dim,)
    y_shift, y_scale : float
        The regressor's label scaling: ``score = y_shift + y_scale * estimator.predict(...)``.
    threshold : float
        A binary classifier predicts 1 when its score is at least ``threshold``.
    num_classes : int or None
    """

    def __init__(self, estimator, predictor_type, x_shift, x_scale, y_shift=0.0, y_scale=1.0,
                 threshold=0.5, num_classes=None):
        self.estimator, self.predictor_type = estimator, predictor_type
        self.x_shift, self.x_scale = np.asarray(x_shift, float), np.asarray(x_scale, float)
        self.y_shift, self.y_scale = float(y_shift), float(y_scale)
        self.threshold, self.num_classes = float(threshold), num_classes

    @property
    def feature_dim(self):
        return self.x_shift.size

    def scores(self, X):
        """Regressor: predictions; binary: P(y = 1); multiclass: (n, num_classes) probabilities."""
        Z = (np.asarray(X, float) - self.x_shift) / self.x_scale
        if self.predictor_type == "regressor":
            return self.y_shift + self.y_scale * self.estimator.predict(Z)
        P = self.estimator.predict_proba(Z)
        if self.predictor_type == "binary_classifier":
            return P[:, list(self.estimator.classes_).index(1.0)] \
                if 1.0 in self.estimator.classes_ else np.zeros(len(Z))
        full = np.zeros((len(Z), self.num_classes))  # classes absent from the data: 0
        full[:, self.estimator.classes_.astype(int)] = P
        return full

    def predicted_labels(self, scores):
        if self.predictor_type == "binary_classifier":
            return (scores >= self.threshold).astype(int)
        return np.argmax(scores, axis=1)

    def save(self, model_dir):
        """``linear-learner.json`` + ``estimator.{json,npz}`` (:func:`estlab.save`)."""
        import estlab

        model_dir = Path(model_dir)
        estlab.save(self.estimator, model_dir / "estimator")
        (model_dir / ARTIFACT).write_text(json.dumps({
            "format": "estlab-linear-learner", "predictor_type": self.predictor_type,
            "feature_dim": self.feature_dim, "num_classes": self.num_classes,
            "x_shift": self.x_shift.tolist(), "x_scale": self.x_scale.tolist(),
            "y_shift": self.y_shift, "y_scale": self.y_scale, "threshold": self.threshold,
            "estimator": "estimator.json"}, indent=2) + "\n")

    @classmethod
    def load(cls, model_dir):
        import estlab

        model_dir = Path(model_dir)
        path = model_dir / ARTIFACT
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} is missing: this model.tar.gz was not written by estlab's local "
                "Linear Learner (a SageMaker-trained Linear Learner artifact is an MXNet "
                "model, which does not load here).")
        meta = json.loads(path.read_text())
        return cls(estlab.load(model_dir / "estimator"), meta["predictor_type"],
                   meta["x_shift"], meta["x_scale"], meta["y_shift"], meta["y_scale"],
                   meta["threshold"], meta["num_classes"])


def _scaling(X, hp):
    """``(shift, scale)`` per column: mean and standard deviation as normalize_data says."""
    normalize = hp["normalize_data"] in (True, AUTO)
    unbias = hp["unbias_data"] if hp["unbias_data"] != AUTO else hp["use_bias"]
    shift = X.mean(axis=0) if normalize and unbias else np.zeros(X.shape[1])
    scale = X.std(axis=0) if normalize else np.ones(X.shape[1])
    return shift, np.where(scale > 0, scale, 1.0)  # a constant column is left unscaled


def _estimator(hp):
    from estlab.linear_model import LinearRegression, LogisticRegression, SoftmaxRegression

    kind, optimizer = hp["predictor_type"], hp["optimizer"]
    cls = {"regressor": LinearRegression, "binary_classifier": LogisticRegression,
           "multiclass_classifier": SoftmaxRegression}[kind]
    if optimizer == "sgd" or (optimizer == "adam" and kind != "regressor"):
        return cls(fit_intercept=hp["use_bias"], alpha=hp["wd"], solver=optimizer,
                   batch_size=hp["mini_batch_size"], max_iter=hp["epochs"],
                   learning_rate=None if hp["learning_rate"] == AUTO else hp["learning_rate"],
                   **({"momentum": hp["momentum"]} if optimizer == "sgd" and
                      hp["momentum"] != AUTO else {}), random_state=0)
    return cls(fit_intercept=hp["use_bias"], alpha=hp["wd"])


def fit(data, hp):
    """The fitted :class:`LinearLearnerModel` for ``{channel: (X, y)}`` and hyperparameters."""
    X, y = data["train"]
    kind = hp["predictor_type"]
    x_shift, x_scale = _scaling(X, hp)
    y_shift, y_scale = 0.0, 1.0
    if kind == "regressor" and hp["normalize_label"] in (True, AUTO):
        unbias = hp["unbias_label"] if hp["unbias_label"] != AUTO else hp["use_bias"]
        y_shift = float(y.mean()) if unbias else 0.0
        y_scale = float(y.std()) or 1.0
    estimator = _estimator(hp)
    estimator.fit((X - x_shift) / x_scale, (y - y_shift) / y_scale if kind == "regressor"
                  else y)
    model = LinearLearnerModel(estimator, kind, x_shift, x_scale, y_shift, y_scale,
                               num_classes=hp["num_classes"])
    if kind == "binary_classifier":
        X_cal, y_cal = data.get("validation", data["train"])
        model.threshold = choose_threshold(model.scores(X_cal), y_cal, hp)
    return model


def choose_threshold(p, y, hp):
    """The decision threshold that binary_classifier_model_selection_criteria selects.

    Every cut between distinct scores is tried (predict 1 when ``p >= t``); "accuracy"
    maximises accuracy, "f_beta"/"f1" the F-score, "precision_at_target_recall" precision
    among cuts with recall >= target_recall (and the reverse); the likelihood criteria keep 0.5.
    """
    criterion = hp["binary_classifier_model_selection_criteria"]
    if criterion in ("cross_entropy_loss", "loss_function"):
        return 0.5
    order = np.argsort(-p, kind="stable")
    p_sorted, y_sorted = p[order], y[order]
    last = np.r_[p_sorted[1:] != p_sorted[:-1], True]  # cut after the last of tied scores
    cuts = np.r_[np.inf, p_sorted[last]]  # inf: predict 0 everywhere
    tp = np.r_[0, np.cumsum(y_sorted)[last]]
    fp = np.r_[0, np.cumsum(1 - y_sorted)[last]]
    positives, n = y.sum(), len(y)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 1.0)
        recall = tp / positives if positives else np.ones_like(tp, dtype=float)
        accuracy = (tp + (n - positives - fp)) / n
        beta2 = (1.0 if criterion == "f1" else hp["f_beta"]) ** 2
        f = np.where(precision + recall > 0,
                     (1 + beta2) * precision * recall / (beta2 * precision + recall), 0.0)
    if criterion == "accuracy":
        goal = accuracy
    elif criterion in ("f_beta", "f1"):
        goal = f
    elif criterion == "precision_at_target_recall":
        goal = np.where(recall >= hp["target_recall"], precision, -1.0 + recall)
    else:  # recall_at_target_precision
        goal = np.where(precision >= hp["target_precision"], recall, -1.0 + precision)
    return float(cuts[int(np.argmax(goal))])


# ---------------------------------------------------------------------------- the metrics --
def metrics(model, X, y, hp):
    """``[(name, kind, value)]`` of one data set, in the algorithm's log order."""
    kind = model.predictor_type
    _, objective = OBJECTIVES[kind]
    scores = model.scores(X)
    if kind == "regressor":
        residual = y - scores
        mse = float(np.mean(residual ** 2))
        return [(objective, "loss", mse), ("mse", "loss", mse), ("rmse", "loss", mse ** 0.5),
                ("absolute_loss", "loss", float(np.mean(np.abs(residual))))]
    beta = hp["f_beta"]
    labels = model.predicted_labels(scores)
    eps = 1e-15
    if kind == "binary_classifier":
        p = np.clip(scores, eps, 1 - eps)
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        tp = float(np.sum((labels == 1) & (y == 1)))
        precision = tp / max(np.sum(labels == 1), 1)
        recall = tp / max(np.sum(y == 1), 1)
        f = (1 + beta ** 2) * precision * recall / (beta ** 2 * precision + recall) \
            if precision + recall else 0.0
        return [(objective, "loss", loss),
                ("binary_classification_accuracy", "score", float(np.mean(labels == y))),
                (f"binary_f_{beta:.3f}", "score", f), ("precision", "score", precision),
                ("recall", "score", recall)]
    codes = y.astype(int)
    loss = float(-np.mean(np.log(np.clip(scores[np.arange(len(y)), codes], eps, 1))))
    k = min(hp["accuracy_top_k"], model.num_classes)
    top_k = np.argsort(-scores, axis=1)[:, :k]
    per_class = []
    for c in range(model.num_classes):
        tp = np.sum((labels == c) & (codes == c))
        prec = tp / np.sum(labels == c) if np.any(labels == c) else 0.0
        rec = tp / np.sum(codes == c) if np.any(codes == c) else 0.0
        per_class.append((prec, rec))
    precision = float(np.mean([p for p, _ in per_class]))
    recall = float(np.mean([r for _, r in per_class]))
    f = [(1 + beta ** 2) * p * r / (beta ** 2 * p + r) if p + r else 0.0 for p, r in per_class]
    return [(objective, "loss", loss),
            ("multiclass_accuracy", "score", float(np.mean(labels == codes))),
            (f"multiclass_top_k_accuracy_{k}", "score",
             float(np.mean(np.any(top_k == codes[:, None], axis=1)))),
            ("macro_recall", "score", recall), ("macro_precision", "score", precision),
            (f"macro_f_{beta:.3f}", "score", float(np.mean(f)))]


# ---------------------------------------------------------------------------- training --
def _setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(thread)d] %(message)s",
                                           datefmt="%m/%d/%Y %H:%M:%S"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


def _read_json(path, what):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as err:
        raise AlgorithmError(f"ClientError: cannot read {what} ({path}): {err}") from None


def _decode(text):
    """A hyperparameters.json value: raw (as SageMaker writes it) or JSON-quoted (script mode)."""
    if isinstance(text, str) and len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text if isinstance(text, str) else json.dumps(text)


def train(root=None):
    """Run one training job under ``root`` (``SAGEMAKER_BASE_DIR``, else ``/opt/ml``).

    Returns the exit code: 0, or 1 after writing the FailureReason to ``output/failure``.
    """
    root = Path(root or os.environ.get("SAGEMAKER_BASE_DIR") or "/opt/ml")
    _setup_logging()
    started = datetime.datetime.now()
    try:
        config = root / "input" / "config"
        raw = _read_json(config / "hyperparameters.json", "the hyperparameters")
        raw = {k: _decode(v) for k, v in raw.items()}
        log.info("Reading provided configuration: %s", json.dumps(raw, sort_keys=True))
        hp, notes = parse(raw)
        host = _read_json(config / "resourceconfig.json", "the resource configuration")
        if len(host.get("hosts", [])) > 1:
            raise AlgorithmError(
                "ClientError: estlab's local Linear Learner trains on one instance; got "
                f"{len(host['hosts'])} hosts. Set InstanceCount=1 (the exact fit needs no "
                "distributed SGD).")
        name = host.get("current_host", "algo-1")
        channels = _read_json(config / "inputdataconfig.json", "the input data configuration")
        extra = sorted(set(channels) - set(CHANNELS))
        if extra or "train" not in channels:
            reason = (f"Additional properties are not allowed ({', '.join(map(repr, extra))} "
                      f"{'was' if len(extra) == 1 else 'were'} unexpected)" if extra else
                      "'train' is a required property")
            raise AlgorithmError(
                "ClientError: Unable to initialize the algorithm. Failed to validate input "
                f"data configuration. (caused by ValidationError)\n\nCaused by: {reason}. "
                f"Linear Learner reads the channels {', '.join(CHANNELS)} (train required).")
        for note in notes:
            log.info("Note: %s", note)
        data = {}
        for channel in (c for c in CHANNELS if c in channels):
            kind = _check_content_type(channel, channels[channel].get("ContentType"))
            data[channel] = read_channel(root / "input" / "data" / channel, channel, kind)
            log.info("Channel %s: %d records, %d features (%s)", channel, len(data[channel][1]),
                     data[channel][0].shape[1], kind)
        dims = {c: X.shape[1] for c, (X, _) in data.items()}
        wanted = dims["train"] if hp["feature_dim"] == AUTO else hp["feature_dim"]
        for channel, dim in dims.items():
            if dim != wanted:
                raise AlgorithmError(
                    f"ClientError: The feature dimension of channel '{channel}' ({dim}) does "
                    f"not match feature_dim={wanted}"
                    + ("" if hp["feature_dim"] == AUTO else " (the hyperparameter)")
                    + ". Set feature_dim to the number of feature columns (the label not "
                    "counted), or to 'auto'.")
        for channel, (_, y) in data.items():
            _check_labels(y, hp, channel)
        model = _fit_logged(data, hp)
        _report(model, data, hp, name)
        model.save(root / "model")
        log.info("Saved the model (estlab JSON + npz) to %s", root / "model")
    except (AlgorithmError, HyperparameterError) as err:
        return _failed(root, str(err))
    except Exception as err:  # estlab's own refusals (DataError...) are the data's fault
        from estlab._errors import EstlabError

        if isinstance(err, EstlabError):
            return _failed(root, f"ClientError: {type(err).__name__}: {err}")
        raise
    log.info("Training took %.2f s", (datetime.datetime.now() - started).total_seconds())
    return 0


def _fit_logged(data, hp):
    model = fit(data, hp)
    est = model.estimator
    solver = getattr(est, "solver_used_", est.solver)
    log.info("Fitted %s (solver=%s, alpha=wd=%g, fit_intercept=use_bias=%s) in %d "
             "iteration(s), converged=%s", type(est).__name__, solver, hp["wd"], hp["use_bias"],
             est.n_iter_, est.converged_)
    if model.predictor_type == "binary_classifier":
        log.info("Decision threshold %.6g (binary_classifier_model_selection_criteria=%s)",
                 model.threshold, hp["binary_classifier_model_selection_criteria"])
    return model


def _report(model, data, hp, host):
    _, objective = OBJECTIVES[model.predictor_type]
    results = {channel: metrics(model, X, y, hp) for channel, (X, y) in data.items()}
    for channel in ("train", "validation"):
        if channel in results:
            log.info("#quality_metric: host=%s, epoch=0, %s %s <loss>=%r", host, channel,
                     objective, float(results[channel][0][2]))
    for channel, rows in results.items():
        for metric, kind, value in rows:
            value = float(value)  # repr of a NumPy scalar is "np.float64(...)"
            if channel == "test":
                log.info("#test_score (%s) : (%r, %r)", host, metric, value)
            log.info("#quality_metric: host=%s, %s %s <%s>=%r", host, channel, metric, kind,
                     value)
    if "test" not in data:
        log.info("Test data is not provided.")


def _failed(root, reason):
    log.error("Customer Error: %s", reason)
    failure = root / "output" / "failure"
    failure.parent.mkdir(parents=True, exist_ok=True)
    failure.write_text(reason[:1024])
    return 1


# ---------------------------------------------------------------------------- inference --
def model_fn(model_dir):
    """The endpoint's model: :meth:`LinearLearnerModel.load` of the extracted model.tar.gz."""
    return LinearLearnerModel.load(model_dir)


def _features(body, content_type):
    from estlab.workflow.local.handlers import BadRequest, UnsupportedContentType

    kind = _base(content_type)
    try:
        if kind == CSV:
            if not body.strip():
                raise BadRequest("The text/csv payload holds no records.")
            return np.loadtxt(io.StringIO(body), delimiter=",", dtype=float, ndmin=2)
        if kind == JSON:
            doc = json.loads(body)
            rows = doc["instances"] if isinstance(doc, dict) and "instances" in doc else [doc]
            return np.asarray([row["features"] for row in rows], dtype=float)
        if kind in (JSONLINES, "application/x-jsonlines"):
            return np.asarray([json.loads(line)["features"] for line in body.splitlines()
                               if line.strip()], dtype=float)
        if kind == RECORDIO:
            return recordio.decode_dense(body)[0]
    except BadRequest:
        raise
    except (ValueError, KeyError, TypeError) as err:
        raise BadRequest(
            f"Customer Error: the {kind} payload could not be read ({type(err).__name__}: "
            f"{err}). Expected " + {
                CSV: "rows of comma-separated features, no label, no header.",
                JSON: '{"instances": [{"features": [1.0, 2.0]}, ...]}.',
                RECORDIO: "RecordIO-framed Record messages with a 'values' feature tensor."
            }.get(kind, 'one {"features": [...]} object per line.')) from err
    raise UnsupportedContentType(
        f"Content-Type {content_type!r} is not supported by Linear Learner; send {CSV}, {JSON}, "
        f"{JSONLINES} or {RECORDIO}.")


def _answers(model, X):
    scores = model.scores(X)
    if model.predictor_type == "regressor":
        return [{"score": float(s)} for s in scores]
    labels = model.predicted_labels(scores)
    if model.predictor_type == "binary_classifier":
        return [{"score": float(s), "predicted_label": int(k)} for s, k in zip(scores, labels)]
    return [{"score": [float(v) for v in row], "predicted_label": int(k)}
            for row, k in zip(scores, labels)]


def transform_fn(model, body, content_type, accept):
    """One ``/invocations`` request: features in, Linear Learner's response format out."""
    from estlab.workflow.local.handlers import BadRequest, UnsupportedAccept

    kinds = [_base(a) for a in (accept or JSON).split(",")]
    kind = next((k for k in kinds if k in (JSON, JSONLINES, RECORDIO)), None)
    if kind is None:
        raise UnsupportedAccept(f"Accept {accept!r} is not supported by Linear Learner; ask for "
                                f"{JSON}, {JSONLINES} or {RECORDIO}.")
    X = _features(body, content_type)
    if X.ndim != 2 or X.shape[0] == 0:
        raise BadRequest("Customer Error: the payload holds no records.")
    if X.shape[1] != model.feature_dim:
        raise BadRequest(f"Customer Error: The feature dimension of the input: {X.shape[1]} "
                         f"does not match the feature dimension of the model: "
                         f"{model.feature_dim}. Please fix the input and try again.")
    answers = _answers(model, X)
    if kind == JSON:
        return json.dumps({"predictions": answers}).encode(), JSON
    if kind == JSONLINES:
        return "".join(json.dumps(a) + "\n" for a in answers).encode(), JSONLINES
    tensors = [{"score": np.atleast_1d(a["score"]).tolist(),
                **({"predicted_label": [float(a["predicted_label"])]}
                   if "predicted_label" in a else {})} for a in answers]
    return recordio.encode_outputs(tensors), RECORDIO


if __name__ == "__main__":
    sys.exit(train())
