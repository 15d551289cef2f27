"""Wall time of the local workflow on the tutorial data set, from raw CSV to the first prediction.

Stages, each timed with ``time.perf_counter`` in this process (as a student's notebook would):

1. processing: ``NumPyProcessor().run`` (clean, split, standardise the raw churn CSV);
2. training: ``NumPyEstimator(LogisticRegression).fit`` on the train and validation channels;
3. deploy: ``estimator.deploy()`` until the endpoint is InService;
4. first prediction: ``predictor.predict`` of the test features.

The raw CSV (``estlab.datasets.write_tutorial_csv``, 500 customers) is written before the
clock starts. There is no reference implementation to run side by side (the SDK's local mode
needs Docker, which this machine does not have); the goals are absolute: under 2 s (issue 10;
5 s before it), with every job host in its bubblewrap sandbox.

It also times the sandbox's own start cost, side by side with a plain process start in the same
run: ``true`` started directly and inside a host sandbox (``estlab.workflow.local.sandbox``),
interleaved, medians; the goal is at most 50 ms a host.

Run: ``python benchmarks/bench_workflow.py`` (writes ``benchmarks/results/workflow.md``).
"""

import _harness  # first: fixes BLAS threads before NumPy loads

import argparse
import tempfile
import time
from pathlib import Path

ARGS = ["--input", "/opt/ml/processing/input", "--train-output", "/opt/ml/processing/train",
        "--validation-output", "/opt/ml/processing/validation",
        "--test-output", "/opt/ml/processing/test", "--target", "churned",
        "--drop", "customer_id"]
STAGES = ["processing", "training", "deploy", "first prediction"]


def run_once(folder):
    """Time each stage of one run; return ``{stage: seconds}``."""
    import numpy as np

    from estlab.datasets import write_tutorial_csv
    from estlab.workflow import (LocalSession, NumPyEstimator, NumPyProcessor, ProcessingInput,
                                 ProcessingOutput)
    from estlab.workflow._uris import local_path

    raw = write_tutorial_csv(Path(folder, "raw", "churn.csv"), n=500, random_state=0)
    times = {}
    with LocalSession(root=Path(folder, "estlab")) as session:
        t = time.perf_counter()
        processor = NumPyProcessor(session=session)
        processor.run(inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
                      outputs=[ProcessingOutput(f"/opt/ml/processing/{o}", output_name=o)
                               for o in ("train", "validation", "test")],
                      arguments=ARGS, logs=False)
        times["processing"] = time.perf_counter() - t

        t = time.perf_counter()
        out = {o.output_name: local_path(o.destination) for o in processor.latest_job.outputs}
        estimator = NumPyEstimator(hyperparameters={"estimator": "LogisticRegression"},
                                   session=session)
        estimator.fit({"train": str(out["train"]), "validation": str(out["validation"])},
                      logs=False)
        times["training"] = time.perf_counter() - t

        t = time.perf_counter()
        predictor = estimator.deploy()
        times["deploy"] = time.perf_counter() - t

        t = time.perf_counter()
        X_test = np.loadtxt(out["test"] / "test.csv", delimiter=",")[:, 1:]
        prediction = predictor.predict(X_test)
        times["first prediction"] = time.perf_counter() - t
        if prediction.shape != (len(X_test),):
            raise SystemExit(f"unexpected prediction shape {prediction.shape}")
        predictor.delete_endpoint()
    return times


def sandbox_start_cost(repeats=41):
    """Median ms to start and end ``true``: plain, and in a host sandbox; interleaved."""
    import subprocess

    from estlab.workflow.local import sandbox

    if not sandbox.enabled():
        return None
    plain, boxed = [], []
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as host:
        env = sandbox.base_environment()
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run(["true"], env=env, check=True)
            plain.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            proc = sandbox.spawn(host, ["true"], env=env, cwd="/opt/ml")
            if proc.wait() != 0:
                raise SystemExit("the sandbox did not run `true`")
            boxed.append(time.perf_counter() - t0)
    return _harness.median(plain) * 1e3, _harness.median(boxed) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(_harness.RESULTS_DIR / "workflow.md"))
    args = parser.parse_args()

    cost = sandbox_start_cost()
    runs = []
    for rep in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="bench-workflow-") as folder:
            times = run_once(folder)
        runs.append(times)
        print(f"run {rep + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
              + f"; total {sum(times.values()):.2f} s", flush=True)
    totals = [sum(r.values()) for r in runs]
    median_total = _harness.median(totals)
    lines = ["# Local workflow wall time: raw CSV to the first prediction", "",
             _harness.environment(("numpy", "estlab")), "",
             "The machine was shared with other jobs while this ran (see the load averages "
             "above), so the numbers are noisy.", "",
             "Tutorial data set: `estlab.datasets.write_tutorial_csv(n=500)` (written before the "
             "clock starts). NumPyProcessor -> NumPyEstimator(LogisticRegression) -> deploy -> "
             f"predict the test features. Medians of {args.repeats} runs (first run included: "
             "it pays the cold file cache).", "",
             "| stage | median (s) | min (s) | max (s) |", "|---|---:|---:|---:|"]
    for stage in STAGES:
        values = [r[stage] for r in runs]
        lines.append(f"| {stage} | {_harness.median(values):.2f} | {min(values):.2f} | "
                     f"{max(values):.2f} |")
    lines.append(f"| **total** | **{median_total:.2f}** | {min(totals):.2f} | "
                 f"{max(totals):.2f} |")
    lines += ["", f"Goal: under 2 s from raw CSV to the first prediction: "
              f"{'met' if median_total < 2 else 'NOT met'} (median {median_total:.2f} s)."]
    if cost is None:
        lines += ["", "No sandbox on this machine (bubblewrap missing or ESTLAB_SANDBOX=0): the "
                  "jobs ran as plain processes."]
    else:
        plain_ms, boxed_ms = cost
        lines += ["", f"Sandbox start cost (median of 41, interleaved): `true` plain "
                  f"{plain_ms:.1f} ms, in a host sandbox {boxed_ms:.1f} ms, so "
                  f"{boxed_ms - plain_ms:.1f} ms a host. Goal <= 50 ms a host: "
                  f"{'met' if boxed_ms - plain_ms <= 50 else 'NOT met'}."]
    text = "\n".join(lines) + "\n"
    print(text)
    _harness.write_results(args.out, text)


if __name__ == "__main__":
    main()
