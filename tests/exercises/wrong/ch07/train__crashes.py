# expect: exited with code 1: FileNotFoundError
import os
from pathlib import Path
import numpy as np
if __name__ == "__main__":
    data = np.loadtxt(Path(os.environ["SM_CHANNEL_TRAIN"]) / "train.csv", delimiter=",")
