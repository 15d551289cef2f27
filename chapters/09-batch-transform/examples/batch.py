# %% [markdown]
# # Batch transform: predictions for whole files
#
# A linear regression served by the NumPy framework's default script, applied to a folder of
# CSV files: split types, batch strategies, JoinSource, the .out files, and a failing file.

# %%
# --8<-- [start:setup]
import json
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

import estlab
from estlab.linear_model import LinearRegression
from estlab.workflow import JobFailedError, LocalSession, NumPyModel

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

# A fitted model, packed as a training job would leave it.
rng = np.random.default_rng(0)
beta = np.array([3.0, 1.5, -2.0])
X = rng.normal(size=(200, 2))
estlab.save(LinearRegression().fit(X, beta[0] + X @ beta[1:] + rng.normal(size=200)),
            root / "model")
with tarfile.open(root / "model.tar.gz", "w:gz") as tar:
    for suffix in (".json", ".npz"):
        tar.add(root / f"model{suffix}", arcname=f"model{suffix}")
model = NumPyModel(model_data=str(root / "model.tar.gz"), session=session)

# Three files of new records to score (features only, no header), and their true
# targets.
(root / "batch").mkdir()
truth = {}
for k, n in enumerate((120, 80, 100)):
    Xk = rng.normal(size=(n, 2))
    truth[f"part-{k}.csv"] = beta[0] + Xk @ beta[1:] + rng.normal(size=n)
    np.savetxt(root / "batch" / f"part-{k}.csv", Xk, delimiter=",", fmt="%.5f")
print(sorted(p.name for p in (root / "batch").iterdir()))
# --8<-- [end:setup]

# %%
# --8<-- [start:line]
transformer = model.transformer(instance_count=1, instance_type="local",
                                strategy="MultiRecord", assemble_with="Line",
                                accept="text/csv", output_path=str(root / "joined"))
transformer.transform(str(root / "batch"), content_type="text/csv", split_type="Line",
                      join_source="Input", logs=False)
d = transformer.latest_transform_job.describe()
print(d["TransformJobStatus"])
print("outputs:", *sorted(p.name for p in (root / "joined").iterdir()))
print("\n".join((root / "joined" / "part-0.csv.out").read_text().splitlines()[:3]))
# --8<-- [end:line]

# %%
# --8<-- [start:single]
single = model.transformer(strategy="SingleRecord", assemble_with="Line",
                           accept="text/csv", output_path=str(root / "single"))
single.transform(str(root / "batch"), content_type="text/csv", split_type="Line",
                 logs=False)
print((root / "single" / "part-0.csv.out").read_text().splitlines()[:3])
for name in sorted(truth):
    one = np.loadtxt(root / "single" / f"{name}.out", ndmin=1)
    many = np.loadtxt(root / "joined" / f"{name}.out", delimiter=",", ndmin=2)[:, -1]
    print(f"{name}: {len(one)} predictions, "
          f"same as MultiRecord: {np.allclose(one, many)}")
# --8<-- [end:single]

# %%
# --8<-- [start:whole]
# A JSON document cannot be cut into lines: send each file whole (SplitType None).
(root / "json").mkdir()
for name in sorted(truth):
    rows = np.loadtxt(root / "batch" / name, delimiter=",", ndmin=2)
    json_file = root / "json" / name.replace(".csv", ".json")
    json_file.write_text(json.dumps(rows.tolist()))
whole = model.transformer(strategy="SingleRecord", accept="application/json",
                          output_path=str(root / "whole"))
whole.transform(str(root / "json"), content_type="application/json", split_type="None",
                logs=False)
out = (root / "whole" / "part-1.json.out").read_text()
print(sorted(p.name for p in (root / "whole").iterdir()))
print(out[:60], "...")
print("same predictions:", np.allclose(json.loads(out), np.loadtxt(
    root / "joined" / "part-1.csv.out", delimiter=",", ndmin=2)[:, -1]))
# --8<-- [end:whole]

# %%
# --8<-- [start:failure]
(root / "batch" / "part-3.csv").write_text("0.1,0.2\nnot,a number\n")   # one bad file
failing = model.transformer(strategy="MultiRecord", assemble_with="Line",
                            accept="text/csv", output_path=str(root / "partial"))
try:
    failing.transform(str(root / "batch"), content_type="text/csv", split_type="Line",
                      logs=False)
except JobFailedError as err:
    reason = err.description["FailureReason"].splitlines()[0]
    print(textwrap.fill(f"{err.description['TransformJobStatus']} - {reason}", width=88,
                        subsequent_indent="  "))
print("written anyway:", sorted(p.name for p in (root / "partial").iterdir()))
# --8<-- [end:failure]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(4.8, 4))
for k, name in enumerate(sorted(truth)):
    rows = np.loadtxt(root / "joined" / f"{name}.out", delimiter=",", ndmin=2)
    ax.scatter(truth[name], rows[:, -1], s=10, alpha=0.7, color=f"C{k}",
               label=f"{name}.out")
lims = [min(min(v) for v in truth.values()) - 1,
        max(max(v) for v in truth.values()) + 1]
ax.plot(lims, lims, color="k", lw=0.8)
ax.set_xlabel("true value")
ax.set_ylabel("prediction (last column of the .out file)")
ax.legend(fontsize=8)
ax.set_title("Batch predictions against the truth")
fig.tight_layout()
workdir.cleanup()
# --8<-- [end:figure]
