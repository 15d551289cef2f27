"""Chapter 5 on SageMaker: the four components with the SDK v3, next to their v2 names.

The v2 -> v3 names are in the comment table above the SDK code below. estlab keeps v2's names
(they are what the docs and courses teach) and runs them locally; ``SageMakerSession`` maps them
onto these v3 objects.

Run it: ``python chapters/05-sagemaker-components/examples/sagemaker_components.py``. Without
SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET it runs on the local SageMaker API (``estlab serve``,
started for the run): the jobs train and the endpoint answers on this machine. With them set it
runs on AWS, and the endpoint is deleted even when the invocation fails.
"""

import shutil
import tempfile
from pathlib import Path

import numpy as np

import estlab
from estlab.workflow.estimator import default_training_script
from estlab.workflow.processing import default_processing_script
from estlab.workflow.rehearsal import aws_or_rehearsal

with aws_or_rehearsal() as stage, tempfile.TemporaryDirectory() as tmp:
    code = Path(tmp) / "code"  # both scripts + estlab's source: the container needs nothing else
    shutil.copytree(Path(estlab.__file__).parent, code / "estlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(default_processing_script(), code / "preprocess.py")
    shutil.copy(default_training_script(), code / "train.py")
    rng = np.random.default_rng(0)
    ab = rng.normal(size=(100, 2))  # y = 1 when a - b + logistic noise > 0: classes overlap
    y = (ab[:, 0] - ab[:, 1] + rng.logistic(size=100) > 0).astype(int)
    rows = "".join(f"{a:.3f},{b:.3f},{label}\n" for (a, b), label in zip(ab, y))
    s3 = stage.boto_session.client("s3")
    s3.put_object(Bucket=stage.bucket, Key="raw/data.csv", Body=("a,b,y\n" + rows).encode())
    bucket, role, session = stage.bucket, stage.role, stage.sagemaker_session

    # The four components, SDK v2 name (most tutorials) -> SDK v3 name (this file):
    #
    # | component | SDK v2                              | SDK v3                                  |
    # |-----------|-------------------------------------|-----------------------------------------|
    # | Processor | sklearn.SKLearnProcessor,           | core.processing.FrameworkProcessor (or  |
    # |           | processing.ScriptProcessor;         | ScriptProcessor); inputs: API shapes,   |
    # |           | ProcessingInput(source, dest.)      | ProcessingInput(s3_input=...)           |
    # | Estimator | sklearn.SKLearn(entry_point, ...)   | train.ModelTrainer(source_code=         |
    # |           | .fit({"train": uri})                | SourceCode(...), input_data_config=[..])|
    # |           |                                     | .train()                                |
    # | Model     | sklearn.SKLearnModel(model_data,    | serve.ModelBuilder(image_uri,           |
    # |           | entry_point).deploy()               | s3_model_data_url, source_code)         |
    # |           |                                     | .build() / .deploy()                    |
    # | Predictor | predictor.Predictor.predict(x),     | no class: Endpoint.invoke(...) or boto3 |
    # |           | with serializers                    | "sagemaker-runtime" invoke_endpoint()   |
    # (module prefixes: "sagemaker." in both; e.g.
    # sagemaker.core.processing.FrameworkProcessor)

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.processing import FrameworkProcessor
    from sagemaker.core.shapes import (ProcessingInput, ProcessingOutput, ProcessingS3Input,
                                       ProcessingS3Output)
    from sagemaker.core.training.configs import (Compute, InputData, OutputDataConfig,
                                                 SourceCode)
    from sagemaker.serve import ModelBuilder
    from sagemaker.serve.mode.function_pointers import Mode
    from sagemaker.train import ModelTrainer

    image = image_uris.retrieve("sklearn", stage.region, version="1.4-2-py312",
                                image_scope="training", instance_type="ml.m5.large")
    wait = not stage.rehearsal

    # 1. Processor: raw CSV -> train / test CSVs
    FrameworkProcessor(image_uri=image, command=["python3"], role=role,
                       instance_type="ml.m5.large", instance_count=1,
                       sagemaker_session=session).run(
        code="preprocess.py", source_dir=str(code), wait=wait,
        inputs=[ProcessingInput(input_name="raw", s3_input=ProcessingS3Input(
            s3_uri=f"s3://{bucket}/raw", local_path="/opt/ml/processing/input",
            s3_data_type="S3Prefix", s3_input_mode="File"))],
        outputs=[ProcessingOutput(output_name="train", s3_output=ProcessingS3Output(
            s3_uri=f"s3://{bucket}/clean/train", local_path="/opt/ml/processing/train",
            s3_upload_mode="EndOfJob"))])

    # 2. Estimator: train.py on the "train" channel -> model.tar.gz
    trainer = ModelTrainer(training_image=image, role=role, sagemaker_session=session,
                 source_code=SourceCode(source_dir=str(code),
                                        entry_script="train.py"),
                 hyperparameters={"estimator": "LogisticRegression"},
                 compute=Compute(instance_type="ml.m5.large", instance_count=1),
                 input_data_config=[InputData(channel_name="train",
                                              data_source=f"s3://{bucket}/clean/train")],
                 output_data_config=OutputDataConfig(
                     s3_output_path=f"s3://{bucket}/models"),
                 )
    trainer.train(wait=wait)
    job = trainer._latest_training_job
    # the trained model.tar.gz
    artifact = (job.model_artifacts.s3_model_artifacts if wait
                else f"s3://{bucket}/models/{job.training_job_name}/output/model.tar.gz")

    # 3. Model: the trained model.tar.gz + serving code -> an endpoint
    builder = ModelBuilder(image_uri=image, s3_model_data_url=artifact,
                           source_code=SourceCode(source_dir=str(code),
                                        entry_script="train.py"),
                           role_arn=role, instance_type="ml.m5.large",
                           mode=Mode.SAGEMAKER_ENDPOINT, sagemaker_session=session,
                           log_level=20)
    builder.build(model_name="estlab-components")
    endpoint = builder.deploy(endpoint_name="estlab-components", wait=wait)

    # 4. "Predictor": SageMaker Runtime's InvokeEndpoint; the endpoint bills until deleted
    try:
        answer = stage.boto_session.client("sagemaker-runtime").invoke_endpoint(
            EndpointName="estlab-components", ContentType="text/csv", Body=b"0.5,-0.2")
        print("answer:", answer["Body"].read())
    finally:
        endpoint.delete()
    # --8<-- [end:sdk]
