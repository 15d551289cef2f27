"""Chapter 7 on SageMaker: ModelTrainer runs the NumPy framework's training script (SDK v3).

v2's ``Estimator(entry_point=..., hyperparameters=...).fit({"train": ...})`` becomes v3's
``ModelTrainer(source_code=SourceCode(...), hyperparameters=..., input_data_config=[...])``
with ``.train()``. The script is estlab's default ``train.py``; estlab's own source rides along
in ``source_dir``, so the scikit-learn image (Python, NumPy, SciPy) needs nothing else.

Run it: ``python chapters/07-training/examples/sagemaker_training.py`` (on the local SageMaker API,
started for the run, unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set: then on AWS). The last part trains the same job through
estlab's own ``NumPyEstimator`` with a ``SageMakerSession``: the same object that runs locally.
"""

import shutil
import tempfile
from pathlib import Path

import numpy as np

import estlab
from estlab.workflow.estimator import NUMPY_METRICS, default_training_script
from estlab.workflow.rehearsal import aws_or_rehearsal

with aws_or_rehearsal() as stage, tempfile.TemporaryDirectory() as tmp:
    # Training and validation CSVs: no header, target first (the built-in algorithms'
    # convention).
    rng = np.random.default_rng(0)
    for channel, n in (("train", 300), ("validation", 100)):
        x = rng.normal(size=(n, 3))
        y = (x @ [1.0, -2.0, 0.5] + rng.logistic(size=n) > 0).astype(int)
        path = Path(tmp) / channel / f"{channel}.csv"
        path.parent.mkdir()
        np.savetxt(path, np.column_stack([y, x]), delimiter=",", fmt="%.6g")
        stage.sagemaker_session.upload_data(str(path), bucket=stage.bucket,
                                            key_prefix=f"churn/{channel}")

    code = Path(tmp) / "code"  # train.py + estlab's source, without caches
    shutil.copytree(Path(estlab.__file__).parent, code / "estlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(default_training_script(), code / "train.py")

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.shapes import MetricDefinition
    from sagemaker.core.training.configs import (Compute, InputData, OutputDataConfig,
                                                 SourceCode)
    from sagemaker.train import ModelTrainer

    image = image_uris.retrieve("sklearn", stage.region, version="1.4-2-py312",
                                image_scope="training", instance_type="ml.m5.large")
    trainer = ModelTrainer(
        training_image=image, role=stage.role, sagemaker_session=stage.sagemaker_session,
        base_job_name="estlab-logistic",
        source_code=SourceCode(source_dir=str(code), entry_script="train.py"),
        hyperparameters={"estimator": "LogisticRegression", "alpha": 0.01, "max_iter": 100},
        compute=Compute(instance_type="ml.m5.large", instance_count=1),
        input_data_config=[
            InputData(channel_name="train", data_source=f"s3://{stage.bucket}/churn/train"),
            InputData(channel_name="validation",
                      data_source=f"s3://{stage.bucket}/churn/validation")],
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{stage.bucket}/models"),
    ).with_metric_definitions([  # the script prints "train:accuracy=0.93;"
        MetricDefinition(name="train:accuracy", regex=r"train:accuracy=([-+0-9.eE]+);"),
        MetricDefinition(name="validation:accuracy",
                         regex=r"validation:accuracy=([-+0-9.eE]+);")])
    trainer.train(wait=not stage.rehearsal)  # on AWS, wait and stream the logs
    # --8<-- [end:sdk]

    # --8<-- [start:estlab]
    from estlab.workflow import NumPyEstimator

    estimator = NumPyEstimator(
        hyperparameters={"estimator": "LogisticRegression", "alpha": 0.01, "max_iter": 100},
        metric_definitions=NUMPY_METRICS, session=stage.estlab_session())
    estimator.fit({"train": f"s3://{stage.bucket}/churn/train",
                   "validation": f"s3://{stage.bucket}/churn/validation"},
                  wait=not stage.rehearsal)
    # --8<-- [end:estlab]
    job = trainer._latest_training_job  # the SDK's TrainingJob resource, refreshed by wait
    print("ModelTrainer's job:", job.training_job_name, job.training_job_status,
          {m.metric_name: m.value for m in job.final_metric_data_list or []})
    print("NumPyEstimator's job:", estimator.latest_training_job.name)
