"""The model server: its ASGI app driven directly, and its process life cycle."""

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import pytest

from estlab.workflow.local.handlers import Handlers
from estlab.workflow.local.server import create_app

sys.path.insert(0, str(Path(__file__).parent))
from conftest_serving import make_model, pid_alive  # noqa: E402


def _call(app, method, path, body=b"", headers=None, chunks=None):
    """Drive an ASGI app with one request; return ``(status, headers, body)``."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    pieces = chunks if chunks is not None else [body]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "server": ("127.0.0.1", 8080),
             "client": ("127.0.0.1", 5000),
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()]}
    messages = [{"type": "http.request", "body": p, "more_body": i < len(pieces) - 1}
                for i, p in enumerate(pieces)]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, out


class _Sum:
    def predict(self, X):
        return X.sum(axis=1)


@pytest.fixture
def app():
    return create_app(Handlers(types.SimpleNamespace(model_fn=lambda d: _Sum())), _Sum(),
                      "/tmp/model", "my-endpoint", max_payload_mb=0.001)  # 1,048 bytes


def test_ping_and_invocations(app):
    assert _call(app, "GET", "/ping")[0] == 200
    status, headers, body = _call(app, "POST", "/invocations", b"1,2\n3,4",
                                  {"Content-Type": "text/csv", "Accept": "text/csv"})
    assert (status, headers["content-type"], body) == (200, "text/csv", b"3.0\n7.0\n")
    assert _call(app, "GET", "/invocations")[0] == 405
    assert _call(app, "GET", "/nothing")[0] == 404
    assert _call(app, "GET", "/execution-parameters")[0] == 404  # no execution_parameters_fn


def test_body_limit_counts_streamed_chunks_too(app):
    status, _, body = _call(app, "POST", "/invocations", chunks=[b"1," * 300, b"1," * 300],
                            headers={"Content-Type": "text/csv"})  # no Content-Length
    assert status == 413 and "larger than the endpoint's limit" in json.loads(body)["error-message"]
    status, _, _ = _call(app, "POST", "/invocations", b"1",
                         {"Content-Type": "text/csv", "Content-Length": "5000"})
    assert status == 413


def test_status_code_attribute_of_an_exception_is_kept():
    class ToolkitError(Exception):  # like sagemaker_inference.errors.BaseInferenceToolkitError
        status_code = 422

    def predict_fn(data, model):
        raise ToolkitError("not today")

    app = create_app(Handlers(types.SimpleNamespace(predict_fn=predict_fn)), None, "/tmp", "e")
    status, _, body = _call(app, "POST", "/invocations", b"1", {"Content-Type": "text/csv"})
    assert status == 422 and json.loads(body)["error-message"] == "ToolkitError: not today"


@pytest.mark.parametrize("error", [SystemExit(3), KeyboardInterrupt()])
def test_a_handler_that_exits_gets_a_json_500_like_any_other_failure(error):
    def predict_fn(data, model):
        raise error

    app = create_app(Handlers(types.SimpleNamespace(predict_fn=predict_fn)), None, "/tmp", "e")
    status, headers, body = _call(app, "POST", "/invocations", b"1", {"Content-Type": "text/csv"})
    assert status == 500 and headers["content-type"] == "application/json"
    assert json.loads(body)["error-message"].startswith(type(error).__name__)


def test_runtime_path_wraps_errors_as_model_error(app):
    status, headers, body = _call(app, "POST", "/endpoints/my-endpoint/invocations", b"1,2",
                                  {"Content-Type": "text/csv"})
    assert status == 200 and headers["x-amzn-invoked-production-variant"] == "AllTraffic"
    status, headers, body = _call(app, "POST", "/endpoints/my-endpoint/invocations", b"x",
                                  {"Content-Type": "text/plain"})
    assert status == 424 and headers["x-amzn-errortype"] == "ModelError"
    assert json.loads(body)["OriginalStatusCode"] == 415
    status, headers, _ = _call(app, "POST", "/endpoints/my-endpoint/invocations", b"1," * 600,
                               {"Content-Type": "text/csv"})
    assert status == 400 and headers["x-amzn-errortype"] == "ValidationError"


def _server_args(tmp_path, script):
    model_data, path = make_model(tmp_path / "m", [1.0], 0.0, script=script)
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    return [sys.executable, "-m", "estlab.workflow.local.server", "--model-dir", str(model_dir),
            "--program", path, "--port-file", str(tmp_path / "port.json")]


def test_model_fn_failure_exits_1_with_the_traceback(tmp_path):
    script = "def model_fn(model_dir):\n    raise FileNotFoundError('no weights here')\n"
    result = subprocess.run(_server_args(tmp_path, script), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "FileNotFoundError: no weights here" in result.stderr
    assert not (tmp_path / "port.json").exists()  # it never bound a port


_PARENT = textwrap.dedent('''
    import os, sys
    sys.path.insert(0, {tests!r})
    from conftest_serving import make_model
    from estlab.workflow import LocalSession, Model
    session = LocalSession(root={root!r})
    model_data, script = make_model({root!r} + "/m", [1.0], 0.0)
    Model(model_data, entry_point=script, session=session).deploy(endpoint_name="orphan")
    import json
    print(json.load(open({root!r} + "/endpoints/orphan/server.json"))["pid"], flush=True)
    {ending}
''')


@pytest.mark.parametrize("ending", ["pass", "os._exit(0)"])
def test_no_server_outlives_its_python_process(tmp_path, ending):
    """Normal exit: the atexit finalizer stops it. Hard exit (no atexit): the server sees its
    parent gone and stops itself."""
    code = _PARENT.format(tests=str(Path(__file__).parent), root=str(tmp_path), ending=ending)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.split()[-1])
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = pid_alive(pid)
    if alive:  # do not leave it running even when the test fails
        os.kill(pid, 9)
    assert not alive


def test_execution_parameters_failure_is_a_json_500_like_the_other_routes():
    def execution_parameters_fn():
        raise RuntimeError("no parameters today")

    module = types.SimpleNamespace(execution_parameters_fn=execution_parameters_fn)
    app = create_app(Handlers(module), None, "/tmp", "e")
    status, headers, body = _call(app, "GET", "/execution-parameters")
    assert status == 500 and headers["content-type"] == "application/json"
    error = json.loads(body)
    assert error["error"] == "InternalServerError"
    assert error["error-message"] == "RuntimeError: no parameters today"
    assert "execution_parameters_fn" in error["stack-trace"]
