"""Exercise 7.2: a script-mode training entry point.

SageMaker runs ``python train.py --fit-intercept True`` with hyperparameters as command-line
arguments (booleans arrive as Python's ``True``/``False``) and the SM_* environment variables
naming the folders: ``SM_CHANNEL_TRAIN`` (the "train" channel's data: CSV files, no header,
target first) and ``SM_MODEL_DIR`` (everything saved there becomes model.tar.gz).
"""

import argparse
import os
from pathlib import Path

import numpy as np


def parse_args(argv=None):
    """Hyperparameters from argv; folders from the SM_* variables."""
    # [solution] TODO: --fit-intercept (arrives as the text True or False), --model-dir, --train
    parser = argparse.ArgumentParser()
    # Not type=bool: bool("False") is True. Compare the text instead.
    parser.add_argument("--fit-intercept", type=lambda s: s.lower() == "true", default=True)
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
    parser.add_argument("--train",
                        default=os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"))
    return parser.parse_args(argv)
    # [/solution]


def main(argv=None):
    """Fit least squares on the train channel, save ``model.npz``, print the training MSE.

    Save ``intercept`` (0.0 when ``--fit-intercept False``) and ``coef`` with
    ``np.savez(Path(args.model_dir) / "model.npz", intercept=..., coef=...)`` and print one line
    ``train_mse=<value>`` so that the metric definition ``{"Name": "train:mse", "Regex":
    "train_mse=([0-9.eE+-]+)"}`` finds it in the log.
    """
    args = parse_args(argv)
    # [solution] TODO: read the channel, fit, save to args.model_dir, print the metric
    files = sorted(Path(args.train).glob("*.csv"))
    data = np.vstack([np.loadtxt(f, delimiter=",", ndmin=2) for f in files])
    y, X = data[:, 0], data[:, 1:]
    design = np.column_stack([np.ones(len(X)), X]) if args.fit_intercept else X
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    intercept, coef = (beta[0], beta[1:]) if args.fit_intercept else (0.0, beta)
    mse = np.mean((y - intercept - X @ coef) ** 2)
    np.savez(Path(args.model_dir) / "model.npz", intercept=intercept, coef=coef)
    print(f"train_mse={mse:.6g}")
    # [/solution]


if __name__ == "__main__":
    main()
