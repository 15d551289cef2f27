"""The built-in Linear Learner image through ``estlab serve`` with boto3: training on CSV and
RecordIO-protobuf, metrics, the model against statsmodels and estlab, endpoints and batch
transform in Linear Learner's response formats, and the failures the algorithm reports."""

import io
import json
import sys
import tarfile
import time
from pathlib import Path

import numpy as np
import pytest
from api_helpers import BUCKET, ROLE, wait

sys.path.insert(0, str(Path(__file__).parents[1] / "algorithms"))
import record_proto  # noqa: E402  (the protobuf oracle)

IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"
rng = np.random.default_rng(11)
N, BETA = 300, np.array([2.0, -1.0, 0.5])
X_REG = rng.normal(size=(N, 3)) * [1.0, 3.0, 0.2] + [0.0, 5.0, -1.0]  # unequal scales
Y_REG = 1.5 + X_REG @ BETA + rng.normal(scale=0.7, size=N)
X_BIN = rng.normal(size=(N, 2))
Y_BIN = (rng.random(N) < 1 / (1 + np.exp(-(0.3 + X_BIN @ [1.5, -1.0])))).astype(float)
X_MC = rng.normal(size=(N, 2))
_ETA = np.c_[np.zeros(N), 0.5 + X_MC @ [1.0, 0.0], -0.5 + X_MC @ [0.0, 1.5]]
Y_MC = (rng.random((N, 1)) > (np.exp(_ETA) / np.exp(_ETA).sum(1, keepdims=True)).cumsum(1)
        ).sum(1).astype(float)


def _csv(y, X):
    return "\n".join(",".join(repr(float(v)) for v in row) for row in np.c_[y, X]) + "\n"


def _rows(X):
    return "\n".join(",".join(repr(float(v)) for v in row) for row in X)


def _channel(name, prefix, content_type="text/csv"):
    channel = {"ChannelName": name, "DataSource": {"S3DataSource": {
        "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/{prefix}",
        "S3DataDistributionType": "FullyReplicated"}}}
    if content_type:
        channel["ContentType"] = content_type
    return channel


def _request(name, hyperparameters, channels):
    """CreateTrainingJob for the Linear Learner image, as the SDK sends it (no metrics)."""
    return {
        "TrainingJobName": name,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "RoleArn": ROLE, "HyperParameters": hyperparameters, "InputDataConfig": channels,
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/ll-output"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1,
                           "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
    }


@pytest.fixture(scope="module")
def staged(aws):
    s3 = aws["s3"]
    half = N * 2 // 3
    for key, y, X in [("ll/reg/train", Y_REG[:half], X_REG[:half]),
                      ("ll/reg/validation", Y_REG[half:], X_REG[half:]),
                      ("ll/bin/train", Y_BIN[:half], X_BIN[:half]),
                      ("ll/bin/test", Y_BIN[half:], X_BIN[half:]),
                      ("ll/mc/train", Y_MC, X_MC)]:
        s3.put_object(Bucket=BUCKET, Key=f"{key}/data.csv", Body=_csv(y, X).encode())
    body = record_proto.write_numpy_to_dense_tensor(X_REG.astype("float32"),
                                                    Y_REG.astype("float32"))
    s3.put_object(Bucket=BUCKET, Key="ll/reg-recordio/train/data.rec", Body=body)
    s3.put_object(Bucket=BUCKET, Key="ll/json/train/data.json", Body=b'{"a": 1}')
    return aws


def _train(sm, name, hyperparameters, channels):
    sm.create_training_job(**_request(name, hyperparameters, channels))
    record, _ = wait(lambda: sm.describe_training_job(TrainingJobName=name),
                     "TrainingJobStatus", timeout=120)
    return record


def _artifact(s3, record, tmp):
    from estlab.workflow.local.algorithms.linear_learner import LinearLearnerModel

    uri = record["ModelArtifacts"]["S3ModelArtifacts"]
    bucket, key = uri[len("s3://"):].split("/", 1)
    data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
        tar.extractall(tmp, filter="data")
    return LinearLearnerModel.load(tmp), names


def _metrics(record):
    return {m["MetricName"]: m["Value"] for m in record.get("FinalMetricDataList", [])}


@pytest.fixture(scope="module")
def regressor(staged):
    record = _train(staged["sagemaker"], "ll-reg", {
        "predictor_type": "regressor", "feature_dim": "3", "wd": "0", "l1": "0",
        "num_models": "8"}, [_channel("train", "ll/reg/train"),
                             _channel("validation", "ll/reg/validation")])
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    return record


def test_regressor_on_csv_completes_with_the_algorithms_metrics(staged, regressor):
    import statsmodels.api as sm_api

    half = N * 2 // 3
    ols = sm_api.OLS(Y_REG[:half], sm_api.add_constant(X_REG[:half])).fit()
    metrics = _metrics(regressor)
    resid_val = Y_REG[half:] - ols.predict(sm_api.add_constant(X_REG[half:]))
    assert metrics["train:mse"] == pytest.approx(np.mean(ols.resid ** 2), rel=1e-9)
    assert metrics["validation:mse"] == pytest.approx(np.mean(resid_val ** 2), rel=1e-9)
    assert metrics["validation:objective_loss"] == metrics["validation:mse"]
    assert metrics["validation:objective_loss:final"] == metrics["validation:mse"]
    assert metrics["train:objective_loss"] == pytest.approx(metrics["train:mse"])
    assert metrics["validation:absolute_loss"] == pytest.approx(np.mean(np.abs(resid_val)))
    assert "test:mse" not in metrics  # no test channel, no test metrics (control)


def test_the_job_log_notes_what_is_ignored(staged, regressor):
    logs, group = staged["logs"], "/aws/sagemaker/TrainingJobs"
    deadline = time.monotonic() + 10
    while True:  # the log follower ships lines shortly after the job ends
        streams = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="ll-reg/")
        text = "\n".join(e["message"] for s in streams["logStreams"] for e in logs.get_log_events(
            logGroupName=group, logStreamName=s["logStreamName"], startFromHead=True)["events"])
        if "Training took" in text or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert "num_models=8 is accepted and ignored" in text
    assert "#quality_metric: host=algo-1, epoch=0, train mse_objective <loss>=" in text
    assert "Note: wd=" not in text  # wd was given: no note about its auto value (control)


def test_regressor_coefficients_equal_ols_and_estlab(staged, regressor, tmp_path):
    import statsmodels.api as sm_api
    from estlab.linear_model import LinearRegression

    model, names = _artifact(staged["s3"], regressor, tmp_path)
    assert sorted(names) == ["estimator.json", "estimator.npz", "linear-learner.json"]
    half = N * 2 // 3
    ols = sm_api.OLS(Y_REG[:half], sm_api.add_constant(X_REG[:half])).fit()
    est = model.estimator  # fitted on standardised X and y (normalize_data/label default)
    coef = est.coef_ * model.y_scale / model.x_scale
    intercept = model.y_shift + model.y_scale * (est.intercept_ - est.coef_ @ (
        model.x_shift / model.x_scale))
    np.testing.assert_allclose(np.r_[intercept, coef], ols.params, rtol=1e-9)
    ours = LinearRegression().fit(X_REG[:half], Y_REG[:half])
    np.testing.assert_allclose(model.scores(X_REG), ours.predict(X_REG), rtol=1e-10)


def test_without_normalisation_the_estimator_is_estlabs_own_fit(staged, tmp_path):
    from estlab.linear_model import LinearRegression

    record = _train(staged["sagemaker"], "ll-reg-raw", {
        "predictor_type": "regressor", "normalize_data": "false", "normalize_label": "false",
        "wd": "0.05"}, [_channel("train", "ll/reg/train")])
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    model, _ = _artifact(staged["s3"], record, tmp_path)
    half = N * 2 // 3
    ours = LinearRegression(alpha=0.05).fit(X_REG[:half], Y_REG[:half])
    np.testing.assert_allclose(model.estimator.coef_, ours.coef_, rtol=1e-12)
    assert model.estimator.alpha == 0.05


def test_endpoint_answers_in_linear_learners_formats(staged, regressor):
    from estlab.linear_model import LinearRegression

    sm, rt = staged["sagemaker"], staged["sagemaker-runtime"]
    sm.create_model(ModelName="ll-reg-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": regressor["ModelArtifacts"]["S3ModelArtifacts"]})
    sm.create_endpoint_config(EndpointConfigName="ll-reg-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "ll-reg-model", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="ll-reg-ep", EndpointConfigName="ll-reg-config")
    try:
        record, _ = wait(lambda: sm.describe_endpoint(EndpointName="ll-reg-ep"),
                         "EndpointStatus", done=("InService", "Failed"))
        assert record["EndpointStatus"] == "InService", record.get("FailureReason")
        half = N * 2 // 3
        expected = LinearRegression().fit(X_REG[:half], Y_REG[:half]).predict(X_REG[:4])
        rows = _rows(X_REG[:4])
        answer = rt.invoke_endpoint(EndpointName="ll-reg-ep", ContentType="text/csv", Body=rows)
        assert answer["ContentType"] == "application/json"
        scores = [p["score"] for p in json.loads(answer["Body"].read())["predictions"]]
        np.testing.assert_allclose(scores, expected, rtol=1e-10)
        body = json.dumps({"instances": [{"features": r.tolist()} for r in X_REG[:4]]})
        answer = rt.invoke_endpoint(EndpointName="ll-reg-ep", ContentType="application/json",
                                    Accept="application/jsonlines", Body=body)
        lines = answer["Body"].read().decode().splitlines()
        assert [set(json.loads(line)) for line in lines] == [{"score"}] * 4  # no label
        answer = rt.invoke_endpoint(
            EndpointName="ll-reg-ep", ContentType="application/x-recordio-protobuf",
            Accept="application/x-recordio-protobuf",
            Body=record_proto.write_numpy_to_dense_tensor(X_REG[:4].astype("float32")))
        records = record_proto.read_records(answer["Body"].read())
        got = [r.label["score"].float32_tensor.values[0] for r in records]
        np.testing.assert_allclose(got, expected, rtol=1e-5)  # float32 in, float32 out
        with pytest.raises(rt.exceptions.ModelError) as info:
            rt.invoke_endpoint(EndpointName="ll-reg-ep", ContentType="text/csv", Body="1,2")
        assert "The feature dimension of the input: 2 does not match the feature " \
               "dimension of the model: 3" in str(info.value)
    finally:
        sm.delete_endpoint(EndpointName="ll-reg-ep")


def test_recordio_training_input_from_the_protobuf_oracle(staged, regressor, tmp_path):
    from estlab.linear_model import LinearRegression

    record = _train(staged["sagemaker"], "ll-reg-rec", {"predictor_type": "regressor"},
                    [_channel("train", "ll/reg-recordio/train", None)])  # the default type
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    model, _ = _artifact(staged["s3"], record, tmp_path)
    X32, y32 = X_REG.astype("float32").astype(float), Y_REG.astype("float32").astype(float)
    ours = LinearRegression().fit(X32, y32)
    np.testing.assert_allclose(model.scores(X32), ours.predict(X32), rtol=1e-9)


def test_binary_classifier_matches_logistic_regression_and_its_response_format(staged,
                                                                                tmp_path):
    import statsmodels.api as sm_api
    from estlab.linear_model import LogisticRegression

    sm, half = staged["sagemaker"], N * 2 // 3
    record = _train(sm, "ll-bin", {
        "predictor_type": "binary_classifier",
        "binary_classifier_model_selection_criteria": "cross_entropy_loss"},
        [_channel("train", "ll/bin/train"), _channel("test", "ll/bin/test")])
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    model, _ = _artifact(staged["s3"], record, tmp_path)
    logit = sm_api.Logit(Y_BIN[:half], sm_api.add_constant(X_BIN[:half])).fit(disp=0, tol=1e-12)
    # Newton stops at a gradient of 1e-8 (on standardised features here): probabilities agree
    # to about that, not to the last digit
    np.testing.assert_allclose(model.scores(X_BIN), logit.predict(sm_api.add_constant(X_BIN)),
                               rtol=0, atol=1e-7)
    ours = LogisticRegression().fit(X_BIN[:half], Y_BIN[:half])  # the GLM that fitted it
    np.testing.assert_allclose(model.scores(X_BIN), ours.predict_proba(X_BIN)[:, 1], atol=1e-7)
    assert not np.allclose(model.scores(X_BIN), ours.predict_proba(X_BIN)[:, 1] * 0.99,
                           atol=1e-7)  # the tolerance still tells models apart
    metrics = _metrics(record)
    p_test = logit.predict(sm_api.add_constant(X_BIN[half:]))
    accuracy = np.mean((p_test >= 0.5) == Y_BIN[half:])
    assert metrics["test:binary_classification_accuracy"] == pytest.approx(accuracy)
    log_loss = -np.mean(Y_BIN[half:] * np.log(p_test) + (1 - Y_BIN[half:]) * np.log(1 - p_test))
    assert metrics["test:objective_loss"] == pytest.approx(log_loss, rel=1e-7)
    assert 0 < metrics["test:binary_f_beta"] <= 1 and "test:mse" not in metrics
    from estlab.workflow.local.algorithms.linear_learner import transform_fn

    body, kind = transform_fn(model, "0.1,0.2\n-3,2", "text/csv", "application/json")
    [a, b] = json.loads(body)["predictions"]
    assert set(a) == {"score", "predicted_label"} and isinstance(a["predicted_label"], int)
    assert 0 < a["score"] < 1 and b["predicted_label"] == int(b["score"] >= 0.5) == 0


def test_binary_classifier_tunes_its_threshold_for_accuracy_by_default(staged, tmp_path):
    record = _train(staged["sagemaker"], "ll-bin-acc", {"predictor_type": "binary_classifier"},
                    [_channel("train", "ll/bin/train"), _channel("validation", "ll/bin/test")])
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    model, _ = _artifact(staged["s3"], record, tmp_path)
    half = N * 2 // 3
    p = model.scores(X_BIN[half:])
    best = max(np.mean((p >= t) == Y_BIN[half:]) for t in np.r_[p, np.inf])
    assert _metrics(record)["validation:binary_classification_accuracy"] == pytest.approx(best)
    assert np.mean((p >= model.threshold) == Y_BIN[half:]) == pytest.approx(best)


def test_multiclass_with_num_classes_matches_softmax_regression(staged, tmp_path):
    from estlab.linear_model import SoftmaxRegression
    from estlab.workflow.local.algorithms.linear_learner import transform_fn

    record = _train(staged["sagemaker"], "ll-mc", {
        "predictor_type": "multiclass_classifier", "num_classes": "3", "accuracy_top_k": "2"},
        [_channel("train", "ll/mc/train")])
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    model, _ = _artifact(staged["s3"], record, tmp_path)
    ours = SoftmaxRegression().fit(X_MC, Y_MC)
    np.testing.assert_allclose(model.scores(X_MC), ours.predict_proba(X_MC), atol=1e-8)
    metrics = _metrics(record)
    assert metrics["train:multiclass_accuracy"] == pytest.approx(
        np.mean(ours.predict(X_MC) == Y_MC))
    body, _ = transform_fn(model, json.dumps({"instances": [{"features": [0.0, 2.0]}]}),
                           "application/json", "application/json")
    [answer] = json.loads(body)["predictions"]
    assert len(answer["score"]) == 3 and sum(answer["score"]) == pytest.approx(1.0)
    assert answer["predicted_label"] == int(np.argmax(answer["score"]))


def test_a_transform_job_writes_linear_learner_json_lines(staged, regressor):
    from estlab.linear_model import LinearRegression

    sm, s3 = staged["sagemaker"], staged["s3"]
    s3.put_object(Bucket=BUCKET, Key="ll/batch/in/rows.csv",
                  Body=_rows(X_REG[:5]).encode())
    sm.create_model(ModelName="ll-batch-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": regressor["ModelArtifacts"]["S3ModelArtifacts"]})
    sm.create_transform_job(
        TransformJobName="ll-batch", ModelName="ll-batch-model", BatchStrategy="MultiRecord",
        TransformInput={"DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/ll/batch/in"}},
            "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/ll/batch/out",
                         "Accept": "application/jsonlines", "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="ll-batch"),
                     "TransformJobStatus", timeout=120)
    assert record["TransformJobStatus"] == "Completed", record.get("FailureReason")
    out = s3.get_object(Bucket=BUCKET, Key="ll/batch/out/rows.csv.out")["Body"].read()
    scores = [json.loads(line)["score"] for line in out.decode().splitlines() if line]
    half = N * 2 // 3
    expected = LinearRegression().fit(X_REG[:half], Y_REG[:half]).predict(X_REG[:5])
    np.testing.assert_allclose(scores, expected, rtol=1e-10)


@pytest.mark.parametrize("name, hyperparameters, channels, reason", [
    ("ll-no-type", {"feature_dim": "3"}, [("train", "ll/reg/train", "text/csv")],
     "ClientError: No value(s) were specified for 'predictor_type' which are required "
     "hyperparameter(s) (caused by ValidationError)"),
    ("ll-no-classes", {"predictor_type": "multiclass_classifier"},
     [("train", "ll/mc/train", "text/csv")],
     "ClientError: No value(s) were specified for 'num_classes' which are required "
     "hyperparameter(s) when predictor_type is 'multiclass_classifier'"),
    ("ll-json", {"predictor_type": "regressor"}, [("train", "ll/json/train", "application/json")],
     "The content type 'application/json' of channel 'train' is not supported"),
    ("ll-dim", {"predictor_type": "regressor", "feature_dim": "4"},
     [("train", "ll/reg/train", "text/csv")],
     "The feature dimension of channel 'train' (3) does not match feature_dim=4"),
    ("ll-unknown", {"predictor_type": "regressor", "epoch": "3"},
     [("train", "ll/reg/train", "text/csv")],
     "ClientError: Additional hyperparameters are not allowed ('epoch' was unexpected)"),
    ("ll-bad-value", {"predictor_type": "regressor", "epochs": "ten"},
     [("train", "ll/reg/train", "text/csv")],
     "The value 'ten' is not valid for the 'epochs' hyperparameter"),
    ("ll-l1", {"predictor_type": "regressor", "l1": "0.1"},
     [("train", "ll/reg/train", "text/csv")],
     "l1=0.1 is not supported by estlab's local Linear Learner"),
    ("ll-labels", {"predictor_type": "binary_classifier"},
     [("train", "ll/reg/train", "text/csv")],
     "is not valid for predictor_type=binary_classifier; labels must be the integers 0 .. 1"),
])
def test_failures_carry_the_algorithms_reason(staged, name, hyperparameters, channels, reason):
    record = _train(staged["sagemaker"], name, hyperparameters,
                    [_channel(c, prefix, kind) for c, prefix, kind in channels])
    assert record["TrainingJobStatus"] == "Failed"
    assert reason in record["FailureReason"]
    assert record["FailureReason"].startswith("ClientError: ")
