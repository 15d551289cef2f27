"""The whole workflow with nothing mocked: raw CSV -> processing -> training -> endpoint ->
predictions (CSV, JSON, NPY) -> batch transform -> delete, for the NumPy framework's default
scripts and for a user-written pair of scripts."""

import json
import textwrap

import numpy as np
import pytest

import estlab
from estlab.datasets import write_tutorial_csv
from estlab.workflow import (CSVDeserializer, CSVSerializer, Estimator, JSONDeserializer,
                             JSONSerializer, LocalSession, NumPyEstimator, NumPyPredictor,
                             NumPyProcessor, ProcessingInput, ProcessingOutput)
from estlab.workflow.local.archive import safe_extract
from estlab.workflow._uris import local_path

ARGS = ["--input", "/opt/ml/processing/input", "--train-output", "/opt/ml/processing/train",
        "--validation-output", "/opt/ml/processing/validation",
        "--test-output", "/opt/ml/processing/test", "--target", "churned",
        "--drop", "customer_id"]


@pytest.mark.slow
def test_numpy_framework_end_to_end(tmp_path):
    with LocalSession(root=tmp_path / "estlab") as session:
        raw = write_tutorial_csv(tmp_path / "raw" / "churn.csv", n=300, random_state=3)
        processor = NumPyProcessor(session=session)
        processor.run(inputs=[ProcessingInput(str(raw.parent), "/opt/ml/processing/input")],
                      outputs=[ProcessingOutput(f"/opt/ml/processing/{o}", output_name=o)
                               for o in ("train", "validation", "test")],
                      arguments=ARGS, logs=False)
        out = {o.output_name: local_path(o.destination) for o in processor.latest_job.outputs}

        estimator = NumPyEstimator(hyperparameters={"estimator": "LogisticRegression"},
                                   session=session)
        estimator.fit({"train": str(out["train"]), "validation": str(out["validation"])},
                      logs=False)

        # the reference: the trained estimator loaded here from its own artifact
        safe_extract(local_path(estimator.model_data), tmp_path / "artifact")
        reference = estlab.load(tmp_path / "artifact" / "model")
        test = np.loadtxt(out["test"] / "test.csv", delimiter=",")
        X_test = test[:, 1:]
        expected = reference.predict(X_test)
        assert set(np.unique(expected)) <= {0.0, 1.0}

        predictor = estimator.deploy()
        assert isinstance(predictor, NumPyPredictor)
        np.testing.assert_array_equal(predictor.predict(X_test), expected)  # NPY both ways
        predictor.serializer, predictor.deserializer = CSVSerializer(), CSVDeserializer()
        np.testing.assert_array_equal([float(r[0]) for r in predictor.predict(X_test)], expected)
        predictor.serializer, predictor.deserializer = JSONSerializer(), JSONDeserializer()
        np.testing.assert_array_equal(predictor.predict(X_test[:1].tolist()), expected[:1])

        # batch transform of the test features (the target column dropped)
        features = tmp_path / "batch" / "test-features.csv"
        features.parent.mkdir()
        np.savetxt(features, X_test, delimiter=",", fmt="%.17g")
        transformer = estimator.transformer(strategy="MultiRecord", assemble_with="Line",
                                            accept="text/csv")
        transformer.transform(str(features.parent), content_type="text/csv", split_type="Line",
                              logs=False)
        result = local_path(transformer.output_path) / "test-features.csv.out"
        np.testing.assert_array_equal(np.loadtxt(result), expected)

        predictor.delete_endpoint()
        assert session.describe_training_job(
            estimator.latest_training_job.name)["TrainingJobStatus"] == "Completed"


TRAIN = '''
    import argparse, os
    import numpy as np

    def main():
        p = argparse.ArgumentParser()
        p.add_argument("--ridge", type=float, default=0.0)
        args = p.parse_args()
        data = np.loadtxt(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "train.csv"),
                          delimiter=",", ndmin=2)
        y, X = data[:, 0], np.column_stack([np.ones(len(data)), data[:, 1:]])
        beta = np.linalg.solve(X.T @ X + args.ridge * np.eye(X.shape[1]), X.T @ y)
        np.save(os.path.join(os.environ["SM_MODEL_DIR"], "beta.npy"), beta)

    def model_fn(model_dir):
        return np.load(os.path.join(model_dir, "beta.npy"))

    def input_fn(body, content_type):
        return np.array([[float(v) for v in line.split(",")] for line in body.splitlines()])

    def predict_fn(X, beta):
        return beta[0] + X @ beta[1:]

    def output_fn(prediction, accept):
        return json.dumps({"predictions": prediction.tolist()}), "application/json"

    import json

    if __name__ == "__main__":
        main()
'''


def test_user_written_script_end_to_end(tmp_path):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(50, 2))
    y = 1.0 + X @ [2.0, -3.0] + rng.normal(scale=0.1, size=50)
    train = tmp_path / "data"
    train.mkdir()
    np.savetxt(train / "train.csv", np.column_stack([y, X]), delimiter=",", fmt="%.17g")
    code = tmp_path / "code"
    code.mkdir()
    (code / "linear.py").write_text(textwrap.dedent(TRAIN))
    with LocalSession(root=tmp_path / "estlab") as session:
        estimator = Estimator("linear.py", source_dir=str(code), session=session,
                              hyperparameters={"ridge": 0.0})
        estimator.fit({"train": str(train)}, logs=False)
        predictor = estimator.deploy(serializer=CSVSerializer(),
                                     deserializer=JSONDeserializer())
        got = predictor.predict(X[:5])["predictions"]
        # reference: ordinary least squares by numpy's lstsq, not the script's normal equations
        beta, *_ = np.linalg.lstsq(np.column_stack([np.ones(50), X]), y, rcond=None)
        np.testing.assert_allclose(got, beta[0] + X[:5] @ beta[1:], rtol=1e-10)
        description = predictor.describe_endpoint()
        assert description["EndpointStatus"] == "InService"
        predictor.delete_endpoint()
        assert json.dumps(got)  # plain JSON numbers
