"""Chapter 7 exercises: training."""

import json
import re
import tempfile
from pathlib import Path

import numpy as np

from estlab.exercises._exercise import Exercise, Mistake, as_array, close


def check_hyperparameters(student):
    read = student.function("read_hyperparameters")
    values = {"epochs": 10, "learning_rate": 0.05, "solver": "newton", "fit_intercept": False,
              "layers": [4, 2]}
    encoded = {k: json.dumps(v) for k, v in values.items()}
    encoded["tag"] = "abc"  # not JSON: written by a client that sends str(value)
    expected = dict(values, tag="abc")
    with tempfile.TemporaryDirectory(prefix="estlab-ex-7.1-") as tmp:
        path = Path(tmp) / "hyperparameters.json"
        path.write_text(json.dumps(encoded), encoding="utf-8")
        got = read(str(path))
    if not isinstance(got, dict):
        raise Mistake("read_hyperparameters should return a dict; got {type_name}.",
                      type_name=type(got).__name__)
    if got == encoded:
        raise Mistake("Every value in hyperparameters.json is a string (\"10\", \"false\"); decode "
                      "each with json.loads, or epochs + 1 fails and \"false\" counts as True.")
    for key, value in expected.items():
        if key not in got:
            raise Mistake("The key {key!r} is missing from your result.",
                          key=key)
        if got[key] != value or type(got[key]) is not type(value):
            if key == "solver" and got[key] == '"newton"':
                raise Mistake("The solver came out as '\"newton\"' with its quotes: json.loads "
                              "removes them.")
            if key == "fit_intercept" and got[key] is not False:
                raise Mistake("\"false\" became {got!r}: bool(\"false\") is True. Decode with "
                              "json.loads.",
                              got=got[key])
            raise Mistake("{key!r} should be {value!r} ({type_name}); got {got!r} ({type_name2}).",
                          key=key, value=value, type_name=type(value).__name__, got=got[key],
                          type_name2=type(got[key]).__name__)


def _train_job(student, fit_intercept, data):
    with tempfile.TemporaryDirectory(prefix="estlab-ex-7.2-") as tmp:
        ml = Path(tmp) / "opt" / "ml"
        channel, model, code = ml / "input" / "data" / "train", ml / "model", ml / "code"
        for folder in (channel, model, code, ml / "output" / "data"):
            folder.mkdir(parents=True)
        np.savetxt(channel / "part-0.csv", data[:25], delimiter=",")
        np.savetxt(channel / "part-1.csv", data[25:], delimiter=",")
        env = {"SM_CHANNEL_TRAIN": str(channel), "SM_MODEL_DIR": str(model),
               "SM_OUTPUT_DATA_DIR": str(ml / "output" / "data"), "SM_CHANNELS": '["train"]',
               "SM_HPS": json.dumps({"fit-intercept": fit_intercept})}
        proc = student.run(["--fit-intercept", str(fit_intercept)], env=env, cwd=code, timeout=60)
        saved = model / "model.npz"
        if not saved.is_file():
            elsewhere = [str(p.relative_to(tmp)) for p in Path(tmp).rglob("*.npz")]
            raise Mistake("No model.npz in SM_MODEL_DIR (found {value}). Only SM_MODEL_DIR "
                          "(/opt/ml/model) becomes model.tar.gz.",
                          value=elsewhere or 'no .npz at all')
        with np.load(saved, allow_pickle=False) as npz:
            missing = {"intercept", "coef"} - set(npz.files)
            if missing:
                raise Mistake("model.npz should hold arrays 'intercept' and 'coef'; missing "
                              "{missing}.",
                              missing=sorted(missing))
            coef = np.array(npz["coef"], dtype=float)
            return float(npz["intercept"]), coef, proc.stdout + proc.stderr


def check_train(student):
    rng = np.random.default_rng(72)
    X = rng.normal(1.0, 1.0, size=(60, 2))
    y = 4.0 + X @ np.array([1.5, -2.0]) + rng.normal(0, 0.3, size=60)
    data = np.column_stack([y, X])
    intercept, coef, log = _train_job(student, True, data)
    design = np.column_stack([np.ones(60), X])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    if close(coef, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-5):
        raise Mistake("With --fit-intercept True your model has no intercept: add a column of "
                      "ones.")
    if not close([intercept, *coef], beta, rtol=1e-5):
        raise Mistake("With --fit-intercept True expected intercept {beta_0:.5g} and coef {beta}; "
                      "got {intercept:.5g} and {coef}. Read every file of the channel, target in "
                      "column 0.",
                      beta_0=beta[0], beta=np.round(beta[1:], 5), intercept=intercept,
                      coef=np.round(coef, 5))
    match = re.findall(r"train_mse=([0-9.eE+-]+)", log)
    mse = np.mean((y - design @ beta) ** 2)
    if not match:
        raise Mistake("The log has no line train_mse=<value>, so the metric definition finds "
                      "nothing: print(f\"train_mse={{mse}}\").")
    try:
        logged = float(match[-1])
    except ValueError:
        logged = np.nan
    if not close(logged, mse, rtol=1e-4):
        raise Mistake("The logged train_mse={match} should be the mean squared training residual, "
                      "{mse:.6g}.",
                      match=match[-1], mse=mse)
    intercept, coef, _ = _train_job(student, False, data)
    if intercept != 0.0 or not close(coef, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-5):
        raise Mistake("With --fit-intercept False the model should have intercept 0 and the "
                      "least-squares fit through the origin. Careful: argparse's type=bool turns "
                      "the text 'False' into True; compare the text with 'true' instead.")


def _size(value):
    if isinstance(value, (int, float, np.number)):
        return 1
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return 1


def check_sufficient_stats(student):
    host_statistics = student.function("host_statistics")
    combine = student.function("combine")
    rng = np.random.default_rng(73)
    sizes = (8, 40, 300)
    shards = []
    for n in sizes:
        X = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
        y = X @ np.array([1.0, 2.0, -1.0]) + rng.normal(0, 1.0, size=n)
        shards.append((X, y))
    stats = [host_statistics(X.copy(), y.copy()) for X, y in shards]
    if _size(stats[-1]) >= 300:
        raise Mistake("A host sends {size} numbers for 300 rows: that is the data, not sufficient "
                      "statistics. Send sums whose size does not grow with n.",
                      size=_size(stats[-1]))
    beta = as_array(combine(stats), "the combined coefficients", shape=(3,))
    X_all = np.vstack([X for X, _ in shards])
    y_all = np.concatenate([y for _, y in shards])
    truth = np.linalg.lstsq(X_all, y_all, rcond=None)[0]
    if close(beta, truth, rtol=1e-7):
        return
    per_host = [np.linalg.lstsq(X, y, rcond=None)[0] for X, y in shards]
    if close(beta, np.mean(per_host, axis=0), rtol=1e-6):
        raise Mistake("You averaged each host's coefficients. That is not the least-squares fit "
                      "of all the data (the shards differ in size and content): add up X^T X and "
                      "X^T y across hosts, then solve once.")
    if close(beta, np.average(per_host, axis=0, weights=sizes), rtol=1e-6):
        raise Mistake("A size-weighted average of per-host coefficients is still not the "
                      "least-squares fit: add up X^T X and X^T y across hosts, then solve once.")
    raise Mistake("The combined coefficients should equal least squares on all rows, {truth}; got "
                  "{beta}.",
                  truth=np.round(truth, 5), beta=np.round(beta, 5))


def _argv(hyperparameters):
    """The training toolkit's mapping (sagemaker_training.mapping.to_cmd_args), restated."""
    argv = []
    for key in sorted(k for k in hyperparameters if not k.startswith("sagemaker_")):
        value = hyperparameters[key]
        text = (",".join(f"{k}={v}" for k, v in sorted(value.items())) if isinstance(value, dict)
                else "" if value is None else str(value))
        argv += [f"-{key}" if len(key) == 1 else f"--{key}", text]
    return argv


def check_script_arguments(student):
    script_arguments = student.function("script_arguments")
    cases = [{"epochs": 10, "flag": True, "d": {"b": 2, "a": 1}},
             {"learning-rate": 0.05, "fit_intercept": False, "solver": "newton", "layers": [4, 2],
              "note": None, "sagemaker_program": "train.py", "sagemaker_region": "eu-west-1"}]
    for hps in cases:
        got = script_arguments(dict(hps))
        right = _argv(hps)
        if isinstance(got, tuple):
            got = list(got)
        if got == right:
            continue
        if not isinstance(got, list) or not all(isinstance(a, str) for a in got):
            raise Mistake("script_arguments should return a list of strings; got {got!r}.",
                          got=got)
        if any(a.startswith("--sagemaker_") for a in got):
            raise Mistake("sagemaker_* keys are the SDK's own (sagemaker_program, "
                          "sagemaker_region, ...); the toolkit removes them before building argv.")
        if "true" in got or "false" in got:
            raise Mistake("Booleans reach the script as Python's True / False (str(value)), not "
                          "JSON's true / false: parse them with s.lower() == 'true'.")
        if "--d" in got or "--d=" in "".join(got):
            raise Mistake("A one-letter hyperparameter becomes a short option: -d, not --d.")
        if any(a.startswith("{") for a in got):
            raise Mistake("A dict value is written k1=v1,k2=v2 with its keys sorted, not as a "
                          "dict literal.")
        if sorted(got) == sorted(right):
            raise Mistake("Sort the hyperparameters by name before building argv.")
        raise Mistake("script_arguments({hps}) should be {right}; got {got}.",
                      hps=hps, right=right, got=got)


EXERCISES = [
    Exercise(7, 1, "hyperparameters", "Hyperparameters arrive as strings", "function",
             "Implement `read_hyperparameters(path)`, which reads "
             "`/opt/ml/input/config/hyperparameters.json` and decodes its string values the way "
             "SageMaker's training toolkit does.",
             ("Open the file in the job folder of a local training job: what type is every value?",
              "The SDK sent json.dumps(value); undo it with json.loads, value by value.",
              "try: json.loads(value) except json.JSONDecodeError: keep the string."),
             check_hyperparameters),
    Exercise(7, 2, "train", "A script-mode training entry point", "script",
             "Complete the training script `train.py`: parse the `--fit-intercept` "
             "hyperparameter, read the train channel from `SM_CHANNEL_TRAIN`, fit least squares, "
             "save `model.npz` in `SM_MODEL_DIR` and print the metric line `train_mse=...`. The "
             "check runs it as a training job would, in a folder with the /opt/ml layout; run it "
             "yourself with `estlab.workflow.Estimator(entry_point=\"train.py\", "
             "hyperparameters={\"fit-intercept\": True}).fit({\"train\": ...})`.",
             ("SageMaker passes hyperparameters as command-line text and folders as SM_* "
              "environment variables.",
              "argparse's type=bool makes bool('False') == True; parse the text yourself. Save "
              "only in args.model_dir.",
              "type=lambda s: s.lower() == 'true'; np.savez(Path(args.model_dir) / 'model.npz', "
              "intercept=..., coef=...); print(f'train_mse={mse}')."),
             check_train, timeout=60.0),
    Exercise(7, 3, "sufficient_stats", "Training on several instances", "function",
             "With `instance_count=3` and `ShardedByS3Key`, each host sees a third of the files. "
             "Implement `host_statistics(X, y)` (what a host sends) and `combine(statistics)` so "
             "that the combined fit equals least squares on all the data.",
             ("Is the average of three least-squares fits the least-squares fit of the union?",
              "The normal equations X^T X b = X^T y involve sums over rows, and sums add across "
              "hosts.",
              "host: (X.T @ X, X.T @ y, n); combine: np.linalg.solve(sum of X^T X, sum of X^T y)."),
             check_sufficient_stats),
    Exercise(7, 4, "script_arguments", "The command line a training job builds", "quantity",
             "Your training script receives its hyperparameters as command-line arguments. "
             "Implement `script_arguments(hyperparameters)` returning the argv SageMaker's "
             "training toolkit builds, and see why `argparse`'s `type=bool` is a trap.",
             ("Look at SM_USER_ARGS in the environment of a local training job.",
              "Sorted keys; -k for one letter, --key otherwise; str(value), so True stays 'True'.",
              "dict: ','.join(f'{k}={v}' for k, v in sorted(d.items())); None: ''; drop "
              "sagemaker_* keys."),
             check_script_arguments),
]
