"""SageMaker's built-in XGBoost algorithm (the ``sagemaker-xgboost`` image, algorithm mode), here.

A built-in algorithm is a container with no user script: the job sends hyperparameters and
data, the container trains and saves, and an endpoint with the same image serves the model.
This module is that container's algorithm mode, transcribed from the open-source
aws/sagemaker-xgboost-container (``algorithm_mode/train.py``, ``data_utils.py``, ``serve.py``,
``serve_utils.py``) and run with the real ``xgboost`` package (``pip install 'estlab[xgboost]'``).

**Training** (``python -m estlab.workflow.local.algorithms.sagemaker_xgboost train``, run by the
local runtime as the container's ``train``):

1. ``hyperparameters.json`` is validated (:mod:`.xgboost_hyperparameters`: ``num_round``
   required, names and ranges checked, the container's messages);
2. channels: ``train`` (required) and ``validation`` (optional). A channel's ``ContentType``
   picks the parser; **without one the data are LIBSVM**, the container's default, so a CSV
   channel sent without ``ContentType="text/csv"`` fails as on AWS: "First line '1.0,2.0...'
   of file 'train.csv' is not 'LIBSVM' format". CSV: label in the first column, no header
   (``csv_weights=1``: instance weights in the second), delimiter sniffed from the first line;
   LIBSVM: ``label[:weight] index:value ...``, indices taken as column numbers (as XGBoost's
   own parser does); ``application/x-parquet``: label in the first column (needs pyarrow);
3. ``xgb.train(params, dtrain, num_round, evals=[(dtrain, "train"), (dval, "validation")])``
   with the container's callbacks: a log line per round and early stopping on the last
   ``eval_metric``. The container's own metrics (``rmse``, ``mae``, ``mse``, ``r2``,
   ``accuracy``, ``f1``, ``precision``, ``recall`` ...) are computed by it (here with NumPy),
   the others by XGBoost. XGBoost hands such a ``custom_metric`` the *transformed* prediction
   (probabilities, Poisson means), while the container thresholds class metrics at 0 as if it
   were a margin: with ``binary:logistic`` its ``accuracy`` counts every row as class 1. That
   is what the container reports, so it is what this reports;
4. the booster is saved as ``<model_dir>/xgboost-model`` with ``Booster.save_model`` (XGBoost's
   own format, never pickle), which the runtime packs into ``model.tar.gz``.

The round lines read ``[3]#011train-rmse:0.41200#011validation-rmse:0.52210``: XGBoost prints a
tab between the entries and CloudWatch Logs shows it as ``#011``, the form SageMaker's metric
regexes for the algorithm match (:data:`METRIC_DEFINITIONS`, the container's
``.*\\[[0-9]+\\].*#011validation-rmse:(\\S+)``); the local log is that stream. A failure writes
``/opt/ml/output/failure`` as the container's toolkit does: ``framework error:``, the last
frames of the traceback, then the message.

**Serving** (this file is the model server's script for the image): ``model_fn`` loads every
model file in the model folder with ``Booster.load_model`` (several files: an ensemble, averaged
or voted as the container does), ``transform_fn`` answers ``/invocations`` as ``serve.py`` does:

* ``text/csv`` (no header, no label; delimiter sniffed) or ``text/libsvm``; any other type is
  ``415`` with the container's text ("application/json is not an accepted ContentType: ...");
  with no Content-Type the body is LIBSVM;
* Accept ``text/csv`` (also when Accept is missing or ``*/*``, unless
  ``SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT`` says otherwise) answers one prediction per line,
  a ``multi:softprob`` row holding every class probability (``0.1,0.7,0.2``); Accept
  ``application/json`` answers ``{"predictions": [{"score": 0.43}, ...]}``; an Accept outside
  the container's list is ``406``; a payload the booster cannot score is ``400``;
* in a batch transform (``SAGEMAKER_BATCH``) each prediction is ``str(value)`` on its own line,
  whatever the Accept (``[0.1, 0.7, 0.2]`` for a probability row), and
  ``GET /execution-parameters`` offers ``MULTI_RECORD`` batches of 6 MB.

Not run locally (the job fails saying so): several instances (Rabit), ``_kfold`` cross
validation, Dask GPU training, Pipe mode, RecordIO-protobuf, checkpoints and selectable
inference output (``SAGEMAKER_INFERENCE_OUTPUT``). The image's tag names an XGBoost version
(``1.7-1`` is XGBoost 1.7.6); here the installed ``xgboost`` runs, and the log says which.
An empty request body answers 200 with an empty body (the container answers 204).

Examples
--------
>>> content_type_of(None), content_type_of("text/csv"), content_type_of("text/x-libsvm")
('libsvm', 'csv', 'libsvm')
>>> [d["Name"] for d in METRIC_DEFINITIONS][:2]
['train:accuracy', 'validation:accuracy']
"""

import csv
import json
import logging
import os
import sys
import traceback
from pathlib import Path

import numpy as np

from estlab.workflow.local.algorithms.xgboost_hyperparameters import (
    XGB_MAXIMIZE_METRICS, XGB_MINIMIZE_METRICS, UserError, validate)

__all__ = ["main", "train", "model_fn", "transform_fn", "execution_parameters_fn",
           "METRIC_DEFINITIONS", "MODEL_NAME", "content_type_of", "AlgorithmError"]

MODEL_NAME = "xgboost-model"
INSTALL = "pip install 'estlab[xgboost]'"
METRIC_DEFINITIONS = tuple(
    {"Name": f"{data}:{metric}", "Regex": rf".*\[[0-9]+\].*#011{data}-{metric}:(\S+)"}
    for metric in XGB_MAXIMIZE_METRICS + XGB_MINIMIZE_METRICS for data in ("train", "validation"))
# data_utils.py: the channel content types the container accepts
VALID_CONTENT_TYPES = ["csv", "libsvm", "parquet", "recordio-protobuf", "text/csv",
                       "text/libsvm", "text/x-libsvm", "application/x-parquet",
                       "application/x-recordio-protobuf"]
SUPPORTED_ACCEPTS = ["application/json", "application/jsonlines",
                     "application/x-recordio-protobuf", "text/csv"]
# xgb_constants.CUSTOMER_ERRORS: XGBoost errors the container reports as the user's
CUSTOMER_ERRORS = ["label must be in [0,1] for logistic regression",
                   "label must be in [0, num_class)", "Target is multiclass but average='binary'",
                   "feature_names mismatch", "Check failed: preds.size() == info.labels_.size()",
                   "Check failed: !auc_error AUC: the dataset only contains pos or neg samples",
                   "base_score must be in (0,1) for logistic loss",
                   "label must be nonnegative", "Parameter reg_lambda should be greater equal to 0"]
MAXIMIZE = set(XGB_MAXIMIZE_METRICS)
log = logging.getLogger("sagemaker_xgboost")


class AlgorithmError(Exception):
    """A failure of the algorithm itself, or of what this machine cannot run."""


# ------------------------------------------------------------------------------ the data --
def _parse_header(value):
    """``"text/csv; label_size=1"`` -> ``("text/csv", {"label_size": "1"})`` (cgi.parse_header)."""
    parts = [p.strip() for p in (value or "").split(";")]
    params = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    return parts[0].lower(), {k.strip().lower(): v.strip().strip('"') for k, v in params.items()}


def content_type_of(value):
    """The data format a ContentType names: ``csv``, ``libsvm`` (also for None), ``parquet``..."""
    if value is None:
        return "libsvm"
    kind, params = _parse_header(value)
    if kind in ("csv", "text/csv"):
        if params.get("label_size", "1") != "1":
            raise UserError(f"{value} is not an accepted csv ContentType. Optional parameter "
                            "label_size must be equal to 1")
        return "csv"
    if kind in ("libsvm", "text/libsvm", "text/x-libsvm"):
        return "libsvm"
    if kind in ("parquet", "application/x-parquet"):
        return "parquet"
    if kind in ("recordio-protobuf", "application/x-recordio-protobuf"):
        return "recordio-protobuf"
    raise UserError(f"{value} is not an accepted ContentType: "
                    f"{', '.join(VALID_CONTENT_TYPES)}.")


def validate_channels(data_config):
    """The channel check of the algorithm toolkit: ``train`` required, types and modes listed."""
    if "train" not in data_config:
        raise UserError("Missing required channel: train")
    checked = {}
    for name, value in data_config.items():
        if name not in ("train", "validation", "code"):
            raise UserError(f"Extraneous channel found: {name}")
        value = {**value, "ContentType": value.get("ContentType", "text/libsvm")}
        allowed = ["text/python"] if name == "code" else VALID_CONTENT_TYPES
        if value["ContentType"] not in allowed or \
                value.get("TrainingInputMode", "File") not in ("File", "Pipe") or \
                value.get("S3DistributionType", "FullyReplicated") not in (
                    "FullyReplicated", "ShardedByS3Key"):
            raise UserError(f"Channel configuration for '{name}' channel is not supported: "
                            f"{value}")
        checked[name] = value
    return checked


def data_files(path):
    """The channel's files, sorted (sub-folders down to depth 3, as the container links them)."""
    root = Path(path)
    files = []
    for file in sorted(root.rglob("*")):
        if file.is_file():
            if file.name.startswith("."):
                raise UserError("Hidden file found in the data path! Remove that before "
                                "training.")
            if len(file.relative_to(root).parts) <= 3:
                files.append(file)
    return files


def _first_line(file):
    with open(file, errors="ignore") as f:
        return f.readline()


def _csv_delimiter(line):
    try:
        delimiter = csv.Sniffer().sniff(line).delimiter
    except csv.Error as err:
        raise UserError(f"Could not determine delimiter on line {line[:50]}:\n{err}") from None
    log.info("Determined delimiter of CSV input is '%s'", delimiter)
    return delimiter


def _libsvm_features(line):
    """Features on a LIBSVM line, or -1 when it is not LIBSVM (data_utils' first-line check)."""
    parts = line.split(" ")
    label = parts[0].split(":")
    try:
        if len(label) > 2:
            return -1
        [float(x) for x in label]
    except ValueError:
        return -1
    if any(":" not in item for item in parts[1:]):
        return -1
    return len(parts) - 1


def check_format(files, fmt):
    """The container's first-line check: CSV has a delimiter, LIBSVM looks like LIBSVM."""
    for file in files:
        if fmt == "csv":
            _csv_delimiter(_first_line(file))
        elif fmt == "libsvm":
            with open(file, errors="ignore") as f:
                for line in f:
                    n = _libsvm_features(line)
                    if n > 1:
                        break
                    if n < 0:
                        raise UserError(
                            f"First line '{line[:50]}...' of file '{file.name}' is not 'LIBSVM' "
                            "format. Please ensure the file is in 'LIBSVM' format.")


def _read_csv(files, csv_weights):
    delimiter = _csv_delimiter(_first_line(files[0]))
    rows = []
    for file in files:
        for line in Path(file).read_text().splitlines():
            if line.strip():
                rows.append(["nan" if v.strip() == "" else v for v in line.split(delimiter)])
    try:
        data = np.array(rows, dtype=float)
        if data.ndim != 2:
            raise ValueError("the rows have different numbers of columns")
    except ValueError as err:
        raise UserError(f"Failed to load csv data with exception:\n{err}") from None
    first = 2 if csv_weights == 1 else 1
    weights = data[:, 1] if csv_weights == 1 else None
    return data[:, first:], data[:, 0], weights


def _read_libsvm(files):
    labels, weights, cells = [], [], []
    try:
        for file in files:
            for line in Path(file).read_text().splitlines():
                if not line.strip():
                    continue
                label, *features = line.split()
                label, _, weight = label.partition(":")
                labels.append(float(label))
                weights.append(float(weight) if weight else 1.0)
                cells.append([(int(i), float(v)) for i, v in (f.split(":", 1)
                                                              for f in features)])
    except ValueError as err:
        raise UserError(f"Failed to load libsvm data with exception:\n{err}") from None
    width = 1 + max((i for row in cells for i, _ in row), default=-1)
    X = np.full((len(cells), width), np.nan)  # absent entries are missing values in XGBoost
    for r, row in enumerate(cells):
        for i, v in row:
            X[r, i] = v
    return X, np.array(labels), np.array(weights) if any(w != 1.0 for w in weights) else None


def _read_parquet(files):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise AlgorithmError("application/x-parquet data need pyarrow on this machine: "
                             "pip install pyarrow") from None
    try:
        tables = [pq.read_table(f) for f in files]
        data = np.vstack([np.column_stack([c.to_numpy(zero_copy_only=False)
                                           for c in t.columns]) for t in tables]).astype(float)
    except Exception as err:
        raise UserError(f"Failed to load parquet data with exception:\n{err}") from None
    return data[:, 1:], data[:, 0], None


def load_dmatrix(path, fmt, csv_weights=0):
    """The channel at ``path`` as an ``xgboost.DMatrix``, or None when it holds no data."""
    import xgboost as xgb

    files = data_files(path)
    if not files or sum(f.stat().st_size for f in files) == 0:
        return None
    check_format(files, fmt)
    if fmt == "csv":
        X, y, w = _read_csv(files, csv_weights)
    elif fmt == "libsvm":
        X, y, w = _read_libsvm(files)
    elif fmt == "parquet":
        X, y, w = _read_parquet(files)
    else:
        raise AlgorithmError(f"{fmt} training data do not run locally yet; send text/csv, "
                             "text/libsvm or application/x-parquet.")
    if y.size == 0:
        raise UserError("Got input data without labels. Please check the input data set.")
    return xgb.DMatrix(X, label=y, weight=w)


# ---------------------------------------------------------------- the container's metrics --
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


# ------------------------------------------------------------------------------ training --
def _round_line(epoch, evals_log):
    """``[3]#011train-rmse:0.41200#011validation-rmse:0.52210`` (XGBoost's, as CloudWatch shows)."""
    items = "".join(f"#011{data}-{metric}:{values[-1]:.5f}"
                    for data, metrics in evals_log.items() for metric, values in metrics.items())
    return f"[{epoch}]{items}"


def train(config_dir, channel_dirs, model_dir, hosts):
    """Validate, load the channels, run ``xgb.train`` and save ``xgboost-model``.

    Parameters
    ----------
    config_dir : path
        Holds ``hyperparameters.json`` and ``inputdataconfig.json``.
    channel_dirs : dict of str to path
        ``{"train": ..., "validation": ...}``.
    model_dir : path
        Where ``xgboost-model`` is saved.
    hosts : list of str
    """
    config_dir = Path(config_dir)
    hps = validate(json.loads((config_dir / "hyperparameters.json").read_text()))
    channels = validate_channels(json.loads((config_dir / "inputdataconfig.json").read_text()))
    if hps.get("updater"):
        hps["updater"] = ",".join(hps["updater"])
    fmt = content_type_of(channels["train"].get("ContentType"))
    for name, what in (("_kfold", "cross validation (_kfold)"),
                       ("_num_cv_round", "cross validation (_num_cv_round)")):
        if name in hps:
            raise AlgorithmError(f"{what} does not run locally yet; train without it.")
    if hps.pop("use_dask_gpu_training", "false") == "true":
        raise AlgorithmError("use_dask_gpu_training=true (Dask on GPUs) does not run locally.")
    if len(hosts) > 1:
        raise AlgorithmError(f"Distributed XGBoost over {len(hosts)} hosts (Rabit) does not run "
                             "locally; use InstanceCount=1.")
    if any(c.get("TrainingInputMode") == "Pipe" for c in channels.values()):
        raise AlgorithmError("Pipe mode does not run locally; use TrainingInputMode File.")
    xgb = _import_xgboost()
    log.info("XGBoost %s stands in for the image's XGBoost", xgb.__version__)
    csv_weights = hps.get("csv_weights", 0)
    dtrain = load_dmatrix(channel_dirs["train"], fmt, csv_weights)
    if dtrain is None:
        raise UserError(f"No data in training channel path {channel_dirs['train']}")
    dval = None
    if "validation" in channels:
        dval = load_dmatrix(channel_dirs["validation"], fmt, csv_weights)
        if dval is None:
            raise UserError(f"No data in validation channel path {channel_dirs['validation']}")
    log.info("Single node training.")
    log.info("Train matrix has %d rows and %d columns", dtrain.num_row(), dtrain.num_col())
    if dval is not None:
        log.info("Validation matrix has %d rows", dval.num_row())
    booster = fit(xgb, hps, dtrain, dval)
    Path(model_dir).mkdir(parents=True, exist_ok=True)
    booster.save_model(str(Path(model_dir) / MODEL_NAME))
    return booster


def fit(xgb, hps, dtrain, dval=None):
    """``xgb.train`` with the container's parameters, metrics and callbacks (train_job)."""
    params = dict(hps)
    num_round = params.pop("num_round")
    params.pop("save_model_on_termination", None)
    eval_metric = params.get("eval_metric")
    builtin, custom_metric, tuning = eval_metrics(params.pop("_tuning_objective_metric", None),
                                                  eval_metric)
    if builtin:
        params["eval_metric"] = builtin
    else:
        params.pop("eval_metric", None)
    early_stopping_rounds = params.pop("early_stopping_rounds", None)
    metric = (tuning or eval_metric or [None])[-1]

    class RoundLog(xgb.callback.TrainingCallback):
        def after_iteration(self, model, epoch, evals_log):
            print(_round_line(epoch, evals_log), flush=True)
            return False

    callbacks = [RoundLog()]
    if dval is not None and metric and early_stopping_rounds:
        callbacks.append(xgb.callback.EarlyStopping(
            rounds=early_stopping_rounds, data_name="validation", metric_name=metric,
            maximize=metric in MAXIMIZE, save_best=True))
    evals = [(dtrain, "train")] + ([(dval, "validation")] if dval is not None else [])
    try:
        return xgb.train(params, dtrain, num_boost_round=num_round, evals=evals,
                         custom_metric=custom_metric, callbacks=callbacks, verbose_eval=False)
    except UserError:
        raise
    except Exception as err:
        if any(message in str(err) for message in CUSTOMER_ERRORS):
            raise UserError(str(err)) from err
        raise AlgorithmError(f"XGB train call failed with exception:\n {err}") from err


def _import_xgboost():
    try:
        import xgboost
    except ImportError as err:
        raise AlgorithmError(
            f"The sagemaker-xgboost image runs locally with the xgboost package, which is not "
            f"installed here ({err}). Install it: {INSTALL}") from None
    return xgboost


def _failure_text(err):
    """The training toolkit's failure file: ``framework error:``, traceback tail, message."""
    stack = "".join(traceback.format_exception(type(err), err, err.__traceback__, limit=-2))
    return f"framework error: \n{stack}\n{err}"


def main(argv=None):
    """The image's ``train`` command: run the job from the ``SM_*`` environment; exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv != ["train"]:
        print("usage: python -m estlab.workflow.local.algorithms.sagemaker_xgboost train",
              file=sys.stderr)
        return 2
    logging.basicConfig(format="[%(asctime)s:%(levelname)s] %(message)s",
                        datefmt="%Y-%m-%d:%H:%M:%S", level=logging.INFO, stream=sys.stdout)
    env = os.environ
    try:
        channel_dirs = {name: env.get(f"SM_CHANNEL_{name.upper()}")
                        for name in ("train", "validation")}
        train(env.get("SM_INPUT_CONFIG_DIR", "/opt/ml/input/config"), channel_dirs,
              env.get("SM_MODEL_DIR", "/opt/ml/model"), json.loads(env.get("SM_HOSTS", "[]"))
              or ["algo-1"])
    except Exception as err:
        text = _failure_text(err)
        failure = Path(env.get("SM_OUTPUT_DIR", "/opt/ml/output")) / "failure"
        failure.parent.mkdir(parents=True, exist_ok=True)
        if not failure.exists():  # first writer wins, as in the toolkit
            failure.write_text(text)
        log.error("Reporting training FAILURE")
        log.error(text)
        return 1
    log.info("Reporting training SUCCESS")
    return 0


# ------------------------------------------------------------------------------- serving --
class _Model:
    """The loaded booster(s) and the objective they were trained for."""

    def __init__(self, boosters):
        self.boosters = boosters
        config = json.loads(boosters[0].save_config())
        self.objective = config["learner"]["objective"]["name"]


def model_fn(model_dir):
    """Load the model folder's booster(s) with ``Booster.load_model`` (never unpickled)."""
    xgb = _import_xgboost()
    if "SAGEMAKER_INFERENCE_OUTPUT" in os.environ:
        raise AlgorithmError("Selectable inference output (SAGEMAKER_INFERENCE_OUTPUT) is not "
                             "served locally yet; remove the variable from the model.")
    files = sorted(p for p in Path(model_dir).iterdir() if p.is_file()
                   and not p.name.startswith("."))
    if not files:
        raise AlgorithmError(f"No model file in {model_dir}; expected {MODEL_NAME}.")
    if os.environ.get("SAGEMAKER_INFERENCE_ENSEMBLE", "true") != "true":
        files = files[:1]
    boosters = []
    for path in files:
        log.info("Loading the model from %s", path)
        booster = xgb.Booster()
        try:
            booster.load_model(bytearray(path.read_bytes()))
        except Exception as err:
            raise AlgorithmError(
                f"Model {path} cannot be loaded: {err}. estlab never unpickles a model (the "
                "container would try pickle.load first, which runs code from the file): save "
                "the booster with Booster.save_model.") from err
        booster.set_param("nthread", 1)
        boosters.append(booster)
    return _Model(boosters)


def _status(message, status):
    """The error the model server answers with ``status`` (named as the server reports it)."""
    from estlab.workflow.local import handlers

    kind = {400: handlers.BadRequest, 406: handlers.UnsupportedAccept,
            415: handlers.UnsupportedContentType}.get(status, handlers.InferenceError)
    return kind(message, status)


def _libsvm_matrix(text):
    """serve_utils' LIBSVM payload reader: 1-based indices are shifted to 0-based."""
    rows, cols, values = [], [], []
    for r, line in enumerate(text.split("\n")):
        for item in line.split(" "):
            if ":" in item:
                index, value = item.split(":")[:2]
                rows.append(r)
                cols.append(int(index))
                values.append(float(value))
    cols = np.array(cols, dtype=int)
    if len(cols) and cols.min() >= 1:
        cols = cols - 1
    X = np.full((max(rows, default=-1) + 1, (cols.max() + 1) if len(cols) else 0), np.nan)
    X[rows, cols] = values
    return X


def parse_payload(body, content_type):
    """The request body as a matrix (serve_utils.parse_content_data); errors are 415."""
    xgb = _import_xgboost()
    try:
        fmt = content_type_of(content_type)
    except UserError as err:
        raise _status(str(err), 415) from None
    text = body if isinstance(body, str) else bytes(body).decode("utf-8", errors="replace")
    text = text.strip()
    if fmt == "csv":
        try:
            sniffed = csv.Sniffer().sniff(text.split("\n")[0][:512]).delimiter
            delimiter = "," if sniffed.isalnum() else sniffed
            rows = [["nan" if v == "" else v for v in line.split(delimiter)]
                    for line in text.split("\n")]
            return xgb.DMatrix(np.array(rows).astype(float))
        except Exception as err:
            raise _status("Loading csv data failed with Exception, please ensure data is in "
                          f"csv format:\n {type(err)}\n {err}", 415) from None
    if fmt == "libsvm":
        try:
            return xgb.DMatrix(_libsvm_matrix(text))
        except Exception as err:
            raise _status("Loading libsvm data failed with Exception, please ensure data is in "
                          f"libsvm format:\n {type(err)}\n {err}", 415) from None
    if fmt == "recordio-protobuf":  # the container reads it; this machine does not yet
        raise _status(f"{content_type} requests are not served locally yet; send text/csv or "
                      "text/libsvm.", 415)
    raise _status(f"Content-type {content_type} is not supported.", 415)  # parquet, as there


def predict(model, dmatrix):
    """One booster's predictions, or the ensemble's mean (vote for class outputs)."""
    outputs = [b.predict(dmatrix, validate_features=False) for b in model.boosters]
    if len(outputs) == 1:
        return outputs[0]
    if model.objective in ("multi:softmax", "binary:hinge"):
        stacked = np.stack(outputs)
        values = np.unique(stacked)
        counts = np.stack([(stacked == v).sum(axis=0) for v in values])
        return values[counts.argmax(axis=0)]  # the most frequent; ties to the smallest
    return np.mean(outputs, axis=0)


def _accept(raw):
    accept = _parse_header(raw)[0]
    if not accept or accept == "*/*":
        return os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "text/csv")
    if accept not in SUPPORTED_ACCEPTS:
        raise _status(f"Accept type {accept} is not supported. Please use supported accept "
                      f"types: {SUPPORTED_ACCEPTS}.", 406)
    return accept


def _mimetype(accept):
    """Flask's Content-Type for ``mimetype=accept``: text types get ``; charset=utf-8``."""
    return f"{accept}; charset=utf-8" if accept.startswith("text/") else accept


def encode(predictions, accept, batch=False):
    """The response body for ``predictions`` (serve.py's invocations)."""
    values = np.asarray(predictions).tolist()
    if batch:
        return "\n".join(map(str, values)) + "\n"
    if accept == "application/json":
        return json.dumps({"predictions": [{"score": v} for v in values]})
    if accept == "text/csv":
        rows = values if isinstance(values, list) else [values]
        return "".join((",".join(map(str, r)) if isinstance(r, list) else str(r)) + "\n"
                       for r in rows)
    raise _status(f"UnsupportedFormatError: Content type {accept} is not supported by this "
                  "framework (the container answers 500 for it without "
                  "SAGEMAKER_INFERENCE_OUTPUT).", 500)


def transform_fn(model, body, content_type, accept, context):
    """Answer one ``/invocations`` as the container does (the raw headers come from context)."""
    headers = context.request_headers
    if len(body) == 0:
        return b"", headers.get("content-type") or "text/csv"
    dmatrix = parse_payload(body, headers.get("content-type"))
    try:
        predictions = predict(model, dmatrix)
    except Exception as err:
        raise _status(f"Unable to evaluate payload provided: {err}", 400) from None
    accept = _accept(headers.get("accept"))
    batch = bool(os.environ.get("SAGEMAKER_BATCH"))
    return encode(predictions, accept, batch), _mimetype(accept)


def execution_parameters_fn():
    """``GET /execution-parameters`` of the container."""
    return {"MaxConcurrentTransforms": os.cpu_count() or 1, "BatchStrategy": "MULTI_RECORD",
            "MaxPayloadInMB": 6}


if __name__ == "__main__":
    sys.exit(main())
