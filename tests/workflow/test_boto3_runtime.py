"""boto3's real ``sagemaker-runtime`` client, pointed at a local endpoint, invokes it."""

import json
import sys
from pathlib import Path

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError

from estlab.workflow import LocalSession, Model

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import make_model  # noqa: E402

W, B = np.array([2.0, -1.0]), 0.5


@pytest.fixture
def runtime(tmp_path):
    with LocalSession(root=tmp_path / "estlab") as session:
        model_data, script = make_model(tmp_path / "m", W, B)
        predictor = Model(model_data, entry_point=script, session=session).deploy()
        # fake credentials: nothing leaves 127.0.0.1, but botocore signs every request
        client = boto3.client("sagemaker-runtime", endpoint_url=predictor.url,
                              region_name="us-east-1", aws_access_key_id="testing",
                              aws_secret_access_key="testing")
        yield client, predictor.endpoint_name
        predictor.delete_endpoint()


def test_invoke_endpoint_csv_and_custom_attributes(runtime):
    client, name = runtime
    response = client.invoke_endpoint(EndpointName=name, Body=b"1,2\n3,4",
                                      ContentType="text/csv", Accept="application/json")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ContentType"] == "application/json"
    assert response["InvokedProductionVariant"] == "AllTraffic"
    np.testing.assert_allclose(json.loads(response["Body"].read()),
                               np.array([[1, 2], [3, 4]]) @ W + B)
    doubled = client.invoke_endpoint(EndpointName=name, Body=b"[[1, 2]]",
                                     ContentType="application/json", Accept="text/csv",
                                     CustomAttributes="double")
    assert doubled["ContentType"] == "text/csv"
    assert float(doubled["Body"].read()) == pytest.approx(2 * (2.0 - 2.0 + 0.5))


def test_model_errors_come_back_as_model_error_424(runtime):
    client, name = runtime
    with pytest.raises(ClientError) as info:
        client.invoke_endpoint(EndpointName=name, Body=b"1,2", ContentType="text/plain")
    error = info.value.response
    assert error["Error"]["Code"] == "ModelError"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 424
    assert error["OriginalStatusCode"] == 415
    assert "Received client error (415)" in error["Error"]["Message"]

    with pytest.raises(ClientError) as info:
        client.invoke_endpoint(EndpointName=name, Body=b"1,666", ContentType="text/csv")
    assert info.value.response["OriginalStatusCode"] == 500
    assert "the number of the beast" in info.value.response["OriginalMessage"]

    with pytest.raises(ClientError) as info:
        client.invoke_endpoint(EndpointName="someone-else", Body=b"1,2", ContentType="text/csv")
    assert info.value.response["Error"]["Code"] == "ValidationError"

    ok = client.invoke_endpoint(EndpointName=name, Body=b"1,2", ContentType="text/csv")
    assert json.loads(ok["Body"].read()) == pytest.approx([0.5])  # JSON when Accept is absent
