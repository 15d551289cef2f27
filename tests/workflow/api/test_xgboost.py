"""The built-in XGBoost algorithm through ``estlab serve`` with boto3: train, serve, transform.

The reference is XGBoost itself: a job's model must predict exactly what ``xgboost.train`` with
the same parameters and data predicts, and its metrics must be the ones XGBoost reports for the
last round. Failures must read as the container's (aws/sagemaker-xgboost-container) messages.
"""

import io
import json
import tarfile
import warnings
from pathlib import Path

import botocore.exceptions
import numpy as np
import pytest
from api_helpers import BUCKET, ROLE, wait

xgb = pytest.importorskip("xgboost")

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
RNG = np.random.default_rng(42)
X = RNG.normal(size=(240, 3))
X_VAL = RNG.normal(size=(80, 3))
X_NEW = np.array([[0.5, -1.0, 2.0], [0.0, 0.0, 0.0], [-1.5, 0.25, 1.0]])
BETA = np.array([1.0, -2.0, 0.5])


def _csv(y, X):
    return "\n".join(",".join(f"{v:.6f}" for v in row) for row in np.c_[y, X]) + "\n"


def _parsed(text):
    """The numbers the job reads (the CSV's six decimals), for the in-process reference."""
    data = np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2)
    return data[:, 1:], data[:, 0]


DATA = {  # prefix -> CSV text
    "reg/train": _csv(X @ BETA + RNG.normal(scale=0.3, size=240), X),
    "reg/validation": _csv(X_VAL @ BETA + RNG.normal(scale=0.3, size=80), X_VAL),
    "poisson/train": _csv(RNG.poisson(np.exp(0.3 + X @ [0.4, -0.3, 0.2])), X),
    "binary/train": _csv((X @ BETA + RNG.logistic(size=240) > 0).astype(int), X),
    "binary/validation": _csv((X_VAL @ BETA + RNG.logistic(size=80) > 0).astype(int), X_VAL),
    "multi/train": _csv(np.digitize(X @ BETA, [-1.0, 1.0]), X),
}


def request(name, hyperparameters, channels=("reg/train", "reg/validation"),
            content_type="text/csv", **extra):
    """A CreateTrainingJob request for the built-in algorithm (no script), as boto3 sends it."""
    configs = []
    for prefix in channels:
        config = {"ChannelName": prefix.split("/")[1], "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/xgb/{prefix}",
            "S3DataDistributionType": "FullyReplicated"}}}
        if content_type:
            config["ContentType"] = content_type
        configs.append(config)
    return {
        "TrainingJobName": name,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "RoleArn": ROLE, "HyperParameters": hyperparameters, "InputDataConfig": configs,
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/xgb/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1,
                           "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600}, **extra}


def run(aws, name, hyperparameters, **kwargs):
    sm = aws["sagemaker"]
    sm.create_training_job(**request(name, hyperparameters, **kwargs))
    record, _ = wait(lambda: sm.describe_training_job(TrainingJobName=name),
                     "TrainingJobStatus", timeout=120)
    return record


def model_files(aws, record):
    key = record["ModelArtifacts"]["S3ModelArtifacts"].split(f"s3://{BUCKET}/", 1)[1]
    body = aws["s3"].get_object(Bucket=BUCKET, Key=key)["Body"].read()
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def booster_from(raw):
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    return booster


def reference(params, num_round, train="reg/train", validation=None):
    """``xgboost.train`` in this process on the numbers the job reads; (booster, evals)."""
    X_train, y_train = _parsed(DATA[train])
    evals = [(xgb.DMatrix(X_train, label=y_train), "train")]
    if validation:
        X_v, y_v = _parsed(DATA[validation])
        evals.append((xgb.DMatrix(X_v, label=y_v), "validation"))
    result = {}
    booster = xgb.train(params, evals[0][0], num_round, evals=evals, evals_result=result,
                        verbose_eval=False)
    return booster, result


def metrics(record):
    return {m["MetricName"]: m["Value"] for m in record.get("FinalMetricDataList", [])}


@pytest.fixture(scope="module")
def data(aws):
    for prefix, text in DATA.items():
        aws["s3"].put_object(Bucket=BUCKET, Key=f"xgb/{prefix}/data.csv", Body=text.encode())
    libsvm = "".join(f"{float(y)!r} " + " ".join(f"{j}:{float(v)!r}" for j, v in enumerate(row))
                     + "\n"
                     for y, row in zip(*reversed(_parsed(DATA["reg/train"]))))
    aws["s3"].put_object(Bucket=BUCKET, Key="xgb/libsvm/train/data.libsvm",
                         Body=libsvm.encode())
    return aws


@pytest.fixture(scope="module")
def regression(data):
    hps = {"num_round": "12", "objective": "reg:squarederror", "max_depth": "3", "eta": "0.3"}
    record = run(data, "xgb-reg", hps)
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    return record


@pytest.fixture(scope="module")
def endpoint(data, regression):
    """An endpoint serving the regression job's model (no script: the image's own serving)."""
    sm = data["sagemaker"]
    sm.create_model(ModelName="xgb-reg-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": regression["ModelArtifacts"]["S3ModelArtifacts"]})
    sm.create_endpoint_config(EndpointConfigName="xgb-reg-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "xgb-reg-model", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="xgb-reg", EndpointConfigName="xgb-reg-config")
    record, _ = wait(lambda: sm.describe_endpoint(EndpointName="xgb-reg"), "EndpointStatus")
    assert record["EndpointStatus"] == "InService", record.get("FailureReason")
    yield "xgb-reg"
    sm.delete_endpoint(EndpointName="xgb-reg")


def invoke(aws, body, content_type="text/csv", **extra):
    answer = aws["sagemaker-runtime"].invoke_endpoint(EndpointName="xgb-reg", Body=body,
                                                      ContentType=content_type, **extra)
    return answer["Body"].read().decode(), answer["ContentType"]


CSV_NEW = "\n".join(",".join(str(v) for v in row) for row in X_NEW)


# ------------------------------------------------------------------------------- training --
def test_regression_trains_prints_the_containers_round_lines_and_saves_xgboost_model(
        api, data, regression):
    files = model_files(data, regression)
    assert list(files) == ["xgboost-model"]  # the booster's own format, nothing else
    assert not files["xgboost-model"].startswith(b"\x80")  # not a pickle
    params = {"objective": "reg:squarederror", "max_depth": 3, "eta": 0.3}
    expected, evals = reference(params, 12, validation="reg/validation")
    got = booster_from(files["xgboost-model"]).predict(xgb.DMatrix(X_NEW))
    np.testing.assert_array_equal(got, expected.predict(xgb.DMatrix(X_NEW)))
    # the default metric of reg:squarederror, for both channels, the last round's values
    found = metrics(regression)
    assert found["train:rmse"] == pytest.approx(evals["train"]["rmse"][-1], abs=6e-6)
    assert found["validation:rmse"] == pytest.approx(evals["validation"]["rmse"][-1], abs=6e-6)
    assert found["validation:rmse"] > found["train:rmse"]  # not the same number twice
    lines = next(Path(api.root).rglob("xgb-reg/log.txt")).read_text().splitlines()
    assert f"[11]#011train-rmse:{evals['train']['rmse'][-1]:.5f}#011validation-rmse:" \
           f"{evals['validation']['rmse'][-1]:.5f}" in lines
    assert regression["HyperParameters"]["objective"] == "reg:squarederror"  # echoed as sent


def test_count_poisson_matches_xgboost_and_reports_poisson_nloglik(data):
    hps = {"num_round": "20", "objective": "count:poisson", "max_depth": "2",
           "eval_metric": "poisson-nloglik,rmse"}
    record = run(data, "xgb-poisson", hps, channels=("poisson/train",))
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    raw = model_files(data, record)["xgboost-model"]
    expected, evals = reference({"objective": "count:poisson", "max_depth": 2,
                                 "eval_metric": ["poisson-nloglik"]}, 20, "poisson/train")
    got = booster_from(raw).predict(xgb.DMatrix(X_NEW))
    np.testing.assert_allclose(got, expected.predict(xgb.DMatrix(X_NEW)), rtol=1e-6)
    assert np.all(got > 0)  # Poisson means
    found = metrics(record)
    assert found["train:poisson-nloglik"] == pytest.approx(
        evals["train"]["poisson-nloglik"][-1], abs=6e-6)
    # rmse is one of the container's own metrics, computed by it on what XGBoost hands a
    # custom_metric: the predicted means (not the margins log(mu))
    X_train, y_train = _parsed(DATA["poisson/train"])
    mu = expected.predict(xgb.DMatrix(X_train))
    assert found["train:rmse"] == pytest.approx(np.sqrt(np.mean((y_train - mu) ** 2)),
                                                abs=6e-6)
    assert "validation:rmse" not in found  # no validation channel, no validation metric


def test_early_stopping_keeps_the_best_round_on_the_last_eval_metric(data):
    hps = {"num_round": "300", "objective": "binary:logistic", "max_depth": "4", "eta": "0.5",
           "eval_metric": "error,logloss", "early_stopping_rounds": "5"}
    record = run(data, "xgb-early", hps, channels=("binary/train", "binary/validation"))
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    X_v, y_v = _parsed(DATA["binary/validation"])
    X_t, y_t = _parsed(DATA["binary/train"])
    dtrain, dval = xgb.DMatrix(X_t, label=y_t), xgb.DMatrix(X_v, label=y_v)
    result = {}
    expected = xgb.train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.5,
                          "eval_metric": ["error", "logloss"]}, dtrain, 300,
                         evals=[(dtrain, "train"), (dval, "validation")], evals_result=result,
                         verbose_eval=False, callbacks=[xgb.callback.EarlyStopping(
                             rounds=5, data_name="validation", metric_name="logloss",
                             save_best=True)])
    rounds = len(result["validation"]["logloss"])
    assert rounds < 300  # it did stop early, on validation logloss
    booster = booster_from(model_files(data, record)["xgboost-model"])
    assert booster.num_boosted_rounds() == expected.num_boosted_rounds() == \
        expected.best_iteration + 1
    np.testing.assert_array_equal(booster.predict(xgb.DMatrix(X_NEW)),
                                  expected.predict(xgb.DMatrix(X_NEW)))
    assert metrics(record)["validation:logloss"] == pytest.approx(
        result["validation"]["logloss"][-1], abs=6e-6)  # the last round printed


def test_libsvm_is_the_default_format_and_an_alias_is_accepted(data):
    """Control for the CSV failure below: LIBSVM data need no ContentType at all."""
    record = run(data, "xgb-libsvm", {"num_round": "12", "max_depth": "3",
                                      "learning_rate": "0.3"},
                 channels=("libsvm/train",), content_type=None)
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    expected, _ = reference({"max_depth": 3, "eta": 0.3}, 12)
    got = booster_from(model_files(data, record)["xgboost-model"]).predict(xgb.DMatrix(X_NEW))
    np.testing.assert_array_equal(got, expected.predict(xgb.DMatrix(X_NEW)))


@pytest.mark.parametrize("name, hyperparameters, kwargs, reason", [
    ("xgb-csv-no-type", {"num_round": "5"}, {"content_type": None},
     "First line '{line}...' of file 'data.csv' is not 'LIBSVM' format. Please ensure the "
     "file is in 'LIBSVM' format."),
    ("xgb-no-num-round", {"objective": "reg:squarederror"}, {},
     "Missing required hyperparameter: num_round"),
    ("xgb-bad-objective", {"num_round": "5", "objective": "reg:bogus"}, {},
     "Hyperparameter objective: reg:bogus is not in ['aft_loss_distribution', "),
    ("xgb-eta-range", {"num_round": "5", "eta": "1.5"}, {},
     "Hyperparameter eta: 1.5 is not in [0, 1]"),
    ("xgb-extraneous", {"num_round": "5", "n_estimators": "5"}, {},
     "Extraneous hyperparameter found: n_estimators"),
    ("xgb-softprob", {"num_round": "5", "objective": "multi:softprob"}, {},
     "Require input for parameter 'num_class' for multi-classification"),
    ("xgb-json-data", {"num_round": "5"}, {"content_type": "application/json"},
     "Channel configuration for 'train' channel is not supported"),
])
def test_what_the_container_refuses_fails_the_job_with_its_message(
        data, name, hyperparameters, kwargs, reason):
    record = run(data, name, hyperparameters, **kwargs)
    assert record["TrainingJobStatus"] == "Failed"
    first_line = DATA["reg/train"].splitlines()[0] + "\n"
    assert reason.format(line=first_line[:50]) in record["FailureReason"]
    assert record["FailureReason"].startswith("framework error: \n")
    assert "ModelArtifacts" not in record or not record["ModelArtifacts"]["S3ModelArtifacts"]


# -------------------------------------------------------------------------------- serving --
def test_endpoint_answers_csv_with_the_boosters_predictions(data, endpoint):
    expected, _ = reference({"objective": "reg:squarederror", "max_depth": 3, "eta": 0.3}, 12)
    want = expected.predict(xgb.DMatrix(X_NEW))
    body, content_type = invoke(data, CSV_NEW)
    assert content_type == "text/csv; charset=utf-8"  # Flask's mimetype=accept, the default
    assert body == "".join(f"{float(v)!r}\n" for v in want)  # np.savetxt(fmt="%s")
    body, content_type = invoke(data, CSV_NEW, Accept="application/json")
    assert content_type == "application/json"
    assert json.loads(body) == {"predictions": [{"score": float(v)} for v in want]}
    libsvm = "\n".join(" ".join(f"{j + 1}:{v}" for j, v in enumerate(row)) for row in X_NEW)
    body, _ = invoke(data, libsvm, content_type="text/libsvm")  # 1-based, shifted as served
    assert [float(v) for v in body.split()] == pytest.approx(want.tolist(), rel=1e-6)


@pytest.mark.parametrize("content_type, accept, status, message", [
    ("application/json", None, 415, "application/json is not an accepted ContentType: csv, "
                                    "libsvm, parquet, recordio-protobuf, text/csv"),
    ("text/csv", "text/plain", 406, "Accept type text/plain is not supported. Please use "
                                    "supported accept types: ['application/json', "),
    ("text/csv", "application/jsonlines", 500, "UnsupportedFormatError"),
])
def test_endpoint_refuses_what_the_container_refuses_with_its_status(
        data, endpoint, content_type, accept, status, message):
    extra = {"Accept": accept} if accept else {}
    body = b"[1, 2, 3]" if content_type == "application/json" else CSV_NEW.encode()
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        data["sagemaker-runtime"].invoke_endpoint(EndpointName=endpoint, Body=body,
                                                  ContentType=content_type, **extra)
    error = caught.value.response
    assert error["Error"]["Code"] == "ModelError"
    assert error["OriginalStatusCode"] == status
    assert message in error["OriginalMessage"]


def test_binary_logistic_endpoint_answers_probabilities(data):
    sm = data["sagemaker"]
    record = run(data, "xgb-binary", {"num_round": "10", "objective": "binary:logistic",
                                      "max_depth": "2", "eval_metric": "auc,accuracy"},
                 channels=("binary/train",))
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    X_train, y_train = _parsed(DATA["binary/train"])
    expected, evals = reference({"objective": "binary:logistic", "max_depth": 2,
                                 "eval_metric": ["auc"]}, 10, "binary/train")
    found = metrics(record)
    assert found["train:auc"] == pytest.approx(evals["train"]["auc"][-1], abs=6e-6)
    # the container's accuracy thresholds what it gets at 0, as if it were a margin; XGBoost
    # hands custom metrics probabilities, so every row counts as class 1 (as on SageMaker)
    assert found["train:accuracy"] == pytest.approx(np.mean(y_train == 1), abs=6e-6)
    sm.create_model(ModelName="xgb-binary-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": record["ModelArtifacts"]["S3ModelArtifacts"]})
    sm.create_endpoint_config(EndpointConfigName="xgb-binary-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "xgb-binary-model",
        "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="xgb-binary", EndpointConfigName="xgb-binary-config")
    try:
        status, _ = wait(lambda: sm.describe_endpoint(EndpointName="xgb-binary"),
                         "EndpointStatus")
        assert status["EndpointStatus"] == "InService", status.get("FailureReason")
        answer = data["sagemaker-runtime"].invoke_endpoint(
            EndpointName="xgb-binary", Body=CSV_NEW.encode(), ContentType="text/csv")
        probabilities = [float(v) for v in answer["Body"].read().decode().split()]
        assert probabilities == pytest.approx(
            expected.predict(xgb.DMatrix(X_NEW)).tolist(), rel=1e-6)
        assert all(0 < p < 1 for p in probabilities)
    finally:
        sm.delete_endpoint(EndpointName="xgb-binary")


def test_a_transform_job_writes_one_prediction_per_line_as_the_container_batches(
        data, regression):
    sm, s3 = data["sagemaker"], data["s3"]
    sm.create_model(ModelName="xgb-batch-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": regression["ModelArtifacts"]["S3ModelArtifacts"]})
    s3.put_object(Bucket=BUCKET, Key="xgb/batch/in/new.csv", Body=(CSV_NEW + "\n").encode())
    sm.create_transform_job(
        TransformJobName="xgb-batch", ModelName="xgb-batch-model",
        TransformInput={"DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/xgb/batch/in"}},
            "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/xgb/batch/out",
                         "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    record, _ = wait(lambda: sm.describe_transform_job(TransformJobName="xgb-batch"),
                     "TransformJobStatus", timeout=120)
    assert record["TransformJobStatus"] == "Completed", record.get("FailureReason")
    # unset BatchStrategy/MaxPayloadInMB come from the container's /execution-parameters
    assert (record["BatchStrategy"], record["MaxPayloadInMB"]) == ("MultiRecord", 6)
    out = s3.get_object(Bucket=BUCKET, Key="xgb/batch/out/new.csv.out")["Body"].read()
    expected, _ = reference({"objective": "reg:squarederror", "max_depth": 3, "eta": 0.3}, 12)
    want = expected.predict(xgb.DMatrix(X_NEW)).tolist()
    assert out.decode() == "".join(f"{v!r}\n" for v in want)


def test_multi_softprob_answers_one_probability_row_per_record(data):
    sm = data["sagemaker"]
    record = run(data, "xgb-multi", {"num_round": "8", "objective": "multi:softprob",
                                     "num_class": "3", "max_depth": "2"},
                 channels=("multi/train",))
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    assert "train:mlogloss" in metrics(record)
    sm.create_model(ModelName="xgb-multi-model", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": record["ModelArtifacts"]["S3ModelArtifacts"]})
    sm.create_endpoint_config(EndpointConfigName="xgb-multi-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "xgb-multi-model",
        "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="xgb-multi", EndpointConfigName="xgb-multi-config")
    try:
        status, _ = wait(lambda: sm.describe_endpoint(EndpointName="xgb-multi"),
                         "EndpointStatus")
        assert status["EndpointStatus"] == "InService", status.get("FailureReason")
        answer = data["sagemaker-runtime"].invoke_endpoint(
            EndpointName="xgb-multi", Body=CSV_NEW.encode(), ContentType="text/csv",
            Accept="application/json")
        scores = [p["score"] for p in json.loads(answer["Body"].read())["predictions"]]
        expected, _ = reference({"objective": "multi:softprob", "num_class": 3,
                                 "max_depth": 2}, 8, "multi/train")
        np.testing.assert_allclose(scores, expected.predict(xgb.DMatrix(X_NEW)), rtol=1e-6)
        assert np.allclose(np.sum(scores, axis=1), 1.0, atol=1e-6)
    finally:
        sm.delete_endpoint(EndpointName="xgb-multi")


def test_a_pickled_model_is_refused_not_unpickled(data):
    """The container would pickle.load the file; estlab never does (code would run)."""
    import pickle

    sm, s3 = data["sagemaker"], data["s3"]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        raw = pickle.dumps({"not": "a booster"})
        info = tarfile.TarInfo("xgboost-model")
        info.size = len(raw)
        tar.addfile(info, io.BytesIO(raw))
    s3.put_object(Bucket=BUCKET, Key="xgb/pickled/model.tar.gz", Body=buffer.getvalue())
    sm.create_model(ModelName="xgb-pickled", ExecutionRoleArn=ROLE, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": f"s3://{BUCKET}/xgb/pickled/model.tar.gz"})
    sm.create_endpoint_config(EndpointConfigName="xgb-pickled", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "xgb-pickled", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="xgb-pickled", EndpointConfigName="xgb-pickled")
    record, _ = wait(lambda: sm.describe_endpoint(EndpointName="xgb-pickled"),
                     "EndpointStatus")
    assert record["EndpointStatus"] == "Failed"
    assert "estlab never unpickles a model" in record["FailureReason"]
    sm.delete_endpoint(EndpointName="xgb-pickled")


def test_without_xgboost_the_job_fails_saying_what_to_install(tmp_path, monkeypatch):
    """The image's program, run as the runtime runs it, in an environment without xgboost."""
    import sys

    from estlab.workflow.local.algorithms import sagemaker_xgboost

    config = tmp_path / "input" / "config"
    config.mkdir(parents=True)
    (config / "hyperparameters.json").write_text(json.dumps({"num_round": "3"}))
    (config / "inputdataconfig.json").write_text(json.dumps({"train": {
        "ContentType": "text/csv", "TrainingInputMode": "File",
        "S3DistributionType": "FullyReplicated"}}))
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "a.csv").write_text("1,2,3\n")
    for key, value in {"SM_INPUT_CONFIG_DIR": config, "SM_CHANNEL_TRAIN": tmp_path / "train",
                       "SM_MODEL_DIR": tmp_path / "model", "SM_OUTPUT_DIR": tmp_path / "out",
                       "SM_HOSTS": '["algo-1"]'}.items():
        monkeypatch.setenv(key, str(value))
    monkeypatch.setitem(sys.modules, "xgboost", None)  # import xgboost now raises ImportError
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # logging.basicConfig of the image's program
        assert sagemaker_xgboost.main(["train"]) == 1
    failure = (tmp_path / "out" / "failure").read_text()
    assert failure.startswith("framework error: \n")
    assert "pip install 'estlab[xgboost]'" in failure
    assert not (tmp_path / "model" / "xgboost-model").exists()
