"""Train an estlab estimator on SageMaker's training contract, and serve it (``model_fn``).

This is the NumPy framework's default script: ``NumPyEstimator`` runs it for training and
``NumPyModel`` imports it for serving, locally or in a SageMaker container (with estlab's
source in the code bundle). It follows the script-mode contract of the SageMaker training
toolkit:

* hyperparameters arrive as command-line arguments, ``--estimator LogisticRegression
  --max_iter 200``: ``--estimator`` names a class of ``estlab.linear_model`` (or a full
  ``estlab.<module>.<Class>`` path) and every other argument becomes a constructor argument;
* the data come from the channel folders ``SM_CHANNEL_TRAIN`` (required) and
  ``SM_CHANNEL_VALIDATION`` (optional): CSV files without a header, target in the first
  column, as SageMaker's built-in algorithms expect;
* metrics are printed as ``train:accuracy=0.93;`` so that a metric definition's regex
  (``train:accuracy=([0-9.]+);``) picks them up;
* the fitted estimator is saved with ``estlab.save`` (JSON + ``.npz``, never pickle) into
  ``SM_MODEL_DIR``, which the platform packs into ``model.tar.gz``.

For serving, ``model_fn(model_dir)`` loads the estimator back and ``predict_fn(data, model)``
calls ``predict``; the serving side supplies ``input_fn``/``output_fn`` for JSON, CSV and NPY.
"""

import argparse
import json
import os
from importlib import import_module
from pathlib import Path

import numpy as np

MODEL_NAME = "model"  # SM_MODEL_DIR/model.json + SM_MODEL_DIR/model.npz


# ------------------------------------------------------------------------------- training --
def parse_args(argv=None):
    """Our own arguments, and the rest as the estimator's hyperparameters."""
    p = argparse.ArgumentParser(description="Train an estlab estimator (SageMaker script mode).")
    p.add_argument("--estimator", default="LinearRegression",
                   help="class in estlab.linear_model, or estlab.<module>.<Class>")
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    p.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN"))
    p.add_argument("--validation", default=os.environ.get("SM_CHANNEL_VALIDATION"))
    args, rest = p.parse_known_args(argv)
    if args.train is None:
        p.error("no training data: pass a 'train' channel to fit(), or --train FOLDER.")
    return args, hyperparameters_from(rest)


def _value(text):
    """A command-line value back as Python: 200 -> int, 0.1 -> float, True -> bool, abc -> str."""
    if text in ("True", "False"):  # the toolkit writes booleans with Python's spelling
        return text == "True"
    if text == "None":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def hyperparameters_from(rest):
    """The estimator's hyperparameters from the remaining ``--name value`` arguments.

    Examples
    --------
    >>> hyperparameters_from(["--max_iter", "200", "--solver", "newton", "--fit-intercept", "True"])
    {'max_iter': 200, 'solver': 'newton', 'fit_intercept': True}
    """
    if len(rest) % 2:
        raise SystemExit(f"Hyperparameters must come as --name value pairs; got {rest}.")
    params = {}
    for flag, text in zip(rest[::2], rest[1::2]):
        if not flag.startswith("-"):
            raise SystemExit(f"Expected a --name before {text!r}; got {flag!r}.")
        params[flag.lstrip("-").replace("-", "_")] = _value(text)
    return params


def make_estimator(name, params):
    """Instantiate an estlab estimator from its name and hyperparameters.

    Examples
    --------
    >>> make_estimator("LogisticRegression", {"max_iter": 50})
    LogisticRegression(max_iter=50)
    """
    module_name, _, class_name = name.rpartition(".")
    module = import_module(module_name or "estlab.linear_model")
    if not module.__name__.startswith("estlab"):
        raise SystemExit(f"--estimator must be an estlab class; got {name!r}.")
    cls = getattr(module, class_name, None)
    if cls is None:
        raise SystemExit(f"No estimator {class_name!r} in {module.__name__}; choose one of "
                         f"{[n for n in getattr(module, '__all__', []) if n[0].isupper()]}.")
    allowed = set(cls._get_param_names())
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise SystemExit(f"{class_name} has no hyperparameter(s) {unknown}; it takes "
                         f"{sorted(allowed)}.")
    return cls(**params)


def read_channel(folder):
    """(X, y) from every CSV in a channel folder: no header, target first."""
    files = sorted(Path(folder).rglob("*.csv"))
    if not files:
        raise SystemExit(f"No .csv file in the channel folder {folder}.")
    data = np.vstack([np.loadtxt(f, delimiter=",", ndmin=2) for f in files])
    return data[:, 1:], data[:, 0]


def report(est, channel, X, y):
    """Print regex-friendly metrics: score, and accuracy or RMSE."""
    from estlab.base import ClassifierMixin

    if hasattr(est, "score"):
        print(f"{channel}:score={est.score(X, y):.6g};")
    pred = est.predict(X)
    if isinstance(est, ClassifierMixin):
        print(f"{channel}:accuracy={np.mean(pred == y):.6g};")
    else:
        print(f"{channel}:rmse={np.sqrt(np.mean((pred - y) ** 2)):.6g};")


def main(argv=None):
    import estlab

    args, params = parse_args(argv)
    est = make_estimator(args.estimator, params)
    X, y = read_channel(args.train)
    print(f"training {est!r} on {X.shape[0]} records with {X.shape[1]} features")
    est.fit(X, y)
    report(est, "train", X, y)
    if args.validation:
        report(est, "validation", *read_channel(args.validation))
    os.makedirs(args.model_dir, exist_ok=True)
    estlab.save(est, os.path.join(args.model_dir, MODEL_NAME))
    print(f"saved the model to {args.model_dir}")


# -------------------------------------------------------------------------------- serving --
def model_fn(model_dir):
    """Load the estimator saved by :func:`main` (inference toolkit handler)."""
    import estlab

    return estlab.load(os.path.join(model_dir, MODEL_NAME))


def predict_fn(data, model):
    """Predict for a 2-D array of records (one record may come as a 1-D array)."""
    X = np.asarray(data, dtype=float)
    if X.ndim == 1:
        X = X.reshape(1, -1)
    return model.predict(X)


if __name__ == "__main__":
    main()
