"""Chapter 10 on SageMaker: the forecast with the built-in XGBoost algorithm (SDK v3).

The time-series pipeline's cloud route: no training script at all. SageMaker's XGBoost image
reads CSV channels (target first, no header; ``ContentType="text/csv"`` on every channel) and
is configured by hyperparameters only. ``estlab.workflow.counterpart(PoissonRegression())``
gives the ones that fit the chapter's Poisson regression: the linear booster with the Poisson
objective, ``objective=count:poisson``, with exact coordinate Newton steps (``eta=1``,
``max_delta_step=0``) and ``lambda`` equal to estlab's ``alpha``. The same image serves the
model (CSV rows of features in, one forecast per row out).

The lag columns are centred (minus their training means) before they are written: the Poisson
regression's forecasts do not change (only its intercept moves), but the linear booster's
coordinate descent, which couples every uncentred column with the intercept, then reaches the
regression's optimum in its 200 rounds (see ``counterparts.py``).

Run it: ``python chapters/10-pipelines/examples/sagemaker_xgboost_forecast.py`` (on the local
SageMaker API, started for the run: the image's algorithm runs with the real ``xgboost``
package; with SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET set, on AWS, where the endpoint bills
until the ``finally`` deletes it).
"""

import datetime

import numpy as np

from estlab.datasets import make_seasonal_counts
from estlab.linear_model import PoissonRegression
from estlab.workflow import counterpart
from estlab.workflow.rehearsal import aws_or_rehearsal

N_TEST = 84  # the last 12 weeks are the future


def csv_text(rows):
    return "".join(",".join(f"{v:.6g}" for v in row) + "\n" for row in np.atleast_2d(rows))


with aws_or_rehearsal() as stage:
    # The lag features of the chapter's processing job: orders, then log1p of the orders
    # 1, 7 and 14 days before and of the mean of the last 28 days, then six weekday dummies.
    dates, orders = make_seasonal_counts(n_days=730, random_state=0)
    weekday = [datetime.date.fromisoformat(d).weekday() for d in dates]
    lags = np.array([[orders[t], *np.log1p([orders[t - 1], orders[t - 7], orders[t - 14],
                                            orders[t - 28:t].mean()]),
                      *np.eye(7)[weekday[t]][1:]] for t in range(28, len(orders))])
    lags[:, 1:] -= lags[:-N_TEST, 1:].mean(axis=0)  # centred on the training rows' means
    lags = np.array([[float(f"{v:.6g}") for v in row] for row in lags])  # as written to CSV
    s3 = stage.boto_session.client("s3")
    for channel, part in (("train", lags[:-N_TEST]), ("validation", lags[-N_TEST:])):
        s3.put_object(Bucket=stage.bucket, Key=f"orders/{channel}/lags.csv",
                      Body=csv_text(part).encode())
    X_test, y_test = lags[-N_TEST:, 1:], lags[-N_TEST:, 0]
    bucket, role, session, region = stage.bucket, stage.role, stage.sagemaker_session, stage.region

    # --8<-- [start:sdk]
    from sagemaker.core.training.configs import Compute, InputData, OutputDataConfig
    from sagemaker.serve import ModelBuilder
    from sagemaker.serve.mode.function_pointers import Mode
    from sagemaker.train import ModelTrainer

    poll = 1 if stage.where == "local" else 20  # seconds between status checks
    route = counterpart(PoissonRegression())  # gblinear, count:poisson, eta=1, ...
    image = route.image_uri(region)  # the built-in XGBoost image, version 1.7-1

    trainer = ModelTrainer(  # no source_code: the algorithm is the image
        training_image=image, role=role, sagemaker_session=session,
        base_job_name="orders-xgboost", hyperparameters=dict(route.hyperparameters),
        compute=Compute(instance_type="ml.m5.large", instance_count=1),
        input_data_config=[
            InputData(channel_name=name, data_source=f"s3://{bucket}/orders/{name}",
                      content_type=route.content_type)  # "text/csv": target first
            for name in ("train", "validation")],
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/models"))
    trainer.train(wait=False)
    job = trainer._latest_training_job  # the SDK's TrainingJob resource
    job.wait(poll=poll)

    builder = ModelBuilder(  # the same image serves the model it trained: no script
        image_uri=image, s3_model_data_url=job.model_artifacts.s3_model_artifacts,
        role_arn=role,
        instance_type="ml.m5.large", mode=Mode.SAGEMAKER_ENDPOINT,
        sagemaker_session=session)
    builder.build(model_name="orders-xgboost")
    endpoint = builder.deploy(endpoint_name="orders-xgboost", initial_instance_count=1,
                              wait=False)
    try:
        endpoint.wait_for_status("InService", poll=poll)
        answer = stage.boto_session.client("sagemaker-runtime").invoke_endpoint(
            EndpointName="orders-xgboost", ContentType="text/csv",  # features only
            Body=csv_text(X_test))
    finally:
        endpoint.delete()  # an endpoint bills until it is deleted
    # --8<-- [end:sdk]
    print("hyperparameters from counterpart():", dict(route.hyperparameters))
    sent = stage.captured("CreateTrainingJob")[0]
    print("channels sent:", {c["ChannelName"]: c.get("ContentType")
                             for c in sent["InputDataConfig"]},
          "| entrypoint overridden:", "ContainerEntrypoint" in sent["AlgorithmSpecification"])
    print(f"training job: {job.training_job_name} {job.training_job_status}",
          {m.metric_name: round(m.value, 3) for m in job.final_metric_data_list or []})
    forecast = np.array(answer["Body"].read().decode().replace(",", "\n").split(), dtype=float)
    print("endpoints left after the finally:",
          stage.boto_session.client("sagemaker").list_endpoints()["Endpoints"])
    # the reference: estlab's Poisson regression on the same rows (as the CSV holds them)
    glm = PoissonRegression().fit(lags[:-N_TEST, 1:], lags[:-N_TEST, 0])
    rmse = {name: np.sqrt(np.mean((y_test - f) ** 2))
            for name, f in (("xgboost", forecast), ("estlab", glm.predict(X_test)))}
    gap = np.max(np.abs(forecast / glm.predict(X_test) - 1))
    print(f"forecast for the {N_TEST} test days: RMSE {rmse['xgboost']:.2f} orders/day "
          f"(estlab's PoissonRegression: {rmse['estlab']:.2f}; largest relative gap "
          f"between the two forecasts {gap:.1e})")
