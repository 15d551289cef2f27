"""The XGBoost counterpart of PoissonRegression, sent by the real SDK v3, trains and serves locally.

``counterpart(PoissonRegression())`` describes a built-in XGBoost job (``booster=gblinear``,
``objective=count:poisson``, CSV with the target first). Here that exact description goes
through ``ModelTrainer`` and ``ModelBuilder`` to ``estlab serve``: the job must complete, and
the endpoint must answer the Poisson means XGBoost's linear booster predicts, which for this
GLM equal estlab's own PoissonRegression fit on the same data (to 1e-4).
"""

import numpy as np
import pytest

xgb = pytest.importorskip("xgboost")
pytest.importorskip("sagemaker.train")

# The SDK's own imports of its moved modules (sagemaker.serve imports a dozen of its shims):
# DeprecationWarnings attributed to sagemaker.* modules, never estlab's
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:sagemaker")


@pytest.mark.slow
def test_the_poisson_counterpart_trains_and_serves_on_the_local_api(tmp_path):
    from estlab.linear_model import PoissonRegression
    from estlab.workflow import counterpart
    from estlab.workflow.rehearsal import aws_or_rehearsal

    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 2))
    y = rng.poisson(np.exp(0.5 + X @ [0.4, -0.3]))
    np.savetxt(tmp_path / "train.csv", np.column_stack([y, X]), delimiter=",", fmt="%.6g")
    X_new = np.array([[0.0, 0.0], [1.0, -1.0], [-0.5, 2.0]])
    c = counterpart(PoissonRegression(alpha=0.0))

    with aws_or_rehearsal(mode="local", summary=False) as stage:
        from sagemaker.core.training.configs import Compute, InputData, OutputDataConfig
        from sagemaker.serve import ModelBuilder
        from sagemaker.serve.mode.function_pointers import Mode
        from sagemaker.train import ModelTrainer

        session = stage.sagemaker_session
        session.upload_data(str(tmp_path / "train.csv"), bucket=stage.bucket,
                            key_prefix="poisson/train")
        image = c.image_uri(stage.region)
        assert "/sagemaker-xgboost:1.7-1" in image
        trainer = ModelTrainer(
            training_image=image, role=stage.role, sagemaker_session=session,
            base_job_name="estlab-xgboost-poisson", hyperparameters=dict(c.hyperparameters),
            compute=Compute(instance_type="ml.m5.large", instance_count=1),
            input_data_config=[InputData(channel_name="train",
                                         data_source=f"s3://{stage.bucket}/poisson/train",
                                         content_type=c.content_type)],
            output_data_config=OutputDataConfig(s3_output_path=f"s3://{stage.bucket}/models"))
        trainer.train(wait=True, logs=False)
        job = trainer._latest_training_job
        assert job.training_job_status == "Completed", job.failure_reason
        found = {m.metric_name: m.value for m in job.final_metric_data_list}
        assert "train:poisson-nloglik" in found
        request = next(p for op, p in stage.requests if op == "CreateTrainingJob")
        assert request["HyperParameters"] == dict(c.hyperparameters)  # what counterpart said

        builder = ModelBuilder(image_uri=image,
                               s3_model_data_url=job.model_artifacts.s3_model_artifacts,
                               role_arn=stage.role, instance_type="ml.m5.large",
                               mode=Mode.SAGEMAKER_ENDPOINT, sagemaker_session=session)
        builder.build(model_name="estlab-xgboost-poisson")
        endpoint = builder.deploy(endpoint_name="estlab-xgboost-poisson", wait=False)
        try:
            runtime = stage.boto_session.client("sagemaker-runtime")
            sm = stage.boto_session.client("sagemaker")
            waiter = sm.get_waiter("endpoint_in_service")
            waiter.wait(EndpointName="estlab-xgboost-poisson",
                        WaiterConfig={"Delay": 0.2, "MaxAttempts": 300})
            body = "\n".join(",".join(str(v) for v in row) for row in X_new)
            answer = runtime.invoke_endpoint(EndpointName="estlab-xgboost-poisson",
                                             ContentType="text/csv", Body=body.encode())
            served = np.array([float(v) for v in answer["Body"].read().decode().split()])
        finally:
            endpoint.delete()

    # the reference: XGBoost's own gblinear fit on the same numbers, then estlab's GLM
    data = np.loadtxt(tmp_path / "train.csv", delimiter=",")
    params = {k: v for k, v in c.hyperparameters.items() if k != "num_round"}
    params = {**params, "lambda": float(params["lambda"]), "alpha": float(params["alpha"])}
    booster = xgb.train(params, xgb.DMatrix(data[:, 1:], label=data[:, 0]),
                        int(c.hyperparameters["num_round"]))
    np.testing.assert_allclose(served, booster.predict(xgb.DMatrix(X_new)), rtol=1e-5)
    glm = PoissonRegression(alpha=0.0).fit(data[:, 1:], data[:, 0])
    # the counterpart reaches the GLM's optimum on (nearly) centred columns: counterparts.py
    np.testing.assert_allclose(served, glm.predict(X_new), rtol=1e-4)
