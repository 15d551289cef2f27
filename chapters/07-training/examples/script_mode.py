# %% [markdown]
# # Script mode: a training script, its job, its artifact
#
# A ridge regression trained by a plain Python script, run as a SageMaker training job by
# estlab's LocalSession: hyperparameters, channels, SM_* variables, metrics and model.tar.gz.

# %%
# --8<-- [start:setup]
import json
import tarfile
import tempfile
import textwrap
from pathlib import Path

import numpy as np

from estlab.workflow import Estimator, LocalSession

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")

# Training and validation data, as SageMaker's algorithms expect them: CSV, no header,
# target first.
rng = np.random.default_rng(0)
X = rng.normal(size=(300, 3))
y = 1.0 + X @ np.array([2.0, -1.0, 0.5]) + rng.normal(scale=0.5, size=300)
for channel, rows in (("train", slice(0, 240)), ("validation", slice(240, 300))):
    (root / "data" / channel).mkdir(parents=True)
    np.savetxt(root / "data" / channel / f"{channel}.csv",
               np.column_stack([y, X])[rows], delimiter=",", fmt="%.6f")
# --8<-- [end:setup]

# %%
# --8<-- [start:script]
TRAIN = '''
import argparse, json, os
import numpy as np

def load(folder):
    data = np.vstack([np.loadtxt(os.path.join(folder, f), delimiter=",", ndmin=2)
                      for f in sorted(os.listdir(folder)) if f.endswith(".csv")])
    return data[:, 1:], data[:, 0]               # features, target (first column)

def rmse(X, y, beta):
    return float(np.sqrt(np.mean((y - beta[0] - X @ beta[1:]) ** 2)))

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    # hyperparameters arrive as command-line arguments ...
    p.add_argument("--alpha", type=float, default=0.0)
    p.add_argument("--fit_intercept", type=lambda s: s == "True", default=True)
    # ... and the folders as SM_* environment variables
    p.add_argument("--model-dir", default=os.environ["SM_MODEL_DIR"])
    p.add_argument("--train", default=os.environ["SM_CHANNEL_TRAIN"])
    p.add_argument("--validation", default=os.environ.get("SM_CHANNEL_VALIDATION"))
    p.add_argument("--output-data-dir", default=os.environ["SM_OUTPUT_DATA_DIR"])
    args = p.parse_args()
    print("host", os.environ["SM_CURRENT_HOST"], "of", os.environ["SM_HOSTS"],
          "| channels", os.environ["SM_CHANNELS"],
          "| SM_HP_ALPHA =", os.environ["SM_HP_ALPHA"])

    X, y = load(args.train)
    ones = np.ones(len(y)) if args.fit_intercept else np.zeros(len(y))
    Xt = np.column_stack([ones, X])
    penalty = args.alpha * np.eye(Xt.shape[1])
    penalty[0, 0] = 0.0                          # never shrink the intercept
    beta = np.linalg.solve(Xt.T @ Xt + penalty, Xt.T @ y)   # (X'X + alpha I) beta = X'y
    print(f"train:rmse={rmse(X, y, beta):.4f};")
    if args.validation:
        Xv, yv = load(args.validation)
        print(f"validation:rmse={rmse(Xv, yv, beta):.4f};")

    # what goes into model.tar.gz: SM_MODEL_DIR; into output.tar.gz: SM_OUTPUT_DATA_DIR
    with open(os.path.join(args.model_dir, "model.json"), "w") as f:
        json.dump({"intercept": beta[0], "coef": beta[1:].tolist()}, f)
    np.savetxt(os.path.join(args.output_data_dir, "residuals.csv"), y - Xt @ beta)
'''
(root / "code").mkdir()
(root / "code" / "train.py").write_text(textwrap.dedent(TRAIN))
# --8<-- [end:script]

# %%
# --8<-- [start:fit]
estimator = Estimator(
    entry_point="train.py", source_dir=str(root / "code"),
    hyperparameters={"alpha": 0.5, "fit_intercept": True},
    instance_count=1, instance_type="local", base_job_name="ridge",
    metric_definitions=[{"Name": "train:rmse", "Regex": r"train:rmse=([0-9.]+);"},
                        {"Name": "validation:rmse",
                         "Regex": r"validation:rmse=([0-9.]+);"}],
    session=session)
estimator.fit({"train": str(root / "data" / "train"),
               "validation": str(root / "data" / "validation")}, logs=True)
# --8<-- [end:fit]

# %%
# --8<-- [start:config]
job = estimator.latest_training_job
host = session.job_folder("training", job.name) / "algo-1"
for name in ("hyperparameters.json", "inputdataconfig.json", "resourceconfig.json"):
    config = json.loads((host / "input" / "config" / name).read_text())
    if name.startswith("hyper"):
        print(name, json.dumps(config, indent=1))
    else:  # one line each, wrapped to the column
        print(textwrap.fill(f"{name} {json.dumps(config)}", width=88,
                            subsequent_indent="  "))
# --8<-- [end:config]

# %%
# --8<-- [start:describe]
d = job.describe()
print("TrainingJobStatus:", d["TrainingJobStatus"],
      "| SecondaryStatus:", d["SecondaryStatus"])
print("FinalMetricDataList:",
      [(m["MetricName"], m["Value"]) for m in d["FinalMetricDataList"]])
print("model_data:", estimator.model_data)
with tarfile.open(estimator.model_data.removeprefix("file://")) as tar:
    print("model.tar.gz holds", tar.getnames())
    print(json.load(tar.extractfile("model.json")))
# --8<-- [end:describe]

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt  # noqa: E402

transitions = d["SecondaryStatusTransitions"]
t0 = transitions[0]["StartTime"]
fig, ax = plt.subplots(figsize=(7, 3.4))
for i, tr in enumerate(transitions):
    start = (tr["StartTime"] - t0).total_seconds()
    end = (tr.get("EndTime", tr["StartTime"]) - t0).total_seconds()
    ax.barh(i, max(end - start, 0.004), left=start, height=0.35, color=f"C{i}")
    ax.text(0, i - 0.22, f"{tr['Status']}: {tr['StatusMessage']}", va="bottom")  # above
ax.set_yticks([])
ax.set_ylim(len(transitions) - 0.5, -0.9)    # top down, room above the first bar
ax.set_xlabel("seconds since the job started")
last = max((tr.get("EndTime", t0) - t0).total_seconds() for tr in transitions)
ax.set_xlim(0, 1.05 * last)
ax.set_title("SecondaryStatusTransitions of one local training job")
fig.tight_layout()
workdir.cleanup()
# --8<-- [end:figure]
