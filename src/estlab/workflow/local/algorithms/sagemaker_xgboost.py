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
2. channels: ``train`` (required) and ``validation`` (optional), read as
   :mod:`.xgboost_data` describes: **without a ContentType the data are LIBSVM**, the
   container's default, so a CSV channel sent without ``ContentType="text/csv"`` fails as on
   AWS ("First line '1.0,2.0...' of file 'train.csv' is not 'LIBSVM' format");
3. ``xgb.train(params, dtrain, num_round, evals=[(dtrain, "train"), (dval, "validation")])``
   with the container's callbacks: one log line per round (:mod:`.xgboost_metrics`:
   ``[3]#011train-rmse:0.41200#011validation-rmse:0.52210``, which SageMaker's metric regexes
   for the algorithm turn into ``FinalMetricDataList``) and early stopping on the last
   ``eval_metric``; the container's own metrics (``rmse``, ``accuracy``, ``f1`` ...) are
   computed as it computes them;
4. the booster is saved as ``<model_dir>/xgboost-model`` with ``Booster.save_model`` (XGBoost's
   own format, never pickle), which the runtime packs into ``model.tar.gz``.

A failure writes ``/opt/ml/output/failure`` as the container's toolkit does: ``framework
error:``, the last frames of the traceback, then the message (the job's ``FailureReason``).

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
>>> encode(np.array([0.25, 1.5]), "text/csv"), _mimetype("text/csv")
('0.25\\n1.5\\n', 'text/csv; charset=utf-8')
>>> encode(np.array([0.25]), "application/json")
'{"predictions": [{"score": 0.25}]}'
"""

import json
import logging
import os
import sys
import traceback
from pathlib import Path

import numpy as np

from estlab.workflow.local.algorithms.xgboost_data import (
    content_type_of, csv_matrix, libsvm_matrix, load_dmatrix, parse_header, validate_channels)
from estlab.workflow.local.algorithms.xgboost_hyperparameters import (
    AlgorithmError, UserError, validate)
from estlab.workflow.local.algorithms.xgboost_metrics import (
    MAXIMIZE, METRIC_DEFINITIONS, eval_metrics, round_line)

__all__ = ["main", "train", "fit", "model_fn", "transform_fn", "execution_parameters_fn",
           "METRIC_DEFINITIONS", "MODEL_NAME"]

MODEL_NAME = "xgboost-model"
INSTALL = "pip install 'estlab[xgboost]'"
SUPPORTED_ACCEPTS = ["application/json", "application/jsonlines",
                     "application/x-recordio-protobuf", "text/csv"]
# xgb_constants.CUSTOMER_ERRORS: XGBoost errors the container reports as the user's
CUSTOMER_ERRORS = ["label must be in [0,1] for logistic regression",
                   "label must be in [0, num_class)", "Target is multiclass but average='binary'",
                   "feature_names mismatch", "Check failed: preds.size() == info.labels_.size()",
                   "Check failed: !auc_error AUC: the dataset only contains pos or neg samples",
                   "base_score must be in (0,1) for logistic loss",
                   "label must be nonnegative", "Parameter reg_lambda should be greater equal to 0"]
log = logging.getLogger("sagemaker_xgboost")


# ------------------------------------------------------------------------------ training --
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
            print(round_line(epoch, evals_log), flush=True)
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
            return xgb.DMatrix(csv_matrix(text))
        except Exception as err:
            raise _status("Loading csv data failed with Exception, please ensure data is in "
                          f"csv format:\n {type(err)}\n {err}", 415) from None
    if fmt == "libsvm":
        try:
            return xgb.DMatrix(libsvm_matrix(text))
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
    accept = parse_header(raw)[0]
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
