"""One SageMaker Runtime URL per root: one boto3 client reaches every endpoint by name, another
process reaches a running endpoint, and a deleted endpoint answers ValidationError."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError

from estlab.workflow import LocalSession, Model, Predictor

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import make_model  # noqa: E402


def _client(url):
    return boto3.client("sagemaker-runtime", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def two_endpoints(tmp_path):
    with LocalSession(root=tmp_path / "root") as session:
        predictors = []
        for i, (w, b) in enumerate([([1.0, 0.0], 0.0), ([0.0, 1.0], 10.0)]):
            model_data, script = make_model(tmp_path / f"m{i}", w, b)
            predictors.append(Model(model_data, entry_point=script, session=session,
                                    name=f"model-{i}").deploy(endpoint_name=f"ep-{i}"))
        yield session, predictors
        for p in predictors:
            try:
                p.delete_endpoint()
            except Exception:  # noqa: BLE001 - a test deleted it already
                pass


def test_one_runtime_client_reaches_two_endpoints_by_name(two_endpoints):
    session, _ = two_endpoints
    client = _client(session.runtime_url)
    answers = [json.loads(client.invoke_endpoint(EndpointName=f"ep-{i}", Body=b"3,4",
                                                 ContentType="text/csv")["Body"].read())
               for i in range(2)]
    assert answers == [[3.0], [14.0]]
    assert LocalSession(root=session.root).runtime_url == session.runtime_url  # one per root


def test_a_model_error_is_relayed_as_model_error(two_endpoints):
    session, _ = two_endpoints
    with pytest.raises(ClientError) as info:
        _client(session.runtime_url).invoke_endpoint(EndpointName="ep-0", Body=b"1,2",
                                                     ContentType="text/plain")
    assert info.value.response["Error"]["Code"] == "ModelError"
    assert info.value.response["OriginalStatusCode"] == 415


def test_a_deleted_endpoint_answers_validation_error(two_endpoints):
    session, predictors = two_endpoints
    client = _client(session.runtime_url)
    predictors[1].delete_endpoint()
    with pytest.raises(ClientError) as info:
        client.invoke_endpoint(EndpointName="ep-1", Body=b"1,2", ContentType="text/csv")
    error = info.value.response
    assert error["Error"]["Code"] == "ValidationError"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Message"] == "Endpoint ep-1 of account 000000000000 not found."
    assert client.invoke_endpoint(EndpointName="ep-0", Body=b"1,2",
                                  ContentType="text/csv")["Body"].read() == b"[1.0]"


def test_another_process_reaches_a_running_endpoint(two_endpoints, tmp_path):
    session, _ = two_endpoints
    url = session.runtime_url  # this process runs the root's router now
    script = tmp_path / "other.py"
    script.write_text(textwrap.dedent(f"""
        import json
        import numpy as np
        from estlab.workflow import CSVSerializer, JSONDeserializer, LocalSession, Predictor
        session = LocalSession(root={str(session.root)!r})
        predictor = Predictor("ep-1", session=session, serializer=CSVSerializer(),
                              deserializer=JSONDeserializer())
        print(json.dumps({{"answer": predictor.predict(np.array([[3.0, 4.0]])),
                          "status": predictor.describe_endpoint()["EndpointStatus"],
                          "runtime": session.runtime_url}}))
    """))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["answer"] == [14.0] and seen["status"] == "InService"
    assert seen["runtime"] == url  # the router this process runs, reused by the other


def test_an_unknown_endpoint_in_this_process_names_the_root(tmp_path):
    from estlab.workflow import EndpointError

    session = LocalSession(root=tmp_path / "root")
    with pytest.raises(EndpointError, match="Could not find endpoint 'nope' under"):
        Predictor("nope", session=session).predict(np.array([[1.0]]))
