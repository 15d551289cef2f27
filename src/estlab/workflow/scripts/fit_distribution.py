"""Fit an estlab distribution by maximum likelihood as a SageMaker training job (script mode).

The script-mode counterpart of the twelve distributions (no SageMaker built-in algorithm fits
them): :func:`estlab.workflow.counterpart` points to this file, which runs unchanged here
(``NumPyEstimator(entry_point=FIT_DISTRIBUTION_SCRIPT, ...)`` on a ``LocalSession``) and in the
scikit-learn container (``SageMakerSession`` ships estlab next to it). The contract:

* ``--estimator Gamma`` (or ``estlab.distributions.Gamma``) names the distribution; every other
  ``--name value`` argument is a constructor argument (``--n_trials 10`` for Binomial);
* the sample is the first column of every CSV in the ``train`` channel (no header: a one-column
  file is the plain sample, and a wider file follows the "target first" convention);
* it prints ``train:loglik=<value>;`` and one ``param:<name>=<value>;`` line per parameter, and
  saves the fitted distribution with ``estlab.save`` into ``SM_MODEL_DIR/model``.

Served, ``model_fn`` loads the distribution and ``predict_fn`` returns the log-density (log-mass)
of each value sent.
"""

import argparse
import json
import os
from pathlib import Path

import numpy as np

#: The path of this script, to pass as ``entry_point``.
FIT_DISTRIBUTION_SCRIPT = str(Path(__file__).resolve())
MODEL_NAME = "model"


def _value(text):
    """A command-line value back as Python (the v3 driver and the toolkit spell booleans apart)."""
    if text in ("True", "False"):
        return text == "True"
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_args(argv=None):
    """The distribution's name, the data and model folders, and its constructor arguments.

    Examples
    --------
    >>> args, params = parse_args(["--estimator", "Binomial", "--n_trials", "10", "--train", "d"])
    >>> args.estimator, params
    ('Binomial', {'n_trials': 10})
    """
    p = argparse.ArgumentParser(description="Fit an estlab distribution (SageMaker script mode).")
    p.add_argument("--estimator", required=True, help="Gamma or estlab.distributions.Gamma")
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    p.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN"))
    args, rest = p.parse_known_args(argv)
    if args.train is None:
        p.error("no data: pass a 'train' channel to fit(), or --train FOLDER.")
    if len(rest) % 2 or not all(flag.startswith("--") for flag in rest[::2]):
        p.error(f"constructor arguments must come as --name value pairs; got {rest}.")
    return args, {flag[2:].replace("-", "_"): _value(text)
                  for flag, text in zip(rest[::2], rest[1::2])}


def main(argv=None):
    import estlab
    from estlab import distributions

    args, params = parse_args(argv)
    name = args.estimator.rpartition(".")[2]
    cls = getattr(distributions, name, None)
    if cls is None or not isinstance(cls, type):
        raise SystemExit(f"No distribution {name!r} in estlab.distributions; choose one of "
                         f"{[n for n in distributions.__all__ if n[0].isupper()]}.")
    files = sorted(Path(args.train).rglob("*.csv"))
    if not files:
        raise SystemExit(f"No .csv file in the channel folder {args.train}.")
    x = np.concatenate([np.loadtxt(f, delimiter=",", ndmin=2)[:, 0] for f in files])
    dist = cls(**params).fit(x)
    print(f"fitted {dist!r} to {x.size} values")
    print(f"train:loglik={dist.loglik_:.10g};")
    for key, value in dist.params_.items():
        print(f"param:{key}={np.asarray(value).tolist()};")
    os.makedirs(args.model_dir, exist_ok=True)
    estlab.save(dist, os.path.join(args.model_dir, MODEL_NAME))


def model_fn(model_dir):
    """Load the fitted distribution (inference handler)."""
    import estlab

    return estlab.load(os.path.join(model_dir, MODEL_NAME))


def predict_fn(data, model):
    """Log-density (log-mass) of each value sent."""
    return model.logpdf(np.asarray(data, dtype=float).ravel())


if __name__ == "__main__":
    main()
