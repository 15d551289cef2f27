# expect: outside its output folder
import argparse
from pathlib import Path
import numpy as np
def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--input-dir"); p.add_argument("--output-dir")
    p.add_argument("--test-fraction", type=float, default=0.2); p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    data = np.vstack([np.loadtxt(f, delimiter=",", ndmin=2) for f in sorted(Path(args.input_dir).glob("*.csv"))])
    rows = np.random.default_rng(args.seed).permutation(len(data))
    n_test = int(round(args.test_fraction * len(data)))
    np.savetxt("test.csv", data[rows[:n_test]], delimiter=",")   # relative: lands in the cwd
    np.savetxt("train.csv", data[rows[n_test:]], delimiter=",")
if __name__ == "__main__":
    main()
