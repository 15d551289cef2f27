# %% [markdown]
# # Training on several instances: sharded data, merged sufficient statistics
#
# Ordinary least squares needs only X'X and X'y, and both are sums over rows. Three hosts each
# compute them on their shard (ShardedByS3Key), and the sums give exactly the full-data estimate.

# %%
# --8<-- [start:setup]
import io
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from estlab.workflow import Estimator, LocalSession, TrainingInput

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

rng = np.random.default_rng(1)
beta_true = np.array([1.0, 2.0, -1.0, 0.5])                 # intercept, then 3 slopes
n_files, rows_per_file = 6, 50
# six files -> dealt to three hosts
for k in range(n_files):
    # each file its own region
    X = rng.normal(loc=0.8 * (k % 3 - 1), size=(rows_per_file, 3))
    y = beta_true[0] + X @ beta_true[1:] + rng.normal(scale=1.0, size=rows_per_file)
    (root / "train").mkdir(exist_ok=True)
    np.savetxt(root / "train" / f"part-{k}.csv", np.column_stack([y, X]), delimiter=",")
# --8<-- [end:setup]

# %%
# --8<-- [start:script]
SCRIPT = '''
import json, os
import numpy as np

host = os.environ["SM_CURRENT_HOST"]
files = sorted(os.listdir(os.environ["SM_CHANNEL_TRAIN"]))
data = np.vstack([np.loadtxt(os.path.join(os.environ["SM_CHANNEL_TRAIN"], f),
                             delimiter=",", ndmin=2) for f in files])
y, X = data[:, 0], np.column_stack([np.ones(len(data)), data[:, 1:]])
# the sufficient statistics of OLS on this shard: sums over its rows
np.savez(os.path.join(os.environ["SM_MODEL_DIR"], f"stats-{host}.npz"),
         XtX=X.T @ X, Xty=X.T @ y, n=len(y))
print(f"{host}: {len(files)} files, {len(y)} rows: {files}")
'''
(root / "stats.py").write_text(textwrap.dedent(SCRIPT))
# --8<-- [end:script]

# %%
# --8<-- [start:fit]
estimator = Estimator(str(root / "stats.py"), instance_count=3,
                      base_job_name="ols-stats", session=session)
estimator.fit({"train": TrainingInput(str(root / "train"),
                                      distribution="ShardedByS3Key")}, logs=True)
# --8<-- [end:fit]

# %%
# --8<-- [start:merge]
stats = {}
with tarfile.open(estimator.model_data.removeprefix("file://")) as tar:
    print("model.tar.gz holds", sorted(tar.getnames()))
    for member in tar.getmembers():
        with np.load(io.BytesIO(tar.extractfile(member).read())) as npz:
            stats[member.name.removeprefix("stats-").removesuffix(".npz")] = dict(npz)

XtX = sum(s["XtX"] for s in stats.values())                  # sums of sums are sums
Xty = sum(s["Xty"] for s in stats.values())
beta_merged = np.linalg.solve(XtX, Xty)

everything = np.vstack([np.loadtxt(p, delimiter=",")
                        for p in sorted((root / "train").glob("*.csv"))])
A = np.column_stack([np.ones(len(everything)), everything[:, 1:]])
# one machine, all the rows
beta_full, *_ = np.linalg.lstsq(A, everything[:, 0], rcond=None)
beta_hosts = {h: np.linalg.solve(s["XtX"], s["Xty"]) for h, s in stats.items()}

np.set_printoptions(precision=4, suppress=True)
print("merged statistics:", beta_merged)
print("all rows at once: ", beta_full)
print("max difference:   ", np.max(np.abs(beta_merged - beta_full)))
for host, b in beta_hosts.items():
    print(f"{host} alone:      ", b)
workdir.cleanup()
# --8<-- [end:merge]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

names = ["intercept", "slope 1", "slope 2", "slope 3"]
fig, ax = plt.subplots(figsize=(7, 3))
width = 0.16
for j, (label, b) in enumerate([*((f"{h} alone", v) for h, v in beta_hosts.items()),
                                ("merged X'X, X'y", beta_merged)]):
    ax.bar(np.arange(4) + (j - 1.5) * width, b, width, label=label,
           color="0.3" if j == 3 else f"C{j}")
ax.scatter(np.arange(4) + 2.4 * width, beta_true, marker="_", s=300, color="k",
           label="truth", zorder=3)
ax.set_xticks(np.arange(4), names)
ax.axhline(0, color="k", lw=0.6)
ax.set_ylabel("estimate")
ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.12),
          frameon=False)
ax.set_title("Each host's shard alone vs the merged sufficient statistics")
fig.tight_layout()
# --8<-- [end:figure]
