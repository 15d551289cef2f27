"""Preprocess a raw CSV for training: clean, split, standardise (SageMaker Processing script).

This is the NumPy framework's default processing script. It runs unchanged in a SageMaker
processing container (it needs only NumPy and the standard library) and locally through
``estlab.workflow.NumPyProcessor``. Everything it reads and writes comes from its arguments::

    python preprocess.py --input /opt/ml/processing/input \\
        --train-output /opt/ml/processing/train --validation-output /opt/ml/processing/validation \\
        --test-output /opt/ml/processing/test --target churned --drop customer_id

Steps, each one a function below:

1. read every ``*.csv`` under ``--input`` (a header row, then records);
2. clean: trim spaces, treat ``""``, ``NA``, ``N/A``, ``null``, ``?`` as missing, drop records
   with a missing or unparsable value; encode a text target as 0..K-1 (sorted labels) and text
   features as 0/1 indicator columns (one per level but the first);
3. split at random into train / validation / test (``--validation-fraction``,
   ``--test-fraction``, ``--random-state``);
4. standardise every feature with the *training* mean and standard deviation (so no
   information leaks from validation or test), and save those statistics as
   ``standardization.json`` (``--stats-output``, default: the train output folder);
5. write headerless CSVs with the target in the first column, the convention of SageMaker's
   built-in algorithms and of the NumPy framework's training script.

When the data cannot be used, the script exits with a message saying what it expected, what it
found and the fix; as a processing job's code it also writes that message to
``/opt/ml/output/message``, which SageMaker reports as the job's ``ExitMessage``.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--input", default="/opt/ml/processing/input",
                   help="folder (or file) with the raw CSV files")
    p.add_argument("--train-output", default="/opt/ml/processing/train")
    p.add_argument("--validation-output", default="/opt/ml/processing/validation")
    p.add_argument("--test-output", default="/opt/ml/processing/test")
    p.add_argument("--stats-output", default=None,
                   help="folder for standardization.json (default: the train output folder)")
    p.add_argument("--target", default=None, help="target column (default: the last column)")
    p.add_argument("--drop", default="", help="comma-separated columns to ignore, e.g. ids")
    p.add_argument("--validation-fraction", type=float, default=0.2)
    p.add_argument("--test-fraction", type=float, default=0.2)
    p.add_argument("--random-state", type=int, default=0)
    return p.parse_args(argv)


def message_file():
    """``/opt/ml/output/message`` when this script runs as a processing job's code, else None.

    A ScriptProcessor runs the code as ``/opt/ml/processing/input/code/<script>`` (locally, the
    same path inside the job folder that stands for ``/opt/ml``), so ``/opt/ml`` is three
    folders above the script's own.
    """
    here = Path(__file__).resolve().parent
    if here.parts[-3:] != ("processing", "input", "code"):
        return None  # run by hand: no job to report to
    output = here.parents[2] / "output"
    return output / "message" if output.is_dir() else None


def fail(message):
    """Stop the job with ``message``: the ExitMessage on SageMaker, and the last line of stderr."""
    path = message_file()
    if path is not None:
        path.write_text(message, encoding="utf-8")
    sys.exit(message)


def read_raw(path):
    """Header and rows (lists of trimmed strings) of every CSV under ``path``.

    ``code/`` under the input folder is skipped: a processing job's own code arrives at
    ``/opt/ml/processing/input/code`` (and may carry data files of its packages).
    """
    path = Path(path)
    files = sorted(f for f in path.rglob("*.csv")
                   if f.relative_to(path).parts[0] != "code") if path.is_dir() else [path]
    if not files:
        fail(f"No CSV file under {path}: pass the folder holding the raw data as --input.")
    header, rows = None, []
    for file in files:
        with open(file, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            first = next(reader, None)
            if first is None:
                fail(f"{file.name} is empty: expected a header row, then one record per line. "
                     "Remove the empty file from the input or write the data into it.")
            this_header = [h.strip() for h in first]
            if header is not None and this_header != header:
                fail(f"{file.name} has columns {this_header}, expected {header}.")
            header = this_header
            rows += [[cell.strip() for cell in row] for row in reader if row]
    print(f"read {len(rows)} records with columns {header} from {len(files)} file(s)")
    return header, rows


def clean(header, rows, target, drop):
    """Drop incomplete records; return (X, y, feature_names, classes or None)."""
    target = target or header[-1]
    for name in [target, *drop]:
        if name not in header:
            fail(f"Column {name!r} is not in the header {header}.")
    features = [h for h in header if h != target and h not in drop]
    idx = {h: i for i, h in enumerate(header)}
    complete = [r for r in rows if len(r) == len(header)
                and all(r[idx[h]].lower() not in MISSING for h in [target, *features])]

    def numeric(name):
        try:
            [float(r[idx[name]]) for r in complete]
            return True
        except ValueError:
            return False

    columns, names = [], []
    for name in features:
        if numeric(name):
            columns.append(np.array([float(r[idx[name]]) for r in complete]))
            names.append(name)
        else:  # text feature: 0/1 indicators for every level but the first
            values = np.array([r[idx[name]].lower() for r in complete])
            for level in sorted(set(values))[1:]:
                columns.append((values == level).astype(float))
                names.append(f"{name}={level}")
    classes = None
    if numeric(target):
        y = np.array([float(r[idx[target]]) for r in complete])
    else:  # text target: labels 0..K-1 in sorted order
        labels = np.array([r[idx[target]].lower() for r in complete])
        classes = sorted(set(labels.tolist()))
        y = np.searchsorted(classes, labels).astype(float)
        print(f"target {target!r} encoded as {dict(zip(classes, range(len(classes))))}")
    X = np.column_stack(columns) if columns else np.empty((len(complete), 0))
    finite = np.isfinite(X).all(axis=1) & np.isfinite(y)
    print(f"kept {int(finite.sum())} of {len(rows)} records "
          f"({len(rows) - int(finite.sum())} incomplete or invalid dropped)")
    return X[finite], y[finite], names, classes


def split(n, validation_fraction, test_fraction, random_state):
    """Index arrays (train, validation, test) of a random split.

    Examples
    --------
    >>> [len(part) for part in split(10, 0.2, 0.3, random_state=0)]
    [5, 2, 3]
    """
    if not 0 <= validation_fraction < 1 or not 0 <= test_fraction < 1 or \
            validation_fraction + test_fraction >= 1:
        fail("--validation-fraction and --test-fraction must be in [0, 1) and sum below 1.")
    order = np.random.default_rng(random_state).permutation(n)
    n_test, n_val = round(n * test_fraction), round(n * validation_fraction)
    return order[n_test + n_val:], order[n_test:n_test + n_val], order[:n_test]


def standardize(X_train, *others):
    """z = (x - mean) / std with the training mean and std (std 0 -> 1).

    Examples
    --------
    >>> mean, std, (z_train, z_new) = standardize(np.array([[1.0], [3.0]]), np.array([[5.0]]))
    >>> mean, std, z_train.ravel(), z_new.ravel()
    (array([2.]), array([1.]), array([-1.,  1.]), array([3.]))
    """
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    return mean, std, [(X - mean) / std for X in (X_train, *others)]


def write_csv(folder, name, y, X):
    """Headerless CSV, target first."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    np.savetxt(folder / name, np.column_stack([y, X]), delimiter=",", fmt="%.10g")
    print(f"wrote {len(y)} records to {folder / name}")


def main(argv=None):
    args = parse_args(argv)
    drop = [c.strip() for c in args.drop.split(",") if c.strip()]
    header, rows = read_raw(args.input)
    X, y, names, classes = clean(header, rows, args.target, drop)
    if len(y) == 0:
        fail(f"No complete records to split: the input has the header {header} but "
             f"{len(rows)} record(s), none without missing or invalid values. Check --input "
             "points at the data files and that they hold records below the header.")
    train, val, test = split(len(y), args.validation_fraction, args.test_fraction,
                             args.random_state)
    mean, std, (X_train, X_val, X_test) = standardize(X[train], X[val], X[test])
    write_csv(args.train_output, "train.csv", y[train], X_train)
    if len(val):
        write_csv(args.validation_output, "validation.csv", y[val], X_val)
    if len(test):
        write_csv(args.test_output, "test.csv", y[test], X_test)
    stats_dir = Path(args.stats_output or args.train_output)
    stats_dir.mkdir(parents=True, exist_ok=True)
    stats = {"features": names, "mean": mean.tolist(), "std": std.tolist(),
             "target": args.target or header[-1], "classes": classes}
    (stats_dir / "standardization.json").write_text(json.dumps(stats, indent=2))
    print(f"standardised {len(names)} features with the training statistics")


if __name__ == "__main__":
    main()
