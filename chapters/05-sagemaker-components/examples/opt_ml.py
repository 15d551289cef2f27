# %% [markdown]
# # What each container sees under /opt/ml
#
# A tiny processing job, training job and endpoint run with estlab's local session; each one's
# folder plays the container's /opt/ml, so listing the folders shows the file system SageMaker
# gives each kind of job.

# %%
# --8<-- [start:run]
import tempfile
from pathlib import Path

from estlab.datasets import write_tutorial_csv
from estlab.workflow import (LocalSession, NumPyEstimator, NumPyProcessor,
                             ProcessingInput, ProcessingOutput)

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")
raw = write_tutorial_csv(root / "raw" / "churn.csv", n=200, random_state=0)

processor = NumPyProcessor(session=session)
processor.run(inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
              outputs=[ProcessingOutput(f"/opt/ml/processing/{name}", output_name=name)
                       for name in ("train", "validation", "test")],
              arguments=["--input", "/opt/ml/processing/input", "--target", "churned",
                         "--drop", "customer_id",
                         "--train-output", "/opt/ml/processing/train",
                         "--validation-output", "/opt/ml/processing/validation",
                         "--test-output", "/opt/ml/processing/test"],
              logs=False)
cleaned = {o.output_name: o.destination for o in processor.latest_job.outputs}
estimator = NumPyEstimator(hyperparameters={"estimator": "LogisticRegression"},
                           session=session)
estimator.fit({"train": cleaned["train"], "validation": cleaned["validation"]},
              logs=False)
predictor = estimator.deploy()
print(processor.latest_job.describe()["ProcessingJobStatus"],
      estimator.latest_training_job.describe()["TrainingJobStatus"],
      predictor.describe_endpoint()["EndpointStatus"])
# --8<-- [end:run]

# %%
# --8<-- [start:tree]
# Each job's host folder algo-1/ is its container's /opt/ml; so is an endpoint's folder.
jobs = {"processing job": ("processing", processor.latest_job.name),
        "training job": ("training", estimator.latest_training_job.name)}
opt_ml = {kind: session.job_folder(*job) / "algo-1" for kind, job in jobs.items()}
opt_ml["endpoint"] = session.root / "endpoints" / predictor.endpoint_name


def tree(folder, only=None, prefix=""):
    """The lines of a `tree`-style listing of folder (folders end with /)."""
    entries = sorted(p for p in folder.iterdir() if only is None or p.name in only)
    lines = []
    for i, path in enumerate(entries):
        last = i == len(entries) - 1
        lines.append(f"{prefix}{'└── ' if last else '├── '}{path.name}"
                     f"{'/' if path.is_dir() else ''}")
        if path.is_dir():
            lines += tree(path, prefix=prefix + ("    " if last else "│   "))
    return lines


# The endpoint's folder also holds estlab's server.json and server.log: leave them out.
only = {"endpoint": ("model",)}
listings = {kind: ["/opt/ml/", *tree(folder, only.get(kind))]
            for kind, folder in opt_ml.items()}
predictor.delete_endpoint()
workdir.cleanup()
for kind, lines in listings.items():
    print("\n".join([f"{kind}:", *lines, ""]))
# --8<-- [end:tree]
