"""Model.deploy -> Predictor.predict -> delete_endpoint against real model-server processes."""

import datetime
import http.client
import io
import json
import sys
import tarfile
import time
from pathlib import Path

import numpy as np
import pytest

from estlab.workflow import (CSVDeserializer, CSVSerializer, EndpointError, JSONDeserializer,
                             JSONSerializer, LocalSession, Model, NumpyDeserializer,
                             NumpySerializer, UnsafeArchiveError, WorkflowError)

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import make_model, pid_alive, server_pid  # noqa: E402

W = np.array([1.5, -2.0, 0.25])
B = 0.5
X = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 4.0], [0.0, 0.0, 0.0]])
EXPECTED = X @ W + B  # the reference: the linear model computed here, not by the server


@pytest.fixture
def session(tmp_path):
    s = LocalSession(root=tmp_path / "estlab")
    yield s
    s.close()


@pytest.fixture
def predictor(session, tmp_path):
    model_data, script = make_model(tmp_path / "m", W, B)
    p = Model(model_data, entry_point=script, session=session).deploy(
        serializer=CSVSerializer(), deserializer=JSONDeserializer())
    yield p
    try:
        p.delete_endpoint()
    except EndpointError:
        pass  # the test deleted it


def _post(url, body, content_type, accept="application/json"):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/invocations", body=body,
                 headers={"Content-Type": content_type, "Accept": accept})
    response = conn.getresponse()
    result = response.status, response.read(), response.getheader("Content-Type")
    conn.close()
    return result


def test_predict_csv_json_npy_then_delete(session, tmp_path):
    model_data, script = make_model(tmp_path / "m", W, B)
    model = Model(model_data, entry_point=script, session=session)
    predictor = model.deploy(serializer=CSVSerializer(), deserializer=CSVDeserializer())
    rows = predictor.predict(X)
    np.testing.assert_allclose([float(r[0]) for r in rows], EXPECTED, rtol=1e-15)

    predictor.serializer, predictor.deserializer = JSONSerializer(), JSONDeserializer()
    np.testing.assert_allclose(predictor.predict(X.tolist()), EXPECTED, rtol=1e-15)

    predictor.serializer, predictor.deserializer = NumpySerializer(), NumpyDeserializer()
    got = predictor.predict(X)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64
    np.testing.assert_array_equal(got, EXPECTED)  # NPY is exact, bit for bit

    name = predictor.endpoint_name
    assert name == model.name and name.startswith("estlab-model-")
    pid = server_pid(session, name)
    assert pid_alive(pid)
    predictor.delete_endpoint()
    deadline = time.monotonic() + 5
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not pid_alive(pid)
    with pytest.raises(EndpointError, match="Could not find endpoint"):
        session.describe_endpoint(name)
    # the endpoint's folder (its copy of the model) is gone; its log is kept
    assert not Path(session.root, "endpoints", name).exists()
    log = Path(session.root, "logs", "endpoints", f"{name}.log").read_text()
    assert "listening on http://127.0.0.1:" in log


def test_describe_endpoint_is_service_shaped(predictor, session):
    d = session.describe_endpoint(predictor.endpoint_name)
    assert d["EndpointStatus"] == "InService"
    assert d["EndpointName"] == d["EndpointConfigName"] == predictor.endpoint_name
    assert d["EndpointArn"].endswith(f":endpoint/{predictor.endpoint_name.lower()}")
    [variant] = d["ProductionVariants"]
    assert variant["VariantName"] == "AllTraffic" and variant["CurrentInstanceCount"] == 1
    assert isinstance(d["CreationTime"], datetime.datetime) and d["CreationTime"].tzinfo
    assert d["LastModifiedTime"] >= d["CreationTime"]
    assert "FailureReason" not in d
    assert predictor.url == session.endpoint_url(predictor.endpoint_name)
    assert predictor.url.startswith("http://127.0.0.1:")


def test_every_error_status_then_the_server_keeps_serving(predictor):
    url = predictor.url
    good = b"1,2,3"
    cases = [
        (415, good, "text/plain", "application/json", "not supported"),
        (406, good, "text/csv", "image/png", "not supported"),
        (413, b"1,2,3\n" * (7 * 1024 * 1024 // 6 + 1), "text/csv", "application/json", "6.0 MB"),
        (400, b"1,a,3", "text/csv", "application/json", "Malformed text/csv"),
        (400, b"[[1, 2,", "application/json", "application/json", "Malformed application/json"),
        (400, b"not npy", "application/x-npy", "application/json", "Malformed application/x-npy"),
        (400, b"", "text/csv", "application/json", "holds no records"),
        (400, b"[]", "application/json", "application/json", "holds no records"),
        (500, b"1,666,3", "text/csv", "application/json", "the number of the beast"),
    ]
    for status, body, content_type, accept, text in cases:
        got_status, got_body, got_type = _post(url, body, content_type, accept)
        assert got_status == status, (status, got_body[:200])
        assert got_type == "application/json"
        error = json.loads(got_body)
        assert text in error["error-message"]
        assert set(error) == {"error", "error-message", "stack-trace"}
        # ... and the next good request is answered
        ok_status, ok_body, _ = _post(url, good, "text/csv")
        assert ok_status == 200 and json.loads(ok_body) == pytest.approx([1.5 - 4 + 0.75 + 0.5])


_BAD_RESPONSE_SCRIPT = """
def model_fn(model_dir):
    return None


def transform_fn(model, body, content_type, accept, context):
    if body == "crlf":  # a header value that would split the response
        context.set_response_header(0, "X-Note", "a\\r\\nSet-Cookie: stolen=1")
    if body == "int-type":
        return b"1", 123
    return b"ok", "text/plain"
"""


def test_a_response_the_server_cannot_send_is_a_json_500_not_a_dropped_connection(
        session, tmp_path):
    model_data, script = make_model(tmp_path / "m", W, B, script=_BAD_RESPONSE_SCRIPT)
    predictor = Model(model_data, entry_point=script, session=session).deploy()
    try:
        for body, text in [(b"crlf", "X-Note"), (b"int-type", "123")]:
            status, got, got_type = _post(predictor.url, body, "text/csv")
            assert status == 500 and got_type == "application/json", (body, got[:300])
            assert text in json.loads(got)["error-message"]
            assert _post(predictor.url, b"fine", "text/csv")[:2] == (200, b"ok")
    finally:
        predictor.delete_endpoint()


def test_predict_raises_endpoint_error_with_status(predictor):
    with pytest.raises(EndpointError, match="answered 500: RuntimeError: the number") as info:
        predictor.predict([[1.0, 666.0, 0.0]])
    assert info.value.status_code == 500
    assert "Traceback" in json.loads(info.value.body)["stack-trace"]
    np.testing.assert_allclose(predictor.predict(X), EXPECTED)


def test_custom_attributes_reach_the_script_context(predictor):
    np.testing.assert_allclose(predictor.predict(X, custom_attributes="double"), 2 * EXPECTED)
    np.testing.assert_allclose(predictor.predict(X), EXPECTED)


def test_script_inside_the_archive_and_no_entry_point(session, tmp_path):
    model_data, _ = make_model(tmp_path / "m", W, B, in_archive=True)
    with Model(model_data, session=session).deploy(serializer=JSONSerializer(),
                                                   deserializer=JSONDeserializer()) as p:
        np.testing.assert_allclose(p.predict(X.tolist()), EXPECTED)


def test_source_dir_with_a_helper_module(session, tmp_path):
    model_data, _ = make_model(tmp_path / "m", W, B)
    code = tmp_path / "code"
    code.mkdir()
    (code / "helpers.py").write_text("OFFSET = 100.0\n")
    (code / "serve.py").write_text(
        "import numpy as np\nimport helpers\n"
        "def model_fn(model_dir):\n    return np.load(model_dir + '/w.npy')\n"
        "def predict_fn(x, w):\n    return x @ w + helpers.OFFSET\n")
    model = Model(model_data, entry_point="serve.py", source_dir=str(code), session=session)
    with model.deploy(serializer=JSONSerializer(), deserializer=JSONDeserializer()) as p:
        np.testing.assert_allclose(p.predict(X.tolist()), X @ W + 100.0)


def test_model_fn_failure_makes_the_endpoint_failed_with_the_log_tail(session, tmp_path):
    script = "def model_fn(model_dir):\n    raise ValueError('weights are corrupt')\n"
    model_data, path = make_model(tmp_path / "m", W, B, script=script)
    model = Model(model_data, entry_point=path, session=session, name="broken-model")
    with pytest.raises(EndpointError, match="weights are corrupt"):
        model.deploy()
    d = session.describe_endpoint("broken-model")
    assert d["EndpointStatus"] == "Failed"
    assert "exited with code 1" in d["FailureReason"]
    assert "ValueError: weights are corrupt" in d["FailureReason"]
    assert len(d["FailureReason"]) <= 1024


def test_transform_fn_with_input_fn_is_a_clear_startup_error(session, tmp_path):
    script = ("def model_fn(d):\n    return 1\n"
              "def input_fn(body, content_type):\n    return body\n"
              "def transform_fn(model, body, content_type, accept):\n    return body\n")
    model_data, path = make_model(tmp_path / "m", W, B, script=script)
    with pytest.raises(EndpointError, match="transform_fn replaces"):
        Model(model_data, entry_point=path, session=session).deploy()


def test_transform_fn_alone_serves(session, tmp_path):
    script = ("def model_fn(d):\n    return 'hello'\n"
              "def transform_fn(model, body, content_type, accept):\n"
              "    return model + ' ' + body.decode(), 'text/plain'\n")
    model_data, path = make_model(tmp_path / "m", W, B, script=script)
    with Model(model_data, entry_point=path, session=session).deploy() as p:
        assert p.predict(b"world") == b"hello world"  # Predictor default: bytes in, bytes out


def test_missing_script_and_unsafe_archive_fail_at_once(session, tmp_path):
    model_data, _ = make_model(tmp_path / "m", W, B)
    with pytest.raises(WorkflowError, match="No inference script 'inference.py'"):
        Model(model_data, session=session).deploy()
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(UnsafeArchiveError, match="escape.txt"):
        Model(str(evil), entry_point=str(tmp_path / "m" / "inference.py"),
              session=session).deploy()
    assert not (tmp_path / "estlab" / "endpoints" / "escape.txt").exists()


def test_endpoint_name_is_validated_and_unique(session, tmp_path):
    model_data, script = make_model(tmp_path / "m", W, B)
    with pytest.raises(WorkflowError, match="Invalid endpoint name"):
        Model(model_data, entry_point=script, session=session).deploy(endpoint_name="bad_name")
    model = Model(model_data, entry_point=script, session=session)
    with model.deploy(endpoint_name="one"):
        with pytest.raises(EndpointError, match="already existing endpoint"):
            model.deploy(endpoint_name="one")


def test_several_instances_are_recorded_with_a_warning(session, tmp_path):
    model_data, script = make_model(tmp_path / "m", W, B)
    model = Model(model_data, entry_point=script, session=session)
    with pytest.warns(UserWarning, match="instance_count=2 is recorded"):
        predictor = model.deploy(initial_instance_count=2)
    with predictor:
        [variant] = predictor.describe_endpoint()["ProductionVariants"]
        assert variant["DesiredInstanceCount"] == variant["CurrentInstanceCount"] == 2


def test_a_killed_server_is_reported_not_waited_on(predictor, session):
    import os
    import signal

    os.kill(server_pid(session, predictor.endpoint_name), signal.SIGKILL)
    with pytest.raises(EndpointError, match="did not answer"):
        predictor.predict(X)
    d = session.describe_endpoint(predictor.endpoint_name)
    assert d["EndpointStatus"] == "Failed"
    assert "stopped unexpectedly" in d["FailureReason"]
    with pytest.raises(EndpointError, match="is Failed, not InService"):
        predictor.predict(X)


def test_custom_attributes_are_checked_like_the_api(predictor):
    with pytest.raises(ValueError, match="at most 1024 ASCII characters"):
        predictor.predict(X, custom_attributes="x" * 1025)


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\n1.0",  # cut short
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",  # a broken chunk
    b"not http at all\r\n\r\n",  # a malformed status line
])
def test_a_broken_answer_is_an_endpoint_error_not_an_http_client_exception(tmp_path, answer):
    import socket
    import threading
    import types

    from estlab.workflow.local.hosting import _Pool, post_invocation

    listener = socket.create_server(("127.0.0.1", 0))

    def serve_once():  # a server that reads the request, answers badly and hangs up
        conn, _ = listener.accept()
        with conn:
            request = b""
            while not request.endswith(b"\r\n\r\n1,2"):  # all of it, or closing resets
                request += conn.recv(65536)
            conn.sendall(answer)

    thread = threading.Thread(target=serve_once, daemon=True)
    thread.start()
    server = types.SimpleNamespace(pool=_Pool(listener.getsockname()[1]),
                                   log_path=tmp_path / "server.log")
    try:
        with pytest.raises(EndpointError, match="broke off its answer") as info:
            post_invocation(server, b"1,2", "text/csv", "text/csv", what="Endpoint 'e'")
        assert info.value.status_code is None
    finally:
        thread.join(5)
        listener.close()
        server.pool.close()
