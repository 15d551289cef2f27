"""The Linear Learner program on a fake /opt/ml (no server): what the optimizer hyperparameters
select, the artifact round trip, and the failure file."""

import json

import numpy as np
import pytest

from estlab.workflow.local.algorithms import linear_learner as ll

rng = np.random.default_rng(3)
X = rng.normal(size=(300, 2))
Y_BIN = (rng.random(300) < 1 / (1 + np.exp(-(X @ [1.0, -1.0])))).astype(float)


def _job(tmp_path, hyperparameters, y, X=X, content_type="text/csv"):
    root = tmp_path / "ml"
    (root / "input" / "config").mkdir(parents=True)
    (root / "input" / "data" / "train").mkdir(parents=True)
    np.savetxt(root / "input" / "data" / "train" / "d.csv", np.c_[y, X], delimiter=",")
    config = root / "input" / "config"
    config.joinpath("hyperparameters.json").write_text(json.dumps(
        {k: json.dumps(v) for k, v in hyperparameters.items()}))  # script mode's quoting
    config.joinpath("resourceconfig.json").write_text(
        json.dumps({"current_host": "algo-1", "hosts": ["algo-1"]}))
    config.joinpath("inputdataconfig.json").write_text(
        json.dumps({"train": {"ContentType": content_type}}))
    return root


def test_optimizer_sgd_runs_estlabs_sgd_with_the_batch_size_and_epochs(tmp_path, capsys):
    root = _job(tmp_path, {"predictor_type": "binary_classifier", "optimizer": "sgd",
                           "epochs": "300", "mini_batch_size": "50", "learning_rate": "0.05",
                           "binary_classifier_model_selection_criteria": "loss_function"},
                Y_BIN)
    assert ll.train(root) == 0
    est = ll.LinearLearnerModel.load(root / "model").estimator
    assert (est.solver, est.batch_size, est.max_iter, est.learning_rate) == \
        ("sgd", 50, 300, 0.05)
    assert "epochs=300 is accepted and ignored" not in capsys.readouterr().out  # control


def test_the_default_optimizer_is_the_exact_fit_and_says_so(tmp_path, capsys):
    from estlab.linear_model import LinearRegression

    y = 1 + X @ [1.0, 2.0] + rng.normal(size=300)
    root = _job(tmp_path, {"predictor_type": "regressor", "optimizer": "adam", "epochs": "5"},
                y)
    assert ll.train(root) == 0
    model = ll.LinearLearnerModel.load(root / "model")
    assert model.estimator.solver == "normal"
    np.testing.assert_allclose(model.scores(X), LinearRegression().fit(X, y).predict(X),
                               rtol=1e-10)
    out = capsys.readouterr().out
    assert "optimizer=adam runs estlab's exact fit" in out
    assert "epochs=5 is accepted and ignored" in out


def test_a_failed_job_writes_its_reason_to_the_failure_file(tmp_path):
    root = _job(tmp_path, {"predictor_type": "binary_classifier"}, np.zeros(300))
    assert ll.train(root) == 1
    reason = (root / "output" / "failure").read_text()
    assert reason.startswith("ClientError: DataError: LogisticRegression needs samples of 2")
    assert not (root / "model").exists() or not any((root / "model").iterdir())


def test_multiclass_scores_cover_classes_absent_from_the_data(tmp_path):
    y = (X[:, 0] > 0).astype(float) + (X[:, 1] > 0)  # labels 0..2 of num_classes=4
    root = _job(tmp_path, {"predictor_type": "multiclass_classifier", "num_classes": "4",
                           "wd": "0.01"}, y)
    assert ll.train(root) == 0
    model = ll.LinearLearnerModel.load(root / "model")
    scores = model.scores(X[:5])
    assert scores.shape == (5, 4) and np.all(scores[:, 3] == 0)
    np.testing.assert_allclose(scores.sum(axis=1), 1.0)


def test_unknown_accept_and_content_type_get_406_and_415(tmp_path):
    from estlab.workflow.local.handlers import UnsupportedAccept, UnsupportedContentType

    root = _job(tmp_path, {"predictor_type": "binary_classifier", "wd": "0.1"}, Y_BIN)
    assert ll.train(root) == 0
    model = ll.model_fn(root / "model")
    with pytest.raises(UnsupportedAccept, match="ask for application/json"):
        ll.transform_fn(model, "1,2", "text/csv", "text/csv")
    with pytest.raises(UnsupportedContentType, match="application/x-npy"):
        ll.transform_fn(model, b"\x93NUMPY", "application/x-npy", "application/json")
    body, kind = ll.transform_fn(model, '{"features": [0.5, -0.5]}', "application/jsonlines",
                                 "application/jsonlines")
    assert kind == "application/jsonlines" and set(json.loads(body)) == {"score",
                                                                           "predicted_label"}
