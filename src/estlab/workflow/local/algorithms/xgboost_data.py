"""What SageMaker's XGBoost container reads: channel content types, data files, request bodies.

Transcribed from aws/sagemaker-xgboost-container ``data_utils.py`` (training) and
``serve_utils.py`` (requests), with the container's messages:

* a channel's ``ContentType`` names the format; **without one it is LIBSVM** (``text/libsvm``
  is the channels' default), so a CSV channel sent without ``ContentType="text/csv"`` fails the
  container's first-line check: "First line '1.0,2.0,...' of file 'train.csv' is not
  'LIBSVM' format";
* CSV: the label in the first column (``csv_weights=1``: the instance weight in the second), no
  header, the delimiter sniffed from the first line, empty cells missing (NaN);
* LIBSVM: ``label[:weight] index:value ...``; in training the index is the column number (as
  XGBoost's own parser reads it); in a request, indices that all start at 1 are shifted to 0,
  as the container's ``_get_sparse_matrix_from_libsvm`` does;
* Parquet (``application/x-parquet``, with pyarrow): the label in the first column.

Examples
--------
>>> content_type_of(None), content_type_of("text/csv"), content_type_of("text/x-libsvm")
('libsvm', 'csv', 'libsvm')
>>> csv_matrix("1,2,3\\n4,,6")
array([[ 1.,  2.,  3.],
       [ 4., nan,  6.]])
>>> libsvm_matrix("1:0.5 3:2")
array([[0.5, nan, 2. ]])
"""

import csv
import logging
from pathlib import Path

import numpy as np

from estlab.workflow.local.algorithms.xgboost_hyperparameters import AlgorithmError, UserError

__all__ = ["VALID_CONTENT_TYPES", "parse_header", "content_type_of", "validate_channels",
           "data_files", "check_format", "load_dmatrix", "csv_matrix", "libsvm_matrix"]

# data_utils.py: the channel content types the container accepts
VALID_CONTENT_TYPES = ["csv", "libsvm", "parquet", "recordio-protobuf", "text/csv",
                       "text/libsvm", "text/x-libsvm", "application/x-parquet",
                       "application/x-recordio-protobuf"]
log = logging.getLogger("sagemaker_xgboost")


def parse_header(value):
    """``"text/csv; label_size=1"`` -> ``("text/csv", {"label_size": "1"})`` (cgi.parse_header)."""
    parts = [p.strip() for p in (value or "").split(";")]
    params = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    return parts[0].lower(), {k.strip().lower(): v.strip().strip('"') for k, v in params.items()}


def content_type_of(value):
    """The data format a ContentType names: ``csv``, ``libsvm`` (also for None), ``parquet``..."""
    if value is None:
        return "libsvm"
    kind, params = parse_header(value)
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



# -------------------------------------------------------------------------- request bodies --
def csv_matrix(text):
    """A CSV request body (no label) as a float matrix: the container's ``csv_to_dmatrix``."""
    sniffed = csv.Sniffer().sniff(text.split("\n")[0][:512]).delimiter
    delimiter = "," if sniffed.isalnum() else sniffed
    rows = [["nan" if v == "" else v for v in line.split(delimiter)] for line in text.split("\n")]
    return np.array(rows).astype(float)


def libsvm_matrix(text):
    """A LIBSVM request body as a matrix: 1-based indices are shifted to 0-based (serve_utils)."""
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
