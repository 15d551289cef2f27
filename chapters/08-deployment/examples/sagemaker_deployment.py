"""Chapter 8 on SageMaker: ModelBuilder deploys an estlab model; SageMaker Runtime invokes it.

v2's ``SKLearnModel(model_data, entry_point).deploy()`` returning a ``Predictor`` becomes v3's
``ModelBuilder(image_uri, s3_model_data_url, source_code).build()`` (CreateModel) and
``.deploy()`` (CreateEndpointConfig + CreateEndpoint), returning an ``Endpoint``; there is no
Predictor class: requests go through boto3's ``sagemaker-runtime`` client. The serving code is
the NumPy framework's ``train.py`` (its ``model_fn`` loads the model with ``estlab.load``).

Run it: ``python chapters/08-deployment/examples/sagemaker_deployment.py`` (on the local
SageMaker API, started for the run, unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set:
then on AWS).
"""

import logging
import shutil
import tarfile
import tempfile
from pathlib import Path

import numpy as np

import estlab
from estlab.linear_model import LinearRegression
from estlab.workflow.estimator import default_training_script
from estlab.workflow.rehearsal import aws_or_rehearsal

with aws_or_rehearsal() as stage, tempfile.TemporaryDirectory() as tmp:
    # A model.tar.gz as the training job writes it: estlab.save's model.json +
    # model.npz.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    model = LinearRegression().fit(X, X @ [2.0, -1.0] + 0.5 + rng.normal(scale=0.1, size=100))
    estlab.save(model, Path(tmp) / "model")
    with tarfile.open(Path(tmp) / "model.tar.gz", "w:gz") as tar:
        for name in ("model.json", "model.npz"):
            tar.add(Path(tmp) / name, arcname=name)
    model_uri = stage.sagemaker_session.upload_data(str(Path(tmp) / "model.tar.gz"),
                                                    bucket=stage.bucket, key_prefix="regression")
    code = Path(tmp) / "code"  # the serving script + estlab's source
    shutil.copytree(Path(estlab.__file__).parent, code / "estlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(default_training_script(), code / "train.py")

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.training.configs import SourceCode
    from sagemaker.serve import ModelBuilder
    from sagemaker.serve.mode.function_pointers import Mode

    image = image_uris.retrieve("sklearn", stage.region, version="1.4-2-py312",
                                image_scope="inference", instance_type="ml.m5.large")
    builder = ModelBuilder(
        image_uri=image, s3_model_data_url=model_uri, role_arn=stage.role,
        source_code=SourceCode(source_dir=str(code), entry_script="train.py"),
        instance_type="ml.m5.large", mode=Mode.SAGEMAKER_ENDPOINT,
        sagemaker_session=stage.sagemaker_session, log_level=logging.INFO)
    builder.build(model_name="estlab-regression")                   # CreateModel
    endpoint = builder.deploy(endpoint_name="estlab-regression",    # CreateEndpointConfig,
                              initial_instance_count=1,             # CreateEndpoint
                              instance_type="ml.m5.large", wait=not stage.rehearsal)

    runtime = stage.boto_session.client("sagemaker-runtime")        # the Predictor's job
    try:
        response = runtime.invoke_endpoint(EndpointName="estlab-regression",
                                           ContentType="text/csv", Accept="application/json",
                                           Body=b"1.0,2.0\n0.5,-1.0")
        print("prediction:", response["Body"].read(), response["ContentType"])
    finally:
        endpoint.delete()  # stop paying for the instance, even when the invocation failed
    # --8<-- [end:sdk]
