"""Chapter 10 on SageMaker: the three pipelines train and serve, with the SDK v3.

Each pipeline of the chapter becomes SageMaker jobs in the scikit-learn framework image, with
the NumPy framework's ``train.py`` (estlab's source rides along in ``source_dir``):

1. Images: a ``ModelTrainer`` fits a softmax regression on 64 pixels; ``ModelBuilder`` deploys
   it to a real-time endpoint, which classifies the held-out images (CSV in, JSON out).
2. Text: a ``ModelTrainer`` fits a logistic regression on bags of words; ``ModelBuilder.build``
   registers the model (no endpoint) and a ``Transformer`` scores a file of reviews.
3. Time series: a ``ModelTrainer`` fits a Poisson regression on lag features; a real-time
   endpoint answers next-day forecasts (JSON in, JSON out).

The three training jobs run at once, and so do the two deployments and the transform job: each
step waits only for what it needs. The features are the ones the chapter's processing jobs
compute (``images.py``, ``text.py``, ``forecast.py``); here the driver makes them with NumPy
before the SDK code, which keeps the run short.

Run it: ``python chapters/10-pipelines/examples/sagemaker_pipelines.py`` (on the local SageMaker
API, started for the run, unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set: then on AWS,
where the two endpoints bill until the ``finally`` deletes them).
"""

import collections
import datetime
import json
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np

import estlab
from estlab.datasets import make_reviews, make_seasonal_counts, read_pgm, write_image_folder
from estlab.workflow.estimator import default_training_script
from estlab.workflow.rehearsal import aws_or_rehearsal


def csv_text(rows, fmt="%.6g"):
    """Rows of numbers as CSV text, one line per row (no header)."""
    return "".join(",".join(fmt % v for v in row) + "\n" for row in np.atleast_2d(rows))


with aws_or_rehearsal() as stage, tempfile.TemporaryDirectory() as tmp:
    s3 = stage.boto_session.client("s3")

    def put(key, rows, fmt="%.6g"):
        s3.put_object(Bucket=stage.bucket, Key=key, Body=csv_text(rows, fmt).encode())

    # The features of the chapter's three processing jobs. Training CSVs: no header, target
    # first (the NumPy framework's train.py and the built-in algorithms read that layout).
    raw = write_image_folder(Path(tmp) / "shapes", n=320, noise=0.25, random_state=0)
    classes = sorted(d.name for d in raw.iterdir())  # label = index in this list
    rows = []
    for label, name in enumerate(classes):
        for f in sorted((raw / name).glob("*.pgm")):
            image = read_pgm(f)
            rows.append([label, *((image - image.mean()) / (image.std() + 1e-8)).ravel()])
    rows = np.array([[float(f"{v:.5g}") for v in row] for row in rows])  # as written to CSV
    held = np.random.default_rng(0).random(len(rows)) < 0.25
    put("shapes/train/train.csv", rows[~held], "%.5g")
    put("shapes/validation/test.csv", rows[held], "%.5g")
    X_images, y_images = rows[held, 1:], rows[held, 0]

    texts, review_labels = make_reviews(n=500, flip=0.05, random_state=0)
    words = [set(re.findall(r"[a-z]+", t.lower())) for t in texts]
    held = np.random.default_rng(0).random(len(texts)) < 0.3
    counts = collections.Counter(w for ws, h in zip(words, held) if not h for w in ws)
    vocab = sorted(w for w, c in counts.items() if c >= 3)  # from the training reviews only
    bags = np.array([[float(w in ws) for w in vocab] for ws in words])
    put("reviews/train/train.csv", np.column_stack([review_labels[~held], bags[~held]]), "%g")
    put("reviews/score/reviews.csv", bags[held], "%g")  # the file to score: no labels
    y_reviews = review_labels[held]

    dates, orders = make_seasonal_counts(n_days=730, random_state=0)
    weekday = [datetime.date.fromisoformat(d).weekday() for d in dates]
    lags = np.array([[orders[t], *np.log1p([orders[t - 1], orders[t - 7], orders[t - 14],
                                            orders[t - 28:t].mean()]),
                      *np.eye(7)[weekday[t]][1:]] for t in range(28, len(orders))])
    put("orders/train/train.csv", lags[:-84])           # a time-ordered split: the last
    put("orders/validation/test.csv", lags[-84:])        # 12 weeks are the future
    X_orders, y_orders = lags[-84:, 1:], lags[-84:, 0]

    code = Path(tmp) / "code"  # train.py (training and serving) + estlab's source
    shutil.copytree(Path(estlab.__file__).parent, code / "estlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(default_training_script(), code / "train.py")
    bucket, role, session = stage.bucket, stage.role, stage.sagemaker_session

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.shapes import MetricDefinition
    from sagemaker.core.training.configs import (Compute, InputData, OutputDataConfig,
                                                 SourceCode)
    from sagemaker.core.transformer import Transformer
    from sagemaker.serve import ModelBuilder
    from sagemaker.serve.mode.function_pointers import Mode
    from sagemaker.train import ModelTrainer

    def sklearn_image(scope):
        return image_uris.retrieve("sklearn", stage.region, version="1.4-2-py312",
                                   image_scope=scope, instance_type="ml.m5.large")

    script = SourceCode(source_dir=str(code), entry_script="train.py")
    poll = 1 if stage.where == "local" else 20  # seconds between status checks

    def trainer(name, hyperparameters, channels, metric):
        return ModelTrainer(
            training_image=sklearn_image("training"), role=role, base_job_name=name,
            sagemaker_session=session, source_code=script, hyperparameters=hyperparameters,
            compute=Compute(instance_type="ml.m5.large", instance_count=1),
            input_data_config=[InputData(channel_name=channel,
                                         data_source=f"s3://{bucket}/{folder}/{channel}")
                               for folder, channel in channels],
            output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/models"),
        ).with_metric_definitions([  # train.py prints e.g. "validation:accuracy=0.95;"
            MetricDefinition(name=f"{channel}:{metric}",
                             regex=rf"{channel}:{metric}=([-+0-9.eE]+);")
            for _, channel in channels])

    def model(name, job):  # CreateModel: the trained artifact + train.py's model_fn
        builder = ModelBuilder(
            image_uri=sklearn_image("inference"), role_arn=role, source_code=script,
            s3_model_data_url=job.model_artifacts.s3_model_artifacts,
            instance_type="ml.m5.large", mode=Mode.SAGEMAKER_ENDPOINT,
            sagemaker_session=session)
        builder.build(model_name=name)
        return builder

    # 1.-3. Three training jobs, started together
    trainers = {
        "shapes-softmax": trainer(
            "shapes-softmax", {"estimator": "SoftmaxRegression", "alpha": 0.05},
            [("shapes", "train"), ("shapes", "validation")], "accuracy"),
        "reviews-logistic": trainer(
            "reviews-logistic", {"estimator": "LogisticRegression", "alpha": 0.02},
            [("reviews", "train")], "accuracy"),
        "orders-poisson": trainer(
            "orders-poisson", {"estimator": "PoissonRegression"},
            [("orders", "train"), ("orders", "validation")], "rmse"),
    }
    for t in trainers.values():
        t.train(wait=False)
    jobs = {}
    for name, t in trainers.items():
        jobs[name] = job = t._latest_training_job  # the SDK's TrainingJob resource
        job.wait(poll=poll)
        print(f"{name}: {job.training_job_name} {job.training_job_status}",
              {m.metric_name: round(m.value, 3) for m in job.final_metric_data_list or []})

    # 1. images and 3. time series: real-time endpoints (deployed together)
    endpoints = [model(name, jobs[name]).deploy(endpoint_name=name, wait=False,
                                                initial_instance_count=1)
                 for name in ("shapes-softmax", "orders-poisson")]
    # 2. text: no endpoint; a transform job scores the file of reviews and stops
    model("reviews-logistic", jobs["reviews-logistic"])
    transformer = Transformer(
        model_name="reviews-logistic", instance_count=1, instance_type="ml.m5.large",
        strategy="MultiRecord", assemble_with="Line", accept="text/csv",
        output_path=f"s3://{bucket}/reviews/scored", sagemaker_session=session)
    transformer.transform(f"s3://{bucket}/reviews/score", content_type="text/csv",
                          split_type="Line", wait=False)

    runtime = stage.boto_session.client("sagemaker-runtime")
    try:
        for endpoint in endpoints:
            endpoint.wait_for_status("InService", poll=poll)
            print("endpoint:", endpoint.endpoint_name, endpoint.endpoint_status)
        answer = runtime.invoke_endpoint(  # the held-out images, one CSV row each
            EndpointName="shapes-softmax", ContentType="text/csv",
            Accept="application/json", Body=csv_text(X_images))
        shapes = np.array(json.loads(answer["Body"].read()))
        answer = runtime.invoke_endpoint(  # "how many tomorrow?" for the 84 test days
            EndpointName="orders-poisson", ContentType="application/json",
            Accept="application/json", Body=json.dumps(X_orders.tolist()))
        forecast = np.array(json.loads(answer["Body"].read()))
    finally:
        for endpoint in endpoints:
            endpoint.delete()  # an endpoint bills until it is deleted
    transformer.latest_transform_job.wait(poll=poll)
    # --8<-- [end:sdk]

    right = {name: f"{np.sum((shapes == y_images) & (y_images == k))}/{np.sum(y_images == k)}"
             for k, name in enumerate(classes)}
    print(f"images: {len(shapes)} held-out images classified, accuracy "
          f"{np.mean(shapes == y_images):.3f}; right per class: {right}")
    job = transformer.latest_transform_job
    job.refresh()
    scored = s3.get_object(Bucket=bucket, Key="reviews/scored/reviews.csv.out")["Body"]
    scored = np.loadtxt(scored.read().decode().splitlines())
    print(f"text: transform job {job.transform_job_name} {job.transform_job_status}, "
          f"{len(scored)} reviews scored, accuracy {np.mean(scored == y_reviews):.3f}")
    print("endpoints left after the finally:",
          stage.boto_session.client("sagemaker").list_endpoints()["Endpoints"])
    naive = np.expm1(X_orders[:, 1])  # "the same as a week ago"
    rmse = {name: np.sqrt(np.mean((y_orders - f) ** 2)) for name, f in
            (("forecast", forecast), ("naive", naive))}
    print(f"time series: tomorrow's forecast {forecast[0]:.1f} orders (actual "
          f"{y_orders[0]:.0f}); RMSE over the 84 test days {rmse['forecast']:.2f}, "
          f"naive (same day last week) {rmse['naive']:.2f}")
