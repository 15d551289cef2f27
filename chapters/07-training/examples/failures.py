# %% [markdown]
# # When training fails
#
# Two failing training jobs: one whose script explains itself in /opt/ml/output/failure, and
# one that just crashes. FailureReason comes from the failure file, or else from the exit code
# and the end of the log.

# %%
# --8<-- [start:failures]
import tempfile
import textwrap
from pathlib import Path

from estlab.workflow import Estimator, JobFailedError, LocalSession

workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")
(root / "train").mkdir()
(root / "train" / "data.csv").write_text("1.0,2.0\n0.0,1.5\n")

SCRIPT = '''
import argparse, os, sys
p = argparse.ArgumentParser()
p.add_argument("--alpha", type=float, default=0.0)
args = p.parse_args()
if args.alpha < 0:
    # the contract: explain a failure in /opt/ml/output/failure (SM_OUTPUT_DIR/failure)
    with open(os.path.join(os.environ["SM_OUTPUT_DIR"], "failure"), "w") as f:
        f.write(f"ValueError: alpha must be >= 0 (a penalty); got {args.alpha}")
    sys.exit(1)
data = open(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "data.csv")).read()
rows = [float(v) for v in data.split()]          # a bug: the lines hold commas
'''
(root / "train.py").write_text(textwrap.dedent(SCRIPT))

for alpha in (-1.0, 0.1):
    estimator = Estimator(str(root / "train.py"), hyperparameters={"alpha": alpha},
                          base_job_name="failing", session=session)
    try:
        estimator.fit({"train": str(root / "train")}, logs=False)
    except JobFailedError as error:
        d = error.description
        print(f"alpha={alpha}: {d['TrainingJobStatus']} / {d['SecondaryStatus']}")
        lines = d["FailureReason"].splitlines()
        print("  FailureReason:", " | ".join(lines[:3]))
        if len(lines) > 3:  # the toolkit's form: the exit code, then the end of stderr
            print("    ... ErrorMessage ends:", next(line for line in reversed(lines)
                                                    if "Error:" in line).strip(' "'))
print("model artifact uploaded?",
      any((root / "sagemaker" / "bucket").rglob("model.tar.gz")))
workdir.cleanup()
# --8<-- [end:failures]
