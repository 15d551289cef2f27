"""Exercise 6.2: a processing script that splits a CSV data set into train and test.

SageMaker runs it as ``python3 preprocess.py --input-dir /opt/ml/processing/input
--output-dir /opt/ml/processing/output``: it reads every ``*.csv`` in the input folder (no
header, target first) and writes ``train/train.csv`` and ``test/test.csv`` under the output
folder, which the job uploads when the script ends. Anything written anywhere else is lost
(or, on your laptop, litters the working folder).
"""

import argparse
from pathlib import Path

import numpy as np


def parse_args(argv=None):
    """The script's arguments; the defaults are SageMaker's container paths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input-dir", default="/opt/ml/processing/input")
    parser.add_argument("--output-dir", default="/opt/ml/processing/output")
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None):
    """Read all CSVs, shuffle rows with ``np.random.default_rng(seed)``, split, write.

    The test split has ``round(test_fraction * n)`` rows. Write the files with
    ``np.savetxt(path, rows, delimiter=",")``; create the ``train`` and ``test`` folders first.
    """
    args = parse_args(argv)
    # [solution] TODO: read, shuffle, split, and write under args.output_dir ONLY
    files = sorted(Path(args.input_dir).glob("*.csv"))
    data = np.vstack([np.loadtxt(f, delimiter=",", ndmin=2) for f in files])
    rows = np.random.default_rng(args.seed).permutation(len(data))
    n_test = int(round(args.test_fraction * len(data)))
    splits = {"test": data[rows[:n_test]], "train": data[rows[n_test:]]}
    for name, part in splits.items():
        folder = Path(args.output_dir) / name  # inside the output folder: uploaded at the end
        folder.mkdir(parents=True, exist_ok=True)
        np.savetxt(folder / f"{name}.csv", part, delimiter=",")
    print(f"wrote {len(splits['train'])} training and {n_test} test rows")
    # [/solution]


if __name__ == "__main__":
    main()
