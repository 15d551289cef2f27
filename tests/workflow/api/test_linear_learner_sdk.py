"""The real SDK v3 trains the Linear Learner image on ``estlab serve``: ``ModelTrainer`` with
``image_uris.retrieve("linear-learner", ...)`` and the hyperparameters ``counterpart()`` emits."""

import io
import json
import tarfile
import time

import numpy as np
import pytest
from api_helpers import BUCKET

pytest.importorskip("sagemaker.train")
pytestmark = pytest.mark.filterwarnings(
    "ignore:sagemaker.train.configs has been moved:DeprecationWarning")


def test_model_trainer_fits_what_estlab_fits(aws, tmp_path):
    import boto3
    from sagemaker.core import image_uris
    from sagemaker.core.helper.session_helper import Session
    from sagemaker.train import ModelTrainer
    from sagemaker.train.configs import Compute, InputData, OutputDataConfig

    from estlab.linear_model import LinearRegression
    from estlab.workflow import counterpart
    from estlab.workflow.local.algorithms.linear_learner import LinearLearnerModel
    from estlab.workflow.rehearsal import SAGEMAKER_TRUST_POLICY

    rng = np.random.default_rng(5)
    X = rng.normal(size=(120, 2)) * [1.0, 10.0]
    y = 1.0 + X @ [2.0, -0.1] + rng.normal(size=120)
    aws["s3"].put_object(Bucket=BUCKET, Key="ll-sdk/train/d.csv", Body="\n".join(
        ",".join(repr(float(v)) for v in row) for row in np.c_[y, X]).encode())
    role = boto3.client("iam").create_role(
        RoleName="estlab-ll-sdk", AssumeRolePolicyDocument=json.dumps(SAGEMAKER_TRUST_POLICY)
    )["Role"]["Arn"]
    estimator = LinearRegression(alpha=0.01)
    hyperparameters = dict(counterpart(estimator).hyperparameters)
    assert hyperparameters["predictor_type"] == "regressor"
    trainer = ModelTrainer(
        training_image=image_uris.retrieve("linear-learner", "us-east-1"), role=role,
        sagemaker_session=Session(boto_session=boto3.Session(region_name="us-east-1"),
                                  default_bucket=BUCKET),
        hyperparameters=hyperparameters, base_job_name="ll-sdk",
        compute=Compute(instance_type="ml.m5.large", instance_count=1),
        input_data_config=[InputData(channel_name="train", content_type="text/csv",
                                     data_source=f"s3://{BUCKET}/ll-sdk/train")],
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{BUCKET}/ll-sdk/out"))
    trainer.train(wait=False, logs=False)
    sm = aws["sagemaker"]
    [name] = [j["TrainingJobName"] for j in sm.list_training_jobs(NameContains="ll-sdk")[
        "TrainingJobSummaries"]]
    deadline = time.monotonic() + 120
    while (record := sm.describe_training_job(TrainingJobName=name))[
            "TrainingJobStatus"] == "InProgress" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    assert record["HyperParameters"] == hyperparameters  # as the SDK sent them
    bucket, key = record["ModelArtifacts"]["S3ModelArtifacts"][5:].split("/", 1)
    with tarfile.open(fileobj=io.BytesIO(aws["s3"].get_object(
            Bucket=bucket, Key=key)["Body"].read())) as tar:
        tar.extractall(tmp_path, filter="data")
    model = LinearLearnerModel.load(tmp_path)
    # normalize_data=false (counterpart's choice with a penalty) and the label standardised
    # (normalize_label=auto): a ridge fit is linear in y, so this is estlab's own ridge fit
    assert model.x_scale.tolist() == [1.0, 1.0] and model.y_scale != 1.0
    np.testing.assert_allclose(model.estimator.coef_ * model.y_scale,
                               estimator.fit(X, y).coef_, rtol=1e-10)
    np.testing.assert_allclose(model.scores(X), estimator.predict(X), rtol=1e-10)
    metrics = {m["MetricName"]: m["Value"] for m in record["FinalMetricDataList"]}
    assert metrics["train:mse"] == pytest.approx(np.mean((y - estimator.predict(X)) ** 2))
