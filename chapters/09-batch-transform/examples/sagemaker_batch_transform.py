"""Chapter 9 on SageMaker: batch transform with the SDK v3's Transformer.

The v3 ``sagemaker.core.transformer.Transformer`` keeps v2's arguments: a registered model, the
instances, ``strategy`` (MultiRecord / SingleRecord), ``assemble_with`` and ``accept``;
``.transform(data, content_type, split_type, join_source)`` sends CreateTransformJob. Every
input file gives one ``<file>.out`` under ``output_path``.

Run it: ``python chapters/09-batch-transform/examples/sagemaker_batch_transform.py`` (on the local
SageMaker API, started for the run, unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set).
"""

import tarfile
import tempfile
from pathlib import Path

import numpy as np

import estlab
from estlab.linear_model import LinearRegression
from estlab.workflow._specs import ModelSpec
from estlab.workflow.estimator import default_training_script
from estlab.workflow.rehearsal import aws_or_rehearsal

with aws_or_rehearsal() as stage, tempfile.TemporaryDirectory() as tmp:
    # Records to score (no header, no target) and a registered model to score them with.
    batch = Path(tmp) / "batch.csv"
    np.savetxt(batch, np.random.default_rng(0).normal(size=(1000, 2)), delimiter=",", fmt="%.6g")
    data_uri = stage.sagemaker_session.upload_data(str(batch), bucket=stage.bucket,
                                                   key_prefix="batch/input")
    session = stage.estlab_session()
    # The model: y = 2 x1 - x2 + 0.5 + noise, fitted and saved as a training job would pack it.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 2))
    estlab.save(LinearRegression().fit(X, X @ [2.0, -1.0] + 0.5 + rng.normal(scale=0.1,
                                                                           size=200)),
                Path(tmp) / "model")
    model_tar = Path(tmp) / "model.tar.gz"
    with tarfile.open(model_tar, "w:gz") as tar:
        for name in ("model.json", "model.npz"):
            tar.add(Path(tmp) / name, arcname=name)
    session.create_model(ModelSpec(name="estlab-regression", model_data=str(model_tar),
                                   entry_point=default_training_script()))

    # --8<-- [start:sdk]
    from sagemaker.core.transformer import Transformer

    transformer = Transformer(
        model_name="estlab-regression", instance_count=1, instance_type="ml.m5.large",
        strategy="MultiRecord", max_payload=6, assemble_with="Line", accept="text/csv",
        output_path=f"s3://{stage.bucket}/batch/output",
        sagemaker_session=stage.sagemaker_session)
    transformer.transform(data_uri, content_type="text/csv", split_type="Line",
                          join_source="Input",  # each output line: the input, then the prediction
                          wait=not stage.rehearsal)
    # --8<-- [end:sdk]
    job = transformer.latest_transform_job
    print("transform job:", job.transform_job_name)
    if not stage.rehearsal:  # the output: one line per input record, the prediction joined on
        sm = stage.boto_session.client("sagemaker")
        described = sm.describe_transform_job(TransformJobName=job.transform_job_name)
        print("status:", described["TransformJobStatus"], "| strategy:",
              described["BatchStrategy"], "| max payload:", described["MaxPayloadInMB"], "MB")
        out = stage.boto_session.client("s3").get_object(
            Bucket=stage.bucket, Key="batch/output/batch.csv.out")["Body"].read().decode()
        lines = out.splitlines()
        print(f"batch.csv.out: {len(lines)} lines; the first three (x1, x2, prediction):")
        print("\n".join(lines[:3]))
