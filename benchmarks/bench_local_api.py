"""How fast the local SageMaker API answers: start-up, an endpoint to InService, the SDK's training.

Three timings, each against ``estlab serve`` started in this process (``estlab.workflow.local.api
.serve``), as the book's examples and a student's script use it:

1. **start-up**: from calling ``serve()`` to the first answered request
   (``ListTrainingJobs`` through boto3). Goal (issue 11): under 2 s.
2. **endpoint**: boto3 ``create_model`` + ``create_endpoint_config`` + ``create_endpoint``, then
   ``describe_endpoint`` every 50 ms until InService. Goal: under 2 s.
3. **chapter 7**: ``python chapters/07-training/examples/sagemaker_training.py`` as a subprocess
   (the SDK v3 ``ModelTrainer.train(wait=True)`` plus estlab's ``NumPyEstimator`` through a
   ``SageMakerSession``, both on the local API), wall time. Goal: under 5 s. The SDK's own
   ``TrainingJob.wait`` sleeps 5 s between polls, so a job that ends in one second is reported
   after five: that floor is the SDK's, and the goal cannot be met while it polls that way.

There is no reference to run side by side (SageMaker's local mode needs Docker, AWS needs an
account); the goals are absolute. Medians of ``--repeats`` runs.

Run: ``python benchmarks/bench_local_api.py`` (writes ``benchmarks/results/local_api.md``).
"""

import _harness  # first: fixes BLAS threads before NumPy loads

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_7 = ROOT / "chapters" / "07-training" / "examples" / "sagemaker_training.py"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-py312-cpu-py3"


def _tar_gz(folder):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                tar.add(path, arcname=path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _artifacts(folder):
    """(model.tar.gz, sourcedir.tar.gz) bytes: a fitted LinearRegression and its serving code."""
    import numpy as np

    import estlab
    from estlab.linear_model import LinearRegression
    from estlab.workflow.estimator import default_training_script

    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    model_dir, code_dir = Path(folder, "model"), Path(folder, "code")
    model_dir.mkdir()
    estlab.save(LinearRegression().fit(X, X @ [2.0, -1.0] + 0.5), model_dir / "model")
    shutil.copytree(Path(estlab.__file__).parent, code_dir / "estlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(default_training_script(), code_dir / "train.py")
    return _tar_gz(model_dir), _tar_gz(code_dir)


def api_once(folder, model_tar, code_tar, rep):
    """``{"start-up": s, "endpoint": s}`` for one fresh server."""
    import boto3

    from estlab.workflow.local.api import serve

    times = {}
    t = time.perf_counter()
    with serve(root=Path(folder, f"root-{rep}")):
        sm = boto3.client("sagemaker")
        sm.list_training_jobs()
        times["start-up"] = time.perf_counter() - t
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="bench")
        s3.put_object(Bucket="bench", Key="model.tar.gz", Body=model_tar)
        s3.put_object(Bucket="bench", Key="sourcedir.tar.gz", Body=code_tar)
        t = time.perf_counter()
        sm.create_model(ModelName="m", ExecutionRoleArn="arn:aws:iam::000000000000:role/r",
                        PrimaryContainer={
                            "Image": IMAGE, "ModelDataUrl": "s3://bench/model.tar.gz",
                            "Environment": {"SAGEMAKER_PROGRAM": "train.py",
                                            "SAGEMAKER_SUBMIT_DIRECTORY":
                                                "s3://bench/sourcedir.tar.gz"}})
        sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": "m", "InitialInstanceCount": 1,
            "InstanceType": "ml.m5.large"}])
        sm.create_endpoint(EndpointName="e", EndpointConfigName="c")
        while (status := sm.describe_endpoint(EndpointName="e")["EndpointStatus"]) == "Creating":
            time.sleep(0.05)
        times["endpoint"] = time.perf_counter() - t
        if status != "InService":
            raise SystemExit(f"the endpoint ended {status}")
        sm.delete_endpoint(EndpointName="e")
    return times


def chapter_7_once(folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SAGEMAKER_"))}
    env["HOME"] = folder
    t = time.perf_counter()
    done = subprocess.run([sys.executable, str(CHAPTER_7)], cwd=folder, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0 or "Completed" not in done.stdout:
        raise SystemExit(f"chapter 7's example failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(_harness.RESULTS_DIR / "local_api.md"))
    args = parser.parse_args()

    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-local-api-") as folder:
        model_tar, code_tar = _artifacts(folder)
        for rep in range(args.repeats):
            times = api_once(folder, model_tar, code_tar, rep)
            with tempfile.TemporaryDirectory(prefix="bench-ch7-") as scratch:
                times["chapter 7"] = chapter_7_once(scratch)
            runs.append(times)
            print(f"run {rep + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()),
                  flush=True)
    goals = {"start-up": 2.0, "endpoint": 2.0, "chapter 7": 5.0}
    lines = ["# The local SageMaker API: start-up, endpoint, the SDK's training example", "",
             _harness.environment(("numpy", "estlab", "sagemaker", "boto3", "moto")), "",
             "The machine was shared with other jobs while this ran (see the load averages "
             "above), so the numbers are noisy.", "",
             f"Medians of {args.repeats} runs; each run starts a fresh `estlab serve`.", "",
             "| what | median (s) | min (s) | max (s) | goal | |", "|---|---:|---:|---:|---:|---|"]
    for what, goal in goals.items():
        values = [r[what] for r in runs]
        med = _harness.median(values)
        lines.append(f"| {what} | {med:.2f} | {min(values):.2f} | {max(values):.2f} | "
                     f"< {goal:g} s | {'met' if med < goal else 'NOT met'} |")
    lines += ["", "Chapter 7 runs two training jobs (the SDK's `ModelTrainer` and estlab's "
              "`NumPyEstimator` through a `SageMakerSession`) in a fresh Python process that "
              "imports the SDK and starts its own `estlab serve`; `ModelTrainer.train(wait=True)`"
              " alone cannot return in under 5 s, since the SDK's `TrainingJob.wait` sleeps 5 s "
              "between polls."]
    _harness.write_results(args.out, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
