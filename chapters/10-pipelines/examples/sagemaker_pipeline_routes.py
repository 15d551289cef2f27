"""Chapter 10 on SageMaker: the cloud routes of three pipelines, as SDK v3 requests.

Three typical pipelines and the SageMaker jobs they become. This file builds and sends their
requests (in the rehearsal: captures them); it runs none of the models, so the three entry
scripts below are one-line placeholders that show the wiring, not the models.

1. Images -> CNN: a TensorFlow-image ``FrameworkProcessor`` (resize, normalise) and a
   ``ModelTrainer`` in the TensorFlow training image (the CNN script) on a GPU instance.
2. Text -> BERT: a scikit-learn ``FrameworkProcessor`` (clean, split) and a ``ModelTrainer`` in
   the PyTorch training image fine-tuning a Hugging Face BERT (``transformers`` from
   ``requirements.txt``).
3. Time series -> XGBoost: a scikit-learn ``FrameworkProcessor`` (lag features, a time-ordered
   split) and the **built-in** XGBoost algorithm: no script at all, only hyperparameters.

Run it: ``python chapters/10-pipelines/examples/sagemaker_pipeline_routes.py`` (offline
rehearsal unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set). Unlike chapters 5-9 it does
not run on the local SageMaker API: the TensorFlow, PyTorch and built-in XGBoost images have no
local profile yet, so their jobs would only fail there, naming the image.
"""

import tempfile
from pathlib import Path

from estlab.workflow.rehearsal import aws_or_rehearsal

with aws_or_rehearsal(offline="rehearsal") as stage, tempfile.TemporaryDirectory() as tmp:
    code = Path(tmp)
    for script in ("prepare_images.py", "train_cnn.py", "clean_text.py", "train_bert.py",
                   "make_lags.py"):
        (code / script).write_text(f"print('placeholder for {script}')\n")
    (code / "requirements.txt").write_text("transformers\n")
    bucket, role, session, region = stage.bucket, stage.role, stage.sagemaker_session, stage.region

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.processing import FrameworkProcessor
    from sagemaker.core.shapes import (ProcessingInput, ProcessingOutput, ProcessingS3Input,
                                       ProcessingS3Output)
    from sagemaker.core.training.configs import Compute, InputData, OutputDataConfig, SourceCode
    from sagemaker.train import ModelTrainer

    def s3_in(name, uri):
        return ProcessingInput(input_name=name, s3_input=ProcessingS3Input(
            s3_uri=uri, local_path="/opt/ml/processing/input", s3_data_type="S3Prefix",
            s3_input_mode="File"))

    def s3_out(name, uri):
        return ProcessingOutput(output_name=name, s3_output=ProcessingS3Output(
            s3_uri=uri, local_path=f"/opt/ml/processing/{name}", s3_upload_mode="EndOfJob"))

    def process(image, script, base, raw, out):
        FrameworkProcessor(image_uri=image, command=["python3"], role=role, base_job_name=base,
                           instance_type="ml.m5.xlarge", instance_count=1,
                           sagemaker_session=session).run(
            code=script, source_dir=str(code), inputs=[s3_in("raw", raw)],
            outputs=[s3_out("train", f"{out}/train"), s3_out("test", f"{out}/test")],
            wait=False)

    def train(image, base, hyperparameters, channels, instance_type, entry_script=None):
        ModelTrainer(
            training_image=image, role=role, sagemaker_session=session, base_job_name=base,
            source_code=SourceCode(source_dir=str(code), entry_script=entry_script,
                                   requirements="requirements.txt" if "bert" in base else None)
            if entry_script else None,
            hyperparameters=hyperparameters,
            compute=Compute(instance_type=instance_type, instance_count=1),
            input_data_config=[InputData(channel_name=name, data_source=uri)
                               for name, uri in channels.items()],
            output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/{base}/models"),
        ).train(wait=False)

    sklearn = image_uris.retrieve("sklearn", region, version="1.4-2-py312",
                                  image_scope="training", instance_type="ml.m5.xlarge")

    # 1. images -> CNN (TensorFlow images for both steps)
    tf_cpu = image_uris.retrieve("tensorflow", region, version="2.16", py_version="py310",
                                 image_scope="training", instance_type="ml.m5.xlarge")
    tf_gpu = image_uris.retrieve("tensorflow", region, version="2.16", py_version="py310",
                                 image_scope="training", instance_type="ml.g5.xlarge")
    process(tf_cpu, "prepare_images.py", "cnn-prepare", f"s3://{bucket}/images/raw",
            f"s3://{bucket}/images/clean")
    train(tf_gpu, "cnn-train", {"epochs": 10, "batch-size": 64, "learning-rate": 1e-3},
          {"train": f"s3://{bucket}/images/clean/train",
           "test": f"s3://{bucket}/images/clean/test"},
          "ml.g5.xlarge", entry_script="train_cnn.py")

    # 2. text -> BERT (scikit-learn image to clean, PyTorch image + transformers to fine-tune)
    torch_gpu = image_uris.retrieve("pytorch", region, version="2.3", py_version="py311",
                                    image_scope="training", instance_type="ml.g5.xlarge")
    process(sklearn, "clean_text.py", "bert-clean", f"s3://{bucket}/reviews/raw",
            f"s3://{bucket}/reviews/clean")
    train(torch_gpu, "bert-finetune",
          {"model-name": "bert-base-uncased", "epochs": 2, "learning-rate": 2e-5},
          {"train": f"s3://{bucket}/reviews/clean/train",
           "test": f"s3://{bucket}/reviews/clean/test"},
          "ml.g5.xlarge", entry_script="train_bert.py")

    # 3. time series -> built-in XGBoost (CSV, target first, no header)
    xgboost = image_uris.retrieve("xgboost", region, version="1.7-1")
    process(sklearn, "make_lags.py", "sales-lags", f"s3://{bucket}/sales/raw",
            f"s3://{bucket}/sales/clean")
    train(xgboost, "sales-xgboost",
          {"objective": "reg:squarederror", "num_round": 200, "max_depth": 5, "eta": 0.1},
          {"train": f"s3://{bucket}/sales/clean/train",
           "validation": f"s3://{bucket}/sales/clean/test"}, "ml.m5.xlarge")
    # --8<-- [end:sdk]
