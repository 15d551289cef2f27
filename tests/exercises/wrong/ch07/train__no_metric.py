# expect: The log has no line train_mse
import argparse, os
from pathlib import Path
import numpy as np
def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fit-intercept", type=lambda s: s == "True", default=True)
    args = p.parse_args()
    data = np.vstack([np.loadtxt(f, delimiter=",", ndmin=2) for f in sorted(Path(os.environ["SM_CHANNEL_TRAIN"]).glob("*.csv"))])
    y, X = data[:, 0], data[:, 1:]
    D = np.column_stack([np.ones(len(X)), X])
    beta = np.linalg.lstsq(D, y, rcond=None)[0]
    np.savez(Path(os.environ["SM_MODEL_DIR"]) / "model.npz", intercept=beta[0], coef=beta[1:])
    print("training finished")
if __name__ == "__main__":
    main()
