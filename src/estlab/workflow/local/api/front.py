"""The one HTTP endpoint: SageMaker to estlab, SageMaker Runtime to the endpoints, the rest to moto.

A request is routed by what the AWS wire protocols put on it:

* ``X-Amz-Target: SageMaker.<Operation>`` (SageMaker's JSON 1.1 protocol) goes to estlab's
  :class:`~.plane.ControlPlane`;
* ``POST /endpoints/<name>/invocations`` (SageMaker Runtime's REST protocol) goes to
  :func:`.runtime.invoke`;
* everything else (S3, IAM, STS, CloudWatch Logs...) goes to moto's WSGI application,
  mounted in this process, except IAM's SimulatePrincipalPolicy, which the SDK v3 calls and
  moto lacks (:mod:`.iam`).

Mounting moto's WSGI app, rather than running ``ThreadedMotoServer`` on a second port and
proxying to it, keeps one listener (nothing else to bind, to secure or to wait for), saves a
hop and a copy of every S3 body, and lets an error in either half surface in one log. The cost
is that moto's state (S3 objects, IAM, logs) lives in this process's memory.

The server binds 127.0.0.1 only and answers each request on its own thread (werkzeug's
threaded WSGI server, with moto's request handler, which keeps S3 metadata headers intact).
"""

import io
import json
import re
import threading
import uuid

from estlab.workflow.local.api import iam, runtime
from estlab.workflow.local.api.errors import ApiError, error_body

__all__ = ["Front", "make_server"]

_INVOKE = re.compile(r"^/endpoints/([^/]+)/invocations$")
_JSON = "application/x-amz-json-1.1"


class Front:
    """The WSGI application: routes each request to the control plane, the runtime or moto."""

    def __init__(self, plane, moto_app):
        self.plane, self.moto = plane, moto_app

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        path = environ.get("PATH_INFO", "")
        if target.startswith("SageMaker."):
            status, headers, body = self._sagemaker(target.split(".", 1)[1], _body(environ),
                                                    environ.get("HTTP_AMZ_SDK_INVOCATION_ID"))
        elif environ.get("REQUEST_METHOD") == "POST" and _INVOKE.match(path):
            from urllib.parse import unquote

            name = unquote(_INVOKE.match(path).group(1))
            headers = {"Content-Type": environ.get("CONTENT_TYPE"),
                       "Accept": environ.get("HTTP_ACCEPT"),
                       "X-Amzn-SageMaker-Custom-Attributes":
                           environ.get("HTTP_X_AMZN_SAGEMAKER_CUSTOM_ATTRIBUTES")}
            status, headers, body = runtime.invoke(self.plane, name, _body(environ), headers)
        elif environ.get("REQUEST_METHOD") == "POST" and path == "/" and \
                environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            raw = _body(environ)  # IAM/STS query protocol: one call moto lacks, the rest to moto
            if not iam.is_simulate_principal_policy(raw):
                environ["wsgi.input"] = io.BytesIO(raw)
                return self.moto(environ, start_response)
            status, headers, body = 200, {"Content-Type": "text/xml"}, \
                iam.simulate_principal_policy(raw)
        else:
            return self.moto(environ, start_response)
        headers = {**headers, "x-amzn-RequestId": str(uuid.uuid4()),
                   "Content-Length": str(len(body))}
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", list(headers.items()))
        return [body]

    def _sagemaker(self, operation, raw, invocation=None):
        try:
            try:
                params = json.loads(raw or b"{}")
            except ValueError:
                raise ApiError("SerializationException", "The request body is not valid JSON.")
            answer = self.plane.call(operation, params, invocation)
        except ApiError as err:
            return err.status, {"Content-Type": _JSON}, error_body(err)
        except Exception as err:  # a bug here must reach the client, not hang it
            return 500, {"Content-Type": _JSON}, error_body(ApiError(
                "InternalFailure", f"{type(err).__name__}: {err}", 500))
        return 200, {"Content-Type": _JSON}, json.dumps(answer).encode()


def _body(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return environ["wsgi.input"].read(length) if length else b""


def make_server(plane, port=0):
    """A threaded WSGI server for :class:`Front` on ``127.0.0.1:port`` (0: a free port)."""
    from moto.moto_server.werkzeug_app import (DomainDispatcherApplication, MotoRequestHandler,
                                               create_backend_app)
    from werkzeug.serving import make_server as werkzeug_server

    class QuietHandler(MotoRequestHandler):
        def log_request(self, code="-", size="-"):  # one line per S3 PUT would drown the jobs' logs
            pass

    app = Front(plane, DomainDispatcherApplication(create_backend_app))
    return werkzeug_server("127.0.0.1", port, app, threaded=True, request_handler=QuietHandler)


def serve_in_thread(server):
    """Run ``server.serve_forever`` on a daemon thread; return the thread."""
    thread = threading.Thread(target=server.serve_forever, name="estlab-serve", daemon=True)
    thread.start()
    return thread
