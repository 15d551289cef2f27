"""Chapter 6 exercises: processing."""

import os
import tempfile
from pathlib import Path

import numpy as np

from estlab._i18n import translate
from estlab.exercises._exercise import Exercise, Mistake, as_array, close


def check_standardize(student):
    standardize = student.function("standardize")
    rng = np.random.default_rng(61)
    train = np.column_stack([rng.normal(size=40), rng.normal(5, 2, size=40),
                             rng.normal(-1, 0.5, size=40)])
    test = np.column_stack([rng.normal(size=10), rng.normal(7, 3, size=10),
                            rng.normal(0, 1, size=10)])
    value = standardize(train.copy(), test.copy())
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Mistake("standardize should return (train_z, test_z); got {type_name}.",
                      type_name=type(value).__name__)
    train_z = as_array(value[0], "train_z", shape=train.shape)
    test_z = as_array(value[1], "test_z", shape=test.shape)
    mean, sd = train[:, 1:].mean(axis=0), train[:, 1:].std(axis=0)
    if not close(train_z[:, 0], train[:, 0]) or not close(test_z[:, 0], test[:, 0]):
        raise Mistake("Leave the target (column 0) unchanged: standardise only the features, "
                      "columns 1 onwards.")
    if close(train_z[:, 1:], (train[:, 1:] - mean) / train[:, 1:].std(axis=0, ddof=1)):
        raise Mistake("Use the standard deviation with ddof=0, as StandardScaler does "
                      "(np.std's default).")
    if not close(train_z[:, 1:], (train[:, 1:] - mean) / sd):
        raise Mistake("The training features should have mean 0 and sd 1 after standardising "
                      "with the training mean and sd.")
    own = (test[:, 1:] - test[:, 1:].mean(axis=0)) / test[:, 1:].std(axis=0)
    if close(test_z[:, 1:], own):
        raise Mistake("You standardised the test split with its own mean and sd: that leaks "
                      "information from the test set and differs from what the model sees in "
                      "production. Use the TRAINING mean and sd for both splits.")
    both = np.vstack([train[:, 1:], test[:, 1:]])
    if close(test_z[:, 1:], (test[:, 1:] - both.mean(axis=0)) / both.std(axis=0)):
        raise Mistake("You computed the statistics on train and test together: that leaks the "
                      "test set. Use the training split only.")
    if not close(test_z[:, 1:], (test[:, 1:] - mean) / sd):
        raise Mistake("test_z should be (test - training mean) / training sd, feature by feature.")


def _snapshot(root):
    return {p for p in Path(root).rglob("*") if p.is_file()}


def check_preprocess(student):
    rng = np.random.default_rng(62)
    with tempfile.TemporaryDirectory(prefix="estlab-ex-6.2-") as tmp:
        root = Path(tmp)
        inp, out, work = root / "input", root / "output", root / "work"
        for folder in (inp, out, work):
            folder.mkdir()
        parts = [rng.normal(size=(n, 3)).round(3) for n in (23, 17)]
        for i, part in enumerate(parts):
            np.savetxt(inp / f"part-{i}.csv", part, delimiter=",")
        before = _snapshot(root)
        student.run(["--input-dir", inp, "--output-dir", out, "--test-fraction", "0.25",
                     "--seed", "7"], cwd=work, timeout=60)
        outside = sorted(str(p.relative_to(root)) for p in _snapshot(root) - before
                         if out not in p.parents)
        if outside:
            raise Mistake("Your script wrote {outside} outside its output folder. A processing "
                          "job uploads only what is under the output folder (--output-dir, the "
                          "ProcessingOutput's source); write there, never next to the script or "
                          "into the input folder.",
                          outside=outside)
        train, test = out / "train" / "train.csv", out / "test" / "test.csv"
        if not train.is_file() or not test.is_file():
            found = sorted(str(p.relative_to(out)) for p in _snapshot(out))
            source = student.path.read_text(encoding="utf-8")
            hardcoded = "/opt/ml" in source.split("def main", 1)[-1]
            if hardcoded:
                raise Mistake("Expected train/train.csv and test/test.csv under --output-dir; "
                              "found {found}. Did you hard-code /opt/ml/...? Use "
                              "args.output_dir.", found=found or translate("nothing"))
            raise Mistake("Expected train/train.csv and test/test.csv under --output-dir; found "
                          "{found}.", found=found or translate("nothing"))
        train_rows = np.loadtxt(train, delimiter=",", ndmin=2)
        test_rows = np.loadtxt(test, delimiter=",", ndmin=2)
        data = np.vstack(parts)
        if len(test_rows) != 10 or len(train_rows) != 30:
            raise Mistake("40 rows with --test-fraction 0.25 should give 30 training and 10 test "
                          "rows; got {n_train_rows} and {n_test_rows}. Read EVERY csv file of the "
                          "input folder.",
                          n_train_rows=len(train_rows), n_test_rows=len(test_rows))
        together = np.vstack([train_rows, test_rows])
        same_rows = close(np.sort(together, axis=0), np.sort(data, axis=0), rtol=1e-6)
        if together.shape[1] != 3 or not same_rows:
            raise Mistake("The rows of train.csv and test.csv together should be exactly the input "
                          "rows, unchanged (no header, no index column).")
        if close(together, data, rtol=1e-6):
            raise Mistake("Your split keeps the file order: shuffle the rows with "
                          "np.random.default_rng(args.seed).permutation first.")


def check_container_command(student):
    command = student.function("container_command")
    cases = [(["python3"], "scripts/preprocess.py", ["--test-fraction", "0.2"]),
             (["python3", "-u"], os.path.join("/home/me/project", "clean.py"), []),
             (["/usr/bin/python"], "prep.py",
              ["--seed", "1", "--input-dir", "/opt/ml/processing/input"])]
    for cmd, code, arguments in cases:
        name = code.replace("\\", "/").rsplit("/", 1)[-1]
        right = [*cmd, f"/opt/ml/processing/input/code/{name}", *arguments]
        got = command(list(cmd), code, list(arguments))
        if isinstance(got, tuple):
            got = list(got)
        if got == right:
            continue
        if not isinstance(got, list):
            raise Mistake("container_command should return a list of strings; got {got!r}.",
                          got=got)
        if code in got and code != f"/opt/ml/processing/input/code/{name}":
            raise Mistake("The container cannot see your laptop's path {code!r}: the processor "
                          "uploads the file and mounts it at /opt/ml/processing/input/code/{name}.",
                          code=code, name=name)
        if sorted(got) == sorted(right):
            raise Mistake("Right pieces, wrong order: command, then the script, then the "
                          "arguments: {right}.",
                          right=right)
        raise Mistake("container_command({cmd}, {code!r}, {arguments}) should be {right}; got "
                      "{got}.",
                      cmd=cmd, code=code, arguments=arguments, right=right, got=got)


EXERCISES = [
    Exercise(6, 1, "standardize", "Standardise with the training statistics", "function",
             "A processing step standardises the features before training. Implement "
             "`standardize(train, test)` so that no information from the test split leaks in, "
             "and the target column stays as it is.",
             ("Which split's statistics will the deployed model see in production?",
              "Compute mean and sd on train[:, 1:] only; apply them to both splits.",
              "test_z[:, 1:] = (test[:, 1:] - mean) / sd with mean, sd from the training split "
              "(ddof=0)."),
             check_standardize),
    Exercise(6, 2, "preprocess", "A processing script that splits the data", "script",
             "Complete `main()` of the processing script `preprocess.py`: read every CSV of "
             "`--input-dir`, shuffle the rows with the seed, and write `train/train.csv` and "
             "`test/test.csv` under `--output-dir`. The check runs your script as SageMaker would, "
             "with temporary input and output folders, and watches where it writes. Run it on "
             "the local workflow with `estlab.workflow.ScriptProcessor(command=[\"python3\"]).run("
             "code=\"preprocess.py\", inputs=[...], outputs=[...])`.",
             ("Only the output folder is uploaded when the job ends.",
              "Build every path from args.input_dir and args.output_dir; create the subfolders "
              "with Path.mkdir(parents=True, exist_ok=True).",
              "np.vstack the files, rows = default_rng(seed).permutation(n), test = first "
              "round(f * n) rows, np.savetxt(out / 'train' / 'train.csv', ..., delimiter=',')."),
             check_preprocess, timeout=60.0),
    Exercise(6, 3, "container_command", "What the processing container runs", "quantity",
             "`ScriptProcessor.run(code=..., arguments=...)` does not run your local file: "
             "implement `container_command(command, code, arguments)` returning the argv the "
             "container executes.",
             ("Where does the processor put the `code` file inside the container?",
              "Only the file name survives: /opt/ml/processing/input/code/<name>.",
              "[*command, '/opt/ml/processing/input/code/' + basename(code), *arguments]"),
             check_container_command),
]
