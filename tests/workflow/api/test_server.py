"""The server itself: loopback only, SDK-v3-shaped answers, restart rules."""

import socket
from pathlib import Path

import botocore.exceptions
import pytest

from api_helpers import ROLE, SKLEARN_TRAINING


def _listening(port):
    """Local addresses (hex, as /proc/net/tcp writes them) listening on ``port``."""
    rows = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A = LISTEN
                rows.append(address)
    return rows


def test_listens_on_loopback_only(api):
    assert api.http.socket.getsockname()[0] == "127.0.0.1"
    assert _listening(api.port) == ["0100007F"]  # 127.0.0.1, and no other address
    # the control: another interface's address of this host cannot reach it
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent; picks the outgoing address
        other = probe.getsockname()[0]
    except OSError:
        other = None
    finally:
        probe.close()
    if other and other != "127.0.0.1":
        with pytest.raises(OSError):
            socket.create_connection((other, api.port), timeout=1).close()


def test_unknown_operation_names_what_is_served(aws):
    import boto3

    sm = aws["sagemaker"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.list_pipelines()
    assert info.value.response["Error"]["Code"] == "UnknownOperationException"
    assert "CreateTrainingJob" in info.value.response["Error"]["Message"]


def test_endpoint_config_needs_an_existing_model(aws):
    sm = aws["sagemaker"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        sm.create_endpoint_config(EndpointConfigName="c-1", ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": "ghost", "InitialInstanceCount": 1,
            "InstanceType": "ml.m5.large"}])
    assert info.value.response["Error"]["Message"] == \
        'Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/ghost".'


def test_endpoint_with_an_image_without_profile_fails_naming_it(aws):
    sm = aws["sagemaker"]
    image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu-py310"
    sm.create_model(ModelName="torch-1", ExecutionRoleArn=ROLE,
                    PrimaryContainer={"Image": image, "ModelDataUrl": "s3://b/model.tar.gz"})
    sm.create_endpoint_config(EndpointConfigName="torch-config", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "torch-1", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="torch-ep", EndpointConfigName="torch-config")
    record = sm.describe_endpoint(EndpointName="torch-ep")
    assert record["EndpointStatus"] == "Failed"
    assert f"The image '{image}' has no local profile" in record["FailureReason"]
    sm.delete_endpoint(EndpointName="torch-ep")
    assert sm.list_endpoints(NameContains="torch")["Endpoints"] == []
