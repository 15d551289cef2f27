"""Chapter 10 on SageMaker: the deep-learning routes of two pipelines, as SDK v3 requests.

``sagemaker_pipelines.py`` trains and serves the chapter's three pipelines for real, in the
scikit-learn image. The cloud routes that swap in deep models need the TensorFlow and PyTorch
images, which cannot run on this machine (no local profile, no TensorFlow or PyTorch), so
this file is rehearsed: moto stands in for AWS, and what it prints is exactly what the SDK
would send. The scripts it ships are real (``cloud/cnn``, ``cloud/bert``); they run on AWS.

1. Images -> CNN: a ``ModelTrainer`` in the TensorFlow training image (``train_cnn.py``, a
   Keras CNN, on a GPU), then the **TensorFlow Serving** image: it serves the SavedModel the
   job exported (no ``model_fn``), and ``code/inference.py`` in ``model.tar.gz`` turns CSV
   requests into ``{"instances": ...}`` (``input_handler``) and the answers back
   (``output_handler``).
2. Text -> BERT: a ``ModelTrainer`` in the PyTorch training image fine-tuning a Hugging Face
   BERT (``transformers`` from ``requirements.txt``).

Run it: ``python chapters/10-pipelines/examples/sagemaker_pipeline_routes.py`` (rehearsed
unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set: then on AWS, where it trains on GPU
instances and costs money).
"""

import csv
import io
import shutil
import tempfile
from pathlib import Path

import numpy as np

from estlab.datasets import make_reviews, make_shapes
from estlab.workflow.rehearsal import aws_or_rehearsal

CLOUD = Path(__file__).resolve().parent / "cloud"

with aws_or_rehearsal(offline="rehearsal") as stage, tempfile.TemporaryDirectory() as tmp:
    s3 = stage.boto_session.client("s3")
    # The data: 8x8 images as CSV rows (label, 64 pixels); raw reviews (text, sentiment).
    images, labels = make_shapes(n=320, noise=0.25, random_state=0)
    pixels = images.reshape(len(images), -1)
    pixels = (pixels - pixels.mean(1, keepdims=True)) / (pixels.std(1, keepdims=True) + 1e-8)
    rows = np.column_stack([labels, pixels])
    for channel, part in (("train", rows[:240]), ("test", rows[240:])):
        body = "".join(",".join(f"{v:.5g}" for v in row) + "\n" for row in part)
        s3.put_object(Bucket=stage.bucket, Key=f"images/{channel}/images.csv", Body=body.encode())
    texts, sentiments = make_reviews(n=500, flip=0.05, random_state=0)
    for channel, part in (("train", slice(0, 400)), ("test", slice(400, None))):
        out = io.StringIO()
        csv.writer(out).writerows([("text", "sentiment"),
                                   *zip(texts[part], sentiments[part].tolist())])
        s3.put_object(Bucket=stage.bucket, Key=f"reviews/{channel}/reviews.csv",
                      Body=out.getvalue().encode())
    cnn_code, bert_code = Path(tmp) / "cnn", Path(tmp) / "bert"
    shutil.copytree(CLOUD / "cnn", cnn_code)
    shutil.copytree(CLOUD / "bert", bert_code)
    two_images = "".join(",".join(f"{v:.5g}" for v in row) + "\n" for row in pixels[240:242])
    bucket, role, session, region = stage.bucket, stage.role, stage.sagemaker_session, stage.region

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.training.configs import (Compute, InputData, OutputDataConfig,
                                                 SourceCode)
    from sagemaker.serve import ModelBuilder
    from sagemaker.serve.mode.function_pointers import Mode
    from sagemaker.train import ModelTrainer

    wait = not stage.rehearsal  # in the rehearsal nothing runs: do not wait for it

    def channels(folder):
        return [InputData(channel_name=name, data_source=f"s3://{bucket}/{folder}/{name}")
                for name in ("train", "test")]

    # 1. images -> CNN: TensorFlow training image (GPU), TensorFlow Serving image
    cnn = ModelTrainer(
        training_image=image_uris.retrieve(
            "tensorflow", region, version="2.16", py_version="py310",
            image_scope="training", instance_type="ml.g5.xlarge"),
        source_code=SourceCode(source_dir=str(cnn_code), entry_script="train_cnn.py"),
        hyperparameters={"epochs": 30, "batch-size": 32, "learning-rate": 1e-3},
        compute=Compute(instance_type="ml.g5.xlarge", instance_count=1),
        input_data_config=channels("images"), base_job_name="shapes-cnn",
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/models"),
        role=role, sagemaker_session=session)
    cnn.train(wait=wait)
    job = cnn._latest_training_job
    artifact = (job.model_artifacts.s3_model_artifacts if wait else
                f"s3://{bucket}/models/{job.training_job_name}/output/model.tar.gz")
    # model.tar.gz holds 1/saved_model.pb (+ variables/) and code/inference.py: the
    # TensorFlow Serving image needs no source_code and calls no model_fn
    tfs = ModelBuilder(
        image_uri=image_uris.retrieve("tensorflow", region, version="2.16",
                                      image_scope="inference", instance_type="ml.m5.large"),
        s3_model_data_url=artifact, role_arn=role, instance_type="ml.m5.large",
        mode=Mode.SAGEMAKER_ENDPOINT, sagemaker_session=session)
    tfs.build(model_name="shapes-cnn")
    endpoint = tfs.deploy(endpoint_name="shapes-cnn", initial_instance_count=1, wait=wait)
    try:  # two images as CSV rows; inference.py makes them {"instances": [8x8x1, 8x8x1]}
        answer = stage.boto_session.client("sagemaker-runtime").invoke_endpoint(
            EndpointName="shapes-cnn", ContentType="text/csv", Accept="application/json",
            Body=two_images)
        if wait:
            print("classes:", answer["Body"].read())
    finally:
        endpoint.delete()

    # 2. text -> BERT: PyTorch training image (GPU) + transformers from requirements.txt
    bert = ModelTrainer(
        training_image=image_uris.retrieve(
            "pytorch", region, version="2.3", py_version="py311",
            image_scope="training", instance_type="ml.g5.xlarge"),
        source_code=SourceCode(source_dir=str(bert_code), entry_script="train_bert.py",
                               requirements="requirements.txt"),
        hyperparameters={"model-name": "bert-base-uncased", "epochs": 2,
                         "learning-rate": 2e-5},
        compute=Compute(instance_type="ml.g5.xlarge", instance_count=1),
        input_data_config=channels("reviews"), base_job_name="reviews-bert",
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/models"),
        role=role, sagemaker_session=session)
    bert.train(wait=wait)
    # --8<-- [end:sdk]
