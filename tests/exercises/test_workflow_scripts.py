"""The workflow exercises' reference scripts run unchanged on estlab's local SageMaker runtime.

The checks run the student's scripts directly (fast, and independent of the runtime); this test
makes sure what they ask for is what a real job needs: the 6.2 processing script under
``ScriptProcessor``, the 7.2 training script under ``Estimator`` (with its metric), and the 8.x
handlers behind a real endpoint, each answering in the content type the client asked for.
"""

import json
import shutil

import numpy as np
import pytest

import estlab.exercises as ex
from estlab.workflow import (CSVSerializer, Estimator, LocalSession, Model, ProcessingInput,
                             ProcessingOutput, ScriptProcessor)
from estlab.workflow._uris import local_path


@pytest.mark.slow
def test_reference_scripts_run_as_local_sagemaker_jobs(tmp_path):
    code = tmp_path / "code"
    code.mkdir()
    for key in ("6.2", "7.2", "8.1", "8.2", "8.3"):
        shutil.copy(ex.get_exercise(key).solution_path, code)
    # One inference script made of the chapter 8 handlers, as a student would assemble it.
    (code / "serve.py").write_text("from input_fn import input_fn\nfrom output_fn import "
                                   "output_fn\nfrom inference import model_fn, predict_fn\n")
    rng = np.random.default_rng(5)
    X = rng.normal(size=(80, 2))
    y = 1.0 + X @ np.array([2.0, -1.0]) + rng.normal(0, 0.1, size=80)
    raw = tmp_path / "raw"
    raw.mkdir()
    np.savetxt(raw / "data.csv", np.column_stack([y, X]), delimiter=",")

    with LocalSession(root=tmp_path / "jobs") as session:
        processor = ScriptProcessor(command=["python3"], session=session)
        processor.run(code=str(code / "preprocess.py"),
                      inputs=[ProcessingInput(str(raw), "/opt/ml/processing/input")],
                      outputs=[ProcessingOutput("/opt/ml/processing/output", output_name="splits")],
                      arguments=["--input-dir", "/opt/ml/processing/input", "--output-dir",
                                 "/opt/ml/processing/output", "--test-fraction", "0.25"],
                      logs=False)
        splits = local_path(processor.latest_job.outputs[0].destination)
        train = np.loadtxt(splits / "train" / "train.csv", delimiter=",")
        assert train.shape == (60, 3)

        estimator = Estimator(entry_point="train.py", source_dir=str(code),
                              hyperparameters={"fit-intercept": True}, session=session,
                              metric_definitions=[{"Name": "train:mse",
                                                   "Regex": "train_mse=([0-9.eE+-]+)"}])
        estimator.fit({"train": str(splits / "train")}, logs=False)
        metrics = estimator.latest_training_job.describe()["FinalMetricDataList"]
        assert [m["MetricName"] for m in metrics] == ["train:mse"]

        design = np.column_stack([np.ones(len(train)), train[:, 1:]])
        beta = np.linalg.lstsq(design, train[:, 0], rcond=None)[0]
        assert metrics[0]["Value"] == pytest.approx(np.mean((train[:, 0] - design @ beta) ** 2),
                                                    rel=1e-4)

        predictor = Model(estimator.model_data, entry_point="serve.py", source_dir=str(code),
                          session=session).deploy(serializer=CSVSerializer())
        try:
            rows = rng.normal(size=(3, 2))
            expected = beta[0] + rows @ beta[1:]
            body, content_type = session.invoke_endpoint(
                predictor.endpoint_name, CSVSerializer().serialize(rows), "text/csv",
                "application/json")
            assert content_type.startswith("application/json")
            np.testing.assert_allclose(json.loads(body), expected, rtol=1e-8)
            body, content_type = session.invoke_endpoint(
                predictor.endpoint_name, json.dumps(rows.tolist()).encode(), "application/json",
                "text/csv")
            assert content_type.startswith("text/csv")
            np.testing.assert_allclose(np.loadtxt(body.decode().splitlines()), expected, rtol=1e-8)
        finally:
            predictor.delete_endpoint()


@pytest.mark.slow
def test_script_arguments_solution_matches_what_a_training_job_passes(tmp_path):
    import importlib.util
    import tarfile

    spec = importlib.util.spec_from_file_location("sa", ex.get_exercise("7.4").solution_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "echo.py").write_text(
        "import json, os, sys\n"
        "with open(os.path.join(os.environ['SM_MODEL_DIR'], 'argv.json'), 'w') as f:\n"
        "    json.dump(sys.argv[1:], f)\n")
    hyperparameters = {"epochs": 10, "flag": True, "d": {"b": 2, "a": 1}, "learning-rate": 0.05,
                       "layers": [4, 2], "solver": "newton"}
    with LocalSession(root=tmp_path / "jobs") as session:
        estimator = Estimator(entry_point=str(tmp_path / "echo.py"),
                              hyperparameters=hyperparameters, session=session)
        estimator.fit(logs=False)
        with tarfile.open(local_path(estimator.model_data)) as tar:
            argv = json.load(tar.extractfile("argv.json"))
    assert argv == module.script_arguments(hyperparameters)
