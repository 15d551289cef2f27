# %% [markdown]
# # A processing job, file by file
#
# A processing script, the job folder it runs in, the configuration SageMaker writes for it,
# its outputs, its exit message, and what a failure looks like. Everything runs with estlab's
# LocalSession in a temporary folder: each job is a real Python process.

# %%
# --8<-- [start:setup]
import json
import tempfile
import textwrap
from pathlib import Path

from estlab.datasets import write_tutorial_csv
from estlab.workflow import (JobFailedError, LocalSession, ProcessingInput,
                             ProcessingOutput, ScriptProcessor)

# everything below lives here, removed at the end
workdir = tempfile.TemporaryDirectory()
root = Path(workdir.name)
session = LocalSession(root=root / "sagemaker")  # plays S3 and SageMaker
raw = write_tutorial_csv(root / "raw" / "churn.csv", n=300, random_state=0)
print("\n".join(raw.read_text().splitlines()[:3]))
# --8<-- [end:setup]

# %%
# --8<-- [start:script]
# The processing script: only arguments and files, nothing estlab-specific.
SCRIPT = '''
import argparse, csv, json, os
from pathlib import Path

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)             # a folder of raw CSV files
p.add_argument("--output", required=True)            # a folder for the cleaned CSV
p.add_argument("--config", required=True)            # processingjobconfig.json
p.add_argument("--message", required=True)           # becomes ExitMessage
p.add_argument("--max-missing", type=float, default=0.1)
args = p.parse_args()

config = json.loads(Path(args.config).read_text())
print("job:", config["ProcessingJobName"])
print("--input arrived as", args.input)

NUMERIC = ("age", "tenure_months", "monthly_charges", "support_calls")
kept, dropped = [], 0
for path in sorted(Path(args.input).glob("*.csv")):
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            values = [row[c].strip() for c in NUMERIC]
            label = row["churned"].strip().lower()
            contract = row["contract"].strip().lower()
            if (any(v in ("", "NA", "?") for v in values) or label not in ("yes", "no")
                    or contract not in ("monthly", "annual")):
                dropped += 1
                continue
            # SageMaker's convention for training data: no header, target first
            kept.append([int(label == "yes"), *values, int(contract == "annual")])
share = dropped / (dropped + len(kept))
if share > args.max_missing:
    Path(args.message).write_text(f"{share:.1%} of the records are malformed "
                                  f"(limit {args.max_missing:.0%})")
    raise SystemExit(1)
Path(args.output).mkdir(parents=True, exist_ok=True)
with open(os.path.join(args.output, "clean.csv"), "w", newline="") as f:
    csv.writer(f).writerows(kept)
Path(args.message).write_text(f"kept {len(kept)} records, dropped {dropped}")
print(f"kept {len(kept)}, dropped {dropped}")
'''
code = root / "code" / "clean.py"
code.parent.mkdir()
code.write_text(textwrap.dedent(SCRIPT))
# --8<-- [end:script]

# %%
# --8<-- [start:run]
processor = ScriptProcessor(command=["python3"], instance_type="local", session=session,
                            base_job_name="clean-churn")
processor.run(
    code=str(code),
    inputs=[ProcessingInput(source=str(raw.parent),
                            destination="/opt/ml/processing/input", input_name="raw")],
    outputs=[ProcessingOutput(source="/opt/ml/processing/clean", output_name="clean",
                              destination=str(root / "bucket" / "clean"))],
    arguments=["--input", "/opt/ml/processing/input",
               "--output", "/opt/ml/processing/clean",
               "--config", "/opt/ml/config/processingjobconfig.json",
               "--message", "/opt/ml/output/message"],
    logs=True)                  # stream the job's log, as the SDK does
job = processor.latest_job
# --8<-- [end:run]

# %%
# --8<-- [start:folder]
job_dir = session.job_folder("processing", job.name)
for path in sorted(job_dir.rglob("*")):
    if path.is_file():
        print(path.relative_to(job_dir))
# --8<-- [end:folder]

# %%
# --8<-- [start:config]
config_file = job_dir / "algo-1" / "config" / "processingjobconfig.json"
config = json.loads(config_file.read_text())
shown = {k: config[k] for k in ("ProcessingJobName", "AppSpecification")}
print(json.dumps(shown, indent=1)[:900])
print(json.dumps(config["ProcessingInputs"][0], indent=1))
# --8<-- [end:config]

# %%
# --8<-- [start:describe]
d = job.describe()
print("status:      ", d["ProcessingJobStatus"])
print("exit message:", d.get("ExitMessage"))
print("output:      ", d["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"])
clean_csv = root / "bucket" / "clean" / "clean.csv"
print("clean rows:  ", clean_csv.read_text().splitlines()[:2])
# --8<-- [end:describe]

# %%
# --8<-- [start:failure]
try:
    processor.run(code=str(code),
                  inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
                  outputs=[ProcessingOutput("/opt/ml/processing/clean",
                                            destination=str(root / "bucket/strict"))],
                  arguments=["--input", "/opt/ml/processing/input",
                             "--output", "/opt/ml/processing/clean",
                             "--config", "/opt/ml/config/processingjobconfig.json",
                             "--message", "/opt/ml/output/message",
                             "--max-missing", "0.01"],
                  logs=False)
except JobFailedError as error:
    failed = error.description
    print("status:       ", failed["ProcessingJobStatus"])
    print("FailureReason:", failed.get("FailureReason"))
    print("ExitMessage:  ", failed.get("ExitMessage"))
print("uploaded anything?", (root / "bucket" / "strict").exists())
workdir.cleanup()
# --8<-- [end:failure]
