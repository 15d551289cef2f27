"""Every ``chapters/*/examples/sagemaker_*.py`` runs on its own, offline, and prints its requests.

Each example is started as a script in a subprocess with no AWS settings, so it runs on the local
SageMaker API (chapters 5-10: the jobs train, the endpoints answer) or, where its images have no
local profile, rehearses under moto (chapter 10's TensorFlow and PyTorch routes; its built-in
XGBoost route runs on the local API with the real xgboost package). It must exit 0, print the
summary header and one captured request line per API call it makes, and the local ones must
print real results. The subprocesses run concurrently: most of
their time is the SDK's imports and its polling.
"""

import collections
import io
import json
import os
import py_compile
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
    "sagemaker_pipelines.py": {"CreateTrainingJob": 3, "CreateModel": 3,
                               "CreateEndpointConfig": 2, "CreateEndpoint": 2,
                               "CreateTransformJob": 1, "InvokeEndpoint": 2},
    "sagemaker_pipeline_routes.py": {"CreateTrainingJob": 2, "CreateModel": 1,
                                     "CreateEndpointConfig": 1, "CreateEndpoint": 1,
                                     "InvokeEndpoint": 1},
    "sagemaker_xgboost_forecast.py": {"CreateTrainingJob": 1, "CreateModel": 1,
                                      "CreateEndpointConfig": 1, "CreateEndpoint": 1,
                                      "InvokeEndpoint": 1},
}
# Where each example runs without AWS settings, and what it must print that only a real run can.
WHERE = {"sagemaker_components.py": "local", "sagemaker_processing.py": "local",
         "sagemaker_training.py": "local", "sagemaker_deployment.py": "local",
         "sagemaker_batch_transform.py": "local", "sagemaker_pipelines.py": "local",
         "sagemaker_pipeline_routes.py": "rehearsal", "sagemaker_xgboost_forecast.py": "local"}
RESULTS = {
    "sagemaker_components.py": re.compile(r"answer: b'\[[-0-9.e, ]+\]'"),
    "sagemaker_processing.py": re.compile(r"^wrote 120 records to /opt/ml/processing/train", re.M),
    "sagemaker_training.py": re.compile(
        r"^ModelTrainer's job: estlab-logistic-\S+ Completed \{'train:accuracy': 0\.8", re.M),
    "sagemaker_batch_transform.py": re.compile(
        r"status: Completed \| strategy: MultiRecord(.|\n)*batch.csv.out: 1000 lines"),
    "sagemaker_deployment.py": re.compile(r"prediction: b'\[[-0-9.e]+, [-0-9.e]+\]' "
                                          r"application/json"),
    "sagemaker_pipelines.py": re.compile(
        r"^shapes-softmax: shapes-softmax-\S+ Completed \{'train:accuracy': [0-9.]+, "
        r"'validation:accuracy': [0-9.]+\}\n"
        r"(.|\n)*^reviews-logistic: reviews-logistic-\S+ Completed \{'train:accuracy'"
        r"(.|\n)*^orders-poisson: orders-poisson-\S+ Completed \{'train:rmse': [0-9.]+, "
        r"'validation:rmse': [0-9.]+\}"
        r"(.|\n)*^endpoint: shapes-softmax InService\n(.|\n)*^endpoint: orders-poisson InService"
        r"(.|\n)*^text: transform job reviews-logistic-\S+ Completed, 129 reviews scored"
        r"(.|\n)*^endpoints left after the finally: \[\]$", re.M),
    "sagemaker_xgboost_forecast.py": re.compile(
        r"^training job: orders-xgboost-\S+ Completed \{'train:poisson-nloglik': [0-9.]+, "
        r"'validation:poisson-nloglik': [0-9.]+\}\n"
        r"^endpoints left after the finally: \[\]\n"
        r"^forecast for the 84 test days: RMSE [0-9.]+ orders/day", re.M),
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


# ---------------------------------------------------------------------------------- chapter 10 --
CH10 = ROOT / "chapters" / "10-pipelines" / "examples"


def _number(pattern, text):
    match = re.search(pattern, text)
    assert match, (pattern, text[-3000:])
    return [float(g) for g in match.groups()]


@pytest.mark.slow
def test_chapter_10_pipelines_predict_as_well_as_their_local_twins(runs):
    """The endpoints' and the transform job's answers are real predictions, not placeholders.

    The controls a fake answer would fail: the images are four balanced classes (chance 25%),
    the reviews two (chance 50%), and a forecast must beat "the same day last week" and come
    near the Poisson noise floor sqrt(mean) of about 5.7 orders a day.
    """
    code, out, err = runs["sagemaker_pipelines.py"]
    assert code == 0, err[-3000:]
    [images] = _number(r"held-out images classified, accuracy ([0-9.]+)", out)
    [reviews] = _number(r"reviews scored, accuracy ([0-9.]+)", out)
    rmse, naive = _number(r"RMSE over the 84 test days ([0-9.]+), naive[^0-9]+([0-9.]+)", out)
    [validation] = _number(r"'validation:accuracy': ([0-9.]+)", out)
    assert images > 0.85 and reviews > 0.8, (images, reviews)
    assert images == validation  # the endpoint serves the model the job validated
    assert 5.0 < rmse < naive, (rmse, naive)
    per_class = re.search(r"right per class: (\{.*\})", out)[1]
    assert set(json.loads(per_class.replace("'", '"'))) == {"cross", "hbar", "square", "vbar"}
    for name in ("shapes-softmax", "orders-poisson"):  # the SDK logs the deletes (stderr)
        assert f"Deleting Endpoint - {name}" in err, err[-3000:]


@pytest.mark.slow
def test_chapter_10_xgboost_route_sends_counterparts_objective_and_csv_channels(runs):
    """The built-in XGBoost request: counterpart()'s hyperparameters, text/csv on every channel."""
    from estlab.linear_model import PoissonRegression
    from estlab.workflow import counterpart

    code, out, err = runs["sagemaker_xgboost_forecast.py"]
    assert code == 0, err[-3000:]
    line = next(line for line in out.splitlines() if line.startswith("CreateTrainingJob:"))
    sent = json.loads(re.search(r"hyperparameters=(\{.*?\}), output=", line)[1])
    assert sent == dict(counterpart(PoissonRegression()).hyperparameters)
    assert sent["objective"] == "count:poisson" and "image=sagemaker-xgboost:1.7-1" in line
    assert "channels=[train, validation]," in line  # no code / sm_drivers: no script
    assert ("channels sent: {'train': 'text/csv', 'validation': 'text/csv'} "
            "| entrypoint overridden: False") in out


@pytest.mark.slow
def test_chapter_10_xgboost_endpoint_forecasts_what_the_poisson_regression_does(runs):
    """The built-in algorithm, trained and served locally, reaches estlab's GLM (counterparts.py).

    Controls a near miss would fail: the example's own reference fit (estlab's regression on
    the rows the CSV holds) and, independently, the scikit-learn-image endpoint of
    sagemaker_pipelines.py, which serves estlab's regression on uncentred columns.
    """
    code, out, err = runs["sagemaker_xgboost_forecast.py"]
    assert code == 0, err[-3000:]
    xgboost, estlab, gap = _number(
        r"RMSE ([0-9.]+) orders/day \(estlab's PoissonRegression: ([0-9.]+); largest relative "
        r"gap between the two forecasts ([0-9.e+-]+)\)", out)
    assert gap < 1e-5 and xgboost == estlab, (xgboost, estlab, gap)
    [pipeline] = _number(r"RMSE over the 84 test days ([0-9.]+)", runs["sagemaker_pipelines.py"][1])
    assert xgboost == pipeline  # centring the columns changed no forecast of the GLM
    assert "Deleting Endpoint - orders-xgboost" in err, err[-3000:]


@pytest.mark.slow
def test_chapter_10_tensorflow_route_serves_a_savedmodel_without_model_fn(runs):
    code, out, err = runs["sagemaker_pipeline_routes.py"]
    assert code == 0, err[-3000:]
    model = next(line for line in out.splitlines() if line.startswith("CreateModel:"))
    assert "image=tensorflow-inference:2.16-cpu" in model
    assert "program=" not in model  # no SAGEMAKER_PROGRAM: TF Serving imports no entry point
    assert "image=tensorflow-training:2.16-gpu-py310" in out
    assert "image=pytorch-training:2.3-gpu-py311" in out


def _tfs_context(content_type, accept="application/json"):
    """The Context the TensorFlow Serving container passes (its tfs_utils.Context fields)."""
    fields = ("model_name, model_version, method, rest_uri, grpc_port, channel, "
              "custom_attributes, request_content_type, accept_header, content_length")
    Context = collections.namedtuple("Context", fields)
    return Context("model", None, "predict", "http://localhost:8501/v1/models/model:predict",
                   "9000", None, None, content_type, accept, 0)


def _inference_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("ch10_tfs_inference",
                                                  CH10 / "cloud" / "cnn" / "inference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chapter_10_tfs_input_handler_sends_8x8x1_instances():
    handlers = _inference_module()
    rows = [list(range(64)), [0.5] * 64]
    body = "\n".join(",".join(str(v) for v in row) for row in rows) + "\n"
    request = json.loads(handlers.input_handler(io.BytesIO(body.encode()),
                                                _tfs_context("text/csv")))
    assert list(request) == ["instances"] and len(request["instances"]) == 2
    first = request["instances"][0]
    assert len(first) == 8 and all(len(r) == 8 and all(len(p) == 1 for p in r) for r in first)
    assert first[1][0] == [8.0] and first[7][7] == [63.0]  # row-major, as train_cnn reshapes
    passthrough = '{"instances": [[[[0.0]]]]}'
    assert handlers.input_handler(io.BytesIO(passthrough.encode()),
                                  _tfs_context("application/json")) == passthrough


def test_chapter_10_tfs_input_handler_rejects_what_it_cannot_convert():
    handlers = _inference_module()
    with pytest.raises(ValueError, match=r"64 pixels of one 8x8 image; got rows of \[3\]"):
        handlers.input_handler(io.BytesIO(b"1,2,3\n"), _tfs_context("text/csv"))
    with pytest.raises(ValueError, match="unsupported content type 'image/png'"):
        handlers.input_handler(io.BytesIO(b"x"), _tfs_context("image/png"))


def test_chapter_10_tfs_output_handler_returns_classes_and_passes_errors_on():
    handlers = _inference_module()
    Response = collections.namedtuple("Response", "status_code content")
    ok = Response(200, json.dumps({"predictions": [[0.1, 0.2, 0.6, 0.1],
                                                   [0.7, 0.1, 0.1, 0.1]]}).encode())
    assert handlers.output_handler(ok, _tfs_context("text/csv")) == ("[2, 0]",
                                                                     "application/json")
    with pytest.raises(ValueError, match="no such model"):
        handlers.output_handler(Response(404, b"no such model"), _tfs_context("text/csv"))


@pytest.mark.parametrize("script", sorted((CH10 / "cloud").rglob("*.py")), ids=lambda p: p.name)
def test_chapter_10_cloud_scripts_compile(script, tmp_path):
    py_compile.compile(str(script), cfile=str(tmp_path / "x.pyc"), doraise=True)
