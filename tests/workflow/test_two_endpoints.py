"""Several endpoints at once, each answering with its own model.

The SDK v3's IN_PROCESS mode binds a fixed port, so a second endpoint's health check reaches
the first server and endpoint B silently answers with model A. Here each endpoint is its own
process on its own free port, and a request names the endpoint it is for.
"""

import http.client
import json
import sys
from pathlib import Path

import numpy as np

from estlab.workflow import JSONDeserializer, JSONSerializer, LocalSession, Model

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import make_model  # noqa: E402

X = [[1.0, 2.0], [3.0, -1.0]]


def test_two_endpoints_serve_two_models(tmp_path):
    with LocalSession(root=tmp_path / "estlab") as session:
        data_a, script_a = make_model(tmp_path / "a", [1.0, 0.0], 0.0)
        data_b, script_b = make_model(tmp_path / "b", [0.0, 10.0], 5.0)
        kw = dict(serializer=JSONSerializer(), deserializer=JSONDeserializer())
        a = Model(data_a, entry_point=script_a, session=session).deploy(endpoint_name="ep-a", **kw)
        b = Model(data_b, entry_point=script_b, session=session).deploy(endpoint_name="ep-b", **kw)
        assert a.url != b.url
        np.testing.assert_allclose(a.predict(X), np.array(X) @ [1.0, 0.0])
        np.testing.assert_allclose(b.predict(X), np.array(X) @ [0.0, 10.0] + 5.0)

        # SageMaker Runtime's path names the endpoint: A's server refuses B's name
        host, port = a.url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("POST", "/endpoints/ep-b/invocations", body=b"[[1, 2]]",
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        assert response.status == 400
        assert response.getheader("x-amzn-ErrorType") == "ValidationError"
        assert "ep-b" in json.loads(response.read())["message"]
        conn.close()

        # deleting one leaves the other serving
        a.delete_endpoint()
        np.testing.assert_allclose(b.predict(X), np.array(X) @ [0.0, 10.0] + 5.0)
        assert [session.describe_endpoint("ep-b")["EndpointStatus"]] == ["InService"]
        b.delete_endpoint()
