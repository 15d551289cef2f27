"""Every ``chapters/*/examples/sagemaker_*.py`` runs on its own, offline, and prints its requests.

Each example is started as a script in a subprocess with no AWS settings, so it runs on the local
SageMaker API (chapters 5-9: the jobs train, the endpoints answer) or, where its images have no
local profile, rehearses under moto (chapter 10). It must exit 0, print the summary header and
one captured request line per API call it makes, and the local ones must print real results.
The subprocesses run concurrently: most of their time is the SDK's imports and its polling.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(ROOT.glob("chapters/*/examples/sagemaker_*.py"))
# What each example must have sent, at least (operation -> count).
EXPECTED = {
    "sagemaker_components.py": {"CreateProcessingJob": 1, "CreateTrainingJob": 1, "CreateModel": 1,
                                "CreateEndpointConfig": 1, "CreateEndpoint": 1,
                                "InvokeEndpoint": 1},
    "sagemaker_processing.py": {"CreateProcessingJob": 1},
    "sagemaker_training.py": {"CreateTrainingJob": 2},
    "sagemaker_deployment.py": {"CreateModel": 1, "CreateEndpointConfig": 1, "CreateEndpoint": 1,
                                "InvokeEndpoint": 1},
    "sagemaker_batch_transform.py": {"CreateModel": 1, "CreateTransformJob": 1},
    "sagemaker_pipeline_routes.py": {"CreateProcessingJob": 3, "CreateTrainingJob": 3},
}
# Where each example runs without AWS settings, and what it must print that only a real run can.
WHERE = {"sagemaker_components.py": "local", "sagemaker_processing.py": "local",
         "sagemaker_training.py": "local", "sagemaker_deployment.py": "local",
         "sagemaker_batch_transform.py": "local", "sagemaker_pipeline_routes.py": "rehearsal"}
RESULTS = {
    "sagemaker_components.py": re.compile(r"answer: b'\[[-0-9.e, ]+\]'"),
    "sagemaker_processing.py": re.compile(r"^wrote 120 records to /opt/ml/processing/train", re.M),
    "sagemaker_training.py": re.compile(
        r"^ModelTrainer's job: estlab-logistic-\S+ Completed \{'train:accuracy': 0\.8", re.M),
    "sagemaker_batch_transform.py": re.compile(
        r"status: Completed \| strategy: MultiRecord(.|\n)*batch.csv.out: 1000 lines"),
    "sagemaker_deployment.py": re.compile(r"prediction: b'\[[-0-9.e]+, [-0-9.e]+\]' "
                                          r"application/json"),
}
HEADERS = {"local": "--- requests the SDK sent to SageMaker [local SageMaker API at "
                    "http://127.0.0.1:",
           "rehearsal": "--- requests the SDK sent to SageMaker [rehearsal (moto, offline)"}
NAME_RULE = re.compile(r"name=([^,]+),")
VALID_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def offline_env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "SAGEMAKER_")) and k != "PYTHONWARNINGS"}
    env["HOME"] = str(tmp_path)  # no ~/.aws, no ~/.config/sagemaker
    return env


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("examples")
    procs = {path: subprocess.Popen([sys.executable, str(path)], cwd=tmp, env=offline_env(tmp),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for path in EXAMPLES}
    results = {}
    for path, proc in procs.items():
        out, err = proc.communicate(timeout=540)
        results[path.name] = (proc.returncode, out, err)
    return results


def test_every_chapter_from_5_to_10_has_a_sagemaker_example():
    chapters = {p.parent.parent.name[:2] for p in EXAMPLES}
    assert chapters >= {"05", "06", "07", "08", "09", "10"}
    assert {p.name for p in EXAMPLES} >= set(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_offline_and_prints_its_requests(runs, name):
    code, out, err = runs[name]
    assert code == 0, err[-3000:]
    assert HEADERS[WHERE[name]] in out, out[-3000:]
    lines = out.split("--- requests the SDK sent to SageMaker")[1].splitlines()[1:]
    sent = [line.split(":", 1)[0] for line in lines]
    for operation, count in EXPECTED[name].items():
        assert sent.count(operation) >= count, (operation, lines)
    for line in lines:
        match = NAME_RULE.search(line)
        if match and not line.startswith("InvokeEndpoint"):
            assert VALID_NAME.match(match.group(1)), line


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RESULTS))
def test_example_on_the_local_api_prints_what_only_a_real_run_can(runs, name):
    code, out, err = runs[name]
    assert code == 0, err[-3000:]
    assert RESULTS[name].search(out), out[-3000:]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_marks_its_sdk_code_for_the_book(path):
    text = path.read_text()
    assert text.count("# --8<-- [start:sdk]") == 1 and text.count("# --8<-- [end:sdk]") == 1
    assert text.index("[start:sdk]") < text.index("[end:sdk]")
    assert "aws_or_rehearsal" in text
