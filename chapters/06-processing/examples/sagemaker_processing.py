"""Chapter 6 on SageMaker: the NumPy preprocessing script as a processing job, with the SDK v3.

The SDK v3 has no framework-named processors (v2's ``SKLearnProcessor``): a ``FrameworkProcessor``
in the scikit-learn image runs ``preprocess.py`` from a ``source_dir`` that also carries estlab's
own source, so the container needs no ``pip install``. Inputs and outputs are the API's shapes.

Run it: ``python chapters/06-processing/examples/sagemaker_processing.py``. Without AWS settings
(SAGEMAKER_ROLE_ARN, SAGEMAKER_BUCKET) it runs on the local SageMaker API (``estlab serve``,
started for the run): the job really runs, on this machine. The requests the SDK sent are
printed at the end.
"""

import shutil
import tempfile
from pathlib import Path

import numpy as np

import estlab
from estlab.workflow.processing import default_processing_script
from estlab.workflow.rehearsal import aws_or_rehearsal

with aws_or_rehearsal() as stage, tempfile.TemporaryDirectory() as tmp:
    # A raw CSV with a header, as the preprocessing script expects, uploaded to S3.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    churned = (x @ [1.5, -2.0] + rng.logistic(size=200) > 0).astype(int)
    raw = Path(tmp) / "churn.csv"
    raw.write_text("tenure,spend,churned\n" + "".join(f"{a:.4f},{b:.4f},{c}\n"
                                                     for (a, b), c in zip(x, churned)))
    raw_uri = stage.sagemaker_session.upload_data(str(raw), bucket=stage.bucket, key_prefix="raw")

    # The code bundle: the script plus estlab's pure-Python source, without caches.
    code = Path(tmp) / "code"
    shutil.copytree(Path(estlab.__file__).parent, code / "estlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(default_processing_script(), code / "preprocess.py")

    # --8<-- [start:sdk]
    from sagemaker.core import image_uris
    from sagemaker.core.processing import FrameworkProcessor
    from sagemaker.core.shapes import (ProcessingInput, ProcessingOutput, ProcessingS3Input,
                                       ProcessingS3Output)

    image = image_uris.retrieve("sklearn", stage.region, version="1.4-2-py312",
                                image_scope="training", instance_type="ml.m5.large")
    processor = FrameworkProcessor(
        image_uri=image, command=["python3"], role=stage.role,
        instance_type="ml.m5.large", instance_count=1,
        base_job_name="estlab-preprocess", sagemaker_session=stage.sagemaker_session)
    processor.run(
        code="preprocess.py", source_dir=str(code),
        inputs=[ProcessingInput(input_name="raw", s3_input=ProcessingS3Input(
            s3_uri=raw_uri, local_path="/opt/ml/processing/input",
            s3_data_type="S3Prefix", s3_input_mode="File"))],
        outputs=[ProcessingOutput(output_name=name, s3_output=ProcessingS3Output(
            s3_uri=f"s3://{stage.bucket}/clean/{name}",
            local_path=f"/opt/ml/processing/{name}", s3_upload_mode="EndOfJob"))
            for name in ("train", "validation", "test")],
        arguments=["--input", "/opt/ml/processing/input", "--target", "churned"],
        wait=not stage.rehearsal)  # on AWS, wait and stream the logs
    # --8<-- [end:sdk]
    print("processing job:", processor.latest_job.processing_job_name)
