"""Fixtures of the local SageMaker API tests: one ``estlab serve`` per module, scripts on S3."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from api_helpers import BUCKET, INFERENCE_SCRIPT, TRAIN_SCRIPT, tar_gz  # noqa: E402


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """``estlab serve`` in this process, with AWS_ENDPOINT_URL pointing at it."""
    from estlab.workflow.local.api import serve

    with serve(root=tmp_path_factory.mktemp("serve-root")) as running:
        yield running


@pytest.fixture(scope="module")
def aws(api):
    """boto3 clients (sagemaker, sagemaker-runtime, s3, logs) and an S3 bucket with data and code."""
    import boto3
    import numpy as np

    session = boto3.session.Session()
    clients = {name: session.client(name) for name in ("sagemaker", "sagemaker-runtime", "s3",
                                                        "logs")}
    s3 = clients["s3"]
    s3.create_bucket(Bucket=BUCKET)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = X @ np.array([2.0, -1.0]) + 0.5
    csv = "\n".join(",".join(f"{v:.6f}" for v in row) for row in np.c_[y, X])
    s3.put_object(Bucket=BUCKET, Key="data/train.csv", Body=csv.encode())
    s3.put_object(Bucket=BUCKET, Key="code/sourcedir.tar.gz",
                  Body=tar_gz({"train.py": TRAIN_SCRIPT, "inference.py": INFERENCE_SCRIPT}))
    s3.put_object(Bucket=BUCKET, Key="code/fail.tar.gz",
                  Body=tar_gz({"fail.py": "import sys\nprint('about to fail')\n"
                                          "sys.exit('bad things happened')\n"}))
    return clients
