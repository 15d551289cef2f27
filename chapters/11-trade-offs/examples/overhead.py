# %% [markdown]
# # What a managed job costs: the same fit, called directly and run as a training job
#
# A training job buys isolation, reproducibility and machines chosen per stage; it pays a fixed
# overhead per job (here a process start, the job folder, copying data and the artifact; on
# SageMaker, minutes of instance provisioning and container start-up on top).

# %%
# --8<-- [start:measure]
import tempfile
import time
from pathlib import Path

import numpy as np

from estlab.linear_model import LogisticRegression
from estlab.workflow import LocalSession, NumPyEstimator

rng = np.random.default_rng(14)
sizes = [1_000, 4_000, 16_000]
direct, job = [], []
with tempfile.TemporaryDirectory() as tmp:
    session = LocalSession(root=Path(tmp) / "sagemaker")
    for n in sizes:
        X = rng.normal(size=(n, 5))
        p = 1 / (1 + np.exp(-X @ [1.0, -1.0, 0.5, 0.0, 0.2]))
        y = (rng.uniform(size=n) < p).astype(float)
        channel = Path(tmp) / f"train-{n}"
        channel.mkdir()
        np.savetxt(channel / "train.csv", np.column_stack([y, X]), delimiter=",",
                   fmt="%.6g")

        start = time.perf_counter()
        # the estimator, called directly
        LogisticRegression().fit(X, y)
        direct.append(time.perf_counter() - start)

        # the same fit as a training job
        start = time.perf_counter()
        NumPyEstimator(hyperparameters={"estimator": "LogisticRegression"},
                       session=session).fit({"train": str(channel)}, logs=False)
        job.append(time.perf_counter() - start)

print(f"{'n':>7}{'direct fit':>13}{'local training job':>21}{'ratio':>8}")
for n, d, j in zip(sizes, direct, job):
    print(f"{n:>7}{d * 1e3:>10.1f} ms{j * 1e3:>18.0f} ms{j / d:>8.0f}x")
# --8<-- [end:measure]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 3.4))
ax.loglog(sizes, np.array(direct) * 1e3, "o-", label="LogisticRegression().fit(X, y)")
ax.loglog(sizes, np.array(job) * 1e3, "s-",
          label="NumPyEstimator(...).fit(channels), local job")
ax.set_xlabel("rows $n$")
ax.set_ylabel("wall time (ms)")
ax.legend(frameon=False, fontsize=8)
ax.set_title("A job adds a fixed cost; it pays off only when the work is large",
             fontsize=10)
fig.tight_layout()
# --8<-- [end:figure]
