"""Chapter 9 on SageMaker: batch transform with the SDK v3's Transformer.

The v3 ``sagemaker.core.transformer.Transformer`` keeps v2's arguments: a registered model, the
instances, ``strategy`` (MultiRecord / SingleRecord), ``assemble_with`` and ``accept``;
``.transform(data, content_type, split_type, join_source)`` sends CreateTransformJob. Every
input file gives one ``<file>.out`` under ``output_path``.

Run it: ``python chapters/09-batch-transform/examples/sagemaker_batch_transform.py`` (offline
rehearsal unless SAGEMAKER_ROLE_ARN and SAGEMAKER_BUCKET are set).
"""

import tarfile
import tempfile
from pathlib import Path

import numpy as np

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
    model_tar = Path(tmp) / "model.tar.gz"
    with tarfile.open(model_tar, "w:gz") as tar:
        tar.add(batch, arcname="model.json")  # a stand-in artifact: nothing is served here
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
    print("transform job:", transformer.latest_transform_job.transform_job_name)
