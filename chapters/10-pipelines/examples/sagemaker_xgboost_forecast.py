"""Chapter 10 on SageMaker: the forecast with the built-in XGBoost algorithm (SDK v3).

The time-series pipeline's cloud route: no training script at all. SageMaker's XGBoost image
reads CSV channels (target first, no header; ``ContentType="text/csv"`` on every channel) and
is configured by hyperparameters only. ``estlab.workflow.counterpart(PoissonRegression())``
gives the ones that fit the chapter's Poisson regression: the linear booster with the Poisson
objective, ``objective=count:poisson``. The same image serves the model (CSV rows of
features in, one forecast per row out).

Run it: ``python chapters/10-pipelines/examples/sagemaker_xgboost_forecast.py``. It is
rehearsed for now (moto: nothing runs), because the built-in XGBoost image does not run on
the local SageMaker API yet; with SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET set it runs on AWS.
Once the local API runs that image, drop ``offline="rehearsal"``: the same code then trains,
deploys and forecasts on this machine.
"""

import datetime

import numpy as np

from estlab.datasets import make_seasonal_counts
from estlab.linear_model import PoissonRegression
from estlab.workflow import counterpart
from estlab.workflow.rehearsal import aws_or_rehearsal


def csv_text(rows):
    return "".join(",".join(f"{v:.6g}" for v in row) + "\n" for row in np.atleast_2d(rows))


with aws_or_rehearsal(offline="rehearsal") as stage:
    # The lag features of the chapter's processing job: orders, then log1p of the orders
    # 1, 7 and 14 days before and of the mean of the last 28 days, then six weekday dummies.
    dates, orders = make_seasonal_counts(n_days=730, random_state=0)
    weekday = [datetime.date.fromisoformat(d).weekday() for d in dates]
    lags = np.array([[orders[t], *np.log1p([orders[t - 1], orders[t - 7], orders[t - 14],
                                            orders[t - 28:t].mean()]),
                      *np.eye(7)[weekday[t]][1:]] for t in range(28, len(orders))])
    s3 = stage.boto_session.client("s3")
    for channel, part in (("train", lags[:-84]), ("validation", lags[-84:])):
        s3.put_object(Bucket=stage.bucket, Key=f"orders/{channel}/lags.csv",
                      Body=csv_text(part).encode())
    X_test, y_test = lags[-84:, 1:], lags[-84:, 0]
    bucket, role, session, region = stage.bucket, stage.role, stage.sagemaker_session, stage.region

    # --8<-- [start:sdk]
    from sagemaker.core.training.configs import Compute, InputData, OutputDataConfig
    from sagemaker.serve import ModelBuilder
    from sagemaker.serve.mode.function_pointers import Mode
    from sagemaker.train import ModelTrainer

    wait = not stage.rehearsal  # in the rehearsal nothing runs: do not wait for it
    poll = 1 if stage.where == "local" else 20  # seconds between status checks
    route = counterpart(PoissonRegression())  # booster=gblinear, objective=count:poisson
    image = route.image_uri(region)           # the built-in XGBoost image, version 1.7-1

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
    job = trainer._latest_training_job
    if wait:
        job.wait(poll=poll)
    artifact = (job.model_artifacts.s3_model_artifacts if wait else
                f"s3://{bucket}/models/{job.training_job_name}/output/model.tar.gz")

    builder = ModelBuilder(  # the same image serves the model it trained: no script either
        image_uri=image, s3_model_data_url=artifact, role_arn=role,
        instance_type="ml.m5.large", mode=Mode.SAGEMAKER_ENDPOINT,
        sagemaker_session=session)
    builder.build(model_name="orders-xgboost")
    endpoint = builder.deploy(endpoint_name="orders-xgboost", initial_instance_count=1,
                              wait=False)
    try:
        if wait:
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
    if wait:
        print(f"training job: {job.training_job_name} {job.training_job_status}",
              {m.metric_name: round(m.value, 3) for m in job.final_metric_data_list or []})
        forecast = np.array(answer["Body"].read().decode().replace(",", "\n").split(),
                            dtype=float)
        print(f"forecast for the 84 test days: RMSE "
              f"{np.sqrt(np.mean((y_test - forecast) ** 2)):.2f} orders/day")
