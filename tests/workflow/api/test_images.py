"""Every scikit-learn image URI the installed SDK v3 names (each scope, version and region, so
every account and partition) runs locally, and so do GPU instance types; other images do not."""

import functools
import json
from pathlib import Path

import pytest
from api_helpers import training_request, wait

from estlab.workflow.local.api import images

sdk = pytest.importorskip("sagemaker.core.image_uris")
CONFIG = json.loads((Path(sdk.__file__).parent / "image_uri_config" / "sklearn.json").read_text())
GPU_TYPES = ("ml.p3.2xlarge", "ml.g4dn.xlarge", "ml.g5.xlarge", "ml.p4d.24xlarge")


def _sdk_uris():
    """``(scope, version, region, uri)`` for every entry of the SDK's own sklearn.json."""
    for scope, config in CONFIG.items():
        image_scope = "inference" if scope.startswith("inference") else scope
        instance_type = "ml.c7g.xlarge" if scope.endswith("graviton") else "ml.m5.xlarge"
        for version, entry in config["versions"].items():
            for region in entry["registries"]:
                yield scope, version, region, sdk.retrieve(
                    "sklearn", region, version=version, image_scope=image_scope,
                    instance_type=instance_type)


def test_every_sklearn_image_the_sdk_names_runs_locally(monkeypatch):
    from sagemaker.core import common_utils

    # retrieve() re-reads botocore's endpoints file (0.2 s) for each URI: read it once
    monkeypatch.setattr(common_utils, "_botocore_resolver",
                        functools.cache(common_utils._botocore_resolver))
    uris = list(_sdk_uris())
    regions = {region for _, _, region, _ in uris}
    assert len(regions) >= 30 and {"cn-north-1", "us-gov-west-1", "us-iso-east-1"} <= regions
    assert any(".amazonaws.com.cn/" in uri for *_, uri in uris)  # another partition's domain
    assert any("-arm64-" in uri for *_, uri in uris)  # the graviton tags
    refused = [row for row in uris if not images.runs_locally(row[3])]
    assert refused == []
    # the control: other repositories of the same registries do not
    for *_, uri in uris[:50]:
        assert not images.runs_locally(uri.replace("/sagemaker-scikit-learn:", "/xgboost:"))


def test_the_sdk_has_no_gpu_sklearn_image_and_says_so():
    with pytest.raises(ValueError, match="Unsupported processor: gpu"):
        sdk.retrieve("sklearn", "us-east-1", version="1.2-1", instance_type="ml.g5.xlarge")


@pytest.mark.parametrize("instance_type", GPU_TYPES[:2])
def test_a_job_on_a_gpu_instance_type_with_another_partitions_image_runs(aws, instance_type):
    sm = aws["sagemaker"]
    image = sdk.retrieve("sklearn", "cn-north-1", version="1.2-1")
    name = f"gpu-{instance_type.replace('.', '-')}"
    job = training_request(name, image=image)
    job["ResourceConfig"]["InstanceType"] = instance_type
    sm.create_training_job(**job)
    record, _ = wait(lambda: sm.describe_training_job(TrainingJobName=name), "TrainingJobStatus")
    assert record["TrainingJobStatus"] == "Completed", record.get("FailureReason")
    assert record["ResourceConfig"]["InstanceType"] == instance_type
    assert record["AlgorithmSpecification"]["TrainingImage"] == image
